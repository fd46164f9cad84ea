/* shm_slave SHMID: attaches the master's System V segment and sets its
 * first int to 1. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

/* Accepts an optional sign and decimal digits, nothing else, within int. */
static int parse_int(const char *text, int *value)
{
    const char *digits = (*text == '-' || *text == '+') ? text + 1 : text;
    if (!isdigit((unsigned char)*digits))
        return -1;
    char *end;
    errno = 0;
    long parsed = strtol(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || parsed < INT_MIN || parsed > INT_MAX)
        return -1;
    *value = (int)parsed;
    return 0;
}

int main(int argc, char **argv)
{
    int id;
    if (argc != 2 || parse_int(argv[1], &id) == -1) {
        fprintf(stderr, "usage: shm_slave SHMID (a decimal number)\n");
        return 2;
    }
    int *flag = shmat(id, NULL, 0);
    if (flag == (void *)-1) {
        perror("shmat");
        return 1;
    }
    __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
    if (shmdt(flag) == -1) {
        perror("shmdt");
        return 1;
    }
    return 0;
}

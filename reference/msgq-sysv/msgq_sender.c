/* msgq_sender KEY: sends each stdin line as a type-5 message on the System
 * V queue KEY, up to and including the line "end". */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

enum { MESSAGE_TYPE = 5 };

struct message {
    long mtype;
    char mtext[];
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

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

/* The text goes with its terminating NUL, as most course receivers expect;
 * the contract lets receivers handle either. A line too long for the
 * queue makes msgsnd fail with EINVAL, reported as exit 1. */
static void send_text(int queue, const char *text, size_t len)
{
    struct message *msg = malloc(sizeof *msg + len + 1);
    if (msg == NULL)
        die("malloc");
    msg->mtype = MESSAGE_TYPE;
    memcpy(msg->mtext, text, len);
    msg->mtext[len] = '\0';
    while (msgsnd(queue, msg, len + 1, 0) == -1)
        if (errno != EINTR)
            die("msgsnd");
    free(msg);
}

int main(int argc, char **argv)
{
    int key;
    if (argc != 2 || parse_int(argv[1], &key) == -1) {
        fprintf(stderr, "usage: msgq_sender KEY (a decimal number)\n");
        return 2;
    }
    int queue = msgget((key_t)key, IPC_CREAT | 0666);
    if (queue == -1)
        die("msgget");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        send_text(queue, line, (size_t)len);
        if (strcmp(line, "end") == 0)
            break;
    }
    if (ferror(stdin))
        die("read stdin");
    free(line);
    return 0;
}

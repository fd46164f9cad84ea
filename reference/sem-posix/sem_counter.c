/* sem_counter NAME PROCS ITERS: PROCS children each add 1 to a shared
 * counter ITERS times, every increment guarded by the named semaphore NAME
 * (the program creates and owns it). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *sem_name;
static sem_t *semaphore = SEM_FAILED;

/* Once the semaphore exists it is ours, so every failure removes it. */
static void fail(const char *what)
{
    int saved = errno;
    if (semaphore != SEM_FAILED)
        sem_unlink(sem_name);
    errno = saved;
    perror(what);
    exit(1);
}

static int parse_count(const char *text, long *value)
{
    if (!isdigit((unsigned char)*text))
        return -1;
    char *end;
    errno = 0;
    *value = strtol(text, &end, 10);
    return (*end != '\0' || errno == ERANGE) ? -1 : 0;
}

/* Each increment is a read, add and write: only the semaphore makes it
 * indivisible across the children. */
static void add_to_counter(volatile long *counter, long iters)
{
    for (long i = 0; i < iters; i++) {
        while (sem_wait(semaphore) == -1) {
            if (errno != EINTR) {
                perror("sem_wait");
                _exit(1);
            }
        }
        (*counter)++;
        if (sem_post(semaphore) == -1) {
            perror("sem_post");
            _exit(1);
        }
    }
}

/* Forks the children; on a failed fork the ones already started are still
 * waited for by the caller. Returns how many were started. */
static long start_children(volatile long *counter, long procs, long iters)
{
    fflush(stdout);
    for (long started = 0; started < procs; started++) {
        pid_t pid = fork();
        if (pid == -1) {
            perror("fork");
            return started;
        }
        if (pid == 0) {
            add_to_counter(counter, iters);
            _exit(0);
        }
    }
    return procs;
}

/* Waits for every child; returns how many did not exit with status 0. */
static long wait_children(long started)
{
    long failed = 0;
    for (long i = 0; i < started; i++) {
        int status;
        pid_t pid;
        while ((pid = wait(&status)) == -1 && errno == EINTR)
            ;
        if (pid == -1)
            fail("wait");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed++;
    }
    return failed;
}

int main(int argc, char **argv)
{
    long procs, iters;
    if (argc != 4 || parse_count(argv[2], &procs) == -1 || parse_count(argv[3], &iters) == -1) {
        fprintf(stderr, "usage: sem_counter NAME PROCS ITERS\n");
        return 2;
    }
    sem_name = argv[1];
    volatile long *counter = mmap(NULL, sizeof *counter, PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (counter == MAP_FAILED)
        fail("mmap");
    *counter = 0;
    semaphore = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 1);
    if (semaphore == SEM_FAILED)
        fail("sem_open");
    long started = start_children(counter, procs, iters);
    long failed = wait_children(started);
    if (started < procs || failed > 0) {
        fprintf(stderr, "sem_counter: %ld of %ld children failed\n", procs - started + failed, procs);
        sem_unlink(sem_name);
        return 1;
    }
    printf("counter: %ld\n", *counter);
    fflush(stdout);
    sem_close(semaphore);
    if (sem_unlink(sem_name) == -1) {
        perror("sem_unlink");
        return 1;
    }
    return 0;
}

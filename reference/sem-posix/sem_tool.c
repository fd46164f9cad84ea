/* sem_tool: a test helper of the sem-posix suite, never a student program.
 *
 *   sem_tool remove NAME  removes the semaphore NAME if it exists
 *   sem_tool make NAME    creates the named semaphore NAME (0600, value 1),
 *                         replacing any semaphore of that name
 *   sem_tool take NAME    prints `value V` for the semaphore NAME and removes
 *                         it, or prints `no semaphore NAME`
 *
 * A test makes NAME before sem_counter runs, to check that sem_counter
 * refuses a semaphore it did not create, then takes it back: a sem_counter
 * that opened it anyway has usually removed it too, which `take` shows.
 *
 * Every other test starts with `remove`: without a box, every run on the
 * machine shares the name, and a semaphore that an earlier failed run left
 * behind would make this run's O_EXCL fail. The runner's leak check still
 * reports what this run leaves. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

static int remove_semaphore(const char *name)
{
    if (sem_unlink(name) == -1 && errno != ENOENT)
        die("sem_unlink");
    return 0;
}

static int make_semaphore(const char *name)
{
    remove_semaphore(name);
    sem_t *sem = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
    if (sem == SEM_FAILED)
        die("sem_open");
    sem_close(sem);
    return 0;
}

static int take_semaphore(const char *name)
{
    sem_t *sem = sem_open(name, 0);
    if (sem == SEM_FAILED && errno == ENOENT) {
        printf("no semaphore %s\n", name);
        return 0;
    }
    if (sem == SEM_FAILED)
        die("sem_open");
    int value;
    if (sem_getvalue(sem, &value) == -1)
        die("sem_getvalue");
    printf("value %d\n", value);
    if (fflush(stdout) == EOF)
        die("write stdout");
    sem_close(sem);
    if (sem_unlink(name) == -1)
        die("sem_unlink");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "remove") == 0)
        return remove_semaphore(argv[2]);
    if (argc == 3 && strcmp(argv[1], "make") == 0)
        return make_semaphore(argv[2]);
    if (argc == 3 && strcmp(argv[1], "take") == 0)
        return take_semaphore(argv[2]);
    fprintf(stderr, "usage: sem_tool remove NAME | make NAME | take NAME\n");
    return 2;
}

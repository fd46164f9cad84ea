/* shm_master: creates a System V segment, prints its id and waits until a
 * slave sets the segment's first int to 1 (the master owns the segment). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

enum { SEGMENT_SIZE = 4096, SLAVE_TIMEOUT_MS = 10000 };
enum wait_result { SLAVE_DONE, SLAVE_TIMED_OUT, STOPPED_BY_SIGNAL };

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

/* A runner that stops the master with a signal must not find the segment
 * left behind: the handler only records the signal, and the wait loop
 * removes the segment before dying of that same signal. */
static void install_stop_handlers(void)
{
    struct sigaction sa = { .sa_handler = on_stop };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static long elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000L + (now.tv_nsec - start->tv_nsec) / 1000000L;
}

/* Polls the flag once a millisecond: sleeping in between keeps the CPU time
 * far below the wall time. An interrupted nanosleep just checks sooner. */
static enum wait_result wait_for_slave(const int *flag)
{
    const struct timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) != 1) {
        if (stop_signal)
            return STOPPED_BY_SIGNAL;
        if (elapsed_ms(&start) >= SLAVE_TIMEOUT_MS)
            return SLAVE_TIMED_OUT;
        nanosleep(&tick, NULL);
    }
    return SLAVE_DONE;
}

static int remove_segment(int id, int *flag)
{
    int failed = 0;
    if (shmdt(flag) == -1) {
        perror("shmdt");
        failed = 1;
    }
    if (shmctl(id, IPC_RMID, NULL) == -1) {
        perror("shmctl");
        failed = 1;
    }
    return failed;
}

int main(void)
{
    install_stop_handlers();
    int id = shmget(IPC_PRIVATE, SEGMENT_SIZE, IPC_CREAT | 0600);
    if (id == -1) {
        perror("shmget");
        return 1;
    }
    int *flag = shmat(id, NULL, 0);
    if (flag == (void *)-1) {
        perror("shmat");
        shmctl(id, IPC_RMID, NULL);
        return 1;
    }
    __atomic_store_n(flag, 0, __ATOMIC_RELEASE);
    printf("%d\n", id);
    fflush(stdout);
    enum wait_result result = wait_for_slave(flag);
    if (result == SLAVE_DONE) {
        printf("slave done\n");
        fflush(stdout);
        return remove_segment(id, flag);
    }
    remove_segment(id, flag);
    if (result == STOPPED_BY_SIGNAL) {
        signal(stop_signal, SIG_DFL);
        raise(stop_signal);
    }
    fprintf(stderr, "shm_master: no slave within %d s\n", SLAVE_TIMEOUT_MS / 1000);
    return 1;
}

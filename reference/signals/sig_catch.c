/* sig_catch: counts SIGUSR1, reports on SIGTERM, leaves with 255 on SIGINT. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile sig_atomic_t usr1_count;
static volatile sig_atomic_t exit_signal;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_count++;
}

/* The first of SIGINT and SIGTERM decides how the program ends. */
static void on_exit_signal(int sig)
{
    if (exit_signal == 0)
        exit_signal = sig;
}

/* While one handler runs the other signals are blocked, so the counter is
 * only ever changed by one handler at a time. */
static void install(int sig, void (*handler)(int))
{
    struct sigaction sa = { .sa_handler = handler };
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    if (sigaction(sig, &sa, NULL) == -1) {
        perror("sigaction");
        exit(1);
    }
}

int main(void)
{
    /* The signals stay blocked except inside sigsuspend, which unblocks
     * them and sleeps in one step: a signal arriving between the check of
     * exit_signal and the wait stays pending instead of being missed. */
    sigset_t handled, waiting;
    sigemptyset(&handled);
    sigaddset(&handled, SIGUSR1);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &handled, &waiting) == -1) {
        perror("sigprocmask");
        return 1;
    }
    sigdelset(&waiting, SIGUSR1);
    sigdelset(&waiting, SIGINT);
    sigdelset(&waiting, SIGTERM);
    install(SIGUSR1, on_usr1);
    install(SIGINT, on_exit_signal);
    install(SIGTERM, on_exit_signal);
    printf("ready\n");
    fflush(stdout);
    while (exit_signal == 0)
        sigsuspend(&waiting);
    if (exit_signal == SIGINT) {
        printf("SIGINT signal handler.\nexit.\n");
        fflush(stdout);
        return 255;
    }
    printf("usr1 count: %d\n", (int)usr1_count);
    fflush(stdout);
    return 0;
}

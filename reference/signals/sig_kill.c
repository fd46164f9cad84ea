/* sig_kill: forks a child that waits for signals, kills it with SIGKILL
 * and reports how it ended. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    /* Nothing may sit in the stdio buffer when the child is forked. */
    fflush(stdout);
    pid_t child = fork();
    if (child == -1) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        for (;;)
            pause();
    }
    if (kill(child, SIGKILL) == -1) {
        perror("kill");
        return 1;
    }
    int status;
    while (waitpid(child, &status, 0) == -1) {
        if (errno != EINTR) {
            perror("waitpid");
            return 1;
        }
    }
    if (!WIFSIGNALED(status)) {
        fprintf(stderr, "sig_kill: child exited with status %d instead of dying\n",
                WEXITSTATUS(status));
        return 1;
    }
    printf("child killed by signal %d\n", WTERMSIG(status));
    return 0;
}

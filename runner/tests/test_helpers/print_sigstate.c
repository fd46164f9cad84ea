/* Prints the signals it starts with blocked and those it starts ignoring:
   "blocked: 10 12" and "ignored: 2", each list empty when clean. */
#include <signal.h>
#include <stdio.h>

int main(void) {
  sigset_t blocked;
  sigprocmask(SIG_BLOCK, NULL, &blocked);
  printf("blocked:");
  for (int signo = 1; signo < NSIG; ++signo)
    if (sigismember(&blocked, signo) == 1) printf(" %d", signo);
  printf("\nignored:");
  for (int signo = 1; signo < NSIG; ++signo) {
    struct sigaction action;
    if (sigaction(signo, NULL, &action) == 0 && action.sa_handler == SIG_IGN) printf(" %d", signo);
  }
  printf("\n");
  return 0;
}

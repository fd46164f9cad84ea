/* Blocks SIGUSR1, says "ready" once it has, then waits forever. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, NULL);
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}

/* Says "ready" once SIGUSR1 has a handler, and "caught" for each delivery. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void caught(int signo) {
  (void)signo;
  ssize_t ignored = write(1, "caught\n", 7);
  (void)ignored;
}

int main(void) {
  signal(SIGUSR1, caught);
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}

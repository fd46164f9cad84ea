/* Stops itself with SIGSTOP; if continued, waits forever. */
#include <signal.h>
#include <unistd.h>

int main(void) {
  raise(SIGSTOP);
  for (;;) pause();
}

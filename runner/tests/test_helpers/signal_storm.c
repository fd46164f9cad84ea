/* Takes a storm of signals while making recorded calls: a child sends
   argv[1] SIGUSR1s to the parent with kill() while the parent creates and
   closes argv[2] pipes. Without a killable wait in the kernel, a program
   under user notification livelocks here. Prints "done". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static void on_usr1(int signo) {
  (void)signo;
  ++caught;
}

int main(int argc, char** argv) {
  const long signals = argc > 1 ? atol(argv[1]) : 10000;
  const long pipes = argc > 2 ? atol(argv[2]) : 1000;
  struct sigaction action = {0};
  action.sa_handler = on_usr1;
  sigaction(SIGUSR1, &action, NULL);
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    for (long i = 0; i < signals; ++i) kill(parent, SIGUSR1);
    _exit(0);
  }
  for (long i = 0; i < pipes; ++i) {
    int ends[2];
    while (pipe(ends) != 0) {
    }
    close(ends[0]);
    close(ends[1]);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
  }
  puts("done");
  return 0;
}

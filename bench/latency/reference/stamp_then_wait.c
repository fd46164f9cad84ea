// Prints "go <ns>" (CLOCK_MONOTONIC) and flushes, then waits for SIGUSR1 and
// appends "signal <arrival-ns>" to the file argv[1], after "go <ns>".
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t arrived;
static struct timespec arrival;

static void on_usr1(int sig) {
  (void)sig;
  clock_gettime(CLOCK_MONOTONIC, &arrival);
  arrived = 1;
}

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  FILE *log = fopen(argv[1], "a");
  if (!log) return 1;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  fprintf(log, "go %lld\n", ns(now));
  fflush(log);
  printf("go %lld\n", ns(now));
  fflush(stdout);
  while (!arrived) sigsuspend(&old);
  fprintf(log, "signal %lld\n", ns(arrival));
  fclose(log);
  return 0;
}

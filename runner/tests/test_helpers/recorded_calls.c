/* Makes argv[1] calls of kill(getpid(), 0), a call the recording filter
   hands to the runner, and prints the mean time per call in nanoseconds:
   "ns per call: N". For the mechanism-evidence benchmark. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const long calls = argc > 1 ? atol(argv[1]) : 10000;
  const pid_t self = getpid();
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long i = 0; i < calls; ++i) kill(self, 0);
  clock_gettime(CLOCK_MONOTONIC, &end);
  const double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
  printf("ns per call: %.0f\n", ns / (double)calls);
  return 0;
}

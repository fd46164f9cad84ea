/* Makes argv[1] calls and prints the mean time per call in nanoseconds:
   "ns per call: N". argv[2] names the call: "kill" (the default),
   kill(getpid(), 0), which the recording filter hands to the runner, or
   "getppid", which no filter of the runner looks at. For the
   mechanism-evidence benchmark. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const long calls = argc > 1 ? atol(argv[1]) : 10000;
  const int untraced = argc > 2 && strcmp(argv[2], "getppid") == 0;
  const pid_t self = getpid();
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  if (untraced) {
    for (long i = 0; i < calls; ++i) getppid();
  } else {
    for (long i = 0; i < calls; ++i) kill(self, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  const double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
  printf("ns per call: %.0f\n", ns / (double)calls);
  return 0;
}

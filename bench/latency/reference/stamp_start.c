// Appends "start <ns>" (CLOCK_MONOTONIC, first thing in main) to argv[1].
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (argc < 2) return 2;
  FILE *f = fopen(argv[1], "a");
  if (!f) return 1;
  fprintf(f, "start %lld\n", now.tv_sec * 1000000000LL + now.tv_nsec);
  fclose(f);
  return 0;
}

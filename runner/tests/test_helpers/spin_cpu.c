/* Burns about 200 ms of CPU time, then exits 0. */
#include <time.h>

int main(void) {
  struct timespec now;
  do {
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  } while (now.tv_sec == 0 && now.tv_nsec < 200000000L);
  return 0;
}

/* The machine's floor for a start on a condition: a child forked ahead of
   time waits on a pipe, as the runner parks a prepared process; the parent
   writes the pipe and the child execs a program (this one, with "stamp")
   that prints CLOCK_MONOTONIC first thing in main(). Prints the median and
   90th percentile from the write to that main() over N runs. No runner, no
   set-up, an idle parent: what is left is the kernel's exec and, for a
   dynamic program, the loader. Usage: exec_floor [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int by_value(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "stamp") == 0) {
    printf("%lld\n", now_ns());
    return 0;
  }
  const int runs = argc > 1 ? atoi(argv[1]) : 200;
  if (runs <= 0) return 2;
  double* ms = calloc((size_t)runs, sizeof *ms);
  for (int i = 0; i < runs; ++i) {
    int gate[2], out[2];
    if (pipe(gate) != 0 || pipe(out) != 0) return 1;
    const pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      char byte;
      close(gate[1]);
      close(out[0]);
      if (write(out[1], "p", 1) != 1) _exit(1);  // parked
      if (read(gate[0], &byte, 1) != 1) _exit(1);
      dup2(out[1], 1);
      execl("/proc/self/exe", argv[0], "stamp", (char*)NULL);
      _exit(127);
    }
    close(gate[0]);
    close(out[1]);
    char parked;
    if (read(out[0], &parked, 1) != 1) return 1;
    const long long released = now_ns();
    if (write(gate[1], "g", 1) != 1) return 1;
    char text[64] = {0};
    const ssize_t got = read(out[0], text, sizeof text - 1);
    waitpid(pid, NULL, 0);
    close(gate[1]);
    close(out[0]);
    if (got <= 0) return 1;
    ms[i] = (atoll(text) - released) / 1e6;
  }
  qsort(ms, (size_t)runs, sizeof *ms, by_value);
  printf("%-28s median %.3f ms, p90 %.3f ms (%d runs)\n", "floor (exec when released):",
         ms[runs / 2], ms[runs * 9 / 10], runs);
  free(ms);
  return 0;
}

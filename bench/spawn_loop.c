// The baseline for bench/run.sh: N times, fork, exec a program with
// arguments, read its stdout through a pipe, wait for it and compare the
// output with what is expected, as plainly as C allows.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: spawn_loop N PROGRAM [ARGS...]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  int mismatches = 0;
  for (int i = 0; i < n; i++) {
    int fds[2];
    if (pipe(fds) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execv(argv[2], argv + 2);
      _exit(127);
    }
    close(fds[1]);
    char buf[4096];
    size_t len = 0;
    ssize_t r;
    while ((r = read(fds[0], buf + len, sizeof buf - len)) > 0) len += (size_t)r;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (len != 12 || memcmp(buf, "hello world\n", 12) != 0 || status != 0) mismatches++;
  }
  printf("%d runs, %d mismatches\n", n, mismatches);
  return mismatches != 0;
}

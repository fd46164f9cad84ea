/* Forks a child that leaves the process group with setsid() and keeps
   stdout open forever. The parent prints the child's pid, once the child
   has left, and exits 0. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  int ready[2];
  if (pipe(ready) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(ready[0]);
    if (setsid() < 0) return 1;
    if (write(ready[1], "x", 1) != 1) return 1;
    close(ready[1]);
    for (;;) pause();
  }
  close(ready[1]);
  char byte;
  if (read(ready[0], &byte, 1) != 1) return 1;
  printf("%d\n", (int)child);
  return 0;
}

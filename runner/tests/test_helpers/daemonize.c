/* A classic daemon: forks, the child calls setsid() and forks again, the
   grandchild closes its standard streams and waits forever. Prints the
   grandchild's pid once it runs, reaps the child and exits 0. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int ready[2];
  if (pipe(ready) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    if (setsid() < 0) _exit(1);
    pid_t daemon = fork();
    if (daemon < 0) _exit(1);
    if (daemon > 0) _exit(0);
    close(ready[0]);
    close(0);
    close(1);
    close(2);
    pid_t self = getpid();
    if (write(ready[1], &self, sizeof self) != sizeof self) _exit(1);
    close(ready[1]);
    for (;;) pause();
  }
  close(ready[1]);
  pid_t daemon = 0;
  if (read(ready[0], &daemon, sizeof daemon) != sizeof daemon) return 1;
  waitpid(child, NULL, 0);
  printf("%d\n", (int)daemon);
  return 0;
}

/* Forks up to 200 children that wait, counts how many forks succeeded,
   then ends them all and prints "N forks of 200": a bounded count shows
   that the test's processes limit holds (runner/tests/userns_isolation.sh). */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t children[200];
  int forked = 0;
  while (forked < 200) {
    const pid_t pid = fork();
    if (pid < 0) break;
    if (pid == 0) {
      pause();
      _exit(0);
    }
    children[forked++] = pid;
  }
  for (int i = 0; i < forked; ++i) kill(children[i], SIGKILL);
  for (int i = 0; i < forked; ++i) waitpid(children[i], NULL, 0);
  printf("%d forks of 200\n", forked);
  return 0;
}

/* Forks a child that exits at once and exits 0 itself without reaping it,
   once the child is surely dead: the group then holds only a zombie. */
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) _exit(0);
  siginfo_t info;
  if (waitid(P_PID, child, &info, WEXITED | WNOWAIT) != 0) return 1;
  return 0;
}

/* Forks a child that keeps stdout open and sleeps; the parent exits 0.
   The child stays in the parent's process group. */
#include <unistd.h>

int main(void) {
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    for (;;) pause();
  }
  return 0;
}

/* Prints the working directory it was started in. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char path[4096];
  if (getcwd(path, sizeof path) == NULL) return 1;
  printf("%s\n", path);
  return 0;
}

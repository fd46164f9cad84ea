/* Creates file PATH (which must not exist) first thing, then prints
 * "created" and exits 0; exits 1 when it cannot. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return 1;
  close(fd);
  puts("created");
  return 0;
}

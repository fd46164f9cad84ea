/* Prints the first line of file PATH, or "cannot read: REASON" and exits 1. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  FILE* in = fopen(argv[1], "r");
  char line[256];
  if (!in || !fgets(line, sizeof line, in)) {
    printf("cannot read: %s\n", strerror(errno));
    return 1;
  }
  fputs(line, stdout);
  return 0;
}

/* Prints each argument, argv[0] included, on its own line in brackets so
   that empty and space-holding arguments are visible. */
#include <stdio.h>

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) printf("[%s]\n", argv[i]);
  return 0;
}

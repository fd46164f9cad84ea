/* Prints the whole environment, one entry a line. */
#include <stdio.h>

extern char** environ;

int main(void) {
  for (char** entry = environ; *entry != NULL; ++entry) printf("%s\n", *entry);
  return 0;
}

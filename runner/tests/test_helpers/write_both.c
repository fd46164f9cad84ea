/* Writes "to stdout" to stdout and "to stderr" to stderr. */
#include <stdio.h>

int main(void) {
  fputs("to stdout\n", stdout);
  fputs("to stderr\n", stderr);
  return 0;
}

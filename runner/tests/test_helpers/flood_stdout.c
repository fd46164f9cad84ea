/* Writes to stdout without end. */
#include <string.h>
#include <unistd.h>

int main(void) {
  char buffer[65536];
  memset(buffer, 'y', sizeof buffer);
  for (;;) {
    if (write(1, buffer, sizeof buffer) < 0) return 1;
  }
}

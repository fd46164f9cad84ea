/* Waits for signals forever; any default-fatal signal ends it. */
#include <unistd.h>

int main(void) {
  for (;;) pause();
}

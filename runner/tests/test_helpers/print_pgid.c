/* Prints whether it leads its own process group: "leader" or "member". */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("%s\n", getpgrp() == getpid() ? "leader" : "member");
  return 0;
}

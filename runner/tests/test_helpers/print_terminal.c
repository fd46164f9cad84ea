/* Describes its terminal: which of stdin, stdout and stderr are one, whether
 * it leads the session and the foreground group of that terminal, and the
 * terminal's echo, output processing and line mode. */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
  struct termios mode;
  printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
  if (tcgetattr(0, &mode) != 0) return 0;
  printf("session leader %d foreground %d\n", getsid(0) == getpid(), tcgetpgrp(0) == getpgrp());
  printf("echo %d opost %d icanon %d\n", (mode.c_lflag & ECHO) != 0, (mode.c_oflag & OPOST) != 0,
         (mode.c_lflag & ICANON) != 0);
  return 0;
}

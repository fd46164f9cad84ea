/* fifo_burst PATH: a test helper of the fifo suite, never a student program.
 * Reads all of stdin (at most PIPE_BUF bytes), opens the FIFO at PATH for
 * writing and writes everything in one write(2).
 *
 * A write of at most PIPE_BUF bytes to a pipe is atomic, so a reader gets
 * all of it in one read(2) whatever the machine's load. A test can thus
 * hand a reader several lines at once, or a final line without a newline,
 * every time, where a writer writing line by line would only sometimes
 * have its lines merged. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fifo_burst PATH\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    char data[PIPE_BUF + 1];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, data + len, sizeof data - len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read stdin");
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > PIPE_BUF) {
            fprintf(stderr, "fifo_burst: more than %d bytes of input\n", PIPE_BUF);
            return 2;
        }
    }
    int fd;
    do
        fd = open(argv[1], O_WRONLY);
    while (fd == -1 && errno == EINTR);
    if (fd == -1)
        die(argv[1]);
    ssize_t n;
    do
        n = write(fd, data, len);
    while (n == -1 && errno == EINTR);
    if (n == -1)
        die("write");
    if ((size_t)n != len) {
        fprintf(stderr, "fifo_burst: short write of %zd of %zu bytes\n", n, len);
        return 1;
    }
    if (close(fd) == -1)
        die("close");
    return 0;
}

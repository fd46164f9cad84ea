/* fifo_feed PATH: a test helper of the select-mux suite, never a student
 * program. Opens the FIFO at PATH for writing at once (the contract's
 * writers open their FIFO at start), then copies stdin into it: each piece
 * that one read(2) of stdin returns goes out in one write(2) as soon as it
 * arrives, and end of input closes the FIFO.
 *
 * A test's stdin script thus decides exactly when each line reaches mux and
 * which lines arrive together: a script's write of at most PIPE_BUF bytes
 * reaches mux in one piece, so several lines written at once arrive in one
 * read of the FIFO every time. A reader that went away before the input
 * ended is exit 1 with a message. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1 && errno == EPIPE) {
            fprintf(stderr, "fifo_feed: the reader closed the FIFO before its input ended\n");
            exit(1);
        }
        if (n == -1)
            die("write");
        data += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fifo_feed PATH\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int fd;
    do
        fd = open(argv[1], O_WRONLY);
    while (fd == -1 && errno == EINTR);
    if (fd == -1)
        die(argv[1]);
    char chunk[65536];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read stdin");
        if (n == 0)
            break;
        write_all(fd, chunk, (size_t)n);
    }
    if (close(fd) == -1)
        die("close");
    return 0;
}

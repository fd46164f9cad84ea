/* fifo_writer PATH: the writing side of the fifo assignment (named pipe). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            die("write");
        }
        data += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fifo_writer PATH\n");
        return 2;
    }
    /* A reader that vanished should give an error message and exit 1, not
     * a silent death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    int fd;
    do
        fd = open(argv[1], O_WRONLY);
    while (fd == -1 && errno == EINTR);
    if (fd == -1)
        die(argv[1]);
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat");
    if (!S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "fifo_writer: %s is not a FIFO\n", argv[1]);
        return 1;
    }
    /* One write per line: a line of at most PIPE_BUF bytes then reaches the
     * reader whole, never mixed with other writers' lines. The input is
     * copied as it is, so a final line without a newline stays without. */
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1)
        write_all(fd, line, (size_t)len);
    if (ferror(stdin))
        die("read stdin");
    if (close(fd) == -1)
        die("close");
    free(line);
    return 0;
}

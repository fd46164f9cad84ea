/* fifo_reader PATH: the reading side of the fifo assignment (named pipe). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writers started together still open the FIFO one after another. When one
 * has finished before the next has opened, the reader sees end of file in
 * between; waiting this long for another writer keeps the late writers'
 * lines instead of removing the FIFO under them. */
enum { LATE_WRITER_GRACE_MS = 200 };

struct line_buffer {
    char *data;
    size_t len;
    size_t cap;
};

static const char *fifo_path;
static unsigned long lines_printed;

/* The reader owns the FIFO, so it removes it on the way out even when a
 * system call failed. */
static void fail(const char *what)
{
    int saved = errno;
    unlink(fifo_path);
    errno = saved;
    perror(what);
    exit(1);
}

static void print_line(const char *line, size_t len)
{
    fputs("recv: ", stdout);
    fwrite(line, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
    lines_printed++;
}

/* Appends a chunk and prints every line it completes; a partial line
 * stays buffered until its newline or end of file arrives. */
static void take_chunk(struct line_buffer *buf, const char *chunk, size_t n)
{
    if (buf->len + n > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 8192;
        while (cap < buf->len + n)
            cap *= 2;
        char *grown = realloc(buf->data, cap);
        if (grown == NULL)
            fail("realloc");
        buf->data = grown;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, chunk, n);
    buf->len += n;
    size_t start = 0;
    char *nl;
    while ((nl = memchr(buf->data + start, '\n', buf->len - start)) != NULL) {
        print_line(buf->data + start, (size_t)(nl - (buf->data + start)));
        start = (size_t)(nl - buf->data) + 1;
    }
    memmove(buf->data, buf->data + start, buf->len - start);
    buf->len -= start;
}

static void make_fifo(void)
{
    if (mkfifo(fifo_path, 0600) == 0)
        return;
    if (errno != EEXIST) {
        perror("mkfifo");
        exit(1);
    }
    struct stat st;
    if (stat(fifo_path, &st) == -1) {
        perror("stat");
        exit(1);
    }
    if (!S_ISFIFO(st.st_mode)) {
        /* Not ours to remove: it was there before and is no FIFO. */
        fprintf(stderr, "fifo_reader: %s exists and is not a FIFO\n", fifo_path);
        exit(1);
    }
}

static int open_fifo(int flags)
{
    int fd;
    do
        fd = open(fifo_path, flags);
    while (fd == -1 && errno == EINTR);
    if (fd == -1)
        fail("open");
    return fd;
}

/* Called at end of file: waits up to the grace period for another writer.
 * A fresh non-blocking descriptor is opened before the old one is closed,
 * so data a writer left in between is kept, and Linux reports POLLHUP on it
 * only after a new writer has come and gone. Returns the descriptor to go
 * on reading, or -1 when no writer came. */
static int wait_for_late_writer(int old_fd)
{
    int fd = open_fifo(O_RDONLY | O_NONBLOCK);
    close(old_fd);
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int ready;
    do
        ready = poll(&pfd, 1, LATE_WRITER_GRACE_MS);
    while (ready == -1 && errno == EINTR);
    if (ready == -1)
        fail("poll");
    if (ready == 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A non-blocking descriptor with a writer but no data yet: block in poll. */
static void wait_readable(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    while (poll(&pfd, 1, -1) == -1)
        if (errno != EINTR)
            fail("poll");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fifo_reader PATH\n");
        return 2;
    }
    fifo_path = argv[1];
    make_fifo();
    /* Blocks until the first writer opens the FIFO. */
    int fd = open_fifo(O_RDONLY);
    struct line_buffer buf = { 0 };
    char chunk[65536];
    while (fd != -1) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0)
            take_chunk(&buf, chunk, (size_t)n);
        else if (n == 0)
            fd = wait_for_late_writer(fd);
        else if (errno == EAGAIN)
            wait_readable(fd);
        else if (errno != EINTR)
            fail("read");
    }
    if (buf.len > 0)
        print_line(buf.data, buf.len);
    printf("done: %lu lines\n", lines_printed);
    fflush(stdout);
    if (unlink(fifo_path) == -1) {
        perror("unlink");
        return 1;
    }
    free(buf.data);
    return 0;
}

/* mux FIFO...: prints every line from several FIFOs as "<i>: <line>" in the
 * order the lines arrive, waiting on all of them at once with poll. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct source {
    char *data; /* a partial line, kept until its newline arrives */
    size_t len;
    size_t cap;
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void print_line(int index, const char *line, size_t len)
{
    printf("%d: ", index);
    fwrite(line, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
}

static void append(struct source *src, const char *chunk, size_t n)
{
    if (src->len + n > src->cap) {
        size_t cap = src->cap ? src->cap : 8192;
        while (cap < src->len + n)
            cap *= 2;
        src->data = realloc(src->data, cap);
        if (src->data == NULL)
            die("realloc");
        src->cap = cap;
    }
    memcpy(src->data + src->len, chunk, n);
    src->len += n;
}

/* Prints every complete line of the source; the partial rest stays. */
static void print_lines(int index, struct source *src)
{
    size_t start = 0;
    char *nl;
    while ((nl = memchr(src->data + start, '\n', src->len - start)) != NULL) {
        print_line(index, src->data + start, (size_t)(nl - (src->data + start)));
        start = (size_t)(nl - src->data) + 1;
    }
    memmove(src->data, src->data + start, src->len - start);
    src->len -= start;
}

/* Reads what one ready FIFO holds. Returns 0 at its end of file, after
 * printing a last line that had no newline. */
static int drain(int fd, int index, struct source *src)
{
    char chunk[65536];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) {
        append(src, chunk, (size_t)n);
        print_lines(index, src);
        return 1;
    }
    if (n == -1 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (n == -1)
        die("read");
    if (src->len > 0)
        print_line(index, src->data, src->len);
    return 0;
}

/* O_NONBLOCK lets every FIFO be opened at once, whatever order the writers
 * open theirs in. Linux reports POLLHUP on such a descriptor only after a
 * writer has come and gone, so a FIFO whose writer has not opened yet
 * just waits in poll instead of looking finished. */
static void open_all(int count, char **paths, struct pollfd *fds)
{
    for (int i = 0; i < count; i++) {
        do
            fds[i].fd = open(paths[i], O_RDONLY | O_NONBLOCK);
        while (fds[i].fd == -1 && errno == EINTR);
        if (fds[i].fd == -1)
            die(paths[i]);
        fds[i].events = POLLIN;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: mux FIFO...\n");
        return 2;
    }
    int count = argc - 1;
    struct pollfd *fds = calloc((size_t)count, sizeof *fds);
    struct source *sources = calloc((size_t)count, sizeof *sources);
    if (fds == NULL || sources == NULL)
        die("calloc");
    open_all(count, argv + 1, fds);
    /* A finished FIFO's slot gets a negative fd, which poll skips. */
    for (int open_count = count; open_count > 0;) {
        if (poll(fds, (nfds_t)count, -1) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        for (int i = 0; i < count; i++) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            if (!drain(fds[i].fd, i + 1, &sources[i])) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_count--;
            }
        }
    }
    for (int i = 0; i < count; i++)
        free(sources[i].data);
    free(sources);
    free(fds);
    return 0;
}

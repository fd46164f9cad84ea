/* uds_client PATH: sends each stdin line to the Unix-domain server at PATH
 * and prints its reply line before sending the next. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct line_buffer {
    char *data;
    size_t len;
    size_t cap;
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* The server closing the connection (after "quit", say) is a normal end. */
static void server_closed(void)
{
    exit(0);
}

static int connect_to(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "uds_client: PATH is longer than %zu bytes\n", sizeof addr.sun_path - 1);
        exit(2);
    }
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("connect");
    return fd;
}

static void send_line(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n >= 0) {
            data += n;
            len -= (size_t)n;
        } else if (errno == EPIPE || errno == ECONNRESET) {
            server_closed();
        } else if (errno != EINTR) {
            die("write");
        }
    }
}

/* Reads until the buffer starts with a whole line, however the reply is
 * split into pieces; returns that line's length without its newline, or
 * the length of what is left when the server closes. */
static size_t read_reply(int fd, struct line_buffer *buf, int *closed)
{
    char *nl;
    while ((nl = memchr(buf->data, '\n', buf->len)) == NULL) {
        if (buf->len == buf->cap) {
            buf->cap = buf->cap ? buf->cap * 2 : 8192;
            buf->data = realloc(buf->data, buf->cap);
            if (buf->data == NULL)
                die("realloc");
        }
        ssize_t n = read(fd, buf->data + buf->len, buf->cap - buf->len);
        if (n > 0) {
            buf->len += (size_t)n;
        } else if (n == 0 || errno == ECONNRESET) {
            *closed = 1;
            return buf->len;
        } else if (errno != EINTR) {
            die("read");
        }
    }
    return (size_t)(nl - buf->data);
}

static void print_reply(const char *line, size_t len)
{
    fwrite(line, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: uds_client PATH\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int fd = connect_to(argv[1]);
    struct line_buffer reply = { 0 };
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        /* The server answers whole lines only, so a last line without a
         * newline gets one. getline leaves room for it. */
        if (line[len - 1] != '\n')
            line[len++] = '\n';
        send_line(fd, line, (size_t)len);
        int closed = 0;
        size_t reply_len = read_reply(fd, &reply, &closed);
        if (closed) {
            if (reply_len > 0)
                print_reply(reply.data, reply_len);
            server_closed();
        }
        print_reply(reply.data, reply_len);
        reply.len -= reply_len + 1;
        memmove(reply.data, reply.data + reply_len + 1, reply.len);
    }
    if (ferror(stdin))
        die("read stdin");
    free(line);
    free(reply.data);
    close(fd);
    return 0;
}

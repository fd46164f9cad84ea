/* uds_server PATH: a Unix-domain stream echo server that serves clients one
 * after another until a client sends "quit" (the server owns PATH). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

enum client_end { CLIENT_OPEN, CLIENT_GONE, CLIENT_QUIT };

struct line_buffer {
    char *data;
    size_t len;
    size_t cap;
};

static const char *socket_path;
static int bound;

/* Once bound, PATH is ours, so every failure removes it. */
static void fail(const char *what)
{
    int saved = errno;
    if (bound)
        unlink(socket_path);
    errno = saved;
    perror(what);
    exit(1);
}

/* Only a socket counts as stale: anything else at PATH is left alone and
 * makes bind fail. */
static void remove_stale_socket(void)
{
    struct stat st;
    if (lstat(socket_path, &st) == 0 && S_ISSOCK(st.st_mode) && unlink(socket_path) == -1)
        fail("unlink");
}

static int listen_at(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(socket_path) >= sizeof addr.sun_path) {
        fprintf(stderr, "uds_server: PATH is longer than %zu bytes\n", sizeof addr.sun_path - 1);
        exit(2);
    }
    strcpy(addr.sun_path, socket_path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1)
        fail("socket");
    remove_stale_socket();
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        fail("bind");
    bound = 1;
    if (listen(fd, 8) == -1)
        fail("listen");
    return fd;
}

/* Answers one line. A client that went away while we answer ends its
 * connection only, not the server. */
static enum client_end answer(int fd, const char *line, size_t len)
{
    size_t total = len + 7;
    char *reply = malloc(total);
    if (reply == NULL)
        fail("malloc");
    memcpy(reply, "echo: ", 6);
    memcpy(reply + 6, line, len);
    reply[total - 1] = '\n';
    enum client_end end = CLIENT_OPEN;
    for (size_t done = 0; done < total && end == CLIENT_OPEN;) {
        ssize_t n = write(fd, reply + done, total - done);
        if (n >= 0)
            done += (size_t)n;
        else if (errno == EPIPE || errno == ECONNRESET)
            end = CLIENT_GONE;
        else if (errno != EINTR)
            fail("write");
    }
    free(reply);
    /* "quit" ends the server even when its answer found the client gone. */
    if (len == 4 && memcmp(line, "quit", 4) == 0)
        end = CLIENT_QUIT;
    return end;
}

static void append(struct line_buffer *buf, const char *chunk, size_t n)
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
}

/* Answers every complete line in the buffer and keeps the partial rest. */
static enum client_end answer_lines(int fd, struct line_buffer *buf)
{
    enum client_end end = CLIENT_OPEN;
    size_t start = 0;
    char *nl;
    while (end == CLIENT_OPEN && (nl = memchr(buf->data + start, '\n', buf->len - start)) != NULL) {
        end = answer(fd, buf->data + start, (size_t)(nl - (buf->data + start)));
        start = (size_t)(nl - buf->data) + 1;
    }
    memmove(buf->data, buf->data + start, buf->len - start);
    buf->len -= start;
    return end;
}

/* Serves one client until it closes or sends "quit"; lines may arrive in
 * any number of pieces, and a final line without a newline still counts. */
static enum client_end serve(int fd)
{
    struct line_buffer buf = { 0 };
    enum client_end end = CLIENT_OPEN;
    char chunk[4096];
    while (end == CLIENT_OPEN) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            append(&buf, chunk, (size_t)n);
            end = answer_lines(fd, &buf);
        } else if (n == 0) {
            end = buf.len > 0 ? answer(fd, buf.data, buf.len) : CLIENT_GONE;
            if (end == CLIENT_OPEN)
                end = CLIENT_GONE;
        } else if (errno == ECONNRESET) {
            end = CLIENT_GONE;
        } else if (errno != EINTR) {
            fail("read");
        }
    }
    free(buf.data);
    return end;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: uds_server PATH\n");
        return 2;
    }
    socket_path = argv[1];
    /* A client that leaves early must not kill the server with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    int listener = listen_at();
    printf("listening\n");
    fflush(stdout);
    enum client_end end = CLIENT_GONE;
    while (end != CLIENT_QUIT) {
        int conn = accept(listener, NULL, NULL);
        if (conn == -1) {
            if (errno != EINTR && errno != ECONNABORTED)
                fail("accept");
            continue;
        }
        end = serve(conn);
        close(conn);
    }
    close(listener);
    if (unlink(socket_path) == -1) {
        perror("unlink");
        return 1;
    }
    return 0;
}

/* tcp_server PORT: accepts one client on 127.0.0.1:PORT, reads one line,
 * prints it and answers "Hello from server". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long the server waits for the client to close after the reply. */
enum { LINGER_MS = 500 };

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static int parse_port(const char *text)
{
    char *end;
    if (!isdigit((unsigned char)*text))
        return -1;
    long port = strtol(text, &end, 10);
    return (*end != '\0' || port < 1 || port > 65535) ? -1 : (int)port;
}

/* SO_REUSEADDR lets the next server bind the port at once although this
 * connection's end may still sit in TIME_WAIT. */
static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1)
        die("setsockopt");
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    if (listen(fd, 8) == -1)
        die("listen");
    return fd;
}

/* Reads until the first newline, however the line is split into segments;
 * the line is returned without its newline. End of file ends the line too,
 * but end of file before any byte is an error. */
static char *read_line(int fd, size_t *len)
{
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL)
            die("malloc");
        char *nl = memchr(buf, '\n', used);
        if (nl != NULL) {
            *len = (size_t)(nl - buf);
            return buf;
        }
        if (used == cap)
            buf = realloc(buf, cap *= 2);
        if (buf == NULL)
            die("realloc");
        ssize_t n = read(fd, buf + used, cap - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read");
        if (n == 0 && used == 0) {
            fprintf(stderr, "tcp_server: the client closed without sending a line\n");
            exit(1);
        }
        if (n == 0) {
            *len = used;
            return buf;
        }
        used += (size_t)n;
    }
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("write");
        data += n;
        len -= (size_t)n;
    }
}

/* Closing a socket with unread input makes the kernel send a reset, which
 * can destroy the reply before the client reads it. So the server sends
 * its end of file first and reads whatever the client still sends until
 * the client closes, for a bounded time. */
static void finish(int fd)
{
    if (shutdown(fd, SHUT_WR) == -1)
        die("shutdown");
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    char discard[4096];
    while (poll(&pfd, 1, LINGER_MS) > 0 && read(fd, discard, sizeof discard) > 0)
        ;
    close(fd);
}

int main(int argc, char **argv)
{
    int port = argc == 2 ? parse_port(argv[1]) : -1;
    if (port == -1) {
        fprintf(stderr, "usage: tcp_server PORT (1 to 65535)\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int listener = listen_on(port);
    int conn;
    while ((conn = accept(listener, NULL, NULL)) == -1)
        if (errno != EINTR)
            die("accept");
    close(listener);
    size_t len;
    char *line = read_line(conn, &len);
    fputs("server got: ", stdout);
    fwrite(line, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
    free(line);
    static const char reply[] = "Hello from server\n";
    write_all(conn, reply, sizeof reply - 1);
    finish(conn);
    return 0;
}

/* tcp_client PORT MESSAGE: sends MESSAGE and a newline to 127.0.0.1:PORT
 * and prints the server's reply line. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("connect");
    return fd;
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

/* Reads until the first newline, however the reply is split into
 * segments; the line is returned without its newline. End of file ends the
 * line too, but end of file before any byte is an error. */
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
            fprintf(stderr, "tcp_client: the server closed without replying\n");
            exit(1);
        }
        if (n == 0) {
            *len = used;
            return buf;
        }
        used += (size_t)n;
    }
}

int main(int argc, char **argv)
{
    int port = argc == 3 ? parse_port(argv[1]) : -1;
    if (port == -1) {
        fprintf(stderr, "usage: tcp_client PORT MESSAGE\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int fd = connect_to(port);
    /* The message and its newline leave in one write. */
    size_t len = strlen(argv[2]);
    char *request = malloc(len + 1);
    if (request == NULL)
        die("malloc");
    memcpy(request, argv[2], len);
    request[len] = '\n';
    write_all(fd, request, len + 1);
    free(request);
    size_t reply_len;
    char *reply = read_line(fd, &reply_len);
    fputs("client got: ", stdout);
    fwrite(reply, 1, reply_len, stdout);
    putchar('\n');
    fflush(stdout);
    free(reply);
    close(fd);
    return 0;
}

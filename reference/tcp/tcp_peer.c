/* tcp_peer: a test helper of the tcp suite, never a student program.
 *
 *   tcp_peer client PORT PIECE...  connects to 127.0.0.1:PORT, sends the
 *       pieces, then reads until the server closes and prints
 *       `received: "<bytes>"` and `end: eof` (or `end: reset`).
 *   tcp_peer server PORT PIECE...  listens on 127.0.0.1:PORT (with
 *       SO_REUSEADDR), accepts one client, reads up to its first newline,
 *       prints `got: "<bytes>"`, answers with the pieces, then closes once
 *       the client has closed.
 *
 * Each piece after the first is sent only once the peer has read every
 * byte sent before it: the helper waits until its own bytes are
 * acknowledged (they are in the peer's receive queue) and then until that
 * queue, as /proc/net/tcp shows it, is empty. So a program that takes one
 * read() for a whole line gets only the first piece, on any machine and
 * under any load, where pausing between pieces would only sometimes split
 * the line.
 *
 * A PIECE "@N" stands for N bytes of "abcdefghij" repeated. Received bytes
 * are printed with C escapes (\n, \t, \\, \", \xNN). The client never
 * half-closes: a server must answer after one line, not at end of file. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct bytes {
    char *data;
    size_t len;
};

_Noreturn static void die(const char *what)
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

static struct bytes piece(const char *arg)
{
    struct bytes b = { 0 };
    if (arg[0] == '@' && isdigit((unsigned char)arg[1])) {
        b.len = strtoul(arg + 1, NULL, 10);
        b.data = malloc(b.len + 1);
        if (b.data == NULL)
            die("malloc");
        for (size_t i = 0; i < b.len; i++)
            b.data[i] = (char)('a' + i % 10);
        return b;
    }
    b.data = strdup(arg);
    b.len = strlen(arg);
    return b;
}

static void print_escaped(const char *label, const char *data, size_t len)
{
    printf("%s\"", label);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\\' || c == '"')
            printf("\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    printf("\"\n");
    fflush(stdout);
}

static void nap_1ms(void)
{
    struct timespec ts = { 0, 1000000 };
    nanosleep(&ts, NULL);
}

static void address_text(const struct sockaddr_in *a, char *out, size_t size)
{
    /* /proc/net/tcp prints the address as the 32-bit word in memory order
     * and the port in host order, both in upper-case hex. */
    snprintf(out, size, "%08X:%04X", (unsigned)a->sin_addr.s_addr, (unsigned)ntohs(a->sin_port));
}

/* The bytes waiting in the receive queue of the peer's end of the
 * connection, or 0 when that end is gone. */
static unsigned long peer_unread(int fd)
{
    struct sockaddr_in mine, theirs;
    socklen_t len = sizeof mine;
    if (getsockname(fd, (struct sockaddr *)&mine, &len) == -1)
        die("getsockname");
    len = sizeof theirs;
    if (getpeername(fd, (struct sockaddr *)&theirs, &len) == -1)
        return 0;
    char want_local[32], want_remote[32];
    address_text(&theirs, want_local, sizeof want_local);
    address_text(&mine, want_remote, sizeof want_remote);
    FILE *table = fopen("/proc/net/tcp", "r");
    if (table == NULL)
        die("/proc/net/tcp");
    char line[512], local[64], remote[64];
    unsigned state, tx, rx;
    unsigned long unread = 0;
    while (fgets(line, sizeof line, table) != NULL)
        if (sscanf(line, " %*d: %63s %63s %x %x:%x", local, remote, &state, &tx, &rx) == 5 &&
            strcmp(local, want_local) == 0 && strcmp(remote, want_remote) == 0)
            unread += rx;
    fclose(table);
    return unread;
}

static int connected(int fd)
{
    struct tcp_info info;
    socklen_t len = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1)
        die("getsockopt TCP_INFO");
    return info.tcpi_state == TCP_ESTABLISHED || info.tcpi_state == TCP_CLOSE_WAIT;
}

/* Waits until the peer has read everything sent so far, or has gone. */
static void await_peer_read(int fd)
{
    for (;;) {
        int unacked = 0;
        if (!connected(fd))
            return;
        if (ioctl(fd, SIOCOUTQ, &unacked) == -1)
            die("ioctl SIOCOUTQ");
        if (unacked == 0 && peer_unread(fd) == 0)
            return;
        nap_1ms();
    }
}

/* Returns 0 once the peer has closed or reset the connection. */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1 && (errno == EPIPE || errno == ECONNRESET))
            return 0;
        if (n == -1)
            die("write");
        data += n;
        len -= (size_t)n;
    }
    return 1;
}

/* A peer that closes early (having read only part) ends the sending; what
 * it answered is still read and printed. */
static void send_pieces(int fd, char **args, int count)
{
    int on = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == -1)
        die("setsockopt TCP_NODELAY");
    int open = 1;
    for (int i = 0; i < count && open; i++) {
        if (i > 0)
            await_peer_read(fd);
        struct bytes b = piece(args[i]);
        open = write_all(fd, b.data, b.len);
        free(b.data);
    }
}

/* Appends what one read() returns; returns 0 at end of file, -1 on reset. */
static int read_more(int fd, struct bytes *buf, size_t *cap)
{
    if (buf->len == *cap) {
        *cap = *cap ? *cap * 2 : 8192;
        buf->data = realloc(buf->data, *cap);
        if (buf->data == NULL)
            die("realloc");
    }
    for (;;) {
        ssize_t n = read(fd, buf->data + buf->len, *cap - buf->len);
        if (n > 0) {
            buf->len += (size_t)n;
            return 1;
        }
        if (n == 0)
            return 0;
        if (errno == ECONNRESET)
            return -1;
        if (errno != EINTR)
            die("read");
    }
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

static int run_client(int port, char **pieces, int count)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in addr = loopback(port);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("connect");
    send_pieces(fd, pieces, count);
    struct bytes got = { 0 };
    size_t cap = 0;
    int status;
    while ((status = read_more(fd, &got, &cap)) > 0)
        ;
    print_escaped("received: ", got.data ? got.data : "", got.len);
    printf("end: %s\n", status == 0 ? "eof" : "reset");
    fflush(stdout);
    close(fd);
    return 0;
}

static int run_server(int port, char **pieces, int count)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener == -1)
        die("socket");
    int on = 1;
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1)
        die("setsockopt SO_REUSEADDR");
    struct sockaddr_in addr = loopback(port);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    if (listen(listener, 8) == -1)
        die("listen");
    int fd;
    while ((fd = accept(listener, NULL, NULL)) == -1)
        if (errno != EINTR)
            die("accept");
    close(listener);
    struct bytes got = { 0 };
    size_t cap = 0;
    while (memchr(got.data ? got.data : "", '\n', got.len) == NULL && read_more(fd, &got, &cap) > 0)
        ;
    char *nl = memchr(got.data ? got.data : "", '\n', got.len);
    print_escaped("got: ", got.data ? got.data : "", nl ? (size_t)(nl - got.data) + 1 : got.len);
    send_pieces(fd, pieces, count);
    /* Close only after the client: closing with its bytes unread would
     * reset the connection and could destroy the answer. */
    if (shutdown(fd, SHUT_WR) == -1 && errno != ENOTCONN)
        die("shutdown");
    got.len = 0;
    while (read_more(fd, &got, &cap) > 0)
        got.len = 0;
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    int port = argc >= 4 ? parse_port(argv[2]) : -1;
    int client = argc >= 4 && strcmp(argv[1], "client") == 0;
    int server = argc >= 4 && strcmp(argv[1], "server") == 0;
    if (port == -1 || (!client && !server)) {
        fprintf(stderr, "usage: tcp_peer client|server PORT PIECE...\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    return client ? run_client(port, argv + 3, argc - 3) : run_server(port, argv + 3, argc - 3);
}

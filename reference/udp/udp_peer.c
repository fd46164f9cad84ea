/* udp_peer: a test helper of the udp suite, never a student program.
 *
 *   udp_peer probe PORT DATAGRAM...  sends each datagram from one socket to
 *       127.0.0.1:PORT, waits up to 2 s for the answer before sending the
 *       next, and prints one line per datagram: "sent N bytes, got back M
 *       bytes, same", "..., different: "<bytes>"", or "sent N bytes, no
 *       answer within 2 s".
 *   udp_peer answer PORT DELAY_MS TEXT  binds 127.0.0.1:PORT, prints
 *       "bound", receives one datagram, prints `got: "<bytes>"`, waits
 *       DELAY_MS and sends TEXT back to its sender.
 *   udp_peer sink PORT  binds 127.0.0.1:PORT, prints "bound", receives one
 *       datagram, prints `got: "<bytes>"`, never answers, and exits at the
 *       end of its stdin.
 *
 * A DATAGRAM "@N" stands for N bytes of "abcdefghij" repeated; otherwise
 * "\0", "\n" and "\\" in it stand for a NUL byte, a newline and a
 * backslash. Bytes are printed with C escapes (\n, \t, \\, \", \xNN). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MAX_DATAGRAM = 65536, ANSWER_WAIT_MS = 2000 };

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

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

static size_t decode(const char *arg, char *out)
{
    size_t len = 0;
    if (arg[0] == '@' && isdigit((unsigned char)arg[1])) {
        size_t n = strtoul(arg + 1, NULL, 10);
        if (n > MAX_DATAGRAM)
            n = MAX_DATAGRAM;
        for (; len < n; len++)
            out[len] = (char)('a' + len % 10);
        return len;
    }
    for (const char *p = arg; *p != '\0' && len < MAX_DATAGRAM; p++) {
        if (p[0] == '\\' && (p[1] == '0' || p[1] == 'n' || p[1] == '\\')) {
            p++;
            out[len++] = *p == '0' ? '\0' : *p == 'n' ? '\n' : '\\';
        } else {
            out[len++] = *p;
        }
    }
    return len;
}

static void print_escaped(const char *data, size_t len)
{
    putchar('"');
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
    putchar('"');
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Whether a datagram arrived within ANSWER_WAIT_MS. */
static int await_answer(int fd)
{
    long deadline = now_ms() + ANSWER_WAIT_MS;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    for (;;) {
        long left = deadline - now_ms();
        int ready = poll(&pfd, 1, left > 0 ? (int)left : 0);
        if (ready >= 0)
            return ready;
        if (errno != EINTR)
            die("poll");
    }
}

static int probe(int port, char **datagrams, int count)
{
    static char sent[MAX_DATAGRAM], back[MAX_DATAGRAM];
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in to = loopback(port);
    for (int i = 0; i < count; i++) {
        size_t len = decode(datagrams[i], sent);
        if (sendto(fd, sent, len, 0, (struct sockaddr *)&to, sizeof to) == -1)
            die("sendto");
        if (!await_answer(fd)) {
            printf("sent %zu bytes, no answer within 2 s\n", len);
            fflush(stdout);
            continue;
        }
        ssize_t n = recv(fd, back, sizeof back, 0);
        if (n == -1)
            die("recv");
        printf("sent %zu bytes, got back %zd bytes, ", len, n);
        if ((size_t)n == len && memcmp(sent, back, len) == 0) {
            printf("same");
        } else {
            printf("different: ");
            print_escaped(back, (size_t)n);
        }
        putchar('\n');
        fflush(stdout);
    }
    return 0;
}

static int bind_port(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in addr = loopback(port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    printf("bound\n");
    fflush(stdout);
    return fd;
}

static ssize_t receive(int fd, char *buf, struct sockaddr_in *from, socklen_t *from_len)
{
    ssize_t n;
    while ((n = recvfrom(fd, buf, MAX_DATAGRAM, 0, (struct sockaddr *)from, from_len)) == -1)
        if (errno != EINTR)
            die("recvfrom");
    printf("got: ");
    print_escaped(buf, (size_t)n);
    putchar('\n');
    fflush(stdout);
    return n;
}

static int answer(int port, long delay_ms, const char *text)
{
    static char buf[MAX_DATAGRAM];
    int fd = bind_port(port);
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    receive(fd, buf, &from, &from_len);
    struct timespec delay = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
    while (nanosleep(&delay, &delay) == -1 && errno == EINTR)
        ;
    size_t len = decode(text, buf);
    if (sendto(fd, buf, len, 0, (struct sockaddr *)&from, from_len) == -1)
        die("sendto");
    return 0;
}

static int sink(int port)
{
    static char buf[MAX_DATAGRAM];
    int fd = bind_port(port);
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    receive(fd, buf, &from, &from_len);
    while (read(0, buf, sizeof buf) > 0 || errno == EINTR)
        errno = 0;
    return 0;
}

int main(int argc, char **argv)
{
    int port = argc >= 3 ? parse_port(argv[2]) : -1;
    if (port != -1 && argc >= 4 && strcmp(argv[1], "probe") == 0)
        return probe(port, argv + 3, argc - 3);
    if (port != -1 && argc == 5 && strcmp(argv[1], "answer") == 0 && isdigit((unsigned char)argv[3][0]))
        return answer(port, strtol(argv[3], NULL, 10), argv[4]);
    if (port != -1 && argc == 3 && strcmp(argv[1], "sink") == 0)
        return sink(port);
    fprintf(stderr, "usage: udp_peer probe PORT DATAGRAM... | answer PORT DELAY_MS TEXT | sink PORT\n");
    return 2;
}

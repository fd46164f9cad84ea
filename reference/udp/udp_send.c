/* udp_send PORT MESSAGE: sends MESSAGE as one datagram to 127.0.0.1:PORT
 * and prints the answer, waiting at most one second for it. */
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

enum { MAX_DATAGRAM = 65536, ANSWER_TIMEOUT_MS = 1000 };

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

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Waits for the answer until one second after sending, however often a
 * signal interrupts poll. Returns 0 when none came in time. */
static int wait_for_answer(int fd)
{
    long deadline = now_ms() + ANSWER_TIMEOUT_MS;
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

int main(int argc, char **argv)
{
    int port = argc == 3 ? parse_port(argv[1]) : -1;
    if (port == -1) {
        fprintf(stderr, "usage: udp_send PORT MESSAGE\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *message = argv[2];
    if (sendto(fd, message, strlen(message), 0, (struct sockaddr *)&server, sizeof server) == -1)
        die("sendto");
    if (!wait_for_answer(fd)) {
        fprintf(stderr, "udp_send: no answer within %d ms\n", ANSWER_TIMEOUT_MS);
        return 1;
    }
    static char answer[MAX_DATAGRAM];
    ssize_t n = recv(fd, answer, sizeof answer, 0);
    if (n == -1)
        die("recv");
    printf("reply: ");
    fwrite(answer, 1, (size_t)n, stdout);
    putchar('\n');
    fflush(stdout);
    return 0;
}

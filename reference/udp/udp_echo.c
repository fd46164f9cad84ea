/* udp_echo PORT: sends every datagram on 127.0.0.1:PORT back to its sender
 * until it receives exactly "quit". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Larger than any UDP payload, so no datagram is ever cut short. */
enum { MAX_DATAGRAM = 65536 };

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

/* No SO_REUSEADDR: for UDP it would let two servers share the port. */
static int bind_to(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd == -1)
        die("socket");
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    return fd;
}

int main(int argc, char **argv)
{
    int port = argc == 2 ? parse_port(argv[1]) : -1;
    if (port == -1) {
        fprintf(stderr, "usage: udp_echo PORT (1 to 65535)\n");
        return 2;
    }
    int fd = bind_to(port);
    printf("bound\n");
    fflush(stdout);
    static char datagram[MAX_DATAGRAM];
    for (;;) {
        struct sockaddr_in sender;
        socklen_t sender_len = sizeof sender;
        ssize_t n = recvfrom(fd, datagram, sizeof datagram, 0, (struct sockaddr *)&sender, &sender_len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            die("recvfrom");
        }
        while (sendto(fd, datagram, (size_t)n, 0, (struct sockaddr *)&sender, sender_len) == -1)
            if (errno != EINTR)
                die("sendto");
        printf("got %zd bytes\n", n);
        fflush(stdout);
        if (n == 4 && memcmp(datagram, "quit", 4) == 0)
            return 0;
    }
}

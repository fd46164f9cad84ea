/* uds_tool: a test helper of the uds suite, never a student program.
 *
 *   uds_tool stale PATH         binds a Unix-domain stream socket at PATH
 *       and exits without removing it: PATH is then a stale socket, as a
 *       server that crashed leaves it.
 *   uds_tool lines PATH PIECE...  connects to PATH, sends the pieces, then
 *       reads one reply line for each newline it sent, prints the replies
 *       as they came, and closes.
 *
 * Each piece after the first is sent only once the server has read every
 * byte sent before it: on a Unix-domain socket the sender's SIOCOUTQ
 * counts the bytes the receiver has not read yet. So a server that takes
 * one read() per line gets exactly the first piece, every time. A PIECE
 * "@N" stands for N bytes of "abcdefghij" repeated. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <linux/sockios.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

static struct sockaddr_un address(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "uds_tool: PATH is too long\n");
        exit(2);
    }
    strcpy(addr.sun_path, path);
    return addr;
}

static int make_stale(const char *path)
{
    struct sockaddr_un addr = address(path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("bind");
    return 0;
}

static void await_server_read(int fd)
{
    for (;;) {
        int unread = 0;
        if (ioctl(fd, SIOCOUTQ, &unread) == -1)
            die("ioctl SIOCOUTQ");
        if (unread == 0)
            return;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
}

/* Returns the number of newlines sent, or -1 if the server closed. */
static long send_piece(int fd, const char *arg)
{
    size_t len;
    char *data;
    if (arg[0] == '@' && isdigit((unsigned char)arg[1])) {
        len = strtoul(arg + 1, NULL, 10);
        data = malloc(len + 1);
        if (data == NULL)
            die("malloc");
        for (size_t i = 0; i < len; i++)
            data[i] = (char)('a' + i % 10);
    } else {
        data = strdup(arg);
        len = strlen(arg);
    }
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n >= 0)
            done += (size_t)n;
        else if (errno == EPIPE || errno == ECONNRESET)
            lines = -1, done = len;
        else if (errno != EINTR)
            die("write");
    }
    free(data);
    return lines;
}

static int send_lines(const char *path, char **pieces, int count)
{
    struct sockaddr_un addr = address(path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1)
        die("socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die("connect");
    long expected = 0;
    for (int i = 0; i < count; i++) {
        if (i > 0)
            await_server_read(fd);
        long lines = send_piece(fd, pieces[i]);
        if (lines < 0)
            break;
        expected += lines;
    }
    /* Print replies as they come, until one line per line sent or the
     * server closes. */
    char buf[8192];
    while (expected > 0) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        fwrite(buf, 1, (size_t)n, stdout);
        for (ssize_t i = 0; i < n; i++)
            expected -= buf[i] == '\n';
    }
    fflush(stdout);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc == 3 && strcmp(argv[1], "stale") == 0)
        return make_stale(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "lines") == 0)
        return send_lines(argv[2], argv + 3, argc - 3);
    fprintf(stderr, "usage: uds_tool stale PATH | uds_tool lines PATH PIECE...\n");
    return 2;
}

/* mq_recv NAME COUNT: receives COUNT messages from the POSIX message queue
 * NAME, prints "<prio> <text>" for each, then removes the queue (the
 * receiver owns it). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MESSAGES = 10, MAX_MESSAGE_SIZE = 256 };

static const char *queue_name;

/* The receiver owns the queue, so it removes it even when it fails. */
static void fail(const char *what)
{
    int saved = errno;
    mq_unlink(queue_name);
    errno = saved;
    perror(what);
    exit(1);
}

static int parse_count(const char *text, unsigned long *count)
{
    if (!isdigit((unsigned char)*text))
        return -1;
    char *end;
    errno = 0;
    *count = strtoul(text, &end, 10);
    return (*end != '\0' || errno == ERANGE) ? -1 : 0;
}

/* The buffer must hold the queue's own message size, which differs from
 * ours when someone else created the queue, or mq_receive fails. */
static char *alloc_buffer(mqd_t queue, size_t *size)
{
    struct mq_attr attr;
    if (mq_getattr(queue, &attr) == -1)
        fail("mq_getattr");
    *size = (size_t)attr.mq_msgsize;
    char *buffer = malloc(*size);
    if (buffer == NULL)
        fail("malloc");
    return buffer;
}

int main(int argc, char **argv)
{
    unsigned long count;
    if (argc != 3 || parse_count(argv[2], &count) == -1) {
        fprintf(stderr, "usage: mq_recv NAME COUNT\n");
        return 2;
    }
    queue_name = argv[1];
    struct mq_attr attr = { .mq_maxmsg = MAX_MESSAGES, .mq_msgsize = MAX_MESSAGE_SIZE };
    mqd_t queue = mq_open(queue_name, O_RDONLY | O_CREAT, 0600, &attr);
    if (queue == (mqd_t)-1) {
        perror("mq_open");
        return 1;
    }
    size_t size;
    char *buffer = alloc_buffer(queue, &size);
    for (unsigned long i = 0; i < count; i++) {
        unsigned prio;
        ssize_t n;
        while ((n = mq_receive(queue, buffer, size, &prio)) == -1)
            if (errno != EINTR)
                fail("mq_receive");
        /* Up to the first NUL or the end: senders may send the NUL or not. */
        printf("%u ", prio);
        fwrite(buffer, 1, strnlen(buffer, (size_t)n), stdout);
        putchar('\n');
        if (fflush(stdout) == EOF)
            fail("write stdout");
    }
    free(buffer);
    mq_close(queue);
    if (mq_unlink(queue_name) == -1) {
        perror("mq_unlink");
        return 1;
    }
    return 0;
}

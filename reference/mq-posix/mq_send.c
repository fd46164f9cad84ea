/* mq_send NAME: sends each stdin line "PRIO TEXT" as TEXT with priority
 * PRIO on the POSIX message queue NAME. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MESSAGES = 10, MAX_MESSAGE_SIZE = 256, MAX_PRIORITY = 31 };

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* Splits "PRIO TEXT" in place; returns -1 when the line has another shape. */
static int parse_line(char *line, unsigned *prio, char **text)
{
    char *p = line;
    unsigned value = 0;
    if (!isdigit((unsigned char)*p))
        return -1;
    while (isdigit((unsigned char)*p)) {
        value = value * 10 + (unsigned)(*p++ - '0');
        if (value > MAX_PRIORITY)
            return -1;
    }
    if (*p != ' ' || p[1] == '\0')
        return -1;
    *prio = value;
    *text = p + 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mq_send NAME\n");
        return 2;
    }
    struct mq_attr attr = { .mq_maxmsg = MAX_MESSAGES, .mq_msgsize = MAX_MESSAGE_SIZE };
    mqd_t queue = mq_open(argv[1], O_WRONLY | O_CREAT, 0600, &attr);
    if (queue == (mqd_t)-1)
        die("mq_open");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (unsigned long number = 1; (len = getline(&line, &cap, stdin)) != -1; number++) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        unsigned prio;
        char *text;
        if (parse_line(line, &prio, &text) == -1) {
            fprintf(stderr, "mq_send: line %lu: expected 'PRIO TEXT' with PRIO 0 to %d\n",
                    number, MAX_PRIORITY);
            return 2;
        }
        /* The text goes with its terminating NUL (201 bytes at most fit the
         * 256-byte messages); the contract lets receivers handle either. A
         * full queue blocks here until the receiver makes room. */
        while (mq_send(queue, text, strlen(text) + 1, prio) == -1)
            if (errno != EINTR)
                die("mq_send");
    }
    if (ferror(stdin))
        die("read stdin");
    free(line);
    if (mq_close(queue) == -1)
        die("mq_close");
    return 0;
}

/* mq_tool: a test helper of the mq-posix suite, never a student program.
 *
 *   mq_tool remove NAME                removes the queue NAME if it exists
 *   mq_tool await NAME                 waits until the queue NAME exists
 *   mq_tool attrs NAME                 waits until NAME exists, prints its
 *                                      mode and attributes, leaves it
 *   mq_tool full NAME                  waits until NAME exists and holds as
 *                                      many messages as it can
 *   mq_tool put NAME PRIO TEXT [PRIO TEXT]...
 *                                      sends each TEXT without a NUL; creates
 *                                      the queue (0600, 10 x 256) if absent
 *   mq_tool drain NAME                 prints the queue's mode and attributes
 *                                      and every message in it, then removes it
 *
 * Every test starts with `remove`: without a box, every run on the machine
 * shares the name, and a queue that an earlier failed run left behind
 * (holding messages, or with other attributes) must not change this run's
 * result. The runner's leak check still reports what this run leaves.
 *
 * `await` lets a test start a sender only once the receiver has created the
 * queue, so "receiver first" holds on any machine without a fixed delay.
 * `full` lets a test start the receiver only once the sender has filled the
 * queue, so the sender must wait in mq_send for room, every time. `attrs`
 * shows how the receiver created the queue while it waits. `put` queues
 * texts without a terminating NUL, which the contract allows: a receiver
 * must print each up to the end of its message. `drain` shows exactly what
 * a sender left: `mode 600`, `maxmsg 10`, `msgsize 256`, then each message
 * as `prio P: "TEXT"` in the queue's order, the text up to its
 * first NUL with control bytes escaped. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { MAX_MESSAGES = 10, MAX_MESSAGE_SIZE = 256 };

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

_Noreturn static void usage(void)
{
    fprintf(stderr, "usage: mq_tool remove NAME | await NAME | attrs NAME | full NAME | "
                    "put NAME PRIO TEXT [PRIO TEXT]... | drain NAME\n");
    exit(2);
}

static unsigned parse_prio(const char *text)
{
    if (!isdigit((unsigned char)*text))
        usage();
    char *end;
    errno = 0;
    unsigned long prio = strtoul(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || prio > 31)
        usage();
    return (unsigned)prio;
}

/* Polls every millisecond: there is no event to wait on for a queue's
 * creation (the mqueue filesystem need not be mounted), and the test's
 * timeout bounds the wait. */
static mqd_t await_queue(const char *name, int flags)
{
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
    mqd_t queue;
    while ((queue = mq_open(name, flags)) == (mqd_t)-1) {
        if (errno != ENOENT)
            die("mq_open");
        nanosleep(&pause, NULL);
    }
    return queue;
}

/* On Linux a queue descriptor is a file descriptor of the mqueue
 * filesystem, so fstat gives the queue's mode. */
static void print_attributes(mqd_t queue, struct mq_attr *attr)
{
    struct stat st;
    if (fstat((int)queue, &st) == -1)
        die("fstat");
    if (mq_getattr(queue, attr) == -1)
        die("mq_getattr");
    printf("mode %03o\nmaxmsg %ld\nmsgsize %ld\n", (unsigned)(st.st_mode & 0777), attr->mq_maxmsg,
           attr->mq_msgsize);
}

static int show_attributes(const char *name)
{
    mqd_t queue = await_queue(name, O_RDONLY);
    struct mq_attr attr;
    print_attributes(queue, &attr);
    if (fflush(stdout) == EOF)
        die("write stdout");
    mq_close(queue);
    return 0;
}

static int await_full(const char *name)
{
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
    mqd_t queue = await_queue(name, O_RDONLY);
    struct mq_attr attr;
    for (;;) {
        if (mq_getattr(queue, &attr) == -1)
            die("mq_getattr");
        if (attr.mq_curmsgs >= attr.mq_maxmsg)
            break;
        nanosleep(&pause, NULL);
    }
    mq_close(queue);
    return 0;
}

static int put_messages(const char *name, int count, char **pairs)
{
    struct mq_attr attr = { .mq_maxmsg = MAX_MESSAGES, .mq_msgsize = MAX_MESSAGE_SIZE };
    mqd_t queue = mq_open(name, O_WRONLY | O_CREAT, 0600, &attr);
    if (queue == (mqd_t)-1)
        die("mq_open");
    for (int i = 0; i + 1 < count; i += 2) {
        unsigned prio = parse_prio(pairs[i]);
        const char *text = pairs[i + 1];
        while (mq_send(queue, text, strlen(text), prio) == -1)
            if (errno != EINTR)
                die("mq_send");
    }
    mq_close(queue);
    return 0;
}

static void print_escaped(const char *text, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    puts("\"");
}

static int drain_queue(const char *name)
{
    mqd_t queue = mq_open(name, O_RDONLY | O_NONBLOCK);
    if (queue == (mqd_t)-1 && errno == ENOENT) {
        printf("no queue %s\n", name);
        return 0;
    }
    if (queue == (mqd_t)-1)
        die("mq_open");
    struct mq_attr attr;
    print_attributes(queue, &attr);
    char *buffer = malloc((size_t)attr.mq_msgsize);
    if (buffer == NULL)
        die("malloc");
    for (;;) {
        unsigned prio;
        ssize_t n = mq_receive(queue, buffer, (size_t)attr.mq_msgsize, &prio);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1 && errno == EAGAIN)
            break;
        if (n == -1)
            die("mq_receive");
        printf("prio %u: ", prio);
        print_escaped(buffer, strnlen(buffer, (size_t)n));
    }
    free(buffer);
    if (fflush(stdout) == EOF)
        die("write stdout");
    mq_close(queue);
    if (mq_unlink(name) == -1)
        die("mq_unlink");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "remove") == 0) {
        if (mq_unlink(argv[2]) == -1 && errno != ENOENT)
            die("mq_unlink");
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "await") == 0) {
        mq_close(await_queue(argv[2], O_RDONLY));
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "attrs") == 0)
        return show_attributes(argv[2]);
    if (argc == 3 && strcmp(argv[1], "full") == 0)
        return await_full(argv[2]);
    if (argc >= 5 && argc % 2 == 1 && strcmp(argv[1], "put") == 0)
        return put_messages(argv[2], argc - 3, argv + 3);
    if (argc == 3 && strcmp(argv[1], "drain") == 0)
        return drain_queue(argv[2]);
    usage();
}

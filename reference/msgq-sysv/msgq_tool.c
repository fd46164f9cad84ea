/* msgq_tool: a test helper of the msgq-sysv suite, never a student program.
 *
 *   msgq_tool await KEY                      waits until a queue KEY exists
 *   msgq_tool put KEY TYPE TEXT [TYPE TEXT]...  sends each TEXT (no NUL) with
 *                                            its TYPE; creates the queue (0666)
 *   msgq_tool drain KEY                      prints the queue's mode and every
 *                                            message in it, then removes it
 *
 * `await` lets a test start the sender only once the receiver has created
 * the queue, so "receiver first" holds on any machine without a fixed delay.
 * `put` queues messages of other types before the receiver starts, so a
 * receiver that takes every type prints them, every time. `drain` shows
 * exactly what a sender queued: each message as `type T: "TEXT"`, the text
 * up to its first NUL (the contract lets senders include one) with newlines
 * and other control bytes escaped, so that a sent newline is visible. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <time.h>

enum { MAX_TEXT = 65536 };

static struct {
    long mtype;
    char mtext[MAX_TEXT];
} message;

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

_Noreturn static void usage(void)
{
    fprintf(stderr, "usage: msgq_tool await KEY | put KEY TYPE TEXT [TYPE TEXT]... | drain KEY\n");
    exit(2);
}

/* Accepts an optional sign and decimal digits, nothing else, within long. */
static long parse_number(const char *text, long min, long max)
{
    const char *digits = (*text == '-' || *text == '+') ? text + 1 : text;
    if (!isdigit((unsigned char)*digits))
        usage();
    char *end;
    errno = 0;
    long parsed = strtol(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || parsed < min || parsed > max)
        usage();
    return parsed;
}

/* Polls every millisecond: there is no event to wait on for a queue's
 * creation, and the test's timeout bounds the wait. */
static int await_queue(key_t key)
{
    const struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
    while (msgget(key, 0) == -1) {
        if (errno != ENOENT)
            die("msgget");
        nanosleep(&pause, NULL);
    }
    return 0;
}

static int put_messages(key_t key, int count, char **pairs)
{
    int queue = msgget(key, IPC_CREAT | 0666);
    if (queue == -1)
        die("msgget");
    for (int i = 0; i + 1 < count; i += 2) {
        message.mtype = parse_number(pairs[i], 1, LONG_MAX);
        size_t len = strlen(pairs[i + 1]);
        if (len > MAX_TEXT)
            usage();
        memcpy(message.mtext, pairs[i + 1], len);
        while (msgsnd(queue, &message, len, 0) == -1)
            if (errno != EINTR)
                die("msgsnd");
    }
    return 0;
}

static void print_escaped(const char *text, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
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

static int drain_queue(key_t key)
{
    int queue = msgget(key, 0);
    if (queue == -1)
        die("msgget");
    struct msqid_ds info;
    if (msgctl(queue, IPC_STAT, &info) == -1)
        die("msgctl IPC_STAT");
    printf("mode %03o\n", (unsigned)(info.msg_perm.mode & 0777));
    for (;;) {
        ssize_t n = msgrcv(queue, &message, sizeof message.mtext, 0, IPC_NOWAIT | MSG_NOERROR);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            if (errno == ENOMSG)
                break;
            die("msgrcv");
        }
        printf("type %ld: ", message.mtype);
        print_escaped(message.mtext, strnlen(message.mtext, (size_t)n));
    }
    if (fflush(stdout) == EOF)
        die("write stdout");
    if (msgctl(queue, IPC_RMID, NULL) == -1)
        die("msgctl IPC_RMID");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        usage();
    key_t key = (key_t)parse_number(argv[2], INT_MIN, INT_MAX);
    if (strcmp(argv[1], "await") == 0 && argc == 3)
        return await_queue(key);
    if (strcmp(argv[1], "put") == 0 && argc >= 5 && argc % 2 == 1)
        return put_messages(key, argc - 3, argv + 3);
    if (strcmp(argv[1], "drain") == 0 && argc == 3)
        return drain_queue(key);
    usage();
}

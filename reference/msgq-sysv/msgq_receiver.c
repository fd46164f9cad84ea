/* msgq_receiver KEY: prints every type-5 message of the System V queue KEY
 * until "end", then removes the queue (the receiver owns it). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

enum { MESSAGE_TYPE = 5, MAX_TEXT = 65536 };

static struct {
    long mtype;
    char mtext[MAX_TEXT];
} message;

static int queue = -1;

/* The receiver owns the queue, so it removes it even when it fails. */
static void fail(const char *what)
{
    int saved = errno;
    if (queue != -1)
        msgctl(queue, IPC_RMID, NULL);
    errno = saved;
    perror(what);
    exit(1);
}

/* Accepts an optional sign and decimal digits, nothing else, within int. */
static int parse_int(const char *text, int *value)
{
    const char *digits = (*text == '-' || *text == '+') ? text + 1 : text;
    if (!isdigit((unsigned char)*digits))
        return -1;
    char *end;
    errno = 0;
    long parsed = strtol(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || parsed < INT_MIN || parsed > INT_MAX)
        return -1;
    *value = (int)parsed;
    return 0;
}

/* Returns the text's length: up to the first NUL or the end of the
 * message, since senders may send the NUL or not. MSG_NOERROR truncates
 * an oversized message instead of failing on it. */
static size_t receive_text(void)
{
    ssize_t n;
    while ((n = msgrcv(queue, &message, sizeof message.mtext, MESSAGE_TYPE, MSG_NOERROR)) == -1)
        if (errno != EINTR)
            fail("msgrcv");
    return strnlen(message.mtext, (size_t)n);
}

int main(int argc, char **argv)
{
    int key;
    if (argc != 2 || parse_int(argv[1], &key) == -1) {
        fprintf(stderr, "usage: msgq_receiver KEY (a decimal number)\n");
        return 2;
    }
    queue = msgget((key_t)key, IPC_CREAT | 0666);
    if (queue == -1)
        fail("msgget");
    for (;;) {
        size_t len = receive_text();
        fputs("Receive: ", stdout);
        fwrite(message.mtext, 1, len, stdout);
        putchar('\n');
        if (fflush(stdout) == EOF)
            fail("write stdout");
        if (len == 3 && memcmp(message.mtext, "end", 3) == 0)
            break;
    }
    if (msgctl(queue, IPC_RMID, NULL) == -1) {
        perror("msgctl");
        return 1;
    }
    return 0;
}

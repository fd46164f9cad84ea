/* shm_tool: a test helper of the shm-posix suite, never a student program.
 *
 *   shm_tool remove NAME           removes NAME if it exists
 *   shm_tool make NAME MODE TEXT   makes NAME anew (whatever was there) with
 *                                  the octal MODE, 4096 bytes, TEXT and a NUL
 *                                  at offset 0 and the letter 'x' after them
 *   shm_tool show NAME             prints what a producer left in NAME, then
 *                                  removes it
 *
 * Tests on a fixed name start with `remove` (or `make`): without a box,
 * every run on the machine shares the name, and an object that an earlier
 * failed run left behind (an older message, or a mode that refuses
 * writing) must not change this run's result. The runner's leak check
 * still reports what this run leaves.
 *
 * `make` sets the stage a test needs without a student program: an object
 * whose mode lets its owner only read it (a consumer must then map it
 * read-only), or one that still holds a long older message (a producer must
 * then write its terminating NUL for a consumer to see the new message
 * alone). `show` prints, on lines of their own, `size N` (the object's size),
 * `text "T"` (the bytes from offset 0 up to the first NUL, escaped) and
 * `nul yes` or `nul no` (whether a NUL ends that text inside the object), or
 * `no object NAME` when there is none; it removes the object, since in the
 * tests that run it no consumer does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OBJECT_SIZE = 4096 };

_Noreturn static void die(const char *what)
{
    perror(what);
    exit(1);
}

_Noreturn static void usage(void)
{
    fprintf(stderr, "usage: shm_tool remove NAME | make NAME MODE TEXT | show NAME\n");
    exit(2);
}

static mode_t parse_mode(const char *text)
{
    char *end;
    errno = 0;
    unsigned long mode = strtoul(text, &end, 8);
    if (*text == '\0' || *end != '\0' || errno == ERANGE || mode > 0777)
        usage();
    return (mode_t)mode;
}

static int make_object(const char *name, mode_t mode, const char *text)
{
    size_t len = strlen(text);
    if (len >= OBJECT_SIZE)
        usage();
    /* An object left by an earlier run may have a mode that refuses us:
     * remove it and create a new one. The creating descriptor may write
     * whatever MODE says, which applies only to later opens. */
    if (shm_unlink(name) == -1 && errno != ENOENT)
        die("shm_unlink");
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd == -1)
        die("shm_open");
    if (ftruncate(fd, OBJECT_SIZE) == -1)
        die("ftruncate");
    char *area = mmap(NULL, OBJECT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (area == MAP_FAILED)
        die("mmap");
    memset(area, 'x', OBJECT_SIZE);
    memcpy(area, text, len + 1);
    if (fchmod(fd, mode) == -1)
        die("fchmod");
    munmap(area, OBJECT_SIZE);
    close(fd);
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
        else if (c < 0x20 || c >= 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    puts("\"");
}

static int show_object(const char *name)
{
    int fd = shm_open(name, O_RDONLY, 0);
    if (fd == -1 && errno == ENOENT) {
        printf("no object %s\n", name);
        return 0;
    }
    if (fd == -1)
        die("shm_open");
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat");
    size_t size = (size_t)st.st_size;
    printf("size %zu\n", size);
    if (size > 0) {
        const char *area = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
        if (area == MAP_FAILED)
            die("mmap");
        size_t len = strnlen(area, size);
        fputs("text ", stdout);
        print_escaped(area, len);
        printf("nul %s\n", len < size ? "yes" : "no");
        munmap((void *)area, size);
    }
    close(fd);
    if (fflush(stdout) == EOF)
        die("write stdout");
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    return 0;
}

static int remove_object(const char *name)
{
    if (shm_unlink(name) == -1 && errno != ENOENT)
        die("shm_unlink");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "remove") == 0)
        return remove_object(argv[2]);
    if (argc == 5 && strcmp(argv[1], "make") == 0)
        return make_object(argv[2], parse_mode(argv[3]), argv[4]);
    if (argc == 3 && strcmp(argv[1], "show") == 0)
        return show_object(argv[2]);
    usage();
}

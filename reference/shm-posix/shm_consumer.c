/* shm_consumer NAME: prints the string at offset 0 of the POSIX shared
 * memory object NAME and removes the object (the consumer owns it). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *object_name;

/* The object exists once it has been opened, and the consumer owns it, so
 * every later failure still removes it. */
static void fail(const char *what)
{
    int saved = errno;
    shm_unlink(object_name);
    errno = saved;
    perror(what);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: shm_consumer NAME\n");
        return 2;
    }
    object_name = argv[1];
    int fd = shm_open(object_name, O_RDONLY, 0);
    if (fd == -1) {
        perror("shm_open");
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) == -1)
        fail("fstat");
    /* Map only the object's real size: touching pages past its end would
     * raise SIGBUS if a producer sized it smaller than agreed. An empty
     * object makes mmap fail with EINVAL, reported like any failure. */
    size_t size = (size_t)st.st_size;
    const char *area = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
    if (area == MAP_FAILED)
        fail("mmap");
    close(fd);
    /* strnlen: a producer that forgot the NUL must not make us read past
     * the mapping. */
    fwrite(area, 1, strnlen(area, size), stdout);
    putchar('\n');
    if (fflush(stdout) == EOF)
        fail("write stdout");
    munmap((void *)area, size);
    if (shm_unlink(object_name) == -1) {
        perror("shm_unlink");
        return 1;
    }
    return 0;
}

/* shm_producer NAME MESSAGE: writes MESSAGE into the POSIX shared memory
 * object NAME and leaves it for the consumer, which owns it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { OBJECT_SIZE = 4096 };

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: shm_producer NAME MESSAGE\n");
        return 2;
    }
    const char *name = argv[1];
    const char *message = argv[2];
    size_t len = strlen(message);
    if (len > OBJECT_SIZE - 1) {
        fprintf(stderr, "shm_producer: MESSAGE is longer than %d bytes\n", OBJECT_SIZE - 1);
        return 2;
    }
    int fd = shm_open(name, O_CREAT | O_RDWR, 0600);
    if (fd == -1) {
        perror("shm_open");
        return 1;
    }
    if (ftruncate(fd, OBJECT_SIZE) == -1) {
        perror("ftruncate");
        return 1;
    }
    char *area = mmap(NULL, OBJECT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (area == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    close(fd);
    memcpy(area, message, len + 1);
    if (munmap(area, OBJECT_SIZE) == -1) {
        perror("munmap");
        return 1;
    }
    return 0;
}

// Holds the fixed names that many tests of a class share (System V key
// 1234, POSIX shared memory "/OS", TCP port 8080) and waits until a partner
// test holds the same names too. Two tests running at once, each in its own
// box, both succeed. Run one after the other, the first waits in vain for
// its partner (exit 3); run side by side without boxes, one finds the
// names taken (exit 1).
//
// usage: hold_fixed BARRIER_DIR ME PARTNER
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what) {
  printf("%s: %s\n", what, strerror(errno));
  return 1;
}

// Waits up to `ms` for DIR/NAME to exist: 1 when it does.
static int wait_for_file(const char *dir, const char *name, int ms) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int in = inotify_init1(IN_CLOEXEC);
  if (in < 0 || inotify_add_watch(in, dir, IN_CREATE | IN_MOVED_TO) < 0) return 0;
  for (;;) {
    if (access(path, F_OK) == 0) return 1;
    struct pollfd p = {.fd = in, .events = POLLIN};
    if (poll(&p, 1, ms) <= 0) return access(path, F_OK) == 0;
    char events[4096];
    if (read(in, events, sizeof events) < 0) return 0;
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: hold_fixed BARRIER_DIR ME PARTNER\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IONBF, 0);
  int shm = shmget(1234, 4096, IPC_CREAT | IPC_EXCL | 0600);
  if (shm < 0) return fail("System V key 1234");
  int posix = shm_open("/OS", O_CREAT | O_EXCL | O_RDWR, 0600);
  if (posix < 0) return fail("POSIX shared memory /OS");
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(8080)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(sock, 1) < 0)
    return fail("TCP port 8080");

  char mark[4096];
  snprintf(mark, sizeof mark, "%s/%s", argv[1], argv[2]);
  int fd = open(mark, O_CREAT | O_WRONLY, 0644);
  if (fd < 0) return fail(mark);
  close(fd);
  int together = wait_for_file(argv[1], argv[3], 3000);

  shmctl(shm, IPC_RMID, NULL);
  shm_unlink("/OS");
  close(sock);
  if (!together) {
    printf("%s never held the same names at the same time\n", argv[3]);
    return 3;
  }
  printf("held key 1234, /OS and port 8080 while %s held them too\n", argv[3]);
  return 0;
}

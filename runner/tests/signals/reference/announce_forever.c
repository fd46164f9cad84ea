/* The program of runner/tests/runner_signals.sh.
 *
 *   announce_forever quick              prints "finished" and exits 0
 *   announce_forever hold READY TAG KEY creates POSIX shm and a POSIX queue
 *       named /TAG and a System V shm segment with key KEY, forks a child
 *       that leaves its session and forks a grandchild (a daemon), then,
 *       once the daemon runs, writes READY (atomically, by rename) and
 *       waits forever
 *   announce_forever check TAG KEY      exits 0 when none of those objects
 *       exists, else prints each one found and exits 1
 *   announce_forever remove TAG KEY     removes them (the test's own cleanup)
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char* what) {
  fprintf(stderr, "announce_forever: %s: %s\n", what, strerror(errno));
  return 1;
}

static int check(const char* tag, key_t key) {
  char name[256];
  snprintf(name, sizeof name, "/%s", tag);
  int found = 0;
  int fd = shm_open(name, O_RDONLY, 0);
  if (fd >= 0 || errno != ENOENT) {
    printf("POSIX shared memory %s exists\n", name);
    found = 1;
  }
  mqd_t q = mq_open(name, O_RDONLY);
  if (q != (mqd_t)-1 || errno != ENOENT) {
    printf("POSIX message queue %s exists\n", name);
    found = 1;
  }
  if (shmget(key, 0, 0) >= 0 || errno != ENOENT) {
    printf("System V shared memory key %d exists\n", (int)key);
    found = 1;
  }
  return found;
}

static int remove_all(const char* tag, key_t key) {
  char name[256];
  snprintf(name, sizeof name, "/%s", tag);
  shm_unlink(name);
  mq_unlink(name);
  int id = shmget(key, 0, 0);
  if (id >= 0) shmctl(id, IPC_RMID, NULL);
  return 0;
}

static int hold(const char* ready, const char* tag, key_t key) {
  char name[256];
  snprintf(name, sizeof name, "/%s", tag);
  if (shm_open(name, O_RDWR | O_CREAT, 0600) < 0) return fail("shm_open");
  if (mq_open(name, O_RDONLY | O_CREAT, 0600, NULL) == (mqd_t)-1) return fail("mq_open");
  if (shmget(key, 4096, IPC_CREAT | 0600) < 0) return fail("shmget");
  /* The daemon says it runs through a pipe, so that READY means all three
   * processes exist. */
  int started[2];
  if (pipe(started) != 0) return fail("pipe");
  pid_t child = fork();
  if (child < 0) return fail("fork");
  if (child == 0) {
    setsid();
    if (fork() == 0) {
      char byte = 1;
      if (write(started[1], &byte, 1) != 1) _exit(1);
      for (;;) pause();
    }
    for (;;) pause();
  }
  close(started[1]);
  char byte;
  if (read(started[0], &byte, 1) != 1) return fail("the daemon did not start");
  char temporary[4096];
  snprintf(temporary, sizeof temporary, "%s.part", ready);
  FILE* out = fopen(temporary, "w");
  if (!out) return fail("fopen");
  fprintf(out, "%d\n", (int)getpid());
  if (fclose(out) != 0 || rename(temporary, ready) != 0) return fail("rename");
  for (;;) pause();
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "quick") == 0) {
    puts("finished");
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "hold") == 0)
    return hold(argv[2], argv[3], (key_t)strtol(argv[4], NULL, 10));
  if (argc == 4 && strcmp(argv[1], "check") == 0)
    return check(argv[2], (key_t)strtol(argv[3], NULL, 10));
  if (argc == 4 && strcmp(argv[1], "remove") == 0)
    return remove_all(argv[2], (key_t)strtol(argv[3], NULL, 10));
  fprintf(stderr, "usage: announce_forever quick | hold READY TAG KEY | check|remove TAG KEY\n");
  return 2;
}

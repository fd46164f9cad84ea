/* Leaves one object of each kind behind and exits 0: System V message
   queue KEY, POSIX shared memory /leak_shm, POSIX message queue /leak_mq,
   the FIFO /tmp/leak_fifo and the FIFO leak_fifo in the working
   directory. */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/stat.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (msgget((key_t)atoi(argv[1]), IPC_CREAT | 0600) < 0) { perror("msgget"); return 1; }
  if (shm_open("/leak_shm", O_CREAT | O_RDWR, 0600) < 0) { perror("shm_open"); return 1; }
  if (mq_open("/leak_mq", O_CREAT | O_RDWR, 0600, NULL) == (mqd_t)-1) { perror("mq_open"); return 1; }
  if (mkfifo("/tmp/leak_fifo", 0600) != 0) { perror("mkfifo /tmp"); return 1; }
  if (mkfifo("leak_fifo", 0600) != 0) { perror("mkfifo"); return 1; }
  return 0;
}

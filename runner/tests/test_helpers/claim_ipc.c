/* Claims System V shared memory KEY, POSIX shared memory NAME and TCP PORT
   on 127.0.0.1, each exclusively (a second claimant in the same namespace
   fails), prints "ready", then holds them until stdin ends, removes them
   and exits 0. Any failure: a message on stderr and exit 1. */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  int shm = shmget((key_t)atoi(argv[1]), 4096, IPC_CREAT | IPC_EXCL | 0600);
  if (shm < 0) { perror("shmget"); return 1; }
  int posix = shm_open(argv[2], O_CREAT | O_EXCL | O_RDWR, 0600);
  if (posix < 0) { perror("shm_open"); shmctl(shm, IPC_RMID, 0); return 1; }
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(argv[3]));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int bound = sock >= 0 && bind(sock, (struct sockaddr*)&address, sizeof address) == 0 &&
              listen(sock, 1) == 0;
  if (!bound) perror("bind");
  else {
    printf("ready\n");
    fflush(stdout);
    char buffer[256];
    while (read(0, buffer, sizeof buffer) > 0) {
    }
  }
  shmctl(shm, IPC_RMID, 0);
  shm_unlink(argv[2]);
  return bound ? 0 : 1;
}

/* Sends one message on a private System V queue through syscall(), not
   libc's wrappers, then removes the queue; prints "sent" on success. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  long id = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
  if (id < 0) return 1;
  struct { long type; char text[8]; } message = {5, "hello"};
  long sent = syscall(SYS_msgsnd, id, &message, sizeof message.text, 0);
  syscall(SYS_msgctl, id, IPC_RMID, NULL);
  if (sent != 0) return 1;
  puts("sent");
  return 0;
}

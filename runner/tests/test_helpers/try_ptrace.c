/* Tries ptrace(PTRACE_TRACEME) and process_vm_readv on its parent; prints
   "ptrace: EPERM" and "process_vm_readv: EPERM" where they are refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  long traced = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
  printf("ptrace: %s\n", traced == 0 ? "allowed" : errno == EPERM ? "EPERM" : strerror(errno));
  char byte;
  struct iovec local = {&byte, 1}, remote = {&byte, 1};
  ssize_t got = process_vm_readv(getppid(), &local, 1, &remote, 1, 0);
  printf("process_vm_readv: %s\n", got >= 0 ? "allowed" : errno == EPERM ? "EPERM" : strerror(errno));
  return 0;
}

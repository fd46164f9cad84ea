/* Tries to install a seccomp filter with a listener of its own, prints
   what the kernel said ("EBUSY" when another listener already watches the
   process), then creates a pipe, so that recording can be seen to go on. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  struct sock_fprog prog = {1, &allow};
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  puts(fd >= 0 ? "listener" : errno == EBUSY ? "EBUSY" : "other");
  int ends[2];
  if (pipe(ends) != 0) return 1;
  return 0;
}

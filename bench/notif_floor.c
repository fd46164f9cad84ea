/* The machine's floor for one recorded call: the least a seccomp user
   notification can cost when the supervisor is another process, as the
   runner's is. A child installs a filter that hands kill() to a listener,
   sends the listener to its parent over a socket, and times N calls of
   kill(0, 0) with and without it; the parent answers each notification
   with CONTINUE and nothing else (no classification, no counting). The
   parent waits in poll() before each receive, as the runner's supervisor
   does, and sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP where the kernel has
   it. Prints "floor: unrecorded N ns, recorded M ns, cost C us".
   Usage: notif_floor [N] */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long ns_per_kill(long calls) {
  const long long start = now_ns();
  for (long i = 0; i < calls; ++i) kill(0, 0);
  return (now_ns() - start) / calls;
}

static void send_fd(int socket, int fd) {
  char byte = 0;
  struct iovec data = {&byte, 1};
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct msghdr message = {0};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  struct cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &fd, sizeof fd);
  if (sendmsg(socket, &message, 0) != 1) _exit(3);
}

static int receive_fd(int socket) {
  char byte;
  struct iovec data = {&byte, 1};
  char control[CMSG_SPACE(sizeof(int))];
  struct msghdr message = {0};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  if (recvmsg(socket, &message, 0) != 1 || !CMSG_FIRSTHDR(&message)) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&message)), sizeof fd);
  return fd;
}

static void child(int socket, long calls) {
  const long long unrecorded = ns_per_kill(calls);
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {sizeof code / sizeof code[0], code};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(2);
  const int listener =
      (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (listener < 0) _exit(2);
  send_fd(socket, listener);
  close(listener);
  char go;
  if (read(socket, &go, 1) != 1) _exit(3);
  kill(0, 0);  // the supervisor is awake
  const long long recorded = ns_per_kill(calls);
  printf("floor: unrecorded %lld ns, recorded %lld ns, cost %.2f us\n", unrecorded, recorded,
         (recorded - unrecorded) / 1000.0);
  fflush(stdout);
  _exit(0);
}

int main(int argc, char** argv) {
  const long calls = argc > 1 ? atol(argv[1]) : 20000;
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ends) != 0) return 1;
  const pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) child(ends[1], calls);
  const int listener = receive_fd(ends[0]);
  if (listener < 0) return 1;
  const __u64 flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) != 0) fprintf(stderr, "no SYNC_WAKE_UP\n");
  if (write(ends[0], "g", 1) != 1) return 1;
  for (;;) {
    struct pollfd watched = {listener, POLLIN, 0};
    if (poll(&watched, 1, -1) < 0 || (watched.revents & POLLHUP)) break;
    struct seccomp_notif notif;
    memset(&notif, 0, sizeof notif);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif) != 0) continue;
    struct seccomp_notif_resp response;
    memset(&response, 0, sizeof response);
    response.id = notif.id;
    response.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &response);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

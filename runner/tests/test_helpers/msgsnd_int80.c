/* A 64-bit program that makes its System V queue calls as 32-bit ones
   (int $0x80, i386 numbers: msgget 399, msgsnd 400, msgctl 402), which a
   filter matching x86_64 numbers alone would miss. The message sits below
   4 GiB (MAP_32BIT) so that the 32-bit call can reach it. Prints "sent",
   or "no ia32" where the machine refuses int $0x80 (no 32-bit emulation,
   or a virtual machine without it: the instruction then faults). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c, long d) {
  long ret;
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
                   : "memory");
  return ret;
}

static void no_ia32(int signo) {
  (void)signo;
  static const char text[] = "no ia32\n";
  (void)!write(1, text, sizeof text - 1);
  _exit(0);
}

int main(void) {
  signal(SIGSEGV, no_ia32);
  long id = int80(399, IPC_PRIVATE, IPC_CREAT | 0600, 0, 0);
  if (id == -38) { /* ENOSYS */
    puts("no ia32");
    return 0;
  }
  if (id < 0) return 1;
  char* low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1,
                   0);
  if (low == MAP_FAILED) return 1;
  int type = 5; /* a 32-bit program's long */
  memcpy(low, &type, sizeof type);
  memcpy(low + sizeof type, "hello", 6);
  long sent = int80(400, id, (long)low, 6, 0);
  int80(402, id, IPC_RMID | 0x100 /* IPC_64 */, 0, 0);
  if (sent != 0) return 1;
  puts("sent");
  return 0;
}

/* Prints its uid, gid, number of supplementary groups and no_new_privs. */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void) {
  printf("uid %d gid %d groups %d no_new_privs %d\n", (int)getuid(), (int)getgid(),
         getgroups(0, NULL), prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
  return 0;
}

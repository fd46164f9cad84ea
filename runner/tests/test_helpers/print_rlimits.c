/* Prints its soft and hard resource limits, "name soft hard" a line,
   "inf" for unlimited. */
#include <stdio.h>
#include <sys/resource.h>

static void print_limit(const char* name, int resource) {
  struct rlimit limit;
  if (getrlimit(resource, &limit) != 0) return;
  printf("%s ", name);
  if (limit.rlim_cur == RLIM_INFINITY)
    printf("inf ");
  else
    printf("%llu ", (unsigned long long)limit.rlim_cur);
  if (limit.rlim_max == RLIM_INFINITY)
    printf("inf\n");
  else
    printf("%llu\n", (unsigned long long)limit.rlim_max);
}

int main(void) {
  print_limit("cpu", RLIMIT_CPU);
  print_limit("as", RLIMIT_AS);
  print_limit("fsize", RLIMIT_FSIZE);
  print_limit("nofile", RLIMIT_NOFILE);
  print_limit("nproc", RLIMIT_NPROC);
  print_limit("core", RLIMIT_CORE);
  return 0;
}

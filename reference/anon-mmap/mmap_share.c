/*
 * mmap_share (assignment 5, anon-mmap): a parent and its forked child pass
 * two values through one shared anonymous mapping. Exit status: 0 on
 * success, 1 when a system call fails (in either process).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kMapSize = 128 };

/* Prints "LABEL: <text>" with the mapping's content, which is a string of at
 * most kMapSize bytes (the mapping starts zero-filled). */
static void print_content(const char *label, const char *shared)
{
	printf("%s: %.*s\n", label, (int)strnlen(shared, kMapSize), shared);
}

static int run_child(char *shared)
{
	print_content("Child read", shared);
	memcpy(shared, "2222", sizeof "2222");
	printf("Child wrote: 2222\n");
	/* _exit skips stdio cleanup, so the child's lines are flushed here. */
	if (fflush(stdout) == EOF) {
		perror("mmap_share: child: write stdout");
		return 1;
	}
	return 0;
}

/* Returns 1 when the child exited with status 0, else 0 (and says why). */
static int child_succeeded(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("mmap_share: waitpid");
			return 0;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	fprintf(stderr, "mmap_share: the child failed\n");
	return 0;
}

int main(void)
{
	/* MAP_SHARED is the point: with MAP_PRIVATE the child's write would go
	 * to its own copy-on-write page and the parent would never see it. */
	char *shared = mmap(NULL, kMapSize, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		perror("mmap_share: mmap");
		return 1;
	}
	memcpy(shared, "1111", sizeof "1111");
	printf("Parent wrote: 1111\n");
	/* stdout is often a pipe and so fully buffered: without this flush the
	 * child would inherit the unwritten line and print it a second time. */
	if (fflush(stdout) == EOF) {
		perror("mmap_share: write stdout");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("mmap_share: fork");
		return 1;
	}
	if (pid == 0)
		_exit(run_child(shared));

	if (!child_succeeded(pid))
		return 1;
	print_content("Parent read", shared);
	if (munmap(shared, kMapSize) < 0) {
		perror("mmap_share: munmap");
		return 1;
	}
	if (fflush(stdout) == EOF) {
		perror("mmap_share: write stdout");
		return 1;
	}
	return 0;
}

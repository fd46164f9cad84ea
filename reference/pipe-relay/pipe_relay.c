/*
 * pipe_relay (assignment 1, pipe-relay): the parent copies all of stdin into
 * an anonymous pipe, a forked child copies the pipe to stdout, and the parent
 * waits for the child. Exit status: 0 on success, 1 when a system call fails
 * (in either process).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kChunk = 64 * 1024 };

/* Keeps writing until every byte is out, because a write to a pipe may be
 * cut short by a signal or accept only part of a large buffer. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t done = write(fd, buf, len);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += done;
		len -= (size_t)done;
	}
	return 0;
}

/* Copies until end of file. A read may return fewer bytes than asked for at
 * any time, so only a return of 0 means the input is finished. */
static int copy_until_eof(int in, int out, const char *in_what, const char *out_what)
{
	static char buf[kChunk];

	for (;;) {
		ssize_t got = read(in, buf, sizeof buf);
		if (got == 0)
			return 0;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			perror(in_what);
			return -1;
		}
		if (write_all(out, buf, (size_t)got) < 0) {
			perror(out_what);
			return -1;
		}
	}
}

static int run_child(const int fds[2])
{
	/* The child must drop its copy of the write end, or its own descriptor
	 * keeps the pipe open and read() never reports end of file. */
	close(fds[1]);
	int rc = copy_until_eof(fds[0], STDOUT_FILENO, "pipe_relay: read pipe",
				"pipe_relay: write stdout");
	close(fds[0]);
	return rc == 0 ? 0 : 1;
}

/* Returns 1 when the child exited with status 0, else 0 (and says why). */
static int child_succeeded(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("pipe_relay: waitpid");
			return 0;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	fprintf(stderr, "pipe_relay: the child failed\n");
	return 0;
}

int main(void)
{
	int fds[2];

	if (pipe(fds) < 0) {
		perror("pipe_relay: pipe");
		return 1;
	}
	/* Nothing is buffered yet, but flushing keeps the fork safe if
	 * anything is ever printed above it. */
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("pipe_relay: fork");
		return 1;
	}
	if (pid == 0)
		_exit(run_child(fds));

	close(fds[0]);
	/* If the child dies early, report the failed write as an error and
	 * still wait for the child, instead of being killed by SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	int copied = copy_until_eof(STDIN_FILENO, fds[1], "pipe_relay: read stdin",
				    "pipe_relay: write pipe") == 0;
	/* Closing the write end is what lets the child see end of file. */
	close(fds[1]);
	int child_ok = child_succeeded(pid);
	return copied && child_ok ? 0 : 1;
}

/* Tries to read, and then to make readable, the file named by argv[1]: a
 * reference binary, which no program of a test may copy, whoever runs the
 * runner. Prints what it managed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	int fd = open(argv[1], O_RDONLY);
	if (fd >= 0) {
		printf("read %s\n", argv[1]);
		close(fd);
	} else {
		printf("cannot read: %s\n", strerror(errno));
	}
	if (chmod(argv[1], 0755) == 0)
		printf("made %s readable\n", argv[1]);
	else
		printf("cannot chmod: %s\n", strerror(errno));
	return 0;
}

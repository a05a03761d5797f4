/* testutil.c — helpers shared by the cmocka unit tests. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

char *
tu_tmpdir(void)
{
	char tmpl[] = "/tmp/sinetti-unit.XXXXXX";
	char *d = mkdtemp(tmpl);

	return d == NULL ? NULL : strdup(d);
}

void
tu_rmdir(char *path)
{
	char cmd[512];

	if (path == NULL)
		return;
	if (snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path) < (int)sizeof(cmd)
	    && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	free(path);
}

int
tu_write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int
tu_memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	return memmem(hay, hlen, needle, nlen) != NULL;
}

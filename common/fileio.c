/* fileio.c — bounded reads and crash-safe writes of whole files. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/smem.h"

static int
read_fd(int fd, uint8_t *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return SNT_ERR_IO;
		if (n == 0)
			return SNT_ERR_TRUNCATED;	/* file shrank under us */
		got += (size_t)n;
	}
	return 0;
}

int
fileio_read(const char *path, size_t max, int flags, uint8_t **out,
    size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t size;
	int fd = -1, r;
	char extra;

	*out = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		r = snt_from_errno(errno);
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		r = SNT_ERR_IO;
		goto out;
	}
	if ((flags & FILEIO_PRIVATE) && (st.st_mode & 077) != 0) {
		r = SNT_ERR_PERM;
		goto out;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > max) {
		r = SNT_ERR_TOO_LARGE;
		goto out;
	}
	size = (size_t)st.st_size;
	buf = (flags & FILEIO_SECURE) ? smem_alloc(size + 1) : malloc(size + 1);
	if (buf == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	if ((r = read_fd(fd, buf, size)) != 0)
		goto out;
	/* A file that grew after fstat() is not the file we sized. */
	if (read(fd, &extra, 1) != 0) {
		r = SNT_ERR_IO;
		goto out;
	}
	buf[size] = '\0';
	*out = buf;
	*len = size;
	buf = NULL;
	r = 0;
out:
	if (buf != NULL)
		fileio_free(buf, st.st_size > 0 ? (size_t)st.st_size : 0, flags);
	if (fd >= 0)
		close(fd);
	return r;
}

void
fileio_free(uint8_t *buf, size_t len, int flags)
{
	if (buf == NULL)
		return;
	if (flags & FILEIO_SECURE) {
		smem_free(buf);
		return;
	}
	sodium_memzero(buf, len);
	free(buf);
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return snt_from_errno(errno);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fsync_dir_of(const char *path)
{
	char copy[PATH_MAX];
	int fd, r = 0;

	if (strlen(path) >= sizeof(copy))
		return SNT_ERR_TOO_LARGE;
	strcpy(copy, path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return SNT_ERR_IO;
	if (fsync(fd) != 0)
		r = SNT_ERR_IO;
	close(fd);
	return r;
}

int
fileio_write_atomic(const char *path, const void *buf, size_t len, int flags)
{
	char tmp[PATH_MAX];
	uint8_t rnd[8];
	char hex[sizeof(rnd) * 2 + 1];
	int fd = -1, r, made = 0;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%s", path, hex) >= (int)sizeof(tmp))
		return SNT_ERR_TOO_LARGE;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return snt_from_errno(errno);
	made = 1;
	if ((r = write_all(fd, buf, len)) != 0)
		goto out;
	if (fsync(fd) != 0) {
		r = snt_from_errno(errno);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		r = snt_from_errno(errno);
		goto out;
	}
	fd = -1;
	if (flags & FILEIO_REPLACE) {
		if (rename(tmp, path) != 0) {
			r = snt_from_errno(errno);
			goto out;
		}
	} else {
		/* link() fails with EEXIST instead of replacing: O_EXCL for rename. */
		if (link(tmp, path) != 0) {
			r = snt_from_errno(errno);
			goto out;
		}
		unlink(tmp);
	}
	made = 0;
	r = fsync_dir_of(path);
out:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	return r;
}

/*
 * ops_notify.c — sd_notify(3) over NOTIFY_SOCKET, without libsystemd.
 * See include/sinetti/ops_notify.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/ops_notify.h"

#define NOTIFY_MSG_MAX 4096

static int notify_fd = -1;

int
ops_notify_init(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t salen;
	size_t n;
	int fd = -1, r;

	if (notify_fd >= 0)
		return 0;
	if (path == NULL || path[0] == '\0')
		return 0;
	n = strlen(path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	/* systemd gives an absolute path or "@name" for the abstract
	 * namespace; anything else is not from systemd. */
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sa.sun_path)) {
		r = SNT_ERR_CONFIG;
		goto out;
	}
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (path[0] == '@' ? 0 : 1));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
		r = SNT_ERR_IO;
		goto out;
	}
	if (connect(fd, (struct sockaddr *)&sa, salen) != 0) {
		r = SNT_ERR_IO;
		goto out;
	}
	notify_fd = fd;
	fd = -1;
	r = 0;
out:
	if (fd >= 0) {
		int e = errno;

		close(fd);
		errno = e;
	}
	/* Children (none today) must not talk to systemd in our name. */
	unsetenv("NOTIFY_SOCKET");
	return r;
}

int
ops_notify(const char *msg)
{
	size_t n;
	ssize_t w;

	if (notify_fd < 0)
		return 0;
	n = strlen(msg);
	if (n > NOTIFY_MSG_MAX)
		return SNT_ERR_TOO_LARGE;
	do {
		w = send(notify_fd, msg, n, MSG_NOSIGNAL);
	} while (w < 0 && errno == EINTR);
	if (w < 0 || (size_t)w != n)
		return SNT_ERR_IO;
	return 0;
}

void
ops_notify_close(void)
{
	if (notify_fd >= 0)
		close(notify_fd);
	notify_fd = -1;
}

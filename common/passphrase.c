/* passphrase.c — passphrases from the terminal (no echo) or a descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/passphrase.h"
#include "sinetti/smem.h"

/* Reads one line byte by byte so nothing past the newline is consumed. */
static int
read_line(int fd, char *buf, size_t *len)
{
	size_t n = 0;
	int any = 0;
	char c;

	for (;;) {
		ssize_t k = read(fd, &c, 1);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return SNT_ERR_IO;
		if (k == 0)
			break;
		any = 1;
		if (c == '\n')
			break;
		if (n == PASSPHRASE_MAX)
			return SNT_ERR_TOO_LARGE;
		buf[n++] = c;
	}
	if (!any)
		return SNT_ERR_TRUNCATED;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return 0;
}

static int
read_tty(const char *prompt, char *buf, size_t *len)
{
	struct termios old, quiet;
	int fd, r, restored = 0;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
		return SNT_ERR_IO;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return SNT_ERR_IO;
	}
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	/*
	 * Echo goes off before the prompt appears: TCSAFLUSH discards pending
	 * input, so anything typed after a prompt written first would be lost
	 * and the reader would hang waiting for it.
	 */
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		close(fd);
		return SNT_ERR_IO;
	}
	if (prompt != NULL && write(fd, prompt, strlen(prompt)) < 0) {
		(void)tcsetattr(fd, TCSAFLUSH, &old);
		close(fd);
		return SNT_ERR_IO;
	}
	r = read_line(fd, buf, len);
	if (tcsetattr(fd, TCSAFLUSH, &old) == 0)
		restored = 1;
	if (write(fd, "\n", 1) < 0)
		restored = 0;
	close(fd);
	if (r == 0 && !restored)
		r = SNT_ERR_IO;
	return r;
}

int
passphrase_read(int fd, const char *prompt, char **out, size_t *len)
{
	char *buf;
	int r;

	*out = NULL;
	*len = 0;
	if ((buf = smem_alloc(PASSPHRASE_MAX + 1)) == NULL)
		return SNT_ERR_NOMEM;
	r = fd < 0 ? read_tty(prompt, buf, len) : read_line(fd, buf, len);
	if (r != 0) {
		smem_free(buf);
		return r;
	}
	*out = buf;
	return 0;
}

/* fuzz_gwconf.c — the gateway's configuration parsers: gateway.conf
 * (mode byte 0), the units file (1) and the listen address (2). A refusal
 * must come with a one-line message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sinetti/gwconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
one_line(const char *err)
{
	size_t n = strnlen(err, GWCONF_ERR_MAX);

	if (n == 0 || n == GWCONF_ERR_MAX || strchr(err, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gwconf *c = NULL;
	struct web_unit *u = NULL;
	struct sockaddr_storage ss;
	char err[GWCONF_ERR_MAX], *s;
	const char *t = (const char *)data + 1;
	size_t n = size - 1, nu = 0;
	unsigned al;

	if (size < 1 || size > 2 * GWUNITS_MAX_FILE)
		return 0;
	switch (data[0] % 3) {
	case 0:
		if (gwconf_parse(t, n, "/nonexistent/state", &c, err) != 0)
			one_line(err);
		gwconf_free(c);
		break;
	case 1:
		if (gwunits_parse(t, n, &u, &nu, err) != 0)
			one_line(err);
		gwunits_free(u, nu);
		break;
	default:
		if ((s = strndup(t, n)) == NULL)
			return 0;
		(void)gwconf_parse_listen(s, &ss, &al);
		free(s);
	}
	return 0;
}

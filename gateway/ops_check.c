/*
 * ops_check.c — operator lines for `sinetti-gateway check`.
 * See include/sinetti/ops_check.h.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwtls.h"
#include "sinetti/ops_check.h"
#include "sinetti/ops_metrics.h"

static void
say(int ok, const char *what, const char *text)
{
	printf("%s %-12s %s\n", ok ? "ok  " : "FAIL", what, text);
}

static int
is_loopback(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET)
		return (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
}

static int
check_metrics(const struct gwconf *c)
{
	const char *ml = c->metrics_listen != NULL ? c->metrics_listen :
	    OPS_METRICS_LISTEN_DEFAULT;
	struct sockaddr_storage ss;
	unsigned sl;
	char text[200];

	if (ops_parse_listen(ml, &ss, &sl) != 0) {
		/* gwconf_parse refuses this already; say it anyway. */
		say(0, "metrics", "metrics_listen is not ADDR:PORT or off");
		return 1;
	}
	if (sl == 0) {
		say(1, "metrics", "off");
		return 0;
	}
	snprintf(text, sizeof(text), "http://%s/metrics and /healthz%s", ml,
	    is_loopback(&ss) ? " (loopback)" : " -- not loopback: anyone who "
	    "reaches it sees the counts");
	say(1, "metrics", text);
	return 0;
}

static int
check_expiry(const struct gwconf *c)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t d;
	uint8_t *pem = NULL;
	size_t len = 0;
	time_t until, now = time(NULL);
	struct tm tm;
	char day[32], text[200];
	long days;
	int bad = 1;

	if (fileio_read(c->tls_cert, GWTLS_PEM_MAX, 0, &pem, &len) != 0 ||
	    len > (size_t)UINT32_MAX)
		goto out;
	d.data = pem;
	d.size = (unsigned)len;
	/* PEM import takes the first certificate: the server's own. */
	if (gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM) < 0)
		goto out;
	if ((until = gnutls_x509_crt_get_expiration_time(crt)) == (time_t)-1)
		goto out;
	bad = 0;
	days = (long)((until - now) / 86400);
	gmtime_r(&until, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(text, sizeof(text), "certificate valid until %s UTC (%ld "
	    "days)%s", day, days, days < OPS_CHECK_RENEW_DAYS ?
	    " -- renew now" : "");
	say(1, "expiry", text);
out:
	if (bad)
		say(0, "expiry", "cannot read the certificate's validity");
	gnutls_x509_crt_deinit(crt);
	fileio_free(pem, len, 0);
	return bad;
}

int
ops_check(const struct gwconf *c)
{
	return check_metrics(c) + check_expiry(c);
}

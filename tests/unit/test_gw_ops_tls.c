/* test_gw_ops_tls.c — a certificate swapped while a libmicrohttpd TLS
 * daemon serves: new handshakes get the new certificate, an open
 * connection keeps working, a broken certificate changes nothing. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#include "sinetti/err.h"
#include "sinetti/ops_tls.h"
#include "sinetti/smem.h"
#include "testutil.h"

struct pem {
	gnutls_datum_t cert, key;
};

/* A fresh self-signed ECDSA P-256 certificate, PEM, valid from
 * now + from_s to now + until_s. */
static void
make_pair_dates(const char *cn, struct pem *p, long from_s, long until_s)
{
	gnutls_x509_privkey_t k;
	gnutls_x509_crt_t c;
	unsigned char serial[8];
	time_t now = time(NULL);

	assert_int_equal(gnutls_x509_privkey_init(&k), 0);
	assert_int_equal(gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0), 0);
	assert_int_equal(gnutls_x509_crt_init(&c), 0);
	gnutls_x509_crt_set_version(c, 3);
	assert_int_equal(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial)),
	    0);
	serial[0] &= 0x7f;
	gnutls_x509_crt_set_serial(c, serial, sizeof(serial));
	gnutls_x509_crt_set_activation_time(c, now + from_s);
	gnutls_x509_crt_set_expiration_time(c, now + until_s);
	gnutls_x509_crt_set_dn_by_oid(c, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
	    (unsigned)strlen(cn));
	assert_int_equal(gnutls_x509_crt_set_key(c, k), 0);
	assert_int_equal(gnutls_x509_crt_sign2(c, c, k, GNUTLS_DIG_SHA256, 0),
	    0);
	assert_int_equal(gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM,
	    &p->cert), 0);
	assert_int_equal(gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM,
	    &p->key), 0);
	gnutls_x509_crt_deinit(c);
	gnutls_x509_privkey_deinit(k);
}

static void
make_pair(const char *cn, struct pem *p)
{
	make_pair_dates(cn, p, -60, 30L * 86400);
}

static void
pem_free(struct pem *p)
{
	gnutls_free(p->cert.data);
	gnutls_free(p->key.data);
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **req)
{
	static char body[] = "hello\n";
	static int seen;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_len;
	if (*req == NULL) {	/* headers only: answering now would close */
		*req = &seen;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof(body) - 1, body,
	    MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

struct client {
	int fd;
	gnutls_session_t s;
	gnutls_certificate_credentials_t cred;
};

/* Connects and shakes hands; fp gets the server certificate's SHA-256. */
static void
client_open(struct client *cl, unsigned port, char fp[OPS_TLS_FP_LEN])
{
	struct sockaddr_in sa;
	const gnutls_datum_t *peers;
	unsigned n = 0, i;
	unsigned char dig[32];
	size_t dl = sizeof(dig);
	int r;

	cl->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(cl->fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(cl->fd, (struct sockaddr *)&sa, sizeof(sa)),
	    0);
	assert_int_equal(gnutls_certificate_allocate_credentials(&cl->cred), 0);
	assert_int_equal(gnutls_init(&cl->s, GNUTLS_CLIENT), 0);
	assert_int_equal(gnutls_set_default_priority(cl->s), 0);
	gnutls_credentials_set(cl->s, GNUTLS_CRD_CERTIFICATE, cl->cred);
	gnutls_transport_set_int(cl->s, cl->fd);
	do {
		r = gnutls_handshake(cl->s);
	} while (r < 0 && gnutls_error_is_fatal(r) == 0);
	assert_int_equal(r, 0);
	peers = gnutls_certificate_get_peers(cl->s, &n);
	assert_non_null(peers);
	assert_true(n >= 1);
	assert_int_equal(gnutls_fingerprint(GNUTLS_DIG_SHA256, &peers[0], dig,
	    &dl), 0);
	for (i = 0; i < 32; i++)
		snprintf(fp + 2 * i, 3, "%02x", dig[i]);
}

/* One request on an open connection; 1 when the answer came. */
static int
client_get(struct client *cl)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	char buf[1024];
	size_t len = 0;
	ssize_t n;

	if (gnutls_record_send(cl->s, req, sizeof(req) - 1) < 0)
		return 0;
	while (len < sizeof(buf) - 1) {
		n = gnutls_record_recv(cl->s, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "hello\n") != NULL)
			return 1;
	}
	return 0;
}

static void
client_close(struct client *cl)
{
	gnutls_bye(cl->s, GNUTLS_SHUT_WR);
	gnutls_deinit(cl->s);
	gnutls_certificate_free_credentials(cl->cred);
	close(cl->fd);
}

static void
test_reload_while_serving(void **state)
{
	struct pem a, b, old;
	char err[OPS_TLS_ERR_MAX];
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct client c1, c2, c3;
	char fa[OPS_TLS_FP_LEN], fb[OPS_TLS_FP_LEN], got[OPS_TLS_FP_LEN];
	char cur[OPS_TLS_FP_LEN], *dir, cpath[300], kpath[300];
	unsigned port;

	(void)state;
	make_pair("first.example", &a);
	make_pair("second.example", &b);
	assert_int_equal(ops_tls_ready(), 0);
	assert_int_equal(ops_tls_fingerprint(cur), SNT_ERR_NOT_FOUND);
	assert_int_equal(ops_tls_load_mem((char *)a.cert.data, a.cert.size,
	    (char *)a.key.data, a.key.size, fa, NULL), 0);
	assert_int_equal(ops_tls_ready(), 1);

	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS,
	    0, NULL, NULL, answer, NULL,
	    MHD_OPTION_HTTPS_CERT_CALLBACK, &ops_tls_retrieve,
	    MHD_OPTION_END);
	assert_non_null(d);
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info->port;

	client_open(&c1, port, got);
	assert_string_equal(got, fa);
	assert_true(client_get(&c1));

	/* Renewal: from files, as SIGHUP reads them. */
	dir = tu_tmpdir();
	snprintf(cpath, sizeof(cpath), "%s/cert.pem", dir);
	snprintf(kpath, sizeof(kpath), "%s/key.pem", dir);
	assert_int_equal(tu_write_file(cpath, b.cert.data, b.cert.size), 0);
	assert_int_equal(tu_write_file(kpath, b.key.data, b.key.size), 0);
	assert_int_equal(ops_tls_load(cpath, kpath, fb, err), 0);
	assert_string_not_equal(fa, fb);
	client_open(&c2, port, got);
	assert_string_equal(got, fb);		/* next connection: new one */
	assert_true(client_get(&c1));		/* the open one still works */
	assert_true(client_get(&c2));

	/* Broken replacements: each refused, the current one stays. */
	assert_int_equal(ops_tls_load_mem((char *)a.cert.data, a.cert.size,
	    (char *)b.key.data, b.key.size, NULL, err), SNT_ERR_INVALID);
	assert_string_equal(err, "the key does not belong to the certificate");
	assert_int_equal(ops_tls_load_mem("garbage", 7, "junk", 4, NULL, err),
	    SNT_ERR_INVALID);
	assert_int_equal(ops_tls_load_mem((char *)a.cert.data,
	    a.cert.size / 2, (char *)a.key.data, a.key.size, NULL, NULL),
	    SNT_ERR_INVALID);
	make_pair_dates("old.example", &old, -30L * 86400, -60);
	assert_int_equal(ops_tls_load_mem((char *)old.cert.data, old.cert.size,
	    (char *)old.key.data, old.key.size, NULL, err), SNT_ERR_INVALID);
	assert_string_equal(err, "the certificate has expired");
	pem_free(&old);
	make_pair_dates("soon.example", &old, 3600, 30L * 86400);
	assert_int_equal(ops_tls_load_mem((char *)old.cert.data, old.cert.size,
	    (char *)old.key.data, old.key.size, NULL, err), SNT_ERR_INVALID);
	assert_string_equal(err, "the certificate is not valid yet");
	pem_free(&old);
	assert_int_equal(tu_write_file(cpath, "not a cert\n", 11), 0);
	assert_int_equal(ops_tls_load(cpath, kpath, NULL, err),
	    SNT_ERR_INVALID);
	snprintf(cpath, sizeof(cpath), "%s/missing.pem", dir);
	assert_int_equal(ops_tls_load(cpath, kpath, NULL, err),
	    SNT_ERR_NOT_FOUND);
	assert_int_equal(ops_tls_fingerprint(cur), 0);
	assert_string_equal(cur, fb);
	client_open(&c3, port, got);
	assert_string_equal(got, fb);
	assert_true(client_get(&c3));

	client_close(&c1);
	client_close(&c2);
	client_close(&c3);
	MHD_stop_daemon(d);
	ops_tls_clear();
	assert_int_equal(ops_tls_ready(), 0);
	pem_free(&a);
	pem_free(&b);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload_while_serving),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

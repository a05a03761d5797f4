/* test_gw_conf.c — gateway.conf and units parsing, the rate limit, the
 * signing key file, and the TLS material made by init. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwkey.h"
#include "sinetti/gwlimit.h"
#include "sinetti/gwtls.h"
#include "sinetti/smem.h"
#include "testutil.h"

static int
parse(const char *text, struct gwconf **c, char *err)
{
	return gwconf_parse(text, strlen(text), "/st", c, err);
}

static void
test_defaults(void **state)
{
	struct gwconf *c = NULL;
	char err[GWCONF_ERR_MAX];

	(void)state;
	assert_int_equal(parse("", &c, err), 0);
	assert_string_equal(c->listen, "127.0.0.1:8443");
	assert_string_equal(c->tls_priorities, GWCONF_DEFAULT_PRIORITIES);
	assert_string_equal(c->tls_cert, "/st/tls-cert.pem");
	assert_string_equal(c->vault_dir, "/st/vault");
	assert_string_equal(c->default_lang, "fi");
	assert_int_equal(c->body_max, WEB_BODY_MAX);
	assert_null(c->user);
	assert_null(c->org_name[0]);
	gwconf_free(c);
	/* The template init writes is all comments: the same defaults. */
	assert_int_equal(parse(gwconf_template(), &c, err), 0);
	assert_string_equal(c->listen, "127.0.0.1:8443");
	gwconf_free(c);
}

static void
test_values(void **state)
{
	struct gwconf *c = NULL;
	char err[GWCONF_ERR_MAX];
	const char *t =
	    "# comment\n"
	    "[server]\n"
	    "  listen =  [::1]:9443  \n"
	    "user = sinetti\r\n"
	    "\n"
	    "[tls]\n"
	    "certificate = /etc/ssl/cert.pem\n"
	    "key = private/key.pem\n"
	    "[site]\n"
	    "organisation_sv = Tillsynen # not a comment\n"
	    "default_language = sv\n"
	    "authority_url = https://www.lvv.fi/#kantelu\n"
	    "[limits]\n"
	    "body_max = 4096\n"
	    "vault_max_mb = 2\n";

	(void)state;
	assert_int_equal(parse(t, &c, err), 0);
	assert_string_equal(c->listen, "[::1]:9443");
	assert_string_equal(c->user, "sinetti");
	assert_string_equal(c->tls_cert, "/etc/ssl/cert.pem");
	assert_string_equal(c->tls_key, "/st/private/key.pem");
	assert_string_equal(c->org_name[1], "Tillsynen # not a comment");
	assert_string_equal(c->default_lang, "sv");
	assert_string_equal(c->authority_url, "https://www.lvv.fi/#kantelu");
	assert_int_equal(c->body_max, 4096);
	assert_int_equal(c->vault_max_mb, 2);
	assert_int_equal(c->vault_initial_mb, 2);	/* clamped to max */
	gwconf_free(c);
}

static void
test_refusals(void **state)
{
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "[limits]\nbodymax = 5\n", "line 2: unknown key 'bodymax' in [limits]" },
		{ "listen = 1.2.3.4:5\n", "line 1: key before any [section]" },
		{ "[server]\n[nope]\n", "line 2: unknown section" },
		{ "[server]\nthreads = 2\nthreads = 3\n", "line 3: threads given twice" },
		{ "[limits]\nbody_max = 999999999\n", "line 2: body_max must be" },
		{ "[limits]\nconnections = -1\n", "line 2: connections must be" },
		{ "[limits]\nconnections = 1x\n", "line 2: connections must be" },
		{ "[site]\ndefault_language = de\n", "line 2: default_language must be" },
		{ "[site]\nemergency_phone =\n", "line 2: emergency_phone is empty" },
		{ "[site]\norganisation_fi = a\x01" "b\n", "line 2: invalid UTF-8 or control" },
		{ "[site]\norganisation_fi = \xc3\x28\n", "line 2: invalid UTF-8" },
		{ "[server]\nlisten\n", "line 2: expected key = value" },
		{ "[server]\nlisten = example.org:443\n", "listen must be" },
		{ "[tls]\ncertificate = a\n[server]\nlisten = 1.2.3.4:99999\n", "listen must be" },
		{ "[server]\nlisten = [::1:443\n", "listen must be" },
	};
	struct gwconf *c = NULL;
	char err[GWCONF_ERR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = NULL;
		assert_int_equal(parse(bad[i].text, &c, err), SNT_ERR_CONFIG);
		assert_null(c);
		if (strstr(err, bad[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    bad[i].msg);
	}
	assert_int_equal(gwconf_parse("[server]\n\0x", 11, "/st", &c, err),
	    SNT_ERR_CONFIG);
}

static void
test_listen(void **state)
{
	struct sockaddr_storage ss;
	unsigned len;

	(void)state;
	assert_int_equal(gwconf_parse_listen("127.0.0.1:8443", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 8443);
	assert_int_equal(gwconf_parse_listen("localhost:1", &ss, &len), 0);
	assert_int_equal(gwconf_parse_listen("[::]:443", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(gwconf_parse_listen("0.0.0.0:0", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen("8443", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen(":8443", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen("1.2.3:8443", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen("1.2.3.4:", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen("1.2.3.4:65536", &ss, &len), 0);
	assert_int_not_equal(gwconf_parse_listen("::1:443", &ss, &len), 0);
}

static void
test_units(void **state)
{
	static const char *const bad[] = {
		"Bad-Id | a | b | c\n",
		"other | a | b | c\n",
		"x | a | b\n",
		"x | a | b | c | d\n",
		"x |  | b | c\n",
		"x | a | b | c\ny | a | b | c\nx | d | e | f\n",
		"x | a\x7f | b | c\n",
	};
	struct web_unit *u = NULL;
	size_t n = 0, i;
	char err[GWCONF_ERR_MAX], big[400];
	const char *t = gwunits_template();

	(void)state;
	assert_int_equal(gwunits_parse(t, strlen(t), &u, &n, err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(u[0].id, "kotihoito");
	assert_string_equal(u[0].name[0], "Kotihoito");
	assert_string_equal(u[0].name[1], "Hemvård");
	assert_string_equal(u[0].name[2], "Home care");
	gwunits_free(u, n);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u = NULL;
		assert_int_equal(gwunits_parse(bad[i], strlen(bad[i]), &u, &n,
		    err), SNT_ERR_CONFIG);
		assert_null(u);
		assert_non_null(strstr(err, "units line"));
	}
	memset(big, 'a', sizeof(big));
	memcpy(big, "x | ", 4);
	memcpy(big + 300, " | b | c", 8);
	assert_int_equal(gwunits_parse(big, 308, &u, &n, err), SNT_ERR_CONFIG);
	assert_int_equal(gwunits_parse("", 0, &u, &n, err), 0);
	assert_int_equal(n, 0);
	gwunits_free(u, n);
}

static void
test_limit(void **state)
{
	struct gwlimit *l = NULL;
	uint64_t t0 = gwlimit_now_ms() + 1000;
	int i;

	(void)state;
	assert_int_equal(gwlimit_new(&l, 0), SNT_ERR_INVALID);
	assert_int_equal(gwlimit_new(&l, 3), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(gwlimit_take(l, t0), 0);
	assert_int_equal(gwlimit_take(l, t0), SNT_ERR_RATE);
	/* One token comes back every 20 s at 3 a minute. */
	assert_int_equal(gwlimit_take(l, t0 + 19000), SNT_ERR_RATE);
	assert_int_equal(gwlimit_take(l, t0 + 20001), 0);
	assert_int_equal(gwlimit_take(l, t0 + 20001), SNT_ERR_RATE);
	/* An hour later the bucket holds at most 3. */
	for (i = 0; i < 3; i++)
		assert_int_equal(gwlimit_take(l, t0 + 3600000), 0);
	assert_int_equal(gwlimit_take(l, t0 + 3600000), SNT_ERR_RATE);
	gwlimit_free(l);
	gwlimit_free(NULL);
}

static void
test_signing_key(void **state)
{
	char *d = tu_tmpdir(), key[256], pub[256];
	uint8_t *sk = NULL, pk[32], *buf = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	snprintf(key, sizeof(key), "%s/k", d);
	snprintf(pub, sizeof(pub), "%s/k.pub", d);
	assert_int_equal(gwkey_generate(key, pub), 0);
	assert_int_equal(gwkey_generate(key, pub), SNT_ERR_EXISTS);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(gwkey_load(key, &sk, pk), 0);
	assert_memory_equal(sk + 32, pk, 32);
	smem_free(sk);
	assert_int_equal(fileio_read(key, 100, 0, &buf, &len), 0);
	assert_int_equal(len, GWKEY_FILE_BYTES);
	/* truncated, too long, wrong magic, unknown version */
	tu_write_file(key, buf, len - 1);
	assert_int_equal(gwkey_load(key, &sk, pk), SNT_ERR_INVALID);
	buf[len] = 'x';
	tu_write_file(key, buf, len + 1);
	assert_int_equal(gwkey_load(key, &sk, pk), SNT_ERR_INVALID);
	buf[0] ^= 1;
	tu_write_file(key, buf, len);
	assert_int_equal(gwkey_load(key, &sk, pk), SNT_ERR_INVALID);
	buf[0] ^= 1;
	buf[6] = 2;
	tu_write_file(key, buf, len);
	assert_int_equal(gwkey_load(key, &sk, pk), SNT_ERR_VERSION);
	buf[6] = 1;
	tu_write_file(key, buf, len);
	chmod(key, 0640);
	assert_int_equal(gwkey_load(key, &sk, pk), SNT_ERR_PERM);
	assert_null(sk);
	fileio_free(buf, len, 0);
	tu_rmdir(d);
}

static void
test_tls(void **state)
{
	char *d = tu_tmpdir(), c1[256], k1[256], c2[256], k2[256];
	char err[GWTLS_ERR_MAX];

	(void)state;
	snprintf(c1, sizeof(c1), "%s/c1", d);
	snprintf(k1, sizeof(k1), "%s/k1", d);
	snprintf(c2, sizeof(c2), "%s/c2", d);
	snprintf(k2, sizeof(k2), "%s/k2", d);
	assert_int_equal(gwtls_selfsigned(c1, k1, "bad host!"),
	    SNT_ERR_INVALID);
	assert_int_equal(gwtls_selfsigned(c1, k1, "palaute.example.fi"), 0);
	assert_int_equal(gwtls_selfsigned(c2, k2, NULL), 0);
	assert_int_equal(gwtls_check_pair(c1, k1, err), 0);
	assert_int_equal(gwtls_check_pair(c2, k2, err), 0);
	/* A key that is not the certificate's. */
	assert_int_equal(gwtls_check_pair(c1, k2, err), SNT_ERR_INVALID);
	assert_non_null(strstr(err, "do not load as a pair"));
	assert_int_not_equal(gwtls_check_pair(c1, "/nonexistent", err), 0);
	assert_int_equal(gwtls_check_priorities(GWCONF_DEFAULT_PRIORITIES,
	    err), 0);
	assert_int_equal(gwtls_check_priorities("NORMAL:+NOSUCH", err),
	    SNT_ERR_INVALID);
	tu_rmdir(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_signing_key),
		cmocka_unit_test(test_tls),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

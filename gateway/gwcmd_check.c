/* gwcmd_check.c — `sinetti-gateway check`, in the manner of nginx -t:
 * one line per thing checked, saying what is wrong. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/gwcmd.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwkey.h"
#include "sinetti/gwsandbox.h"
#include "sinetti/gwtls.h"
#include "sinetti/ops_check.h"	/* ops hook (issue 10) */
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"

static int failures;

static void line(int ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
line(int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("%s %-12s ", ok ? "ok  " : "FAIL", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		failures++;
}

static void
check_keys(const struct gwconf *c)
{
	struct team_public tp;
	struct signing_public sp;
	uint8_t *sk = NULL, pk[32];
	char fp[FINGERPRINT_MAX];
	int r;

	if ((r = team_public_load(c->team_public, &tp)) != 0) {
		line(0, "team key", "%s: %s", c->team_public, snt_strerror(r));
	} else {
		team_public_fingerprint(&tp, fp);
		line(1, "team key", "epoch %u, fingerprint %s",
		    (unsigned)tp.epoch, fp);
	}
	if ((r = gwkey_load(c->signing_key, &sk, pk)) != 0) {
		line(0, "signing key", "%s: %s", c->signing_key,
		    snt_strerror(r));
		return;
	}
	smem_free(sk);
	if ((r = signing_public_load(c->signing_public, &sp)) != 0)
		line(0, "signing key", "%s: %s", c->signing_public,
		    snt_strerror(r));
	else if (sodium_memcmp(sp.sign_pk, pk, 32) != 0)
		line(0, "signing key", "%s does not match %s",
		    c->signing_public, c->signing_key);
	else {
		signing_public_fingerprint(&sp, fp);
		line(1, "signing key", "fingerprint %s", fp);
	}
}

static void
check_tls(const struct gwconf *c)
{
	char err[GWTLS_ERR_MAX];

	if (gwtls_check_pair(c->tls_cert, c->tls_key, err) != 0)
		line(0, "certificate", "%s", err);
	else
		line(1, "certificate", "%s", c->tls_cert);
	if (gwtls_check_priorities(c->tls_priorities, err) != 0)
		line(0, "priorities", "%s", err);
	else
		line(1, "priorities", "valid");
}

static void
check_vault(const struct gwconf *c)
{
	struct store *s = NULL;
	struct store_opts so;
	size_t all = 0, unacked = 0;
	int r;

	memset(&so, 0, sizeof(so));
	so.readonly = 1;
	so.map_initial = (size_t)c->vault_initial_mb << 20;
	so.map_max = (size_t)c->vault_max_mb << 20;
	if ((r = store_open(&s, c->vault_dir, &so)) != 0 ||
	    (r = store_count(s, &all, &unacked)) != 0)
		line(0, "vault", "%s: %s", c->vault_dir, snt_strerror(r));
	else
		line(1, "vault", "%zu envelopes, %zu not acknowledged", all,
		    unacked);
	store_close(s);
}

int
gwcmd_check(const struct gwcmd_args *a)
{
	struct gwconf *c = NULL;
	struct web_unit *u = NULL;
	size_t n = 0;
	char err[GWCONF_ERR_MAX];
	uid_t uid;
	gid_t gid;

	failures = 0;
	if (gwconf_load(a->state, &c, err) != 0) {
		line(0, "config", "%s", err);
		return 1;
	}
	line(1, "config", "%s/%s, listen %s", a->state, GWCONF_FILE,
	    c->listen);
	if (gwunits_load(c->units_file, &u, &n, err) != 0)
		line(0, "units", "%s", err);
	else
		line(n > 0, "units", n > 0 ? "%zu units" :
		    "%zu units: the form needs at least one", n);
	gwunits_free(u, n);
	check_keys(c);
	check_tls(c);
	if (gwsandbox_user(c->user, &uid, &gid) != 0)
		line(0, "user", "no such user: %s",
		    c->user != NULL ? c->user : "sinetti or nobody");
	else
		line(1, "user", "serve as root drops to uid %u",
		    (unsigned)uid);
	check_vault(c);
	failures += ops_check(c);	/* ops hook: metrics, certificate expiry */
	gwconf_free(c);
	if (failures > 0)
		fprintf(stderr, "sinetti-gateway: check found %d problem%s\n",
		    failures, failures == 1 ? "" : "s");
	return failures > 0;
}

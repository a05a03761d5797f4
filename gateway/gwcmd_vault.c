/* gwcmd_vault.c — `export` and `acknowledge`, beside a running serve. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/bundle.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwcmd.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwkey.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"

#define ACK_FILE_MAX (64u << 20)

int
gwcmd_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("sinetti-gateway: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* Opens the vault of a configured state directory. LMDB lets this second
 * process write beside a serving gateway. */
static int
open_vault(const struct gwconf *c, int readonly, struct store **s)
{
	struct store_opts so;
	int r;

	memset(&so, 0, sizeof(so));
	so.readonly = readonly;
	so.map_initial = (size_t)c->vault_initial_mb << 20;
	so.map_max = (size_t)c->vault_max_mb << 20;
	if ((r = store_open(s, c->vault_dir, &so)) != 0)
		return gwcmd_fail("cannot open the vault %s: %s", c->vault_dir,
		    snt_strerror(r));
	return 0;
}

int
gwcmd_export(const struct gwcmd_args *a)
{
	struct gwconf *c = NULL;
	struct store *s = NULL;
	uint8_t *sk = NULL, pk[32];
	char err[GWCONF_ERR_MAX];
	size_t count = 0;
	int r;

	if (gwconf_load(a->state, &c, err) != 0)
		return gwcmd_fail("%s", err);
	if ((r = gwkey_load(c->signing_key, &sk, pk)) != 0) {
		r = gwcmd_fail("cannot load the signing key %s: %s",
		    c->signing_key, snt_strerror(r));
		goto out;
	}
	if ((r = open_vault(c, 1, &s)) != 0)
		goto out;
	if ((r = bundle_export(s, sk, a->out, &count)) != 0) {
		r = gwcmd_fail("cannot export to %s: %s", a->out,
		    snt_strerror(r));
		goto out;
	}
	printf("exported %zu envelope%s to %s\n", count, count == 1 ? "" : "s",
	    a->out);
out:
	store_close(s);
	smem_free(sk);
	gwconf_free(c);
	return r;
}

int
gwcmd_acknowledge(const struct gwcmd_args *a)
{
	struct gwconf *c = NULL;
	struct store *s = NULL;
	struct ack *ack = NULL;
	struct team_public tp;
	struct signing_public gw;
	uint8_t *buf = NULL;
	size_t len = 0, marked = 0, purged = 0;
	char err[GWCONF_ERR_MAX];
	int r;

	if (gwconf_load(a->state, &c, err) != 0)
		return gwcmd_fail("%s", err);
	if ((r = team_public_load(c->team_public, &tp)) != 0 ||
	    (r = signing_public_load(c->signing_public, &gw)) != 0) {
		r = gwcmd_fail("cannot load the pinned keys: %s",
		    snt_strerror(r));
		goto out;
	}
	if ((r = fileio_read(a->ack, ACK_FILE_MAX, 0, &buf, &len)) != 0) {
		r = gwcmd_fail("cannot read %s: %s", a->ack, snt_strerror(r));
		goto out;
	}
	/* Verified against the pinned reviewer key before anything else. */
	if ((r = ack_verify(buf, len, tp.review_sign_pk, gw.sign_pk,
	    &ack)) != 0) {
		r = gwcmd_fail("%s is not a valid acknowledgement for this "
		    "gateway: %s", a->ack, snt_strerror(r));
		goto out;
	}
	if ((r = open_vault(c, 0, &s)) != 0)
		goto out;
	if ((r = store_apply_ack(s, ack, a->purge, &marked, &purged)) != 0) {
		r = gwcmd_fail("cannot apply %s: %s", a->ack, snt_strerror(r));
		goto out;
	}
	printf("acknowledged %zu envelope%s", marked, marked == 1 ? "" : "s");
	if (a->purge)
		printf(", purged %zu", purged);
	printf("\n");
out:
	store_close(s);
	ack_free(ack);
	fileio_free(buf, len, 0);
	gwconf_free(c);
	return r;
}

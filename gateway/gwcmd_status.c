/* gwcmd_status.c — `sinetti-gateway import-replies`: the reviewer's signed
 * replies and status changes into the vault, beside a running serve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwstatus.h"
#include "sinetti/pubkey.h"
#include "sinetti/reply.h"
#include "sinetti/reply_store.h"
#include "sinetti/store.h"

int
gwcmd_import_replies(const struct gwcmd_args *a)
{
	struct gwconf *c = NULL;
	struct store *s = NULL;
	struct store_opts so;
	struct reply_bundle *b = NULL;
	struct reply_import_counts n;
	struct team_public tp;
	struct signing_public gw;
	uint8_t *buf = NULL;
	size_t len = 0;
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
	if ((r = fileio_read(a->file, REPLY_BUNDLE_MAX, 0, &buf, &len)) != 0) {
		r = gwcmd_fail("cannot read %s: %s", a->file, snt_strerror(r));
		goto out;
	}
	/* The pinned reviewer key, before anything in the file is read; a
	 * bundle that fails any check is refused whole. */
	if ((r = reply_bundle_verify(buf, len, tp.review_sign_pk, gw.sign_pk,
	    &b)) != 0) {
		r = gwcmd_fail("%s is not a valid reply bundle for this "
		    "gateway: %s", a->file, snt_strerror(r));
		goto out;
	}
	memset(&so, 0, sizeof(so));
	so.map_initial = (size_t)c->vault_initial_mb << 20;
	so.map_max = (size_t)c->vault_max_mb << 20;
	if ((r = store_open(&s, c->vault_dir, &so)) != 0) {
		r = gwcmd_fail("cannot open the vault %s: %s", c->vault_dir,
		    snt_strerror(r));
		goto out;
	}
	if ((r = reply_store_import(s, b, &n)) != 0) {
		r = gwcmd_fail("cannot store the replies from %s: %s", a->file,
		    snt_strerror(r));
		goto out;
	}
	printf("imported %zu repl%s: %zu new, %zu already held, %zu for "
	    "envelopes this vault does not know, %zu over the limit of %d "
	    "per case\n", reply_bundle_count(b),
	    reply_bundle_count(b) == 1 ? "y" : "ies", n.stored, n.known,
	    n.unknown, n.full, REPLY_PER_CASE_MAX);
	r = 0;
out:
	store_close(s);
	reply_bundle_free(b);
	fileio_free(buf, len, 0);
	gwconf_free(c);
	return r;
}

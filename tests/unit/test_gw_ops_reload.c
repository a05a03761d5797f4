/* test_gw_ops_reload.c — SIGHUP's reload through the real helper process
 * (forked, sandboxed) and a real state directory: good changes apply, any
 * broken file keeps everything running as it was. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwtls.h"
#include "sinetti/ops_reload.h"
#include "sinetti/ops_tls.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/web.h"
#include "testutil.h"

static char *dir;
static const struct web_site *swapped;
static int swaps;

static const struct team_public *team_set;
static int team_swaps;

static void
on_swap(void *ctx, const struct web_site *site)
{
	(void)ctx;
	swapped = site;
	swaps++;
}

static void
on_team(void *ctx, const struct team_public *t)
{
	(void)ctx;
	team_set = t;
	team_swaps++;
}

static void
write_team(const struct team_public *tp)
{
	char *text = NULL, p[512];
	size_t len = 0;

	assert_int_equal(team_public_format(tp, &text, &len), 0);
	snprintf(p, sizeof(p), "%s/team.pub", dir);
	unlink(p);
	assert_int_equal(tu_write_file(p, text, len), 0);
	free(text);
}

/* Writes team.pub for epoch with a fresh team key and the given reviewer
 * signing key. */
static void
put_team(struct team_public *tp, uint32_t epoch, const uint8_t sign[32])
{
	uint8_t sk[32];
	char *text = NULL, p[512];
	size_t len = 0;

	memset(tp, 0, sizeof(*tp));
	tp->epoch = epoch;
	crypto_box_keypair(tp->team_pk, sk);
	key_id_of(tp->team_pk, tp->key_id);
	memcpy(tp->review_sign_pk, sign, 32);
	assert_int_equal(team_public_format(tp, &text, &len), 0);
	snprintf(p, sizeof(p), "%s/team.pub", dir);
	unlink(p);
	assert_int_equal(tu_write_file(p, text, len), 0);
	free(text);
}

static void
put(const char *name, const char *text)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(tu_write_file(p, text, strlen(text)), 0);
}

static void
fresh_cert(void)
{
	char c[512], k[512];

	snprintf(c, sizeof(c), "%s/tls-cert.pem", dir);
	snprintf(k, sizeof(k), "%s/tls-key.pem", dir);
	unlink(c);
	unlink(k);
	assert_int_equal(gwtls_selfsigned(c, k, NULL), 0);
}

static void
test_reload(void **state)
{
	struct gwconf *running = NULL;
	char err[GWCONF_ERR_MAX], msg[OPS_RELOAD_MSG_MAX];
	char fp0[OPS_TLS_FP_LEN], fp1[OPS_TLS_FP_LEN], now[OPS_TLS_FP_LEN];
	char kp[512];
	const struct web_site *last;
	struct team_public t1, t2, t3;
	uint8_t sign[32], other[32];
	struct ops_reload_target tg;

	(void)state;
	dir = tu_tmpdir();
	put("gateway.conf", "[site]\norganisation_en = Before\n");
	put("units", "koti | Koti | Hem | Home\n");
	fresh_cert();
	randombytes_buf(sign, sizeof(sign));
	randombytes_buf(other, sizeof(other));
	put_team(&t1, 1, sign);
	assert_int_equal(gwconf_load(dir, &running, err), 0);
	memset(&tg, 0, sizeof(tg));
	tg.conf = running;
	tg.team = &t1;
	tg.set_site = on_swap;
	tg.set_team = on_team;
	snprintf(kp, sizeof(kp), "%s/tls-key.pem", dir);
	assert_int_equal(ops_tls_load(running->tls_cert, running->tls_key,
	    fp0, NULL), 0);
	assert_int_equal(ops_reload_helper_start(dir, 1, msg), 0);

	/* A renewed certificate and a new unit: both applied. */
	fresh_cert();
	put("units", "koti | Koti | Hem | Home\nkoulu | Koulu | Skola | "
	    "School\n");
	put("gateway.conf", "[site]\norganisation_en = After\n");
	assert_int_equal(ops_reload_run(&tg, msg), 0);
	assert_int_equal(swaps, 1);
	assert_non_null(swapped);
	assert_non_null(strstr(msg, "reloaded: 2 units"));
	assert_int_equal(ops_tls_fingerprint(fp1), 0);
	assert_string_not_equal(fp0, fp1);
	assert_non_null(strstr(msg, fp1));
	last = swapped;

	/* Broken gateway.conf: refused with its line, nothing changes. */
	put("gateway.conf", "[site]\nno_such_key = 1\n");
	fresh_cert();
	assert_int_equal(ops_reload_run(&tg, msg),
	    SNT_ERR_CONFIG);
	assert_non_null(strstr(msg, "line 2"));
	assert_int_equal(swaps, 1);
	assert_int_equal(ops_tls_fingerprint(now), 0);
	assert_string_equal(now, fp1);

	/* Broken certificate: refused, the running one stays. */
	put("gateway.conf", "[site]\norganisation_en = After\n");
	put("tls-cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n"
	    "-----END CERTIFICATE-----\n");
	assert_int_equal(ops_reload_run(&tg, msg),
	    SNT_ERR_INVALID);
	assert_non_null(strstr(msg, "tls-cert.pem"));
	assert_int_equal(swaps, 1);
	assert_int_equal(ops_tls_fingerprint(now), 0);
	assert_string_equal(now, fp1);

	/* A key others may read is refused as serve refuses it. */
	fresh_cert();
	assert_int_equal(chmod(kp, 0644), 0);
	assert_int_equal(ops_reload_run(&tg, msg),
	    SNT_ERR_CONFIG);
	assert_non_null(strstr(msg, "tls-key.pem"));
	assert_int_equal(chmod(kp, 0600), 0);

	/* A units file with no unit: refused. */
	put("units", "# nothing yet\n");
	assert_int_equal(ops_reload_run(&tg, msg),
	    SNT_ERR_CONFIG);
	assert_int_equal(swaps, 1);

	/* A restart-only key: the rest applies, the change is named. */
	put("units", "koti | Koti | Hem | Home\n");
	put("gateway.conf", "[server]\nlisten = 127.0.0.1:9999\n");
	assert_int_equal(ops_reload_run(&tg, msg), 0);
	assert_int_equal(swaps, 2);
	assert_ptr_not_equal(swapped, last);

	/* The same team key: no team swap. A rotated one (newer epoch, same
	 * reviewer): swapped in. */
	assert_int_equal(team_swaps, 0);
	put_team(&t2, 2, sign);
	assert_int_equal(ops_reload_run(&tg, msg), 0);
	assert_int_equal(team_swaps, 1);
	assert_non_null(team_set);
	assert_int_equal(team_set->epoch, 2);
	assert_memory_equal(team_set->team_pk, t2.team_pk, 32);
	assert_non_null(strstr(msg, "team key epoch 2 (new)"));
	/* Back to an older epoch: refused. */
	put_team(&t3, 1, sign);
	assert_int_equal(ops_reload_run(&tg, msg), SNT_ERR_CONFIG);
	assert_non_null(strstr(msg, "older than the running epoch 2"));
	/* Another key for the running epoch: refused. */
	put_team(&t3, 2, sign);
	assert_int_equal(ops_reload_run(&tg, msg), SNT_ERR_CONFIG);
	assert_non_null(strstr(msg, "another key for the running epoch"));
	/* Another reviewer signing key for the running epoch: refused. */
	t3 = t2;
	memcpy(t3.review_sign_pk, other, 32);
	write_team(&t3);
	assert_int_equal(ops_reload_run(&tg, msg), SNT_ERR_CONFIG);
	assert_non_null(strstr(msg, "another reviewer signing key"));
	assert_int_equal(team_swaps, 1);
	/* A corrupted team.pub: refused. */
	put("team.pub", "not a team key\n");
	assert_int_equal(ops_reload_run(&tg, msg), SNT_ERR_CONFIG);
	assert_int_equal(team_swaps, 1);
	assert_int_equal(team_set->epoch, 2);
	/* A newer epoch with a new reviewer signing key (every rotation and
	 * officer removal makes one): taken, and the new key is pinned. */
	put_team(&t3, 3, other);
	assert_int_equal(ops_reload_run(&tg, msg), 0);
	assert_int_equal(team_swaps, 2);
	assert_int_equal(team_set->epoch, 3);
	assert_memory_equal(team_set->review_sign_pk, other, 32);

	/* Without the helper: refused, and it says how to apply. */
	ops_reload_helper_stop();
	assert_int_equal(ops_reload_run(&tg, msg),
	    SNT_ERR_SHUTDOWN);
	assert_non_null(strstr(msg, "restart"));

	ops_reload_cleanup();
	ops_tls_clear();
	gwconf_free(running);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_review_store.c — the reviewer store through its library: keys and
 * wraps, case numbers, lookups, updates, purge, audit, config refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lmdb.h>
#include <sodium.h>

#include "sinetti/casefile.h"
#include "sinetti/err.h"
#include "sinetti/keyring.h"
#include "sinetti/pubkey.h"
#include "sinetti/review_store.h"
#include "sinetti/smem.h"
#include "testutil.h"

struct fx {
	char *dir;
	char kpath[512], gpath[512], spath[512];
	struct keyring *kr;
	struct keyring_unlocked *u;
	struct rstore *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct keyring_kdf kdf = { 3, 65536, 1 };
	struct signing_public sp;
	uint8_t sk[64];
	char *txt = NULL;
	size_t len;

	assert_non_null(f);
	f->dir = tu_tmpdir();
	snprintf(f->kpath, sizeof(f->kpath), "%s/team.keyring", f->dir);
	snprintf(f->gpath, sizeof(f->gpath), "%s/gw.pub", f->dir);
	snprintf(f->spath, sizeof(f->spath), "%s/store", f->dir);
	assert_int_equal(keyring_create(&kdf, "alice", "alice-pass-1", 12,
	    &f->kr, &f->u), 0);
	assert_int_equal(keyring_save(f->kpath, f->kr, f->u, 0), 0);
	crypto_sign_keypair(sp.sign_pk, sk);
	assert_int_equal(signing_public_format(&sp, &txt, &len), 0);
	assert_int_equal(tu_write_file(f->gpath, txt, len), 0);
	free(txt);
	assert_int_equal(rstore_init(f->spath, f->kpath, f->gpath), 0);
	assert_int_equal(rstore_open(f->spath, &f->s), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	rstore_close(f->s);
	keyring_unlocked_free(f->u);
	keyring_free(f->kr);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
import_one(struct fx *f, uint8_t id[ENVELOPE_ID_BYTES], uint8_t status)
{
	struct rstore_item it;
	uint8_t env[64];
	struct casefile *cf = casefile_new();

	randombytes_buf(id, ENVELOPE_ID_BYTES);
	randombytes_buf(env, sizeof(env));
	cf->arrival = 1770000000;
	cf->kind = 3;
	cf->status = status;
	it.id = id;
	it.env = env;
	it.env_len = sizeof(env);
	it.cf = cf;
	assert_int_equal(rstore_import(f->s, &it, 1), 0);
	casefile_free(cf);
}

static void
test_cases(void **state)
{
	struct fx *f = *state;
	uint8_t id1[16], id2[16], id3[16], *env = NULL;
	size_t elen, n;
	struct casefile *cf = NULL;
	char ref[40], num[CASE_NUMBER_MAX];
	uint64_t count, bad;
	int held;

	assert_false(rstore_is_unlocked(f->s));
	assert_int_equal(rstore_get(f->s, "2026-0001", &cf, &env, &elen),
	    SNT_ERR_INTERNAL);
	assert_int_equal(rstore_unlock(f->s, f->u), 0);
	import_one(f, id1, CASE_NEW);
	import_one(f, id2, CASE_NEW);
	/* the same id again is refused as a whole */
	{
		struct rstore_item it = { id1, id1, 16, NULL };

		it.cf = casefile_new();
		assert_int_equal(rstore_import(f->s, &it, 1), SNT_ERR_EXISTS);
		casefile_free(it.cf);
	}
	assert_int_equal(rstore_has(f->s, id1, id1, 16, &held), 0);
	assert_int_equal(held, 2);	/* held, different bytes */
	/* by hex id */
	sodium_bin2hex(ref, sizeof(ref), id2, 16);
	assert_int_equal(rstore_get(f->s, ref, &cf, &env, &elen), 0);
	assert_int_equal(elen, 64);
	casefile_number(cf, num);
	assert_int_equal(cf->seq, 2);
	/* by case number; update it */
	cf->status = CASE_CLOSED;
	cf->status_at = 1;
	assert_int_equal(rstore_put_case(f->s, cf, 6, CASE_CLOSED), 0);
	casefile_free(cf);
	free(env);
	assert_int_equal(rstore_get(f->s, num, &cf, &env, &elen), 0);
	assert_int_equal(cf->status, CASE_CLOSED);
	assert_memory_equal(cf->id, id2, 16);
	casefile_free(cf);
	free(env);
	assert_int_equal(rstore_get(f->s, "1999-0001", &cf, &env, &elen),
	    SNT_ERR_NOT_FOUND);
	assert_int_equal(rstore_get(f->s, "rubbish", &cf, &env, &elen),
	    SNT_ERR_NOT_FOUND);
	/* purge the closed one; numbers are never reused */
	assert_int_equal(rstore_purge(f->s, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rstore_get(f->s, num, &cf, &env, &elen),
	    SNT_ERR_NOT_FOUND);
	import_one(f, id3, CASE_NEW);
	sodium_bin2hex(ref, sizeof(ref), id3, 16);
	assert_int_equal(rstore_get(f->s, ref, &cf, &env, &elen), 0);
	assert_int_equal(cf->seq, 3);
	casefile_free(cf);
	free(env);
	/* init + unlock + 3 imports + status + purge */
	assert_int_equal(rstore_audit_verify(f->s, NULL, NULL, &count, &bad), 0);
	assert_int_equal(count, 7);
	rstore_lock(f->s);
	assert_false(rstore_is_unlocked(f->s));
}

struct seen {
	size_t n, pending;
	uint8_t status;
	uint64_t answer_due, callback_due;
	uint8_t kind, has_phone;
	size_t nnotes;
};

static int
seen_fn(void *ctx, const struct rstore_case *cs, size_t n)
{
	struct seen *sn = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		sn->n++;
		sn->pending += casefile_is_pending(cs[i].cf);
		sn->status = cs[i].cf->status;
		sn->answer_due = cs[i].cf->answer_due;
		sn->callback_due = cs[i].cf->callback_due;
		sn->kind = cs[i].cf->kind;
		sn->has_phone = cs[i].cf->has_phone;
		sn->nnotes = cs[i].cf->nnotes;
		assert_int_equal(cs[i].env_len, 64);
	}
	return 0;
}

/* Import stores a pending record; rstore_complete fills it in, keeps what
 * officers changed meanwhile, and leaves completed records alone. */
static void
test_pending(void **state)
{
	struct fx *f = *state;
	struct rstore_item it;
	struct due_rules r;
	struct casefile *cf = casefile_new(), *done = casefile_new(), *got = NULL;
	const struct casefile *dp = done;
	uint8_t id[16], env[64], *e = NULL;
	char ref[40];
	struct seen sn;
	size_t elen;
	uint64_t count, bad;
	int held[2];

	due_rules_default(&r);
	assert_int_equal(rstore_unlock(f->s, f->u), 0);
	randombytes_buf(id, sizeof(id));
	randombytes_buf(env, sizeof(env));
	cf->status = CASE_NEW;
	casefile_set_pending(cf, 491666, &r);
	it.id = id;
	it.env = env;
	it.env_len = sizeof(env);
	it.cf = cf;
	assert_int_equal(rstore_has_items(f->s, &it, 1, held), 0);
	assert_int_equal(held[0], 0);
	assert_int_equal(rstore_import(f->s, &it, 1), 0);
	assert_int_equal(rstore_has_items(f->s, &it, 1, held), 0);
	assert_int_equal(held[0], 1);
	memset(&sn, 0, sizeof(sn));
	assert_int_equal(rstore_foreach_batch(f->s, 7, seen_fn, &sn), 0);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.pending, 1);
	/* an officer notes it meanwhile (as a damaged one may be) */
	sodium_bin2hex(ref, sizeof(ref), id, 16);
	assert_int_equal(rstore_get(f->s, ref, &got, &e, &elen), 0);
	assert_int_equal(casefile_add_note(got, 1, "alice", "x", 1), 0);
	got->status = CASE_IN_PROGRESS;
	assert_int_equal(rstore_put_case(f->s, got, 8, 0), 0);
	casefile_free(got);
	free(e);
	/* completed from the content read elsewhere */
	memcpy(done->id, id, 16);
	done->status = CASE_NEW;
	casefile_complete(done, 491666ULL * 3600 + 99, 3, 1, &r);
	assert_int_equal(rstore_complete(f->s, &dp, 1), 0);
	memset(&sn, 0, sizeof(sn));
	assert_int_equal(rstore_foreach_batch(f->s, 1, seen_fn, &sn), 0);
	assert_int_equal(sn.pending, 0);
	assert_int_equal(sn.kind, 3);
	assert_int_equal(sn.has_phone, 1);
	assert_int_equal(sn.answer_due, done->answer_due);
	assert_int_equal(sn.callback_due, done->callback_due);
	assert_int_equal(sn.status, CASE_IN_PROGRESS);	/* kept */
	assert_int_equal(sn.nnotes, 1);			/* kept */
	/* a second completion finds nothing pending and changes nothing */
	done->kind = 1;
	assert_int_equal(rstore_complete(f->s, &dp, 1), 0);
	memset(&sn, 0, sizeof(sn));
	assert_int_equal(rstore_foreach_batch(f->s, 3, seen_fn, &sn), 0);
	assert_int_equal(sn.kind, 3);
	/* completing adds no audit entry: init, unlock, import, note */
	assert_int_equal(rstore_audit_verify(f->s, NULL, NULL, &count, &bad), 0);
	assert_int_equal(count, 4);
	casefile_free(cf);
	casefile_free(done);
}

/* Someone with write access to the disk replaces the store key wrap with
 * a key of their own, sealed to the (public) team key: refused. */
static void
test_planted_wrap(void **state)
{
	struct fx *f = *state;
	struct team_public tp;
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	MDB_val k, v;
	uint8_t forged[1 + 32 + crypto_box_SEALBYTES + 32], key[32];

	assert_int_equal(rstore_unlock(f->s, f->u), 0);	/* makes the wrap */
	rstore_close(f->s);
	f->s = NULL;
	assert_int_equal(keyring_team_public(f->kr, &tp), 0);
	randombytes_buf(key, sizeof(key));
	forged[0] = 1;
	assert_int_equal(crypto_box_seal(forged + 1, key, 32, tp.team_pk), 0);
	randombytes_buf(forged + 1 + 32 + crypto_box_SEALBYTES, 32);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 8), 0);
	assert_int_equal(mdb_env_open(env, f->spath, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "wraps", 0, &dbi), 0);
	k.mv_data = tp.key_id;
	k.mv_size = KEY_ID_BYTES;
	v.mv_data = forged;
	v.mv_size = sizeof(forged);
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	assert_int_equal(rstore_open(f->spath, &f->s), 0);
	assert_int_equal(rstore_unlock(f->s, f->u), SNT_ERR_CRYPTO);
	assert_false(rstore_is_unlocked(f->s));
}

/* After a rotation (remove-officer) the next unlock re-keys the store:
 * records stay readable for the remaining officers, the only wrap left is
 * to the new epoch, and the removed officer's keys open nothing. */
static void
test_rotation_rekeys(void **state)
{
	struct fx *f = *state;
	struct keyring_unlocked *bob = NULL;
	uint8_t id[16], *env = NULL;
	struct casefile *cf = NULL;
	char ref[40];
	size_t elen;
	uint64_t count, bad;

	assert_int_equal(keyring_add_officer(f->kr, f->u, "bob",
	    "bob-pass-22", 11), 0);
	assert_int_equal(keyring_unlock(f->kr, "bob", "bob-pass-22", 11, &bob),
	    0);
	assert_int_equal(rstore_unlock(f->s, bob), 0);	/* bob makes the key */
	import_one(f, id, CASE_IN_PROGRESS);
	rstore_lock(f->s);
	assert_int_equal(keyring_remove_officer(f->kr, f->u, "bob"), 0);
	assert_int_equal(rstore_unlock(f->s, f->u), 0);	/* re-keys */
	sodium_bin2hex(ref, sizeof(ref), id, 16);
	assert_int_equal(rstore_get(f->s, ref, &cf, &env, &elen), 0);
	assert_int_equal(cf->status, CASE_IN_PROGRESS);
	assert_int_equal(cf->seq, 1);
	casefile_free(cf);
	free(env);
	/* init, unlock, import, rekey, unlock: the history survives */
	assert_int_equal(rstore_audit_verify(f->s, NULL, NULL, &count, &bad), 0);
	assert_int_equal(count, 5);
	/* numbering goes on */
	import_one(f, id, CASE_NEW);
	sodium_bin2hex(ref, sizeof(ref), id, 16);
	assert_int_equal(rstore_get(f->s, ref, &cf, &env, &elen), 0);
	assert_int_equal(cf->seq, 2);
	casefile_free(cf);
	free(env);
	rstore_lock(f->s);
	/* bob's unlock (he kept his keys) opens nothing any more */
	assert_int_equal(rstore_unlock(f->s, bob), SNT_ERR_UNKNOWN_KEY);
	keyring_unlocked_free(bob);
	/* a second unlock does not re-key again */
	assert_int_equal(rstore_unlock(f->s, f->u), 0);
	assert_int_equal(rstore_audit_verify(f->s, NULL, NULL, &count, &bad), 0);
	assert_int_equal(count, 7);	/* + import, unlock */
	rstore_close(f->s);
	f->s = NULL;
	{
		MDB_env *env2 = NULL;
		MDB_txn *txn = NULL;
		MDB_dbi dbi;
		MDB_stat st;

		assert_int_equal(mdb_env_create(&env2), 0);
		assert_int_equal(mdb_env_set_maxdbs(env2, 8), 0);
		assert_int_equal(mdb_env_open(env2, f->spath, MDB_RDONLY, 0600),
		    0);
		assert_int_equal(mdb_txn_begin(env2, NULL, MDB_RDONLY, &txn), 0);
		assert_int_equal(mdb_dbi_open(txn, "wraps", 0, &dbi), 0);
		assert_int_equal(mdb_stat(txn, dbi, &st), 0);
		assert_int_equal(st.ms_entries, 1);
		mdb_txn_abort(txn);
		mdb_env_close(env2);
	}
}

static void
wf(const char *p, const char *text)
{
	assert_int_equal(tu_write_file(p, text, strlen(text)), 0);
}

static void
test_config_refusals(void **state)
{
	struct fx *f = *state;
	struct rstore *s = NULL;
	char p[600];

	rstore_close(f->s);
	f->s = NULL;
	snprintf(p, sizeof(p), "%s/review.conf", f->spath);
	wf(p, "keyring = /x\nbogus = 1\n");
	assert_int_equal(rstore_open(f->spath, &s), SNT_ERR_CONFIG);
	wf(p, "keyring = /x\ndue-callback-days = 0\n");
	assert_int_equal(rstore_open(f->spath, &s), SNT_ERR_CONFIG);
	wf(p, "keyring = /x\nlang = de\n");
	assert_int_equal(rstore_open(f->spath, &s), SNT_ERR_CONFIG);
	wf(p, "due-callback-days = 3\n");
	assert_int_equal(rstore_open(f->spath, &s), SNT_ERR_CONFIG);
	wf(p, "# c\nkeyring = /k\ndue-callback-days = 2\nlang = sv\n");
	assert_int_equal(rstore_open(f->spath, &s), 0);
	assert_int_equal(rstore_config(s)->due.callback_days, 2);
	assert_int_equal(rstore_config(s)->due.objection_days, 30);
	assert_string_equal(rstore_config(s)->lang, "sv");
	rstore_close(s);
	assert_int_equal(rstore_open(f->dir, &s), SNT_ERR_NOT_VAULT);
	/* init refuses a non-empty directory */
	assert_int_equal(rstore_init(f->spath, f->kpath, f->gpath),
	    SNT_ERR_EXISTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planted_wrap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rotation_rekeys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_config_refusals, setup,
		    teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

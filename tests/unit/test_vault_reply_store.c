/* test_vault_reply_store.c — replies filed by lookup id in a real LMDB
 * vault: found by the receipt, idempotent re-import, unknown envelopes
 * skipped, the per-case cap, kept after a purge, never in clear on disk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <lmdb.h>
#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/receipt.h"
#include "sinetti/reply.h"
#include "sinetti/reply_store.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

static const char secret_text[] = "Vastaus: hoitaja QZXJ-unique-7731 on ohjeistettu.";

struct fixture {
	struct tv_team team;
	uint8_t gw_pk[32], gw_sk[64], rv_pk[32], rv_sk[64];
	char *dir, *vault;
	struct store *s;
	uint8_t id[ENVELOPE_ID_BYTES];
	struct receipt_keys k;
};

/* Stores one envelope with the receipt's lookup id, as the gateway does. */
static void
put_submission(struct fixture *f, uint8_t id[ENVELOPE_ID_BYTES],
    struct receipt_keys *k)
{
	struct content c;
	struct store_item it;
	uint8_t r[RECEIPT_BYTES], *env = NULL;
	size_t elen;

	receipt_generate(r);
	receipt_derive(r, k);
	tv_content(&c, "viesti", 6);
	memcpy(c.reply_pk, k->reply_pk, 32);
	assert_int_equal(envelope_seal(&c, f->team.pk, f->team.key_id, &env,
	    &elen), 0);
	memset(&it, 0, sizeof(it));
	envelope_new_id(it.id);
	it.env = env;
	it.env_len = elen;
	memcpy(it.lookup, k->lookup, RECEIPT_LOOKUP_BYTES);
	it.has_lookup = 1;
	assert_int_equal(store_put_batch(f->s, &it, 1), 0);
	memcpy(id, it.id, ENVELOPE_ID_BYTES);
	free(env);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_opts o = { 0 };

	tv_team_new(&f->team);
	crypto_sign_keypair(f->gw_pk, f->gw_sk);
	crypto_sign_keypair(f->rv_pk, f->rv_sk);
	f->dir = tu_tmpdir();
	if (asprintf(&f->vault, "%s/vault", f->dir) < 0)
		return -1;
	o.create = 1;
	if (store_open(&f->s, f->vault, &o) != 0)
		return -1;
	put_submission(f, f->id, &f->k);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->s);
	tu_rmdir(f->dir);
	free(f->vault);
	free(f);
	return 0;
}

/* A verified bundle of records for id; each text NULL means status-only. */
static struct reply_bundle *
bundle_of(struct fixture *f, const uint8_t *id, const uint8_t *pk,
    const uint8_t *statuses, const char *const *texts, size_t n,
    uint8_t **buf)
{
	struct reply_entry e[8] = { 0 };
	struct reply_bundle *b = NULL;
	size_t i, len;

	for (i = 0; i < n; i++) {
		memcpy(e[i].id, id, ENVELOPE_ID_BYTES);
		assert_int_equal(reply_create(pk, statuses[i], 1000 + i,
		    texts[i], texts[i] ? strlen(texts[i]) : 0,
		    (uint8_t **)(uintptr_t)&e[i].rec, &e[i].rec_len), 0);
	}
	assert_int_equal(reply_bundle_create(e, n, f->gw_pk, 1, f->rv_sk, buf,
	    &len), 0);
	for (i = 0; i < n; i++)
		free((void *)(uintptr_t)e[i].rec);
	assert_int_equal(reply_bundle_verify(*buf, len, f->rv_pk, f->gw_pk,
	    &b), 0);
	return b;
}

static void
test_received_without_replies(void **state)
{
	struct fixture *f = *state;
	struct reply_found *r = NULL;
	struct receipt_keys other;
	uint8_t rc[RECEIPT_BYTES];

	assert_int_equal(reply_store_find(f->s, f->k.lookup, &r), 0);
	assert_int_equal(r->exists, 1);
	assert_int_equal(r->n, 0);
	reply_found_free(r);
	receipt_generate(rc);
	receipt_derive(rc, &other);
	assert_int_equal(reply_store_find(f->s, other.lookup, &r), 0);
	assert_int_equal(r->exists, 0);
	assert_int_equal(r->n, 0);
	reply_found_free(r);
	reply_found_free(NULL);
}

static void
test_import_find_open(void **state)
{
	struct fixture *f = *state;
	static const uint8_t st[] = { REPLY_IN_PROGRESS, REPLY_ANSWERED };
	static const char *const tx[] = { NULL, secret_text };
	struct reply_import_counts c;
	struct reply_found *r = NULL;
	struct reply_bundle *b;
	struct reply_plain p;
	uint8_t *buf = NULL, *disk = NULL;
	size_t i, dlen, seen = 0;
	char *path;

	b = bundle_of(f, f->id, f->k.reply_pk, st, tx, 2, &buf);
	assert_int_equal(reply_store_import(f->s, b, &c), 0);
	assert_int_equal(c.stored, 2);
	assert_int_equal(c.known + c.unknown + c.full, 0);
	/* idempotent */
	assert_int_equal(reply_store_import(f->s, b, &c), 0);
	assert_int_equal(c.stored, 0);
	assert_int_equal(c.known, 2);
	assert_int_equal(reply_store_find(f->s, f->k.lookup, &r), 0);
	assert_int_equal(r->exists, 1);
	assert_int_equal(r->n, 2);
	for (i = 0; i < r->n; i++) {
		assert_int_equal(reply_open(r->rec[i], r->rec_len[i],
		    f->k.reply_sk, &p), 0);
		if (p.len > 0) {
			assert_string_equal(p.text, secret_text);
			seen++;
		}
		reply_plain_free(&p);
	}
	assert_int_equal(seen, 1);
	reply_found_free(r);
	/* the raw LMDB file holds no reply text */
	assert_true(asprintf(&path, "%s/data.mdb", f->vault) > 0);
	assert_int_equal(fileio_read(path, (size_t)1 << 30, 0, &disk, &dlen), 0);
	assert_false(tu_memmem(disk, dlen, "QZXJ-unique-7731", 16));
	fileio_free(disk, dlen, 0);
	free(path);
	reply_bundle_free(b);
	free(buf);
}

static void
test_unknown_envelope_skipped(void **state)
{
	struct fixture *f = *state;
	static const uint8_t st[] = { REPLY_ANSWERED };
	static const char *const tx[] = { "x" };
	struct reply_import_counts c;
	struct reply_bundle *b;
	uint8_t id[ENVELOPE_ID_BYTES], *buf = NULL;

	randombytes_buf(id, sizeof(id));
	b = bundle_of(f, id, f->k.reply_pk, st, tx, 1, &buf);
	assert_int_equal(reply_store_import(f->s, b, &c), 0);
	assert_int_equal(c.unknown, 1);
	assert_int_equal(c.stored, 0);
	reply_bundle_free(b);
	free(buf);
}

static void
test_cap_per_case(void **state)
{
	struct fixture *f = *state;
	static const uint8_t st[] = { REPLY_ANSWERED };
	static const char *const tx[] = { NULL };
	struct reply_import_counts c;
	struct reply_found *r = NULL;
	struct reply_bundle *b;
	uint8_t *buf;
	size_t i;

	for (i = 0; i < REPLY_PER_CASE_MAX + 2; i++) {
		buf = NULL;
		b = bundle_of(f, f->id, f->k.reply_pk, st, tx, 1, &buf);
		assert_int_equal(reply_store_import(f->s, b, &c), 0);
		assert_int_equal(c.stored + c.full, 1);
		assert_int_equal(c.full, i >= REPLY_PER_CASE_MAX);
		reply_bundle_free(b);
		free(buf);
	}
	assert_int_equal(reply_store_find(f->s, f->k.lookup, &r), 0);
	assert_int_equal(r->n, REPLY_PER_CASE_MAX);
	reply_found_free(r);
}

/* After export, ack and purge the citizen still finds status and replies. */
static void
test_kept_after_purge(void **state)
{
	struct fixture *f = *state;
	static const uint8_t st[] = { REPLY_ANSWERED };
	static const char *const tx[] = { secret_text };
	struct reply_found *r = NULL;
	struct reply_bundle *b;
	struct ack *a = NULL;
	uint8_t *buf = NULL, *ack = NULL, h[BUNDLE_HASH_BYTES] = { 0 };
	size_t alen, purged = 0;

	assert_int_equal(ack_create(f->id, 1, h, f->gw_pk, f->rv_sk, &ack,
	    &alen), 0);
	assert_int_equal(ack_verify(ack, alen, f->rv_pk, f->gw_pk, &a), 0);
	assert_int_equal(store_apply_ack(f->s, a, 1, NULL, &purged), 0);
	assert_int_equal(purged, 1);
	b = bundle_of(f, f->id, f->k.reply_pk, st, tx, 1, &buf);
	assert_int_equal(reply_store_import(f->s, b, NULL), 0);
	assert_int_equal(reply_store_find(f->s, f->k.lookup, &r), 0);
	assert_int_equal(r->exists, 1);
	assert_int_equal(r->n, 1);
	reply_found_free(r);
	reply_bundle_free(b);
	ack_free(a);
	free(ack);
	free(buf);
}

/* Reopening (and a read-only open) finds the same. */
static void
test_reopen(void **state)
{
	struct fixture *f = *state;
	struct store_opts o = { 0 };
	struct reply_found *r = NULL;

	store_close(f->s);
	o.readonly = 1;
	assert_int_equal(store_open(&f->s, f->vault, &o), 0);
	assert_int_equal(reply_store_find(f->s, f->k.lookup, &r), 0);
	assert_int_equal(r->exists, 1);
	reply_found_free(r);
}

/* A vault as store.c wrote them before the follow-up tables: reopening it
 * writable adds them and indexes the lookup ids it holds. */
static void
test_old_vault_migrates(void **state)
{
	struct fixture *f = *state;
	struct store_opts o = { 0 };
	struct reply_found *r = NULL;
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta, dbi;
	MDB_val k, v;
	uint8_t id[ENVELOPE_ID_BYTES], lookup[RECEIPT_LOOKUP_BYTES];
	uint8_t schema[4] = { 0, 0, 0, 1 };
	char *old;
	static const char *const names[] = { "env", "lookup", "state", "acks" };
	size_t i;

	assert_true(asprintf(&old, "%s/old", f->dir) > 0);
	assert_int_equal(mkdir(old, 0700), 0);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 8), 0);
	assert_int_equal(mdb_env_open(env, old, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", MDB_CREATE, &meta), 0);
	k.mv_data = (void *)"magic"; k.mv_size = 5;
	v.mv_data = (void *)"sinetti-vault"; v.mv_size = 13;
	assert_int_equal(mdb_put(txn, meta, &k, &v, 0), 0);
	k.mv_data = (void *)"schema"; k.mv_size = 6;
	v.mv_data = schema; v.mv_size = 4;
	assert_int_equal(mdb_put(txn, meta, &k, &v, 0), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(mdb_dbi_open(txn, names[i], MDB_CREATE, &dbi), 0);
	randombytes_buf(id, sizeof(id));
	randombytes_buf(lookup, sizeof(lookup));
	assert_int_equal(mdb_dbi_open(txn, "lookup", 0, &dbi), 0);
	k.mv_data = id; k.mv_size = sizeof(id);
	v.mv_data = lookup; v.mv_size = sizeof(lookup);
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);

	store_close(f->s);
	o.readonly = 1;
	assert_int_equal(store_open(&f->s, old, &o), 0);
	assert_int_equal(reply_store_find(f->s, lookup, &r), SNT_ERR_NOT_FOUND);
	store_close(f->s);
	o.readonly = 0;
	assert_int_equal(store_open(&f->s, old, &o), 0);
	assert_int_equal(reply_store_find(f->s, lookup, &r), 0);
	assert_int_equal(r->exists, 1);
	reply_found_free(r);
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_received_without_replies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_find_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_envelope_skipped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_per_case, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kept_after_purge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_vault_migrates, setup,
		    teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

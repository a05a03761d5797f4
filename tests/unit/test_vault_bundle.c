/* test_vault_bundle.c — seal → store → export → verify → open round trip,
 * acknowledgements, replays, and every corruption of a bundle or an ack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

struct fixture {
	struct tv_team team;
	uint8_t gw_pk[32], gw_sk[64], rv_pk[32], rv_sk[64];
	char *dir, *vault, *file;
	struct store *s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_opts o = { 0 };

	if (f == NULL)
		return -1;
	tv_team_new(&f->team);
	crypto_sign_keypair(f->gw_pk, f->gw_sk);
	crypto_sign_keypair(f->rv_pk, f->rv_sk);
	f->dir = tu_tmpdir();
	if (asprintf(&f->vault, "%s/vault", f->dir) < 0 ||
	    asprintf(&f->file, "%s/export.snb", f->dir) < 0)
		return -1;
	o.create = 1;
	if (store_open(&f->s, f->vault, &o) != 0)
		return -1;
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
	free(f->file);
	free(f);
	return 0;
}

static const char *const messages[] = {
	"Ensimmäinen palaute.", "Andra meddelandet.", "Third message",
	"Neljäs", "Viides: hoitaja ei vastannut kelloon koko yönä.",
};

/* Seals and stores each message; ids in order of messages. */
static void
store_messages(struct fixture *f, size_t n, uint8_t ids[][16])
{
	struct content c;
	struct store_item it;
	uint8_t *env = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		tv_content(&c, messages[i % 5], strlen(messages[i % 5]));
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		memcpy(ids[i], it.id, 16);
		assert_int_equal(envelope_seal(&c, f->team.pk, f->team.key_id,
		    &env, &it.env_len), 0);
		it.env = env;
		assert_int_equal(store_put_batch(f->s, &it, 1), 0);
		free(env);
	}
}

static void
read_file(const char *path, uint8_t **buf, size_t *len)
{
	assert_int_equal(fileio_read(path, BUNDLE_MAX, 0, buf, len), 0);
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct bundle *b = NULL;
	struct ack *a = NULL;
	struct content c;
	struct stat st;
	uint8_t ids[5][16], *buf = NULL, *ackb = NULL, *plain = NULL;
	uint8_t hash[32], got[5][16];
	const uint8_t *id, *env;
	size_t len, count, i, j, env_len, plen, acklen, marked, purged, all,
	    unacked;

	store_messages(f, 5, ids);
	assert_int_equal(bundle_export(f->s, f->gw_sk, f->file, &count), 0);
	assert_int_equal(count, 5);
	assert_int_equal(stat(f->file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	read_file(f->file, &buf, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 5);
	crypto_generichash(hash, 32, buf, len, NULL, 0);
	assert_memory_equal(bundle_hash(b), hash, 32);
	/* every envelope opens with the team key and is one we stored */
	for (i = 0; i < 5; i++) {
		bundle_get(b, i, &id, &env, &env_len);
		memcpy(got[i], id, 16);
		for (j = 0; j < 5; j++)
			if (memcmp(ids[j], id, 16) == 0)
				break;
		assert_true(j < 5);
		assert_int_equal(envelope_open(env, env_len, f->team.pk,
		    f->team.sk, &plain, &plen, &c), 0);
		assert_int_equal(c.message.len, strlen(messages[j]));
		assert_memory_equal(c.message.p, messages[j], c.message.len);
		smem_free(plain);
	}
	/* the reviewer acknowledges what it imported */
	assert_int_equal(ack_create(&got[0][0], 5, bundle_hash(b), f->gw_pk,
	    f->rv_sk, &ackb, &acklen), 0);
	bundle_free(b);
	fileio_free(buf, len, 0);
	assert_int_equal(ack_verify(ackb, acklen, f->rv_pk, f->gw_pk, &a), 0);
	assert_int_equal(ack_count(a), 5);
	assert_memory_equal(ack_bundle_hash(a), hash, 32);
	free(ackb);	/* the ack keeps its own copy of the ids */
	assert_int_equal(store_apply_ack(f->s, a, 0, &marked, &purged), 0);
	assert_int_equal(marked, 5);
	assert_int_equal(purged, 0);
	assert_int_equal(store_count(f->s, &all, &unacked), 0);
	assert_int_equal(all, 5);
	assert_int_equal(unacked, 0);
	/* a replayed ack is refused and changes nothing */
	assert_int_equal(store_apply_ack(f->s, a, 1, &marked, &purged),
	    SNT_ERR_REPLAY);
	assert_int_equal(store_count(f->s, &all, &unacked), 0);
	assert_int_equal(all, 5);
	ack_free(a);

	/* acknowledged envelopes leave later exports; new ones come */
	store_messages(f, 1, ids);
	assert_int_equal(bundle_export(f->s, f->gw_sk, f->file, &count), 0);
	assert_int_equal(count, 1);
	read_file(f->file, &buf, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 1);
	bundle_get(b, 0, &id, &env, &env_len);
	assert_memory_equal(id, ids[0], 16);
	bundle_free(b);
	fileio_free(buf, len, 0);
	/* exporting twice gives the same envelopes (safe to repeat) */
	assert_int_equal(bundle_export(f->s, f->gw_sk, f->file, &count), 0);
	assert_int_equal(count, 1);

	assert_int_equal(store_purge_acked(f->s, &purged), 0);
	assert_int_equal(purged, 5);
	assert_int_equal(store_count(f->s, &all, &unacked), 0);
	assert_int_equal(all, 1);
	assert_int_equal(unacked, 1);
}

/* Builds a bundle by hand (the documented layout) and signs it with sk. */
static uint8_t *
make_bundle(const uint8_t pk[32], const uint8_t sk[64], uint8_t ids[][16],
    uint8_t **envs, size_t *lens, size_t n, size_t *out_len)
{
	size_t len = 41 + 64, i, off;
	uint8_t *b;

	for (i = 0; i < n; i++)
		len += 20 + lens[i];
	b = malloc(len);
	assert_non_null(b);
	memcpy(b, "SNTB", 4);
	b[4] = 1;
	memcpy(b + 5, pk, 32);
	b[37] = (uint8_t)(n >> 24);
	b[38] = (uint8_t)(n >> 16);
	b[39] = (uint8_t)(n >> 8);
	b[40] = (uint8_t)n;
	off = 41;
	for (i = 0; i < n; i++) {
		memcpy(b + off, ids[i], 16);
		b[off + 16] = (uint8_t)(lens[i] >> 24);
		b[off + 17] = (uint8_t)(lens[i] >> 16);
		b[off + 18] = (uint8_t)(lens[i] >> 8);
		b[off + 19] = (uint8_t)lens[i];
		memcpy(b + off + 20, envs[i], lens[i]);
		off += 20 + lens[i];
	}
	crypto_sign_detached(b + off, NULL, b, off, sk);
	*out_len = len;
	return b;
}

static int
cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static void
test_bundle_tampering(void **state)
{
	struct fixture *f = *state;
	struct bundle *b = NULL;
	uint8_t ids[3][16], *envs[3], *buf, *copy, opk[32], osk[64];
	uint8_t sids[3][16], *senvs[3];
	size_t lens[3], slens[3], len, i;
	int bit;

	(void)state;
	for (i = 0; i < 3; i++) {
		envelope_new_id(ids[i]);
		envs[i] = tv_seal(&f->team, 10 * i + 1, &lens[i]);
		assert_non_null(envs[i]);
	}
	qsort(ids, 3, 16, cmp16);
	buf = make_bundle(f->gw_pk, f->gw_sk, ids, envs, lens, 3, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b), 0);
	bundle_free(b);

	/* every bit flip, every truncation */
	copy = malloc(len + 64);
	assert_non_null(copy);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, buf, len);
			copy[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(bundle_verify(copy, len, f->gw_pk,
			    &b), 0);
			assert_null(b);
		}
	for (i = 0; i < len; i++) {
		memcpy(copy, buf, i);
		assert_int_not_equal(bundle_verify(copy, i, f->gw_pk, &b), 0);
		assert_null(b);
	}
	/* trailing bytes */
	memcpy(copy, buf, len);
	copy[len] = 0;
	assert_int_equal(bundle_verify(copy, len + 1, f->gw_pk, &b),
	    SNT_ERR_SIGNATURE);
	free(copy);
	/* another pinned key */
	crypto_sign_keypair(opk, osk);
	assert_int_equal(bundle_verify(buf, len, opk, &b), SNT_ERR_SIGNATURE);
	free(buf);

	/* reordered, removed or added entries, signature left as it was */
	memcpy(sids, ids, sizeof(ids));
	buf = make_bundle(f->gw_pk, f->gw_sk, ids, envs, lens, 3, &len);
	copy = make_bundle(f->gw_pk, osk, ids, envs, lens, 3, &len);
	memcpy(copy + len - 64, buf + len - 64, 64);
	memcpy(sids[0], ids[1], 16);
	memcpy(sids[1], ids[0], 16);
	senvs[0] = envs[1], senvs[1] = envs[0], senvs[2] = envs[2];
	slens[0] = lens[1], slens[1] = lens[0], slens[2] = lens[2];
	free(copy);
	copy = make_bundle(f->gw_pk, osk, sids, senvs, slens, 3, &len);
	memcpy(copy + len - 64, buf + len - 64, 64);
	assert_int_equal(bundle_verify(copy, len, f->gw_pk, &b),
	    SNT_ERR_SIGNATURE);
	free(copy);
	copy = make_bundle(f->gw_pk, osk, ids, envs, lens, 2, &len);
	memcpy(copy + len - 64, buf + 41 + 60 + lens[0] + lens[1] + lens[2],
	    64);
	assert_int_equal(bundle_verify(copy, len, f->gw_pk, &b),
	    SNT_ERR_SIGNATURE);
	free(copy);
	free(buf);

	/* even validly signed: out of order, or an id twice, is refused */
	buf = make_bundle(f->gw_pk, f->gw_sk, sids, senvs, slens, 3, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b),
	    SNT_ERR_INVALID);
	free(buf);
	memcpy(sids, ids, sizeof(ids));
	memcpy(sids[1], sids[0], 16);
	buf = make_bundle(f->gw_pk, f->gw_sk, sids, envs, lens, 3, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b),
	    SNT_ERR_DUPLICATE);
	free(buf);
	/* signed by the pinned key but naming another gateway */
	buf = make_bundle(opk, f->gw_sk, ids, envs, lens, 3, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b),
	    SNT_ERR_WRONG_PEER);
	free(buf);
	/* an empty bundle is fine */
	buf = make_bundle(f->gw_pk, f->gw_sk, ids, envs, lens, 0, &len);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 0);
	bundle_free(b);
	bundle_free(NULL);
	free(buf);
	for (i = 0; i < 3; i++)
		free(envs[i]);
}

/* Forged, corrupted, misdirected and replayed acks delete nothing. */
/* A bundle over 4 MiB takes the path that hashes on a second thread
 * while the signature is checked: same hash as hashing the file, and a
 * flip in the middle, in the signature or at the end is still refused. */
static void
test_big_bundle(void **state)
{
	struct fixture *f = *state;
	struct bundle *b = NULL;
	enum { N = 1200 };
	static uint8_t ids[N][16];
	uint8_t *envs[N], *buf, want[BUNDLE_HASH_BYTES];
	size_t lens[N], len, i, flips[3];

	for (i = 0; i < N; i++) {
		envelope_new_id(ids[i]);
		envs[i] = tv_seal(&f->team, 3000, &lens[i]);
		assert_non_null(envs[i]);
	}
	qsort(ids, N, 16, cmp16);
	buf = make_bundle(f->gw_pk, f->gw_sk, ids, envs, lens, N, &len);
	assert_true(len > 4u * 1024u * 1024u);
	assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), N);
	crypto_generichash(want, sizeof(want), buf, len, NULL, 0);
	assert_memory_equal(bundle_hash(b), want, sizeof(want));
	bundle_free(b);
	flips[0] = len / 2;
	flips[1] = len - 1;
	flips[2] = len - 65;
	for (i = 0; i < 3; i++) {
		buf[flips[i]] ^= 0x10;
		b = (struct bundle *)1;
		assert_int_equal(bundle_verify(buf, len, f->gw_pk, &b),
		    SNT_ERR_SIGNATURE);
		assert_null(b);
		buf[flips[i]] ^= 0x10;
	}
	for (i = 0; i < N; i++)
		free(envs[i]);
	free(buf);
}

static void
test_ack_tampering(void **state)
{
	struct fixture *f = *state;
	struct ack *a = NULL;
	uint8_t ids[4][16], hash[32] = { 7 }, *ackb = NULL, *copy, opk[32],
	    osk[64], *forged = NULL;
	size_t acklen, flen, i, all, unacked, marked, purged;
	int bit;

	store_messages(f, 4, ids);
	assert_int_equal(ack_create(&ids[0][0], 4, hash, f->gw_pk, f->rv_sk,
	    &ackb, &acklen), 0);

	copy = malloc(acklen + 1);
	assert_non_null(copy);
	for (i = 0; i < acklen; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, ackb, acklen);
			copy[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(ack_verify(copy, acklen, f->rv_pk,
			    f->gw_pk, &a), 0);
			assert_null(a);
		}
	for (i = 0; i < acklen; i++) {
		memcpy(copy, ackb, i);
		assert_int_not_equal(ack_verify(copy, i, f->rv_pk, f->gw_pk,
		    &a), 0);
		assert_null(a);
	}
	memcpy(copy, ackb, acklen);
	copy[acklen] = 0;
	assert_int_not_equal(ack_verify(copy, acklen + 1, f->rv_pk, f->gw_pk,
	    &a), 0);
	free(copy);

	/* signed by someone else */
	crypto_sign_keypair(opk, osk);
	assert_int_equal(ack_create(&ids[0][0], 4, hash, f->gw_pk, osk,
	    &forged, &flen), 0);
	assert_int_equal(ack_verify(forged, flen, f->rv_pk, f->gw_pk, &a),
	    SNT_ERR_SIGNATURE);
	free(forged);
	/* the right reviewer, for another gateway */
	assert_int_equal(ack_create(&ids[0][0], 4, hash, opk, f->rv_sk,
	    &forged, &flen), 0);
	assert_int_equal(ack_verify(forged, flen, f->rv_pk, f->gw_pk, &a),
	    SNT_ERR_WRONG_PEER);
	free(forged);
	/* an id twice is refused when making an ack */
	memcpy(ids[3], ids[0], 16);
	assert_int_equal(ack_create(&ids[0][0], 4, hash, f->gw_pk, f->rv_sk,
	    &forged, &flen), SNT_ERR_DUPLICATE);
	assert_null(forged);

	/* nothing was marked or deleted by any of that */
	assert_int_equal(store_count(f->s, &all, &unacked), 0);
	assert_int_equal(all, 4);
	assert_int_equal(unacked, 4);

	/* the genuine ack purges; its replay is refused */
	assert_int_equal(ack_verify(ackb, acklen, f->rv_pk, f->gw_pk, &a), 0);
	assert_int_equal(store_apply_ack(f->s, a, 1, &marked, &purged), 0);
	assert_int_equal(purged, 4);
	assert_int_equal(store_apply_ack(f->s, a, 1, &marked, &purged),
	    SNT_ERR_REPLAY);
	assert_int_equal(marked, 0);
	ack_free(a);
	ack_free(NULL);
	/* an ack naming ids the store does not hold changes nothing */
	store_messages(f, 1, ids);
	randombytes_buf(ids[1], 16);
	free(ackb);
	assert_int_equal(ack_create(&ids[1][0], 1, hash, f->gw_pk, f->rv_sk,
	    &ackb, &acklen), 0);
	assert_int_equal(ack_verify(ackb, acklen, f->rv_pk, f->gw_pk, &a), 0);
	assert_int_equal(store_apply_ack(f->s, a, 1, &marked, &purged), 0);
	assert_int_equal(marked, 0);
	assert_int_equal(purged, 0);
	assert_int_equal(store_count(f->s, &all, &unacked), 0);
	assert_int_equal(all, 1);
	ack_free(a);
	free(ackb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bundle_tampering, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_big_bundle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ack_tampering, setup,
		    teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_vault_reply.c — reply records and reply bundles: round trips from a
 * real receipt, and every bit flip, truncation, wrong key, wrong signer and
 * misdirected bundle refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/receipt.h"
#include "sinetti/reply.h"
#include "sinetti/smem.h"

static const char text_fi[] = "Kiitos palautteestasi. Asia on selvitetty "
    "yksikön kanssa, ja käytäntöä on muutettu.";

static void
keys_of(struct receipt_keys *k)
{
	uint8_t r[RECEIPT_BYTES];

	receipt_generate(r);
	receipt_derive(r, k);
}

static void
test_roundtrip(void **state)
{
	struct receipt_keys k;
	struct reply_plain p;
	uint8_t *rec = NULL;
	size_t len;

	(void)state;
	keys_of(&k);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 1795000000123ULL,
	    text_fi, strlen(text_fi), &rec, &len), 0);
	assert_int_equal(reply_check(rec, len), 0);
	assert_int_equal(len, REPLY_RECORD_MIN);
	/* the text does not appear in the record */
	assert_null(memmem(rec, len, "Kiitos", 6));
	assert_int_equal(reply_open(rec, len, k.reply_sk, &p), 0);
	assert_int_equal(p.status, REPLY_ANSWERED);
	assert_true(p.time_ms == 1795000000123ULL);
	assert_int_equal(p.len, strlen(text_fi));
	assert_memory_equal(p.text, text_fi, p.len);
	assert_int_equal(p.text[p.len], '\0');
	reply_plain_free(&p);
	reply_plain_free(&p);
	free(rec);
}

static void
test_status_only_and_sizes(void **state)
{
	struct receipt_keys k;
	struct reply_plain p;
	uint8_t *rec = NULL, *a = NULL, *b = NULL;
	char *big;
	size_t len, la, lb;

	(void)state;
	keys_of(&k);
	assert_int_equal(reply_create(k.reply_pk, REPLY_IN_PROGRESS, 5, NULL, 0,
	    &rec, &len), 0);
	assert_int_equal(reply_open(rec, len, k.reply_sk, &p), 0);
	assert_int_equal(p.status, REPLY_IN_PROGRESS);
	assert_int_equal(p.len, 0);
	assert_string_equal(p.text, "");
	reply_plain_free(&p);
	free(rec);
	/* lengths inside one pad block give the same record size */
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 5, "a", 1,
	    &a, &la), 0);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 5, text_fi,
	    strlen(text_fi), &b, &lb), 0);
	assert_int_equal(la, lb);
	free(a);
	free(b);
	big = malloc(REPLY_TEXT_MAX + 1);
	memset(big, 'x', REPLY_TEXT_MAX + 1);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 5, big,
	    REPLY_TEXT_MAX, &rec, &len), 0);
	assert_int_equal(len, REPLY_RECORD_MAX);
	assert_int_equal(reply_open(rec, len, k.reply_sk, &p), 0);
	assert_int_equal(p.len, REPLY_TEXT_MAX);
	reply_plain_free(&p);
	free(rec);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 5, big,
	    REPLY_TEXT_MAX + 1, &rec, &len), SNT_ERR_TOO_LARGE);
	assert_null(rec);
	free(big);
}

static void
test_create_refusals(void **state)
{
	struct receipt_keys k;
	uint8_t *rec = NULL;
	size_t len;

	(void)state;
	keys_of(&k);
	assert_int_equal(reply_create(k.reply_pk, 0, 1, "x", 1, &rec, &len),
	    SNT_ERR_INVALID);
	assert_int_equal(reply_create(k.reply_pk, 4, 1, "x", 1, &rec, &len),
	    SNT_ERR_INVALID);
	assert_int_equal(reply_create(k.reply_pk, 1, 1, "\xff\xfe", 2, &rec,
	    &len), SNT_ERR_UTF8);
	assert_int_equal(reply_create(k.reply_pk, 1, 1, "a\0b", 3, &rec, &len),
	    SNT_ERR_INVALID);
	assert_null(rec);
	assert_string_equal(reply_status_name(REPLY_IN_PROGRESS), "in-progress");
	assert_null(reply_status_name(9));
	assert_int_equal(reply_status_from_name("answered"), REPLY_ANSWERED);
	assert_int_equal(reply_status_from_name("closed"), 0);
	assert_int_equal(reply_status_from_name(NULL), 0);
}

static void
test_record_wrong_key_flip_truncate(void **state)
{
	struct receipt_keys k, other;
	struct reply_plain p;
	uint8_t *rec = NULL, *bad;
	size_t len, i;
	int bit;

	(void)state;
	keys_of(&k);
	keys_of(&other);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 77, text_fi,
	    strlen(text_fi), &rec, &len), 0);
	assert_int_equal(reply_open(rec, len, other.reply_sk, &p),
	    SNT_ERR_CRYPTO);
	assert_null(p.text);
	bad = malloc(len + 1);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(bad, rec, len);
			bad[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(reply_open(bad, len, k.reply_sk,
			    &p), 0);
			assert_null(p.text);
		}
	for (i = 0; i < len; i++)
		assert_int_not_equal(reply_open(rec, i, k.reply_sk, &p), 0);
	memcpy(bad, rec, len);
	bad[len] = 0;
	assert_int_not_equal(reply_open(bad, len + 1, k.reply_sk, &p), 0);
	free(bad);
	free(rec);
}

struct bfix {
	uint8_t gw_pk[32], gw_sk[64], rv_pk[32], rv_sk[64];
	uint8_t *rec[3];
	size_t rec_len[3];
	struct reply_entry e[3];
	uint8_t *buf;
	size_t len;
	struct receipt_keys k;
};

static int
bsetup(void **state)
{
	struct bfix *f = calloc(1, sizeof(*f));
	int i;

	crypto_sign_keypair(f->gw_pk, f->gw_sk);
	crypto_sign_keypair(f->rv_pk, f->rv_sk);
	keys_of(&f->k);
	for (i = 0; i < 3; i++) {
		if (reply_create(f->k.reply_pk, (uint8_t)(i + 1), (uint64_t)i,
		    i == 1 ? NULL : text_fi, i == 1 ? 0 : strlen(text_fi),
		    &f->rec[i], &f->rec_len[i]) != 0)
			return -1;
		randombytes_buf(f->e[i].id, ENVELOPE_ID_BYTES);
		f->e[i].rec = f->rec[i];
		f->e[i].rec_len = f->rec_len[i];
	}
	if (reply_bundle_create(f->e, 3, f->gw_pk, 1795000000, f->rv_sk,
	    &f->buf, &f->len) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
bteardown(void **state)
{
	struct bfix *f = *state;
	int i;

	for (i = 0; i < 3; i++)
		free(f->rec[i]);
	free(f->buf);
	free(f);
	return 0;
}

static void
test_bundle_roundtrip(void **state)
{
	struct bfix *f = *state;
	struct reply_bundle *b = NULL;
	struct reply_plain p;
	const uint8_t *id, *rec;
	size_t rl, i;

	assert_int_equal(reply_bundle_verify(f->buf, f->len, f->rv_pk, f->gw_pk,
	    &b), 0);
	assert_int_equal(reply_bundle_count(b), 3);
	assert_true(reply_bundle_created(b) == 1795000000);
	for (i = 0; i < 3; i++) {
		reply_bundle_get(b, i, &id, &rec, &rl);
		assert_memory_equal(id, f->e[i].id, ENVELOPE_ID_BYTES);
		assert_int_equal(rl, f->rec_len[i]);
		assert_int_equal(reply_open(rec, rl, f->k.reply_sk, &p), 0);
		assert_int_equal(p.status, i + 1);
		reply_plain_free(&p);
	}
	reply_bundle_free(b);
	reply_bundle_free(NULL);
}

static void
test_bundle_empty(void **state)
{
	struct bfix *f = *state;
	struct reply_bundle *b = NULL;
	uint8_t *buf = NULL;
	size_t len;

	assert_int_equal(reply_bundle_create(NULL, 0, f->gw_pk, 1, f->rv_sk,
	    &buf, &len), 0);
	assert_int_equal(reply_bundle_verify(buf, len, f->rv_pk, f->gw_pk, &b),
	    0);
	assert_int_equal(reply_bundle_count(b), 0);
	reply_bundle_free(b);
	free(buf);
}

static void
test_bundle_wrong_signer_and_gateway(void **state)
{
	struct bfix *f = *state;
	struct reply_bundle *b = NULL;
	uint8_t other_pk[32], other_sk[64], *buf = NULL;
	size_t len;

	crypto_sign_keypair(other_pk, other_sk);
	/* another keyring's signing key */
	assert_int_equal(reply_bundle_create(f->e, 3, f->gw_pk, 1, other_sk,
	    &buf, &len), 0);
	assert_int_equal(reply_bundle_verify(buf, len, f->rv_pk, f->gw_pk, &b),
	    SNT_ERR_SIGNATURE);
	assert_null(b);
	free(buf);
	/* the real bundle, replayed to another gateway */
	assert_int_equal(reply_bundle_verify(f->buf, f->len, f->rv_pk, other_pk,
	    &b), SNT_ERR_WRONG_PEER);
	assert_null(b);
	/* and checked against the wrong pinned key */
	assert_int_equal(reply_bundle_verify(f->buf, f->len, other_pk, f->gw_pk,
	    &b), SNT_ERR_SIGNATURE);
}

static void
test_bundle_flip_truncate(void **state)
{
	struct bfix *f = *state;
	struct reply_bundle *b = NULL;
	uint8_t *bad = malloc(f->len + 1);
	size_t i;
	int bit;

	for (i = 0; i < f->len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(bad, f->buf, f->len);
			bad[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(reply_bundle_verify(bad, f->len,
			    f->rv_pk, f->gw_pk, &b), 0);
			assert_null(b);
		}
	for (i = 0; i < f->len; i++) {
		assert_int_not_equal(reply_bundle_verify(f->buf, i, f->rv_pk,
		    f->gw_pk, &b), 0);
		assert_null(b);
	}
	memcpy(bad, f->buf, f->len);
	bad[f->len] = 0;
	assert_int_not_equal(reply_bundle_verify(bad, f->len + 1, f->rv_pk,
	    f->gw_pk, &b), 0);
	free(bad);
}

/* A validly signed bundle whose body is malformed is still refused: the
 * strict parser does not lean on the signature. */
static void
test_bundle_signed_garbage(void **state)
{
	struct bfix *f = *state;
	struct reply_bundle *b = NULL;
	uint8_t *buf = malloc(f->len + 8);
	size_t body = f->len - 64;

	/* trailing bytes inside the signed part */
	memcpy(buf, f->buf, body);
	memset(buf + body, 0, 8);
	crypto_sign_detached(buf + body + 8, NULL, buf, body + 8, f->rv_sk);
	assert_int_equal(reply_bundle_verify(buf, f->len + 8, f->rv_pk,
	    f->gw_pk, &b), SNT_ERR_INVALID);
	/* a count larger than the entries */
	memcpy(buf, f->buf, body);
	buf[4 + 1 + 32 + 8 + 3] = 200;
	crypto_sign_detached(buf + body, NULL, buf, body, f->rv_sk);
	assert_int_not_equal(reply_bundle_verify(buf, f->len, f->rv_pk,
	    f->gw_pk, &b), 0);
	/* an unknown version */
	memcpy(buf, f->buf, body);
	buf[4] = 2;
	crypto_sign_detached(buf + body, NULL, buf, body, f->rv_sk);
	assert_int_equal(reply_bundle_verify(buf, f->len, f->rv_pk, f->gw_pk,
	    &b), SNT_ERR_VERSION);
	assert_null(b);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_status_only_and_sizes),
		cmocka_unit_test(test_create_refusals),
		cmocka_unit_test(test_record_wrong_key_flip_truncate),
		cmocka_unit_test_setup_teardown(test_bundle_roundtrip, bsetup,
		    bteardown),
		cmocka_unit_test_setup_teardown(test_bundle_empty, bsetup,
		    bteardown),
		cmocka_unit_test_setup_teardown(test_bundle_wrong_signer_and_gateway,
		    bsetup, bteardown),
		cmocka_unit_test_setup_teardown(test_bundle_flip_truncate,
		    bsetup, bteardown),
		cmocka_unit_test_setup_teardown(test_bundle_signed_garbage,
		    bsetup, bteardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

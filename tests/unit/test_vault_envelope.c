/* test_vault_envelope.c — sealing, opening, padding buckets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "test_vault_common.h"
#include "testutil.h"

/* The documented buckets: powers of two from 1 KiB to 64 KiB. */
static int
documented_bucket(size_t b)
{
	size_t x;

	for (x = 1024; x <= 65536; x *= 2)
		if (b == x)
			return 1;
	return 0;
}

static void
test_seal_open(void **state)
{
	struct tv_team t;
	struct content c, d;
	struct envelope_header h;
	uint8_t *env = NULL, *plain = NULL;
	size_t len = 0, plen = 0;
	const char *msg = "Hoitaja oli töykeä.";

	(void)state;
	tv_team_new(&t);
	tv_content(&c, msg, strlen(msg));
	assert_int_equal(envelope_seal(&c, t.pk, t.key_id, &env, &len), 0);
	assert_int_equal(envelope_parse_header(env, len, &h), 0);
	assert_int_equal(h.version, ENVELOPE_VERSION);
	assert_memory_equal(h.key_id, t.key_id, KEY_ID_BYTES);
	assert_int_equal(h.hour, c.arrival / 3600);
	assert_int_equal(h.bucket, 1024);
	assert_int_equal(len, ENVELOPE_HEADER_BYTES + 48 + 1024);
	/* nothing of the plaintext is visible */
	assert_false(tu_memmem(env, len, "Hoitaja", 7));
	assert_false(tu_memmem(env, len, c.reply_pk, 8));

	assert_int_equal(envelope_open(env, len, t.pk, t.sk, &plain, &plen,
	    &d), 0);
	assert_true(tv_content_eq(&c, &d));
	smem_free(plain);
	free(env);
}

static void
test_wrong_key_and_swapped_header(void **state)
{
	struct tv_team t, u;
	struct content c, d;
	uint8_t *a = NULL, *b = NULL, *plain = NULL;
	size_t alen, blen, plen;

	(void)state;
	tv_team_new(&t);
	tv_team_new(&u);
	tv_content_min(&c, "first", 5);
	assert_int_equal(envelope_seal(&c, t.pk, t.key_id, &a, &alen), 0);
	c.arrival += 7200;
	assert_int_equal(envelope_seal(&c, t.pk, u.key_id, &b, &blen), 0);
	assert_int_equal(envelope_open(a, alen, u.pk, u.sk, &plain, &plen,
	    &d), SNT_ERR_CRYPTO);
	assert_null(plain);
	/* an outside header moved from another envelope is detected */
	memcpy(a, b, ENVELOPE_HEADER_BYTES);
	assert_int_equal(envelope_open(a, alen, t.pk, t.sk, &plain, &plen,
	    &d), SNT_ERR_INVALID);
	assert_null(plain);
	assert_int_equal(d.kind, 0);
	free(a);
	free(b);
}

static void
test_header_refusals(void **state)
{
	struct tv_team t;
	struct envelope_header h;
	uint8_t *env;
	size_t len;

	(void)state;
	tv_team_new(&t);
	env = tv_seal(&t, 10, &len);
	assert_non_null(env);
	env[0] = 2;
	assert_int_equal(envelope_parse_header(env, len, &h), SNT_ERR_VERSION);
	env[0] = ENVELOPE_VERSION;
	assert_int_equal(envelope_parse_header(env, len - 1, &h),
	    SNT_ERR_TRUNCATED);
	assert_int_equal(envelope_parse_header(env, 5, &h), SNT_ERR_TRUNCATED);
	assert_int_equal(envelope_parse_header(env, 0, &h), SNT_ERR_TRUNCATED);
	env = realloc(env, len + 1024);
	assert_non_null(env);
	memset(env + len, 0, 1024);
	/* one bucket plus some bytes is not a bucket */
	assert_int_equal(envelope_parse_header(env, len + 1, &h),
	    SNT_ERR_INVALID);
	assert_int_equal(envelope_parse_header(env, len + 512, &h),
	    SNT_ERR_INVALID);
	free(env);
}

/* Every bit flip and every truncation of an envelope is refused. */
static void
test_flip_and_truncate(void **state)
{
	struct tv_team t;
	struct content d;
	uint8_t *env, *copy, *plain = NULL;
	size_t len, plen, i;
	int bit;

	(void)state;
	tv_team_new(&t);
	env = tv_seal(&t, 100, &len);
	assert_non_null(env);
	copy = malloc(len);
	assert_non_null(copy);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, env, len);
			copy[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(envelope_open(copy, len, t.pk,
			    t.sk, &plain, &plen, &d), 0);
			assert_null(plain);
		}
	for (i = 0; i < len; i++) {
		memcpy(copy, env, i);
		assert_int_not_equal(envelope_open(copy, i, t.pk, t.sk,
		    &plain, &plen, &d), 0);
		assert_null(plain);
	}
	assert_int_equal(envelope_open(env, len, t.pk, t.sk, &plain, &plen,
	    &d), 0);
	smem_free(plain);
	free(copy);
	free(env);
}

static void
test_bucket_for(void **state)
{
	size_t n, b;

	(void)state;
	for (n = 0; n <= CONTENT_RECORD_MAX; n++) {
		b = envelope_bucket_for(n);
		assert_true(documented_bucket(b));
		/* room for the inside header and sodium_pad's marker byte */
		assert_true(ENVELOPE_HEADER_BYTES + n < b);
		/* the smallest bucket that fits */
		assert_true(b == 1024 || ENVELOPE_HEADER_BYTES + n >= b / 2);
	}
	assert_int_equal(envelope_bucket_for(CONTENT_RECORD_MAX), 65536);
	assert_int_equal(envelope_bucket_for(CONTENT_RECORD_MAX + 1), 0);
}

/* Seals a message of `chars` copies of the UTF-8 sequence u and checks
 * the stored size is a documented bucket. Returns the bucket. */
static size_t
seal_size(const struct tv_team *t, const char *u, size_t chars, int full)
{
	struct content c;
	struct envelope_header h;
	size_t ul = strlen(u), i, len, b;
	char *msg = malloc(ul * chars);
	uint8_t *env = NULL;

	assert_non_null(msg);
	for (i = 0; i < chars; i++)
		memcpy(msg + i * ul, u, ul);
	if (full)
		tv_content(&c, msg, ul * chars);
	else
		tv_content_min(&c, msg, ul * chars);
	assert_int_equal(envelope_seal(&c, t->pk, t->key_id, &env, &len), 0);
	assert_int_equal(envelope_parse_header(env, len, &h), 0);
	b = len - ENVELOPE_HEADER_BYTES - 48;
	assert_true(documented_bucket(b));
	assert_int_equal(b, h.bucket);
	free(msg);
	free(env);
	return b;
}

/*
 * Stored sizes for contents from 1 byte to the maximum: every length near
 * a bucket edge, a stride elsewhere, and the largest record possible
 * (every field at its limit, the message 10000 four-byte characters).
 */
static void
test_stored_sizes(void **state)
{
	struct tv_team t;
	struct content c, d;
	static char big[CONTENT_MESSAGE_MAX], persons[CONTENT_PERSONS_MAX],
	    when[CONTENT_WHEN_MAX], cb[CONTENT_CALLBACK_MAX],
	    unit[CONTENT_UNIT_MAX];
	uint8_t *env = NULL, *plain = NULL;
	size_t n, len, plen, i, seen = 0, b;
	size_t edge;

	(void)state;
	tv_team_new(&t);
	for (n = 1; n <= CONTENT_MESSAGE_MAX_CHARS; n++) {
		int near = 0;

		for (edge = 1024; edge <= 16384; edge *= 2)
			if (n + 200 > edge && n < edge + 16)
				near = 1;
		if (!near && n % 97 != 0 && n != CONTENT_MESSAGE_MAX_CHARS)
			continue;
		b = seal_size(&t, "x", n, 0);
		seen |= b;
	}
	for (n = 1; n <= CONTENT_MESSAGE_MAX_CHARS; n += 499)
		seen |= seal_size(&t, "\xf0\x9f\x98\x80", n, 1);
	/* every bucket up to 32 KiB is reached by real messages */
	assert_int_equal(seen & 0xfc00, 0xfc00);

	/* the largest record there can be still seals, and opens */
	for (i = 0; i < CONTENT_MESSAGE_MAX; i += 4)
		memcpy(big + i, "\xf0\x9f\x98\x80", 4);
	memset(persons, 'p', sizeof(persons));
	memset(when, 'w', sizeof(when));
	memset(cb, 'c', sizeof(cb));
	memset(unit, 'u', sizeof(unit));
	tv_content(&c, big, CONTENT_MESSAGE_MAX);
	c.persons.p = persons;
	c.persons.len = sizeof(persons);
	c.when.p = when;
	c.when.len = sizeof(when);
	c.callback_time.p = cb;
	c.callback_time.len = sizeof(cb);
	c.unit_other.p = unit;
	c.unit_other.len = sizeof(unit);
	c.phone = tv_str("+358401234567890");
	assert_int_equal(envelope_seal(&c, t.pk, t.key_id, &env, &len), 0);
	assert_int_equal(len, ENVELOPE_HEADER_BYTES + 48 + 65536);
	assert_true(len <= ENVELOPE_MAX);
	assert_int_equal(envelope_open(env, len, t.pk, t.sk, &plain, &plen,
	    &d), 0);
	assert_true(plen <= CONTENT_RECORD_MAX);
	assert_true(tv_content_eq(&c, &d));
	smem_free(plain);
	free(env);
}

/* Every length up to 4 KiB buckets; in larger ones (each length costs a
 * comparison of the whole bucket) the first and last 1,100 and every 97th
 * between. */
static size_t
next_len(size_t n, size_t bucket)
{
	if (bucket <= 4096 || n < 1100 || n >= bucket - 1100 - 97)
		return n + 1;
	return n + 97;
}

/* envelope_pad writes only the pad bytes; the result must be byte for byte
 * sodium_pad's, and sodium_unpad (the reviewer's side) must give the
 * length back: lengths across every bucket, starting from garbage, so a
 * byte the pad forgets to write shows. */
static void
test_pad_is_sodium_pad(void **state)
{
	uint8_t *a, *b;
	size_t bucket, n, padded, unpadded;

	(void)state;
	a = malloc(65536);
	b = malloc(65536);
	assert_non_null(a);
	assert_non_null(b);
	for (bucket = 1024; bucket <= 65536; bucket *= 2) {
		for (n = 0; n < bucket; n = next_len(n, bucket)) {
			memset(a, 0xa5, bucket);
			memset(b, 0xa5, bucket);
			assert_int_equal(envelope_pad(a, n, bucket), 0);
			assert_int_equal(sodium_pad(&padded, b, n, bucket,
			    bucket), 0);
			assert_int_equal(padded, bucket);
			assert_memory_equal(a, b, bucket);
			assert_int_equal(sodium_unpad(&unpadded, a, bucket,
			    bucket), 0);
			assert_int_equal(unpadded, n);
		}
		/* No room for the 0x80: refused, like sodium_pad. */
		assert_int_equal(envelope_pad(a, bucket, bucket),
		    SNT_ERR_INTERNAL);
		assert_int_equal(sodium_pad(&padded, b, bucket, bucket,
		    bucket), -1);
	}
	free(a);
	free(b);
}

static void
test_ids(void **state)
{
	static uint8_t ids[2000][ENVELOPE_ID_BYTES];
	size_t i, j;

	(void)state;
	for (i = 0; i < 2000; i++)
		envelope_new_id(ids[i]);
	for (i = 0; i < 2000; i++)
		for (j = i + 1; j < 2000; j++)
			assert_memory_not_equal(ids[i], ids[j],
			    ENVELOPE_ID_BYTES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_wrong_key_and_swapped_header),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_flip_and_truncate),
		cmocka_unit_test(test_bucket_for),
		cmocka_unit_test(test_stored_sizes),
		cmocka_unit_test(test_pad_is_sodium_pad),
		cmocka_unit_test(test_ids),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

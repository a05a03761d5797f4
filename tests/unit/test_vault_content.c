/* test_vault_content.c — content records and receipts. */
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
#include "sinetti/err.h"
#include "sinetti/receipt.h"
#include "sinetti/smem.h"
#include "sinetti/wire.h"
#include "test_vault_common.h"
#include "testutil.h"

static const char fi_msg[] = "Äiti ei saanut lääkkeitään ajoissa.\nKiitos.";

static void
test_roundtrip(void **state)
{
	struct content c, d;
	uint8_t *buf = NULL;
	size_t len = 0;

	(void)state;
	tv_content(&c, fi_msg, strlen(fi_msg));
	assert_int_equal(content_encode(&c, &buf, &len), 0);
	assert_int_equal(content_decode(buf, len, &d), 0);
	assert_true(tv_content_eq(&c, &d));
	smem_free(buf);

	tv_content_min(&c, "a", 1);
	assert_int_equal(content_encode(&c, &buf, &len), 0);
	assert_int_equal(content_decode(buf, len, &d), 0);
	assert_true(tv_content_eq(&c, &d));
	assert_int_equal(d.when.len, 0);
	assert_int_equal(d.phone.len, 0);
	smem_free(buf);
}

/* The encoder enforces the same rules as the decoder. */
static void
test_encode_rules(void **state)
{
	struct content c;
	uint8_t *buf = NULL;
	size_t len = 0;
	char *big;

	(void)state;
	big = malloc(CONTENT_MESSAGE_MAX + 1);
	assert_non_null(big);
	memset(big, 'a', CONTENT_MESSAGE_MAX + 1);

#define REFUSE(setup, err) do { \
	tv_content(&c, fi_msg, strlen(fi_msg)); \
	setup; \
	assert_int_equal(content_encode(&c, &buf, &len), err); \
	assert_null(buf); \
} while (0)
	REFUSE(c.kind = 0, SNT_ERR_INVALID);
	REFUSE(c.kind = 4, SNT_ERR_INVALID);
	REFUSE(c.role = 5, SNT_ERR_INVALID);
	REFUSE(c.message.len = 0, SNT_ERR_MISSING);
	REFUSE(c.unit.len = 0, SNT_ERR_MISSING);
	REFUSE(memcpy(c.lang, "de", 3), SNT_ERR_INVALID);
	REFUSE(c.message = tv_str("a\xc3"), SNT_ERR_UTF8);
	REFUSE(c.persons = tv_str("\xed\xa0\x80"), SNT_ERR_UTF8);
	REFUSE(c.message.p = "a\0b"; c.message.len = 3, SNT_ERR_INVALID);
	REFUSE(c.when.p = "x\0"; c.when.len = 2, SNT_ERR_INVALID);
	REFUSE(c.message.p = big; c.message.len = CONTENT_MESSAGE_MAX + 1,
	    SNT_ERR_TOO_LARGE);
	/* 10001 characters fit the byte limit but not the character one */
	REFUSE(c.message.p = big; c.message.len = CONTENT_MESSAGE_MAX_CHARS + 1,
	    SNT_ERR_TOO_LARGE);
	REFUSE(c.unit.p = big; c.unit.len = CONTENT_UNIT_MAX + 1,
	    SNT_ERR_TOO_LARGE);
	REFUSE(c.persons.p = big; c.persons.len = CONTENT_PERSONS_MAX + 1,
	    SNT_ERR_TOO_LARGE);
	REFUSE(c.phone = tv_str("0401234567"), SNT_ERR_INVALID);
	REFUSE(c.phone = tv_str("+35840 123"), SNT_ERR_INVALID);
	REFUSE(c.phone = tv_str("+3584012345678901234567"), SNT_ERR_TOO_LARGE);
	/* free text for the unit only with unit "other" */
	REFUSE(c.unit = tv_str("u7"), SNT_ERR_INVALID);
#undef REFUSE

	/* exactly at the limits is fine */
	tv_content(&c, big, CONTENT_MESSAGE_MAX_CHARS);
	c.persons.p = big;
	c.persons.len = CONTENT_PERSONS_MAX;
	assert_int_equal(content_encode(&c, &buf, &len), 0);
	assert_true(len <= CONTENT_RECORD_MAX);
	smem_free(buf);
	free(big);
}

/* ----- hand-built records, to reach every decoder refusal ----- */

struct rec {
	uint8_t b[512];
	size_t n;
};

static void
rec_start(struct rec *r, uint8_t version)
{
	r->n = 0;
	r->b[r->n++] = version;
}

static void
rec_field(struct rec *r, uint8_t tag, const void *v, size_t n)
{
	r->b[r->n++] = tag;
	r->b[r->n++] = (uint8_t)(n >> 8);
	r->b[r->n++] = (uint8_t)n;
	memcpy(r->b + r->n, v, n);
	r->n += n;
}

/* The documented check: BLAKE2b-128, personal "sinetti.content1". */
static void
rec_finish(struct rec *r)
{
	static const unsigned char personal[16] = "sinetti.content1";

	crypto_generichash_blake2b_salt_personal(r->b + r->n, 16, r->b, r->n,
	    NULL, 0, NULL, personal);
	r->n += 16;
}

static const uint8_t arrival[8] = { 0, 0, 0, 0, 0x6a, 0xfd, 0x3d, 0x80 };
static const uint8_t pk[32] = { 1, 2, 3 };

/* Fields 1..12 in order; skip one with omit, repeat one with dup, put an
 * extra tag after position `after` (0 = none). */
static void
rec_build(struct rec *r, int omit, int dup, int extra_after,
    uint8_t extra_tag, const char *message)
{
	static const uint8_t kind = 1, role = 2;
	int t;

	rec_start(r, CONTENT_VERSION);
	for (t = 1; t <= 12; t++) {
		int times = t == dup ? 2 : 1;

		while (times-- > 0 && t != omit) {
			switch (t) {
			case 1: rec_field(r, 1, &kind, 1); break;
			case 2: rec_field(r, 2, &role, 1); break;
			case 3: rec_field(r, 3, "u1", 2); break;
			case 5: rec_field(r, 5, message, strlen(message));
				break;
			case 10: rec_field(r, 10, "sv", 2); break;
			case 11: rec_field(r, 11, arrival, 8); break;
			case 12: rec_field(r, 12, pk, 32); break;
			default: break;
			}
		}
		if (t == extra_after)
			rec_field(r, extra_tag, "zz", 2);
	}
	rec_finish(r);
}

static void
test_decode_rules(void **state)
{
	struct content c;
	struct rec r;
	int t;

	(void)state;
	rec_build(&r, 0, 0, 0, 0, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), 0);
	assert_int_equal(c.arrival, 0x6afd3d80);
	assert_string_equal(c.lang, "sv");

	/* every required field missing in turn */
	for (t = 1; t <= 12; t++) {
		if (t == 4 || (t >= 6 && t <= 9))
			continue;
		rec_build(&r, t, 0, 0, 0, "hello");
		assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_MISSING);
		assert_int_equal(c.kind, 0);
	}
	/* duplicates */
	for (t = 1; t <= 12; t++) {
		if (t == 4 || (t >= 6 && t <= 9))
			continue;
		rec_build(&r, 0, t, 0, 0, "hello");
		assert_int_equal(content_decode(r.b, r.n, &c),
		    SNT_ERR_DUPLICATE);
	}
	/* a known tag out of order */
	rec_build(&r, 0, 0, 12, 3, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
	/* an unknown tag below 0x80 is refused... */
	rec_build(&r, 0, 0, 12, 13, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
	rec_build(&r, 0, 0, 12, 0x7f, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
	/* ...one from 0x80 up is a future optional field and skipped */
	rec_build(&r, 0, 0, 12, 0x80, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), 0);
	rec_build(&r, 0, 0, 12, 0xff, "hello");
	assert_int_equal(content_decode(r.b, r.n, &c), 0);
	/* an empty optional field is not the canonical encoding */
	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	rec_field(&r, 2, "\1", 1);
	rec_field(&r, 3, "u1", 2);
	rec_field(&r, 5, "m", 1);
	rec_field(&r, 6, "", 0);
	rec_field(&r, 10, "fi", 2);
	rec_field(&r, 11, arrival, 8);
	rec_field(&r, 12, pk, 32);
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
	/* invalid UTF-8, a NUL, a bad language, wrong field sizes */
	rec_build(&r, 0, 0, 0, 0, "caf\xc3");
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_UTF8);
	rec_build(&r, 0, 0, 0, 0, "\xc0\xaf");
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_UTF8);
	/* unknown version */
	rec_build(&r, 0, 0, 0, 0, "hello");
	r.b[0] = 2;
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_VERSION);
	/* trailing bytes after the check */
	rec_build(&r, 0, 0, 0, 0, "hello");
	r.b[r.n++] = 0;
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
	/* a field that runs past the end, with a valid check */
	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	r.b[r.n++] = 2;
	r.b[r.n++] = 0;
	r.b[r.n++] = 9;
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_TRUNCATED);
	/* over the record maximum */
	assert_int_equal(content_decode(r.b, CONTENT_RECORD_MAX + 1, &c),
	    SNT_ERR_TOO_LARGE);
}

static void
test_decode_nul_and_limits(void **state)
{
	struct content c;
	struct rec r;
	char unit[CONTENT_UNIT_MAX + 2];

	(void)state;
	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	rec_field(&r, 2, "\1", 1);
	rec_field(&r, 3, "u1", 2);
	rec_field(&r, 5, "a\0b", 3);
	rec_field(&r, 10, "fi", 2);
	rec_field(&r, 11, arrival, 8);
	rec_field(&r, 12, pk, 32);
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);

	memset(unit, 'u', sizeof(unit));
	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	rec_field(&r, 2, "\1", 1);
	rec_field(&r, 3, unit, CONTENT_UNIT_MAX + 1);
	rec_field(&r, 5, "m", 1);
	rec_field(&r, 10, "fi", 2);
	rec_field(&r, 11, arrival, 8);
	rec_field(&r, 12, pk, 32);
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_TOO_LARGE);

	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	rec_field(&r, 2, "\1", 1);
	rec_field(&r, 3, "u1", 2);
	rec_field(&r, 5, "m", 1);
	rec_field(&r, 10, "de", 2);
	rec_field(&r, 11, arrival, 8);
	rec_field(&r, 12, pk, 32);
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);

	rec_start(&r, 1);
	rec_field(&r, 1, "\1", 1);
	rec_field(&r, 2, "\1", 1);
	rec_field(&r, 3, "u1", 2);
	rec_field(&r, 5, "m", 1);
	rec_field(&r, 10, "fi", 2);
	rec_field(&r, 11, arrival, 7);
	rec_field(&r, 12, pk, 32);
	rec_finish(&r);
	assert_int_equal(content_decode(r.b, r.n, &c), SNT_ERR_INVALID);
}

/* Every single bit flip and every truncation is refused. */
static void
test_flip_and_truncate(void **state)
{
	struct content c, d;
	uint8_t *buf = NULL, *copy;
	size_t len = 0, i;
	int bit;

	(void)state;
	tv_content(&c, fi_msg, strlen(fi_msg));
	assert_int_equal(content_encode(&c, &buf, &len), 0);
	copy = malloc(len);
	assert_non_null(copy);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, buf, len);
			copy[i] ^= (uint8_t)(1u << bit);
			assert_int_not_equal(content_decode(copy, len, &d), 0);
		}
	for (i = 0; i < len; i++) {
		memcpy(copy, buf, i);
		assert_int_not_equal(content_decode(copy, i, &d), 0);
	}
	assert_int_equal(content_decode(buf, len, &d), 0);
	free(copy);
	smem_free(buf);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(content_kind_name(CONTENT_KIND_OBJECTION),
	    "objection");
	assert_string_equal(content_role_name(CONTENT_ROLE_RELATIVE),
	    "relative");
	assert_null(content_kind_name(0));
	assert_null(content_role_name(9));
	assert_int_equal(content_kind_from_name("concern", 7), 2);
	assert_int_equal(content_role_from_name("representative", 14), 3);
	assert_int_equal(content_role_from_name("relativ", 7), 0);
	assert_int_equal(content_kind_from_name(NULL, 0), 0);
}

/* ----------------------------------------------------------- receipts */

static void
test_receipt_text(void **state)
{
	uint8_t r[RECEIPT_BYTES], back[RECEIPT_BYTES];
	char text[RECEIPT_TEXT_LEN + 1], typed[64];
	size_t i, j;
	int k;

	(void)state;
	for (k = 0; k < 200; k++) {
		receipt_generate(r);
		receipt_format(r, text);
		assert_int_equal(strlen(text), RECEIPT_TEXT_LEN);
		for (i = 0; i < RECEIPT_TEXT_LEN; i++)
			assert_true((i % 5 == 4) == (text[i] == '-'));
		assert_int_equal(receipt_parse(text, strlen(text), back), 0);
		assert_memory_equal(r, back, RECEIPT_BYTES);
		/* lower case, spaces instead of dashes, confusables */
		for (i = j = 0; text[i] != '\0'; i++) {
			char ch = text[i];

			if (ch == '-')
				ch = ' ';
			else if (ch == '0')
				ch = 'o';
			else if (ch == '1')
				ch = (k & 1) ? 'l' : 'I';
			else if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			typed[j++] = ch;
		}
		assert_int_equal(receipt_parse(typed, j, back), 0);
		assert_memory_equal(r, back, RECEIPT_BYTES);
	}
	memset(r, 0, sizeof(r));
	receipt_format(r, text);
	assert_string_equal(text, "0000-0000-0000-0000-0000-0000");
	memset(r, 0xff, sizeof(r));
	receipt_format(r, text);
	assert_string_equal(text, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
	/* refusals: too short, too long, U (not in Crockford's alphabet),
	 * punctuation */
	assert_int_equal(receipt_parse("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ", 28,
	    back), SNT_ERR_INVALID);
	assert_int_equal(receipt_parse("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZ", 30,
	    back), SNT_ERR_INVALID);
	assert_int_equal(receipt_parse("UZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", 29,
	    back), SNT_ERR_INVALID);
	assert_int_equal(receipt_parse("ZZZZ.ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", 29,
	    back), SNT_ERR_INVALID);
	assert_int_equal(receipt_parse("ZZZZ\0ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", 29,
	    back), SNT_ERR_INVALID);
	assert_int_equal(receipt_parse("", 0, back), SNT_ERR_INVALID);
}

static void
test_receipt_derive(void **state)
{
	uint8_t r[RECEIPT_BYTES], pk2[32];
	struct receipt_keys *a, *b;
	uint8_t m[16] = "reply to sender", c[16 + crypto_box_MACBYTES],
	    n[crypto_box_NONCEBYTES], epk[32], esk[32], out[16];

	(void)state;
	a = smem_alloc(sizeof(*a));
	b = smem_alloc(sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	receipt_generate(r);
	receipt_derive(r, a);
	receipt_derive(r, b);
	assert_memory_equal(a, b, sizeof(*a));	/* deterministic */
	/* the keypair is a real X25519 pair */
	crypto_scalarmult_base(pk2, a->reply_sk);
	assert_memory_equal(pk2, a->reply_pk, 32);
	/* the outputs are separated from each other */
	assert_memory_not_equal(a->lookup, a->reply_pk, 32);
	assert_memory_not_equal(a->lookup, a->reply_sk, 32);
	/* a reply sealed to reply_pk opens with the derived secret key */
	crypto_box_keypair(epk, esk);
	randombytes_buf(n, sizeof(n));
	assert_int_equal(crypto_box_easy(c, m, 16, n, a->reply_pk, esk), 0);
	assert_int_equal(crypto_box_open_easy(out, c, sizeof(c), n, epk,
	    b->reply_sk), 0);
	assert_memory_equal(out, m, 16);
	/* one bit of the receipt changes everything */
	r[7] ^= 1;
	receipt_derive(r, b);
	assert_memory_not_equal(a->lookup, b->lookup, 32);
	assert_memory_not_equal(a->reply_pk, b->reply_pk, 32);
	smem_free(a);
	smem_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_encode_rules),
		cmocka_unit_test(test_decode_rules),
		cmocka_unit_test(test_decode_nul_and_limits),
		cmocka_unit_test(test_flip_and_truncate),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_receipt_text),
		cmocka_unit_test(test_receipt_derive),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

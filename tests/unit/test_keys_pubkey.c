/* test_keys_pubkey.c — key ids, fingerprints, the two public key files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "testutil.h"

static void
sample_team(struct team_public *tp)
{
	memset(tp, 0, sizeof(*tp));
	tp->epoch = 7;
	randombytes_buf(tp->team_pk, 32);
	randombytes_buf(tp->review_sign_pk, 32);
	key_id_of(tp->team_pk, tp->key_id);
}

static void
test_key_id_and_fingerprint(void **state)
{
	uint8_t pk[32] = { 0 }, a[KEY_ID_BYTES], b[KEY_ID_BYTES];
	char f1[FINGERPRINT_MAX], f2[FINGERPRINT_MAX];
	size_t i;

	(void)state;
	key_id_of(pk, a);
	key_id_of(pk, b);
	assert_memory_equal(a, b, KEY_ID_BYTES);
	pk[31] = 1;
	key_id_of(pk, b);
	assert_memory_not_equal(a, b, KEY_ID_BYTES);
	fingerprint_of(pk, 32, f1);
	/* five groups of five digits, for reading aloud */
	assert_int_equal(strlen(f1), 29);
	for (i = 0; i < 29; i++)
		assert_true((i % 6 == 5) ? f1[i] == ' ' :
		    (f1[i] >= '0' && f1[i] <= '9'));
	pk[0] ^= 1;
	fingerprint_of(pk, 32, f2);
	assert_string_not_equal(f1, f2);
}

static void
test_team_roundtrip(void **state)
{
	struct team_public tp, back;
	char *text = NULL;
	size_t len;

	(void)state;
	sample_team(&tp);
	assert_int_equal(team_public_format(&tp, &text, &len), 0);
	assert_true(strncmp(text, "sinetti-team-public 1\n", 22) == 0);
	assert_int_equal(team_public_parse(text, len, &back), 0);
	assert_int_equal(back.epoch, 7);
	assert_memory_equal(back.team_pk, tp.team_pk, 32);
	assert_memory_equal(back.review_sign_pk, tp.review_sign_pk, 32);
	assert_memory_equal(back.key_id, tp.key_id, KEY_ID_BYTES);
	free(text);
}

static void
test_signing_roundtrip(void **state)
{
	struct signing_public sp, back;
	char *text = NULL, fpr[FINGERPRINT_MAX];
	size_t len;
	char *dir = tu_tmpdir(), path[256];

	(void)state;
	randombytes_buf(sp.sign_pk, 32);
	assert_int_equal(signing_public_format(&sp, &text, &len), 0);
	assert_int_equal(signing_public_parse(text, len, &back), 0);
	assert_memory_equal(back.sign_pk, sp.sign_pk, 32);
	signing_public_fingerprint(&sp, fpr);
	assert_non_null(strstr(text, fpr));
	snprintf(path, sizeof(path), "%s/gw.pub", dir);
	assert_int_equal(tu_write_file(path, text, len), 0);
	memset(&back, 0, sizeof(back));
	assert_int_equal(signing_public_load(path, &back), 0);
	assert_memory_equal(back.sign_pk, sp.sign_pk, 32);
	/* a team file is not a signing file, and the other way round */
	{
		struct team_public tp;

		assert_int_not_equal(team_public_parse(text, len, &tp), 0);
	}
	free(text);
	tu_rmdir(dir);
}

/* Replaces the first occurrence of from with to in a formatted team file. */
static int
parse_edited(const struct team_public *tp, const char *from, const char *to)
{
	struct team_public back;
	char *text = NULL, buf[PUBKEY_FILE_MAX + 64], *at;
	size_t len;
	int r;

	assert_int_equal(team_public_format(tp, &text, &len), 0);
	at = strstr(text, from);
	assert_non_null(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	r = team_public_parse(buf, strlen(buf), &back);
	free(text);
	return r;
}

static void
test_team_strict(void **state)
{
	struct team_public tp, other;
	char *text = NULL, *t2, buf[2048], idhex[17];
	size_t len, len2;

	(void)state;
	sample_team(&tp);
	assert_int_equal(parse_edited(&tp, "sinetti-team-public 1",
	    "sinetti-team-public 2"), SNT_ERR_VERSION);
	assert_int_equal(parse_edited(&tp, "sinetti-team-public 1",
	    "sinetti-team-publik 1"), SNT_ERR_INVALID);
	assert_int_equal(parse_edited(&tp, "epoch: 7\n",
	    "epoch: 7\nepoch: 7\n"), SNT_ERR_DUPLICATE);
	assert_int_equal(parse_edited(&tp, "epoch: 7\n", ""), SNT_ERR_MISSING);
	assert_int_equal(parse_edited(&tp, "epoch: 7\n",
	    "epoch: 7\ncomment: x\n"), SNT_ERR_INVALID);
	assert_int_equal(parse_edited(&tp, "epoch: 7", "epoch: 07"),
	    SNT_ERR_INVALID);
	assert_int_equal(parse_edited(&tp, "epoch: 7", "epoch:  7"),
	    SNT_ERR_INVALID);
	assert_int_equal(parse_edited(&tp, "epoch: 7\n", "epoch: 7\r\n"),
	    SNT_ERR_INVALID);
	/* another epoch number: the fingerprint line no longer matches */
	assert_int_equal(parse_edited(&tp, "epoch: 7", "epoch: 8"),
	    SNT_ERR_INVALID);
	/* key id of another key */
	sample_team(&other);
	sodium_bin2hex(idhex, sizeof(idhex), other.key_id, KEY_ID_BYTES);
	assert_int_equal(team_public_format(&tp, &text, &len), 0);
	{
		char mine[17];

		sodium_bin2hex(mine, sizeof(mine), tp.key_id, KEY_ID_BYTES);
		assert_int_equal(parse_edited(&tp, mine, idhex),
		    SNT_ERR_INVALID);
	}
	/* trailing garbage, missing final newline, embedded NUL */
	snprintf(buf, sizeof(buf), "%sx", text);
	assert_int_not_equal(team_public_parse(buf, strlen(buf), &other), 0);
	assert_int_not_equal(team_public_parse(text, len - 1, &other), 0);
	memcpy(buf, text, len);
	buf[10] = '\0';
	assert_int_not_equal(team_public_parse(buf, len, &other), 0);
	/* over the size limit */
	assert_int_equal(team_public_parse(text, PUBKEY_FILE_MAX + 1, &other),
	    SNT_ERR_TOO_LARGE);
	/* key order does not matter: the epoch line moved to the end */
	t2 = strstr(text, "epoch: 7\n");
	assert_non_null(t2);
	len2 = (size_t)(t2 - text);
	snprintf(buf, sizeof(buf), "%.*s%sepoch: 7\n", (int)len2, text,
	    t2 + strlen("epoch: 7\n"));
	assert_int_equal(team_public_parse(buf, strlen(buf), &other), 0);
	assert_int_equal(other.epoch, 7);
	free(text);
}

/* Non-canonical base64: the same key with non-zero padding bits. */
static void
test_team_base64_canonical(void **state)
{
	struct team_public tp;
	char b64[45], bad[45];
	const char *alpha =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p;

	(void)state;
	sample_team(&tp);
	sodium_bin2base64(b64, sizeof(b64), tp.review_sign_pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	memcpy(bad, b64, sizeof(b64));
	p = strchr(alpha, bad[42]);
	assert_non_null(p);
	bad[42] = alpha[((p - alpha) | 1)];	/* set an unused low bit */
	if (bad[42] == b64[42])
		bad[42] = alpha[((p - alpha) | 2)];
	assert_int_not_equal(parse_edited(&tp, b64, bad), 0);
}

/* Every bit flip and every truncation of a public file is refused. */
static void
walk(const char *text, size_t len, int team)
{
	char *m = malloc(len + 1);
	struct team_public tp;
	struct signing_public sp;
	size_t i, b;
	int r;

	assert_non_null(m);
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++) {
			memcpy(m, text, len);
			m[i] = (char)(m[i] ^ (1 << b));
			r = team ? team_public_parse(m, len, &tp) :
			    signing_public_parse(m, len, &sp);
			if (r == 0)
				fail_msg("flip of byte %zu bit %zu accepted", i, b);
		}
	for (i = 0; i < len; i++) {
		r = team ? team_public_parse(text, i, &tp) :
		    signing_public_parse(text, i, &sp);
		if (r == 0)
			fail_msg("truncation at %zu accepted", i);
	}
	free(m);
}

static void
test_flip_and_truncate(void **state)
{
	struct team_public tp;
	struct signing_public sp;
	char *text = NULL;
	size_t len;
	int k;

	(void)state;
	for (k = 0; k < 3; k++) {	/* a few keys, so no lucky constant */
		sample_team(&tp);
		assert_int_equal(team_public_format(&tp, &text, &len), 0);
		walk(text, len, 1);
		free(text);
		randombytes_buf(sp.sign_pk, 32);
		assert_int_equal(signing_public_format(&sp, &text, &len), 0);
		walk(text, len, 0);
		free(text);
	}
}

static void
test_load_errors(void **state)
{
	struct team_public tp;
	char *dir = tu_tmpdir(), path[256];
	char big[PUBKEY_FILE_MAX + 2];

	(void)state;
	snprintf(path, sizeof(path), "%s/none.pub", dir);
	assert_int_equal(team_public_load(path, &tp), SNT_ERR_NOT_FOUND);
	memset(big, 'a', sizeof(big));
	assert_int_equal(tu_write_file(path, big, sizeof(big)), 0);
	assert_int_equal(team_public_load(path, &tp), SNT_ERR_TOO_LARGE);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_id_and_fingerprint),
		cmocka_unit_test(test_team_roundtrip),
		cmocka_unit_test(test_signing_roundtrip),
		cmocka_unit_test(test_team_strict),
		cmocka_unit_test(test_team_base64_canonical),
		cmocka_unit_test(test_flip_and_truncate),
		cmocka_unit_test(test_load_errors),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

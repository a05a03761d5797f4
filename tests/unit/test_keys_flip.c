/*
 * test_keys_flip.c — every bit flip and every truncation of a keyring is
 * refused cleanly.
 *
 * Two walks over a keyring with two officers and two epochs:
 *  1. the file as written: every flip must fail to parse (the Ed25519
 *     signature over the file catches it without any passphrase);
 *  2. with the signature check switched off (an attacker who re-signs):
 *     every flip must still fail to parse or fail to unwrap for some
 *     officer. Argon2 runs once per officer; the flips go through the
 *     library's real unwrap with the derived keys, so the walk is fast.
 * Under valgrind (SNT_VALGRIND_CMD set) every 13th bit is walked.
 */
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
#include "sinetti/fileio.h"
#include "sinetti/keyring.h"
#include "sinetti/smem.h"
#include "testutil.h"
#include "../../keys/keyring_int.h"

static const struct keyring_kdf KDF = { 3, 65536, 2 };
#define PA "alice-pass-1"
#define PB "bob-pass-22"

static uint8_t *file;
static size_t file_len;
static uint8_t key_a[KR_PASSKEY_BYTES], key_b[KR_PASSKEY_BYTES];
static size_t stride = 1;

static int
setup(void **state)
{
	struct keyring *kr = NULL, *back = NULL;
	struct keyring_unlocked *u = NULL;
	int r;

	(void)state;
	if (getenv("SNT_VALGRIND_CMD") != NULL &&
	    getenv("SNT_VALGRIND_CMD")[0] != '\0')
		stride = 13;
	if ((r = keyring_create(&KDF, "alice", PA, strlen(PA), &kr, &u)) != 0 ||
	    (r = keyring_add_officer(kr, u, "bob", PB, strlen(PB))) != 0 ||
	    (r = keyring_rotate(kr, u)) != 0 ||
	    (r = keyring_serialize(kr, u, &file, &file_len)) != 0 ||
	    (r = keyring_parse(file, file_len, &back)) != 0 ||
	    (r = keyring_derive_key(back, "alice", PA, strlen(PA), key_a)) != 0 ||
	    (r = keyring_derive_key(back, "bob", PB, strlen(PB), key_b)) != 0)
		return -1;
	keyring_unlocked_free(u);
	keyring_free(kr);
	keyring_free(back);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(file);
	return 0;
}

/* 0 if every officer unwraps everything from buf (signature unchecked). */
static int
all_unwrap(const uint8_t *buf, size_t len)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	int r;

	if ((r = keyring_parse_flags(buf, len, KR_PARSE_NO_SIGNATURE, &kr)) != 0)
		return r;
	if ((r = keyring_unlock_with_key(kr, "alice", key_a, &u)) == 0) {
		keyring_unlocked_free(u);
		u = NULL;
		r = keyring_unlock_with_key(kr, "bob", key_b, &u);
	}
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static void
test_baseline(void **state)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;

	(void)state;
	assert_int_equal(keyring_parse(file, file_len, &kr), 0);
	assert_int_equal(keyring_unlock_with_key(kr, "bob", key_b, &u), 0);
	assert_int_equal(keyring_unlocked_key_count(u), 2);
	keyring_unlocked_free(u);
	keyring_free(kr);
	assert_int_equal(all_unwrap(file, file_len), 0);
}

static void
test_flip_signed(void **state)
{
	struct keyring *kr = NULL;
	uint8_t *m = malloc(file_len);
	size_t bit;

	(void)state;
	assert_non_null(m);
	for (bit = 0; bit < file_len * 8; bit += stride) {
		memcpy(m, file, file_len);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (keyring_parse(m, file_len, &kr) == 0)
			fail_msg("flip of bit %zu accepted", bit);
	}
	free(m);
}

static void
test_flip_unwrap(void **state)
{
	uint8_t *m = malloc(file_len);
	size_t bit, body = file_len - crypto_sign_BYTES, parsed = 0;
	struct keyring *kr = NULL;

	(void)state;
	assert_non_null(m);
	for (bit = 0; bit < body * 8; bit += stride) {
		memcpy(m, file, file_len);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (keyring_parse_flags(m, file_len, KR_PARSE_NO_SIGNATURE,
		    &kr) == 0) {
			parsed++;
			keyring_free(kr);
			kr = NULL;
		}
		if (all_unwrap(m, file_len) == 0)
			fail_msg("flip of bit %zu unwraps", bit);
	}
	/* most of the file is wrapped bytes: the unwrap path really ran */
	assert_true(parsed > body * 8 / stride / 2);
	free(m);
}

static void
test_truncate(void **state)
{
	struct keyring *kr = NULL;
	uint8_t *m = malloc(file_len + 1);
	size_t len;

	(void)state;
	assert_non_null(m);
	for (len = 0; len < file_len; len++) {
		if (keyring_parse(file, len, &kr) == 0)
			fail_msg("truncation at %zu accepted", len);
		if (keyring_parse_flags(file, len, KR_PARSE_NO_SIGNATURE,
		    &kr) == 0)
			fail_msg("truncation at %zu parses unsigned", len);
	}
	memcpy(m, file, file_len);
	m[file_len] = 0;
	assert_int_not_equal(keyring_parse(m, file_len + 1, &kr), 0);
	assert_int_not_equal(keyring_parse_flags(m, file_len + 1,
	    KR_PARSE_NO_SIGNATURE, &kr), 0);
	free(m);
}

/* Through the file path too: a damaged file on disk is refused by load. */
static void
test_damaged_file(void **state)
{
	struct keyring *kr = NULL;
	char *dir = tu_tmpdir(), path[256];
	uint8_t *m = malloc(file_len);

	(void)state;
	assert_non_null(m);
	snprintf(path, sizeof(path), "%s/k", dir);
	memcpy(m, file, file_len);
	m[file_len / 2] ^= 0x40;
	assert_int_equal(tu_write_file(path, m, file_len), 0);
	assert_int_not_equal(keyring_load(path, &kr), 0);
	assert_null(kr);
	assert_int_equal(tu_write_file(path, file, file_len / 3), 0);
	assert_int_not_equal(keyring_load(path, &kr), 0);
	assert_int_equal(tu_write_file(path, "", 0), 0);
	assert_int_equal(keyring_load(path, &kr), SNT_ERR_TRUNCATED);
	assert_int_equal(tu_write_file(path, file, file_len), 0);
	assert_int_equal(keyring_load(path, &kr), 0);
	keyring_free(kr);
	free(m);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_flip_signed),
		cmocka_unit_test(test_flip_unwrap),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_damaged_file),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}

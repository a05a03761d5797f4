/*
 * test_keys_rotation.c — rotate and remove-officer replace the reviewer
 * signing key: what a removed officer's old copy of the keyring signs is
 * refused by the new team public file, what the remaining officers sign is
 * accepted, and the rewritten file verifies by itself with the new key.
 * Argon2id runs at the floor (t=3, 64 MiB) to keep this fast.
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
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "testutil.h"

static const struct keyring_kdf KDF = { 3, 65536, 2 };

#define PA "alice-pass-1"
#define PB "bob-pass-22"

static const uint8_t MSG[] = "acknowledge: envelopes 1..7";

struct fx {
	char *dir;
	char path[256];
	char old[256];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->dir = tu_tmpdir()) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/team.keyring", f->dir);
	snprintf(f->old, sizeof(f->old), "%s/bob-copy.keyring", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct keyring *
load(const char *path)
{
	struct keyring *kr = NULL;

	assert_int_equal(keyring_load(path, &kr), 0);
	return kr;
}

static struct keyring_unlocked *
unlock(const struct keyring *kr, const char *who, const char *pass)
{
	struct keyring_unlocked *u = NULL;

	assert_int_equal(keyring_unlock(kr, who, pass, strlen(pass), &u), 0);
	return u;
}

/* The team public file as --public-out writes it, parsed back. */
static void
public_of(const struct keyring *kr, struct team_public *tp)
{
	struct team_public t;
	char *text = NULL;
	size_t len = 0;

	assert_int_equal(keyring_team_public(kr, &t), 0);
	assert_int_equal(team_public_format(&t, &text, &len), 0);
	assert_int_equal(team_public_parse(text, len, tp), 0);
	free(text);
}

static int
accepts(const struct team_public *tp, const struct keyring_unlocked *u)
{
	uint8_t sig[crypto_sign_BYTES];

	crypto_sign_detached(sig, NULL, MSG, sizeof(MSG), keyring_sign_sk(u));
	return crypto_sign_verify_detached(sig, MSG, sizeof(MSG),
	    tp->review_sign_pk) == 0;
}

/* alice and bob; bob keeps a copy of the file as it is now. */
static void
make_team(const struct fx *f)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;

	assert_int_equal(keyring_create(&KDF, "alice", PA, strlen(PA), &kr,
	    &u), 0);
	assert_int_equal(keyring_add_officer(kr, u, "bob", PB, strlen(PB)), 0);
	assert_int_equal(keyring_save(f->path, kr, u, 0), 0);
	keyring_unlocked_free(u);
	keyring_free(kr);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &buf,
	    &len), 0);
	assert_int_equal(fileio_write_atomic(f->old, buf, len, 0), 0);
	fileio_free(buf, len, 0);
}

static void
test_remove_officer_new_signing_key(void **state)
{
	struct fx *f = *state;
	struct keyring *kr, *oldkr;
	struct keyring_unlocked *a, *bold, *x = NULL;
	struct team_public before, after;
	uint8_t old_pk[32], *buf = NULL;
	size_t len = 0;

	make_team(f);
	kr = load(f->path);
	public_of(kr, &before);
	a = unlock(kr, "alice", PA);
	memcpy(old_pk, keyring_sign_pk(a), 32);
	assert_true(accepts(&before, a));
	assert_int_equal(keyring_remove_officer(kr, a, "bob"), 0);
	/* alice's unlock now holds the new key, and the file names it */
	assert_memory_not_equal(keyring_sign_pk(a), old_pk, 32);
	assert_memory_equal(keyring_review_sign_pk(kr), keyring_sign_pk(a),
	    32);
	assert_int_equal(keyring_save(f->path, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_free(kr);

	/* The rewritten file verifies by itself; a fresh unlock gets the
	 * new key, and it is what the new public file carries. */
	kr = load(f->path);
	public_of(kr, &after);
	assert_memory_not_equal(after.review_sign_pk, before.review_sign_pk,
	    32);
	assert_true(after.epoch > before.epoch);
	a = unlock(kr, "alice", PA);
	assert_memory_equal(keyring_sign_pk(a), after.review_sign_pk, 32);
	assert_true(accepts(&after, a));
	assert_int_equal(keyring_unlock(kr, "bob", PB, strlen(PB), &x),
	    SNT_ERR_PASSPHRASE);
	/* the new file is not signed with the old key */
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &buf,
	    &len), 0);
	assert_true(len > crypto_sign_BYTES);
	assert_int_not_equal(crypto_sign_verify_detached(buf + len -
	    crypto_sign_BYTES, buf, len - crypto_sign_BYTES, old_pk), 0);
	fileio_free(buf, len, 0);

	/* bob's old copy still opens for bob — but what it signs is refused
	 * by the new public file, and it cannot re-sign the new keyring. */
	oldkr = load(f->old);
	bold = unlock(oldkr, "bob", PB);
	assert_memory_equal(keyring_sign_pk(bold), old_pk, 32);
	assert_true(accepts(&before, bold));
	assert_false(accepts(&after, bold));
	assert_int_equal(keyring_serialize(kr, bold, &buf, &len),
	    SNT_ERR_INVALID);
	keyring_unlocked_free(bold);
	keyring_free(oldkr);
	keyring_unlocked_free(a);
	keyring_free(kr);
}

static void
test_rotate_new_signing_key_for_all(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *a, *b;
	struct team_public before, after;

	make_team(f);
	kr = load(f->path);
	public_of(kr, &before);
	b = unlock(kr, "bob", PB);
	/* bob rotates; alice, whose passphrase he does not know, gets the
	 * new signing key too */
	assert_int_equal(keyring_rotate(kr, b), 0);
	assert_int_equal(keyring_save(f->path, kr, b, 1), 0);
	keyring_unlocked_free(b);
	keyring_free(kr);
	kr = load(f->path);
	public_of(kr, &after);
	assert_memory_not_equal(after.review_sign_pk, before.review_sign_pk,
	    32);
	a = unlock(kr, "alice", PA);
	b = unlock(kr, "bob", PB);
	assert_memory_equal(keyring_sign_pk(a), after.review_sign_pk, 32);
	assert_memory_equal(keyring_sign_sk(a), keyring_sign_sk(b), 64);
	assert_true(accepts(&after, a));
	assert_false(accepts(&before, a));
	/* the remaining officers can keep changing the file */
	assert_int_equal(keyring_rotate(kr, a), 0);
	assert_int_equal(keyring_save(f->path, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_unlocked_free(b);
	keyring_free(kr);
	kr = load(f->path);
	b = unlock(kr, "bob", PB);
	assert_memory_equal(keyring_sign_pk(b), keyring_review_sign_pk(kr),
	    32);
	keyring_unlocked_free(b);
	keyring_free(kr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_remove_officer_new_signing_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rotate_new_signing_key_for_all, setup, teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

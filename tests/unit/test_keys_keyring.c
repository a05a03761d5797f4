/*
 * test_keys_keyring.c — the keyring library: round trips of every change,
 * wrong passphrases, permissions, the KDF floor, the last officer, old
 * epochs after rotation and removal, and no secret bytes on disk.
 * Argon2id runs at the floor (t=3, 64 MiB) to keep this fast.
 */
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

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/keyring.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "testutil.h"
#include "../../keys/keyring_int.h"

static const struct keyring_kdf KDF = { 3, 65536, 2 };

#define PA "alice-pass-1"
#define PB "bob-pass-22"
#define PC "carol-pass-333"

struct fx {
	char *dir;
	char path[256];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->dir = tu_tmpdir()) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/team.keyring", f->dir);
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
	assert_string_equal(keyring_officer(u), who);
	return u;
}

/* Seals msg to the current epoch; returns the key id used. */
static void
seal_current(const struct keyring *kr, uint8_t id[KEY_ID_BYTES],
    uint8_t ct[crypto_box_SEALBYTES + 5])
{
	struct team_public tp;

	assert_int_equal(keyring_team_public(kr, &tp), 0);
	memcpy(id, tp.key_id, KEY_ID_BYTES);
	assert_int_equal(crypto_box_seal(ct, (const uint8_t *)"hello", 5,
	    tp.team_pk), 0);
}

static int
opens(const struct keyring_unlocked *u, const uint8_t id[KEY_ID_BYTES],
    const uint8_t ct[crypto_box_SEALBYTES + 5])
{
	const uint8_t *pk, *sk;
	uint8_t m[5];

	if (keyring_team_key(u, id, &pk, &sk) != 0)
		return 0;
	return crypto_box_seal_open(m, ct, crypto_box_SEALBYTES + 5, pk,
	    sk) == 0 && memcmp(m, "hello", 5) == 0;
}

static void
make(const struct fx *f)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;

	assert_int_equal(keyring_create(&KDF, "alice", PA, strlen(PA), &kr,
	    &u), 0);
	assert_int_equal(keyring_save(f->path, kr, u, 0), 0);
	keyring_unlocked_free(u);
	keyring_free(kr);
}

static void
test_create_roundtrip(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *u;
	struct team_public tp;
	struct keyring_kdf k;
	const uint8_t *pk, *sk, *id;
	uint8_t derived[32], sig[64];
	uint32_t epoch;
	struct stat st;

	(void)state;
	make(f);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	kr = load(f->path);
	keyring_kdf_of(kr, &k);
	assert_int_equal(k.t_cost, 3);
	assert_int_equal(k.m_cost_kib, 65536);
	assert_int_equal(k.parallelism, 2);
	assert_int_equal(keyring_officer_count(kr), 1);
	assert_string_equal(keyring_officer_name(kr, 0), "alice");
	assert_null(keyring_officer_name(kr, 1));
	assert_int_equal(keyring_epoch_count(kr), 1);
	u = unlock(kr, "alice", PA);
	keyring_current_key(u, &epoch, &pk, &sk, &id);
	assert_int_equal(epoch, 1);
	assert_int_equal(crypto_scalarmult_base(derived, sk), 0);
	assert_memory_equal(derived, pk, 32);
	assert_int_equal(keyring_team_public(kr, &tp), 0);
	assert_memory_equal(tp.team_pk, pk, 32);
	assert_memory_equal(tp.key_id, id, KEY_ID_BYTES);
	assert_memory_equal(tp.review_sign_pk, keyring_sign_pk(u), 32);
	/* the signing key signs what its public half verifies */
	crypto_sign_detached(sig, NULL, (const uint8_t *)"ack", 3,
	    keyring_sign_sk(u));
	assert_int_equal(crypto_sign_verify_detached(sig,
	    (const uint8_t *)"ack", 3, tp.review_sign_pk), 0);
	/* init refuses to replace an existing keyring */
	assert_int_equal(keyring_save(f->path, kr, u, 0), SNT_ERR_EXISTS);
	keyring_unlocked_free(u);
	keyring_free(kr);
}

static void
test_wrong_passphrase(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *u = NULL;

	make(f);
	kr = load(f->path);
	assert_int_equal(keyring_unlock(kr, "alice", "alice-pass-2", 12, &u),
	    SNT_ERR_PASSPHRASE);
	assert_null(u);
	/* an unknown officer gets the same answer */
	assert_int_equal(keyring_unlock(kr, "mallory", PA, strlen(PA), &u),
	    SNT_ERR_PASSPHRASE);
	assert_int_equal(keyring_unlock(kr, "alice", "", 0, &u),
	    SNT_ERR_PASSPHRASE);
	keyring_free(kr);
}

static void
test_permissions(void **state)
{
	struct fx *f = *state;
	struct keyring *kr = NULL;

	make(f);
	assert_int_equal(chmod(f->path, 0640), 0);
	assert_int_equal(keyring_load(f->path, &kr), SNT_ERR_PERM);
	assert_null(kr);
	assert_int_equal(chmod(f->path, 0604), 0);
	assert_int_equal(keyring_load(f->path, &kr), SNT_ERR_PERM);
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(keyring_load(f->path, &kr), 0);
	keyring_free(kr);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
test_kdf_floor(void **state)
{
	struct fx *f = *state;
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct keyring_kdf weak_m = { 3, 65535, 2 }, weak_t = { 2, 262144, 2 };
	uint8_t *buf = NULL;
	size_t len;

	assert_int_equal(keyring_create(&weak_m, "alice", PA, strlen(PA), &kr,
	    &u), SNT_ERR_WEAK_PARAMS);
	assert_int_equal(keyring_create(&weak_t, "alice", PA, strlen(PA), &kr,
	    &u), SNT_ERR_WEAK_PARAMS);
	assert_null(kr);
	/* a file whose stored parameters were lowered is refused on open */
	make(f);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &buf, &len),
	    0);
	put32(buf + 9, 2);			/* t_cost */
	assert_int_equal(keyring_parse(buf, len, &kr), SNT_ERR_WEAK_PARAMS);
	put32(buf + 9, 3);
	put32(buf + 13, 32768);			/* m_cost, KiB */
	assert_int_equal(keyring_parse(buf, len, &kr), SNT_ERR_WEAK_PARAMS);
	assert_int_equal(tu_write_file(f->path, buf, len), 0);
	assert_int_equal(keyring_load(f->path, &kr), SNT_ERR_WEAK_PARAMS);
	assert_null(kr);
	fileio_free(buf, len, 0);
}

static void
test_names_and_passphrases(void **state)
{
	static const char *const bad[] = {
		"", "-alice", ".alice", "al ice", "al/ice", "al\nice",
		"\xc3", "\xc2\x85x", "x\xe2\x80\x8b",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(keyring_officer_name_valid(bad[i]),
		    SNT_ERR_INVALID);
	assert_int_equal(keyring_officer_name_valid("Äiti_Virtanen-2.x"), 0);
	assert_int_equal(keyring_officer_name_valid(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    0);
	assert_int_equal(keyring_create(&KDF, "bad name", PA, strlen(PA), &kr,
	    &u), SNT_ERR_INVALID);
	assert_int_equal(keyring_create(&KDF, "alice", "short", 5, &kr, &u),
	    SNT_ERR_INVALID);
	assert_null(kr);
	assert_null(u);
}

static void
test_officers_and_epochs(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *a, *b, *c, *x = NULL;
	uint8_t id1[KEY_ID_BYTES], ct1[crypto_box_SEALBYTES + 5];
	uint8_t id2[KEY_ID_BYTES], ct2[crypto_box_SEALBYTES + 5];
	uint8_t id3[KEY_ID_BYTES], ct3[crypto_box_SEALBYTES + 5];
	uint32_t epoch;

	make(f);
	kr = load(f->path);
	seal_current(kr, id1, ct1);
	a = unlock(kr, "alice", PA);
	/* add bob and carol: they hold epoch 1 */
	assert_int_equal(keyring_add_officer(kr, a, "bob", PB, strlen(PB)), 0);
	assert_int_equal(keyring_add_officer(kr, a, "alice", PC, strlen(PC)),
	    SNT_ERR_EXISTS);
	assert_int_equal(keyring_add_officer(kr, a, "carol", PC, strlen(PC)),
	    0);
	assert_int_equal(keyring_save(f->path, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_free(kr);
	kr = load(f->path);
	assert_int_equal(keyring_officer_count(kr), 3);
	b = unlock(kr, "bob", PB);
	assert_true(opens(b, id1, ct1));
	/* bob rotates for everyone without knowing their passphrases */
	assert_int_equal(keyring_rotate(kr, b), 0);
	assert_int_equal(keyring_save(f->path, kr, b, 1), 0);
	keyring_unlocked_free(b);
	keyring_free(kr);
	kr = load(f->path);
	seal_current(kr, id2, ct2);
	assert_memory_not_equal(id1, id2, KEY_ID_BYTES);
	c = unlock(kr, "carol", PC);
	assert_true(opens(c, id1, ct1));	/* rotate, then an older epoch */
	assert_true(opens(c, id2, ct2));
	keyring_current_key(c, &epoch, NULL, NULL, NULL);
	assert_int_equal(epoch, 2);
	/* carol removes bob: a new epoch, bob can open nothing */
	assert_int_equal(keyring_remove_officer(kr, c, "carol"),
	    SNT_ERR_INVALID);
	assert_int_equal(keyring_remove_officer(kr, c, "nobody"),
	    SNT_ERR_NOT_FOUND);
	assert_int_equal(keyring_remove_officer(kr, c, "bob"), 0);
	assert_int_equal(keyring_save(f->path, kr, c, 1), 0);
	keyring_unlocked_free(c);
	keyring_free(kr);
	kr = load(f->path);
	assert_int_equal(keyring_officer_count(kr), 2);
	assert_int_equal(keyring_epoch_count(kr), 3);
	assert_int_equal(keyring_unlock(kr, "bob", PB, strlen(PB), &x),
	    SNT_ERR_PASSPHRASE);
	seal_current(kr, id3, ct3);
	a = unlock(kr, "alice", PA);
	assert_true(opens(a, id1, ct1));	/* old envelopes stay readable */
	assert_true(opens(a, id2, ct2));
	assert_true(opens(a, id3, ct3));
	assert_int_equal(keyring_unlocked_key_count(a), 3);
	/* down to the last officer */
	assert_int_equal(keyring_remove_officer(kr, a, "carol"), 0);
	assert_int_equal(keyring_remove_officer(kr, a, "alice"),
	    SNT_ERR_LAST_OFFICER);
	assert_int_equal(keyring_save(f->path, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_free(kr);
	kr = load(f->path);
	assert_int_equal(keyring_officer_count(kr), 1);
	assert_int_equal(keyring_epoch_count(kr), 4);
	assert_int_equal(keyring_unlock(kr, "carol", PC, strlen(PC), &x),
	    SNT_ERR_PASSPHRASE);
	a = unlock(kr, "alice", PA);
	assert_true(opens(a, id1, ct1));
	assert_true(opens(a, id3, ct3));
	assert_int_equal(keyring_remove_officer(kr, a, "alice"),
	    SNT_ERR_LAST_OFFICER);
	keyring_unlocked_free(a);
	keyring_free(kr);
}

static void
test_passwd(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *a, *x = NULL;
	uint8_t id[KEY_ID_BYTES], ct[crypto_box_SEALBYTES + 5];
	uint8_t *old = NULL;
	size_t oldlen;

	make(f);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &old,
	    &oldlen), 0);
	kr = load(f->path);
	seal_current(kr, id, ct);
	a = unlock(kr, "alice", PA);
	assert_int_equal(keyring_passwd(kr, a, "short", 5), SNT_ERR_INVALID);
	keyring_unlocked_free(a);
	keyring_free(kr);
	kr = load(f->path);
	a = unlock(kr, "alice", PA);
	assert_int_equal(keyring_passwd(kr, a, PC, strlen(PC)), 0);
	assert_int_equal(keyring_save(f->path, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_free(kr);
	kr = load(f->path);
	assert_int_equal(keyring_unlock(kr, "alice", PA, strlen(PA), &x),
	    SNT_ERR_PASSPHRASE);
	a = unlock(kr, "alice", PC);
	assert_true(opens(a, id, ct));
	keyring_unlocked_free(a);
	keyring_free(kr);
	fileio_free(old, oldlen, 0);
}

/* After init the file holds none of the secrets it wraps. */
static void
test_no_secret_on_disk(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *u;
	const uint8_t *sk;
	uint8_t *buf = NULL, key[KR_PASSKEY_BYTES];
	size_t len;

	make(f);
	kr = load(f->path);
	u = unlock(kr, "alice", PA);
	keyring_current_key(u, NULL, NULL, &sk, NULL);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &buf, &len),
	    0);
	/* the search itself works: the public key is in the file */
	assert_true(tu_memmem(buf, len, keyring_sign_pk(u), 32));
	assert_false(tu_memmem(buf, len, sk, 32));
	assert_false(tu_memmem(buf, len, sk, 8));
	assert_false(tu_memmem(buf, len, keyring_sign_sk(u), 32));
	assert_false(tu_memmem(buf, len, PA, strlen(PA)));
	assert_int_equal(keyring_derive_key(kr, "alice", PA, strlen(PA), key),
	    0);
	assert_false(tu_memmem(buf, len, key, sizeof(key)));
	fileio_free(buf, len, 0);
	keyring_unlocked_free(u);
	keyring_free(kr);
}

/* A failed save leaves the old keyring as it was. */
static void
test_failed_save_keeps_old(void **state)
{
	struct fx *f = *state;
	struct keyring *kr;
	struct keyring_unlocked *a;
	uint8_t *before = NULL, *after = NULL;
	size_t blen, alen;
	char bad[300];

	make(f);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &before,
	    &blen), 0);
	kr = load(f->path);
	a = unlock(kr, "alice", PA);
	assert_int_equal(keyring_rotate(kr, a), 0);
	snprintf(bad, sizeof(bad), "%s/no/such/dir/keyring", f->dir);
	assert_int_not_equal(keyring_save(bad, kr, a, 1), 0);
	keyring_unlocked_free(a);
	keyring_free(kr);
	assert_int_equal(fileio_read(f->path, KEYRING_FILE_MAX, 0, &after,
	    &alen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	fileio_free(before, blen, 0);
	fileio_free(after, alen, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kdf_floor, setup,
		    teardown),
		cmocka_unit_test(test_names_and_passphrases),
		cmocka_unit_test_setup_teardown(test_officers_and_epochs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_passwd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_secret_on_disk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failed_save_keeps_old,
		    setup, teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

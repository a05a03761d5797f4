/*
 * keyring.h — the team keyring (keys/keyring.c).
 *
 * A keyring file holds, for every epoch, the team X25519 keypair's public
 * half and its secret half wrapped once per officer (passphrase -> Argon2id
 * -> XChaCha20-Poly1305, with officer id, epoch and key id as associated
 * data), and the reviewer's Ed25519 signing key wrapped the same way.
 * Precisely: Argon2id unwraps the officer's own X25519 officer key, and the
 * team keys are wrapped to that officer key (so one officer can rotate for
 * all); the file is signed with the reviewer signing key.
 * Nothing secret is ever stored unwrapped. Format:
 * docs/formats/keyring.md.
 *
 * A struct keyring is the parsed file (public parts and wraps only). A
 * struct keyring_unlocked holds the secrets one officer unwrapped; it lives
 * in smem memory and is wiped by keyring_unlocked_free().
 */
#ifndef SINETTI_KEYRING_H
#define SINETTI_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/pubkey.h"

#define KEYRING_FILE_MAX (1u << 20)
#define OFFICER_NAME_MAX 64	/* bytes; [A-Za-z0-9._-] and UTF-8 letters */
#define KEYRING_OFFICERS_MAX 32
#define KEYRING_EPOCHS_MAX 1024
#define KEYRING_PASS_MIN 8	/* bytes, for new passphrases */

/* Argon2id parameters: the floor is refused below, the ceiling above. */
#define KEYRING_KDF_T_MIN 3
#define KEYRING_KDF_M_MIN 65536u	/* KiB = 64 MiB */
#define KEYRING_KDF_T_DEFAULT 3
#define KEYRING_KDF_M_DEFAULT 262144u	/* KiB = 256 MiB */
#define KEYRING_KDF_P_DEFAULT 2
#define KEYRING_KDF_T_MAX 64
#define KEYRING_KDF_M_MAX 4194304u	/* KiB = 4 GiB */
#define KEYRING_KDF_P_MAX 16

struct keyring;
struct keyring_unlocked;

struct keyring_kdf {
	uint32_t t_cost;	/* passes; floor 3, default 3 */
	uint32_t m_cost_kib;	/* floor 65536 (64 MiB), default 262144 */
	uint32_t parallelism;	/* default 2 */
};

/*
 * Reads and parses a keyring file. Refuses a file readable by group or
 * others (SNT_ERR_PERM), KDF parameters under the floor
 * (SNT_ERR_WEAK_PARAMS), and anything malformed (SNT_ERR_INVALID,
 * SNT_ERR_TRUNCATED, SNT_ERR_VERSION, SNT_ERR_DUPLICATE, SNT_ERR_TOO_LARGE,
 * SNT_ERR_SIGNATURE for a file whose signature does not verify). load also
 * returns SNT_ERR_NOT_FOUND and SNT_ERR_IO. *kr is freed with
 * keyring_free(); keyring_free(NULL) is a no-op.
 */
int keyring_load(const char *path, struct keyring **kr);
int keyring_parse(const uint8_t *buf, size_t len, struct keyring **kr);
void keyring_free(struct keyring *kr);

/*
 * Unwraps every epoch's team secret key and the signing key for officer.
 * Wrong officer or passphrase: SNT_ERR_PASSPHRASE, the same for both so the
 * message does not tell which officers exist. SNT_ERR_CRYPTO if the
 * passphrase was right but a wrap does not open or a key does not match
 * its public half (a damaged or forged file); SNT_ERR_NOMEM (Argon2 needs
 * its m_cost of memory). Runs Argon2id once (about a second at the
 * defaults). *u is freed with keyring_unlocked_free() (NULL accepted).
 */
int keyring_unlock(const struct keyring *kr, const char *officer,
    const char *pass, size_t passlen, struct keyring_unlocked **u);
void keyring_unlocked_free(struct keyring_unlocked *u);

/*
 * Looks up the team keypair whose key id is id. The pointers stay valid
 * until keyring_unlocked_free(). SNT_ERR_UNKNOWN_KEY if this officer holds
 * no such key (for example an officer removed before that epoch).
 */
int keyring_team_key(const struct keyring_unlocked *u,
    const uint8_t id[KEY_ID_BYTES], const uint8_t **pk, const uint8_t **sk);

/* The newest epoch's team keypair. */
void keyring_current_key(const struct keyring_unlocked *u, uint32_t *epoch,
    const uint8_t **pk, const uint8_t **sk, const uint8_t **key_id);

/* Reviewer Ed25519 keypair: pk 32 bytes, sk 64 bytes. */
const uint8_t *keyring_sign_pk(const struct keyring_unlocked *u);
const uint8_t *keyring_sign_sk(const struct keyring_unlocked *u);

/* The unlocked officer's name (NUL-terminated). */
const char *keyring_officer(const struct keyring_unlocked *u);

/* The public file for the current epoch (what --public-out writes). */
int keyring_team_public(const struct keyring *kr, struct team_public *tp);

/*
 * 0 if name is an acceptable officer name: 1..OFFICER_NAME_MAX bytes of
 * [A-Za-z0-9._-] or valid UTF-8 letters beyond ASCII (no controls, no
 * spacing or format characters), not starting with '-' or '.'.
 * Else SNT_ERR_INVALID.
 */
int keyring_officer_name_valid(const char *name);

/* ---- Listing (public parts only; no secrets, no passphrase needed) ----
 * Pointers stay valid until the keyring is freed or changed. */
void keyring_kdf_of(const struct keyring *kr, struct keyring_kdf *kdf);
const uint8_t *keyring_review_sign_pk(const struct keyring *kr);
size_t keyring_officer_count(const struct keyring *kr);
/* NULL if i is out of range. */
const char *keyring_officer_name(const struct keyring *kr, size_t i);
/* Epochs are in increasing order; the last is the current one. */
size_t keyring_epoch_count(const struct keyring *kr);
/* SNT_ERR_NOT_FOUND if i is out of range. */
int keyring_epoch_info(const struct keyring *kr, size_t i, uint32_t *epoch,
    const uint8_t **pk, const uint8_t **key_id);
/* 1 if the i-th epoch is wrapped for the officer with index officer. */
int keyring_epoch_held_by(const struct keyring *kr, size_t i, size_t officer);
/* How many epochs the unlocked officer holds. */
size_t keyring_unlocked_key_count(const struct keyring_unlocked *u);

/* ---- Changing a keyring (sinetti-keys) ----
 * Each function changes the in-memory keyring only; keyring_save() writes
 * it. u is the acting officer's unlock of this same keyring (SNT_ERR_INVALID
 * otherwise). On any error the in-memory keyring may be half changed: free
 * it and do not save it. New passphrases must have at least
 * KEYRING_PASS_MIN bytes (SNT_ERR_INVALID); names are checked with
 * keyring_officer_name_valid().
 */

/*
 * A new keyring: fresh reviewer signing key, epoch 1 with a fresh team
 * keypair, one officer. Runs Argon2id once. kdf under the floor:
 * SNT_ERR_WEAK_PARAMS. *kr and *u belong to the caller.
 */
int keyring_create(const struct keyring_kdf *kdf, const char *officer,
    const char *pass, size_t passlen, struct keyring **kr,
    struct keyring_unlocked **u);

/*
 * Adds officer with pass and wraps for them every key u holds and the
 * signing key. SNT_ERR_EXISTS if the name is taken, SNT_ERR_TOO_LARGE past
 * KEYRING_OFFICERS_MAX. Runs Argon2id once.
 */
int keyring_add_officer(struct keyring *kr, const struct keyring_unlocked *u,
    const char *officer, const char *pass, size_t passlen);

/*
 * Deletes officer and every wrap made for them, wraps every older key u
 * holds for each remaining officer who lacks it, then rotates (a new epoch
 * and a new reviewer signing key for the remaining officers; u gains
 * both). SNT_ERR_NOT_FOUND, SNT_ERR_LAST_OFFICER, SNT_ERR_INVALID when u
 * would remove itself.
 */
int keyring_remove_officer(struct keyring *kr, struct keyring_unlocked *u,
    const char *officer);

/*
 * A new epoch with a fresh team keypair, and a fresh reviewer Ed25519
 * signing keypair replacing the old one, both wrapped for every officer
 * (to their officer keys: no other passphrase needed); u gains both, and
 * keyring_sign_pk()/keyring_sign_sk() and keyring_review_sign_pk() return
 * the new signing key from then on. The old signing key is dropped: acks
 * and reply bundles are signed only with the current one, so a removed
 * officer's old copy of the file signs nothing the new team public file
 * accepts. SNT_ERR_TOO_LARGE past KEYRING_EPOCHS_MAX.
 */
int keyring_rotate(struct keyring *kr, struct keyring_unlocked *u);

/*
 * Gives u's officer a new passphrase and a new officer key, and re-wraps
 * every key they hold, so an old passphrase with an old copy of the file
 * opens nothing made later. Runs Argon2id once.
 */
int keyring_passwd(struct keyring *kr, struct keyring_unlocked *u,
    const char *pass, size_t passlen);

/*
 * The file bytes, signed with u's reviewer signing key. *buf is malloc()ed
 * (no secrets in it); free with free().
 */
int keyring_serialize(const struct keyring *kr,
    const struct keyring_unlocked *u, uint8_t **buf, size_t *len);

/*
 * Serializes, parses the bytes back, unwraps them in memory for every
 * officer whose Argon2 output this process holds (u, officers created or
 * re-keyed here) and compares the keys, and only then writes the file with
 * fileio_write_atomic() (mode 0600; replace = 0 refuses an existing file
 * with SNT_ERR_EXISTS). A check that fails gives SNT_ERR_INTERNAL and
 * writes nothing. Other errors from fileio_write_atomic().
 */
int keyring_save(const char *path, const struct keyring *kr,
    const struct keyring_unlocked *u, int replace);

#endif

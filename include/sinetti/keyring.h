/*
 * keyring.h — the team keyring (keys/keyring.c).
 *
 * A keyring file holds, for every epoch, the team X25519 keypair's public
 * half and its secret half wrapped once per officer (passphrase -> Argon2id
 * -> XChaCha20-Poly1305, with officer id, epoch and key id as associated
 * data), and the reviewer's Ed25519 signing key wrapped the same way.
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
 * SNT_ERR_TRUNCATED, SNT_ERR_VERSION). *kr is freed with keyring_free().
 */
int keyring_load(const char *path, struct keyring **kr);
int keyring_parse(const uint8_t *buf, size_t len, struct keyring **kr);
void keyring_free(struct keyring *kr);

/*
 * Unwraps every epoch's team secret key and the signing key for officer.
 * Wrong officer or passphrase: SNT_ERR_PASSPHRASE, the same for both so the
 * message does not tell which officers exist.
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

#endif

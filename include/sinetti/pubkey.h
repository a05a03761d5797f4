/*
 * pubkey.h — public key files, key ids and fingerprints (keys/pubkey.c).
 *
 * Two public files cross between machines:
 *  - the team public key file (`sinetti-keys init/rotate --public-out`),
 *    which the gateway is configured with: team sealing key of the current
 *    epoch, its epoch and key id, and the reviewer's Ed25519 signing key;
 *  - the gateway signing key file (`gateway-signing.pub`), which the
 *    reviewer pins to verify export bundles.
 * Both are short documented text files (docs/formats/public-key.md).
 */
#ifndef SINETTI_PUBKEY_H
#define SINETTI_PUBKEY_H

#include <stddef.h>
#include <stdint.h>

#define KEY_ID_BYTES 8
#define PUBKEY_FILE_MAX 4096
#define FINGERPRINT_MAX 64	/* buffer size for fingerprint text */

struct team_public {
	uint32_t epoch;
	uint8_t team_pk[32];		/* X25519, for crypto_box_seal */
	uint8_t key_id[KEY_ID_BYTES];	/* key_id_of(team_pk) */
	uint8_t review_sign_pk[32];	/* Ed25519: acks and reply bundles */
};

struct signing_public {
	uint8_t sign_pk[32];		/* Ed25519 */
};

/* key id: BLAKE2b-64 of a domain string and the public key. */
void key_id_of(const uint8_t pk[32], uint8_t id[KEY_ID_BYTES]);

/*
 * Fingerprint of any public key bytes, for reading aloud over the phone:
 * BLAKE2b of a domain string and the bytes, shown as five groups of five
 * digits ("12345 67890 ..."). out must hold FINGERPRINT_MAX bytes.
 */
void fingerprint_of(const uint8_t *key, size_t len, char out[FINGERPRINT_MAX]);

/*
 * The fingerprint of a whole public file, as `sinetti-keys init/rotate/
 * fingerprint` print it and as its "fingerprint:" line records it:
 *  - team file: fingerprint_of(epoch as 4 bytes big-endian || team_pk ||
 *    review_sign_pk), so one read-aloud check covers both keys and epoch;
 *  - signing file: fingerprint_of(sign_pk).
 * out must hold FINGERPRINT_MAX bytes.
 */
void team_public_fingerprint(const struct team_public *tp,
    char out[FINGERPRINT_MAX]);
void signing_public_fingerprint(const struct signing_public *sp,
    char out[FINGERPRINT_MAX]);

/*
 * Parse and format the team public key file. Parsing is strict: known
 * header line, known keys once each, exact base64 lengths, key id
 * consistent with the key, a "fingerprint:" line that matches the keys
 * (so a corrupted file is refused), nothing unknown, every line ending in
 * "\n", no trailing garbage. *_load() read at most PUBKEY_FILE_MAX bytes
 * (fileio errors: SNT_ERR_NOT_FOUND, SNT_ERR_IO, SNT_ERR_TOO_LARGE).
 * Errors: SNT_ERR_INVALID, SNT_ERR_VERSION, SNT_ERR_TOO_LARGE,
 * SNT_ERR_TRUNCATED, SNT_ERR_DUPLICATE, SNT_ERR_MISSING. *out from format
 * is malloc()ed (free()); format fails only with SNT_ERR_NOMEM, or
 * SNT_ERR_INVALID for epoch 0.
 */
int team_public_parse(const char *text, size_t len, struct team_public *tp);
int team_public_format(const struct team_public *tp, char **out, size_t *len);
int team_public_load(const char *path, struct team_public *tp);

int signing_public_parse(const char *text, size_t len,
    struct signing_public *sp);
int signing_public_format(const struct signing_public *sp, char **out,
    size_t *len);
int signing_public_load(const char *path, struct signing_public *sp);

#endif

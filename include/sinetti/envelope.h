/*
 * envelope.h — sealing content into envelopes (vault/envelope.c).
 *
 * An envelope is what the vault stores and the bundles carry:
 *
 *   version (1 byte) | key id (8) | arrival hour (4, hours since epoch)
 *   | crypto_box_seal(team pk, sodium_pad(content record, bucket))
 *
 * Only the version, key id and hour are visible outside the seal. The
 * padded size is one of a few documented buckets, so the stored size says
 * only which bucket. Format: docs/formats/envelope.md.
 *
 * This header has no way to open an envelope: that is envelope_open.h,
 * which the gateway never links.
 */
#ifndef SINETTI_ENVELOPE_H
#define SINETTI_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"
#include "sinetti/pubkey.h"

#define ENVELOPE_VERSION 1
#define ENVELOPE_ID_BYTES 16
#define ENVELOPE_HEADER_BYTES (1 + KEY_ID_BYTES + 4)
#define ENVELOPE_MAX (ENVELOPE_HEADER_BYTES + 48 + 65536)

struct envelope_header {
	uint8_t version;
	uint8_t key_id[KEY_ID_BYTES];
	uint32_t hour;
	const uint8_t *sealed;		/* points into the envelope bytes */
	size_t sealed_len;
	size_t bucket;			/* padded plaintext size */
};

/*
 * Encodes c, pads it to its bucket, seals it to team_pk and prefixes the
 * header with the hour of c->arrival. The plaintext exists only in smem
 * memory and is wiped before return: each calling thread keeps one smem
 * scratch buffer (64 KiB), reused, wiped after every call and freed
 * when the thread exits. *out is malloc()ed (the envelope is
 * not secret), *len its size.
 * Errors: those of content_encode(), SNT_ERR_CRYPTO, SNT_ERR_NOMEM.
 */
int envelope_seal(const struct content *c, const uint8_t team_pk[32],
    const uint8_t key_id[KEY_ID_BYTES], uint8_t **out, size_t *len);

/*
 * Checks and splits an envelope's outside: known version, a size that is
 * exactly one bucket plus the seal overhead. Does not decrypt.
 * Errors: SNT_ERR_VERSION, SNT_ERR_INVALID, SNT_ERR_TRUNCATED.
 */
int envelope_parse_header(const uint8_t *env, size_t len,
    struct envelope_header *h);

/*
 * Pads buf[0..n) to bucket bytes in place: 0x80 at buf[n], then zeros
 * (ISO/IEC 7816-4, byte for byte what sodium_pad(&p, buf, n, bucket,
 * bucket) writes, so sodium_unpad(&len, buf, bucket, bucket) gives n back).
 * buf must hold bucket bytes. Unlike sodium_pad it writes only the pad
 * bytes, so its time depends on n (see envelope.c for why that is fine).
 * Errors: SNT_ERR_INTERNAL if n >= bucket.
 */
int envelope_pad(uint8_t *buf, size_t n, size_t bucket);

/* The bucket (padded size) for an encoded record of n bytes; 0 if too big. */
size_t envelope_bucket_for(size_t n);

/* Fills id with a fresh random envelope id (128 bits, never sequential). */
void envelope_new_id(uint8_t id[ENVELOPE_ID_BYTES]);

#endif

/*
 * receipt.h — receipt codes and what they derive (vault/receipt.c).
 *
 * A receipt is 120 random bits shown to the citizen as 24 Crockford base32
 * characters in six groups of four ("7K3M-Q9TD-..."). Because it is
 * high-entropy it is stretched with keyed BLAKE2b (no slow hash), into:
 *  - a lookup id (32 bytes) the gateway stores beside the envelope id, to
 *    find replies and status;
 *  - an X25519 reply keypair; the public key travels inside the sealed
 *    envelope so officers can encrypt replies (crypto_box_easy) to it.
 * Domain separation: each output uses its own BLAKE2b personal string.
 */
#ifndef SINETTI_RECEIPT_H
#define SINETTI_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#define RECEIPT_BYTES 15
#define RECEIPT_TEXT_LEN 29	/* 24 chars + 5 dashes */
#define RECEIPT_LOOKUP_BYTES 32

struct receipt_keys {
	uint8_t lookup[RECEIPT_LOOKUP_BYTES];
	uint8_t reply_pk[32];
	uint8_t reply_sk[32];
};

void receipt_generate(uint8_t r[RECEIPT_BYTES]);

/* Writes RECEIPT_TEXT_LEN characters and a NUL into out. */
void receipt_format(const uint8_t r[RECEIPT_BYTES],
    char out[RECEIPT_TEXT_LEN + 1]);

/*
 * Parses what a citizen typed: case-insensitive, spaces and dashes
 * ignored, Crockford's confusables (O->0, I/L->1) accepted. Exactly 24
 * symbols. Errors: SNT_ERR_INVALID.
 */
int receipt_parse(const char *text, size_t len, uint8_t r[RECEIPT_BYTES]);

/* Derives lookup id and reply keypair. Put *k in smem memory and wipe it. */
void receipt_derive(const uint8_t r[RECEIPT_BYTES], struct receipt_keys *k);

#endif

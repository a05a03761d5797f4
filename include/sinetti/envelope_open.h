/*
 * envelope_open.h — opening sealed envelopes (vault/envelope_open.c).
 *
 * Linked only into the reviewer and the tests, never into the gateway; the
 * test suite checks the gateway binary for crypto_box_seal_open.
 */
#ifndef SINETTI_ENVELOPE_OPEN_H
#define SINETTI_ENVELOPE_OPEN_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"

/*
 * Opens env with the team keypair (pk, sk) whose key id the caller matched
 * against the header, removes the padding and decodes the record.
 * On success *plain is an smem buffer (free with smem_free) that holds the
 * record, and *c points into it.
 * Errors: those of envelope_parse_header() and content_decode(),
 * SNT_ERR_CRYPTO (wrong key or tampered), SNT_ERR_NOMEM.
 */
int envelope_open(const uint8_t *env, size_t len, const uint8_t pk[32],
    const uint8_t sk[32], uint8_t **plain, size_t *plain_len,
    struct content *c);

#endif

/*
 * vault_int.h — shared internals of the vault library (not a public API).
 */
#ifndef SINETTI_VAULT_INT_H
#define SINETTI_VAULT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"

/* BLAKE2b-128 check of a content record's body (content.c). */
void content_check_of(const uint8_t *buf, size_t len, uint8_t out[16]);

/* Validates c and gives the exact size content_encode would produce.
 * Errors: those of content_encode() except SNT_ERR_NOMEM. */
int content_encoded_len(const struct content *c, size_t *len);

/* content_encode() into the caller's buffer dst of cap bytes (no
 * allocation). On error dst is wiped. Errors: as content_encode(). */
int content_encode_to(const struct content *c, uint8_t *dst, size_t cap,
    size_t *len);

/* Smallest and largest padding bucket (envelope.c). */
#define ENVELOPE_BUCKET_MIN 1024u
#define ENVELOPE_BUCKET_MAX 65536u

#endif

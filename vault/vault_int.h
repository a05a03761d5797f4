/*
 * vault_int.h — shared internals of the vault library (not a public API).
 */
#ifndef SINETTI_VAULT_INT_H
#define SINETTI_VAULT_INT_H

#include <stddef.h>
#include <stdint.h>

/* BLAKE2b-128 check of a content record's body (content.c). */
void content_check_of(const uint8_t *buf, size_t len, uint8_t out[16]);

/* Smallest and largest padding bucket (envelope.c). */
#define ENVELOPE_BUCKET_MIN 1024u
#define ENVELOPE_BUCKET_MAX 65536u

#endif

/*
 * bundle.h — export bundles and acknowledgements (vault/bundle.c).
 *
 * An export bundle carries every unacknowledged envelope from the gateway
 * to the offline reviewer, signed with the gateway's Ed25519 key. An
 * acknowledgement (ack) carries back the ids the reviewer durably stored,
 * signed with the reviewer's Ed25519 key. Nothing is purged from the
 * gateway without a valid ack naming it. Formats: docs/formats/bundle.md,
 * docs/formats/ack.md.
 *
 * Verification comes before anything else is read: bundle_verify() checks
 * the signature over the whole file, then parses.
 */
#ifndef SINETTI_BUNDLE_H
#define SINETTI_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/envelope.h"
#include "sinetti/store.h"

#define BUNDLE_MAX ((size_t)4 << 30)
#define BUNDLE_HASH_BYTES 32
#define BUNDLE_VERSION 1
#define ACK_VERSION 1
#define ACK_MAX_IDS ((size_t)1 << 22)
#define ACK_MAX (4 + 1 + 32 + BUNDLE_HASH_BYTES + 4 + \
    ACK_MAX_IDS * ENVELOPE_ID_BYTES + 64)

struct bundle;
struct ack;

/*
 * Writes a signed bundle of every unacked envelope in s to path (atomic
 * write, mode 0600, replacing an older file at path). *count is the number
 * of envelopes in it. The store may be open read-only, and another process
 * may be writing to it: the bundle is one consistent snapshot.
 * Errors: those of store_foreach_unacked(), fileio_write_atomic(),
 * SNT_ERR_INVALID (a stored envelope with a bad header), SNT_ERR_NOMEM.
 */
int bundle_export(struct store *s, const uint8_t gw_sign_sk[64],
    const char *path, size_t *count);

/*
 * Verifies buf against the pinned gateway key, then parses it. On success
 * *b refers into buf (which must outlive *b).
 * Errors: SNT_ERR_SIGNATURE, SNT_ERR_VERSION, SNT_ERR_INVALID,
 * SNT_ERR_TRUNCATED, SNT_ERR_DUPLICATE (an id twice), SNT_ERR_TOO_LARGE,
 * SNT_ERR_WRONG_PEER (validly signed by gw_pk but naming another key:
 * cannot happen with honest files), SNT_ERR_NOMEM.
 */
int bundle_verify(const uint8_t *buf, size_t len, const uint8_t gw_pk[32],
    struct bundle **b);
size_t bundle_count(const struct bundle *b);
/* i < bundle_count(b); pointers into the bundle's buffer. */
void bundle_get(const struct bundle *b, size_t i, const uint8_t **id,
    const uint8_t **env, size_t *env_len);
/* BLAKE2b-256 of the whole signed bundle, named by its ack. */
const uint8_t *bundle_hash(const struct bundle *b);
void bundle_free(struct bundle *b);

/*
 * Makes a signed ack naming ids (n of them, each ENVELOPE_ID_BYTES) taken
 * from the bundle whose hash is bundle_hash, for the gateway whose signing
 * key is gw_pk (so an ack cannot be applied to another gateway). *out is
 * malloc()ed.
 */
int ack_create(const uint8_t *ids, size_t n,
    const uint8_t bundle_hash_[BUNDLE_HASH_BYTES], const uint8_t gw_pk[32],
    const uint8_t rev_sign_sk[64], uint8_t **out, size_t *len);

/*
 * Verifies an ack against the pinned reviewer key and this gateway's own
 * public key. *a holds its own copy of the ids; buf may be freed after.
 * Errors: SNT_ERR_SIGNATURE, SNT_ERR_WRONG_PEER, SNT_ERR_VERSION,
 * SNT_ERR_INVALID, SNT_ERR_TRUNCATED, SNT_ERR_DUPLICATE, SNT_ERR_TOO_LARGE,
 * SNT_ERR_NOMEM.
 * ack_create errors: SNT_ERR_DUPLICATE (an id twice in ids),
 * SNT_ERR_TOO_LARGE (n > ACK_MAX_IDS), SNT_ERR_NOMEM; ids need not be
 * sorted (the ack lists them sorted).
 */
int ack_verify(const uint8_t *buf, size_t len, const uint8_t rev_pk[32],
    const uint8_t gw_pk[32], struct ack **a);
size_t ack_count(const struct ack *a);
const uint8_t *ack_id(const struct ack *a, size_t i);
/* The bundle hash the ack names (for the reviewer's and operator's log). */
const uint8_t *ack_bundle_hash(const struct ack *a);
/* BLAKE2b-256 of the ack's signed body: the key under which the store
 * remembers applied acks, so a replay is refused. */
const uint8_t *ack_digest(const struct ack *a);
void ack_free(struct ack *a);

/*
 * Marks the ack's ids acknowledged (so they leave later exports) and, with
 * purge, deletes those envelopes, in one durable transaction. An ack
 * already applied is refused with SNT_ERR_REPLAY and changes nothing.
 * Ids the store does not hold are skipped. *marked / *purged count what
 * changed (either may be NULL). The map may grow past map_max by a
 * reserve (1/8 of map_max, at least 1 MiB) here, so a full vault can
 * always be emptied. Errors: SNT_ERR_REPLAY and those of
 * store_put_batch().
 */
int store_apply_ack(struct store *s, const struct ack *a, int purge,
    size_t *marked, size_t *purged);

/* Deletes every acknowledged envelope (later `acknowledge --purge`). */
int store_purge_acked(struct store *s, size_t *purged);

#endif

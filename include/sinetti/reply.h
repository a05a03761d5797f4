/*
 * reply.h — replies and status for an anonymous sender (vault/reply.c).
 *
 * The citizen's receipt derives an X25519 reply keypair (receipt.h); its
 * public key travels inside the sealed envelope. An officer answers a case
 * with a reply record: the status the citizen should see (received, in
 * progress, answered), the time, and an optional text, encrypted with
 * crypto_box_easy from a fresh ephemeral keypair to the case's reply
 * public key. Only someone holding the receipt can open it: the gateway
 * opens it with crypto_box_open_easy while the citizen's request holds the
 * derived key, and still contains no code that opens a sealed box.
 *
 * Records travel from the reviewer to the gateway in a reply bundle,
 * signed with the reviewer's Ed25519 key and naming the gateway's signing
 * key, so a bundle cannot be forged or replayed to another gateway. Each
 * entry names the envelope id it answers; the gateway files it under the
 * lookup id it stored beside that envelope (reply_store.h).
 *
 * Formats: docs/formats/reply.md. Every decoder is strict: exact lengths,
 * known version, no trailing bytes; reply_bundle_verify() checks the
 * signature before it reads anything else.
 */
#ifndef SINETTI_REPLY_H
#define SINETTI_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/envelope.h"

#define REPLY_VERSION 1
#define REPLY_BUNDLE_VERSION 1

/* Status codes as the citizen sees them. */
enum reply_status {
	REPLY_RECEIVED    = 1,
	REPLY_IN_PROGRESS = 2,
	REPLY_ANSWERED    = 3
};

/* Longest reply text in bytes of UTF-8 (it also fits one case note in
 * the reviewer, so officers keep a readable copy of what they sent). */
#define REPLY_TEXT_MAX 3900
/* Plaintext inside the box: status (1), time (8), text; padded with
 * sodium_pad to a multiple of REPLY_PAD_BLOCK so the stored size reveals
 * only a size bucket. */
#define REPLY_PAD_BLOCK 512
#define REPLY_PLAIN_MAX 4096	/* 9 + REPLY_TEXT_MAX, padded */
#define REPLY_HEADER_BYTES (1 + 32 + 24)	/* version, ephemeral pk, nonce */
#define REPLY_RECORD_MIN (REPLY_HEADER_BYTES + 16 + REPLY_PAD_BLOCK)
#define REPLY_RECORD_MAX (REPLY_HEADER_BYTES + 16 + REPLY_PLAIN_MAX)

/* Entries in one bundle, and bundle size. */
#define REPLY_BUNDLE_MAX_ENTRIES 65536u
#define REPLY_BUNDLE_MAX (4 + 1 + 32 + 8 + 4 + 64 + \
    (size_t)REPLY_BUNDLE_MAX_ENTRIES * (ENVELOPE_ID_BYTES + 2 + \
    REPLY_RECORD_MAX))

/* An opened record. text is smem memory, NUL-terminated, len bytes. */
struct reply_plain {
	uint8_t status;		/* enum reply_status */
	uint64_t time_ms;	/* when the officer wrote it, Unix ms */
	char *text;		/* "" for a status-only record */
	size_t len;
};

/* "received", "in-progress", "answered"; NULL if unknown. And back:
 * 0 when unknown. */
const char *reply_status_name(uint8_t st);
uint8_t reply_status_from_name(const char *s);

/*
 * Makes a record for the holder of reply_pk: status, time_ms and text
 * (len bytes of UTF-8, may be 0), encrypted from a fresh ephemeral
 * keypair (wiped before return). *out is malloc()ed (not secret: only the
 * receipt holder can open it), *out_len bytes.
 * Errors: SNT_ERR_INVALID (unknown status), SNT_ERR_TOO_LARGE (text over
 * REPLY_TEXT_MAX), SNT_ERR_UTF8, SNT_ERR_CRYPTO (reply_pk is a low-order
 * point), SNT_ERR_NOMEM.
 */
int reply_create(const uint8_t reply_pk[32], uint8_t status, uint64_t time_ms,
    const char *text, size_t len, uint8_t **out, size_t *out_len);

/*
 * Checks a record's outer shape without a key: version, and a length
 * between REPLY_RECORD_MIN and REPLY_RECORD_MAX that is a whole number of
 * pad blocks. Errors: SNT_ERR_VERSION, SNT_ERR_TRUNCATED,
 * SNT_ERR_TOO_LARGE, SNT_ERR_INVALID.
 */
int reply_check(const uint8_t *rec, size_t len);

/*
 * Opens a record with the reply secret key (crypto_box_open_easy; never
 * a sealed-box open). On success *p holds the status, time and text (p->text
 * in smem; free with reply_plain_free). Errors: those of reply_check(),
 * SNT_ERR_CRYPTO (wrong key or altered), SNT_ERR_INVALID (bad padding,
 * unknown status), SNT_ERR_UTF8, SNT_ERR_NOMEM.
 */
int reply_open(const uint8_t *rec, size_t len, const uint8_t reply_sk[32],
    struct reply_plain *p);
void reply_plain_free(struct reply_plain *p);

/* ------------------------------------------------------------ bundles */

struct reply_bundle;

/* One entry to put in a bundle. */
struct reply_entry {
	uint8_t id[ENVELOPE_ID_BYTES];	/* the envelope it answers */
	const uint8_t *rec;		/* a record from reply_create() */
	size_t rec_len;
};

/*
 * Makes a bundle of n entries (order kept) for the gateway whose signing
 * public key is gw_pk, with created (Unix seconds) in its header, signed
 * with rev_sign_sk. *out is malloc()ed.
 * Errors: SNT_ERR_TOO_LARGE (n over REPLY_BUNDLE_MAX_ENTRIES), those of
 * reply_check() for a bad record, SNT_ERR_NOMEM.
 */
int reply_bundle_create(const struct reply_entry *e, size_t n,
    const uint8_t gw_pk[32], uint64_t created, const uint8_t rev_sign_sk[64],
    uint8_t **out, size_t *len);

/*
 * Verifies buf against the pinned reviewer key rev_pk first, then parses
 * it and checks that it names this gateway (gw_pk). On success *b refers
 * into buf, which must outlive it.
 * Errors: SNT_ERR_SIGNATURE, SNT_ERR_WRONG_PEER (for another gateway),
 * SNT_ERR_VERSION, SNT_ERR_INVALID, SNT_ERR_TRUNCATED, SNT_ERR_TOO_LARGE,
 * those of reply_check() for any record, SNT_ERR_NOMEM.
 */
int reply_bundle_verify(const uint8_t *buf, size_t len,
    const uint8_t rev_pk[32], const uint8_t gw_pk[32],
    struct reply_bundle **b);
size_t reply_bundle_count(const struct reply_bundle *b);
uint64_t reply_bundle_created(const struct reply_bundle *b);
/* i < reply_bundle_count(b); pointers into the bundle's buffer. */
void reply_bundle_get(const struct reply_bundle *b, size_t i,
    const uint8_t **id, const uint8_t **rec, size_t *rec_len);
void reply_bundle_free(struct reply_bundle *b);

/*
 * Caveats
 * - A record carries no envelope id and no lookup id: it is bound to its
 *   case by the key it is encrypted to. The bundle entry's envelope id
 *   tells the gateway where to file it.
 * - The time inside a record is the officer's clock; the gateway shows
 *   records in time order and takes the status of the latest.
 */

#endif

/*
 * casefile.h — the officer's record of one case (reviewer/casefile.c).
 *
 * Beside every sealed envelope the reviewer store keeps a case record: the
 * case number, status, assignee, notes, callback state and due dates. The
 * record is encoded (docs/formats/review-store.md), padded to a multiple of
 * CASEFILE_PAD bytes and encrypted with XChaCha20-Poly1305 under the
 * store's case key, with the envelope id as associated data so that a
 * record cannot be moved to another envelope.
 *
 * A struct casefile and everything it points to live in smem memory; a
 * note's text is officer-typed and as untrusted as envelope content.
 */
#ifndef SINETTI_CASEFILE_H
#define SINETTI_CASEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/envelope.h"

#define CASEFILE_VERSION 1
#define CASEFILE_PAD 256
#define CASEFILE_KEY_BYTES 32
#define CASE_NOTE_MAX 4000	/* bytes per note */
#define CASE_NOTES_MAX 500	/* notes per case */
#define CASE_NAME_MAX 64	/* officer or assignee name, bytes */
#define CASE_NUMBER_MAX 16	/* "2026-0042" and a NUL */
/* Largest record: every note at its maximum, with some headroom. */
/*
 * kind of a record whose envelope has not been opened yet: import stores
 * envelopes without opening them (an X25519 each would cap it at ~24,000
 * a second a core), so kind, phone and due dates are filled in by the
 * first command that opens the envelope (casefile_complete). Content kinds
 * start at 1, so no record written before this existed has kind 0.
 */
#define CASE_KIND_PENDING 0
#define CASEFILE_RECORD_MAX ((size_t)CASE_NOTES_MAX * (CASE_NOTE_MAX + 80) + 512)

enum case_status {
	CASE_NEW         = 1,
	CASE_IN_PROGRESS = 2,
	CASE_ANSWERED    = 3,
	CASE_CLOSED      = 4
};

struct case_note {
	uint64_t time;
	char officer[CASE_NAME_MAX + 1];
	char *text;			/* smem, NUL-terminated, len bytes */
	size_t len;
};

struct casefile {
	uint8_t id[ENVELOPE_ID_BYTES];	/* the envelope's random id */
	uint16_t year;			/* case number: year-seq */
	uint32_t seq;
	uint64_t imported;		/* Unix times, seconds */
	uint64_t arrival;		/* from inside the seal; the hour
					 * (outside header) while pending */
	uint8_t kind;			/* enum content_kind, read from the
					 * envelope; CASE_KIND_PENDING until
					 * then */
	uint8_t has_phone;
	uint8_t status;			/* enum case_status */
	uint8_t callback_done;
	uint64_t status_at;		/* when the status last changed */
	uint64_t answer_due;
	uint64_t callback_due;		/* 0: no callback asked for */
	uint64_t callback_done_at;
	char assignee[CASE_NAME_MAX + 1];	/* "" when nobody */
	size_t nnotes;
	struct case_note *notes;	/* smem array */
};

/* Due-date rules; configurable per store (review.conf). */
struct due_rules {
	uint32_t callback_days;		/* default 7 */
	uint32_t objection_days;	/* default 30 (muistutus) */
	uint32_t other_months;		/* default 3 */
};

/* A zeroed smem casefile (status new); NULL on allocation failure. */
struct casefile *casefile_new(void);
void casefile_free(struct casefile *cf);

/*
 * Appends a note (copied into smem). Errors: SNT_ERR_TOO_LARGE (text over
 * CASE_NOTE_MAX or CASE_NOTES_MAX notes), SNT_ERR_INVALID (officer name too
 * long), SNT_ERR_NOMEM.
 */
int casefile_add_note(struct casefile *cf, uint64_t time, const char *officer,
    const char *text, size_t len);

/*
 * Encodes, pads and encrypts cf under key; *out (malloc, not secret) holds
 * version | nonce | ciphertext. Errors: SNT_ERR_TOO_LARGE, SNT_ERR_NOMEM.
 */
int casefile_seal(const struct casefile *cf, const uint8_t key[CASEFILE_KEY_BYTES],
    uint8_t **out, size_t *len);

/*
 * Decrypts and decodes a sealed record that must belong to envelope id.
 * *cf is new (free with casefile_free). Errors: SNT_ERR_VERSION,
 * SNT_ERR_CRYPTO (wrong key, tampered, or moved from another envelope),
 * SNT_ERR_INVALID, SNT_ERR_TRUNCATED, SNT_ERR_NOMEM.
 */
int casefile_open(const uint8_t *buf, size_t len,
    const uint8_t id[ENVELOPE_ID_BYTES], const uint8_t key[CASEFILE_KEY_BYTES],
    struct casefile **cf);

/*
 * n (at most 64) random bytes for an AEAD nonce, from a per-thread pool
 * of randombytes_buf output refilled 4 KiB at a time: libsodium asks the
 * kernel (getrandom) on every call, and an import seals two records per
 * envelope. Nonces are stored in the clear beside the ciphertext, so the
 * pool holds nothing secret; only uniqueness matters, which 192 random
 * bits give either way.
 */
void review_nonce(uint8_t *out, size_t n);

/* "2026-0042" into out (CASE_NUMBER_MAX bytes). */
void casefile_number(const struct casefile *cf, char out[CASE_NUMBER_MAX]);

/* Status names ("new", "in-progress", "answered", "closed"); NULL if unknown;
 * and back, 0 when unknown. */
const char *case_status_name(uint8_t st);
uint8_t case_status_from_name(const char *s);

void due_rules_default(struct due_rules *r);

/*
 * t plus months calendar months (UTC), the day clamped to the end of a
 * shorter month (31 Jan + 1 month = 28/29 Feb).
 */
uint64_t due_add_months(uint64_t t, uint32_t months);

/*
 * Sets answer_due (objection: arrival + objection_days, other kinds:
 * arrival + other_months) and callback_due (arrival + callback_days when
 * a phone number was given, else 0).
 */
void casefile_set_due(struct casefile *cf, const struct due_rules *r);

/*
 * A record made at import from the envelope's outside only: arrival is
 * hour * 3600 (the exact time is inside the seal), kind CASE_KIND_PENDING,
 * no phone, and a provisional answer_due that is the earliest any rule
 * could give for that hour (the shortest of the callback, objection and
 * other-feedback periods), so that a case nobody has looked at yet never
 * sorts after its real deadline. callback_due is 0.
 */
void casefile_set_pending(struct casefile *cf, uint32_t hour,
    const struct due_rules *r);

/* 1 while cf's envelope has not been read (kind CASE_KIND_PENDING). */
int casefile_is_pending(const struct casefile *cf);

/*
 * Fills a pending record from its opened envelope: the exact arrival, kind
 * and whether a phone number was given, and the due dates by kind
 * (casefile_set_due), exactly as an import that opened it would have.
 */
void casefile_complete(struct casefile *cf, uint64_t arrival, uint8_t kind,
    int has_phone, const struct due_rules *r);

/*
 * The earliest deadline still open: the callback while it is not done,
 * the answer while the status is new or in progress. 0 when nothing is
 * outstanding.
 */
uint64_t casefile_next_due(const struct casefile *cf);

/* 1 when casefile_next_due() is set and earlier than now. */
int casefile_overdue(const struct casefile *cf, uint64_t now);

#endif

/*
 * content.h — the content record: what a citizen submitted (vault/content.c).
 *
 * A content record is the plaintext inside an envelope: a version byte and
 * typed fields. Format and limits: docs/formats/content.md. Decoding is
 * strict: unknown version, a duplicate or missing required field, a field
 * over its limit, invalid UTF-8, or trailing bytes are all refused.
 *
 * Strings are slices (pointer + length, not NUL-terminated). After
 * content_decode() they point into the decoded buffer, which must outlive
 * the struct; the struct itself owns nothing.
 */
#ifndef SINETTI_CONTENT_H
#define SINETTI_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#define CONTENT_VERSION 1

/* Limits in bytes of UTF-8, and for the message also in characters. */
#define CONTENT_MESSAGE_MAX_CHARS 10000
#define CONTENT_MESSAGE_MAX      40000
#define CONTENT_UNIT_MAX           200
#define CONTENT_WHEN_MAX           400
#define CONTENT_PERSONS_MAX       2000
#define CONTENT_PHONE_MAX           20	/* normalised: +358401234567 */
#define CONTENT_CALLBACK_MAX       400
/* Largest encoded record; envelope buckets are sized to hold it. */
#define CONTENT_RECORD_MAX       49152

enum content_kind {
	CONTENT_KIND_FEEDBACK  = 1,
	CONTENT_KIND_CONCERN   = 2,
	CONTENT_KIND_OBJECTION = 3	/* muistutus */
};

enum content_role {
	CONTENT_ROLE_CLIENT         = 1,
	CONTENT_ROLE_RELATIVE       = 2,	/* omainen tai läheinen */
	CONTENT_ROLE_REPRESENTATIVE = 3,	/* laillinen edustaja */
	CONTENT_ROLE_OTHER          = 4
};

struct snt_str {
	const char *p;
	size_t len;
};

struct content {
	uint8_t kind;			/* enum content_kind */
	uint8_t role;			/* enum content_role */
	struct snt_str unit;		/* unit id from the units list, or "other" */
	struct snt_str unit_other;	/* free text when unit is "other"; may be empty */
	struct snt_str message;		/* required, non-empty */
	struct snt_str when;		/* optional; empty when absent */
	struct snt_str persons;		/* optional */
	struct snt_str phone;		/* optional, normalised E.164 */
	struct snt_str callback_time;	/* optional */
	char lang[3];			/* "fi", "sv" or "en", NUL-terminated */
	uint64_t arrival;		/* exact Unix time; only ever inside the seal */
	uint8_t reply_pk[32];		/* X25519 from the receipt; required */
};

/*
 * Encodes c into a new smem buffer (*out, freed with smem_free) of *len
 * bytes, at most CONTENT_RECORD_MAX. Validates the same rules the decoder
 * enforces, so an encoded record always decodes.
 * Errors: SNT_ERR_INVALID, SNT_ERR_TOO_LARGE, SNT_ERR_UTF8, SNT_ERR_MISSING,
 * SNT_ERR_NOMEM.
 */
int content_encode(const struct content *c, uint8_t **out, size_t *len);

/*
 * Decodes buf[0..len) into *c (slices into buf).
 * Errors: SNT_ERR_VERSION, SNT_ERR_INVALID, SNT_ERR_TRUNCATED,
 * SNT_ERR_TOO_LARGE, SNT_ERR_UTF8, SNT_ERR_DUPLICATE, SNT_ERR_MISSING.
 */
int content_decode(const uint8_t *buf, size_t len, struct content *c);

/* Stable lower-case names for kind and role ("objection", "relative"),
 * NULL for unknown values; and the reverse, 0 when unknown. */
const char *content_kind_name(uint8_t kind);
const char *content_role_name(uint8_t role);
uint8_t content_kind_from_name(const char *s, size_t len);
uint8_t content_role_from_name(const char *s, size_t len);

#endif

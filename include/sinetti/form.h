/*
 * form.h — the citizen form's strict application/x-www-form-urlencoded
 * parser and its field rules (gateway/form.c, gateway/form_phone.c).
 *
 * form_parse() is a pure function over bytes: no I/O, no global state, no
 * allocation other than the one smem buffer it returns in the struct. It is
 * the first code that touches what a stranger sent, so it refuses rather
 * than guesses: every malformed input is one SNT_ERR_* code, which the web
 * layer turns into a 400 page. A libFuzzer harness drives it
 * (tests/fuzz/fuzz_form.c).
 *
 * Decoding rules:
 *   - pairs are separated by '&'; an empty pair ("a=1&&b=2") is refused;
 *   - a pair without '=' is refused; names are [a-z_]{1,FORM_NAME_MAX};
 *   - '+' is a space, "%XY" is one byte (hex digits in either case); a '%'
 *     not followed by two hex digits is refused;
 *   - every decoded value must be valid UTF-8 (utf8.h: no overlong forms,
 *     no surrogates) and must not contain NUL;
 *   - line ends are normalised: "\r\n" and a lone "\r" become "\n" (browsers
 *     send CRLF; storing one form keeps the hidden fields of the check page
 *     free of control characters);
 *   - a known field given twice is refused; up to FORM_UNKNOWN_MAX unknown
 *     fields (with valid names) are ignored, one more is refused; more than
 *     FORM_PAIRS_MAX pairs in all is refused.
 * Value lengths are not limited here (the transport caps the body at
 * WEB_BODY_MAX); validation reports over-long values as field errors so the
 * citizen can shorten them without losing anything.
 */
#ifndef SINETTI_FORM_H
#define SINETTI_FORM_H

#include <stddef.h>
#include <stdint.h>

#define FORM_NAME_MAX     32	/* longest field name accepted */
#define FORM_PAIRS_MAX    32	/* name=value pairs in one body */
#define FORM_UNKNOWN_MAX   4	/* unknown (ignored) fields tolerated */

/* The fields the gateway knows. Their wire names: form_field_name(). */
enum form_field {
	FORM_KIND = 0,
	FORM_UNIT,
	FORM_UNIT_OTHER,
	FORM_ROLE,
	FORM_MESSAGE,
	FORM_WHEN,
	FORM_PERSONS,
	FORM_PHONE,
	FORM_CALLBACK_TIME,
	FORM_CONFIRM,
	FORM_RECEIPT,		/* the status page (issue 7) */
	FORM_NFIELDS
};

struct form_value {
	const char *p;		/* NUL-terminated, inside form.buf */
	size_t len;		/* bytes, without the NUL */
	int present;		/* 1 when the field was in the body */
};

struct form {
	struct form_value v[FORM_NFIELDS];
	size_t n_unknown;	/* unknown fields that were ignored */
	char *buf;		/* smem; owns every value's bytes */
	size_t buf_len;
};

/*
 * Parses body[0..len) into *f. body may be NULL when len is 0 (an empty body
 * is a valid form with no fields). On success f->buf is an smem buffer the
 * caller releases with form_free(); absent fields have p == "" and len 0.
 * On error *f is left empty (nothing to free, form_free is still safe).
 * Errors: SNT_ERR_INVALID (syntax, bad %-escape, bad name, empty pair, NUL),
 * SNT_ERR_UTF8, SNT_ERR_DUPLICATE (known field twice), SNT_ERR_TOO_LARGE
 * (too many pairs or unknown fields, name too long), SNT_ERR_NOMEM.
 */
int form_parse(const uint8_t *body, size_t len, struct form *f);

/* Wipes and frees f->buf and resets *f. NULL is accepted. */
void form_free(struct form *f);

/* The wire name of a field ("unit_other"); NULL for an unknown value. */
const char *form_field_name(enum form_field field);

/*
 * Checks a Content-Type header value: "application/x-www-form-urlencoded",
 * case-insensitive, optionally followed by "; charset=utf-8" (quoted or not,
 * any case). Any other parameter or charset is refused.
 * Returns 0, or SNT_ERR_INVALID (also for NULL).
 */
int form_content_type_ok(const char *ct);

#define FORM_PHONE_IN_MAX 40	/* longest phone number as typed */

/*
 * Normalises a phone number as a person types it to E.164 ("+358401234567")
 * in out (at least CONTENT_PHONE_MAX + 1 bytes, NUL-terminated).
 * Accepted: digits with spaces, hyphens, dots and one pair of parentheses;
 * national Finnish numbers starting with 0 ("040 123 4567", "09 1234567"),
 * "+358 ..." (a trunk "(0)" after +358 is dropped), "00358 ...", and other
 * international numbers with "+" or "00" (E.164: 8 to 15 digits, country
 * code not starting with 0). Finnish numbers need 6 to 12 digits after the
 * country code.
 * Returns 0, or SNT_ERR_INVALID (for anything else, also an empty input),
 * SNT_ERR_TOO_LARGE (longer than FORM_PHONE_IN_MAX bytes).
 */
int form_phone_normalise(const char *in, size_t len, char *out, size_t out_size);

#endif

/*
 * content.c — the content record inside an envelope.
 *
 * Layout (docs/formats/content.md):
 *
 *   version (u8 = 1)
 *   fields, each: tag (u8) | length (u16, big-endian) | value
 *   check (16 bytes): BLAKE2b-128 of everything before it
 *
 * Fields appear in strictly ascending tag order, so every record has one
 * encoding and a repeated tag is seen at once. Unknown tags below 0x80 are
 * refused; tags 0x80..0xff are reserved for future optional fields that an
 * older reader may skip. The check is not a security feature (the seal's
 * MAC is): it makes every corruption of a record detectable on its own,
 * for instance a bug between padding and decoding.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/wire.h"

#include "vault_int.h"

enum {
	TAG_KIND          = 1,
	TAG_ROLE          = 2,
	TAG_UNIT          = 3,
	TAG_UNIT_OTHER    = 4,
	TAG_MESSAGE       = 5,
	TAG_WHEN          = 6,
	TAG_PERSONS       = 7,
	TAG_PHONE         = 8,
	TAG_CALLBACK_TIME = 9,
	TAG_LANG          = 10,
	TAG_ARRIVAL       = 11,
	TAG_REPLY_PK      = 12,
	TAG_LAST_KNOWN    = TAG_REPLY_PK,
	TAG_SKIPPABLE     = 0x80	/* and above: future, optional, skipped */
};

#define CHECK_BYTES 16
static const unsigned char check_personal[16] = "sinetti.content1";

/* Fields that must be present. */
#define REQUIRED ((1u << TAG_KIND) | (1u << TAG_ROLE) | (1u << TAG_UNIT) | \
    (1u << TAG_MESSAGE) | (1u << TAG_LANG) | (1u << TAG_ARRIVAL) | \
    (1u << TAG_REPLY_PK))

static const char *const kind_names[] = {
	NULL, "feedback", "concern", "objection"
};
static const char *const role_names[] = {
	NULL, "client", "relative", "representative", "other"
};

const char *
content_kind_name(uint8_t kind)
{
	return kind >= 1 && kind <= 3 ? kind_names[kind] : NULL;
}

const char *
content_role_name(uint8_t role)
{
	return role >= 1 && role <= 4 ? role_names[role] : NULL;
}

static uint8_t
from_name(const char *const *names, size_t n, const char *s, size_t len)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 1; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (uint8_t)i;
	return 0;
}

uint8_t
content_kind_from_name(const char *s, size_t len)
{
	return from_name(kind_names, 4, s, len);
}

uint8_t
content_role_from_name(const char *s, size_t len)
{
	return from_name(role_names, 5, s, len);
}

void
content_check_of(const uint8_t *buf, size_t len, uint8_t out[16])
{
	crypto_generichash_blake2b_salt_personal(out, CHECK_BYTES, buf, len,
	    NULL, 0, NULL, check_personal);
}

/* Text: valid UTF-8, no NUL (a NUL would cut the text short in C tools
 * downstream and hide the rest from an officer), within max bytes. */
static int
check_text(const struct snt_str *s, size_t max, int required)
{
	if (s->len == 0)
		return required ? SNT_ERR_MISSING : 0;
	if (s->p == NULL)
		return SNT_ERR_INVALID;
	if (s->len > max)
		return SNT_ERR_TOO_LARGE;
	if (memchr(s->p, '\0', s->len) != NULL)
		return SNT_ERR_INVALID;
	return utf8_validate((const uint8_t *)s->p, s->len);
}

/* Normalised E.164: '+' and 7..15 digits, the first not 0. */
static int
check_phone(const struct snt_str *s)
{
	size_t i;

	if (s->len == 0)
		return 0;
	if (s->len > CONTENT_PHONE_MAX)
		return SNT_ERR_TOO_LARGE;
	if (s->p == NULL || s->len < 8 || s->len > 16)
		return SNT_ERR_INVALID;
	if (s->p[0] != '+' || s->p[1] == '0')
		return SNT_ERR_INVALID;
	for (i = 1; i < s->len; i++)
		if (s->p[i] < '0' || s->p[i] > '9')
			return SNT_ERR_INVALID;
	return 0;
}

static int
check_lang(const char *l)
{
	if (strcmp(l, "fi") == 0 || strcmp(l, "sv") == 0 ||
	    strcmp(l, "en") == 0)
		return 0;
	return SNT_ERR_INVALID;
}

static int
str_is(const struct snt_str *s, const char *lit)
{
	return s->len == strlen(lit) && memcmp(s->p, lit, s->len) == 0;
}

/* The rules both encoder and decoder enforce on a whole record. */
static int
validate(const struct content *c)
{
	int e;

	if (c->kind < CONTENT_KIND_FEEDBACK || c->kind > CONTENT_KIND_OBJECTION)
		return SNT_ERR_INVALID;
	if (c->role < CONTENT_ROLE_CLIENT || c->role > CONTENT_ROLE_OTHER)
		return SNT_ERR_INVALID;
	if ((e = check_text(&c->unit, CONTENT_UNIT_MAX, 1)) != 0 ||
	    (e = check_text(&c->unit_other, CONTENT_UNIT_MAX, 0)) != 0 ||
	    (e = check_text(&c->message, CONTENT_MESSAGE_MAX, 1)) != 0 ||
	    (e = check_text(&c->when, CONTENT_WHEN_MAX, 0)) != 0 ||
	    (e = check_text(&c->persons, CONTENT_PERSONS_MAX, 0)) != 0 ||
	    (e = check_phone(&c->phone)) != 0 ||
	    (e = check_text(&c->callback_time, CONTENT_CALLBACK_MAX, 0)) != 0)
		return e;
	if (utf8_count((const uint8_t *)c->message.p, c->message.len) >
	    CONTENT_MESSAGE_MAX_CHARS)
		return SNT_ERR_TOO_LARGE;
	/* Free text for the unit only when the unit is "other". */
	if (c->unit_other.len > 0 && !str_is(&c->unit, "other"))
		return SNT_ERR_INVALID;
	if (memchr(c->lang, '\0', sizeof(c->lang)) == NULL)
		return SNT_ERR_INVALID;
	if (check_lang(c->lang) != 0)
		return SNT_ERR_INVALID;
	return 0;
}

static void
put_field(struct wire_w *w, uint8_t tag, const void *p, size_t n)
{
	if (n > UINT16_MAX) {
		if (w->err == 0)
			w->err = SNT_ERR_TOO_LARGE;
		return;
	}
	wire_put_u8(w, tag);
	wire_put_u16(w, (uint16_t)n);
	wire_put_bytes(w, p, n);
}

static void
put_opt(struct wire_w *w, uint8_t tag, const struct snt_str *s)
{
	if (s->len > 0)
		put_field(w, tag, s->p, s->len);
}

static size_t
opt_len(const struct snt_str *s)
{
	return s->len > 0 ? 3 + s->len : 0;
}

/* The exact encoded size of a record that passed validate(): the limits
 * keep every term small, so the sum cannot overflow. */
static size_t
encoded_len(const struct content *c)
{
	return 1 + (3 + 1) + (3 + 1) + (3 + c->unit.len) +
	    opt_len(&c->unit_other) + (3 + c->message.len) +
	    opt_len(&c->when) + opt_len(&c->persons) + opt_len(&c->phone) +
	    opt_len(&c->callback_time) + (3 + 2) + (3 + 8) + (3 + 32) +
	    CHECK_BYTES;
}

int
content_encoded_len(const struct content *c, size_t *len)
{
	int e;

	*len = 0;
	if ((e = validate(c)) != 0)
		return e;
	*len = encoded_len(c);
	return *len > CONTENT_RECORD_MAX ? SNT_ERR_TOO_LARGE : 0;
}

int
content_encode_to(const struct content *c, uint8_t *dst, size_t cap,
    size_t *len)
{
	struct wire_w w;
	uint8_t arrival[8], check[CHECK_BYTES];
	size_t i, need;
	int e;

	*len = 0;
	if ((e = content_encoded_len(c, &need)) != 0)
		return e;
	if (need > cap)
		return SNT_ERR_TOO_LARGE;
	for (i = 0; i < 8; i++)
		arrival[i] = (uint8_t)(c->arrival >> (56 - 8 * i));
	/* A writer over the caller's buffer, exactly as large as the
	 * record: it never grows, so it never frees or moves dst. */
	wire_w_init(&w, need, 1);
	w.buf = dst;
	w.cap = need;
	wire_put_u8(&w, CONTENT_VERSION);
	put_field(&w, TAG_KIND, &c->kind, 1);
	put_field(&w, TAG_ROLE, &c->role, 1);
	put_field(&w, TAG_UNIT, c->unit.p, c->unit.len);
	put_opt(&w, TAG_UNIT_OTHER, &c->unit_other);
	put_field(&w, TAG_MESSAGE, c->message.p, c->message.len);
	put_opt(&w, TAG_WHEN, &c->when);
	put_opt(&w, TAG_PERSONS, &c->persons);
	put_opt(&w, TAG_PHONE, &c->phone);
	put_opt(&w, TAG_CALLBACK_TIME, &c->callback_time);
	put_field(&w, TAG_LANG, c->lang, 2);
	put_field(&w, TAG_ARRIVAL, arrival, 8);
	put_field(&w, TAG_REPLY_PK, c->reply_pk, 32);
	if (w.err == 0) {
		content_check_of(w.buf, w.len, check);
		wire_put_bytes(&w, check, CHECK_BYTES);
	}
	if (w.err == 0 && w.len != need)
		w.err = SNT_ERR_INTERNAL;
	if (w.err != 0) {
		smem_wipe(dst, need);
		return w.err;
	}
	*len = w.len;
	return 0;
}

int
content_encode(const struct content *c, uint8_t **out, size_t *len)
{
	uint8_t *buf;
	size_t need;
	int e;

	*out = NULL;
	*len = 0;
	if ((e = content_encoded_len(c, &need)) != 0)
		return e;
	if ((buf = smem_alloc(need)) == NULL)
		return SNT_ERR_NOMEM;
	if ((e = content_encode_to(c, buf, need, len)) != 0) {
		smem_free(buf);
		return e;
	}
	*out = buf;
	return 0;
}

static int
get_str(struct snt_str *s, const uint8_t *v, size_t n, size_t max)
{
	struct snt_str t;

	/* An optional field is omitted, never present and empty: one
	 * encoding per record. */
	if (n == 0)
		return SNT_ERR_INVALID;
	if (n > max)
		return SNT_ERR_TOO_LARGE;
	t.p = (const char *)v;
	t.len = n;
	*s = t;
	return 0;
}

static int
get_field(struct content *c, uint8_t tag, const uint8_t *v, size_t n)
{
	size_t i;

	switch (tag) {
	case TAG_KIND:
	case TAG_ROLE:
		if (n != 1)
			return SNT_ERR_INVALID;
		if (tag == TAG_KIND)
			c->kind = v[0];
		else
			c->role = v[0];
		return 0;
	case TAG_UNIT:
		return get_str(&c->unit, v, n, CONTENT_UNIT_MAX);
	case TAG_UNIT_OTHER:
		return get_str(&c->unit_other, v, n, CONTENT_UNIT_MAX);
	case TAG_MESSAGE:
		return get_str(&c->message, v, n, CONTENT_MESSAGE_MAX);
	case TAG_WHEN:
		return get_str(&c->when, v, n, CONTENT_WHEN_MAX);
	case TAG_PERSONS:
		return get_str(&c->persons, v, n, CONTENT_PERSONS_MAX);
	case TAG_PHONE:
		return get_str(&c->phone, v, n, CONTENT_PHONE_MAX);
	case TAG_CALLBACK_TIME:
		return get_str(&c->callback_time, v, n, CONTENT_CALLBACK_MAX);
	case TAG_LANG:
		if (n != 2)
			return SNT_ERR_INVALID;
		memcpy(c->lang, v, 2);
		c->lang[2] = '\0';
		return 0;
	case TAG_ARRIVAL:
		if (n != 8)
			return SNT_ERR_INVALID;
		c->arrival = 0;
		for (i = 0; i < 8; i++)
			c->arrival = (c->arrival << 8) | v[i];
		return 0;
	case TAG_REPLY_PK:
		if (n != 32)
			return SNT_ERR_INVALID;
		memcpy(c->reply_pk, v, 32);
		return 0;
	default:
		return SNT_ERR_INTERNAL;
	}
}

int
content_decode(const uint8_t *buf, size_t len, struct content *c)
{
	struct wire_r r;
	const uint8_t *v, *sum;
	uint8_t version, tag, check[CHECK_BYTES];
	uint16_t n;
	uint32_t seen = 0;
	int prev = 0, e;

	memset(c, 0, sizeof(*c));
	if (len > CONTENT_RECORD_MAX)
		return SNT_ERR_TOO_LARGE;
	if (len < 1 + CHECK_BYTES)
		return SNT_ERR_TRUNCATED;
	if (buf[0] != CONTENT_VERSION)
		return SNT_ERR_VERSION;
	sum = buf + len - CHECK_BYTES;
	content_check_of(buf, len - CHECK_BYTES, check);
	if (sodium_memcmp(check, sum, CHECK_BYTES) != 0)
		return SNT_ERR_INVALID;
	wire_r_init(&r, buf, len - CHECK_BYTES);
	if ((e = wire_get_u8(&r, &version)) != 0)
		return e;
	while (wire_r_left(&r) > 0) {
		if ((e = wire_get_u8(&r, &tag)) != 0 ||
		    (e = wire_get_u16(&r, &n)) != 0 ||
		    (e = wire_get_ref(&r, &v, n)) != 0)
			goto fail;
		if (tag == prev) {
			e = SNT_ERR_DUPLICATE;
			goto fail;
		}
		if (tag < prev || tag == 0) {
			e = SNT_ERR_INVALID;
			goto fail;
		}
		prev = tag;
		if (tag >= TAG_SKIPPABLE)
			continue;	/* a future optional field */
		if (tag > TAG_LAST_KNOWN) {
			e = SNT_ERR_INVALID;
			goto fail;
		}
		if ((e = get_field(c, tag, v, n)) != 0)
			goto fail;
		seen |= 1u << tag;
	}
	if ((seen & REQUIRED) != REQUIRED) {
		e = SNT_ERR_MISSING;
		goto fail;
	}
	if ((e = validate(c)) != 0)
		goto fail;
	return 0;
fail:
	memset(c, 0, sizeof(*c));
	return e;
}

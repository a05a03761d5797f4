/* casefile.c — case records: encoding, encryption at rest, due dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "sinetti/casefile.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/wire.h"

#define AD_LABEL "sinetti-review case v1"
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

#define NONCE_POOL 4096

void
review_nonce(uint8_t *out, size_t n)
{
	static _Thread_local uint8_t pool[NONCE_POOL];
	static _Thread_local size_t left;

	if (n > 64) {
		randombytes_buf(out, n);
		return;
	}
	if (left < n) {
		randombytes_buf(pool, sizeof(pool));
		left = sizeof(pool);
	}
	memcpy(out, pool + sizeof(pool) - left, n);
	/* used bytes are not kept around, even though they are public */
	sodium_memzero(pool + sizeof(pool) - left, n);
	left -= n;
}

struct casefile *
casefile_new(void)
{
	struct casefile *cf = smem_calloc(sizeof(*cf));

	if (cf != NULL)
		cf->status = CASE_NEW;
	return cf;
}

void
casefile_free(struct casefile *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nnotes; i++)
		smem_free(cf->notes[i].text);
	smem_free(cf->notes);
	smem_free(cf);
}

int
casefile_add_note(struct casefile *cf, uint64_t time, const char *officer,
    const char *text, size_t len)
{
	struct case_note *nn = NULL;
	char *t = NULL;
	size_t olen = strlen(officer);

	if (len > CASE_NOTE_MAX || cf->nnotes >= CASE_NOTES_MAX)
		return SNT_ERR_TOO_LARGE;
	if (olen > CASE_NAME_MAX)
		return SNT_ERR_INVALID;
	/* smem has no realloc: copy into a one-larger array */
	if ((nn = smem_calloc((cf->nnotes + 1) * sizeof(*nn))) == NULL ||
	    (t = smem_calloc(len + 1)) == NULL) {
		smem_free(nn);
		return SNT_ERR_NOMEM;
	}
	if (cf->nnotes > 0)
		memcpy(nn, cf->notes, cf->nnotes * sizeof(*nn));
	if (len > 0)
		memcpy(t, text, len);
	nn[cf->nnotes].time = time;
	memcpy(nn[cf->nnotes].officer, officer, olen + 1);
	nn[cf->nnotes].text = t;
	nn[cf->nnotes].len = len;
	smem_free(cf->notes);
	cf->notes = nn;
	cf->nnotes++;
	return 0;
}

static void
put_name(struct wire_w *w, const char *s)
{
	size_t n = strlen(s);

	wire_put_u8(w, (uint8_t)n);
	wire_put_bytes(w, s, n);
}

static int
encode(const struct casefile *cf, uint8_t **out, size_t *len)
{
	struct wire_w w;
	size_t i;

	if (strlen(cf->assignee) > CASE_NAME_MAX || cf->nnotes > CASE_NOTES_MAX)
		return SNT_ERR_INVALID;
	wire_w_init(&w, CASEFILE_RECORD_MAX, 1);
	wire_put_u8(&w, CASEFILE_VERSION);
	wire_put_bytes(&w, cf->id, ENVELOPE_ID_BYTES);
	wire_put_u16(&w, cf->year);
	wire_put_u32(&w, cf->seq);
	wire_put_u64(&w, cf->imported);
	wire_put_u64(&w, cf->arrival);
	wire_put_u8(&w, cf->kind);
	wire_put_u8(&w, cf->has_phone);
	wire_put_u8(&w, cf->status);
	wire_put_u8(&w, cf->callback_done);
	wire_put_u64(&w, cf->status_at);
	wire_put_u64(&w, cf->answer_due);
	wire_put_u64(&w, cf->callback_due);
	wire_put_u64(&w, cf->callback_done_at);
	put_name(&w, cf->assignee);
	wire_put_u16(&w, (uint16_t)cf->nnotes);
	for (i = 0; i < cf->nnotes; i++) {
		if (cf->notes[i].len > CASE_NOTE_MAX) {
			wire_w_discard(&w);
			return SNT_ERR_TOO_LARGE;
		}
		wire_put_u64(&w, cf->notes[i].time);
		put_name(&w, cf->notes[i].officer);
		wire_put_u16(&w, (uint16_t)cf->notes[i].len);
		wire_put_bytes(&w, cf->notes[i].text, cf->notes[i].len);
	}
	return wire_w_finish(&w, out, len);
}

static int
get_name(struct wire_r *r, char out[CASE_NAME_MAX + 1])
{
	uint8_t n;
	int e;

	if ((e = wire_get_u8(r, &n)) != 0)
		return e;
	if (n > CASE_NAME_MAX)
		return SNT_ERR_INVALID;
	if ((e = wire_get_bytes(r, out, n)) != 0)
		return e;
	out[n] = '\0';
	if (memchr(out, '\0', n) != NULL)
		return SNT_ERR_INVALID;
	return 0;
}

static int
decode(const uint8_t *buf, size_t len, struct casefile *cf)
{
	struct wire_r r;
	uint8_t ver;
	uint16_t nn, tl;
	size_t i;
	int e;

	wire_r_init(&r, buf, len);
	if ((e = wire_get_u8(&r, &ver)) != 0)
		return e;
	if (ver != CASEFILE_VERSION)
		return SNT_ERR_VERSION;
	if ((e = wire_get_bytes(&r, cf->id, ENVELOPE_ID_BYTES)) != 0 ||
	    (e = wire_get_u16(&r, &cf->year)) != 0 ||
	    (e = wire_get_u32(&r, &cf->seq)) != 0 ||
	    (e = wire_get_u64(&r, &cf->imported)) != 0 ||
	    (e = wire_get_u64(&r, &cf->arrival)) != 0 ||
	    (e = wire_get_u8(&r, &cf->kind)) != 0 ||
	    (e = wire_get_u8(&r, &cf->has_phone)) != 0 ||
	    (e = wire_get_u8(&r, &cf->status)) != 0 ||
	    (e = wire_get_u8(&r, &cf->callback_done)) != 0 ||
	    (e = wire_get_u64(&r, &cf->status_at)) != 0 ||
	    (e = wire_get_u64(&r, &cf->answer_due)) != 0 ||
	    (e = wire_get_u64(&r, &cf->callback_due)) != 0 ||
	    (e = wire_get_u64(&r, &cf->callback_done_at)) != 0 ||
	    (e = get_name(&r, cf->assignee)) != 0 ||
	    (e = wire_get_u16(&r, &nn)) != 0)
		return e;
	if (case_status_name(cf->status) == NULL || cf->has_phone > 1 ||
	    cf->callback_done > 1 || nn > CASE_NOTES_MAX)
		return SNT_ERR_INVALID;
	for (i = 0; i < nn; i++) {
		struct case_note n;
		const uint8_t *t;

		memset(&n, 0, sizeof(n));
		if ((e = wire_get_u64(&r, &n.time)) != 0 ||
		    (e = get_name(&r, n.officer)) != 0 ||
		    (e = wire_get_u16(&r, &tl)) != 0 ||
		    (e = wire_get_ref(&r, &t, tl)) != 0)
			return e;
		if (tl > CASE_NOTE_MAX)
			return SNT_ERR_INVALID;
		if ((e = casefile_add_note(cf, n.time, n.officer,
		    (const char *)t, tl)) != 0)
			return e;
	}
	return wire_r_end(&r);
}

static void
make_ad(const uint8_t id[ENVELOPE_ID_BYTES], uint8_t ver,
    uint8_t ad[sizeof(AD_LABEL) + 1 + ENVELOPE_ID_BYTES])
{
	memcpy(ad, AD_LABEL, sizeof(AD_LABEL));	/* with its NUL */
	ad[sizeof(AD_LABEL)] = ver;
	memcpy(ad + sizeof(AD_LABEL) + 1, id, ENVELOPE_ID_BYTES);
}

int
casefile_seal(const struct casefile *cf, const uint8_t key[CASEFILE_KEY_BYTES],
    uint8_t **out, size_t *len)
{
	uint8_t ad[sizeof(AD_LABEL) + 1 + ENVELOPE_ID_BYTES];
	uint8_t *plain = NULL, *padded = NULL, *o = NULL;
	size_t plen = 0, padlen, olen;
	unsigned long long clen;
	int r;

	*out = NULL;
	*len = 0;
	if ((r = encode(cf, &plain, &plen)) != 0)
		goto out;
	/*
	 * Pad so the stored size says little about the notes' lengths: the
	 * same bytes sodium_pad makes (0x80, then zeros to the next multiple
	 * of CASEFILE_PAD, at least one byte added), written directly:
	 * sodium_pad's constant-time loop was a third of sealing a record,
	 * and our own record's length is no secret from us.
	 */
	padlen = (plen / CASEFILE_PAD + 1) * CASEFILE_PAD;
	if ((padded = smem_alloc(padlen)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	memcpy(padded, plain, plen);
	padded[plen] = 0x80;
	memset(padded + plen + 1, 0, padlen - plen - 1);
	olen = 1 + NONCE_BYTES + padlen + TAG_BYTES;
	if ((o = malloc(olen)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	o[0] = CASEFILE_VERSION;
	review_nonce(o + 1, NONCE_BYTES);
	make_ad(cf->id, CASEFILE_VERSION, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(o + 1 + NONCE_BYTES, &clen,
	    padded, padlen, ad, sizeof(ad), NULL, o + 1, key);
	*out = o;
	*len = olen;
	o = NULL;
	r = 0;
out:
	wire_free(plain, plen, 1);
	smem_free(padded);
	free(o);
	return r;
}

int
casefile_open(const uint8_t *buf, size_t len,
    const uint8_t id[ENVELOPE_ID_BYTES], const uint8_t key[CASEFILE_KEY_BYTES],
    struct casefile **cfp)
{
	uint8_t ad[sizeof(AD_LABEL) + 1 + ENVELOPE_ID_BYTES];
	struct casefile *cf = NULL;
	uint8_t *plain = NULL;
	unsigned long long plen;
	size_t unpadded, clen;
	int r;

	*cfp = NULL;
	if (len < 1)
		return SNT_ERR_TRUNCATED;
	if (buf[0] != CASEFILE_VERSION)
		return SNT_ERR_VERSION;
	if (len - 1 < NONCE_BYTES + TAG_BYTES)
		return SNT_ERR_TRUNCATED;
	clen = len - 1 - NONCE_BYTES;
	if (clen - TAG_BYTES > CASEFILE_RECORD_MAX + CASEFILE_PAD)
		return SNT_ERR_TOO_LARGE;
	if ((plain = smem_alloc(clen)) == NULL ||
	    (cf = casefile_new()) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	make_ad(id, buf[0], ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL,
	    buf + 1 + NONCE_BYTES, clen, ad, sizeof(ad), buf + 1, key) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	if (sodium_unpad(&unpadded, plain, (size_t)plen, CASEFILE_PAD) != 0) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	if ((r = decode(plain, unpadded, cf)) != 0)
		goto out;
	if (sodium_memcmp(cf->id, id, ENVELOPE_ID_BYTES) != 0) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	*cfp = cf;
	cf = NULL;
out:
	smem_free(plain);
	casefile_free(cf);
	return r;
}

void
casefile_number(const struct casefile *cf, char out[CASE_NUMBER_MAX])
{
	snprintf(out, CASE_NUMBER_MAX, "%04u-%04u", (unsigned)cf->year,
	    (unsigned)(cf->seq % 100000000u));
}

static const char *const status_names[] = {
	NULL, "new", "in-progress", "answered", "closed"
};

const char *
case_status_name(uint8_t st)
{
	if (st < 1 || st > 4)
		return NULL;
	return status_names[st];
}

uint8_t
case_status_from_name(const char *s)
{
	uint8_t i;

	for (i = 1; i <= 4; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return 0;
}

void
due_rules_default(struct due_rules *r)
{
	r->callback_days = 7;
	r->objection_days = 30;
	r->other_months = 3;
}

static int
days_in_month(int year, int mon)	/* mon 0..11 */
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 1 && leap ? 29 : d[mon];
}

uint64_t
due_add_months(uint64_t t, uint32_t months)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long m;
	int year, dim;

	if (gmtime_r(&tt, &tm) == NULL)
		return t;
	m = (long)tm.tm_mon + (long)months;
	year = tm.tm_year + 1900 + (int)(m / 12);
	tm.tm_year = year - 1900;
	tm.tm_mon = (int)(m % 12);
	dim = days_in_month(year, tm.tm_mon);
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	return (uint64_t)timegm(&tm);
}

void
casefile_set_due(struct casefile *cf, const struct due_rules *r)
{
	if (cf->kind == 3)	/* CONTENT_KIND_OBJECTION: muistutus */
		cf->answer_due = cf->arrival + (uint64_t)r->objection_days * 86400;
	else
		cf->answer_due = due_add_months(cf->arrival, r->other_months);
	cf->callback_due = cf->has_phone ?
	    cf->arrival + (uint64_t)r->callback_days * 86400 : 0;
}

uint64_t
casefile_next_due(const struct casefile *cf)
{
	uint64_t due = 0;

	if (cf->status == CASE_NEW || cf->status == CASE_IN_PROGRESS)
		due = cf->answer_due;
	if (cf->callback_due != 0 && !cf->callback_done &&
	    cf->status != CASE_CLOSED && (due == 0 || cf->callback_due < due))
		due = cf->callback_due;
	return due;
}

int
casefile_overdue(const struct casefile *cf, uint64_t now)
{
	uint64_t d = casefile_next_due(cf);

	return d != 0 && d < now;
}

void
casefile_set_pending(struct casefile *cf, uint32_t hour,
    const struct due_rules *r)
{
	uint64_t d;

	cf->arrival = (uint64_t)hour * 3600;
	cf->kind = CASE_KIND_PENDING;
	cf->has_phone = 0;
	cf->callback_due = 0;
	/* the earliest of the rules, whatever the kind turns out to be */
	cf->answer_due = due_add_months(cf->arrival, r->other_months);
	d = cf->arrival + (uint64_t)r->objection_days * 86400;
	if (d < cf->answer_due)
		cf->answer_due = d;
	d = cf->arrival + (uint64_t)r->callback_days * 86400;
	if (d < cf->answer_due)
		cf->answer_due = d;
}

int
casefile_is_pending(const struct casefile *cf)
{
	return cf->kind == CASE_KIND_PENDING;
}

void
casefile_complete(struct casefile *cf, uint64_t arrival, uint8_t kind,
    int has_phone, const struct due_rules *r)
{
	cf->arrival = arrival;
	cf->kind = kind;
	cf->has_phone = has_phone ? 1 : 0;
	casefile_set_due(cf, r);
}

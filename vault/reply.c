/*
 * reply.c — reply records and reply bundles (reply.h).
 *
 * Trust: a reply record is opened on the gateway, the process that faces
 * the internet, so it uses crypto_box_open_easy only: the binary must
 * never contain the sealed-box open that could read a submission. A reply
 * bundle is checked against the pinned reviewer key before a single field
 * of it is believed.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/reply.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/wire.h"

#define SIG_BYTES crypto_sign_BYTES
#define PLAIN_HEAD 9	/* status, time */
#define BUNDLE_HEAD (4 + 1 + 32 + 8 + 4)

static const uint8_t rb_magic[4] = { 'S', 'N', 'T', 'R' };

struct reply_bundle {
	size_t n;
	uint64_t created;
	const uint8_t **id;
	const uint8_t **rec;
	size_t *rec_len;
};

static const char *const status_names[] = {
	NULL, "received", "in-progress", "answered"
};

const char *
reply_status_name(uint8_t st)
{
	if (st < REPLY_RECEIVED || st > REPLY_ANSWERED)
		return NULL;
	return status_names[st];
}

uint8_t
reply_status_from_name(const char *s)
{
	uint8_t i;

	if (s == NULL)
		return 0;
	for (i = REPLY_RECEIVED; i <= REPLY_ANSWERED; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return 0;
}

/* Text rules shared by create and open: UTF-8, no NUL, within the max. */
static int
text_ok(const char *text, size_t len)
{
	if (len > REPLY_TEXT_MAX)
		return SNT_ERR_TOO_LARGE;
	if (len > 0 && memchr(text, '\0', len) != NULL)
		return SNT_ERR_INVALID;
	if (len > 0 && utf8_validate((const uint8_t *)text, len) != 0)
		return SNT_ERR_UTF8;
	return 0;
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t
get_be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
reply_create(const uint8_t reply_pk[32], uint8_t status, uint64_t time_ms,
    const char *text, size_t len, uint8_t **out, size_t *out_len)
{
	uint8_t *plain = NULL, *rec = NULL, esk[32];
	size_t padded = 0, rec_len;
	int r;

	*out = NULL;
	*out_len = 0;
	if (reply_status_name(status) == NULL)
		return SNT_ERR_INVALID;
	if (text == NULL && len > 0)
		return SNT_ERR_INVALID;
	if ((r = text_ok(text, len)) != 0)
		return r;
	if ((plain = smem_alloc(REPLY_PLAIN_MAX)) == NULL)
		return SNT_ERR_NOMEM;
	plain[0] = status;
	put_be64(plain + 1, time_ms);
	if (len > 0)
		memcpy(plain + PLAIN_HEAD, text, len);
	if (sodium_pad(&padded, plain, PLAIN_HEAD + len, REPLY_PAD_BLOCK,
	    REPLY_PLAIN_MAX) != 0) {
		r = SNT_ERR_INTERNAL;	/* REPLY_TEXT_MAX keeps it in */
		goto out;
	}
	rec_len = REPLY_HEADER_BYTES + crypto_box_MACBYTES + padded;
	if ((rec = malloc(rec_len)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	rec[0] = REPLY_VERSION;
	crypto_box_keypair(rec + 1, esk);
	randombytes_buf(rec + 33, crypto_box_NONCEBYTES);
	if (crypto_box_easy(rec + REPLY_HEADER_BYTES, plain, padded, rec + 33,
	    reply_pk, esk) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	*out = rec;
	*out_len = rec_len;
	rec = NULL;
	r = 0;
out:
	sodium_memzero(esk, sizeof(esk));
	smem_free(plain);
	free(rec);
	return r;
}

int
reply_check(const uint8_t *rec, size_t len)
{
	size_t body;

	if (len < 1)
		return SNT_ERR_TRUNCATED;
	if (rec[0] != REPLY_VERSION)
		return SNT_ERR_VERSION;
	if (len < REPLY_RECORD_MIN)
		return SNT_ERR_TRUNCATED;
	if (len > REPLY_RECORD_MAX)
		return SNT_ERR_TOO_LARGE;
	body = len - REPLY_HEADER_BYTES - crypto_box_MACBYTES;
	if (body % REPLY_PAD_BLOCK != 0)
		return SNT_ERR_INVALID;
	/* X25519 ignores the top bit of a public key, so a record with it
	 * set would open like the original: refuse the second spelling. */
	if (rec[32] & 0x80)
		return SNT_ERR_INVALID;
	return 0;
}

int
reply_open(const uint8_t *rec, size_t len, const uint8_t reply_sk[32],
    struct reply_plain *p)
{
	uint8_t *plain = NULL;
	size_t clen, plen = 0, tlen;
	int r;

	memset(p, 0, sizeof(*p));
	if ((r = reply_check(rec, len)) != 0)
		return r;
	clen = len - REPLY_HEADER_BYTES;
	if ((plain = smem_alloc(clen - crypto_box_MACBYTES)) == NULL)
		return SNT_ERR_NOMEM;
	/* crypto_box, not a sealed box: see the note at the top. */
	if (crypto_box_open_easy(plain, rec + REPLY_HEADER_BYTES, clen,
	    rec + 33, rec + 1, reply_sk) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	if (sodium_unpad(&plen, plain, clen - crypto_box_MACBYTES,
	    REPLY_PAD_BLOCK) != 0 || plen < PLAIN_HEAD) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	tlen = plen - PLAIN_HEAD;
	if (reply_status_name(plain[0]) == NULL) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	if ((r = text_ok((const char *)plain + PLAIN_HEAD, tlen)) != 0)
		goto out;
	if ((p->text = smem_alloc(tlen + 1)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	memcpy(p->text, plain + PLAIN_HEAD, tlen);
	p->text[tlen] = '\0';
	p->len = tlen;
	p->status = plain[0];
	p->time_ms = get_be64(plain + 1);
out:
	smem_free(plain);
	return r;
}

void
reply_plain_free(struct reply_plain *p)
{
	if (p == NULL)
		return;
	smem_free(p->text);
	memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------ bundles */

int
reply_bundle_create(const struct reply_entry *e, size_t n,
    const uint8_t gw_pk[32], uint64_t created, const uint8_t rev_sign_sk[64],
    uint8_t **out, size_t *len)
{
	struct wire_w w;
	uint8_t sig[SIG_BYTES];
	size_t i;
	int r;

	*out = NULL;
	*len = 0;
	if (n > REPLY_BUNDLE_MAX_ENTRIES)
		return SNT_ERR_TOO_LARGE;
	for (i = 0; i < n; i++)
		if ((r = reply_check(e[i].rec, e[i].rec_len)) != 0)
			return r;
	wire_w_init(&w, REPLY_BUNDLE_MAX, 0);
	wire_put_bytes(&w, rb_magic, 4);
	wire_put_u8(&w, REPLY_BUNDLE_VERSION);
	wire_put_bytes(&w, gw_pk, 32);
	wire_put_u64(&w, created);
	wire_put_u32(&w, (uint32_t)n);
	for (i = 0; i < n; i++) {
		wire_put_bytes(&w, e[i].id, ENVELOPE_ID_BYTES);
		wire_put_u16(&w, (uint16_t)e[i].rec_len);
		wire_put_bytes(&w, e[i].rec, e[i].rec_len);
	}
	if (w.err == 0) {
		crypto_sign_detached(sig, NULL, w.buf, w.len, rev_sign_sk);
		wire_put_bytes(&w, sig, SIG_BYTES);
	}
	return wire_w_finish(&w, out, len);
}

static int
parse_bundle(struct reply_bundle *b, const uint8_t *buf, size_t len,
    const uint8_t gw_pk[32])
{
	struct wire_r r;
	const uint8_t *magic, *pk;
	uint8_t version;
	uint16_t rl;
	uint32_t count;
	size_t i;
	int e;

	wire_r_init(&r, buf, len - SIG_BYTES);
	if ((e = wire_get_ref(&r, &magic, 4)) != 0 ||
	    (e = wire_get_u8(&r, &version)) != 0)
		return e;
	if (memcmp(magic, rb_magic, 4) != 0)
		return SNT_ERR_INVALID;
	if (version != REPLY_BUNDLE_VERSION)
		return SNT_ERR_VERSION;
	if ((e = wire_get_ref(&r, &pk, 32)) != 0 ||
	    (e = wire_get_u64(&r, &b->created)) != 0 ||
	    (e = wire_get_u32(&r, &count)) != 0)
		return e;
	if (sodium_memcmp(pk, gw_pk, 32) != 0)
		return SNT_ERR_WRONG_PEER;
	if (count > REPLY_BUNDLE_MAX_ENTRIES)
		return SNT_ERR_TOO_LARGE;
	/* Each entry takes at least this much: a count the bytes cannot
	 * hold is refused before anything is allocated for it. */
	if (count > wire_r_left(&r) / (ENVELOPE_ID_BYTES + 2 +
	    REPLY_RECORD_MIN))
		return SNT_ERR_TRUNCATED;
	if (count > 0 &&
	    ((b->id = calloc(count, sizeof(*b->id))) == NULL ||
	    (b->rec = calloc(count, sizeof(*b->rec))) == NULL ||
	    (b->rec_len = calloc(count, sizeof(*b->rec_len))) == NULL))
		return SNT_ERR_NOMEM;
	for (i = 0; i < count; i++) {
		if ((e = wire_get_ref(&r, &b->id[i], ENVELOPE_ID_BYTES)) != 0 ||
		    (e = wire_get_u16(&r, &rl)) != 0 ||
		    (e = wire_get_ref(&r, &b->rec[i], rl)) != 0)
			return e;
		b->rec_len[i] = rl;
		if ((e = reply_check(b->rec[i], rl)) != 0)
			return e;
	}
	b->n = count;
	return wire_r_end(&r);
}

int
reply_bundle_verify(const uint8_t *buf, size_t len, const uint8_t rev_pk[32],
    const uint8_t gw_pk[32], struct reply_bundle **out)
{
	struct reply_bundle *b = NULL;
	int r;

	*out = NULL;
	if (len > REPLY_BUNDLE_MAX)
		return SNT_ERR_TOO_LARGE;
	if (len < BUNDLE_HEAD + SIG_BYTES)
		return SNT_ERR_TRUNCATED;
	/* Nothing is read before the signature holds. */
	if (crypto_sign_verify_detached(buf + len - SIG_BYTES, buf,
	    len - SIG_BYTES, rev_pk) != 0)
		return SNT_ERR_SIGNATURE;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return SNT_ERR_NOMEM;
	if ((r = parse_bundle(b, buf, len, gw_pk)) != 0) {
		reply_bundle_free(b);
		return r;
	}
	*out = b;
	return 0;
}

size_t
reply_bundle_count(const struct reply_bundle *b)
{
	return b->n;
}

uint64_t
reply_bundle_created(const struct reply_bundle *b)
{
	return b->created;
}

void
reply_bundle_get(const struct reply_bundle *b, size_t i, const uint8_t **id,
    const uint8_t **rec, size_t *rec_len)
{
	*id = b->id[i];
	*rec = b->rec[i];
	*rec_len = b->rec_len[i];
}

void
reply_bundle_free(struct reply_bundle *b)
{
	if (b == NULL)
		return;
	free(b->id);
	free(b->rec);
	free(b->rec_len);
	free(b);
}

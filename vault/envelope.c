/*
 * envelope.c — sealing content records into envelopes.
 *
 * The sealed plaintext is sodium_pad(header || content record, bucket):
 * the 13-byte outside header is repeated inside the seal, because
 * crypto_box_seal authenticates only what it encrypts. On open, the inside
 * copy must equal the outside one, so the visible version, key id and hour
 * cannot be altered without the envelope being refused.
 *
 * Buckets are the powers of two from 1 KiB to 64 KiB. sodium_pad always
 * adds at least one byte, so a record of n bytes goes to the smallest
 * bucket b with ENVELOPE_HEADER_BYTES + n < b. CONTENT_RECORD_MAX (48 KiB)
 * fits the 64 KiB bucket.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/wire.h"

#include "vault_int.h"

size_t
envelope_bucket_for(size_t n)
{
	size_t b;

	if (n > CONTENT_RECORD_MAX)
		return 0;
	for (b = ENVELOPE_BUCKET_MIN; b <= ENVELOPE_BUCKET_MAX; b *= 2)
		if (n < b - ENVELOPE_HEADER_BYTES)
			return b;
	return 0;
}

static int
is_bucket(size_t b)
{
	size_t x;

	for (x = ENVELOPE_BUCKET_MIN; x <= ENVELOPE_BUCKET_MAX; x *= 2)
		if (b == x)
			return 1;
	return 0;
}

void
envelope_new_id(uint8_t id[ENVELOPE_ID_BYTES])
{
	randombytes_buf(id, ENVELOPE_ID_BYTES);
}

static void
put_header(uint8_t h[ENVELOPE_HEADER_BYTES],
    const uint8_t key_id[KEY_ID_BYTES], uint32_t hour)
{
	h[0] = ENVELOPE_VERSION;
	memcpy(h + 1, key_id, KEY_ID_BYTES);
	h[1 + KEY_ID_BYTES] = (uint8_t)(hour >> 24);
	h[2 + KEY_ID_BYTES] = (uint8_t)(hour >> 16);
	h[3 + KEY_ID_BYTES] = (uint8_t)(hour >> 8);
	h[4 + KEY_ID_BYTES] = (uint8_t)hour;
}

int
envelope_seal(const struct content *c, const uint8_t team_pk[32],
    const uint8_t key_id[KEY_ID_BYTES], uint8_t **out, size_t *len)
{
	uint8_t *rec = NULL, *plain = NULL, *env = NULL;
	size_t rec_len = 0, bucket, padded;
	int r;

	*out = NULL;
	*len = 0;
	if (c->arrival / 3600 > UINT32_MAX)
		return SNT_ERR_INVALID;
	if ((r = content_encode(c, &rec, &rec_len)) != 0)
		goto out;
	if ((bucket = envelope_bucket_for(rec_len)) == 0) {
		r = SNT_ERR_TOO_LARGE;
		goto out;
	}
	if ((plain = smem_alloc(bucket)) == NULL ||
	    (env = malloc(ENVELOPE_HEADER_BYTES + crypto_box_SEALBYTES +
	    bucket)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	put_header(env, key_id, (uint32_t)(c->arrival / 3600));
	memcpy(plain, env, ENVELOPE_HEADER_BYTES);
	memcpy(plain + ENVELOPE_HEADER_BYTES, rec, rec_len);
	if (sodium_pad(&padded, plain, ENVELOPE_HEADER_BYTES + rec_len,
	    bucket, bucket) != 0 || padded != bucket) {
		r = SNT_ERR_INTERNAL;
		goto out;
	}
	if (crypto_box_seal(env + ENVELOPE_HEADER_BYTES, plain, bucket,
	    team_pk) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	*out = env;
	*len = ENVELOPE_HEADER_BYTES + crypto_box_SEALBYTES + bucket;
	env = NULL;
	r = 0;
out:
	smem_free(rec);
	smem_free(plain);
	free(env);
	return r;
}

int
envelope_parse_header(const uint8_t *env, size_t len,
    struct envelope_header *h)
{
	struct wire_r r;
	int e;

	memset(h, 0, sizeof(*h));
	if (len > ENVELOPE_MAX)
		return SNT_ERR_INVALID;
	wire_r_init(&r, env, len);
	if ((e = wire_get_u8(&r, &h->version)) != 0)
		return e;
	if (h->version != ENVELOPE_VERSION) {
		memset(h, 0, sizeof(*h));
		return SNT_ERR_VERSION;
	}
	if ((e = wire_get_bytes(&r, h->key_id, KEY_ID_BYTES)) != 0 ||
	    (e = wire_get_u32(&r, &h->hour)) != 0) {
		memset(h, 0, sizeof(*h));
		return e;
	}
	h->sealed_len = wire_r_left(&r);
	if (h->sealed_len < crypto_box_SEALBYTES + ENVELOPE_BUCKET_MIN) {
		memset(h, 0, sizeof(*h));
		return SNT_ERR_TRUNCATED;
	}
	h->bucket = h->sealed_len - crypto_box_SEALBYTES;
	if (!is_bucket(h->bucket)) {
		memset(h, 0, sizeof(*h));
		return SNT_ERR_INVALID;
	}
	h->sealed = env + ENVELOPE_HEADER_BYTES;
	return 0;
}

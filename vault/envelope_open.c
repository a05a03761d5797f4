/*
 * envelope_open.c — the only code in Sinetti that opens a sealed envelope.
 *
 * Kept out of libsnt-vault.a by the Makefile so that the gateway cannot
 * link it; the reviewer and the tests link this object explicitly.
 */
#include <string.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"

int
envelope_open(const uint8_t *env, size_t len, const uint8_t pk[32],
    const uint8_t sk[32], uint8_t **plain, size_t *plain_len,
    struct content *c)
{
	struct envelope_header h;
	uint8_t *buf = NULL;
	size_t unpadded, rec_len;
	int r;

	*plain = NULL;
	*plain_len = 0;
	memset(c, 0, sizeof(*c));
	if ((r = envelope_parse_header(env, len, &h)) != 0)
		return r;
	if ((buf = smem_alloc(h.bucket)) == NULL)
		return SNT_ERR_NOMEM;
	if (crypto_box_seal_open(buf, h.sealed, h.sealed_len, pk, sk) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	if (sodium_unpad(&unpadded, buf, h.bucket, h.bucket) != 0 ||
	    unpadded < ENVELOPE_HEADER_BYTES) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	/* The outside header must be the one sealed inside (envelope.c). */
	if (memcmp(buf, env, ENVELOPE_HEADER_BYTES) != 0) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	rec_len = unpadded - ENVELOPE_HEADER_BYTES;
	memmove(buf, buf + ENVELOPE_HEADER_BYTES, rec_len);
	sodium_memzero(buf + rec_len, h.bucket - rec_len);
	if ((r = content_decode(buf, rec_len, c)) != 0)
		goto out;
	if (c->arrival / 3600 != h.hour) {
		memset(c, 0, sizeof(*c));
		r = SNT_ERR_INVALID;
		goto out;
	}
	*plain = buf;
	*plain_len = rec_len;
	buf = NULL;
	r = 0;
out:
	smem_free(buf);
	return r;
}

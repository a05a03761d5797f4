/*
 * envelope.c — sealing content records into envelopes.
 *
 * The sealed plaintext is header || content record, padded to its bucket
 * exactly as sodium_pad() pads (envelope_pad(), below). The 13-byte
 * outside header is repeated inside the seal, because
 * crypto_box_seal authenticates only what it encrypts. On open, the inside
 * copy must equal the outside one, so the visible version, key id and hour
 * cannot be altered without the envelope being refused.
 *
 * Buckets are the powers of two from 1 KiB to 64 KiB. The padding always
 * adds at least one byte, so a record of n bytes goes to the smallest
 * bucket b with ENVELOPE_HEADER_BYTES + n < b. CONTENT_RECORD_MAX (48 KiB)
 * fits the 64 KiB bucket.
 */
#include <pthread.h>
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

/* Writes the 13-byte outside header into h (a writer over h that never
 * grows, so it never frees or moves h). */
static void
put_header(uint8_t h[ENVELOPE_HEADER_BYTES],
    const uint8_t key_id[KEY_ID_BYTES], uint32_t hour)
{
	struct wire_w w;

	wire_w_init(&w, ENVELOPE_HEADER_BYTES, 0);
	w.buf = h;
	w.cap = ENVELOPE_HEADER_BYTES;
	wire_put_u8(&w, ENVELOPE_VERSION);
	wire_put_bytes(&w, key_id, KEY_ID_BYTES);
	wire_put_u32(&w, hour);
}

/*
 * Per-thread scratch for the padded plaintext. sodium_malloc costs several
 * system calls (mmap, mprotect, mlock and their undoing) and took more
 * time than the sealing itself; each thread instead keeps one guarded,
 * locked buffer, wiped after every envelope and freed when the thread
 * exits. It holds the largest bucket (64 KiB), so a record can be encoded
 * before its bucket is known.
 */
struct scratch {
	uint8_t *p;
	size_t cap;
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_ok;

static void
scratch_free(void *arg)
{
	struct scratch *sc = arg;

	smem_free(sc->p);
	free(sc);
}

static void
scratch_init(void)
{
	scratch_ok = pthread_key_create(&scratch_key, scratch_free) == 0;
}

/* A buffer of at least n bytes for this thread, or NULL. */
static uint8_t *
scratch_get(size_t n)
{
	struct scratch *sc;

	pthread_once(&scratch_once, scratch_init);
	if (!scratch_ok)
		return NULL;
	if ((sc = pthread_getspecific(scratch_key)) == NULL) {
		if ((sc = calloc(1, sizeof(*sc))) == NULL)
			return NULL;
		if (pthread_setspecific(scratch_key, sc) != 0) {
			free(sc);
			return NULL;
		}
	}
	if (sc->cap < n) {
		smem_free(sc->p);
		sc->cap = 0;
		if ((sc->p = smem_alloc(n)) == NULL)
			return NULL;
		sc->cap = n;
	}
	return sc->p;
}

/*
 * ISO/IEC 7816-4 padding, byte for byte what sodium_pad(&padded, buf, n,
 * bucket, bucket) writes: 0x80 at buf[n], zeros up to the bucket's end
 * (test_vault_envelope compares the two for every length across the
 * bucket edges; the reviewer removes it with sodium_unpad).
 *
 * sodium_pad takes the same time whatever n is: it rewrites every byte of
 * the bucket, which here cost more than the whole record's encoding. Here
 * only the pad bytes are written, so the time depends on n. That tells
 * nothing new: n is the length of the submission the citizen sent, and
 * the size of its TLS records on the wire, the time the gateway spends
 * parsing, validating and escaping it, all depend on it already; the
 * bucket hides it in the stored envelope, where the padding's content
 * (not its timing) is what counts.
 */
int
envelope_pad(uint8_t *buf, size_t n, size_t bucket)
{
	if (n >= bucket)
		return SNT_ERR_INTERNAL;
	buf[n] = 0x80;
	memset(buf + n + 1, 0, bucket - n - 1);
	return 0;
}

int
envelope_seal(const struct content *c, const uint8_t team_pk[32],
    const uint8_t key_id[KEY_ID_BYTES], uint8_t **out, size_t *len)
{
	uint8_t *plain, *env = NULL;
	size_t rec_len = 0, bucket, wipe = ENVELOPE_BUCKET_MAX;
	int r;

	*out = NULL;
	*len = 0;
	if (c->arrival / 3600 > UINT32_MAX)
		return SNT_ERR_INVALID;
	/* The record is encoded straight into a scratch that holds any
	 * bucket, and the bucket chosen from its length afterwards: sizing it
	 * first with content_encoded_len() validated the whole content (the
	 * UTF-8 of every field) a second time, since the encoder validates it
	 * too. Until the bucket is known, the whole scratch is wiped. */
	if ((plain = scratch_get(ENVELOPE_BUCKET_MAX)) == NULL)
		return SNT_ERR_NOMEM;
	put_header(plain, key_id, (uint32_t)(c->arrival / 3600));
	if ((r = content_encode_to(c, plain + ENVELOPE_HEADER_BYTES,
	    ENVELOPE_BUCKET_MAX - ENVELOPE_HEADER_BYTES, &rec_len)) != 0)
		goto out;
	if ((bucket = envelope_bucket_for(rec_len)) == 0) {
		r = SNT_ERR_TOO_LARGE;
		goto out;
	}
	wipe = bucket;	/* nothing was written past the record */
	if ((env = malloc(ENVELOPE_HEADER_BYTES + crypto_box_SEALBYTES +
	    bucket)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	memcpy(env, plain, ENVELOPE_HEADER_BYTES);
	if ((r = envelope_pad(plain, ENVELOPE_HEADER_BYTES + rec_len,
	    bucket)) != 0)
		goto out;
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
	sodium_memzero(plain, wipe);
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

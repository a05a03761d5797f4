/*
 * bundle.c — signed export bundles and signed acknowledgements.
 *
 * Both formats end in an Ed25519 signature over every byte before it, and
 * both readers verify that signature against a pinned key before they look
 * at any other byte: a forged or damaged file is refused without its
 * contents ever being parsed. Ids are listed in strictly ascending order,
 * so reordering, duplicating or dropping an entry changes the signed bytes
 * and a repeated id is refused even in a validly signed file.
 * Formats: docs/formats/bundle.md, docs/formats/ack.md.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/store.h"
#include "sinetti/wire.h"

static const uint8_t bundle_magic[4] = { 'S', 'N', 'T', 'B' };
static const uint8_t ack_magic[4] = { 'S', 'N', 'T', 'A' };

#define SIG_BYTES crypto_sign_BYTES
#define BUNDLE_HEAD (4 + 1 + 32 + 4)
#define BUNDLE_COUNT_OFF (4 + 1 + 32)
#define ENTRY_HEAD (ENVELOPE_ID_BYTES + 4)
#define ACK_HEAD (4 + 1 + 32 + BUNDLE_HASH_BYTES + 4)

struct bundle_entry {
	const uint8_t *id;
	const uint8_t *env;
	size_t env_len;
};

struct bundle {
	size_t n;
	struct bundle_entry *e;
	uint8_t hash[BUNDLE_HASH_BYTES];
};

struct ack {
	size_t n;
	uint8_t *ids;		/* a copy: the ack outlives its file buffer */
	uint8_t bundle_hash[BUNDLE_HASH_BYTES];
	uint8_t digest[BUNDLE_HASH_BYTES];
};

/* ------------------------------------------------------------ export */

struct export_ctx {
	struct wire_w *w;
	size_t count;
};

static int
export_one(void *arg, const uint8_t id[ENVELOPE_ID_BYTES],
    const uint8_t *env, size_t env_len)
{
	struct export_ctx *x = arg;
	struct envelope_header h;

	/* Never carry something the reviewer would refuse anyway. */
	if (envelope_parse_header(env, env_len, &h) != 0)
		return SNT_ERR_INVALID;
	wire_put_bytes(x->w, id, ENVELOPE_ID_BYTES);
	wire_put_u32(x->w, (uint32_t)env_len);
	wire_put_bytes(x->w, env, env_len);
	x->count++;
	return x->w->err;
}

int
bundle_export(struct store *s, const uint8_t gw_sign_sk[64],
    const char *path, size_t *count)
{
	struct wire_w w;
	struct export_ctx x;
	uint8_t pk[32], sig[SIG_BYTES];
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	*count = 0;
	crypto_sign_ed25519_sk_to_pk(pk, gw_sign_sk);
	wire_w_init(&w, BUNDLE_MAX, 0);
	wire_put_bytes(&w, bundle_magic, 4);
	wire_put_u8(&w, BUNDLE_VERSION);
	wire_put_bytes(&w, pk, 32);
	wire_put_u32(&w, 0);	/* count, filled in below */
	x.w = &w;
	x.count = 0;
	if ((r = store_foreach_unacked(s, export_one, &x)) != 0) {
		wire_w_discard(&w);
		return r;
	}
	if (w.err == 0) {
		if (x.count > UINT32_MAX) {
			wire_w_discard(&w);
			return SNT_ERR_TOO_LARGE;
		}
		w.buf[BUNDLE_COUNT_OFF] = (uint8_t)(x.count >> 24);
		w.buf[BUNDLE_COUNT_OFF + 1] = (uint8_t)(x.count >> 16);
		w.buf[BUNDLE_COUNT_OFF + 2] = (uint8_t)(x.count >> 8);
		w.buf[BUNDLE_COUNT_OFF + 3] = (uint8_t)x.count;
		crypto_sign_detached(sig, NULL, w.buf, w.len, gw_sign_sk);
		wire_put_bytes(&w, sig, SIG_BYTES);
	}
	if ((r = wire_w_finish(&w, &buf, &len)) != 0)
		return r;
	r = fileio_write_atomic(path, buf, len, FILEIO_REPLACE);
	wire_free(buf, len, 0);
	if (r == 0)
		*count = x.count;
	return r;
}

/* ------------------------------------------------------------ verify */

/* Checks the trailing signature of buf against pk. */
static int
verify_sig(const uint8_t *buf, size_t len, size_t head,
    const uint8_t pk[32])
{
	if (len < head + SIG_BYTES)
		return SNT_ERR_TRUNCATED;
	if (crypto_sign_verify_detached(buf + len - SIG_BYTES, buf,
	    len - SIG_BYTES, pk) != 0)
		return SNT_ERR_SIGNATURE;
	return 0;
}

static int
ids_ascending(const uint8_t *prev, const uint8_t *id)
{
	int c = memcmp(prev, id, ENVELOPE_ID_BYTES);

	return c < 0 ? 0 : c == 0 ? SNT_ERR_DUPLICATE : SNT_ERR_INVALID;
}

static int
parse_bundle(struct bundle *b, const uint8_t *buf, size_t len,
    const uint8_t gw_pk[32])
{
	struct wire_r r;
	struct envelope_header h;
	const uint8_t *magic, *pk;
	uint8_t version;
	uint32_t count, elen;
	size_t i;
	int e;

	wire_r_init(&r, buf, len - SIG_BYTES);
	if ((e = wire_get_ref(&r, &magic, 4)) != 0 ||
	    (e = wire_get_u8(&r, &version)) != 0)
		return e;
	if (memcmp(magic, bundle_magic, 4) != 0)
		return SNT_ERR_INVALID;
	if (version != BUNDLE_VERSION)
		return SNT_ERR_VERSION;
	if ((e = wire_get_ref(&r, &pk, 32)) != 0 ||
	    (e = wire_get_u32(&r, &count)) != 0)
		return e;
	if (memcmp(pk, gw_pk, 32) != 0)
		return SNT_ERR_WRONG_PEER;
	if (count > wire_r_left(&r) / ENTRY_HEAD)
		return SNT_ERR_TRUNCATED;
	if (count > 0 && (b->e = calloc(count, sizeof(*b->e))) == NULL)
		return SNT_ERR_NOMEM;
	for (i = 0; i < count; i++) {
		if ((e = wire_get_ref(&r, &b->e[i].id,
		    ENVELOPE_ID_BYTES)) != 0 ||
		    (e = wire_get_u32(&r, &elen)) != 0 ||
		    (e = wire_get_ref(&r, &b->e[i].env, elen)) != 0)
			return e;
		b->e[i].env_len = elen;
		if (i > 0 && (e = ids_ascending(b->e[i - 1].id,
		    b->e[i].id)) != 0)
			return e;
		if (envelope_parse_header(b->e[i].env, elen, &h) != 0)
			return SNT_ERR_INVALID;
	}
	b->n = count;
	return wire_r_end(&r);
}

/*
 * The bundle hash (BLAKE2b of the whole file, what the ack names) on a
 * second thread while the signature (SHA-512 of the whole file, inside
 * Ed25519) is checked: for 100,000 envelopes (213 MB) the two passes were
 * two thirds of an import's CPU. Hashing reads the bytes without
 * interpreting any; the hash is kept only if the signature verifies.
 */
#define PARALLEL_HASH_MIN (4u * 1024u * 1024u)

struct hash_job {
	const uint8_t *buf;
	size_t len;
	uint8_t *out;
};

static void *
hash_job_run(void *arg)
{
	struct hash_job *j = arg;

	crypto_generichash(j->out, BUNDLE_HASH_BYTES, j->buf, j->len, NULL, 0);
	return NULL;
}

int
bundle_verify(const uint8_t *buf, size_t len, const uint8_t gw_pk[32],
    struct bundle **bp)
{
	struct bundle *b = NULL;
	struct hash_job job;
	pthread_t t;
	int r, threaded = 0;

	*bp = NULL;
	if (len > BUNDLE_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return SNT_ERR_NOMEM;
	job = (struct hash_job){ .buf = buf, .len = len, .out = b->hash };
	if (len >= PARALLEL_HASH_MIN)
		threaded = pthread_create(&t, NULL, hash_job_run, &job) == 0;
	/* The signature first: nothing is parsed from an unverified file. */
	r = verify_sig(buf, len, BUNDLE_HEAD, gw_pk);
	if (threaded)
		pthread_join(t, NULL);
	else if (r == 0)
		hash_job_run(&job);
	if (r == 0)
		r = parse_bundle(b, buf, len, gw_pk);
	if (r != 0) {
		bundle_free(b);
		return r;
	}
	*bp = b;
	return 0;
}

size_t
bundle_count(const struct bundle *b)
{
	return b->n;
}

void
bundle_get(const struct bundle *b, size_t i, const uint8_t **id,
    const uint8_t **env, size_t *env_len)
{
	*id = b->e[i].id;
	*env = b->e[i].env;
	*env_len = b->e[i].env_len;
}

const uint8_t *
bundle_hash(const struct bundle *b)
{
	return b->hash;
}

void
bundle_free(struct bundle *b)
{
	if (b == NULL)
		return;
	free(b->e);
	free(b);
}

/* --------------------------------------------------------------- acks */

static int
cmp_id(const void *a, const void *b)
{
	return memcmp(a, b, ENVELOPE_ID_BYTES);
}

int
ack_create(const uint8_t *ids, size_t n,
    const uint8_t bundle_hash_[BUNDLE_HASH_BYTES], const uint8_t gw_pk[32],
    const uint8_t rev_sign_sk[64], uint8_t **out, size_t *len)
{
	struct wire_w w;
	uint8_t *sorted = NULL, sig[SIG_BYTES];
	size_t i;
	int r;

	*out = NULL;
	*len = 0;
	if (n > ACK_MAX_IDS)
		return SNT_ERR_TOO_LARGE;
	if (n > 0) {
		if ((sorted = malloc(n * ENVELOPE_ID_BYTES)) == NULL)
			return SNT_ERR_NOMEM;
		memcpy(sorted, ids, n * ENVELOPE_ID_BYTES);
		qsort(sorted, n, ENVELOPE_ID_BYTES, cmp_id);
		for (i = 1; i < n; i++)
			if (memcmp(sorted + (i - 1) * ENVELOPE_ID_BYTES,
			    sorted + i * ENVELOPE_ID_BYTES,
			    ENVELOPE_ID_BYTES) == 0) {
				free(sorted);
				return SNT_ERR_DUPLICATE;
			}
	}
	wire_w_init(&w, ACK_MAX, 0);
	wire_put_bytes(&w, ack_magic, 4);
	wire_put_u8(&w, ACK_VERSION);
	wire_put_bytes(&w, gw_pk, 32);
	wire_put_bytes(&w, bundle_hash_, BUNDLE_HASH_BYTES);
	wire_put_u32(&w, (uint32_t)n);
	if (n > 0)
		wire_put_bytes(&w, sorted, n * ENVELOPE_ID_BYTES);
	free(sorted);
	if (w.err == 0) {
		crypto_sign_detached(sig, NULL, w.buf, w.len, rev_sign_sk);
		wire_put_bytes(&w, sig, SIG_BYTES);
	}
	r = wire_w_finish(&w, out, len);
	return r;
}

static int
parse_ack(struct ack *a, const uint8_t *buf, size_t len,
    const uint8_t gw_pk[32])
{
	struct wire_r r;
	const uint8_t *magic, *pk, *ids;
	uint8_t version;
	uint32_t count;
	size_t i;
	int e;

	wire_r_init(&r, buf, len - SIG_BYTES);
	if ((e = wire_get_ref(&r, &magic, 4)) != 0 ||
	    (e = wire_get_u8(&r, &version)) != 0)
		return e;
	if (memcmp(magic, ack_magic, 4) != 0)
		return SNT_ERR_INVALID;
	if (version != ACK_VERSION)
		return SNT_ERR_VERSION;
	if ((e = wire_get_ref(&r, &pk, 32)) != 0 ||
	    (e = wire_get_bytes(&r, a->bundle_hash, BUNDLE_HASH_BYTES)) != 0 ||
	    (e = wire_get_u32(&r, &count)) != 0)
		return e;
	if (memcmp(pk, gw_pk, 32) != 0)
		return SNT_ERR_WRONG_PEER;
	if (count > ACK_MAX_IDS)
		return SNT_ERR_TOO_LARGE;
	if ((e = wire_get_ref(&r, &ids,
	    (size_t)count * ENVELOPE_ID_BYTES)) != 0)
		return e;
	if ((e = wire_r_end(&r)) != 0)
		return e;
	for (i = 1; i < count; i++)
		if ((e = ids_ascending(ids + (i - 1) * ENVELOPE_ID_BYTES,
		    ids + i * ENVELOPE_ID_BYTES)) != 0)
			return e;
	if (count > 0) {
		if ((a->ids = malloc((size_t)count * ENVELOPE_ID_BYTES)) == NULL)
			return SNT_ERR_NOMEM;
		memcpy(a->ids, ids, (size_t)count * ENVELOPE_ID_BYTES);
	}
	a->n = count;
	return 0;
}

int
ack_verify(const uint8_t *buf, size_t len, const uint8_t rev_pk[32],
    const uint8_t gw_pk[32], struct ack **ap)
{
	struct ack *a = NULL;
	int r;

	*ap = NULL;
	if (len > ACK_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((r = verify_sig(buf, len, ACK_HEAD, rev_pk)) != 0)
		return r;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return SNT_ERR_NOMEM;
	if ((r = parse_ack(a, buf, len, gw_pk)) != 0) {
		ack_free(a);
		return r;
	}
	/* Replay key: the signed body, so the same ack cannot apply twice. */
	crypto_generichash(a->digest, BUNDLE_HASH_BYTES, buf, len - SIG_BYTES,
	    NULL, 0);
	*ap = a;
	return 0;
}

size_t
ack_count(const struct ack *a)
{
	return a->n;
}

const uint8_t *
ack_id(const struct ack *a, size_t i)
{
	return a->ids + i * ENVELOPE_ID_BYTES;
}

const uint8_t *
ack_bundle_hash(const struct ack *a)
{
	return a->bundle_hash;
}

const uint8_t *
ack_digest(const struct ack *a)
{
	return a->digest;
}

void
ack_free(struct ack *a)
{
	if (a == NULL)
		return;
	free(a->ids);
	free(a);
}

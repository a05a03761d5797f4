/* fuzz_reply.c — the reply decoders behind their cryptography. Even
 * first byte: the rest is a reply bundle body, signed here with a fixed
 * test key, so the strict parser behind the signature check is reached.
 * Odd: the rest is a record's plaintext, padded and boxed here to a fixed
 * reply key, so reply_open's unpadding and decoding are reached. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t sign_pk[32], sign_sk[64], gw_pk[32], gw_sk[64];
static uint8_t box_pk[32], box_sk[32], eph_pk[32], eph_sk[32];
static int ready;

static void
init(void)
{
	uint8_t seed[32];

	if (sodium_init() < 0)
		abort();
	memset(seed, 1, sizeof(seed));
	crypto_sign_seed_keypair(sign_pk, sign_sk, seed);
	memset(seed, 2, sizeof(seed));
	crypto_sign_seed_keypair(gw_pk, gw_sk, seed);
	memset(seed, 3, sizeof(seed));
	crypto_box_seed_keypair(box_pk, box_sk, seed);
	memset(seed, 4, sizeof(seed));
	crypto_box_seed_keypair(eph_pk, eph_sk, seed);
	ready = 1;
}

static void
bundle(const uint8_t *d, size_t n)
{
	struct reply_bundle *b = NULL;
	uint8_t *buf;
	const uint8_t *id, *rec;
	size_t i, rl;

	if (n > (1u << 20) || (buf = malloc(n + 64)) == NULL)
		return;
	memcpy(buf, d, n);
	crypto_sign_detached(buf + n, NULL, buf, n, sign_sk);
	if (reply_bundle_verify(buf, n + 64, sign_pk, gw_pk, &b) == 0) {
		for (i = 0; i < reply_bundle_count(b); i++) {
			reply_bundle_get(b, i, &id, &rec, &rl);
			if (reply_check(rec, rl) != 0)
				abort();
		}
		reply_bundle_free(b);
	}
	free(buf);
}

static void
record(const uint8_t *d, size_t n)
{
	uint8_t plain[REPLY_PLAIN_MAX], rec[REPLY_RECORD_MAX];
	struct reply_plain p;
	size_t padded;

	if (n > REPLY_PLAIN_MAX - 1)
		return;
	memcpy(plain, d, n);
	if (sodium_pad(&padded, plain, n, REPLY_PAD_BLOCK, sizeof(plain)) != 0)
		return;
	rec[0] = REPLY_VERSION;
	memcpy(rec + 1, eph_pk, 32);
	memset(rec + 33, 7, 24);
	if (crypto_box_easy(rec + REPLY_HEADER_BYTES, plain, padded, rec + 33,
	    box_pk, eph_sk) != 0)
		return;
	if (reply_open(rec, REPLY_HEADER_BYTES + 16 + padded, box_sk, &p) == 0) {
		if (p.len > REPLY_TEXT_MAX || p.len + 9 != n ||
		    memcmp(p.text, d + 9, p.len) != 0)
			abort();
		reply_plain_free(&p);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		init();
	if (size == 0)
		return 0;
	if (data[0] & 1)
		record(data + 1, size - 1);
	else
		bundle(data + 1, size - 1);
	return 0;
}

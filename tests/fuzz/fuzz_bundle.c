/* fuzz_bundle.c — bundle_verify against a pinned key. Mode byte 0: the
 * input as it is (the signature must stop it). Mode byte 1: the harness
 * writes the pinned key into the header and signs the input with the
 * pinned key, so the fuzzer reaches the parser behind the signature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/bundle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t pk[32], sk[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t seed[32] = "sinetti fuzz gateway signing 01";

	(void)argc; (void)argv;
	if (sodium_init() < 0)
		return 1;
	crypto_sign_seed_keypair(pk, sk, seed);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle *b = NULL;
	const uint8_t *id, *env;
	size_t len, elen, i;
	uint8_t *buf;

	if (size < 1 || size > (1u << 20))
		return 0;
	len = size - 1 + (data[0] & 1 ? 64 : 0);
	if ((buf = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1) {
		if (size - 1 >= 37)
			memcpy(buf + 5, pk, 32);
		crypto_sign_detached(buf + size - 1, NULL, buf, size - 1, sk);
	}
	if (bundle_verify(buf, len, pk, &b) == 0) {
		for (i = 0; i < bundle_count(b); i++) {
			bundle_get(b, i, &id, &env, &elen);
			if (id < buf || env + elen > buf + len)
				abort();
		}
		(void)bundle_hash(b)[31];
	}
	bundle_free(b);
	free(buf);
	return 0;
}

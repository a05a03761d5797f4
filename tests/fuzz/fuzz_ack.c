/* fuzz_ack.c — ack_verify against pinned reviewer and gateway keys. Mode
 * byte 0: the input as it is. Mode byte 1: the harness writes the gateway
 * key into the header and signs with the reviewer key, so the fuzzer
 * reaches the parser behind the signature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/bundle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t rev_pk[32], rev_sk[64], gw_pk[32];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t seed[32] = "sinetti fuzz reviewer signing 1";
	static const uint8_t gw_seed[32] = "sinetti fuzz gateway signing 01";
	uint8_t gw_sk[64];

	(void)argc; (void)argv;
	if (sodium_init() < 0)
		return 1;
	crypto_sign_seed_keypair(rev_pk, rev_sk, seed);
	crypto_sign_seed_keypair(gw_pk, gw_sk, gw_seed);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ack *a = NULL;
	size_t len, i;
	uint8_t *buf;

	if (size < 1 || size > (1u << 20))
		return 0;
	len = size - 1 + (data[0] & 1 ? 64 : 0);
	if ((buf = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1) {
		if (size - 1 >= 37)
			memcpy(buf + 5, gw_pk, 32);
		crypto_sign_detached(buf + size - 1, NULL, buf, size - 1,
		    rev_sk);
	}
	if (ack_verify(buf, len, rev_pk, gw_pk, &a) == 0) {
		for (i = 1; i < ack_count(a); i++)	/* sorted, unique */
			if (memcmp(ack_id(a, i - 1), ack_id(a, i),
			    ENVELOPE_ID_BYTES) >= 0)
				abort();
		(void)ack_bundle_hash(a)[31];
		(void)ack_digest(a)[31];
	}
	ack_free(a);
	free(buf);
	return 0;
}

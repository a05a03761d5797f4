/* fuzz_keyring.c — keyring_parse. Mode byte 0: the input as it is. Mode
 * byte 1: the harness puts its own reviewer signing key into the header
 * and appends a valid signature, so inputs the parser accepts reach the
 * listing functions. (Unlocking runs Argon2id and is not fuzzed here.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/keyring.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SIGN_PK_OFF (8 + 1 + 12)	/* magic, version, three KDF u32s */

static uint8_t pk[32], sk[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t seed[32] = "sinetti fuzz reviewer signing 1";

	(void)argc; (void)argv;
	if (sodium_init() < 0)
		return 1;
	crypto_sign_seed_keypair(pk, sk, seed);
	return 0;
}

static void
walk(const struct keyring *kr)
{
	struct team_public tp;
	struct keyring_kdf kdf;
	const uint8_t *epk, *id;
	uint32_t epoch;
	size_t i, j;

	keyring_kdf_of(kr, &kdf);
	(void)keyring_review_sign_pk(kr)[31];
	for (i = 0; i < keyring_officer_count(kr); i++)
		if (keyring_officer_name_valid(keyring_officer_name(kr, i)) != 0)
			abort();	/* the parser let a bad name through */
	for (i = 0; i < keyring_epoch_count(kr); i++) {
		if (keyring_epoch_info(kr, i, &epoch, &epk, &id) != 0)
			abort();
		for (j = 0; j < keyring_officer_count(kr); j++)
			(void)keyring_epoch_held_by(kr, i, j);
	}
	if (keyring_team_public(kr, &tp) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyring *kr = NULL;
	size_t len;
	uint8_t *buf;

	if (size < 1 || size > KEYRING_FILE_MAX)
		return 0;
	len = size - 1 + (data[0] & 1 ? 64 : 0);
	if ((buf = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1) {
		if (size - 1 >= SIGN_PK_OFF + 32)
			memcpy(buf + SIGN_PK_OFF, pk, 32);
		crypto_sign_detached(buf + size - 1, NULL, buf, size - 1, sk);
	}
	if (keyring_parse(buf, len, &kr) == 0)
		walk(kr);
	keyring_free(kr);
	free(buf);
	return 0;
}

/*
 * keyring_int.h — keyring internals shared with the tests only.
 *
 * Not part of the library contract: the bit-flip test uses these so it can
 * run Argon2 once per officer and then walk thousands of mutated files
 * through the real unwrap path in a few seconds.
 */
#ifndef SINETTI_KEYRING_INT_H
#define SINETTI_KEYRING_INT_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/keyring.h"

#define KR_PASSKEY_BYTES 32

enum kr_parse_flags {
	KR_PARSE_NO_SIGNATURE = 1	/* tests only: skip the Ed25519 check */
};

int keyring_parse_flags(const uint8_t *buf, size_t len, int flags,
    struct keyring **kr);

/* Argon2id of pass under officer's salt and the file's parameters.
 * SNT_ERR_PASSPHRASE if there is no such officer. */
int keyring_derive_key(const struct keyring *kr, const char *officer,
    const char *pass, size_t passlen, uint8_t key[KR_PASSKEY_BYTES]);

/* keyring_unlock() with the Argon2 output already computed. */
int keyring_unlock_with_key(const struct keyring *kr, const char *officer,
    const uint8_t key[KR_PASSKEY_BYTES], struct keyring_unlocked **u);

#endif

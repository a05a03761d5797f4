/*
 * gwkey.h — the gateway's Ed25519 signing key (gateway/gwkey.c).
 *
 * The gateway signs export bundles with its own Ed25519 key; the reviewer
 * pins the public half (`gateway-signing.pub`, pubkey.h's signing public
 * format). The secret file (`gateway-signing.key`, mode 0600) is 39 bytes:
 *
 *   magic "SNTGWK" (6) | version 1 (1) | Ed25519 seed (32)
 *
 * See docs/formats/gateway-signing-key.md. The seed is read into smem
 * memory; the file is refused when group or others may read it.
 */
#ifndef SINETTI_GWKEY_H
#define SINETTI_GWKEY_H

#include <stddef.h>
#include <stdint.h>

#define GWKEY_VERSION 1
#define GWKEY_FILE_BYTES (6 + 1 + 32)

/*
 * Makes a fresh keypair and writes the secret file at key_path (O_EXCL,
 * mode 0600) and the public file at pub_path. Refuses to overwrite either
 * (SNT_ERR_EXISTS). Other errors: SNT_ERR_IO, SNT_ERR_DISK_FULL,
 * SNT_ERR_NOMEM.
 */
int gwkey_generate(const char *key_path, const char *pub_path);

/*
 * Reads the secret file: *sk is a new smem buffer of 64 bytes (libsodium's
 * Ed25519 secret key, free with smem_free), pk the public half.
 * Errors: SNT_ERR_NOT_FOUND, SNT_ERR_PERM, SNT_ERR_INVALID (wrong size or
 * magic), SNT_ERR_VERSION, SNT_ERR_IO, SNT_ERR_NOMEM.
 */
int gwkey_load(const char *key_path, uint8_t **sk, uint8_t pk[32]);

#endif

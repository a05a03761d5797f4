/* gwkey.c — the gateway's Ed25519 signing key file. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwkey.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"

static const uint8_t magic[6] = { 'S', 'N', 'T', 'G', 'W', 'K' };

int
gwkey_generate(const char *key_path, const char *pub_path)
{
	uint8_t *file = NULL, *sk = NULL;
	struct signing_public sp;
	char *pub = NULL;
	size_t publen = 0;
	int r;

	if ((file = smem_alloc(GWKEY_FILE_BYTES)) == NULL ||
	    (sk = smem_alloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	memcpy(file, magic, sizeof(magic));
	file[6] = GWKEY_VERSION;
	randombytes_buf(file + 7, crypto_sign_SEEDBYTES);
	if (crypto_sign_seed_keypair(sp.sign_pk, sk, file + 7) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	if ((r = signing_public_format(&sp, &pub, &publen)) != 0)
		goto out;
	/* The public file first: if the secret one cannot be written, a
	 * retry finds no half-made key to trust. */
	if ((r = fileio_write_atomic(pub_path, pub, publen, 0)) != 0)
		goto out;
	r = fileio_write_atomic(key_path, file, GWKEY_FILE_BYTES, 0);
out:
	free(pub);
	smem_free(sk);
	smem_free(file);
	return r;
}

int
gwkey_load(const char *key_path, uint8_t **sk, uint8_t pk[32])
{
	uint8_t *buf = NULL, *k = NULL;
	size_t len = 0;
	int r;

	*sk = NULL;
	if ((r = fileio_read(key_path, GWKEY_FILE_BYTES + 1,
	    FILEIO_SECURE | FILEIO_PRIVATE, &buf, &len)) != 0)
		goto out;
	if (len != GWKEY_FILE_BYTES || memcmp(buf, magic, sizeof(magic)) != 0) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	if (buf[6] != GWKEY_VERSION) {
		r = SNT_ERR_VERSION;
		goto out;
	}
	if ((k = smem_alloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	if (crypto_sign_seed_keypair(pk, k, buf + 7) != 0) {
		r = SNT_ERR_CRYPTO;
		goto out;
	}
	*sk = k;
	k = NULL;
out:
	smem_free(k);
	fileio_free(buf, len, FILEIO_SECURE);
	return r;
}

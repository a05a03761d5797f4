/*
 * receipt.c — receipt codes, and the lookup id and reply keypair they
 * derive.
 *
 * The receipt has 120 random bits, so a fast KDF is enough: BLAKE2b with
 * the receipt as input gives a 32-byte master key (personal string
 * "snt-receipt-mstr"), and keyed BLAKE2b with that master and one personal
 * string per output derives the lookup id ("snt-receipt-look") and the
 * seed of the X25519 reply keypair ("snt-receipt-rply").
 * A slow hash would only give attackers a cheap way to burn CPU.
 */
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/receipt.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
receipt_generate(uint8_t r[RECEIPT_BYTES])
{
	randombytes_buf(r, RECEIPT_BYTES);
}

void
receipt_format(const uint8_t r[RECEIPT_BYTES], char out[RECEIPT_TEXT_LEN + 1])
{
	unsigned int acc = 0, bits = 0;
	size_t i, n = 0, sym = 0;

	for (i = 0; i < RECEIPT_BYTES; i++) {
		acc = (acc << 8) | r[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (sym > 0 && sym % 4 == 0)
				out[n++] = '-';
			out[n++] = alphabet[(acc >> bits) & 31];
			sym++;
		}
	}
	/* 120 bits are exactly 24 symbols: nothing left over. */
	out[n] = '\0';
}

static int
symbol(char ch)
{
	const char *p;

	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch == 'O')
		ch = '0';
	else if (ch == 'I' || ch == 'L')
		ch = '1';
	if (ch == '\0' || (p = strchr(alphabet, ch)) == NULL)
		return -1;
	return (int)(p - alphabet);
}

int
receipt_parse(const char *text, size_t len, uint8_t r[RECEIPT_BYTES])
{
	unsigned int acc = 0, bits = 0;
	size_t i, n = 0, sym = 0;
	int v;

	if (len > 4 * RECEIPT_TEXT_LEN)
		return SNT_ERR_INVALID;
	for (i = 0; i < len; i++) {
		if (text[i] == ' ' || text[i] == '-')
			continue;
		if ((v = symbol(text[i])) < 0 || sym == 24)
			goto bad;
		sym++;
		acc = (acc << 5) | (unsigned int)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			r[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (sym != 24 || n != RECEIPT_BYTES)
		goto bad;
	return 0;
bad:
	sodium_memzero(r, RECEIPT_BYTES);
	return SNT_ERR_INVALID;
}

void
receipt_derive(const uint8_t r[RECEIPT_BYTES], struct receipt_keys *k)
{
	static const unsigned char p_master[16] = "snt-receipt-mstr";
	static const unsigned char p_lookup[16] = "snt-receipt-look";
	static const unsigned char p_reply[16] = "snt-receipt-rply";
	uint8_t master[32], seed[crypto_box_SEEDBYTES];

	crypto_generichash_blake2b_salt_personal(master, sizeof(master), r,
	    RECEIPT_BYTES, NULL, 0, NULL, p_master);
	crypto_generichash_blake2b_salt_personal(k->lookup,
	    RECEIPT_LOOKUP_BYTES, NULL, 0, master, sizeof(master), NULL,
	    p_lookup);
	crypto_generichash_blake2b_salt_personal(seed, sizeof(seed), NULL, 0,
	    master, sizeof(master), NULL, p_reply);
	crypto_box_seed_keypair(k->reply_pk, k->reply_sk, seed);
	sodium_memzero(master, sizeof(master));
	sodium_memzero(seed, sizeof(seed));
}

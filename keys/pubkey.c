/*
 * pubkey.c — key ids, fingerprints and the two public key text files.
 *
 * The public files travel between machines by hand (USB stick, mail), so
 * the parser trusts nothing: one known header line, known "key: value"
 * lines once each, canonical encodings only, and a fingerprint line that
 * must match the keys, so a corrupted file is refused instead of quietly
 * configuring a gateway with a key nobody holds. Format:
 * docs/formats/public-key.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/pubkey.h"

#define TEAM_HEADER "sinetti-team-public 1"
#define SIGN_HEADER "sinetti-signing-public 1"
#define HEADER_FAMILY_TEAM "sinetti-team-public "
#define HEADER_FAMILY_SIGN "sinetti-signing-public "
#define B64_32 44		/* base64 (with padding) of 32 bytes */
#define LINE_MAX_LEN 128

static const char KEY_ID_DOMAIN[] = "sinetti-key-id-v1";
static const char FPR_DOMAIN[] = "sinetti-fingerprint-v1";

void
key_id_of(const uint8_t pk[32], uint8_t id[KEY_ID_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, KEY_ID_BYTES);
	crypto_generichash_update(&st, (const uint8_t *)KEY_ID_DOMAIN,
	    sizeof(KEY_ID_DOMAIN) - 1);
	crypto_generichash_update(&st, pk, 32);
	crypto_generichash_final(&st, id, KEY_ID_BYTES);
}

void
fingerprint_of(const uint8_t *key, size_t len, char out[FINGERPRINT_MAX])
{
	crypto_generichash_state st;
	uint8_t h[20];
	uint32_t v[5];
	size_t i;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const uint8_t *)FPR_DOMAIN,
	    sizeof(FPR_DOMAIN) - 1);
	crypto_generichash_update(&st, key, len);
	crypto_generichash_final(&st, h, sizeof(h));
	/* 2^32 mod 10^5 is tiny against 2^32, so the bias is negligible. */
	for (i = 0; i < 5; i++)
		v[i] = ((uint32_t)h[4 * i] << 24 | (uint32_t)h[4 * i + 1] << 16 |
		    (uint32_t)h[4 * i + 2] << 8 | h[4 * i + 3]) % 100000u;
	snprintf(out, FINGERPRINT_MAX, "%05u %05u %05u %05u %05u",
	    (unsigned)v[0], (unsigned)v[1], (unsigned)v[2], (unsigned)v[3],
	    (unsigned)v[4]);
}

void
team_public_fingerprint(const struct team_public *tp,
    char out[FINGERPRINT_MAX])
{
	uint8_t buf[4 + 32 + 32];

	buf[0] = (uint8_t)(tp->epoch >> 24);
	buf[1] = (uint8_t)(tp->epoch >> 16);
	buf[2] = (uint8_t)(tp->epoch >> 8);
	buf[3] = (uint8_t)tp->epoch;
	memcpy(buf + 4, tp->team_pk, 32);
	memcpy(buf + 36, tp->review_sign_pk, 32);
	fingerprint_of(buf, sizeof(buf), out);
}

void
signing_public_fingerprint(const struct signing_public *sp,
    char out[FINGERPRINT_MAX])
{
	fingerprint_of(sp->sign_pk, sizeof(sp->sign_pk), out);
}

/* ------------------------------------------------------------ parsing */

/* One "name: value" line; value points into the caller's text. */
struct line {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

/*
 * Cuts the next line off *p. Every line, the last included, must end with
 * "\n"; a file cut short therefore never parses.
 */
static int
next_line(const char **p, size_t *left, const char **s, size_t *n)
{
	const char *nl;

	if (*left == 0)
		return SNT_ERR_TRUNCATED;
	if ((nl = memchr(*p, '\n', *left)) == NULL)
		return SNT_ERR_TRUNCATED;
	*s = *p;
	*n = (size_t)(nl - *p);
	if (*n > LINE_MAX_LEN)
		return SNT_ERR_TOO_LARGE;
	*left -= *n + 1;
	*p = nl + 1;
	return 0;
}

static int
split_line(const char *s, size_t n, struct line *l)
{
	const char *c = memchr(s, ':', n);
	size_t i;

	if (c == NULL || c == s)
		return SNT_ERR_INVALID;
	l->name = s;
	l->name_len = (size_t)(c - s);
	for (i = 0; i < l->name_len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return SNT_ERR_INVALID;
	/* exactly one space after the colon, and a non-empty value */
	if (n - l->name_len < 3 || c[1] != ' ')
		return SNT_ERR_INVALID;
	l->value = c + 2;
	l->value_len = n - l->name_len - 2;
	for (i = 0; i < l->value_len; i++)
		if (l->value[i] < 0x20 || l->value[i] > 0x7e)
			return SNT_ERR_INVALID;
	if (l->value[0] == ' ' || l->value[l->value_len - 1] == ' ')
		return SNT_ERR_INVALID;
	return 0;
}

static int
name_is(const struct line *l, const char *name)
{
	return l->name_len == strlen(name) &&
	    memcmp(l->name, name, l->name_len) == 0;
}

/* Decodes exactly 32 bytes of canonical base64 (padding included). */
static int
parse_b64_32(const struct line *l, uint8_t out[32])
{
	char again[B64_32 + 1];
	size_t bin_len;
	const char *end;

	if (l->value_len != B64_32)
		return SNT_ERR_INVALID;
	if (sodium_base642bin(out, 32, l->value, l->value_len, NULL, &bin_len,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 || bin_len != 32 ||
	    end != l->value + l->value_len)
		return SNT_ERR_INVALID;
	/* one text per key: refuse non-zero padding bits and the like */
	sodium_bin2base64(again, sizeof(again), out, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	if (memcmp(again, l->value, B64_32) != 0)
		return SNT_ERR_INVALID;
	return 0;
}

static int
parse_hex_id(const struct line *l, uint8_t id[KEY_ID_BYTES])
{
	size_t i;
	size_t bin_len;

	if (l->value_len != 2 * KEY_ID_BYTES)
		return SNT_ERR_INVALID;
	for (i = 0; i < l->value_len; i++)	/* lower case only */
		if (!((l->value[i] >= '0' && l->value[i] <= '9') ||
		    (l->value[i] >= 'a' && l->value[i] <= 'f')))
			return SNT_ERR_INVALID;
	if (sodium_hex2bin(id, KEY_ID_BYTES, l->value, l->value_len, NULL,
	    &bin_len, NULL) != 0 || bin_len != KEY_ID_BYTES)
		return SNT_ERR_INVALID;
	return 0;
}

static int
parse_epoch(const struct line *l, uint32_t *epoch)
{
	uint64_t v = 0;
	size_t i;

	if (l->value_len > 10 || (l->value[0] == '0'))
		return SNT_ERR_INVALID;	/* no leading zeros, epoch >= 1 */
	for (i = 0; i < l->value_len; i++) {
		if (l->value[i] < '0' || l->value[i] > '9')
			return SNT_ERR_INVALID;
		v = v * 10 + (uint64_t)(l->value[i] - '0');
	}
	if (v > UINT32_MAX)
		return SNT_ERR_INVALID;
	*epoch = (uint32_t)v;
	return 0;
}

static int
check_fingerprint(const struct line *l, const char *want)
{
	if (l->value_len != strlen(want) ||
	    memcmp(l->value, want, l->value_len) != 0)
		return SNT_ERR_INVALID;
	return 0;
}

/* Common prologue: size, NULs and the header line. */
static int
parse_header(const char *text, size_t len, const char *header,
    const char *family, const char **p, size_t *left)
{
	const char *s;
	size_t n;
	int r;

	if (len > PUBKEY_FILE_MAX)
		return SNT_ERR_TOO_LARGE;
	if (memchr(text, '\0', len) != NULL)
		return SNT_ERR_INVALID;
	*p = text;
	*left = len;
	if ((r = next_line(p, left, &s, &n)) != 0)
		return r;
	if (n == strlen(header) && memcmp(s, header, n) == 0)
		return 0;
	if (n > strlen(family) && memcmp(s, family, strlen(family)) == 0)
		return SNT_ERR_VERSION;
	return SNT_ERR_INVALID;
}

enum { TF_EPOCH, TF_KEY_ID, TF_TEAM, TF_SIGN, TF_FPR, TF_N };

/*
 * Reads a public file's header and then its "key: value" lines, each of
 * the n known names exactly once (lines[i] for names[i]). Shared by both
 * public file formats so their strictness cannot drift apart.
 * Errors: those of parse_header/next_line/split_line, SNT_ERR_INVALID (an
 * unknown name), SNT_ERR_DUPLICATE, SNT_ERR_MISSING.
 */
static int
read_fields(const char *text, size_t len, const char *header,
    const char *family,
    const char *const *names, int n, struct line *lines)
{
	int seen[8] = { 0 };
	struct line l;
	const char *p, *s;
	size_t left, sn;
	int r, i, k;

	if (n > (int)(sizeof(seen) / sizeof(seen[0])))
		return SNT_ERR_INTERNAL;
	if ((r = parse_header(text, len, header, family, &p, &left)) != 0)
		return r;
	while (left > 0) {
		if ((r = next_line(&p, &left, &s, &sn)) != 0)
			return r;
		if ((r = split_line(s, sn, &l)) != 0)
			return r;
		for (k = -1, i = 0; i < n; i++)
			if (name_is(&l, names[i]))
				k = i;
		if (k < 0)
			return SNT_ERR_INVALID;
		if (seen[k])
			return SNT_ERR_DUPLICATE;
		seen[k] = 1;
		lines[k] = l;
	}
	for (i = 0; i < n; i++)
		if (!seen[i])
			return SNT_ERR_MISSING;
	return 0;
}

int
team_public_parse(const char *text, size_t len, struct team_public *tp)
{
	static const char *const names[TF_N] = {
		"epoch", "key-id", "team-key", "review-signing-key",
		"fingerprint"
	};
	struct team_public t;
	struct line lines[TF_N];
	uint8_t id[KEY_ID_BYTES];
	char fpr[FINGERPRINT_MAX];
	int r;

	memset(&t, 0, sizeof(t));
	if ((r = read_fields(text, len, TEAM_HEADER, HEADER_FAMILY_TEAM, names,
	    TF_N, lines)) != 0)
		return r;
	if ((r = parse_epoch(&lines[TF_EPOCH], &t.epoch)) != 0 ||
	    (r = parse_hex_id(&lines[TF_KEY_ID], t.key_id)) != 0 ||
	    (r = parse_b64_32(&lines[TF_TEAM], t.team_pk)) != 0 ||
	    (r = parse_b64_32(&lines[TF_SIGN], t.review_sign_pk)) != 0)
		return r;
	key_id_of(t.team_pk, id);
	if (memcmp(id, t.key_id, KEY_ID_BYTES) != 0)
		return SNT_ERR_INVALID;
	team_public_fingerprint(&t, fpr);
	if ((r = check_fingerprint(&lines[TF_FPR], fpr)) != 0)
		return r;
	*tp = t;
	return 0;
}

int
team_public_format(const struct team_public *tp, char **out, size_t *len)
{
	char team[B64_32 + 1], sign[B64_32 + 1];
	char id[2 * KEY_ID_BYTES + 1], fpr[FINGERPRINT_MAX];
	char *buf;
	int n;

	*out = NULL;
	*len = 0;
	if (tp->epoch == 0)
		return SNT_ERR_INVALID;
	sodium_bin2base64(team, sizeof(team), tp->team_pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(sign, sizeof(sign), tp->review_sign_pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2hex(id, sizeof(id), tp->key_id, KEY_ID_BYTES);
	team_public_fingerprint(tp, fpr);
	if ((buf = malloc(PUBKEY_FILE_MAX)) == NULL)
		return SNT_ERR_NOMEM;
	n = snprintf(buf, PUBKEY_FILE_MAX,
	    TEAM_HEADER "\nepoch: %lu\nkey-id: %s\nteam-key: %s\n"
	    "review-signing-key: %s\nfingerprint: %s\n",
	    (unsigned long)tp->epoch, id, team, sign, fpr);
	if (n < 0 || n >= PUBKEY_FILE_MAX) {
		free(buf);
		return SNT_ERR_INTERNAL;
	}
	*out = buf;
	*len = (size_t)n;
	return 0;
}

static int
load_text(const char *path, uint8_t **buf, size_t *len)
{
	return fileio_read(path, PUBKEY_FILE_MAX, 0, buf, len);
}

int
team_public_load(const char *path, struct team_public *tp)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if ((r = load_text(path, &buf, &len)) != 0)
		return r;
	r = team_public_parse((const char *)buf, len, tp);
	fileio_free(buf, len, 0);
	return r;
}

enum { SF_SIGN, SF_FPR, SF_N };

int
signing_public_parse(const char *text, size_t len, struct signing_public *sp)
{
	static const char *const names[SF_N] = { "signing-key", "fingerprint" };
	struct signing_public t;
	struct line lines[SF_N];
	char fpr[FINGERPRINT_MAX];
	int r;

	memset(&t, 0, sizeof(t));
	if ((r = read_fields(text, len, SIGN_HEADER, HEADER_FAMILY_SIGN, names,
	    SF_N, lines)) != 0)
		return r;
	if ((r = parse_b64_32(&lines[SF_SIGN], t.sign_pk)) != 0)
		return r;
	signing_public_fingerprint(&t, fpr);
	if ((r = check_fingerprint(&lines[SF_FPR], fpr)) != 0)
		return r;
	*sp = t;
	return 0;
}

int
signing_public_format(const struct signing_public *sp, char **out,
    size_t *len)
{
	char sign[B64_32 + 1], fpr[FINGERPRINT_MAX];
	char *buf;
	int n;

	*out = NULL;
	*len = 0;
	sodium_bin2base64(sign, sizeof(sign), sp->sign_pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	signing_public_fingerprint(sp, fpr);
	if ((buf = malloc(PUBKEY_FILE_MAX)) == NULL)
		return SNT_ERR_NOMEM;
	n = snprintf(buf, PUBKEY_FILE_MAX,
	    SIGN_HEADER "\nsigning-key: %s\nfingerprint: %s\n", sign, fpr);
	if (n < 0 || n >= PUBKEY_FILE_MAX) {
		free(buf);
		return SNT_ERR_INTERNAL;
	}
	*out = buf;
	*len = (size_t)n;
	return 0;
}

int
signing_public_load(const char *path, struct signing_public *sp)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if ((r = load_text(path, &buf, &len)) != 0)
		return r;
	r = signing_public_parse((const char *)buf, len, sp);
	fileio_free(buf, len, 0);
	return r;
}

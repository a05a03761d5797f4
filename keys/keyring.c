/*
 * keyring.c — the team keyring: epochs of team keys, wrapped per officer.
 *
 * Two levels of wrapping (docs/formats/keyring.md):
 *  1. Each officer has an X25519 "officer key". Its secret half is wrapped
 *     with XChaCha20-Poly1305 under Argon2id(passphrase, per-officer salt).
 *  2. Every team secret key (one per epoch) and the reviewer's Ed25519
 *     signing key are wrapped to each officer's public officer key: an
 *     ephemeral X25519 exchange gives a one-use XChaCha20-Poly1305 key, and
 *     the officer name, epoch and key id are the associated data.
 * Why two levels: `rotate` and `remove-officer` are run by one officer but
 * must wrap the new epoch for every remaining officer, whose passphrases
 * they do not know. With one Argon2 run an officer unwraps everything.
 *
 * The whole file is signed with the reviewer signing key, which every
 * officer holds; every rotation (and so every officer removal) replaces
 * that key, and the file always carries and is signed by the current one. Parsing checks the signature against the key named in the
 * file (catches corruption without a passphrase); unlocking checks that
 * the unwrapped signing key is that key (catches a re-signed substitute).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/keyring.h"
#include "sinetti/passphrase.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/wire.h"
#include "keyring_int.h"

#define KR_MAGIC "SNTKEYRG"
#define KR_MAGIC_LEN 8
#define KR_VERSION 1
#define SALT_BYTES 16
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define TEAM_CT (32 + TAG_BYTES)
#define SIGN_CT (64 + TAG_BYTES)
#define OFFICER_CT (32 + TAG_BYTES)
#define SIG_BYTES crypto_sign_BYTES

enum kind { KIND_OFFICER = 1, KIND_TEAM = 2, KIND_SIGN = 3 };

static const char AD_DOMAIN[] = "sinetti-keyring-v1";
static const char WRAPKEY_DOMAIN[] = "sinetti-keyring-v1 wrap key";

/* A secret sealed to one officer's X25519 officer key. */
struct kr_wrap {
	uint8_t officer;		/* officer index (epoch wraps) */
	uint8_t eph_pk[32];
	uint8_t nonce[NONCE_BYTES];
	uint8_t ct[SIGN_CT];		/* TEAM_CT or SIGN_CT bytes used */
};

struct kr_officer {
	char name[OFFICER_NAME_MAX + 1];
	size_t name_len;
	uint8_t salt[SALT_BYTES];
	uint8_t pk[32];
	uint8_t nonce[NONCE_BYTES];
	uint8_t ct[OFFICER_CT];
	struct kr_wrap sign;
	/* smem: the Argon2 output when this wrap was made by this process,
	 * so keyring_save() can unwrap it once before writing. */
	uint8_t *fresh_key;
};

struct kr_epoch {
	uint32_t epoch;
	uint8_t pk[32];
	uint8_t id[KEY_ID_BYTES];
	size_t nwraps;
	struct kr_wrap wraps[KEYRING_OFFICERS_MAX];
};

struct keyring {
	struct keyring_kdf kdf;
	uint8_t sign_pk[32];
	size_t nofficers;
	struct kr_officer off[KEYRING_OFFICERS_MAX];
	size_t nepochs;
	struct kr_epoch *ep;		/* KEYRING_EPOCHS_MAX entries */
};

struct ukey {
	uint32_t epoch;
	uint8_t pk[32];
	uint8_t sk[32];
	uint8_t id[KEY_ID_BYTES];
};

/* Lives in smem memory. */
struct keyring_unlocked {
	char officer[OFFICER_NAME_MAX + 1];
	uint8_t pass_key[KR_PASSKEY_BYTES];
	uint8_t officer_pk[32];
	uint8_t officer_sk[32];
	uint8_t sign_pk[32];
	uint8_t sign_sk[64];
	size_t nkeys;
	struct ukey keys[KEYRING_EPOCHS_MAX];
};

/* ------------------------------------------------------------ helpers */

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

int
keyring_officer_name_valid(const char *name)
{
	size_t n, i, k;
	uint32_t cp;

	if (name == NULL)
		return SNT_ERR_INVALID;
	n = strnlen(name, OFFICER_NAME_MAX + 1);
	if (n == 0 || n > OFFICER_NAME_MAX)
		return SNT_ERR_INVALID;
	/* A leading '-' would read as an option, a leading '.' as a dotfile. */
	if (name[0] == '-' || name[0] == '.')
		return SNT_ERR_INVALID;
	if (utf8_validate((const uint8_t *)name, n) != 0)
		return SNT_ERR_INVALID;
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x80) {
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			    c == '-'))
				return SNT_ERR_INVALID;
			k = 1;
			continue;
		}
		k = utf8_decode((const uint8_t *)name + i, n - i, &cp);
		/* No C1 controls, no-break space, or format characters. */
		if (k == 0 || cp < 0xA1 || (cp >= 0x2000 && cp <= 0x206F) ||
		    cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF))
			return SNT_ERR_INVALID;
	}
	return 0;
}

static int
kdf_check(const struct keyring_kdf *k)
{
	if (k->t_cost < KEYRING_KDF_T_MIN || k->m_cost_kib < KEYRING_KDF_M_MIN)
		return SNT_ERR_WEAK_PARAMS;
	if (k->t_cost > KEYRING_KDF_T_MAX || k->m_cost_kib > KEYRING_KDF_M_MAX ||
	    k->parallelism < 1 || k->parallelism > KEYRING_KDF_P_MAX)
		return SNT_ERR_INVALID;
	return 0;
}

static int
find_officer(const struct keyring *kr, const char *name)
{
	size_t i, n = strnlen(name, OFFICER_NAME_MAX + 1);

	for (i = 0; i < kr->nofficers; i++)
		if (kr->off[i].name_len == n &&
		    memcmp(kr->off[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

/* --------------------------------------------------------- Argon2id */

/* Argon2's 64+ MiB of passphrase-dependent state: locked, guarded, wiped. */
static int
argon_alloc(uint8_t **memory, size_t bytes)
{
	*memory = smem_alloc(bytes);
	return *memory == NULL ? ARGON2_MEMORY_ALLOCATION_ERROR : ARGON2_OK;
}

static void
argon_free(uint8_t *memory, size_t bytes)
{
	(void)bytes;
	smem_free(memory);
}

static int
derive(const struct keyring_kdf *kdf, const uint8_t salt[SALT_BYTES],
    const char *pass, size_t passlen, uint8_t key[KR_PASSKEY_BYTES])
{
	argon2_context ctx;
	uint8_t *pwd = NULL, s[SALT_BYTES];
	int r, ar;

	if ((r = kdf_check(kdf)) != 0)
		return r;
	if (passlen > PASSPHRASE_MAX)
		return SNT_ERR_TOO_LARGE;
	/* libargon2 wants a mutable password; give it a locked copy. */
	if ((pwd = smem_alloc(passlen + 1)) == NULL)
		return SNT_ERR_NOMEM;
	memcpy(pwd, pass, passlen);
	memcpy(s, salt, SALT_BYTES);
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = key;
	ctx.outlen = KR_PASSKEY_BYTES;
	ctx.pwd = pwd;
	ctx.pwdlen = (uint32_t)passlen;
	ctx.salt = s;
	ctx.saltlen = SALT_BYTES;
	ctx.t_cost = kdf->t_cost;
	ctx.m_cost = kdf->m_cost_kib;
	ctx.lanes = kdf->parallelism;
	ctx.threads = kdf->parallelism;
	ctx.version = ARGON2_VERSION_13;
	ctx.allocate_cbk = argon_alloc;
	ctx.free_cbk = argon_free;
	ctx.flags = ARGON2_DEFAULT_FLAGS;
	ar = argon2_ctx(&ctx, Argon2_id);
	smem_free(pwd);
	if (ar == ARGON2_MEMORY_ALLOCATION_ERROR)
		return SNT_ERR_NOMEM;
	if (ar != ARGON2_OK) {
		smem_wipe(key, KR_PASSKEY_BYTES);
		return SNT_ERR_INTERNAL;
	}
	return 0;
}

/* ------------------------------------------------ associated data */

/* The officer-key wrap binds everything Argon2 and the officer depend on. */
static size_t
officer_ad(const struct keyring *kr, const struct kr_officer *o, uint8_t *ad)
{
	size_t n = 0;

	memcpy(ad, AD_DOMAIN, sizeof(AD_DOMAIN) - 1);
	n += sizeof(AD_DOMAIN) - 1;
	ad[n++] = KR_VERSION;
	ad[n++] = KIND_OFFICER;
	put_be32(ad + n, kr->kdf.t_cost);
	put_be32(ad + n + 4, kr->kdf.m_cost_kib);
	put_be32(ad + n + 8, kr->kdf.parallelism);
	n += 12;
	ad[n++] = (uint8_t)o->name_len;
	memcpy(ad + n, o->name, o->name_len);
	n += o->name_len;
	memcpy(ad + n, o->salt, SALT_BYTES);
	n += SALT_BYTES;
	memcpy(ad + n, o->pk, 32);
	n += 32;
	return n;
}

static size_t
wrap_ad(const struct kr_officer *o, enum kind kind, uint32_t epoch,
    const uint8_t id[KEY_ID_BYTES], const uint8_t eph_pk[32], uint8_t *ad)
{
	size_t n = 0;

	memcpy(ad, AD_DOMAIN, sizeof(AD_DOMAIN) - 1);
	n += sizeof(AD_DOMAIN) - 1;
	ad[n++] = KR_VERSION;
	ad[n++] = (uint8_t)kind;
	ad[n++] = (uint8_t)o->name_len;
	memcpy(ad + n, o->name, o->name_len);
	n += o->name_len;
	memcpy(ad + n, o->pk, 32);
	n += 32;
	memcpy(ad + n, eph_pk, 32);
	n += 32;
	put_be32(ad + n, epoch);
	n += 4;
	memcpy(ad + n, id, KEY_ID_BYTES);
	n += KEY_ID_BYTES;
	return n;
}

#define AD_MAX (sizeof(AD_DOMAIN) + 2 + 12 + 1 + OFFICER_NAME_MAX + \
    SALT_BYTES + 32 + 32 + 4 + KEY_ID_BYTES)

/* The one-use key of a wrap: BLAKE2b keyed by the X25519 shared secret. */
static int
wrap_key(const uint8_t *shared, const uint8_t eph_pk[32],
    const uint8_t officer_pk[32], uint8_t key[32])
{
	crypto_generichash_state st;

	if (crypto_generichash_init(&st, shared, 32, 32) != 0)
		return SNT_ERR_INTERNAL;
	crypto_generichash_update(&st, (const uint8_t *)WRAPKEY_DOMAIN,
	    sizeof(WRAPKEY_DOMAIN) - 1);
	crypto_generichash_update(&st, eph_pk, 32);
	crypto_generichash_update(&st, officer_pk, 32);
	crypto_generichash_final(&st, key, 32);
	sodium_memzero(&st, sizeof(st));
	return 0;
}

static int
seal_wrap(const struct kr_officer *o, enum kind kind, uint32_t epoch,
    const uint8_t id[KEY_ID_BYTES], const uint8_t *secret, size_t n,
    struct kr_wrap *w)
{
	uint8_t *t = NULL;	/* eph_sk[32] shared[32] key[32] */
	uint8_t ad[AD_MAX];
	size_t adlen;
	int r = SNT_ERR_INTERNAL;

	if ((t = smem_alloc(96)) == NULL)
		return SNT_ERR_NOMEM;
	randombytes_buf(t, 32);
	if (crypto_scalarmult_base(w->eph_pk, t) != 0 ||
	    crypto_scalarmult(t + 32, t, o->pk) != 0 ||
	    wrap_key(t + 32, w->eph_pk, o->pk, t + 64) != 0)
		goto out;
	randombytes_buf(w->nonce, sizeof(w->nonce));
	adlen = wrap_ad(o, kind, epoch, id, w->eph_pk, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(w->ct, NULL, secret, n, ad,
	    adlen, NULL, w->nonce, t + 64);
	r = 0;
out:
	smem_free(t);
	return r;
}

static int
open_wrap(const struct kr_officer *o, const uint8_t officer_sk[32],
    enum kind kind, uint32_t epoch, const uint8_t id[KEY_ID_BYTES],
    const struct kr_wrap *w, uint8_t *secret, size_t n)
{
	uint8_t *t = NULL;	/* shared[32] key[32] */
	uint8_t ad[AD_MAX];
	size_t adlen;
	int r = SNT_ERR_CRYPTO;

	if ((t = smem_alloc(64)) == NULL)
		return SNT_ERR_NOMEM;
	/* crypto_scalarmult refuses low-order points from a forged file. */
	if (crypto_scalarmult(t, officer_sk, w->eph_pk) != 0)
		goto out;
	if (wrap_key(t, w->eph_pk, o->pk, t + 32) != 0) {
		r = SNT_ERR_INTERNAL;
		goto out;
	}
	adlen = wrap_ad(o, kind, epoch, id, w->eph_pk, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(secret, NULL, NULL,
	    w->ct, n + TAG_BYTES, ad, adlen, w->nonce, t + 32) != 0)
		goto out;
	r = 0;
out:
	smem_free(t);
	return r;
}

/* ------------------------------------------------------------ parsing */

void
keyring_free(struct keyring *kr)
{
	size_t i;

	if (kr == NULL)
		return;
	for (i = 0; i < KEYRING_OFFICERS_MAX; i++)
		smem_free(kr->off[i].fresh_key);
	free(kr->ep);
	free(kr);
}

static struct keyring *
keyring_new(void)
{
	struct keyring *kr;

	if ((kr = calloc(1, sizeof(*kr))) == NULL)
		return NULL;
	if ((kr->ep = calloc(KEYRING_EPOCHS_MAX, sizeof(*kr->ep))) == NULL) {
		free(kr);
		return NULL;
	}
	return kr;
}

static int
parse_wrap(struct wire_r *r, struct kr_wrap *w, size_t ctlen)
{
	int e;

	if ((e = wire_get_bytes(r, w->eph_pk, 32)) != 0 ||
	    (e = wire_get_bytes(r, w->nonce, NONCE_BYTES)) != 0 ||
	    (e = wire_get_bytes(r, w->ct, ctlen)) != 0)
		return e;
	return 0;
}

static int
parse_officer(struct wire_r *r, struct keyring *kr, struct kr_officer *o)
{
	uint8_t nl;
	int e;

	if ((e = wire_get_u8(r, &nl)) != 0)
		return e;
	if (nl == 0 || nl > OFFICER_NAME_MAX)
		return SNT_ERR_INVALID;
	if ((e = wire_get_bytes(r, o->name, nl)) != 0)
		return e;
	o->name[nl] = '\0';
	o->name_len = nl;
	if (strlen(o->name) != nl || keyring_officer_name_valid(o->name) != 0)
		return SNT_ERR_INVALID;
	if (find_officer(kr, o->name) >= 0)
		return SNT_ERR_DUPLICATE;
	if ((e = wire_get_bytes(r, o->salt, SALT_BYTES)) != 0 ||
	    (e = wire_get_bytes(r, o->pk, 32)) != 0 ||
	    (e = wire_get_bytes(r, o->nonce, NONCE_BYTES)) != 0 ||
	    (e = wire_get_bytes(r, o->ct, OFFICER_CT)) != 0 ||
	    (e = parse_wrap(r, &o->sign, SIGN_CT)) != 0)
		return e;
	return 0;
}

static int
parse_epoch(struct wire_r *r, struct keyring *kr, struct kr_epoch *ep)
{
	uint8_t id[KEY_ID_BYTES], nw, idx;
	size_t i;
	int e;

	if ((e = wire_get_u32(r, &ep->epoch)) != 0 ||
	    (e = wire_get_bytes(r, ep->pk, 32)) != 0 ||
	    (e = wire_get_bytes(r, ep->id, KEY_ID_BYTES)) != 0 ||
	    (e = wire_get_u8(r, &nw)) != 0)
		return e;
	key_id_of(ep->pk, id);
	if (ep->epoch == 0 || memcmp(id, ep->id, KEY_ID_BYTES) != 0)
		return SNT_ERR_INVALID;
	if (nw == 0 || nw > kr->nofficers)
		return SNT_ERR_INVALID;
	ep->nwraps = nw;
	for (i = 0; i < nw; i++) {
		if ((e = wire_get_u8(r, &idx)) != 0)
			return e;
		/* strictly increasing: no officer wrapped twice */
		if (idx >= kr->nofficers ||
		    (i > 0 && idx <= ep->wraps[i - 1].officer))
			return SNT_ERR_INVALID;
		ep->wraps[i].officer = idx;
		if ((e = parse_wrap(r, &ep->wraps[i], TEAM_CT)) != 0)
			return e;
	}
	return 0;
}

int
keyring_parse_flags(const uint8_t *buf, size_t len, int flags,
    struct keyring **out)
{
	struct keyring *kr = NULL;
	struct wire_r r;
	uint8_t magic[KR_MAGIC_LEN], ver, no;
	uint16_t ne;
	const uint8_t *sig;
	size_t i, j, body;
	int e;

	*out = NULL;
	if (len > KEYRING_FILE_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((kr = keyring_new()) == NULL)
		return SNT_ERR_NOMEM;
	wire_r_init(&r, buf, len);
	if ((e = wire_get_bytes(&r, magic, KR_MAGIC_LEN)) != 0)
		goto out;
	if (memcmp(magic, KR_MAGIC, KR_MAGIC_LEN) != 0) {
		e = SNT_ERR_INVALID;
		goto out;
	}
	if ((e = wire_get_u8(&r, &ver)) != 0)
		goto out;
	if (ver != KR_VERSION) {
		e = SNT_ERR_VERSION;
		goto out;
	}
	if ((e = wire_get_u32(&r, &kr->kdf.t_cost)) != 0 ||
	    (e = wire_get_u32(&r, &kr->kdf.m_cost_kib)) != 0 ||
	    (e = wire_get_u32(&r, &kr->kdf.parallelism)) != 0)
		goto out;
	if ((e = kdf_check(&kr->kdf)) != 0)
		goto out;
	if ((e = wire_get_bytes(&r, kr->sign_pk, 32)) != 0 ||
	    (e = wire_get_u8(&r, &no)) != 0)
		goto out;
	if (no == 0 || no > KEYRING_OFFICERS_MAX) {
		e = SNT_ERR_INVALID;
		goto out;
	}
	for (i = 0; i < no; i++) {
		if ((e = parse_officer(&r, kr, &kr->off[i])) != 0)
			goto out;
		kr->nofficers++;
	}
	if ((e = wire_get_u16(&r, &ne)) != 0)
		goto out;
	if (ne == 0 || ne > KEYRING_EPOCHS_MAX) {
		e = SNT_ERR_INVALID;
		goto out;
	}
	for (i = 0; i < ne; i++) {
		if ((e = parse_epoch(&r, kr, &kr->ep[i])) != 0)
			goto out;
		if (i > 0 && kr->ep[i].epoch <= kr->ep[i - 1].epoch) {
			e = SNT_ERR_INVALID;
			goto out;
		}
		for (j = 0; j < i; j++)
			if (memcmp(kr->ep[j].id, kr->ep[i].id,
			    KEY_ID_BYTES) == 0) {
				e = SNT_ERR_DUPLICATE;
				goto out;
			}
		kr->nepochs++;
	}
	/* Every officer holds the newest epoch: it is what the gateway uses. */
	if (kr->ep[ne - 1].nwraps != kr->nofficers) {
		e = SNT_ERR_INVALID;
		goto out;
	}
	body = r.off;
	if ((e = wire_get_ref(&r, &sig, SIG_BYTES)) != 0 ||
	    (e = wire_r_end(&r)) != 0)
		goto out;
	if (!(flags & KR_PARSE_NO_SIGNATURE) &&
	    crypto_sign_verify_detached(sig, buf, body, kr->sign_pk) != 0) {
		e = SNT_ERR_SIGNATURE;
		goto out;
	}
	*out = kr;
	kr = NULL;
	e = 0;
out:
	keyring_free(kr);
	return e;
}

int
keyring_parse(const uint8_t *buf, size_t len, struct keyring **kr)
{
	return keyring_parse_flags(buf, len, 0, kr);
}

int
keyring_load(const char *path, struct keyring **kr)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	*kr = NULL;
	if ((r = fileio_read(path, KEYRING_FILE_MAX, FILEIO_PRIVATE, &buf,
	    &len)) != 0)
		return r;
	r = keyring_parse(buf, len, kr);
	fileio_free(buf, len, 0);
	return r;
}

/* ------------------------------------------------------- serializing */

static void
put_wrap(struct wire_w *w, const struct kr_wrap *wr, size_t ctlen)
{
	wire_put_bytes(w, wr->eph_pk, 32);
	wire_put_bytes(w, wr->nonce, NONCE_BYTES);
	wire_put_bytes(w, wr->ct, ctlen);
}

static int
serialize(const struct keyring *kr, const uint8_t sign_sk[64], uint8_t **out,
    size_t *len)
{
	struct wire_w w;
	uint8_t *buf = NULL;
	size_t n, i, j;
	int r;

	*out = NULL;
	*len = 0;
	wire_w_init(&w, KEYRING_FILE_MAX - SIG_BYTES, 0);
	wire_put_bytes(&w, KR_MAGIC, KR_MAGIC_LEN);
	wire_put_u8(&w, KR_VERSION);
	wire_put_u32(&w, kr->kdf.t_cost);
	wire_put_u32(&w, kr->kdf.m_cost_kib);
	wire_put_u32(&w, kr->kdf.parallelism);
	wire_put_bytes(&w, kr->sign_pk, 32);
	wire_put_u8(&w, (uint8_t)kr->nofficers);
	for (i = 0; i < kr->nofficers; i++) {
		const struct kr_officer *o = &kr->off[i];

		wire_put_u8(&w, (uint8_t)o->name_len);
		wire_put_bytes(&w, o->name, o->name_len);
		wire_put_bytes(&w, o->salt, SALT_BYTES);
		wire_put_bytes(&w, o->pk, 32);
		wire_put_bytes(&w, o->nonce, NONCE_BYTES);
		wire_put_bytes(&w, o->ct, OFFICER_CT);
		put_wrap(&w, &o->sign, SIGN_CT);
	}
	wire_put_u16(&w, (uint16_t)kr->nepochs);
	for (i = 0; i < kr->nepochs; i++) {
		const struct kr_epoch *ep = &kr->ep[i];

		wire_put_u32(&w, ep->epoch);
		wire_put_bytes(&w, ep->pk, 32);
		wire_put_bytes(&w, ep->id, KEY_ID_BYTES);
		wire_put_u8(&w, (uint8_t)ep->nwraps);
		for (j = 0; j < ep->nwraps; j++) {
			wire_put_u8(&w, ep->wraps[j].officer);
			put_wrap(&w, &ep->wraps[j], TEAM_CT);
		}
	}
	if ((r = wire_w_finish(&w, &buf, &n)) != 0)
		return r;
	/* room for the signature: finish() handed us a buffer of n bytes */
	{
		uint8_t *grown = realloc(buf, n + SIG_BYTES);

		if (grown == NULL) {
			wire_free(buf, n, 0);
			return SNT_ERR_NOMEM;
		}
		buf = grown;
	}
	crypto_sign_detached(buf + n, NULL, buf, n, sign_sk);
	*out = buf;
	*len = n + SIG_BYTES;
	return 0;
}

/* ---------------------------------------------------------- unlocking */

void
keyring_unlocked_free(struct keyring_unlocked *u)
{
	smem_free(u);
}

static int
unlocked_new(struct keyring_unlocked **u)
{
	/* a multiple of 16 keeps sodium_malloc's pointer aligned */
	size_t n = (sizeof(**u) + 15) & ~(size_t)15;

	if ((*u = smem_calloc(n)) == NULL)
		return SNT_ERR_NOMEM;
	return 0;
}

int
keyring_derive_key(const struct keyring *kr, const char *officer,
    const char *pass, size_t passlen, uint8_t key[KR_PASSKEY_BYTES])
{
	int i = find_officer(kr, officer);

	if (i < 0)
		return SNT_ERR_PASSPHRASE;
	return derive(&kr->kdf, kr->off[i].salt, pass, passlen, key);
}

int
keyring_unlock_with_key(const struct keyring *kr, const char *officer,
    const uint8_t key[KR_PASSKEY_BYTES], struct keyring_unlocked **out)
{
	struct keyring_unlocked *u = NULL;
	const struct kr_officer *o;
	uint8_t ad[AD_MAX], pk[32], sid[KEY_ID_BYTES], *seed_sk = NULL;
	size_t adlen, i, j;
	int idx, r;

	*out = NULL;
	if ((idx = find_officer(kr, officer)) < 0)
		return SNT_ERR_PASSPHRASE;
	o = &kr->off[idx];
	if ((r = unlocked_new(&u)) != 0)
		return r;
	memcpy(u->officer, o->name, o->name_len + 1);
	memcpy(u->pass_key, key, KR_PASSKEY_BYTES);
	adlen = officer_ad(kr, o, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(u->officer_sk, NULL,
	    NULL, o->ct, OFFICER_CT, ad, adlen, o->nonce, key) != 0) {
		r = SNT_ERR_PASSPHRASE;
		goto out;
	}
	/* From here on a failure means a damaged or forged file. */
	r = SNT_ERR_CRYPTO;
	if (crypto_scalarmult_base(u->officer_pk, u->officer_sk) != 0 ||
	    sodium_memcmp(u->officer_pk, o->pk, 32) != 0)
		goto out;
	key_id_of(kr->sign_pk, sid);
	if ((r = open_wrap(o, u->officer_sk, KIND_SIGN, 0, sid, &o->sign,
	    u->sign_sk, 64)) != 0)
		goto out;
	r = SNT_ERR_CRYPTO;
	/* The signing key must be the one the file is signed with. */
	if ((seed_sk = smem_alloc(64)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	crypto_sign_seed_keypair(pk, seed_sk, u->sign_sk);
	if (sodium_memcmp(seed_sk, u->sign_sk, 64) != 0 ||
	    sodium_memcmp(pk, kr->sign_pk, 32) != 0)
		goto out;
	memcpy(u->sign_pk, pk, 32);
	for (i = 0; i < kr->nepochs; i++) {
		const struct kr_epoch *ep = &kr->ep[i];
		struct ukey *k = &u->keys[u->nkeys];

		for (j = 0; j < ep->nwraps; j++)
			if (ep->wraps[j].officer == (uint8_t)idx)
				break;
		if (j == ep->nwraps)
			continue;	/* joined after, or lost it on removal */
		if ((r = open_wrap(o, u->officer_sk, KIND_TEAM, ep->epoch,
		    ep->id, &ep->wraps[j], k->sk, 32)) != 0)
			goto out;
		r = SNT_ERR_CRYPTO;
		if (crypto_scalarmult_base(pk, k->sk) != 0 ||
		    sodium_memcmp(pk, ep->pk, 32) != 0)
			goto out;
		k->epoch = ep->epoch;
		memcpy(k->pk, ep->pk, 32);
		memcpy(k->id, ep->id, KEY_ID_BYTES);
		u->nkeys++;
	}
	/* parse guarantees the newest epoch is wrapped for every officer */
	if (u->nkeys == 0 ||
	    u->keys[u->nkeys - 1].epoch != kr->ep[kr->nepochs - 1].epoch)
		goto out;
	*out = u;
	u = NULL;
	r = 0;
out:
	smem_free(seed_sk);
	keyring_unlocked_free(u);
	return r;
}

int
keyring_unlock(const struct keyring *kr, const char *officer,
    const char *pass, size_t passlen, struct keyring_unlocked **u)
{
	uint8_t *key = NULL;
	int r;

	*u = NULL;
	if ((key = smem_alloc(KR_PASSKEY_BYTES)) == NULL)
		return SNT_ERR_NOMEM;
	if (find_officer(kr, officer) < 0) {
		static const uint8_t salt[SALT_BYTES];

		/* The same work as a wrong passphrase, so timing does not tell
		 * which names exist either. */
		r = derive(&kr->kdf, salt, pass, passlen, key);
		r = r == SNT_ERR_NOMEM ? r : SNT_ERR_PASSPHRASE;
	} else if ((r = keyring_derive_key(kr, officer, pass, passlen,
	    key)) == 0) {
		r = keyring_unlock_with_key(kr, officer, key, u);
	}
	smem_free(key);
	return r;
}

int
keyring_team_key(const struct keyring_unlocked *u,
    const uint8_t id[KEY_ID_BYTES], const uint8_t **pk, const uint8_t **sk)
{
	size_t i;

	for (i = 0; i < u->nkeys; i++)
		if (memcmp(u->keys[i].id, id, KEY_ID_BYTES) == 0) {
			*pk = u->keys[i].pk;
			*sk = u->keys[i].sk;
			return 0;
		}
	return SNT_ERR_UNKNOWN_KEY;
}

void
keyring_current_key(const struct keyring_unlocked *u, uint32_t *epoch,
    const uint8_t **pk, const uint8_t **sk, const uint8_t **key_id)
{
	const struct ukey *k = &u->keys[u->nkeys - 1];

	if (epoch != NULL)
		*epoch = k->epoch;
	if (pk != NULL)
		*pk = k->pk;
	if (sk != NULL)
		*sk = k->sk;
	if (key_id != NULL)
		*key_id = k->id;
}

const uint8_t *
keyring_sign_pk(const struct keyring_unlocked *u)
{
	return u->sign_pk;
}

const uint8_t *
keyring_sign_sk(const struct keyring_unlocked *u)
{
	return u->sign_sk;
}

const char *
keyring_officer(const struct keyring_unlocked *u)
{
	return u->officer;
}

size_t
keyring_unlocked_key_count(const struct keyring_unlocked *u)
{
	return u->nkeys;
}

int
keyring_team_public(const struct keyring *kr, struct team_public *tp)
{
	const struct kr_epoch *ep;

	if (kr->nepochs == 0)
		return SNT_ERR_INTERNAL;
	ep = &kr->ep[kr->nepochs - 1];
	memset(tp, 0, sizeof(*tp));
	tp->epoch = ep->epoch;
	memcpy(tp->team_pk, ep->pk, 32);
	memcpy(tp->key_id, ep->id, KEY_ID_BYTES);
	memcpy(tp->review_sign_pk, kr->sign_pk, 32);
	return 0;
}

/* ----------------------------------------------------- public listing */

void
keyring_kdf_of(const struct keyring *kr, struct keyring_kdf *kdf)
{
	*kdf = kr->kdf;
}

const uint8_t *
keyring_review_sign_pk(const struct keyring *kr)
{
	return kr->sign_pk;
}

size_t
keyring_officer_count(const struct keyring *kr)
{
	return kr->nofficers;
}

const char *
keyring_officer_name(const struct keyring *kr, size_t i)
{
	return i < kr->nofficers ? kr->off[i].name : NULL;
}

size_t
keyring_epoch_count(const struct keyring *kr)
{
	return kr->nepochs;
}

int
keyring_epoch_info(const struct keyring *kr, size_t i, uint32_t *epoch,
    const uint8_t **pk, const uint8_t **key_id)
{
	if (i >= kr->nepochs)
		return SNT_ERR_NOT_FOUND;
	*epoch = kr->ep[i].epoch;
	*pk = kr->ep[i].pk;
	*key_id = kr->ep[i].id;
	return 0;
}

int
keyring_epoch_held_by(const struct keyring *kr, size_t i, size_t officer)
{
	size_t j;

	if (i >= kr->nepochs)
		return 0;
	for (j = 0; j < kr->ep[i].nwraps; j++)
		if (kr->ep[i].wraps[j].officer == officer)
			return 1;
	return 0;
}

/* ---------------------------------------------------------- mutations */

/* The acting officer's index, checked against the keys it unwrapped. */
static int
acting_officer(const struct keyring *kr, const struct keyring_unlocked *u)
{
	int i = find_officer(kr, u->officer);

	if (i < 0 || sodium_memcmp(kr->off[i].pk, u->officer_pk, 32) != 0 ||
	    sodium_memcmp(kr->sign_pk, u->sign_pk, 32) != 0)
		return -1;
	return i;
}

/*
 * Fills o with a fresh officer key for name, wrapped under Argon2id of
 * pass; *officer_sk (smem, 32 bytes) gets the secret half for the caller
 * to wrap the team keys to.
 */
static int
new_officer(const struct keyring *kr, struct kr_officer *o, const char *name,
    const char *pass, size_t passlen, uint8_t *officer_sk)
{
	uint8_t ad[AD_MAX];
	size_t adlen;
	int r;

	if ((r = keyring_officer_name_valid(name)) != 0)
		return r;
	if (passlen < KEYRING_PASS_MIN)
		return SNT_ERR_INVALID;
	smem_free(o->fresh_key);
	memset(o, 0, sizeof(*o));
	if ((o->fresh_key = smem_alloc(KR_PASSKEY_BYTES)) == NULL)
		return SNT_ERR_NOMEM;
	o->name_len = strlen(name);
	memcpy(o->name, name, o->name_len + 1);
	randombytes_buf(o->salt, SALT_BYTES);
	randombytes_buf(officer_sk, 32);
	if (crypto_scalarmult_base(o->pk, officer_sk) != 0)
		return SNT_ERR_INTERNAL;
	if ((r = derive(&kr->kdf, o->salt, pass, passlen, o->fresh_key)) != 0)
		return r;
	randombytes_buf(o->nonce, NONCE_BYTES);
	adlen = officer_ad(kr, o, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(o->ct, NULL, officer_sk, 32,
	    ad, adlen, NULL, o->nonce, o->fresh_key);
	return 0;
}

static int
wrap_sign(const struct keyring *kr, struct kr_officer *o,
    const uint8_t sign_sk[64])
{
	uint8_t sid[KEY_ID_BYTES];

	key_id_of(kr->sign_pk, sid);
	return seal_wrap(o, KIND_SIGN, 0, sid, sign_sk, 64, &o->sign);
}

static struct kr_epoch *
epoch_by_id(struct keyring *kr, const uint8_t id[KEY_ID_BYTES])
{
	size_t i;

	for (i = 0; i < kr->nepochs; i++)
		if (memcmp(kr->ep[i].id, id, KEY_ID_BYTES) == 0)
			return &kr->ep[i];
	return NULL;
}

/* Adds (or replaces) officer idx's wrap of key k, keeping wraps sorted. */
static int
put_team_wrap(struct keyring *kr, struct kr_epoch *ep, size_t idx,
    const struct ukey *k)
{
	struct kr_wrap w;
	size_t j;
	int r;

	memset(&w, 0, sizeof(w));
	w.officer = (uint8_t)idx;
	if ((r = seal_wrap(&kr->off[idx], KIND_TEAM, ep->epoch, ep->id, k->sk,
	    32, &w)) != 0)
		return r;
	for (j = 0; j < ep->nwraps && ep->wraps[j].officer < idx; j++)
		;
	if (j < ep->nwraps && ep->wraps[j].officer == idx) {
		ep->wraps[j] = w;
		return 0;
	}
	if (ep->nwraps == KEYRING_OFFICERS_MAX)
		return SNT_ERR_INTERNAL;
	memmove(&ep->wraps[j + 1], &ep->wraps[j],
	    (ep->nwraps - j) * sizeof(ep->wraps[0]));
	ep->wraps[j] = w;
	ep->nwraps++;
	return 0;
}

/* Wraps every key u holds, and the signing key, for officer idx. */
static int
wrap_all_for(struct keyring *kr, const struct keyring_unlocked *u, size_t idx)
{
	struct kr_epoch *ep;
	size_t i;
	int r;

	if ((r = wrap_sign(kr, &kr->off[idx], u->sign_sk)) != 0)
		return r;
	for (i = 0; i < u->nkeys; i++) {
		if ((ep = epoch_by_id(kr, u->keys[i].id)) == NULL)
			return SNT_ERR_INTERNAL;
		if ((r = put_team_wrap(kr, ep, idx, &u->keys[i])) != 0)
			return r;
	}
	return 0;
}

/*
 * A fresh reviewer signing keypair, wrapped for every officer now in kr
 * (each officer's old sign wrap is replaced). Why: a removed officer, or
 * anyone holding an old copy of the file and a passphrase, keeps the old
 * signing key; acknowledgements and reply bundles must be signed with a
 * key only the current officers hold. The file is then signed with the
 * new key, whose public half it carries, so it still verifies by itself.
 * On failure u keeps its old key and kr must be dropped (half changed).
 */
static int
new_sign_key(struct keyring *kr, struct keyring_unlocked *u)
{
	uint8_t *sk = NULL;
	uint8_t pk[32];
	size_t i;
	int r = 0;

	if ((sk = smem_alloc(64)) == NULL)
		return SNT_ERR_NOMEM;
	crypto_sign_keypair(pk, sk);
	memcpy(kr->sign_pk, pk, 32);
	for (i = 0; i < kr->nofficers; i++)
		if ((r = wrap_sign(kr, &kr->off[i], sk)) != 0)
			goto out;
	memcpy(u->sign_pk, pk, 32);
	memcpy(u->sign_sk, sk, 64);
out:
	smem_free(sk);
	return r;
}

int
keyring_rotate(struct keyring *kr, struct keyring_unlocked *u)
{
	struct kr_epoch *ep;
	struct ukey *k;
	size_t i;
	int r;

	if (acting_officer(kr, u) < 0)
		return SNT_ERR_INVALID;
	if (kr->nepochs == KEYRING_EPOCHS_MAX || u->nkeys == KEYRING_EPOCHS_MAX)
		return SNT_ERR_TOO_LARGE;
	if (kr->ep[kr->nepochs - 1].epoch == UINT32_MAX)
		return SNT_ERR_TOO_LARGE;
	ep = &kr->ep[kr->nepochs];
	k = &u->keys[u->nkeys];
	memset(ep, 0, sizeof(*ep));
	ep->epoch = kr->ep[kr->nepochs - 1].epoch + 1;
	crypto_box_keypair(ep->pk, k->sk);
	key_id_of(ep->pk, ep->id);
	for (i = 0; i < kr->nofficers; i++)
		if ((r = put_team_wrap(kr, ep, i, k)) != 0) {
			smem_wipe(k, sizeof(*k));
			return r;
		}
	k->epoch = ep->epoch;
	memcpy(k->pk, ep->pk, 32);
	memcpy(k->id, ep->id, KEY_ID_BYTES);
	kr->nepochs++;
	u->nkeys++;
	/* A new epoch gets a new reviewer signing key too. */
	return new_sign_key(kr, u);
}

int
keyring_create(const struct keyring_kdf *kdf, const char *officer,
    const char *pass, size_t passlen, struct keyring **out,
    struct keyring_unlocked **uout)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct kr_epoch *ep;
	struct ukey *k;
	int r;

	*out = NULL;
	*uout = NULL;
	if ((r = kdf_check(kdf)) != 0 ||
	    (r = keyring_officer_name_valid(officer)) != 0)
		return r;
	if ((kr = keyring_new()) == NULL)
		return SNT_ERR_NOMEM;
	if ((r = unlocked_new(&u)) != 0)
		goto out;
	kr->kdf = *kdf;
	crypto_sign_keypair(kr->sign_pk, u->sign_sk);
	memcpy(u->sign_pk, kr->sign_pk, 32);
	if ((r = new_officer(kr, &kr->off[0], officer, pass, passlen,
	    u->officer_sk)) != 0)
		goto out;
	kr->nofficers = 1;
	memcpy(u->officer, officer, strlen(officer) + 1);
	memcpy(u->officer_pk, kr->off[0].pk, 32);
	memcpy(u->pass_key, kr->off[0].fresh_key, KR_PASSKEY_BYTES);
	if ((r = wrap_sign(kr, &kr->off[0], u->sign_sk)) != 0)
		goto out;
	ep = &kr->ep[0];
	k = &u->keys[0];
	ep->epoch = 1;
	crypto_box_keypair(ep->pk, k->sk);
	key_id_of(ep->pk, ep->id);
	if ((r = put_team_wrap(kr, ep, 0, k)) != 0)
		goto out;
	k->epoch = 1;
	memcpy(k->pk, ep->pk, 32);
	memcpy(k->id, ep->id, KEY_ID_BYTES);
	kr->nepochs = 1;
	u->nkeys = 1;
	*out = kr;
	*uout = u;
	kr = NULL;
	u = NULL;
out:
	keyring_free(kr);
	keyring_unlocked_free(u);
	return r;
}

int
keyring_add_officer(struct keyring *kr, const struct keyring_unlocked *u,
    const char *officer, const char *pass, size_t passlen)
{
	uint8_t *sk = NULL;
	size_t idx = kr->nofficers;
	int r;

	if (acting_officer(kr, u) < 0)
		return SNT_ERR_INVALID;
	if ((r = keyring_officer_name_valid(officer)) != 0)
		return r;
	if (find_officer(kr, officer) >= 0)
		return SNT_ERR_EXISTS;
	if (kr->nofficers == KEYRING_OFFICERS_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((sk = smem_alloc(32)) == NULL)
		return SNT_ERR_NOMEM;
	if ((r = new_officer(kr, &kr->off[idx], officer, pass, passlen,
	    sk)) != 0)
		goto out;
	kr->nofficers++;
	if ((r = wrap_all_for(kr, u, idx)) != 0) {
		/* leave kr as it was: drop the half-added officer's wraps */
		size_t i, j;

		for (i = 0; i < kr->nepochs; i++)
			for (j = 0; j < kr->ep[i].nwraps; j++)
				if (kr->ep[i].wraps[j].officer == idx)
					kr->ep[i].nwraps = j;
		kr->nofficers--;
		smem_free(kr->off[idx].fresh_key);
		memset(&kr->off[idx], 0, sizeof(kr->off[idx]));
	}
out:
	smem_free(sk);
	return r;
}

int
keyring_remove_officer(struct keyring *kr, struct keyring_unlocked *u,
    const char *officer)
{
	size_t i, j, k, n, idx;
	int x;

	if (acting_officer(kr, u) < 0)
		return SNT_ERR_INVALID;
	if ((x = find_officer(kr, officer)) < 0)
		return SNT_ERR_NOT_FOUND;
	if (kr->nofficers == 1)
		return SNT_ERR_LAST_OFFICER;
	/* The new epoch is made by someone who stays. */
	if (strcmp(officer, u->officer) == 0)
		return SNT_ERR_INVALID;
	idx = (size_t)x;
	/* Drop the officer and every wrap made for them; renumber the rest. */
	smem_free(kr->off[idx].fresh_key);
	memmove(&kr->off[idx], &kr->off[idx + 1],
	    (kr->nofficers - idx - 1) * sizeof(kr->off[0]));
	kr->nofficers--;
	memset(&kr->off[kr->nofficers], 0, sizeof(kr->off[0]));
	for (i = 0; i < kr->nepochs; i++) {
		struct kr_epoch *ep = &kr->ep[i];

		for (j = 0, n = 0; j < ep->nwraps; j++) {
			if (ep->wraps[j].officer == idx)
				continue;
			ep->wraps[n] = ep->wraps[j];
			if (ep->wraps[n].officer > idx)
				ep->wraps[n].officer--;
			n++;
		}
		sodium_memzero(&ep->wraps[n], (ep->nwraps - n) *
		    sizeof(ep->wraps[0]));
		ep->nwraps = n;
	}
	/* Old epochs stay readable: every remaining officer gets each old key
	 * the acting officer holds. */
	for (k = 0; k < kr->nofficers; k++) {
		int r;

		if (find_officer(kr, u->officer) == (int)k)
			continue;
		for (i = 0; i < u->nkeys; i++) {
			struct kr_epoch *ep = epoch_by_id(kr, u->keys[i].id);

			if (ep == NULL)
				return SNT_ERR_INTERNAL;
			if (keyring_epoch_held_by(kr, (size_t)(ep - kr->ep), k))
				continue;
			if ((r = put_team_wrap(kr, ep, k, &u->keys[i])) != 0)
				return r;
		}
	}
	/* An epoch nobody remaining can open is dead weight: drop it. */
	for (i = 0, n = 0; i < kr->nepochs; i++)
		if (kr->ep[i].nwraps > 0)
			kr->ep[n++] = kr->ep[i];
	kr->nepochs = n;
	if (n == 0)
		return SNT_ERR_INTERNAL;
	return keyring_rotate(kr, u);
}

int
keyring_passwd(struct keyring *kr, struct keyring_unlocked *u,
    const char *pass, size_t passlen)
{
	struct kr_officer o;
	uint8_t *sk = NULL;
	size_t idx;
	int x, r;

	if ((x = acting_officer(kr, u)) < 0)
		return SNT_ERR_INVALID;
	idx = (size_t)x;
	if ((sk = smem_alloc(32)) == NULL)
		return SNT_ERR_NOMEM;
	/*
	 * A new passphrase gets a new officer key too: whoever learnt the old
	 * passphrase and kept an old copy of the file must not be able to
	 * open epochs made after this change.
	 */
	memset(&o, 0, sizeof(o));
	if ((r = new_officer(kr, &o, u->officer, pass, passlen, sk)) != 0)
		goto out;
	smem_free(kr->off[idx].fresh_key);
	kr->off[idx] = o;
	o.fresh_key = NULL;
	memcpy(u->officer_sk, sk, 32);
	memcpy(u->officer_pk, kr->off[idx].pk, 32);
	memcpy(u->pass_key, kr->off[idx].fresh_key, KR_PASSKEY_BYTES);
	/* replaces each old wrap: the old officer key opens nothing new */
	r = wrap_all_for(kr, u, idx);
out:
	smem_free(o.fresh_key);
	smem_free(sk);
	return r;
}

/* ------------------------------------------------------------- saving */

/* Same keys as u, in the same epochs. */
static int
same_keys(const struct keyring_unlocked *a, const struct keyring_unlocked *b)
{
	size_t i;

	if (a->nkeys != b->nkeys ||
	    sodium_memcmp(a->sign_sk, b->sign_sk, 64) != 0)
		return 0;
	for (i = 0; i < a->nkeys; i++)
		if (a->keys[i].epoch != b->keys[i].epoch ||
		    sodium_memcmp(a->keys[i].sk, b->keys[i].sk, 32) != 0 ||
		    memcmp(a->keys[i].id, b->keys[i].id, KEY_ID_BYTES) != 0)
			return 0;
	return 1;
}

int
keyring_serialize(const struct keyring *kr, const struct keyring_unlocked *u,
    uint8_t **out, size_t *len)
{
	if (sodium_memcmp(kr->sign_pk, u->sign_pk, 32) != 0)
		return SNT_ERR_INVALID;
	return serialize(kr, u->sign_sk, out, len);
}

/*
 * Serializes, then proves the bytes are good before they replace anything:
 * they parse with their signature, and every officer whose Argon2 key this
 * process holds (the acting one, a new one, a new passphrase) unwraps from
 * them exactly the keys the acting officer holds.
 */
int
keyring_save(const char *path, const struct keyring *kr,
    const struct keyring_unlocked *u, int replace)
{
	struct keyring *back = NULL;
	struct keyring_unlocked *v = NULL;
	uint8_t *buf = NULL;
	size_t len = 0, i;
	int r;

	if ((r = keyring_serialize(kr, u, &buf, &len)) != 0)
		return r;
	if ((r = keyring_parse(buf, len, &back)) != 0)
		goto fail;
	for (i = 0; i < kr->nofficers; i++) {
		const uint8_t *key = kr->off[i].fresh_key;

		if (key == NULL && strcmp(kr->off[i].name, u->officer) == 0)
			key = u->pass_key;
		if (key == NULL)
			continue;
		if ((r = keyring_unlock_with_key(back, kr->off[i].name, key,
		    &v)) != 0)
			goto fail;
		if (!same_keys(u, v)) {
			r = SNT_ERR_INTERNAL;
			goto out;
		}
		keyring_unlocked_free(v);
		v = NULL;
	}
	r = fileio_write_atomic(path, buf, len, replace ? FILEIO_REPLACE : 0);
	goto out;
fail:
	/* our own fresh bytes do not read back: a bug, never the user's */
	r = SNT_ERR_INTERNAL;
out:
	keyring_unlocked_free(v);
	keyring_free(back);
	wire_free(buf, len, 0);
	return r;
}

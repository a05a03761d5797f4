/* audit.c — hash-chained, encrypted audit entries and the head record. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/audit.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/wire.h"

#define AD_LABEL "sinetti-review audit v1"
#define LINK_LABEL "sinetti-review audit link v1"
#define HEAD_LABEL "sinetti-review audit head v1"
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

static const char *const action_names[] = {
	NULL, "unlock", "import", "list", "view", "reveal-phone", "status",
	"assign", "note", "callback-done", "export", "purge", "init", "rekey",
	"reply", "outbox"
};

const char *
audit_action_name(uint8_t a)
{
	if (a < 1 || a > AUDIT_ACTION_LAST)
		return NULL;
	return action_names[a];
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static void
make_ad(uint64_t seq, const uint8_t prev[AUDIT_HASH_BYTES],
    uint8_t ad[sizeof(AD_LABEL) + 8 + AUDIT_HASH_BYTES])
{
	memcpy(ad, AD_LABEL, sizeof(AD_LABEL));
	put_be64(ad + sizeof(AD_LABEL), seq);
	memcpy(ad + sizeof(AD_LABEL) + 8, prev, AUDIT_HASH_BYTES);
}

/* chain hash = BLAKE2b-256(key = mac key; label | prev | stored bytes) */
static void
chain_link(const struct audit_keys *k, const uint8_t prev[AUDIT_HASH_BYTES],
    const uint8_t *val, size_t len, uint8_t out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, k->mac, sizeof(k->mac), AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, (const uint8_t *)LINK_LABEL,
	    sizeof(LINK_LABEL));
	crypto_generichash_update(&st, prev, AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, val, len);
	crypto_generichash_final(&st, out, AUDIT_HASH_BYTES);
}

static void
put_str8(struct wire_w *w, const char *s)
{
	size_t n = strlen(s);

	wire_put_u8(w, (uint8_t)n);
	wire_put_bytes(w, s, n);
}

int
audit_seal(const struct audit_keys *k, struct audit_chain *ch,
    struct audit_entry *e, uint8_t **val, size_t *len)
{
	uint8_t ad[sizeof(AD_LABEL) + 8 + AUDIT_HASH_BYTES];
	struct wire_w w;
	uint8_t *plain = NULL, *o = NULL;
	size_t plen = 0, olen;
	int r;

	*val = NULL;
	*len = 0;
	if (audit_action_name(e->action) == NULL ||
	    strlen(e->officer) > CASE_NAME_MAX ||
	    strlen(e->case_no) >= CASE_NUMBER_MAX)
		return SNT_ERR_INVALID;
	e->seq = ch->count + 1;
	wire_w_init(&w, AUDIT_ENTRY_MAX, 1);
	wire_put_u8(&w, AUDIT_VERSION);
	wire_put_u64(&w, e->seq);
	wire_put_u64(&w, e->time);
	wire_put_u8(&w, e->action);
	put_str8(&w, e->officer);
	put_str8(&w, e->case_no);
	wire_put_u32(&w, e->detail);
	if ((r = wire_w_finish(&w, &plain, &plen)) != 0)
		return r;
	olen = 1 + NONCE_BYTES + plen + TAG_BYTES;
	if ((o = malloc(olen)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	o[0] = AUDIT_VERSION;
	review_nonce(o + 1, NONCE_BYTES);
	make_ad(e->seq, ch->last, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(o + 1 + NONCE_BYTES, NULL,
	    plain, plen, ad, sizeof(ad), NULL, o + 1, k->enc);
	chain_link(k, ch->last, o, olen, ch->last);
	ch->count = e->seq;
	*val = o;
	*len = olen;
	o = NULL;
out:
	wire_free(plain, plen, 1);
	free(o);
	return r;
}

static int
get_str8(struct wire_r *r, char *out, size_t cap)
{
	uint8_t n;
	int e;

	if ((e = wire_get_u8(r, &n)) != 0)
		return e;
	if (n >= cap)
		return SNT_ERR_INVALID;
	if ((e = wire_get_bytes(r, out, n)) != 0)
		return e;
	out[n] = '\0';
	return memchr(out, '\0', n) != NULL ? SNT_ERR_INVALID : 0;
}

int
audit_open(const struct audit_keys *k, struct audit_chain *ch,
    uint64_t seq, const uint8_t *val, size_t len, struct audit_entry *e)
{
	uint8_t ad[sizeof(AD_LABEL) + 8 + AUDIT_HASH_BYTES];
	uint8_t plain[AUDIT_ENTRY_MAX];
	unsigned long long plen;
	struct wire_r r;
	uint8_t ver;
	int rc;

	memset(e, 0, sizeof(*e));
	if (seq != ch->count + 1)
		return SNT_ERR_INVALID;
	if (len < 1)
		return SNT_ERR_TRUNCATED;
	if (val[0] != AUDIT_VERSION)
		return SNT_ERR_VERSION;
	if (len - 1 < NONCE_BYTES + TAG_BYTES)
		return SNT_ERR_TRUNCATED;
	if (len - 1 - NONCE_BYTES - TAG_BYTES > sizeof(plain))
		return SNT_ERR_TOO_LARGE;
	make_ad(seq, ch->last, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL,
	    val + 1 + NONCE_BYTES, len - 1 - NONCE_BYTES, ad, sizeof(ad),
	    val + 1, k->enc) != 0)
		return SNT_ERR_CRYPTO;
	wire_r_init(&r, plain, (size_t)plen);
	if ((rc = wire_get_u8(&r, &ver)) != 0 ||
	    (rc = wire_get_u64(&r, &e->seq)) != 0 ||
	    (rc = wire_get_u64(&r, &e->time)) != 0 ||
	    (rc = wire_get_u8(&r, &e->action)) != 0 ||
	    (rc = get_str8(&r, e->officer, sizeof(e->officer))) != 0 ||
	    (rc = get_str8(&r, e->case_no, sizeof(e->case_no))) != 0 ||
	    (rc = wire_get_u32(&r, &e->detail)) != 0 ||
	    (rc = wire_r_end(&r)) != 0)
		goto out;
	if (ver != AUDIT_VERSION || e->seq != seq ||
	    audit_action_name(e->action) == NULL) {
		rc = SNT_ERR_INVALID;
		goto out;
	}
	chain_link(k, ch->last, val, len, ch->last);
	ch->count = seq;
out:
	smem_wipe(plain, sizeof(plain));
	return rc;
}

static void
head_mac(const struct audit_keys *k, const uint8_t *body, size_t n,
    uint8_t out[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, k->mac, sizeof(k->mac), 32);
	crypto_generichash_update(&st, (const uint8_t *)HEAD_LABEL,
	    sizeof(HEAD_LABEL));
	crypto_generichash_update(&st, body, n);
	crypto_generichash_final(&st, out, 32);
}

void
audit_head_make(const struct audit_keys *k, const struct audit_chain *ch,
    uint8_t out[AUDIT_HEAD_BYTES])
{
	out[0] = AUDIT_VERSION;
	put_be64(out + 1, ch->count);
	memcpy(out + 9, ch->last, AUDIT_HASH_BYTES);
	head_mac(k, out, 9 + AUDIT_HASH_BYTES, out + 9 + AUDIT_HASH_BYTES);
}

int
audit_head_read(const struct audit_keys *k, const uint8_t *buf, size_t len,
    struct audit_chain *ch)
{
	uint8_t mac[32];
	size_t i;

	if (len != AUDIT_HEAD_BYTES)
		return SNT_ERR_INVALID;
	if (buf[0] != AUDIT_VERSION)
		return SNT_ERR_VERSION;
	head_mac(k, buf, 9 + AUDIT_HASH_BYTES, mac);
	if (sodium_memcmp(mac, buf + 9 + AUDIT_HASH_BYTES, 32) != 0)
		return SNT_ERR_CRYPTO;
	ch->count = 0;
	for (i = 0; i < 8; i++)
		ch->count = (ch->count << 8) | buf[1 + i];
	memcpy(ch->last, buf + 9, AUDIT_HASH_BYTES);
	return 0;
}

int
audit_chain_equal(const struct audit_chain *a, const struct audit_chain *b)
{
	return a->count == b->count &&
	    sodium_memcmp(a->last, b->last, AUDIT_HASH_BYTES) == 0;
}

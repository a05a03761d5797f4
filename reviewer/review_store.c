/*
 * review_store.c — the reviewer's LMDB store, its keys and its audit log.
 *
 * Trust: this file holds the store key and the keys derived from it, in
 * smem memory, between rstore_unlock() and rstore_lock(). It never sees a
 * passphrase and never writes a key or a plaintext byte to disk.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lmdb.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/pubkey.h"
#include "sinetti/review_store.h"
#include "sinetti/smem.h"

#define MAGIC "sinetti-review-store"
#define KDF_CTX "snt-rev1"
#define WRAP_VERSION 1
#define WRAP_AUTH_LABEL "sinetti-review store wrap auth v1"
#define WRAP_SEALED (32 + crypto_box_SEALBYTES)
#define WRAP_BYTES (1 + WRAP_SEALED + 32)
#define META_VERSION 1
#define PIN_LABEL "sinetti-review gateway pin v1"
#define CONF_MAX 16384
#define MAP_SIZE ((size_t)8 << 30)
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

struct rkeys {
	uint8_t store[32];
	uint8_t cas[32];
	uint8_t meta[32];
	struct audit_keys audit;
};

struct rstore {
	char dir[PATH_MAX];
	struct rstore_config conf;
	uint8_t gw_pk[32];
	MDB_env *env;
	MDB_dbi meta, wraps, envs, cases, audit;
	struct rkeys *k;		/* smem; NULL while locked */
	char officer[CASE_NAME_MAX + 1];
};

static int
lmdb_err(int rc)
{
	switch (rc) {
	case 0:
		return 0;
	case MDB_MAP_FULL:
		return SNT_ERR_MAP_FULL;
	case MDB_NOTFOUND:
		return SNT_ERR_NOT_FOUND;
	case ENOSPC:
	case EDQUOT:
		return SNT_ERR_DISK_FULL;
	case ENOMEM:
		return SNT_ERR_NOMEM;
	default:
		return SNT_ERR_STORE;
	}
}

static int
path_join(char *out, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= cap ? SNT_ERR_TOO_LARGE : 0;
}

/* ---------------------------------------------------------------- config */

static void
conf_default(struct rstore_config *c)
{
	memset(c, 0, sizeof(*c));
	due_rules_default(&c->due);
	c->idle_minutes = 10;
	memcpy(c->lang, "fi", 3);
}

static int
parse_u32(const char *v, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end;
	unsigned long x;

	if (!isdigit((unsigned char)v[0]))
		return SNT_ERR_CONFIG;
	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || x < lo || x > hi)
		return SNT_ERR_CONFIG;
	*out = (uint32_t)x;
	return 0;
}

static int
conf_set(struct rstore_config *c, const char *k, const char *v)
{
	if (strcmp(k, "keyring") == 0) {
		if (v[0] != '/' || strlen(v) >= sizeof(c->keyring))
			return SNT_ERR_CONFIG;
		memcpy(c->keyring, v, strlen(v) + 1);
		return 0;
	}
	if (strcmp(k, "due-callback-days") == 0)
		return parse_u32(v, 1, 3650, &c->due.callback_days);
	if (strcmp(k, "due-objection-days") == 0)
		return parse_u32(v, 1, 3650, &c->due.objection_days);
	if (strcmp(k, "due-other-months") == 0)
		return parse_u32(v, 1, 120, &c->due.other_months);
	if (strcmp(k, "idle-timeout-minutes") == 0)
		return parse_u32(v, 1, 1440, &c->idle_minutes);
	if (strcmp(k, "lang") == 0) {
		if (strcmp(v, "fi") != 0 && strcmp(v, "sv") != 0 &&
		    strcmp(v, "en") != 0)
			return SNT_ERR_CONFIG;
		memcpy(c->lang, v, 3);
		return 0;
	}
	return SNT_ERR_CONFIG;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
conf_parse(char *text, struct rstore_config *c)
{
	char *line, *save = NULL, *eq;
	int r;

	conf_default(c);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		line = trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL)
			return SNT_ERR_CONFIG;
		*eq = '\0';
		if ((r = conf_set(c, trim(line), trim(eq + 1))) != 0)
			return r;
	}
	return c->keyring[0] == '\0' ? SNT_ERR_CONFIG : 0;
}

static int
conf_write(const char *dir, const struct rstore_config *c)
{
	char path[PATH_MAX], buf[PATH_MAX + 1024];
	int n;

	if (path_join(path, sizeof(path), dir, RSTORE_CONF) != 0)
		return SNT_ERR_TOO_LARGE;
	n = snprintf(buf, sizeof(buf),
	    "# sinetti-review store configuration (docs/formats/review-store.md)\n"
	    "# The keyring this store is unlocked with.\n"
	    "keyring = %s\n"
	    "# Due dates, counted from the arrival of the feedback:\n"
	    "# call back within N days when a phone number was given,\n"
	    "due-callback-days = %u\n"
	    "# answer a muistutus (objection) within N days,\n"
	    "due-objection-days = %u\n"
	    "# answer other feedback within N calendar months.\n"
	    "due-other-months = %u\n"
	    "# The shell locks after this many idle minutes.\n"
	    "idle-timeout-minutes = %u\n"
	    "# Output language: fi, sv or en ($SINETTI_LANG and --lang win).\n"
	    "lang = %s\n",
	    c->keyring, c->due.callback_days, c->due.objection_days,
	    c->due.other_months, c->idle_minutes, c->lang);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return SNT_ERR_TOO_LARGE;
	return fileio_write_atomic(path, buf, (size_t)n, 0);
}

static int
conf_read(const char *dir, struct rstore_config *c)
{
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len;
	int r;

	if (path_join(path, sizeof(path), dir, RSTORE_CONF) != 0)
		return SNT_ERR_TOO_LARGE;
	if ((r = fileio_read(path, CONF_MAX, 0, &buf, &len)) != 0)
		return r == SNT_ERR_NOT_FOUND ? SNT_ERR_NOT_VAULT : r;
	if (memchr(buf, '\0', len) != NULL)
		r = SNT_ERR_CONFIG;
	else
		r = conf_parse((char *)buf, c);
	fileio_free(buf, len, 0);
	return r;
}

/* ---------------------------------------------------------------- env */

static int
env_open(struct rstore *s, int create)
{
	MDB_txn *txn = NULL;
	unsigned int f = create ? MDB_CREATE : 0;
	uint32_t schema = RSTORE_SCHEMA;
	MDB_val k, v;
	int rc, r;

	if ((rc = mdb_env_create(&s->env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(s->env, 8)) != 0 ||
	    (rc = mdb_env_set_mapsize(s->env, MAP_SIZE)) != 0 ||
	    (rc = mdb_env_open(s->env, s->dir, 0, 0600)) != 0) {
		r = rc == ENOENT ? SNT_ERR_NOT_VAULT : lmdb_err(rc);
		goto out;
	}
	(void)mdb_reader_check(s->env, NULL);
	if ((rc = mdb_txn_begin(s->env, NULL, create ? 0 : MDB_RDONLY,
	    &txn)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	if ((rc = mdb_dbi_open(txn, "meta", f, &s->meta)) != 0) {
		r = rc == MDB_NOTFOUND ? SNT_ERR_NOT_VAULT : lmdb_err(rc);
		goto out;
	}
	if ((rc = mdb_dbi_open(txn, "wraps", f, &s->wraps)) != 0 ||
	    (rc = mdb_dbi_open(txn, "env", f, &s->envs)) != 0 ||
	    (rc = mdb_dbi_open(txn, "case", f, &s->cases)) != 0 ||
	    (rc = mdb_dbi_open(txn, "audit", f, &s->audit)) != 0) {
		r = rc == MDB_NOTFOUND ? SNT_ERR_NOT_VAULT : lmdb_err(rc);
		goto out;
	}
	if (create) {
		k.mv_data = (void *)(uintptr_t)"magic";
		k.mv_size = 5;
		v.mv_data = (void *)(uintptr_t)MAGIC;
		v.mv_size = sizeof(MAGIC) - 1;
		if ((rc = mdb_put(txn, s->meta, &k, &v, 0)) != 0)
			goto lerr;
		k.mv_data = (void *)(uintptr_t)"schema";
		k.mv_size = 6;
		v.mv_data = &schema;
		v.mv_size = sizeof(schema);
		if ((rc = mdb_put(txn, s->meta, &k, &v, 0)) != 0)
			goto lerr;
	} else {
		k.mv_data = (void *)(uintptr_t)"magic";
		k.mv_size = 5;
		if (mdb_get(txn, s->meta, &k, &v) != 0 ||
		    v.mv_size != sizeof(MAGIC) - 1 ||
		    memcmp(v.mv_data, MAGIC, v.mv_size) != 0) {
			r = SNT_ERR_NOT_VAULT;
			goto out;
		}
		k.mv_data = (void *)(uintptr_t)"schema";
		k.mv_size = 6;
		if (mdb_get(txn, s->meta, &k, &v) != 0 ||
		    v.mv_size != sizeof(schema)) {
			r = SNT_ERR_NOT_VAULT;
			goto out;
		}
		memcpy(&schema, v.mv_data, sizeof(schema));
		if (schema != RSTORE_SCHEMA) {
			r = SNT_ERR_SCHEMA;
			goto out;
		}
	}
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
	goto out;
lerr:
	r = lmdb_err(rc);
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	return r;
}

static int
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

int
rstore_init(const char *dir, const char *keyring, const char *gw_pub)
{
	struct rstore *s = NULL;
	struct keyring *kr = NULL;
	struct signing_public sp;
	char path[PATH_MAX], *txt = NULL;
	size_t tlen = 0;
	int r;

	if ((r = keyring_load(keyring, &kr)) != 0)
		goto out;
	if ((r = signing_public_load(gw_pub, &sp)) != 0)
		goto out;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	conf_default(&s->conf);
	if (realpath(keyring, s->conf.keyring) == NULL) {
		r = snt_from_errno(errno);
		goto out;
	}
	if (mkdir(dir, 0700) != 0 && (errno != EEXIST || !dir_is_empty(dir))) {
		r = errno == EEXIST ? SNT_ERR_EXISTS : snt_from_errno(errno);
		goto out;
	}
	if (realpath(dir, s->dir) == NULL) {
		r = snt_from_errno(errno);
		goto out;
	}
	if ((r = signing_public_format(&sp, &txt, &tlen)) != 0 ||
	    (r = path_join(path, sizeof(path), s->dir, RSTORE_GW_PUB)) != 0 ||
	    (r = fileio_write_atomic(path, txt, tlen, 0)) != 0 ||
	    (r = conf_write(s->dir, &s->conf)) != 0)
		goto out;
	r = env_open(s, 1);
out:
	free(txt);
	keyring_free(kr);
	if (s != NULL && s->env != NULL)
		mdb_env_close(s->env);
	free(s);
	return r;
}

int
rstore_open(const char *dir, struct rstore **sp)
{
	struct rstore *s = NULL;
	struct signing_public pk;
	char path[PATH_MAX];
	int r;

	*sp = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SNT_ERR_NOMEM;
	if (realpath(dir, s->dir) == NULL) {
		r = errno == ENOENT ? SNT_ERR_NOT_VAULT : snt_from_errno(errno);
		goto out;
	}
	if ((r = conf_read(s->dir, &s->conf)) != 0 ||
	    (r = path_join(path, sizeof(path), s->dir, RSTORE_GW_PUB)) != 0 ||
	    (r = signing_public_load(path, &pk)) != 0)
		goto out;
	memcpy(s->gw_pk, pk.sign_pk, 32);
	if ((r = path_join(path, sizeof(path), s->dir, "data.mdb")) != 0)
		goto out;
	if (access(path, F_OK) != 0) {
		r = SNT_ERR_NOT_VAULT;
		goto out;
	}
	if ((r = env_open(s, 0)) != 0)
		goto out;
	*sp = s;
	s = NULL;
out:
	rstore_close(s);
	return r;
}

void
rstore_close(struct rstore *s)
{
	if (s == NULL)
		return;
	rstore_lock(s);
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s);
}

const struct rstore_config *
rstore_config(const struct rstore *s)
{
	return &s->conf;
}

const uint8_t *
rstore_gateway_pk(const struct rstore *s)
{
	return s->gw_pk;
}

const char *
rstore_officer(const struct rstore *s)
{
	return s->officer;
}

int
rstore_is_unlocked(const struct rstore *s)
{
	return s->k != NULL;
}

void
rstore_lock(struct rstore *s)
{
	if (s == NULL)
		return;
	smem_free(s->k);
	s->k = NULL;
}

/* ---------------------------------------------------------------- audit */

static const MDB_val head_key = { 10, (void *)(uintptr_t)"audit-head" };

static void
be64(uint8_t b[8], uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
}

static int
read_head_k(struct rstore *s, MDB_txn *txn, const struct audit_keys *ak,
    struct audit_chain *ch)
{
	MDB_val k = head_key, v;
	int rc;

	memset(ch, 0, sizeof(*ch));
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return lmdb_err(rc);
	return audit_head_read(ak, v.mv_data, v.mv_size, ch);
}

static int
read_head(struct rstore *s, MDB_txn *txn, struct audit_chain *ch)
{
	return read_head_k(s, txn, &s->k->audit, ch);
}

/*
 * Seals the entry after *ch and stores it, advancing *ch; the caller
 * writes the head (head_put) before the transaction commits. A batch (an
 * import of many cases) reads the head once and writes it once instead of
 * once per entry.
 */
static int
audit_put(struct rstore *s, MDB_txn *txn, struct audit_chain *ch,
    uint8_t action, const char *case_no, uint32_t detail)
{
	struct audit_entry e;
	uint8_t key[8], *val = NULL;
	size_t len = 0;
	MDB_val k, v;
	int r, rc;

	memset(&e, 0, sizeof(e));
	e.time = (uint64_t)time(NULL);
	e.action = action;
	e.detail = detail;
	memcpy(e.officer, s->officer, sizeof(e.officer));
	if (case_no != NULL)
		snprintf(e.case_no, sizeof(e.case_no), "%s", case_no);
	if ((r = audit_seal(&s->k->audit, ch, &e, &val, &len)) != 0)
		return r;
	be64(key, e.seq);
	k.mv_data = key;
	k.mv_size = 8;
	v.mv_data = val;
	v.mv_size = len;
	/* an existing entry at the next number means the head was rolled
	 * back: refuse rather than overwrite the evidence */
	rc = mdb_put(txn, s->audit, &k, &v, MDB_NOOVERWRITE);
	free(val);
	if (rc == MDB_KEYEXIST)
		return SNT_ERR_CRYPTO;
	return lmdb_err(rc);
}

static int
head_put(struct rstore *s, MDB_txn *txn, const struct audit_chain *ch)
{
	uint8_t head[AUDIT_HEAD_BYTES];
	MDB_val k = head_key, v;

	audit_head_make(&s->k->audit, ch, head);
	v.mv_data = head;
	v.mv_size = sizeof(head);
	return lmdb_err(mdb_put(txn, s->meta, &k, &v, 0));
}

static int
audit_append(struct rstore *s, MDB_txn *txn, uint8_t action,
    const char *case_no, uint32_t detail)
{
	struct audit_chain ch;
	int r;

	if ((r = read_head(s, txn, &ch)) != 0 ||
	    (r = audit_put(s, txn, &ch, action, case_no, detail)) != 0)
		return r;
	return head_put(s, txn, &ch);
}

/* ---------------------------------------------------------------- keys */

static int meta_open(struct rstore *s, MDB_txn *txn, const char *name,
    uint8_t *out, size_t outlen);
static int meta_seal(struct rstore *s, MDB_txn *txn, const char *name,
    const uint8_t *in, size_t inlen);

static void
derive(struct rkeys *k)
{
	crypto_kdf_derive_from_key(k->cas, 32, 1, KDF_CTX, k->store);
	crypto_kdf_derive_from_key(k->audit.enc, 32, 2, KDF_CTX, k->store);
	crypto_kdf_derive_from_key(k->audit.mac, 32, 3, KDF_CTX, k->store);
	crypto_kdf_derive_from_key(k->meta, 32, 4, KDF_CTX, k->store);
}

/* tag over a wrap, keyed from the epoch's team secret key */
static void
wrap_tag(const uint8_t sk[32], const uint8_t key_id[KEY_ID_BYTES],
    const uint8_t *body, size_t n, uint8_t tag[32])
{
	crypto_generichash_state st;
	uint8_t wk[32];

	crypto_generichash(wk, sizeof(wk), (const uint8_t *)WRAP_AUTH_LABEL,
	    sizeof(WRAP_AUTH_LABEL), sk, 32);
	crypto_generichash_init(&st, wk, sizeof(wk), 32);
	crypto_generichash_update(&st, key_id, KEY_ID_BYTES);
	crypto_generichash_update(&st, body, n);
	crypto_generichash_final(&st, tag, 32);
	smem_wipe(wk, sizeof(wk));
	smem_wipe(&st, sizeof(st));
}

static int
wrap_make(const uint8_t store[32], const uint8_t pk[32], const uint8_t sk[32],
    const uint8_t key_id[KEY_ID_BYTES], uint8_t out[WRAP_BYTES])
{
	out[0] = WRAP_VERSION;
	if (crypto_box_seal(out + 1, store, 32, pk) != 0)
		return SNT_ERR_CRYPTO;
	wrap_tag(sk, key_id, out, 1 + WRAP_SEALED, out + 1 + WRAP_SEALED);
	return 0;
}

static int
wrap_open(const uint8_t *w, size_t len, const uint8_t pk[32],
    const uint8_t sk[32], const uint8_t key_id[KEY_ID_BYTES],
    uint8_t store[32])
{
	uint8_t tag[32];

	if (len != WRAP_BYTES)
		return SNT_ERR_INVALID;
	if (w[0] != WRAP_VERSION)
		return SNT_ERR_VERSION;
	wrap_tag(sk, key_id, w, 1 + WRAP_SEALED, tag);
	if (sodium_memcmp(tag, w + 1 + WRAP_SEALED, 32) != 0)
		return SNT_ERR_CRYPTO;
	if (crypto_box_seal_open(store, w + 1, WRAP_SEALED, pk, sk) != 0)
		return SNT_ERR_CRYPTO;
	return 0;
}

/* Finds a wrap this officer can open. *any: the store has wraps at all. */
static int
open_some_wrap(struct rstore *s, MDB_txn *txn,
    const struct keyring_unlocked *u, uint8_t store[32], int *any)
{
	MDB_cursor *c = NULL;
	MDB_val k, v;
	const uint8_t *pk, *sk;
	int rc, r = SNT_ERR_UNKNOWN_KEY;

	*any = 0;
	if ((rc = mdb_cursor_open(txn, s->wraps, &c)) != 0)
		return lmdb_err(rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		*any = 1;
		if (k.mv_size != KEY_ID_BYTES)
			continue;
		if (keyring_team_key(u, k.mv_data, &pk, &sk) != 0)
			continue;
		r = wrap_open(v.mv_data, v.mv_size, pk, sk, k.mv_data, store);
		if (r == 0)
			break;
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return lmdb_err(rc);
	return r;
}

static int
ensure_current_wrap(struct rstore *s, MDB_txn *txn,
    const struct keyring_unlocked *u)
{
	uint8_t w[WRAP_BYTES];
	const uint8_t *pk, *sk, *kid;
	uint32_t epoch;
	MDB_val k, v;
	int rc, r;

	keyring_current_key(u, &epoch, &pk, &sk, &kid);
	k.mv_data = (void *)(uintptr_t)kid;
	k.mv_size = KEY_ID_BYTES;
	rc = mdb_get(txn, s->wraps, &k, &v);
	if (rc == 0)
		return 0;
	if (rc != MDB_NOTFOUND)
		return lmdb_err(rc);
	if ((r = wrap_make(s->k->store, pk, sk, kid, w)) != 0)
		return r;
	v.mv_data = w;
	v.mv_size = sizeof(w);
	return lmdb_err(mdb_put(txn, s->wraps, &k, &v, 0));
}

/*
 * The pinned gateway key is a plain file; a keyed hash of it inside the
 * store notices when someone swaps it for their own after the first unlock.
 */
static int
check_pin(struct rstore *s, MDB_txn *txn)
{
	uint8_t pin[32];
	MDB_val k = { 3, (void *)(uintptr_t)"pin" }, v;
	int rc;

	crypto_generichash(pin, sizeof(pin), s->gw_pk, 32, s->k->meta, 32);
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == MDB_NOTFOUND) {
		v.mv_data = pin;
		v.mv_size = sizeof(pin);
		return lmdb_err(mdb_put(txn, s->meta, &k, &v, 0));
	}
	if (rc != 0)
		return lmdb_err(rc);
	if (v.mv_size != sizeof(pin) || sodium_memcmp(v.mv_data, pin, 32) != 0)
		return SNT_ERR_WRONG_PEER;
	return 0;
}

static int
has_current_wrap(struct rstore *s, MDB_txn *txn,
    const struct keyring_unlocked *u, int *has)
{
	const uint8_t *pk, *sk, *kid;
	uint32_t epoch;
	MDB_val k, v;
	int rc;

	keyring_current_key(u, &epoch, &pk, &sk, &kid);
	k.mv_data = (void *)(uintptr_t)kid;
	k.mv_size = KEY_ID_BYTES;
	rc = mdb_get(txn, s->wraps, &k, &v);
	*has = rc == 0;
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : lmdb_err(rc);
}

/* Re-encrypts every case record under the new case key. */
static int
rekey_cases(struct rstore *s, MDB_txn *txn, const struct rkeys *old,
    const struct rkeys *nk)
{
	MDB_cursor *c = NULL;
	MDB_val k, v, nv;
	struct casefile *cf = NULL;
	uint8_t *val = NULL;
	size_t len;
	int rc, r = 0;

	if ((rc = mdb_cursor_open(txn, s->cases, &c)) != 0)
		return lmdb_err(rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != ENVELOPE_ID_BYTES) {
			r = SNT_ERR_INVALID;
			break;
		}
		if ((r = casefile_open(v.mv_data, v.mv_size, k.mv_data,
		    old->cas, &cf)) != 0 ||
		    (r = casefile_seal(cf, nk->cas, &val, &len)) != 0)
			break;
		nv.mv_data = val;
		nv.mv_size = len;
		rc = mdb_cursor_put(c, &k, &nv, MDB_CURRENT);
		casefile_free(cf);
		cf = NULL;
		free(val);
		val = NULL;
		if (rc != 0)
			break;
	}
	if (r == 0 && rc != 0 && rc != MDB_NOTFOUND)
		r = lmdb_err(rc);
	casefile_free(cf);
	mdb_cursor_close(c);
	return r;
}

/*
 * Verifies the audit chain under the old keys and seals every entry again,
 * unchanged, under the new ones. A chain that does not verify is not
 * carried over: the unlock fails and the evidence stays as it is.
 */
static int
rekey_audit(struct rstore *s, MDB_txn *txn, const struct rkeys *old,
    const struct rkeys *nk)
{
	MDB_cursor *c = NULL;
	MDB_val k, v, nv;
	struct audit_chain cho, chn, head;
	struct audit_entry e;
	uint8_t *val = NULL, hb[AUDIT_HEAD_BYTES];
	uint64_t seq;
	size_t len, i;
	int rc, r;

	memset(&cho, 0, sizeof(cho));
	memset(&chn, 0, sizeof(chn));
	if ((r = read_head_k(s, txn, &old->audit, &head)) != 0)
		return r;
	if ((rc = mdb_cursor_open(txn, s->audit, &c)) != 0)
		return lmdb_err(rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8) {
			r = SNT_ERR_INVALID;
			break;
		}
		for (seq = 0, i = 0; i < 8; i++)
			seq = seq << 8 | ((const uint8_t *)k.mv_data)[i];
		if ((r = audit_open(&old->audit, &cho, seq, v.mv_data,
		    v.mv_size, &e)) != 0 ||
		    (r = audit_seal(&nk->audit, &chn, &e, &val, &len)) != 0)
			break;
		nv.mv_data = val;
		nv.mv_size = len;
		rc = mdb_cursor_put(c, &k, &nv, MDB_CURRENT);
		free(val);
		val = NULL;
		if (rc != 0)
			break;
	}
	mdb_cursor_close(c);
	if (r != 0)
		return r;
	if (rc != MDB_NOTFOUND)
		return lmdb_err(rc);
	if (!audit_chain_equal(&cho, &head))
		return SNT_ERR_INVALID;
	audit_head_make(&nk->audit, &chn, hb);
	k = head_key;
	v.mv_data = hb;
	v.mv_size = sizeof(hb);
	return lmdb_err(mdb_put(txn, s->meta, &k, &v, 0));
}

/*
 * A new epoch exists that the store key is not wrapped to: someone was
 * removed (or keys were rotated). Make a new store key, re-encrypt case
 * records, the counter and the audit log under it, drop every old wrap and
 * wrap it to the newest epoch only, so that a removed officer's old epoch
 * keys open nothing written from now on. In the caller's transaction.
 */
static int
rekey(struct rstore *s, MDB_txn *txn, const struct keyring_unlocked *u)
{
	struct rkeys *old = s->k, *nk = NULL;
	uint8_t c[6];
	MDB_val pk = { 3, (void *)(uintptr_t)"pin" };
	int r, have_counter;

	if ((nk = smem_calloc(sizeof(*nk))) == NULL)
		return SNT_ERR_NOMEM;
	randombytes_buf(nk->store, sizeof(nk->store));
	derive(nk);
	r = meta_open(s, txn, "counter", c, sizeof(c));
	have_counter = r == 0;
	if (r != 0 && r != SNT_ERR_NOT_FOUND)
		goto out;
	if ((r = rekey_cases(s, txn, old, nk)) != 0 ||
	    (r = rekey_audit(s, txn, old, nk)) != 0)
		goto out;
	(void)mdb_del(txn, s->meta, &pk, NULL);
	if ((r = lmdb_err(mdb_drop(txn, s->wraps, 0))) != 0)
		goto out;
	s->k = nk;
	if ((have_counter &&
	    (r = meta_seal(s, txn, "counter", c, sizeof(c))) != 0) ||
	    (r = ensure_current_wrap(s, txn, u)) != 0 ||
	    (r = check_pin(s, txn)) != 0) {
		s->k = old;
		goto out;
	}
	nk = old;	/* freed below; s->k now holds the new keys */
out:
	smem_wipe(c, sizeof(c));
	smem_free(nk);
	return r;
}

int
rstore_unlock(struct rstore *s, const struct keyring_unlocked *u)
{
	MDB_txn *txn = NULL;
	int rc, r, any, first = 0, has = 0;
	const char *who = keyring_officer(u);

	rstore_lock(s);
	if (strlen(who) > CASE_NAME_MAX)
		return SNT_ERR_INVALID;
	if ((s->k = smem_calloc(sizeof(*s->k))) == NULL)
		return SNT_ERR_NOMEM;
	memcpy(s->officer, who, strlen(who) + 1);
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	r = open_some_wrap(s, txn, u, s->k->store, &any);
	if (r == SNT_ERR_UNKNOWN_KEY && !any) {
		/* first unlock of a new store: make its key */
		randombytes_buf(s->k->store, 32);
		first = 1;
		r = 0;
	}
	if (r != 0)
		goto out;
	derive(s->k);
	if ((r = check_pin(s, txn)) != 0 ||
	    (r = has_current_wrap(s, txn, u, &has)) != 0)
		goto out;
	if (first)
		r = ensure_current_wrap(s, txn, u);
	else if (!has && (r = rekey(s, txn, u)) == 0)
		r = audit_append(s, txn, AUDIT_REKEY, NULL, 0);
	if (r != 0)
		goto out;
	if (first && (r = audit_append(s, txn, AUDIT_INIT, NULL, 0)) != 0)
		goto out;
	if ((r = audit_append(s, txn, AUDIT_UNLOCK, NULL, 0)) != 0)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (r != 0)
		rstore_lock(s);
	return r;
}

/* ---------------------------------------------------------------- cases */

static int
meta_open(struct rstore *s, MDB_txn *txn, const char *name, uint8_t *out,
    size_t outlen)
{
	MDB_val k = { strlen(name), (void *)(uintptr_t)name }, v;
	const uint8_t *p;
	int rc;

	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc != 0)
		return lmdb_err(rc);
	p = v.mv_data;
	if (v.mv_size != 1 + NONCE_BYTES + outlen + TAG_BYTES)
		return SNT_ERR_INVALID;
	if (p[0] != META_VERSION)
		return SNT_ERR_VERSION;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL,
	    p + 1 + NONCE_BYTES, v.mv_size - 1 - NONCE_BYTES,
	    (const uint8_t *)name, strlen(name), p + 1, s->k->meta) != 0)
		return SNT_ERR_CRYPTO;
	return 0;
}

static int
meta_seal(struct rstore *s, MDB_txn *txn, const char *name,
    const uint8_t *in, size_t inlen)
{
	uint8_t buf[1 + NONCE_BYTES + 64 + TAG_BYTES];
	MDB_val k = { strlen(name), (void *)(uintptr_t)name }, v;

	if (inlen > 64)
		return SNT_ERR_INTERNAL;
	buf[0] = META_VERSION;
	review_nonce(buf + 1, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + 1 + NONCE_BYTES,
	    NULL, in, inlen, (const uint8_t *)name, strlen(name), NULL,
	    buf + 1, s->k->meta);
	v.mv_data = buf;
	v.mv_size = 1 + NONCE_BYTES + inlen + TAG_BYTES;
	return lmdb_err(mdb_put(txn, s->meta, &k, &v, 0));
}

/* The case counter: this calendar year (local time) and its last number,
 * which restarts at 0 when the stored year is another. */
static int
counter_read(struct rstore *s, MDB_txn *txn, uint16_t *year, uint32_t *last)
{
	uint8_t c[6];
	time_t now = time(NULL);
	struct tm tm;
	int r;

	localtime_r(&now, &tm);
	*year = (uint16_t)(tm.tm_year + 1900);
	*last = 0;
	r = meta_open(s, txn, "counter", c, sizeof(c));
	if (r == 0) {
		if (((uint16_t)(c[0] << 8 | c[1])) == *year)
			*last = (uint32_t)c[2] << 24 | (uint32_t)c[3] << 16 |
			    (uint32_t)c[4] << 8 | c[5];
	} else if (r != SNT_ERR_NOT_FOUND)
		return r;
	return 0;
}

static int
counter_write(struct rstore *s, MDB_txn *txn, uint16_t year, uint32_t last)
{
	uint8_t c[6];

	c[0] = (uint8_t)(year >> 8);
	c[1] = (uint8_t)year;
	c[2] = (uint8_t)(last >> 24);
	c[3] = (uint8_t)(last >> 16);
	c[4] = (uint8_t)(last >> 8);
	c[5] = (uint8_t)last;
	return meta_seal(s, txn, "counter", c, sizeof(c));
}

static int
put_case(struct rstore *s, MDB_txn *txn, const struct casefile *cf)
{
	uint8_t *val = NULL;
	size_t len;
	MDB_val k = { ENVELOPE_ID_BYTES, (void *)(uintptr_t)cf->id }, v;
	int r;

	if ((r = casefile_seal(cf, s->k->cas, &val, &len)) != 0)
		return r;
	v.mv_data = val;
	v.mv_size = len;
	r = lmdb_err(mdb_put(txn, s->cases, &k, &v, 0));
	free(val);
	return r;
}

int
rstore_has(struct rstore *s, const uint8_t id[ENVELOPE_ID_BYTES],
    const uint8_t *env, size_t len, int *held)
{
	struct rstore_item it;

	memset(&it, 0, sizeof(it));
	it.id = id;
	it.env = env;
	it.env_len = len;
	return rstore_has_items(s, &it, 1, held);
}

int
rstore_has_items(struct rstore *s, const struct rstore_item *items, size_t n,
    int *held)
{
	MDB_txn *txn = NULL;
	MDB_val k, v;
	size_t i;
	int rc = 0;

	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0)
		return lmdb_err(rc);
	for (i = 0; i < n; i++) {
		held[i] = 0;
		k.mv_data = (void *)(uintptr_t)items[i].id;
		k.mv_size = ENVELOPE_ID_BYTES;
		rc = mdb_get(txn, s->envs, &k, &v);
		if (rc == 0)
			held[i] = v.mv_size == items[i].env_len &&
			    memcmp(v.mv_data, items[i].env, v.mv_size) == 0 ?
			    1 : 2;
		else if (rc != MDB_NOTFOUND)
			break;
		rc = 0;
	}
	mdb_txn_abort(txn);
	return lmdb_err(rc);
}

int
rstore_import(struct rstore *s, struct rstore_item *items, size_t n)
{
	MDB_txn *txn = NULL;
	MDB_val k, v;
	struct audit_chain ch;
	char num[CASE_NUMBER_MAX];
	uint16_t year;
	uint32_t last;
	size_t i;
	int rc, r = 0;

	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		return lmdb_err(rc);
	/* the counter and the audit head are read once and written once for
	 * the whole batch: per case they were most of import's store work */
	if ((r = counter_read(s, txn, &year, &last)) != 0 ||
	    (r = read_head(s, txn, &ch)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		k.mv_data = (void *)(uintptr_t)items[i].id;
		k.mv_size = ENVELOPE_ID_BYTES;
		v.mv_data = (void *)(uintptr_t)items[i].env;
		v.mv_size = items[i].env_len;
		rc = mdb_put(txn, s->envs, &k, &v, MDB_NOOVERWRITE);
		if (rc == MDB_KEYEXIST) {
			r = SNT_ERR_EXISTS;
			goto out;
		}
		if (rc != 0) {
			r = lmdb_err(rc);
			goto out;
		}
		if (last == UINT32_MAX) {
			r = SNT_ERR_TOO_LARGE;
			goto out;
		}
		memcpy(items[i].cf->id, items[i].id, ENVELOPE_ID_BYTES);
		items[i].cf->year = year;
		items[i].cf->seq = ++last;
		if ((r = put_case(s, txn, items[i].cf)) != 0)
			goto out;
		casefile_number(items[i].cf, num);
		if ((r = audit_put(s, txn, &ch, AUDIT_IMPORT, num, 0)) != 0)
			goto out;
	}
	if ((r = counter_write(s, txn, year, last)) != 0 ||
	    (r = head_put(s, txn, &ch)) != 0)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	sodium_memzero(&ch, sizeof(ch));
	return r;
}

int
rstore_complete(struct rstore *s, const struct casefile *const *done,
    size_t n)
{
	MDB_txn *txn = NULL;
	MDB_val k, v;
	struct casefile *cur = NULL;
	size_t i;
	int rc, r = 0;

	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	if (n == 0)
		return 0;
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		return lmdb_err(rc);
	for (i = 0; i < n; i++) {
		k.mv_data = (void *)(uintptr_t)done[i]->id;
		k.mv_size = ENVELOPE_ID_BYTES;
		rc = mdb_get(txn, s->cases, &k, &v);
		if (rc == MDB_NOTFOUND)
			continue;	/* purged meanwhile */
		if (rc != 0) {
			r = lmdb_err(rc);
			goto out;
		}
		/* Re-read under the write lock: another process may have
		 * completed or changed the record since our read; only the
		 * fields the envelope gives are taken from done[i]. */
		if ((r = casefile_open(v.mv_data, v.mv_size, done[i]->id,
		    s->k->cas, &cur)) != 0)
			goto out;
		if (casefile_is_pending(cur)) {
			cur->arrival = done[i]->arrival;
			cur->kind = done[i]->kind;
			cur->has_phone = done[i]->has_phone;
			cur->answer_due = done[i]->answer_due;
			cur->callback_due = done[i]->callback_due;
			if ((r = put_case(s, txn, cur)) != 0)
				goto out;
		}
		casefile_free(cur);
		cur = NULL;
	}
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
out:
	casefile_free(cur);
	if (txn != NULL)
		mdb_txn_abort(txn);
	return r;
}

int
rstore_foreach(struct rstore *s, rstore_case_fn fn, void *ctx)
{
	MDB_txn *txn = NULL;
	MDB_cursor *c = NULL;
	MDB_val k, v, ev;
	struct casefile *cf = NULL;
	int rc, r = 0;

	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0)
		return lmdb_err(rc);
	if ((rc = mdb_cursor_open(txn, s->cases, &c)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != ENVELOPE_ID_BYTES) {
			r = SNT_ERR_INVALID;
			goto out;
		}
		if ((r = casefile_open(v.mv_data, v.mv_size, k.mv_data,
		    s->k->cas, &cf)) != 0)
			goto out;
		if ((rc = mdb_get(txn, s->envs, &k, &ev)) != 0) {
			r = rc == MDB_NOTFOUND ? SNT_ERR_INVALID : lmdb_err(rc);
			goto out;
		}
		r = fn(ctx, cf, ev.mv_data, ev.mv_size);
		casefile_free(cf);
		cf = NULL;
		if (r != 0)
			goto out;
	}
	if (rc != MDB_NOTFOUND)
		r = lmdb_err(rc);
out:
	casefile_free(cf);
	if (c != NULL)
		mdb_cursor_close(c);
	mdb_txn_abort(txn);
	return r;
}

int
rstore_foreach_batch(struct rstore *s, size_t batch, rstore_batch_fn fn,
    void *ctx)
{
	MDB_txn *txn = NULL;
	MDB_cursor *c = NULL;
	MDB_val k, v, ev;
	struct casefile **cfs = NULL;
	struct rstore_case *cs = NULL;
	size_t n = 0, i;
	int rc, r = 0;

	if (s->k == NULL || batch == 0)
		return SNT_ERR_INTERNAL;
	if ((cfs = calloc(batch, sizeof(*cfs))) == NULL ||
	    (cs = calloc(batch, sizeof(*cs))) == NULL) {
		free(cfs);
		return SNT_ERR_NOMEM;
	}
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	if ((rc = mdb_cursor_open(txn, s->cases, &c)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); ;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (rc == 0) {
			if (k.mv_size != ENVELOPE_ID_BYTES) {
				r = SNT_ERR_INVALID;
				goto out;
			}
			if ((r = casefile_open(v.mv_data, v.mv_size, k.mv_data,
			    s->k->cas, &cfs[n])) != 0)
				goto out;
			if ((rc = mdb_get(txn, s->envs, &k, &ev)) != 0) {
				r = rc == MDB_NOTFOUND ? SNT_ERR_INVALID :
				    lmdb_err(rc);
				goto out;
			}
			cs[n].cf = cfs[n];
			cs[n].env = ev.mv_data;
			cs[n].env_len = ev.mv_size;
			n++;
		} else if (rc != MDB_NOTFOUND) {
			r = lmdb_err(rc);
			goto out;
		}
		if (n > 0 && (n == batch || rc == MDB_NOTFOUND)) {
			r = fn(ctx, cs, n);
			for (i = 0; i < n; i++) {
				casefile_free(cfs[i]);
				cfs[i] = NULL;
			}
			n = 0;
			if (r != 0)
				goto out;
		}
		if (rc == MDB_NOTFOUND)
			break;
	}
out:
	for (i = 0; i < batch; i++)
		casefile_free(cfs[i]);
	free(cfs);
	free(cs);
	if (c != NULL)
		mdb_cursor_close(c);
	mdb_txn_abort(txn);
	return r;
}

struct find_ctx {
	uint16_t year;
	uint32_t seq;
	uint8_t id[ENVELOPE_ID_BYTES];
	int found;
};

static int
find_fn(void *vctx, const struct casefile *cf, const uint8_t *env, size_t len)
{
	struct find_ctx *f = vctx;

	(void)env;
	(void)len;
	if (cf->year == f->year && cf->seq == f->seq) {
		memcpy(f->id, cf->id, ENVELOPE_ID_BYTES);
		f->found = 1;
		return 1;
	}
	return 0;
}

static int
parse_ref(const char *ref, struct find_ctx *f, int *by_id)
{
	char *end;
	unsigned long y, n;

	*by_id = 0;
	if (strlen(ref) == 2 * ENVELOPE_ID_BYTES) {
		if (sodium_hex2bin(f->id, ENVELOPE_ID_BYTES, ref, strlen(ref),
		    NULL, NULL, NULL) != 0)
			return SNT_ERR_INVALID;
		*by_id = 1;
		return 0;
	}
	if (!isdigit((unsigned char)ref[0]))
		return SNT_ERR_INVALID;
	y = strtoul(ref, &end, 10);
	if (*end != '-' || y < 1970 || y > 9999 ||
	    !isdigit((unsigned char)end[1]))
		return SNT_ERR_INVALID;
	n = strtoul(end + 1, &end, 10);
	if (*end != '\0' || n == 0 || n > 99999999)
		return SNT_ERR_INVALID;
	f->year = (uint16_t)y;
	f->seq = (uint32_t)n;
	return 0;
}

int
rstore_get(struct rstore *s, const char *ref, struct casefile **cfp,
    uint8_t **env, size_t *env_len)
{
	struct find_ctx f;
	MDB_txn *txn = NULL;
	MDB_val k, v;
	int r, rc, by_id;

	*cfp = NULL;
	*env = NULL;
	*env_len = 0;
	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	memset(&f, 0, sizeof(f));
	if ((r = parse_ref(ref, &f, &by_id)) != 0)
		return SNT_ERR_NOT_FOUND;
	if (!by_id) {
		r = rstore_foreach(s, find_fn, &f);
		if (r < 0)
			return r;
		if (!f.found)
			return SNT_ERR_NOT_FOUND;
	}
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0)
		return lmdb_err(rc);
	k.mv_data = f.id;
	k.mv_size = ENVELOPE_ID_BYTES;
	if ((rc = mdb_get(txn, s->cases, &k, &v)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	if ((r = casefile_open(v.mv_data, v.mv_size, f.id, s->k->cas, cfp)) != 0)
		goto out;
	if ((rc = mdb_get(txn, s->envs, &k, &v)) != 0) {
		r = rc == MDB_NOTFOUND ? SNT_ERR_INVALID : lmdb_err(rc);
		goto out;
	}
	if ((*env = malloc(v.mv_size)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	memcpy(*env, v.mv_data, v.mv_size);
	*env_len = v.mv_size;
out:
	mdb_txn_abort(txn);
	if (r != 0) {
		casefile_free(*cfp);
		*cfp = NULL;
	}
	return r;
}

int
rstore_put_case(struct rstore *s, const struct casefile *cf, uint8_t action,
    uint32_t detail)
{
	MDB_txn *txn = NULL;
	char num[CASE_NUMBER_MAX];
	int rc, r;

	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		return lmdb_err(rc);
	casefile_number(cf, num);
	if ((r = put_case(s, txn, cf)) != 0 ||
	    (r = audit_append(s, txn, action, num, detail)) != 0)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	return r;
}

int
rstore_audit(struct rstore *s, uint8_t action,
    const char (*case_nos)[CASE_NUMBER_MAX], size_t n, uint32_t detail)
{
	MDB_txn *txn = NULL;
	size_t i;
	int rc, r = 0;

	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		return lmdb_err(rc);
	if (n == 0)
		r = audit_append(s, txn, action, NULL, detail);
	for (i = 0; i < n && r == 0; i++)
		r = audit_append(s, txn, action, case_nos[i], detail);
	if (r != 0)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	r = lmdb_err(rc);
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	return r;
}

struct purge_ctx {
	uint64_t before;
	uint8_t (*ids)[ENVELOPE_ID_BYTES];
	char (*nums)[CASE_NUMBER_MAX];
	size_t n, cap;
};

static int
purge_fn(void *vctx, const struct casefile *cf, const uint8_t *env,
    size_t len)
{
	struct purge_ctx *p = vctx;
	void *a, *b;

	(void)env;
	(void)len;
	if (cf->status != CASE_CLOSED || cf->status_at >= p->before)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		a = reallocarray(p->ids, p->cap, sizeof(*p->ids));
		if (a != NULL)
			p->ids = a;
		b = reallocarray(p->nums, p->cap, sizeof(*p->nums));
		if (b != NULL)
			p->nums = b;
		if (a == NULL || b == NULL)
			return SNT_ERR_NOMEM;
	}
	memcpy(p->ids[p->n], cf->id, ENVELOPE_ID_BYTES);
	casefile_number(cf, p->nums[p->n]);
	p->n++;
	return 0;
}

int
rstore_purge(struct rstore *s, uint64_t before, size_t *purged)
{
	struct purge_ctx p;
	MDB_txn *txn = NULL;
	MDB_val k;
	size_t i;
	int rc, r;

	*purged = 0;
	memset(&p, 0, sizeof(p));
	p.before = before;
	if ((r = rstore_foreach(s, purge_fn, &p)) != 0)
		goto out;
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	for (i = 0; i < p.n; i++) {
		k.mv_data = p.ids[i];
		k.mv_size = ENVELOPE_ID_BYTES;
		if ((rc = mdb_del(txn, s->cases, &k, NULL)) != 0 ||
		    (rc = mdb_del(txn, s->envs, &k, NULL)) != 0) {
			r = lmdb_err(rc);
			goto out;
		}
		if ((r = audit_append(s, txn, AUDIT_PURGE, p.nums[i], 0)) != 0)
			goto out;
	}
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if ((r = lmdb_err(rc)) == 0)
		*purged = p.n;
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	free(p.ids);
	free(p.nums);
	return r;
}

int
rstore_audit_verify(struct rstore *s, rstore_audit_fn fn, void *ctx,
    uint64_t *count, uint64_t *bad_seq)
{
	MDB_txn *txn = NULL;
	MDB_cursor *c = NULL;
	MDB_val k, v;
	struct audit_chain ch, head;
	struct audit_entry e;
	uint64_t seq;
	size_t i;
	int rc, r;

	*count = 0;
	*bad_seq = 0;
	if (s->k == NULL)
		return SNT_ERR_INTERNAL;
	memset(&ch, 0, sizeof(ch));
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0)
		return lmdb_err(rc);
	if ((r = read_head(s, txn, &head)) != 0)
		goto out;
	if ((rc = mdb_cursor_open(txn, s->audit, &c)) != 0) {
		r = lmdb_err(rc);
		goto out;
	}
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8) {
			r = SNT_ERR_INVALID;
			*bad_seq = ch.count + 1;
			goto out;
		}
		for (seq = 0, i = 0; i < 8; i++)
			seq = seq << 8 | ((const uint8_t *)k.mv_data)[i];
		if ((r = audit_open(&s->k->audit, &ch, seq, v.mv_data,
		    v.mv_size, &e)) != 0) {
			*bad_seq = ch.count + 1;
			goto out;
		}
		*count = ch.count;
		if (fn != NULL && (r = fn(ctx, &e)) != 0)
			goto out;
	}
	if (rc != MDB_NOTFOUND) {
		r = lmdb_err(rc);
		goto out;
	}
	/* entries missing from the tail, or the head rolled back */
	if (!audit_chain_equal(&ch, &head))
		r = SNT_ERR_INVALID;
out:
	if (c != NULL)
		mdb_cursor_close(c);
	mdb_txn_abort(txn);
	return r;
}

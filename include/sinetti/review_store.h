/*
 * review_store.h — the reviewer's store (reviewer/review_store.c).
 *
 * A store is a directory holding:
 *   review.conf          text: keyring path, due-date rules, idle timeout,
 *                        language (docs/formats/review-store.md)
 *   gateway-signing.pub  the pinned gateway signing key (pubkey.h)
 *   data.mdb, lock.mdb   one LMDB environment, its own, with databases
 *     "meta"   magic, schema, encrypted counter, pin check, audit head
 *     "wraps"  key id -> the store key sealed to that epoch's team key
 *     "env"    envelope id -> sealed envelope, byte for byte as imported
 *     "case"   envelope id -> encrypted case record (casefile.h)
 *     "audit"  sequence number -> encrypted audit entry (audit.h)
 *
 * The store key is 32 random bytes made at the first unlock. It is kept
 * only sealed (crypto_box_seal) to the team public key of each epoch, with
 * a keyed BLAKE2b tag made from that epoch's team secret key so that
 * nobody without a team secret key can plant a key of their own.
 * When the keyring's newest epoch has no wrap (an officer was removed, or
 * keys rotated), the unlock re-keys the store: a new store key, every case
 * record, the counter and the audit log re-encrypted under it, old wraps
 * dropped, one wrap to the newest epoch. A removed officer's old epoch keys
 * then open nothing. The case, audit and meta keys are derived from the
 * store key with crypto_kdf (context "snt-rev1").
 *
 * Nothing in the store is readable without a passphrase except envelope
 * ids, arrival hours, the number of cases and of audit entries, and sizes.
 * Case numbers are inside the encrypted records; lookups by case number
 * scan and decrypt (there is no plaintext index to leak).
 *
 * Every write transaction commits with full sync. A struct rstore is for
 * one thread.
 */
#ifndef SINETTI_REVIEW_STORE_H
#define SINETTI_REVIEW_STORE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "sinetti/audit.h"
#include "sinetti/casefile.h"
#include "sinetti/keyring.h"

#define RSTORE_SCHEMA 1
#define RSTORE_CONF "review.conf"
#define RSTORE_GW_PUB "gateway-signing.pub"

struct rstore;

struct rstore_config {
	char keyring[PATH_MAX];		/* absolute path */
	struct due_rules due;
	uint32_t idle_minutes;		/* shell lock; default 10 */
	char lang[3];			/* "fi" (default), "sv", "en" */
};

/*
 * Creates a store in dir (made 0700; must not exist or be empty): checks
 * that keyring loads (keyring_load) and gw_pub parses
 * (signing_public_load), copies gw_pub in as gateway-signing.pub, writes
 * review.conf with defaults and the keyring's absolute path, and creates
 * the LMDB environment. No secret is needed or made.
 * Errors: SNT_ERR_EXISTS (dir not empty), those of keyring_load() and
 * signing_public_load(), SNT_ERR_IO, SNT_ERR_STORE.
 */
int rstore_init(const char *dir, const char *keyring, const char *gw_pub);

/*
 * Opens the store in dir: reads review.conf and the pinned key, opens the
 * environment and checks magic and schema. Holds no secrets yet.
 * Errors: SNT_ERR_NOT_VAULT, SNT_ERR_SCHEMA, SNT_ERR_CONFIG, SNT_ERR_STORE,
 * SNT_ERR_IO, those of signing_public_load().
 */
int rstore_open(const char *dir, struct rstore **s);
void rstore_close(struct rstore *s);	/* locks first; NULL accepted */

const struct rstore_config *rstore_config(const struct rstore *s);
const uint8_t *rstore_gateway_pk(const struct rstore *s);

/*
 * Opens the store key with the officer's unlocked keys (see above; makes
 * it at the first unlock), re-keys the store when the newest epoch has no
 * wrap (the audit chain must verify for that: SNT_ERR_CRYPTO or
 * SNT_ERR_INVALID otherwise), checks
 * the pinned gateway key against the copy authenticated inside the store,
 * and appends an "unlock" audit entry. u must outlive the unlocked state
 * (until rstore_lock or rstore_close).
 * Errors: SNT_ERR_UNKNOWN_KEY (this officer holds no epoch the store key is
 * wrapped to), SNT_ERR_CRYPTO (a wrap, counter or audit head fails
 * authentication), SNT_ERR_WRONG_PEER (gateway-signing.pub was replaced),
 * SNT_ERR_STORE, SNT_ERR_MAP_FULL, SNT_ERR_DISK_FULL.
 */
int rstore_unlock(struct rstore *s, const struct keyring_unlocked *u);

/* Wipes the derived keys. The store stays open. */
void rstore_lock(struct rstore *s);
int rstore_is_unlocked(const struct rstore *s);

/*
 * Is envelope id held? *held: 0 no, 1 yes with the same bytes, 2 yes with
 * different bytes (never overwritten).
 */
int rstore_has(struct rstore *s, const uint8_t id[ENVELOPE_ID_BYTES],
    const uint8_t *env, size_t len, int *held);

/*
 * rstore_has for n items in one read transaction: held[i] as above.
 * Errors: SNT_ERR_STORE.
 */
struct rstore_item;
int rstore_has_items(struct rstore *s, const struct rstore_item *items,
    size_t n, int *held);

/* One envelope to import; the caller fills cf (arrival, kind, phone and due
 * dates: casefile_set_pending when the envelope was not opened); the store
 * gives it its case number. */
struct rstore_item {
	const uint8_t *id;
	const uint8_t *env;
	size_t env_len;
	struct casefile *cf;
};

/*
 * Stores n new envelopes with their case records and one "import" audit
 * entry each, in one transaction committed with full sync: when this
 * returns 0 all are durable, otherwise none. Numbers are given in order,
 * restarting at 1 each calendar year (local time). Ids already held must
 * not be passed (rstore_has).
 * Errors: SNT_ERR_EXISTS (an id already held), SNT_ERR_MAP_FULL,
 * SNT_ERR_DISK_FULL, SNT_ERR_STORE, SNT_ERR_CRYPTO.
 */
int rstore_import(struct rstore *s, struct rstore_item *items, size_t n);

/*
 * Writes back records completed from their envelopes (casefile_complete)
 * in one transaction with full sync and no audit entry: completing is the
 * rest of the import, not an officer's action. Under the write lock each
 * stored record is read again and, only if it is still pending, given
 * done[i]'s arrival, kind, phone flag and due dates; anything else in it
 * (status, notes) stays as stored. Records purged meanwhile are skipped.
 * Errors: SNT_ERR_CRYPTO, SNT_ERR_MAP_FULL, SNT_ERR_DISK_FULL, SNT_ERR_STORE.
 */
int rstore_complete(struct rstore *s, const struct casefile *const *done,
    size_t n);

/*
 * Calls fn for each case (envelope id order), inside one read
 * transaction. cf is owned by the walk and freed after fn returns; env
 * points into the map and is valid only during the call. A non-zero return
 * from fn stops the walk and is returned.
 * Errors: SNT_ERR_CRYPTO (a record fails authentication), SNT_ERR_STORE.
 */
typedef int (*rstore_case_fn)(void *ctx, const struct casefile *cf,
    const uint8_t *env, size_t env_len);
int rstore_foreach(struct rstore *s, rstore_case_fn fn, void *ctx);

/*
 * Like rstore_foreach, but hands fn up to batch cases at a time (all
 * still inside the one read transaction), so that the caller can open
 * their envelopes together (review_open.h). The records and env pointers
 * are valid only during the call.
 */
struct rstore_case {
	const struct casefile *cf;
	const uint8_t *env;
	size_t env_len;
};
typedef int (*rstore_batch_fn)(void *ctx, const struct rstore_case *cases,
    size_t n);
int rstore_foreach_batch(struct rstore *s, size_t batch, rstore_batch_fn fn,
    void *ctx);

/*
 * Finds a case by case number ("2026-0042") or by envelope id (32 hex
 * digits). *cf (casefile_free) and *env (malloc, free) are the caller's.
 * Errors: SNT_ERR_NOT_FOUND, SNT_ERR_CRYPTO, SNT_ERR_STORE, SNT_ERR_NOMEM.
 */
int rstore_get(struct rstore *s, const char *ref, struct casefile **cf,
    uint8_t **env, size_t *env_len);

/* Rewrites a case record and appends an audit entry in one transaction. */
int rstore_put_case(struct rstore *s, const struct casefile *cf,
    uint8_t action, uint32_t detail);

/*
 * Appends one audit entry per case number given (n may be 0 with
 * case_nos NULL for one entry without a case), in one transaction.
 */
int rstore_audit(struct rstore *s, uint8_t action,
    const char (*case_nos)[CASE_NUMBER_MAX], size_t n, uint32_t detail);

/*
 * Deletes the envelope and record of every case closed before `before`
 * (Unix time), with one "purge" audit entry each, in one transaction.
 */
int rstore_purge(struct rstore *s, uint64_t before, size_t *purged);

/*
 * Verifies the whole audit chain against the head record, calling fn (may
 * be NULL) for every entry that verified, in order. *count is set to the
 * entries that verified before the first failure; *bad_seq to the
 * sequence number where it failed (0 for the head or tail).
 * Errors: SNT_ERR_CRYPTO (edited entry or head), SNT_ERR_INVALID (removed,
 * reordered or truncated), SNT_ERR_STORE.
 */
typedef int (*rstore_audit_fn)(void *ctx, const struct audit_entry *e);
int rstore_audit_verify(struct rstore *s, rstore_audit_fn fn, void *ctx,
    uint64_t *count, uint64_t *bad_seq);

/* The officer the store was unlocked by. */
const char *rstore_officer(const struct rstore *s);

#endif

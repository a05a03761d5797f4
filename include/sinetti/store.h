/*
 * store.h — the gateway's vault: sealed envelopes in LMDB (vault/store.c).
 *
 * One LMDB environment per vault directory, with named databases:
 * "meta" (magic, schema version), "env" (envelope id -> envelope bytes),
 * "lookup" (envelope id -> receipt lookup id), "state" (envelope id ->
 * export/ack state) and "acks" (hashes of applied acks). Every write
 * transaction commits with full sync: never MDB_NOSYNC, never
 * MDB_NOMEMINIT. Several processes may open the same vault: the serving
 * gateway writes while `export` reads a consistent snapshot.
 *
 * The store holds nothing that identifies a sender: envelopes are sealed and
 * their only visible time is the arrival hour.
 */
#ifndef SINETTI_STORE_H
#define SINETTI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/envelope.h"
#include "sinetti/receipt.h"

struct store;

struct store_opts {
	size_t map_initial;	/* bytes; 0 = 64 MiB */
	size_t map_max;		/* bytes; the map grows up to this; 0 = 4 GiB */
	int create;		/* create an empty vault if dir has none */
	int readonly;
};

/* One envelope to write. has_lookup is 0 when no receipt was made. */
struct store_item {
	uint8_t id[ENVELOPE_ID_BYTES];
	const uint8_t *env;
	size_t env_len;
	uint8_t lookup[RECEIPT_LOOKUP_BYTES];
	int has_lookup;
};

/*
 * Opens (or with opts->create, creates) the vault in dir. Checks the magic
 * and schema version, clears stale reader slots (mdb_reader_check).
 * Errors: SNT_ERR_NOT_VAULT (dir holds something else or nothing and
 * create is 0), SNT_ERR_SCHEMA, SNT_ERR_STORE, SNT_ERR_IO.
 */
int store_open(struct store **s, const char *dir, const struct store_opts *o);
void store_close(struct store *s);

/*
 * Writes n envelopes in one transaction and commits it with full sync.
 * Either all are durably stored when this returns 0, or none are.
 * A full map is grown (up to map_max) and the transaction retried.
 * Errors: SNT_ERR_MAP_FULL (at map_max), SNT_ERR_DISK_FULL, SNT_ERR_IO,
 * SNT_ERR_PANIC (the environment is unusable: every later write fails the
 * same way; the gateway exits so its supervisor restarts it),
 * SNT_ERR_STORE.
 */
int store_put_batch(struct store *s, const struct store_item *items,
    size_t n);

/* Number of envelopes held; and of those not yet acknowledged. */
int store_count(struct store *s, size_t *all, size_t *unacked);

/*
 * Calls fn for every envelope not yet acknowledged, in id order, inside
 * one read transaction (a consistent snapshot). The pointers are valid only
 * during the call. A non-zero return from fn stops the walk and is
 * returned.
 */
typedef int (*store_visit_fn)(void *ctx, const uint8_t id[ENVELOPE_ID_BYTES],
    const uint8_t *env, size_t env_len);
int store_foreach_unacked(struct store *s, store_visit_fn fn, void *ctx);

/* Vault size on disk in bytes (for metrics). */
int store_disk_size(struct store *s, uint64_t *bytes);

/*
 * Copies the envelope stored under id into a new malloc()ed buffer
 * (*env, freed with free()). Errors: SNT_ERR_NOT_FOUND, SNT_ERR_NOMEM,
 * SNT_ERR_STORE.
 */
int store_get(struct store *s, const uint8_t id[ENVELOPE_ID_BYTES],
    uint8_t **env, size_t *env_len);

/* 1 once a write failed in a way that makes the store refuse writes
 * (SNT_ERR_PANIC), else 0. */
int store_panicked(struct store *s);

/*
 * If anything was committed since the last call, unmaps this process's
 * view of the vault's pages (madvise(MADV_DONTNEED) of LMDB's read-only
 * map). Writing faults in the tree pages it changes and, through the
 * kernel's fault-around, the envelopes next to them; without this they
 * stay in the process's RSS (200 MiB after 100,000 envelopes). Nothing is
 * lost: the pages stay in the page cache and any later read, also one in
 * a transaction open in another thread, maps them again. Any thread, any
 * time; the gateway's main thread calls it once a second. Cheap when
 * nothing was written. NULL is accepted.
 */
void store_release_map(struct store *s);

/*
 * Caveats
 * - Open a vault directory at most once per process (an LMDB rule); other
 *   processes may open it at the same time.
 * - A store_visit_fn must not call other store functions: the walk holds
 *   the map-resize lock for reading.
 * - store_put_batch refuses (SNT_ERR_INVALID) an item whose envelope
 *   header does not parse, and SNT_ERR_EXISTS if an id is already held;
 *   the whole batch then stores nothing. store_open with readonly gives
 *   SNT_ERR_PERM on every write.
 */

#endif

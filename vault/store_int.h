/*
 * store_int.h — store.c internals for the follow-up tables
 * (vault/reply_store.c). Not a public API: nothing outside vault/ includes
 * it.
 *
 * Two named databases in the gateway's vault serve the follow-up:
 *   "bylookup"  lookup id -> envelope id, written by store_put_batch beside
 *               "lookup", so a citizen's status is found by the receipt
 *               without a scan; kept when the envelope is purged;
 *   "reply"     lookup id || BLAKE2b-128 of the record -> reply record.
 * Vaults made before they existed get them (and "bylookup" is filled from
 * "lookup") at the first writable store_open.
 */
#ifndef SINETTI_STORE_INT_H
#define SINETTI_STORE_INT_H

#include <lmdb.h>

#include "sinetti/store.h"

struct store_fu {
	MDB_dbi lookup;		/* envelope id -> lookup id */
	MDB_dbi bylookup;	/* lookup id -> envelope id */
	MDB_dbi reply;		/* lookup id || digest -> record */
};

/*
 * fn runs inside a transaction; it returns 0, an LMDB code or a negative
 * snt code, which the caller maps (and for a write, aborts on).
 */
typedef int (*store_fu_fn)(MDB_txn *txn, const struct store_fu *t, void *arg);

/* fn in a read transaction (one consistent snapshot). Errors: those fn
 * returns, mapped; SNT_ERR_NOT_FOUND when the vault is read-only and
 * predates the follow-up tables; SNT_ERR_STORE. */
int store_fu_read(struct store *s, store_fu_fn fn, void *arg);

/* fn in a write transaction committed with full sync, grown and retried
 * from the start on a full map like store_put_batch. Errors: as
 * store_put_batch, and those fn returns. */
int store_fu_write(struct store *s, store_fu_fn fn, void *arg);

#endif

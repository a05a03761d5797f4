/*
 * reply_store.h — the gateway's side of the follow-up: replies filed by
 * receipt lookup id in the vault (vault/reply_store.c).
 *
 * The vault keeps, beside each envelope, the lookup id its receipt derives
 * (store.h). Imported reply records are filed under that lookup id, so a
 * citizen who brings the receipt finds them; the records stay encrypted
 * to the receipt's reply key (reply.h), so the vault never holds a reply
 * the gateway can read on its own. Records and the lookup index outlive
 * the purge of their envelope: the citizen still needs them after the
 * reviewer has taken the envelope away.
 */
#ifndef SINETTI_REPLY_STORE_H
#define SINETTI_REPLY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/receipt.h"
#include "sinetti/reply.h"
#include "sinetti/store.h"

/* Records kept per case; more are refused at import (counted as full),
 * so the work a status request does stays bounded. */
#define REPLY_PER_CASE_MAX 100

struct reply_import_counts {
	size_t stored;		/* new records filed */
	size_t known;		/* already held (a re-import) */
	size_t unknown;		/* envelope id not in this vault, or no receipt */
	size_t full;		/* the case already holds REPLY_PER_CASE_MAX */
};

/*
 * Files every record of a verified bundle under its envelope's lookup id,
 * in one transaction committed with full sync: all or nothing. Importing
 * the same bundle again stores nothing new (idempotent). *c (may be NULL)
 * says what happened to each entry.
 * Errors: those of store_put_batch(), SNT_ERR_NOT_FOUND (a read-only vault
 * without the follow-up tables).
 */
int reply_store_import(struct store *s, const struct reply_bundle *b,
    struct reply_import_counts *c);

/* What a lookup id finds. Records are malloc()ed copies, in key order
 * (not time order: that is inside the encryption). */
struct reply_found {
	int exists;		/* a submission with this lookup id was stored */
	size_t n;		/* records, at most REPLY_PER_CASE_MAX */
	uint8_t *rec[REPLY_PER_CASE_MAX];
	size_t rec_len[REPLY_PER_CASE_MAX];
};

/*
 * Looks up lookup in one read transaction. *f is new (reply_found_free);
 * for an unknown id it is returned with exists 0 and n 0, not an error.
 * Errors: SNT_ERR_NOMEM, SNT_ERR_STORE, SNT_ERR_NOT_FOUND (vault predates
 * the follow-up tables and is open read-only).
 */
int reply_store_find(struct store *s, const uint8_t lookup[RECEIPT_LOOKUP_BYTES],
    struct reply_found **f);
void reply_found_free(struct reply_found *f);

#endif

/*
 * reply_store.c — replies filed by lookup id in the gateway's vault
 * (reply_store.h). The tables are store.c's (store_int.h); this file only
 * decides what goes in them.
 */
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/reply_store.h"
#include "store_int.h"

#define DIGEST_BYTES 16
#define KEY_BYTES (RECEIPT_LOOKUP_BYTES + DIGEST_BYTES)

/* LMDB's MDB_val is not const, but mdb_get/mdb_put do not write keys. */
static void *
unconst(const void *p)
{
	union { const void *c; void *v; } u;

	u.c = p;
	return u.v;
}

/* Records already filed under lookup, counted up to REPLY_PER_CASE_MAX. */
static int
count_for(MDB_txn *txn, MDB_dbi dbi, const uint8_t *lookup, size_t *n)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	*n = 0;
	if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
		return rc;
	k.mv_data = unconst(lookup);
	k.mv_size = RECEIPT_LOOKUP_BYTES;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != KEY_BYTES ||
		    memcmp(k.mv_data, lookup, RECEIPT_LOOKUP_BYTES) != 0 ||
		    *n >= REPLY_PER_CASE_MAX)
			break;
		(*n)++;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct import_job {
	const struct reply_bundle *b;
	struct reply_import_counts c;
};

static int
import_fn(MDB_txn *txn, const struct store_fu *t, void *arg)
{
	struct import_job *j = arg;
	uint8_t key[KEY_BYTES];
	const uint8_t *id, *rec;
	MDB_val k, v;
	size_t i, n, rlen;
	int rc;

	memset(&j->c, 0, sizeof(j->c));
	for (i = 0; i < reply_bundle_count(j->b); i++) {
		reply_bundle_get(j->b, i, &id, &rec, &rlen);
		k.mv_data = unconst(id);
		k.mv_size = ENVELOPE_ID_BYTES;
		if ((rc = mdb_get(txn, t->lookup, &k, &v)) == MDB_NOTFOUND ||
		    (rc == 0 && v.mv_size != RECEIPT_LOOKUP_BYTES)) {
			j->c.unknown++;
			continue;
		}
		if (rc != 0)
			return rc;
		memcpy(key, v.mv_data, RECEIPT_LOOKUP_BYTES);
		/* The key names the record's bytes: the same record twice is
		 * one row, so a re-import changes nothing. */
		crypto_generichash(key + RECEIPT_LOOKUP_BYTES, DIGEST_BYTES,
		    rec, rlen, NULL, 0);
		k.mv_data = key;
		k.mv_size = KEY_BYTES;
		if ((rc = mdb_get(txn, t->reply, &k, &v)) == 0) {
			j->c.known++;
			continue;
		}
		if (rc != MDB_NOTFOUND)
			return rc;
		if ((rc = count_for(txn, t->reply, key, &n)) != 0)
			return rc;
		if (n >= REPLY_PER_CASE_MAX) {
			j->c.full++;
			continue;
		}
		v.mv_data = unconst(rec);
		v.mv_size = rlen;
		if ((rc = mdb_put(txn, t->reply, &k, &v, 0)) != 0)
			return rc;
		j->c.stored++;
	}
	return 0;
}

int
reply_store_import(struct store *s, const struct reply_bundle *b,
    struct reply_import_counts *c)
{
	struct import_job j;
	int r;

	memset(&j, 0, sizeof(j));
	j.b = b;
	if (c != NULL)
		memset(c, 0, sizeof(*c));
	if ((r = store_fu_write(s, import_fn, &j)) != 0)
		return r;
	if (c != NULL)
		*c = j.c;
	return 0;
}

struct find_job {
	const uint8_t *lookup;
	struct reply_found *f;
};

static int
find_fn(MDB_txn *txn, const struct store_fu *t, void *arg)
{
	struct find_job *j = arg;
	struct reply_found *f = j->f;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	k.mv_data = unconst(j->lookup);
	k.mv_size = RECEIPT_LOOKUP_BYTES;
	rc = mdb_get(txn, t->bylookup, &k, &v);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	f->exists = rc == 0;
	if ((rc = mdb_cursor_open(txn, t->reply, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != KEY_BYTES ||
		    memcmp(k.mv_data, j->lookup, RECEIPT_LOOKUP_BYTES) != 0 ||
		    f->n >= REPLY_PER_CASE_MAX)
			break;
		if ((f->rec[f->n] = malloc(v.mv_size ? v.mv_size : 1)) == NULL) {
			rc = SNT_ERR_NOMEM;
			break;
		}
		memcpy(f->rec[f->n], v.mv_data, v.mv_size);
		f->rec_len[f->n] = v.mv_size;
		f->n++;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
reply_store_find(struct store *s, const uint8_t lookup[RECEIPT_LOOKUP_BYTES],
    struct reply_found **out)
{
	struct find_job j;
	int r;

	*out = NULL;
	if ((j.f = calloc(1, sizeof(*j.f))) == NULL)
		return SNT_ERR_NOMEM;
	j.lookup = lookup;
	if ((r = store_fu_read(s, find_fn, &j)) != 0) {
		reply_found_free(j.f);
		return r;
	}
	*out = j.f;
	return 0;
}

void
reply_found_free(struct reply_found *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->rec[i]);
	free(f);
}

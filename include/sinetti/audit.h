/*
 * audit.h — the reviewer's tamper-evident audit log (reviewer/audit.c).
 *
 * Every successful unlock and every action on a case (import, list, view,
 * phone reveal, status change, assignment, note, callback, export, purge)
 * appends one entry: sequence number, time, officer, action, case number
 * and a small number (a count or a new status). Never any content.
 *
 * Each entry is encrypted and authenticated with XChaCha20-Poly1305 under
 * the audit key, with the sequence number and the previous entry's chain
 * hash as associated data; the chain hash of an entry is keyed BLAKE2b-256
 * (mac key) over the previous hash and the stored entry bytes. A separate
 * head record (count and last chain hash, keyed BLAKE2b) is rewritten in the
 * same transaction as each append, so dropping entries from the tail is
 * caught too. Editing, removing, reordering or truncating entries fails
 * verification. Format: docs/formats/audit.md.
 *
 * These functions are pure (no storage): review_store.c keeps entries in
 * LMDB under their sequence number.
 */
#ifndef SINETTI_AUDIT_H
#define SINETTI_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/casefile.h"

#define AUDIT_VERSION 1
#define AUDIT_HASH_BYTES 32
#define AUDIT_HEAD_BYTES (1 + 8 + AUDIT_HASH_BYTES + 32)
#define AUDIT_ENTRY_MAX 512

enum audit_action {
	AUDIT_UNLOCK   = 1,
	AUDIT_IMPORT   = 2,	/* one per case imported */
	AUDIT_LIST     = 3,	/* detail: cases shown */
	AUDIT_VIEW     = 4,
	AUDIT_REVEAL   = 5,	/* phone number shown */
	AUDIT_STATUS   = 6,	/* detail: new enum case_status */
	AUDIT_ASSIGN   = 7,
	AUDIT_NOTE     = 8,
	AUDIT_CALLBACK = 9,
	AUDIT_EXPORT   = 10,	/* one per case exported */
	AUDIT_PURGE    = 11,	/* one per case purged */
	AUDIT_INIT     = 12,	/* store key created */
	AUDIT_REKEY    = 13,	/* store re-keyed after a key rotation */
	AUDIT_REPLY    = 14,	/* reply queued; detail: enum reply_status */
	AUDIT_OUTBOX   = 15,	/* reply bundle written; one per case; detail: entries */
	AUDIT_ACTION_LAST = 15
};

struct audit_keys {
	uint8_t enc[32];	/* AEAD key for entries */
	uint8_t mac[32];	/* keyed BLAKE2b for chain and head */
};

struct audit_entry {
	uint64_t seq;		/* 1, 2, ... */
	uint64_t time;
	uint8_t action;		/* enum audit_action */
	char officer[CASE_NAME_MAX + 1];
	char case_no[CASE_NUMBER_MAX];	/* "" when the action has no case */
	uint32_t detail;
};

/* Chain state: the last sequence number and chain hash (all zero at start). */
struct audit_chain {
	uint64_t count;
	uint8_t last[AUDIT_HASH_BYTES];
};

/* Stable names: "unlock", "import", ...; NULL if unknown. */
const char *audit_action_name(uint8_t action);

/*
 * Makes the next entry: sets e->seq to ch->count + 1, encrypts it into *val
 * (malloc) and advances *ch. Errors: SNT_ERR_INVALID (names too long or an
 * unknown action), SNT_ERR_NOMEM.
 */
int audit_seal(const struct audit_keys *k, struct audit_chain *ch,
    struct audit_entry *e, uint8_t **val, size_t *len);

/*
 * Checks and decrypts the entry stored under seq, which must be
 * ch->count + 1, and advances *ch. Errors: SNT_ERR_CRYPTO (edited,
 * reordered, from another chain position), SNT_ERR_INVALID (gap in the
 * sequence), SNT_ERR_VERSION, SNT_ERR_TRUNCATED.
 */
int audit_open(const struct audit_keys *k, struct audit_chain *ch,
    uint64_t seq, const uint8_t *val, size_t len, struct audit_entry *e);

/* The authenticated head record for *ch. */
void audit_head_make(const struct audit_keys *k, const struct audit_chain *ch,
    uint8_t out[AUDIT_HEAD_BYTES]);

/*
 * Parses and authenticates a head record into *ch. Errors: SNT_ERR_CRYPTO,
 * SNT_ERR_VERSION, SNT_ERR_INVALID (wrong length).
 */
int audit_head_read(const struct audit_keys *k, const uint8_t *buf,
    size_t len, struct audit_chain *ch);

/* 1 when the two chain states are equal (constant time). */
int audit_chain_equal(const struct audit_chain *a, const struct audit_chain *b);

#endif

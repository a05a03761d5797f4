/*
 * reply_cmd.h — the reviewer's follow-up commands (reviewer/reply_cmd.c):
 *
 *   reply ID --file F [--status received|in-progress|answered]
 *       encrypts the text in F (UTF-8, at most REPLY_TEXT_MAX bytes) and
 *       the status to the case's reply key (from inside its envelope)
 *       into the outbox; keeps a copy as a case note; audited.
 *   outbox --out FILE [--all]
 *       writes every pending outbox entry (--all: also those already
 *       written once) as a reply bundle signed with the reviewer's signing
 *       key for the pinned gateway; audited; the entries are then kept as
 *       sent (a lost file can be made again with --all: the gateway's
 *       import is idempotent).
 *
 * The outbox is the directory outbox/ in the store (entries 0600; sent/
 * below it). An entry holds the envelope id and the reply record, which
 * only the citizen's receipt opens: nothing in it is readable without the
 * receipt, beyond which envelope has a reply of which size bucket.
 * Format: docs/formats/reply.md.
 *
 * Like review_cmd.h, every function returns an exit status: 0 success,
 * 1 failure explained in one line on stderr, 2 usage error.
 */
#ifndef SINETTI_REPLY_CMD_H
#define SINETTI_REPLY_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/casefile.h"
#include "sinetti/review_cmd.h"

#define REPLY_OUTBOX_DIR "outbox"

/* 1 for "reply" and "outbox". */
int reply_cmd_is_command(const char *name);

/* Runs reply or outbox (argv[0]); unlocks the store first. */
int reply_cmd_run(struct review_ctx *c, int argc, char **argv);

/*
 * After a status change of cf (already saved): queues a status-only
 * record so the citizen sees it (new -> received, in-progress, answered;
 * closed queues nothing). env is the case's envelope.
 */
int reply_queue_status(struct review_ctx *c, const struct casefile *cf,
    const uint8_t *env, size_t env_len);

#endif

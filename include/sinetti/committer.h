/*
 * committer.h — group commit (vault/committer.c).
 *
 * One writer thread takes every envelope that is waiting, writes them in
 * one transaction (store_put_batch), commits with full sync, and only then
 * reports each one as stored. Durability costs one fsync per batch, not per
 * submission. A submission reported stored survives kill -9 and power loss;
 * one that was not is never reported stored.
 */
#ifndef SINETTI_COMMITTER_H
#define SINETTI_COMMITTER_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/store.h"

struct committer;

struct committer_opts {
	size_t max_batch;	/* envelopes per transaction; 0 = 256 */
	size_t max_pending;	/* queue bound; submit gives SNT_ERR_RATE past it; 0 = 4096 */
};

/*
 * Called exactly once per accepted submission, from the writer thread,
 * after the batch holding it committed (result 0) or failed (a negative
 * code from store_put_batch, or SNT_ERR_SHUTDOWN). Must not block.
 */
typedef void (*committer_done_fn)(void *ctx, int result);

/* Starts the writer thread over an open store the caller keeps open until
 * committer_stop() returns. */
int committer_start(struct committer **c, struct store *s,
    const struct committer_opts *o);

/*
 * Queues one envelope. On 0 the committer owns env (a malloc()ed buffer,
 * as envelope_seal returns) and will call done(ctx, result) exactly once.
 * On error nothing is queued, done is never called and the caller still
 * owns env. item->env is ignored (env is stored); item->env_len is its
 * length. Errors: SNT_ERR_RATE (queue full), SNT_ERR_SHUTDOWN,
 * SNT_ERR_PANIC (store refused writes earlier), SNT_ERR_NOMEM,
 * SNT_ERR_INVALID (env's header does not parse, or done is NULL).
 */
int committer_submit(struct committer *c, const struct store_item *item,
    uint8_t *env, committer_done_fn done, void *ctx);

/* Batches and envelopes written so far (either pointer may be NULL). */
void committer_stats(struct committer *c, uint64_t *batches,
    uint64_t *stored);

/* Queues and waits for the result; takes env as committer_submit does,
 * including on error (env is always freed). Returns the result. */
int committer_submit_wait(struct committer *c, const struct store_item *item,
    uint8_t *env);

/* Finishes every queued submission, then stops the thread and frees c.
 * NULL is accepted. */
void committer_stop(struct committer *c);

#endif

/*
 * gwpool.h — a fixed pool of worker threads fed by a bounded queue
 * (gateway/gwpool.c).
 *
 * The gateway's polling threads hand each submission's sealing (the
 * receipt's key pair and crypto_box_seal: three X25519 operations, most of
 * a request's CPU) to this pool and suspend the connection. libmicrohttpd
 * gives each connection to whichever polling thread accepted it, and a
 * burst of new connections often lands on one thread, which then did all
 * the crypto on one core while the other idled; the pool spreads the work
 * over every core whatever the connections' distribution.
 *
 * Items are opaque pointers owned by the caller; the pool never frees one.
 * Each item pushed before gwpool_stop() is handed to the work function
 * exactly once, on one of the pool's threads, in no promised order.
 */
#ifndef SINETTI_GWPOOL_H
#define SINETTI_GWPOOL_H

#include <stddef.h>

struct gwpool;

/* Runs on a pool thread; must not call gwpool_stop(). */
typedef void (*gwpool_fn)(void *ctx, void *item);

/*
 * Starts nthreads (1..64) threads and a queue of capacity (>= 1) items.
 * Errors: SNT_ERR_INVALID (a count out of range), SNT_ERR_NOMEM,
 * SNT_ERR_INTERNAL (a thread could not be created; none is left running).
 */
int gwpool_start(struct gwpool **p, unsigned nthreads, size_t capacity,
    gwpool_fn fn, void *ctx);

/*
 * Queues item; returns at once. Errors: SNT_ERR_SHUTDOWN (gwpool_stop()
 * has begun; the item was not queued), SNT_ERR_RATE (the queue is full;
 * not queued). Safe from any thread.
 */
int gwpool_push(struct gwpool *p, void *item);

/*
 * Refuses further pushes (they get SNT_ERR_SHUTDOWN), lets the threads
 * finish every item already queued and joins them. The pool stays valid
 * for gwpool_push() from other threads until gwpool_free(). Idempotent.
 */
void gwpool_stop(struct gwpool *p);

/* gwpool_stop(), then frees the pool; no thread may use it any more.
 * NULL is accepted. */
void gwpool_free(struct gwpool *p);

/* Number of online processors, at least 1 and at most 64: the default
 * pool size. */
unsigned gwpool_cpus(void);

#endif

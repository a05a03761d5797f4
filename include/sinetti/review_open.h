/*
 * review_open.h — opening many envelopes at once (reviewer/review_open.c).
 *
 * Opening an envelope is one X25519 (about 40 µs of one core); list,
 * export and the completion of records imported unopened open hundreds or
 * thousands at a time. An opener runs that work on as many threads as the
 * machine has cores (sysconf), the calling thread being one of them.
 *
 * Plaintext stays in smem memory: every thread opens into its own locked
 * buffers (envelope_open's smem block, from that thread's smem cache), and
 * the same thread wipes and frees them at the next ropener_run() or at
 * ropener_free(), so the blocks are reused instead of mapped and unmapped
 * per envelope. Results come back in the order given, whichever thread
 * opened them.
 *
 * Linked only into the reviewer and the tests and benches (it needs
 * envelope_open.o, which the gateway never links).
 */
#ifndef SINETTI_REVIEW_OPEN_H
#define SINETTI_REVIEW_OPEN_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"
#include "sinetti/pubkey.h"

/* One envelope to open: env and len in; r, plain, plen and c out. */
struct ropen {
	const uint8_t *env;
	size_t len;
	int r;			/* 0, or the error of envelope_open / key_fn */
	uint8_t *plain;		/* smem; owned by the opener */
	size_t plen;
	struct content c;	/* points into plain */
	unsigned owner;		/* internal: the thread that opened it */
};

/* Finds the team keypair for a key id, or returns SNT_ERR_UNKNOWN_KEY.
 * Called from several threads at once; must only read. */
typedef int (*ropen_key_fn)(void *kctx, const uint8_t key_id[KEY_ID_BYTES],
    const uint8_t **pk, const uint8_t **sk);

struct ropener;

/* Envelopes per thread per ropener_run() that keep every thread's smem
 * blocks in its cache (smem.c keeps up to 128 a size class). */
#define ROPEN_PER_THREAD 64

/* The number of threads an opener uses when given 0: the cores online. */
unsigned ropen_default_threads(void);

/*
 * Starts an opener with nthreads threads in all (0: ropen_default_threads;
 * the caller of ropener_run counts as one, so nthreads - 1 are started).
 * key and kctx must outlive it. Errors: SNT_ERR_NOMEM, SNT_ERR_INTERNAL
 * (a thread could not be started; an opener with fewer threads is still
 * made when at least the calling thread is left: *op is then set and 0
 * returned).
 */
int ropener_new(unsigned nthreads, ropen_key_fn key, void *kctx,
    struct ropener **op);

/* The threads the opener runs on, the caller's included. */
unsigned ropener_threads(const struct ropener *o);

/*
 * Opens jobs[0..n) on all threads and returns when every one is done;
 * each job's r says whether it opened. First wipes and frees the plaintext
 * of the previous run: a job's plain and c are valid until the next
 * ropener_run or ropener_free (the jobs array itself is the caller's and
 * may be freed at once). n may be anything; up to
 * ROPEN_PER_THREAD * ropener_threads() at a time keeps memory bounded.
 * Returns 0, or SNT_ERR_NOMEM when the opener could not note who holds
 * some plaintext (those jobs are then wiped and failed with
 * SNT_ERR_NOMEM); per-job failures are in jobs[i].r.
 */
int ropener_run(struct ropener *o, struct ropen *jobs, size_t n);

/* Wipes and frees the last run's plaintext, stops the threads. NULL is
 * accepted. */
void ropener_free(struct ropener *o);

#endif

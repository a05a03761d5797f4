/*
 * review_open.c — opening envelopes on every core (review_open.h).
 *
 * Trust: the plaintext of every opened envelope passes through here. It is
 * only ever in smem blocks that the thread which opened it wipes and frees
 * (smem_free wipes), one run later.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/review_open.h"
#include "sinetti/smem.h"

#define THREADS_MAX 64
/* Opening needs little stack; under mlockall(MCL_FUTURE) (smem.h) every
 * page of a default 8 MiB thread stack would be populated and locked. */
#define STACK_BYTES ((size_t)256 << 10)

struct ropener;

struct worker {
	struct ropener *o;
	unsigned idx;
	pthread_t th;
	int started;
};

struct ropener {
	ropen_key_fn key;
	void *kctx;
	unsigned nthreads;		/* the caller's included */
	struct worker w[THREADS_MAX];
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned long gen;		/* bumped for every run */
	unsigned busy;			/* workers still in this run */
	int stop;
	/* the run */
	struct ropen *jobs;
	size_t n;
	atomic_size_t next;
	/* the previous run's plaintext, each freed by its owner */
	struct held { uint8_t *plain; unsigned owner; } *held;
	size_t nheld, capheld;
};

unsigned
ropen_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > THREADS_MAX ? THREADS_MAX : (unsigned)n;
}

unsigned
ropener_threads(const struct ropener *o)
{
	return o->nthreads;
}

/* Wipes and frees what thread idx opened in the previous run, so that
 * its blocks go back to its own smem cache. */
static void
release_mine(struct ropener *o, unsigned idx)
{
	size_t i;

	for (i = 0; i < o->nheld; i++)
		if (o->held[i].owner == idx && o->held[i].plain != NULL) {
			smem_free(o->held[i].plain);
			o->held[i].plain = NULL;
		}
}

static void
open_one(struct ropener *o, struct ropen *j, unsigned idx)
{
	struct envelope_header h;
	const uint8_t *pk, *sk;

	j->owner = idx;
	j->plain = NULL;
	j->plen = 0;
	memset(&j->c, 0, sizeof(j->c));
	if ((j->r = envelope_parse_header(j->env, j->len, &h)) != 0 ||
	    (j->r = o->key(o->kctx, h.key_id, &pk, &sk)) != 0)
		return;
	j->r = envelope_open(j->env, j->len, pk, sk, &j->plain, &j->plen,
	    &j->c);
}

/* One thread's share of a run: first its old blocks, then jobs taken
 * from the shared counter until none are left. */
static void
work(struct ropener *o, unsigned idx)
{
	size_t i;

	release_mine(o, idx);
	while ((i = atomic_fetch_add(&o->next, 1)) < o->n)
		open_one(o, &o->jobs[i], idx);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct ropener *o = w->o;
	unsigned long seen = 0;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->gen == seen && !o->stop)
			pthread_cond_wait(&o->go, &o->mu);
		if (o->gen != seen) {
			seen = o->gen;
			pthread_mutex_unlock(&o->mu);
			work(o, w->idx);
			pthread_mutex_lock(&o->mu);
			if (--o->busy == 0)
				pthread_cond_signal(&o->done);
			continue;
		}
		break;		/* stop, and no run left to do */
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

int
ropener_new(unsigned nthreads, ropen_key_fn key, void *kctx,
    struct ropener **op)
{
	struct ropener *o;
	pthread_attr_t attr;
	unsigned i;
	int attr_ok;

	*op = NULL;
	if (nthreads == 0)
		nthreads = ropen_default_threads();
	if (nthreads > THREADS_MAX)
		nthreads = THREADS_MAX;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return SNT_ERR_NOMEM;
	o->key = key;
	o->kctx = kctx;
	atomic_init(&o->next, 0);
	if (pthread_mutex_init(&o->mu, NULL) != 0) {
		free(o);
		return SNT_ERR_INTERNAL;
	}
	pthread_cond_init(&o->go, NULL);
	pthread_cond_init(&o->done, NULL);
	o->nthreads = 1;
	attr_ok = pthread_attr_init(&attr) == 0;
	if (attr_ok)
		(void)pthread_attr_setstacksize(&attr, STACK_BYTES);
	for (i = 1; i < nthreads; i++) {
		o->w[i].o = o;
		o->w[i].idx = i;
		if (pthread_create(&o->w[i].th, attr_ok ? &attr : NULL,
		    worker_main, &o->w[i]) != 0)
			break;		/* fewer threads: slower, still right */
		o->w[i].started = 1;
		o->nthreads++;
	}
	if (attr_ok)
		pthread_attr_destroy(&attr);
	*op = o;
	return 0;
}

int
ropener_run(struct ropener *o, struct ropen *jobs, size_t n)
{
	size_t i;
	int r = 0;

	pthread_mutex_lock(&o->mu);
	o->jobs = jobs;
	o->n = n;
	atomic_store(&o->next, 0);
	o->busy = o->nthreads - 1;
	o->gen++;
	pthread_cond_broadcast(&o->go);
	pthread_mutex_unlock(&o->mu);
	work(o, 0);
	pthread_mutex_lock(&o->mu);
	while (o->busy > 0)
		pthread_cond_wait(&o->done, &o->mu);
	pthread_mutex_unlock(&o->mu);
	/* the threads are idle: note who holds which block for the next run */
	o->nheld = 0;
	if (n > o->capheld) {
		void *p = reallocarray(o->held, n, sizeof(*o->held));

		if (p != NULL) {
			o->held = p;
			o->capheld = n;
		}
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].plain == NULL)
			continue;
		if (o->nheld < o->capheld) {
			o->held[o->nheld].plain = jobs[i].plain;
			o->held[o->nheld++].owner = jobs[i].owner;
			continue;
		}
		/* no room to remember it: give up the result rather than
		 * leave plaintext that nobody would wipe */
		smem_free(jobs[i].plain);
		jobs[i].plain = NULL;
		memset(&jobs[i].c, 0, sizeof(jobs[i].c));
		jobs[i].r = SNT_ERR_NOMEM;
		r = SNT_ERR_NOMEM;
	}
	return r;
}

void
ropener_free(struct ropener *o)
{
	unsigned i;

	if (o == NULL)
		return;
	/* an empty run: every thread frees its blocks of the last one */
	ropener_run(o, NULL, 0);
	pthread_mutex_lock(&o->mu);
	o->stop = 1;
	pthread_cond_broadcast(&o->go);
	pthread_mutex_unlock(&o->mu);
	for (i = 1; i < THREADS_MAX; i++)
		if (o->w[i].started)
			pthread_join(o->w[i].th, NULL);
	free(o->held);
	pthread_cond_destroy(&o->go);
	pthread_cond_destroy(&o->done);
	pthread_mutex_destroy(&o->mu);
	free(o);
}

/* gwpool.c — worker threads behind a bounded queue (gwpool.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/gwpool.h"

#define GWPOOL_MAX_THREADS 64u

struct gwpool {
	pthread_mutex_t lock;
	pthread_cond_t ready;		/* an item was queued, or closing */
	void **ring;
	size_t cap, head, n;		/* under lock */
	int closing;			/* under lock */
	gwpool_fn fn;
	void *ctx;
	unsigned nthreads;		/* threads started */
	pthread_t threads[GWPOOL_MAX_THREADS];
};

/* Takes the next item into *item, waiting for one; 0 once closing and
 * empty, so everything queued before gwpool_stop() is still done. */
static int
take(struct gwpool *p, void **item)
{
	int got = 0;

	pthread_mutex_lock(&p->lock);
	while (p->n == 0 && !p->closing)
		pthread_cond_wait(&p->ready, &p->lock);
	if (p->n > 0) {
		*item = p->ring[p->head];
		p->head = (p->head + 1) % p->cap;
		p->n--;
		got = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

static void *
worker(void *arg)
{
	struct gwpool *p = arg;
	void *item;

	while (take(p, &item))
		p->fn(p->ctx, item);
	return NULL;
}

/* Closes the queue and joins the threads started so far. */
static void
join_all(struct gwpool *p)
{
	unsigned i;

	pthread_mutex_lock(&p->lock);
	p->closing = 1;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	p->nthreads = 0;
}

static void
destroy(struct gwpool *p)
{
	pthread_cond_destroy(&p->ready);
	pthread_mutex_destroy(&p->lock);
	free(p->ring);
	free(p);
}

int
gwpool_start(struct gwpool **out, unsigned nthreads, size_t capacity,
    gwpool_fn fn, void *ctx)
{
	struct gwpool *p;
	unsigned i;

	*out = NULL;
	if (nthreads == 0 || nthreads > GWPOOL_MAX_THREADS || capacity == 0 ||
	    capacity > SIZE_MAX / sizeof(void *) || fn == NULL)
		return SNT_ERR_INVALID;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return SNT_ERR_NOMEM;
	if ((p->ring = calloc(capacity, sizeof(void *))) == NULL) {
		free(p);
		return SNT_ERR_NOMEM;
	}
	p->cap = capacity;
	p->fn = fn;
	p->ctx = ctx;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
			join_all(p);
			destroy(p);
			return SNT_ERR_INTERNAL;
		}
		p->nthreads++;
	}
	*out = p;
	return 0;
}

int
gwpool_push(struct gwpool *p, void *item)
{
	int r = 0;

	pthread_mutex_lock(&p->lock);
	if (p->closing)
		r = SNT_ERR_SHUTDOWN;
	else if (p->n == p->cap)
		r = SNT_ERR_RATE;
	else {
		p->ring[(p->head + p->n) % p->cap] = item;
		p->n++;
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->lock);
	return r;
}

void
gwpool_stop(struct gwpool *p)
{
	if (p != NULL)
		join_all(p);
}

void
gwpool_free(struct gwpool *p)
{
	if (p == NULL)
		return;
	join_all(p);
	destroy(p);
}

unsigned
gwpool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)GWPOOL_MAX_THREADS ? GWPOOL_MAX_THREADS : (unsigned)n;
}

/*
 * committer.c — group commit: one writer thread, one fsync per batch.
 *
 * Submitters append to a bounded FIFO under `mu` and return; the writer
 * takes everything waiting (up to max_batch), writes it with one
 * store_put_batch() (one transaction, one full sync) and only then calls
 * each submission's done callback, outside the lock. A callback therefore
 * never runs before its envelope is durable, and runs exactly once: the
 * entry leaves the queue before its callback and is freed right after.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/committer.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/store.h"

#define MAX_BATCH_DEFAULT 256
#define MAX_PENDING_DEFAULT 4096

struct entry {
	struct entry *next;
	struct store_item item;
	uint8_t *env;
	committer_done_fn done;
	void *ctx;
};

struct committer {
	struct store *store;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct entry *head, *tail;
	size_t pending;
	size_t max_batch, max_pending;
	int stopping;
	int panicked;
	/* reused by the writer thread for each batch */
	struct entry **batch;
	struct store_item *items;
	/* statistics, under mu */
	uint64_t batches, stored;
};

static size_t
take(struct committer *c)
{
	size_t n = 0;

	while (c->head != NULL && n < c->max_batch) {
		c->batch[n] = c->head;
		c->head = c->head->next;
		n++;
	}
	if (c->head == NULL)
		c->tail = NULL;
	c->pending -= n;
	return n;
}

static void *
writer(void *arg)
{
	struct committer *c = arg;
	size_t n, i;
	int r;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (c->head == NULL && !c->stopping)
			pthread_cond_wait(&c->wake, &c->mu);
		if (c->head == NULL)	/* stopping and drained */
			break;
		n = take(c);
		pthread_mutex_unlock(&c->mu);

		for (i = 0; i < n; i++)
			c->items[i] = c->batch[i]->item;
		r = store_put_batch(c->store, c->items, n);

		pthread_mutex_lock(&c->mu);
		if (r == SNT_ERR_PANIC)
			c->panicked = 1;
		c->batches++;
		if (r == 0)
			c->stored += n;
		pthread_mutex_unlock(&c->mu);

		/* Durable (or failed) now: report, outside the lock, so a
		 * callback may submit again without deadlock. */
		for (i = 0; i < n; i++) {
			struct entry *e = c->batch[i];

			e->done(e->ctx, r);
			free(e->env);
			free(e);
		}
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

int
committer_start(struct committer **cp, struct store *s,
    const struct committer_opts *o)
{
	struct committer *c;

	*cp = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return SNT_ERR_NOMEM;
	c->store = s;
	c->max_batch = o != NULL && o->max_batch ? o->max_batch :
	    MAX_BATCH_DEFAULT;
	c->max_pending = o != NULL && o->max_pending ? o->max_pending :
	    MAX_PENDING_DEFAULT;
	if ((c->batch = calloc(c->max_batch, sizeof(*c->batch))) == NULL ||
	    (c->items = calloc(c->max_batch, sizeof(*c->items))) == NULL) {
		free(c->batch);
		free(c);
		return SNT_ERR_NOMEM;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, writer, c) != 0) {
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->wake);
		free(c->items);
		free(c->batch);
		free(c);
		return SNT_ERR_NOMEM;
	}
	*cp = c;
	return 0;
}

int
committer_submit(struct committer *c, const struct store_item *item,
    uint8_t *env, committer_done_fn done, void *ctx)
{
	struct envelope_header h;
	struct entry *e;
	int r = 0;

	if (done == NULL || env == NULL)
		return SNT_ERR_INVALID;
	/* Refused here, one by one, rather than failing a whole batch. */
	if (envelope_parse_header(env, item->env_len, &h) != 0)
		return SNT_ERR_INVALID;
	if ((e = malloc(sizeof(*e))) == NULL)
		return SNT_ERR_NOMEM;
	e->next = NULL;
	e->item = *item;
	e->item.env = env;
	e->env = env;
	e->done = done;
	e->ctx = ctx;
	pthread_mutex_lock(&c->mu);
	if (c->stopping)
		r = SNT_ERR_SHUTDOWN;
	else if (c->panicked)
		r = SNT_ERR_PANIC;
	else if (c->pending >= c->max_pending)
		r = SNT_ERR_RATE;
	if (r == 0) {
		if (c->tail != NULL)
			c->tail->next = e;
		else
			c->head = e;
		c->tail = e;
		c->pending++;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->mu);
	if (r != 0)
		free(e);
	return r;
}

struct waiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done;
	int result;
};

static void
wake_waiter(void *ctx, int result)
{
	struct waiter *w = ctx;

	pthread_mutex_lock(&w->mu);
	w->result = result;
	w->done = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
committer_submit_wait(struct committer *c, const struct store_item *item,
    uint8_t *env)
{
	struct waiter w;
	int r;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	if ((r = committer_submit(c, item, env, wake_waiter, &w)) != 0) {
		free(env);
		goto out;
	}
	pthread_mutex_lock(&w.mu);
	while (!w.done)
		pthread_cond_wait(&w.cv, &w.mu);
	r = w.result;
	pthread_mutex_unlock(&w.mu);
out:
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	return r;
}

void
committer_stats(struct committer *c, uint64_t *batches, uint64_t *stored)
{
	pthread_mutex_lock(&c->mu);
	if (batches != NULL)
		*batches = c->batches;
	if (stored != NULL)
		*stored = c->stored;
	pthread_mutex_unlock(&c->mu);
}

void
committer_stop(struct committer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stopping = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->wake);
	free(c->items);
	free(c->batch);
	free(c);
}

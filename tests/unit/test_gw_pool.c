/* test_gw_pool.c — the sealer pool (gwpool.h): every item pushed before
 * stop is handled exactly once, on the pool's threads, side by side,
 * also when stop
 * comes while the queue is full of slow items; pushes after stop and into
 * a full queue are refused with their own codes; bad sizes refused. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/gwpool.h"

#define N_ITEMS 20000

struct tally {
	pthread_mutex_t lock;
	unsigned seen[N_ITEMS];
	pthread_t main_thread;
	int on_main;		/* an item ran on the pushing thread */
	long delay_ns;
};

static void
count(void *ctx, void *item)
{
	struct tally *t = ctx;
	size_t i = (size_t)(uintptr_t)item;
	pthread_t self = pthread_self();

	if (t->delay_ns > 0)
		nanosleep(&(struct timespec){ 0, t->delay_ns }, NULL);
	pthread_mutex_lock(&t->lock);
	t->seen[i]++;
	if (pthread_equal(self, t->main_thread))
		t->on_main = 1;
	pthread_mutex_unlock(&t->lock);
}

static struct tally *
tally_new(long delay_ns)
{
	struct tally *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	pthread_mutex_init(&t->lock, NULL);
	t->main_thread = pthread_self();
	t->delay_ns = delay_ns;
	return t;
}

static void
tally_free(struct tally *t)
{
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* Many items, four threads, stop right after the last push: each item
 * exactly once and never on the caller's thread. */
static void
test_each_item_once(void **state)
{
	struct tally *t = tally_new(0);
	struct gwpool *p = NULL;
	size_t i;
	int r;

	(void)state;
	assert_int_equal(gwpool_start(&p, 4, N_ITEMS, count, t), 0);
	for (i = 0; i < N_ITEMS; i++) {
		r = gwpool_push(p, (void *)(uintptr_t)i);
		assert_int_equal(r, 0);
	}
	gwpool_free(p);
	for (i = 0; i < N_ITEMS; i++)
		assert_int_equal(t->seen[i], 1);
	assert_int_equal(t->on_main, 0);
	tally_free(t);
}

/* Items run side by side: four items that each wait (up to 10 s) until
 * all four have started can only all finish in time on four threads. */
struct meet {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int arrived, met;
};

static void
wait_for_all(void *ctx, void *item)
{
	struct meet *m = ctx;
	struct timespec until;
	int rc = 0;

	(void)item;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&m->lock);
	m->arrived++;
	pthread_cond_broadcast(&m->cond);
	while (m->arrived < 4 && rc == 0)
		rc = pthread_cond_timedwait(&m->cond, &m->lock, &until);
	if (m->arrived >= 4)
		m->met++;
	pthread_mutex_unlock(&m->lock);
}

static void
test_items_in_parallel(void **state)
{
	struct meet m = { .arrived = 0, .met = 0 };
	struct gwpool *p = NULL;
	int i;

	(void)state;
	pthread_mutex_init(&m.lock, NULL);
	pthread_cond_init(&m.cond, NULL);
	assert_int_equal(gwpool_start(&p, 4, 8, wait_for_all, &m), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(gwpool_push(p, &m), 0);
	gwpool_free(p);
	assert_int_equal(m.met, 4);
	pthread_cond_destroy(&m.cond);
	pthread_mutex_destroy(&m.lock);
}

/* A full queue refuses with SNT_ERR_RATE and loses nothing; stop drains
 * every queued item although they are slow; a push after stop gets
 * SNT_ERR_SHUTDOWN and its item is never handled. */
static void
test_full_and_stopped(void **state)
{
	struct tally *t = tally_new(2 * 1000 * 1000);	/* 2 ms an item */
	struct gwpool *p = NULL;
	size_t i, queued = 0, refused = 0;

	(void)state;
	assert_int_equal(gwpool_start(&p, 1, 8, count, t), 0);
	for (i = 0; i < 64; i++) {
		int r = gwpool_push(p, (void *)(uintptr_t)i);

		if (r == 0)
			queued++;
		else {
			assert_int_equal(r, SNT_ERR_RATE);
			refused++;
			t->seen[i] = 100;	/* marks: must stay untouched */
		}
	}
	assert_true(refused > 0);
	gwpool_stop(p);
	assert_int_equal(gwpool_push(p, (void *)(uintptr_t)(N_ITEMS - 1)),
	    SNT_ERR_SHUTDOWN);
	gwpool_stop(p);	/* idempotent */
	gwpool_free(p);
	for (i = 0; i < 64; i++)
		assert_true(t->seen[i] == 1 || t->seen[i] == 100);
	assert_int_equal(t->seen[N_ITEMS - 1], 0);
	for (i = 0; i < 64; i++)
		if (t->seen[i] == 1)
			queued--;
	assert_int_equal(queued, 0);
	tally_free(t);
}

static void
test_bad_sizes(void **state)
{
	struct gwpool *p = (struct gwpool *)1;

	(void)state;
	assert_int_equal(gwpool_start(&p, 0, 8, count, NULL), SNT_ERR_INVALID);
	assert_null(p);
	assert_int_equal(gwpool_start(&p, 65, 8, count, NULL),
	    SNT_ERR_INVALID);
	assert_int_equal(gwpool_start(&p, 2, 0, count, NULL), SNT_ERR_INVALID);
	assert_int_equal(gwpool_start(&p, 2, 8, NULL, NULL), SNT_ERR_INVALID);
	assert_true(gwpool_cpus() >= 1 && gwpool_cpus() <= 64);
	gwpool_stop(NULL);
	gwpool_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_item_once),
		cmocka_unit_test(test_items_in_parallel),
		cmocka_unit_test(test_full_and_stopped),
		cmocka_unit_test(test_bad_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

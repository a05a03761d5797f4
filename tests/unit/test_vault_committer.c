/* test_vault_committer.c — group commit: many submitters, exactly-once
 * callbacks, draining on stop, the queue bound, a full map. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/committer.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

#define THREADS 16
#define PER_THREAD 60

struct sub {
	uint8_t id[ENVELOPE_ID_BYTES];
	atomic_int calls;
	atomic_int result;
};

struct worker {
	struct committer *c;
	const struct tv_team *t;
	struct sub *subs;
	int wait_mode;
	int fails;
};

static void
done(void *ctx, int result)
{
	struct sub *s = ctx;

	atomic_store(&s->result, result);
	atomic_fetch_add(&s->calls, 1);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct store_item it;
	uint8_t *env;
	int i, r;

	for (i = 0; i < PER_THREAD; i++) {
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		memcpy(w->subs[i].id, it.id, ENVELOPE_ID_BYTES);
		randombytes_buf(it.lookup, sizeof(it.lookup));
		it.has_lookup = 1;
		env = tv_seal(w->t, (size_t)i * 37 % 3000 + 1, &it.env_len);
		if (env == NULL) {
			w->fails++;
			continue;
		}
		if (w->wait_mode) {
			/* a full queue (SNT_ERR_RATE) frees env: seal anew */
			while ((r = committer_submit_wait(w->c, &it, env)) ==
			    SNT_ERR_RATE) {
				sched_yield();
				env = tv_seal(w->t, 10, &it.env_len);
				assert_non_null(env);
			}
			atomic_store(&w->subs[i].result, r);
			atomic_fetch_add(&w->subs[i].calls, 1);
		} else {
			/* the queue may be momentarily full: that is the
			 * caller's to retry */
			while ((r = committer_submit(w->c, &it, env, done,
			    &w->subs[i])) == SNT_ERR_RATE)
				sched_yield();
			if (r != 0) {
				free(env);
				w->fails++;
			}
		}
	}
	return NULL;
}

/* Many threads submit at once; every submission is stored exactly once
 * and reported exactly once. */
static void
test_concurrent(void **state)
{
	struct store_opts o = { 0 };
	struct committer_opts co = { 0 };
	struct store *s = NULL;
	struct committer *c = NULL;
	struct tv_team t;
	struct worker w[THREADS];
	pthread_t th[THREADS];
	static struct sub subs[THREADS][PER_THREAD];
	char *dir = tu_tmpdir(), *p = NULL;
	uint8_t *env;
	size_t all, unacked, len;
	uint64_t batches = 0, stored = 0;
	int i, j;

	(void)state;
	assert_true(asprintf(&p, "%s/v", dir) > 0);
	tv_team_new(&t);
	o.create = 1;
	o.map_initial = 256 << 10;	/* growth under load, too */
	assert_int_equal(store_open(&s, p, &o), 0);
	co.max_batch = 32;
	co.max_pending = 64;
	assert_int_equal(committer_start(&c, s, &co), 0);
	for (i = 0; i < THREADS; i++) {
		w[i].c = c;
		w[i].t = &t;
		w[i].subs = subs[i];
		w[i].wait_mode = i & 1;
		w[i].fails = 0;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].fails, 0);
	}
	/* wait for the callback submissions (a bug here hangs the test
	 * rather than passing it) */
	for (i = 0; i < THREADS; i++)
		for (j = 0; j < PER_THREAD; j++)
			while (atomic_load(&subs[i][j].calls) == 0)
				sched_yield();
	committer_stats(c, &batches, &stored);
	committer_stop(c);
	assert_int_equal(stored, THREADS * PER_THREAD);
	printf("# %d envelopes in %llu batches\n", THREADS * PER_THREAD,
	    (unsigned long long)batches);
	for (i = 0; i < THREADS; i++)
		for (j = 0; j < PER_THREAD; j++) {
			assert_int_equal(atomic_load(&subs[i][j].calls), 1);
			assert_int_equal(atomic_load(&subs[i][j].result), 0);
			assert_int_equal(store_get(s, subs[i][j].id, &env,
			    &len), 0);
			free(env);
		}
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, THREADS * PER_THREAD);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

/* committer_stop finishes what was queued; a bounded queue refuses
 * (SNT_ERR_RATE) rather than grow, and a refused submission gets no
 * callback. */
static void
test_stop_drains_and_bound(void **state)
{
	struct store_opts o = { 0 };
	struct committer_opts co = { 0 };
	struct store *s = NULL;
	struct committer *c = NULL;
	struct tv_team t;
	static struct sub subs[500];
	struct store_item it;
	char *dir = tu_tmpdir(), *p = NULL;
	uint8_t *env;
	size_t all, unacked, accepted = 0, refused = 0, len;
	int i, r;

	(void)state;
	assert_true(asprintf(&p, "%s/v", dir) > 0);
	tv_team_new(&t);
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), 0);
	co.max_pending = 8;
	co.max_batch = 4;
	assert_int_equal(committer_start(&c, s, &co), 0);
	for (i = 0; i < 500; i++) {
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		memcpy(subs[i].id, it.id, ENVELOPE_ID_BYTES);
		env = tv_seal(&t, 10, &it.env_len);
		assert_non_null(env);
		r = committer_submit(c, &it, env, done, &subs[i]);
		if (r == SNT_ERR_RATE) {
			refused++;
			free(env);
			atomic_store(&subs[i].result, 1);
			continue;
		}
		assert_int_equal(r, 0);
		accepted++;
	}
	committer_stop(c);
	assert_int_equal(accepted + refused, 500);
	for (i = 0; i < 500; i++) {
		if (atomic_load(&subs[i].result) == 1) {
			assert_int_equal(atomic_load(&subs[i].calls), 0);
			assert_int_equal(store_get(s, subs[i].id, &env, &len),
			    SNT_ERR_NOT_FOUND);
			continue;
		}
		assert_int_equal(atomic_load(&subs[i].calls), 1);
		assert_int_equal(store_get(s, subs[i].id, &env, &len), 0);
		free(env);
	}
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, accepted);

	/* a malformed envelope is refused at the door, not in a batch */
	assert_int_equal(committer_start(&c, s, &co), 0);
	memset(&it, 0, sizeof(it));
	envelope_new_id(it.id);
	env = tv_seal(&t, 10, &it.env_len);
	it.env_len -= 1;
	assert_int_equal(committer_submit(c, &it, env, done, &subs[0]),
	    SNT_ERR_INVALID);
	free(env);
	committer_stop(c);
	committer_stop(NULL);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

/* At the map maximum the waiting callers get SNT_ERR_MAP_FULL, and only
 * those reported stored are in the vault. */
static void
test_map_full_through_committer(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct committer *c = NULL;
	struct tv_team t;
	struct store_item it;
	char *dir = tu_tmpdir(), *p = NULL;
	uint8_t id[400][ENVELOPE_ID_BYTES], *env;
	int res[400], i, full = 0, ok = 0;
	size_t all, unacked, len;

	(void)state;
	assert_true(asprintf(&p, "%s/v", dir) > 0);
	tv_team_new(&t);
	o.create = 1;
	o.map_initial = 128 << 10;
	o.map_max = 256 << 10;
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(committer_start(&c, s, NULL), 0);
	for (i = 0; i < 400; i++) {
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		memcpy(id[i], it.id, ENVELOPE_ID_BYTES);
		env = tv_seal(&t, 1500, &it.env_len);
		assert_non_null(env);
		res[i] = committer_submit_wait(c, &it, env);
		if (res[i] == 0)
			ok++;
		else {
			assert_int_equal(res[i], SNT_ERR_MAP_FULL);
			full++;
		}
	}
	committer_stop(c);
	assert_true(full > 0);
	assert_true(ok > 0);
	for (i = 0; i < 400; i++) {
		int r = store_get(s, id[i], &env, &len);

		assert_int_equal(r, res[i] == 0 ? 0 : SNT_ERR_NOT_FOUND);
		if (r == 0)
			free(env);
	}
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, (size_t)ok);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_stop_drains_and_bound),
		cmocka_unit_test(test_map_full_through_committer),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

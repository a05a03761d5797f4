/*
 * bench_review.c — the reviewer's side of issue 9.
 *
 * Without arguments (as scripts/bench runs every bench): envelopes opened
 * per second through the path `list` and `export` use (review_open.h: an
 * opener with one thread per core, batches of ROPEN_PER_THREAD per thread,
 * each envelope_open'ed, content decoded, its smem block wiped and freed
 * by the thread that opened it), for envelopes like the gateway makes (a
 * ~2 KiB message in the 2 KiB bucket). Also the same on one thread, for
 * comparison. Medians over SNT_BENCH_ROUNDS rounds (default 3). Prints
 * "RESULT review-open-per-s=N" (all threads) for scripts/bench's target
 * lines.
 *
 *   bench_review fill TEAM_PUB VAULT_DIR N
 * seals N such envelopes to the team key in TEAM_PUB and stores them in the
 * gateway vault VAULT_DIR in batches of 1,000, so that `sinetti-gateway
 * export` can make the bundle the import benchmark feeds to
 * `sinetti-review import` (tests/bench/https.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/pubkey.h"
#include "sinetti/review_open.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"

#define MSG_BYTES 1900

static char msg[MSG_BYTES];

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
make_content(struct content *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = CONTENT_KIND_CONCERN;
	c->role = CONTENT_ROLE_RELATIVE;
	c->unit.p = "kotihoito";
	c->unit.len = 9;
	c->message.p = msg;
	c->message.len = sizeof(msg);
	memcpy(c->lang, "en", 3);
	c->arrival = (uint64_t)time(NULL);
	randombytes_buf(c->reply_pk, 32);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
fill(const char *team_pub, const char *dir, long n)
{
	struct team_public tp;
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct store_item *items = NULL;
	uint8_t **envs = NULL;
	struct content c;
	long done = 0, k, b;
	int r;

	if ((r = team_public_load(team_pub, &tp)) != 0 ||
	    (r = store_open(&s, dir, &o)) != 0) {
		fprintf(stderr, "bench_review fill: %s\n", snt_strerror(r));
		return 1;
	}
	items = calloc(1000, sizeof(*items));
	envs = calloc(1000, sizeof(*envs));
	if (items == NULL || envs == NULL)
		abort();
	make_content(&c);
	while (done < n) {
		b = n - done < 1000 ? n - done : 1000;
		for (k = 0; k < b; k++) {
			envelope_new_id(items[k].id);
			if (envelope_seal(&c, tp.team_pk, tp.key_id, &envs[k],
			    &items[k].env_len) != 0)
				abort();
			items[k].env = envs[k];
		}
		if ((r = store_put_batch(s, items, (size_t)b)) != 0) {
			fprintf(stderr, "bench_review fill: %s\n",
			    snt_strerror(r));
			return 1;
		}
		for (k = 0; k < b; k++)
			free(envs[k]);
		done += b;
	}
	store_close(s);
	free(items);
	free(envs);
	return 0;
}

struct bkey {
	uint8_t pk[32], sk[32], key_id[KEY_ID_BYTES];
};

static int
bkey_fn(void *kctx, const uint8_t id[KEY_ID_BYTES], const uint8_t **pk,
    const uint8_t **sk)
{
	struct bkey *k = kctx;

	if (memcmp(id, k->key_id, KEY_ID_BYTES) != 0)
		return SNT_ERR_UNKNOWN_KEY;
	*pk = k->pk;
	*sk = k->sk;
	return 0;
}

/* Opens all n envelopes the way list does; returns envelopes per second. */
static double
open_all(struct ropener *op, struct ropen *jobs, size_t batch,
    uint8_t **env, const size_t *len, size_t n)
{
	size_t i, k, b;
	double t0 = now();

	for (i = 0; i < n; i += b) {
		b = n - i < batch ? n - i : batch;
		for (k = 0; k < b; k++) {
			jobs[k].env = env[i + k];
			jobs[k].len = len[i + k];
		}
		if (ropener_run(op, jobs, b) != 0)
			abort();
		for (k = 0; k < b; k++)
			if (jobs[k].r != 0 || jobs[k].c.message.len != MSG_BYTES)
				abort();
	}
	return (double)n / (now() - t0);
}

int
main(int argc, char **argv)
{
	enum { N = 20000 };
	static uint8_t *env[N];
	static size_t len[N];
	static double v[16], v1[16];
	struct bkey key;
	struct ropener *op = NULL, *op1 = NULL;
	struct ropen *jobs = NULL;
	size_t batch;
	struct content c;
	const char *e;
	int i, k, rounds = 3;

	if (smem_init() != 0)
		return 1;
	memset(msg, 'm', sizeof(msg));
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2], argv[3], atol(argv[4]));
	if (argc != 1) {
		fprintf(stderr, "usage: bench_review [fill TEAM_PUB VAULT N]\n");
		return 2;
	}
	if ((e = getenv("SNT_BENCH_ROUNDS")) != NULL)
		rounds = atoi(e);
	if (rounds < 1 || rounds > 16)
		rounds = 3;
	crypto_box_keypair(key.pk, key.sk);
	key_id_of(key.pk, key.key_id);
	make_content(&c);
	for (i = 0; i < N; i++)
		if (envelope_seal(&c, key.pk, key.key_id, &env[i], &len[i]) != 0)
			abort();
	if (ropener_new(0, bkey_fn, &key, &op) != 0 ||
	    ropener_new(1, bkey_fn, &key, &op1) != 0)
		abort();
	batch = (size_t)ROPEN_PER_THREAD * ropener_threads(op);
	if ((jobs = calloc(batch, sizeof(*jobs))) == NULL)
		abort();
	for (k = 0; k < rounds; k++) {
		v[k] = open_all(op, jobs, batch, env, len, N);
		v1[k] = open_all(op1, jobs, ROPEN_PER_THREAD, env, len, N);
	}
	qsort(v, (size_t)rounds, sizeof(v[0]), cmp_double);
	qsort(v1, (size_t)rounds, sizeof(v1[0]), cmp_double);
	printf("reviewer: opening envelopes as list does (review_open.h), "
	    "%zu-byte envelopes: %u threads (cores online) %.0f /s, 1 thread "
	    "%.0f /s (medians of %d rounds of %d)\n", len[0],
	    ropener_threads(op), v[rounds / 2], v1[rounds / 2], rounds, N);
	printf("RESULT review-open-per-s=%.0f\n", v[rounds / 2]);
	printf("RESULT review-open-threads=%u\n", ropener_threads(op));
	ropener_free(op);
	ropener_free(op1);
	free(jobs);
	sodium_memzero(&key, sizeof(key));
	for (i = 0; i < N; i++)
		free(env[i]);
	return 0;
}

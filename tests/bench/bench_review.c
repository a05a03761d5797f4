/*
 * bench_review.c — the reviewer's side of issue 9.
 *
 * Without arguments (as scripts/bench runs every bench): envelopes opened
 * per second on one thread through the reviewer library path, envelope_open
 * (crypto_box_seal_open, padding removed, content_decode) and smem_free,
 * for envelopes like the gateway makes (a ~2 KiB message in the 4 KiB
 * bucket). Medians over SNT_BENCH_ROUNDS rounds (default 3). Prints
 * "RESULT review-open-per-s=N" for scripts/bench's target lines.
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
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/pubkey.h"
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

int
main(int argc, char **argv)
{
	enum { N = 20000 };
	static uint8_t *env[N];
	static size_t len[N];
	static double v[16];
	uint8_t pk[32], sk[32], key_id[KEY_ID_BYTES], *plain;
	size_t plen;
	struct content c, out;
	const char *e;
	int i, k, rounds = 3;
	double t0;

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
	crypto_box_keypair(pk, sk);
	key_id_of(pk, key_id);
	make_content(&c);
	for (i = 0; i < N; i++)
		if (envelope_seal(&c, pk, key_id, &env[i], &len[i]) != 0)
			abort();
	for (k = 0; k < rounds; k++) {
		t0 = now();
		for (i = 0; i < N; i++) {
			if (envelope_open(env[i], len[i], pk, sk, &plain, &plen,
			    &out) != 0 || out.message.len != MSG_BYTES)
				abort();
			smem_free(plain);
		}
		v[k] = N / (now() - t0);
	}
	qsort(v, (size_t)rounds, sizeof(v[0]), cmp_double);
	printf("reviewer: envelope_open + content decode, 1 thread, %zu-byte "
	    "envelopes: %.0f /s (median of %d rounds of %d)\n", len[0],
	    v[rounds / 2], rounds, N);
	printf("RESULT review-open-per-s=%.0f\n", v[rounds / 2]);
	for (i = 0; i < N; i++)
		free(env[i]);
	return 0;
}

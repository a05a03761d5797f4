/* test_review_open.c — opening many envelopes on several threads
 * (review_open.h): results in the order given, whichever thread opened
 * them; failures per envelope; plaintext handed back across runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/pubkey.h"
#include "sinetti/review_open.h"
#include "sinetti/smem.h"

#define N 700

struct keys {
	uint8_t pk[32], sk[32], id[KEY_ID_BYTES];
};

static int
key_fn(void *kctx, const uint8_t id[KEY_ID_BYTES], const uint8_t **pk,
    const uint8_t **sk)
{
	struct keys *k = kctx;

	if (memcmp(id, k->id, KEY_ID_BYTES) != 0)
		return SNT_ERR_UNKNOWN_KEY;
	*pk = k->pk;
	*sk = k->sk;
	return 0;
}

static void
seal_n(struct keys *k, struct keys *other, uint8_t **env, size_t *len)
{
	struct content c;
	char msg[32];
	int i;

	for (i = 0; i < N; i++) {
		memset(&c, 0, sizeof(c));
		c.kind = CONTENT_KIND_FEEDBACK;
		c.role = CONTENT_ROLE_CLIENT;
		c.unit.p = "kotihoito";
		c.unit.len = 9;
		snprintf(msg, sizeof(msg), "viesti %d", i);
		c.message.p = msg;
		c.message.len = strlen(msg);
		memcpy(c.lang, "fi", 3);
		c.arrival = (uint64_t)time(NULL);
		randombytes_buf(c.reply_pk, 32);
		/* every 7th to another team key, every 11th damaged */
		if (i % 7 == 3)
			assert_int_equal(envelope_seal(&c, other->pk, other->id,
			    &env[i], &len[i]), 0);
		else
			assert_int_equal(envelope_seal(&c, k->pk, k->id,
			    &env[i], &len[i]), 0);
		if (i % 11 == 5)
			env[i][len[i] - 20] ^= 0x01;
	}
}

static void
check_run(struct ropener *op, uint8_t **env, size_t *len, size_t batch)
{
	struct ropen *jobs = calloc(batch, sizeof(*jobs));
	char want[32];
	size_t i, k, b;

	assert_non_null(jobs);
	for (i = 0; i < N; i += b) {
		b = N - i < batch ? N - i : batch;
		for (k = 0; k < b; k++) {
			jobs[k].env = env[i + k];
			jobs[k].len = len[i + k];
		}
		assert_int_equal(ropener_run(op, jobs, b), 0);
		for (k = 0; k < b; k++) {
			size_t n = i + k;

			if (n % 7 == 3) {
				assert_int_equal(jobs[k].r, SNT_ERR_UNKNOWN_KEY);
				assert_null(jobs[k].plain);
			} else if (n % 11 == 5) {
				assert_int_equal(jobs[k].r, SNT_ERR_CRYPTO);
				assert_null(jobs[k].plain);
			} else {
				assert_int_equal(jobs[k].r, 0);
				snprintf(want, sizeof(want), "viesti %zu", n);
				assert_int_equal(jobs[k].c.message.len,
				    strlen(want));
				assert_memory_equal(jobs[k].c.message.p, want,
				    strlen(want));
			}
		}
	}
	free(jobs);
}

static void
test_many(void **state)
{
	static uint8_t *env[N];
	static size_t len[N];
	struct keys k, other;
	struct ropener *op = NULL;
	unsigned t;
	int i;

	(void)state;
	crypto_box_keypair(k.pk, k.sk);
	key_id_of(k.pk, k.id);
	crypto_box_keypair(other.pk, other.sk);
	key_id_of(other.pk, other.id);
	seal_n(&k, &other, env, len);
	assert_true(ropen_default_threads() >= 1);
	for (t = 1; t <= 5; t += 2) {
		assert_int_equal(ropener_new(t, key_fn, &k, &op), 0);
		assert_int_equal(ropener_threads(op), t);
		/* batches smaller and larger than the thread count, and all */
		check_run(op, env, len, 1);
		check_run(op, env, len, ROPEN_PER_THREAD * t);
		check_run(op, env, len, N);
		assert_int_equal(ropener_run(op, NULL, 0), 0);
		ropener_free(op);
		op = NULL;
	}
	/* 0: the cores online */
	assert_int_equal(ropener_new(0, key_fn, &k, &op), 0);
	assert_int_equal(ropener_threads(op), ropen_default_threads());
	check_run(op, env, len, 100);
	ropener_free(op);
	ropener_free(NULL);
	for (i = 0; i < N; i++)
		free(env[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

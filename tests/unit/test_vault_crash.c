/*
 * test_vault_crash.c — durability under kill -9.
 *
 * A child process stores envelopes through the group committer from
 * several threads, and reports each id on a pipe only after the committer
 * said it was stored. The parent kills it with SIGKILL at a random moment,
 * then opens the vault and requires every reported id to be present and
 * to open with the team key. Repeated KILLS times (SNT_VERIFY=1 for a
 * longer run).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/committer.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

#define CHILD_THREADS 6

static struct tv_team team;
static const char *vault_dir;
static int report_fd = -1;

struct csub {
	uint8_t id[ENVELOPE_ID_BYTES];
};

/* Callback mode: the report is written from the callback itself, which
 * runs only after the commit. */
static void
report_done(void *ctx, int result)
{
	struct csub *s = ctx;

	if (result == 0 && write(report_fd, s->id, ENVELOPE_ID_BYTES) !=
	    ENVELOPE_ID_BYTES)
		_exit(20);
	free(s);
}

static void *
child_work(void *arg)
{
	struct committer *c = arg;
	struct store_item it;
	struct csub *s;
	uint8_t *env;
	unsigned int k = 0;
	int wait_mode = (int)(randombytes_uniform(2));

	for (;;) {
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		env = tv_seal(&team, randombytes_uniform(3000) + 1,
		    &it.env_len);
		if (env == NULL)
			_exit(21);
		if (wait_mode || (k++ & 1)) {
			/* the id goes on the pipe only after "stored" */
			if (committer_submit_wait(c, &it, env) != 0)
				_exit(22);
			if (write(report_fd, it.id, ENVELOPE_ID_BYTES) !=
			    ENVELOPE_ID_BYTES)
				_exit(23);
			continue;
		}
		if ((s = malloc(sizeof(*s))) == NULL)
			_exit(24);
		memcpy(s->id, it.id, ENVELOPE_ID_BYTES);
		while (committer_submit(c, &it, env, report_done, s) ==
		    SNT_ERR_RATE)
			sched_yield();
	}
	return NULL;
}

static void
child(void)
{
	struct store_opts o = { 0 };
	struct committer_opts co = { 0 };
	struct store *s = NULL;
	struct committer *c = NULL;
	pthread_t th;
	int i;

	o.create = 1;
	/* small, so some runs are killed while the map grows */
	o.map_initial = 256 << 10;
	if (store_open(&s, vault_dir, &o) != 0)
		_exit(30);
	co.max_batch = 16;
	co.max_pending = 64;
	if (committer_start(&c, s, &co) != 0)
		_exit(31);
	for (i = 0; i < CHILD_THREADS; i++)
		if (pthread_create(&th, NULL, child_work, c) != 0)
			_exit(32);
	for (;;)
		pause();
}

struct idset {
	uint8_t *ids;
	size_t n, cap;
};

static void
idset_add(struct idset *s, const uint8_t *id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->ids = realloc(s->ids, s->cap * ENVELOPE_ID_BYTES);
		assert_non_null(s->ids);
	}
	memcpy(s->ids + s->n * ENVELOPE_ID_BYTES, id, ENVELOPE_ID_BYTES);
	s->n++;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Reads whole 16-byte reports until the deadline (kill_at) or EOF. */
static void
collect(int fd, struct idset *got, uint64_t until, uint8_t *part,
    size_t *plen)
{
	struct pollfd pfd;
	uint8_t buf[4096];
	ssize_t n;
	ssize_t i;
	int64_t left;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		left = until == 0 ? -1 : (int64_t)until - (int64_t)now_ms();
		if (until != 0 && left <= 0)
			return;
		if (poll(&pfd, 1, until == 0 ? -1 : (int)left) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return;
		if (n < 0) {
			assert_int_equal(errno, EINTR);
			continue;
		}
		for (i = 0; i < n; i++) {
			part[(*plen)++] = buf[i];
			if (*plen == ENVELOPE_ID_BYTES) {
				idset_add(got, part);
				*plen = 0;
			}
		}
	}
}

/* Reads reports until got holds at least n ids (or EOF). */
static void
collect_n(int fd, struct idset *got, size_t n, uint8_t *part, size_t *plen)
{
	uint8_t buf[ENVELOPE_ID_BYTES];
	ssize_t r;
	ssize_t i;

	while (got->n < n) {
		r = read(fd, buf, sizeof(buf) - *plen);
		if (r == 0)
			return;
		if (r < 0) {
			assert_int_equal(errno, EINTR);
			continue;
		}
		for (i = 0; i < r; i++) {
			part[(*plen)++] = buf[i];
			if (*plen == ENVELOPE_ID_BYTES) {
				idset_add(got, part);
				*plen = 0;
			}
		}
	}
}

static void
check_ids(const struct idset *got, size_t from)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct content c;
	uint8_t *env, *plain;
	size_t len, plen, i, all, unacked;
	int r = store_open(&s, vault_dir, &o);

	/* killed before its vault was made: nothing can have been
	 * reported (the next child finishes making it) */
	if (r == SNT_ERR_NOT_VAULT && got->n == 0)
		return;
	assert_int_equal(r, 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_true(all >= got->n);
	for (i = from; i < got->n; i++) {
		assert_int_equal(store_get(s, got->ids + i * ENVELOPE_ID_BYTES,
		    &env, &len), 0);
		assert_int_equal(envelope_open(env, len, team.pk, team.sk,
		    &plain, &plen, &c), 0);
		smem_free(plain);
		free(env);
	}
	store_close(s);
}

static void
test_kill9(void **state)
{
	struct idset got = { 0 };
	const char *v = getenv("SNT_VERIFY");
	int kills = v != NULL && strcmp(v, "1") == 0 ? 300 : 40;
	char *dir = tu_tmpdir(), *p = NULL;
	uint8_t part[ENVELOPE_ID_BYTES];
	size_t plen, before;
	int k, fds[2], st;
	pid_t pid;

	(void)state;
	assert_true(asprintf(&p, "%s/v", dir) > 0);
	vault_dir = p;
	tv_team_new(&team);
	for (k = 0; k < kills; k++) {
		before = got.n;
		plen = 0;
		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			report_fd = fds[1];
			child();
		}
		close(fds[1]);
		/* a random moment: from during the open to well into the
		 * run; every other run only after some reports, so the test
		 * proves something however slow the machine (valgrind) */
		if (k & 1)
			collect_n(fds[0], &got, before + 1 +
			    randombytes_uniform(32), part, &plen);
		collect(fds[0], &got, now_ms() + 1 + randombytes_uniform(250),
		    part, &plen);
		kill(pid, SIGKILL);
		/* what it reported before dying is still in the pipe */
		collect(fds[0], &got, 0, part, &plen);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		/* died from our kill, not from a failure of its own */
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), SIGKILL);
		assert_int_equal(plen, 0);	/* reports are atomic */
		check_ids(&got, before);
	}
	/* and once more, everything from every run */
	check_ids(&got, 0);
	printf("# %d kills, %zu envelopes reported stored, all present\n",
	    kills, got.n);
	assert_true(got.n > 0);
	free(got.ids);
	free(p);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill9),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

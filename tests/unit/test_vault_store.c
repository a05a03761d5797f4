/* test_vault_store.c — the LMDB vault: open rules, writes, map growth and
 * full maps, other processes reading while one writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <lmdb.h>
#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

static char *
path_in(const char *dir, const char *name)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* Puts n fresh envelopes one batch at a time; ids into ids (n*16). */
static int
put_n(struct store *s, const struct tv_team *t, size_t n, uint8_t *ids,
    size_t msg)
{
	struct store_item *it = calloc(n, sizeof(*it));
	uint8_t **envs = calloc(n, sizeof(*envs));
	size_t i;
	int r;

	assert_non_null(it);
	assert_non_null(envs);
	for (i = 0; i < n; i++) {
		envelope_new_id(it[i].id);
		envs[i] = tv_seal(t, msg, &it[i].env_len);
		assert_non_null(envs[i]);
		it[i].env = envs[i];
		it[i].has_lookup = (int)(i & 1);
		randombytes_buf(it[i].lookup, sizeof(it[i].lookup));
		if (ids != NULL)
			memcpy(ids + i * ENVELOPE_ID_BYTES, it[i].id,
			    ENVELOPE_ID_BYTES);
	}
	r = store_put_batch(s, it, n);
	for (i = 0; i < n; i++)
		free(envs[i]);
	free(envs);
	free(it);
	return r;
}

static void
test_open_rules(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	char *dir = tu_tmpdir(), *p, *q;
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	uint8_t two[4] = { 0, 0, 0, 2 };

	(void)state;
	/* nothing there, no create */
	p = path_in(dir, "none");
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	assert_null(s);
	/* an empty directory is not a vault either */
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	/* a directory with other files is never turned into one */
	q = path_in(p, "notes.txt");
	assert_int_equal(tu_write_file(q, "x", 1), 0);
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	free(q);
	/* a file called data.mdb that is not LMDB */
	q = path_in(p, "data.mdb");
	assert_int_equal(tu_write_file(q, "not a database at all, really",
	    29), 0);
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	free(q);
	free(p);
	/* a regular file */
	p = path_in(dir, "file");
	assert_int_equal(tu_write_file(p, "x", 1), 0);
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	free(p);
	/* an LMDB environment that is not a Sinetti vault */
	p = path_in(dir, "other-lmdb");
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_open(env, p, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
	k.mv_data = (void *)"hello";
	k.mv_size = 5;
	v = k;
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	/* not even with create: it holds someone's data */
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	o.create = 0;
	free(p);

	/* an empty LMDB environment (a create that crashed before its
	 * first commit) is foreign without create, finished with it */
	p = path_in(dir, "half-made");
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_open(env, p, 0, 0600), 0);
	mdb_env_close(env);
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_NOT_VAULT);
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), 0);
	store_close(s);
	s = NULL;
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), 0);
	store_close(s);
	s = NULL;
	free(p);

	/* a fresh vault, then one from a future schema */
	p = path_in(dir, "vault");
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), 0);
	store_close(s);
	s = NULL;
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), 0);
	store_close(s);
	s = NULL;
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 8), 0);
	assert_int_equal(mdb_env_open(env, p, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	k.mv_data = (void *)"schema";
	k.mv_size = 6;
	v.mv_data = two;
	v.mv_size = 4;
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	assert_int_equal(store_open(&s, p, &o), SNT_ERR_SCHEMA);
	assert_null(s);
	free(p);
	tu_rmdir(dir);
}

struct visit {
	size_t n;
	uint8_t last[ENVELOPE_ID_BYTES];
	uint8_t *ids;
	size_t nids;
	int bad;
};

static int
visit(void *ctx, const uint8_t id[ENVELOPE_ID_BYTES], const uint8_t *env,
    size_t len)
{
	struct visit *v = ctx;
	struct envelope_header h;
	size_t i;
	int found = 0;

	if (v->n > 0 && memcmp(v->last, id, ENVELOPE_ID_BYTES) >= 0)
		v->bad = 1;	/* not in id order */
	memcpy(v->last, id, ENVELOPE_ID_BYTES);
	if (envelope_parse_header(env, len, &h) != 0)
		v->bad = 1;
	for (i = 0; i < v->nids; i++)
		if (memcmp(v->ids + i * ENVELOPE_ID_BYTES, id,
		    ENVELOPE_ID_BYTES) == 0)
			found = 1;
	if (v->ids != NULL && !found)
		v->bad = 1;
	v->n++;
	return 0;
}

static void
test_put_and_read(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct tv_team t;
	struct store_item it[2];
	struct visit vis;
	char *dir = tu_tmpdir(), *p = path_in(dir, "v");
	uint8_t ids[20 * ENVELOPE_ID_BYTES], *env = NULL, *e1;
	size_t all, unacked, len, i, e1len;
	uint64_t bytes;

	(void)state;
	tv_team_new(&t);
	o.create = 1;
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(put_n(s, &t, 20, ids, 50), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 20);
	assert_int_equal(unacked, 20);
	assert_int_equal(store_disk_size(s, &bytes), 0);
	assert_true(bytes > 20 * 1000);

	/* a batch with an id already held stores nothing */
	e1 = tv_seal(&t, 5, &e1len);
	memset(it, 0, sizeof(it));
	envelope_new_id(it[0].id);
	memcpy(it[1].id, ids, ENVELOPE_ID_BYTES);
	it[0].env = it[1].env = e1;
	it[0].env_len = it[1].env_len = e1len;
	assert_int_equal(store_put_batch(s, it, 2), SNT_ERR_EXISTS);
	/* and one with a malformed envelope too */
	it[1] = it[0];
	envelope_new_id(it[1].id);
	it[1].env_len = 100;
	assert_int_equal(store_put_batch(s, it, 2), SNT_ERR_INVALID);
	assert_int_equal(store_get(s, it[0].id, &env, &len), SNT_ERR_NOT_FOUND);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 20);
	free(e1);
	store_close(s);

	/* everything is still there after reopening */
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), 0);
	for (i = 0; i < 20; i++) {
		assert_int_equal(store_get(s, ids + i * ENVELOPE_ID_BYTES, &env,
		    &len), 0);
		assert_int_equal(len, ENVELOPE_HEADER_BYTES + 48 + 1024);
		free(env);
	}
	memset(&vis, 0, sizeof(vis));
	vis.ids = ids;
	vis.nids = 20;
	assert_int_equal(store_foreach_unacked(s, visit, &vis), 0);
	assert_int_equal(vis.n, 20);
	assert_false(vis.bad);
	store_close(s);

	/* a read-only open reads and refuses to write */
	o.readonly = 1;
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 20);
	assert_int_equal(put_n(s, &t, 1, NULL, 5), SNT_ERR_PERM);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

static void
test_map_growth(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct tv_team t;
	char *dir = tu_tmpdir(), *p = path_in(dir, "v");
	size_t all, unacked;
	int i;

	(void)state;
	tv_team_new(&t);
	o.create = 1;
	o.map_initial = 64 << 10;
	o.map_max = 32 << 20;
	assert_int_equal(store_open(&s, p, &o), 0);
	/* 3000 envelopes of 1 KiB and more need several doublings */
	for (i = 0; i < 30; i++)
		assert_int_equal(put_n(s, &t, 100, NULL, 20), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 3000);
	store_close(s);
	/* and a reopen with a small initial size adopts the file's size */
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(put_n(s, &t, 10, NULL, 20), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 3010);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

/*
 * A vault at its maximum: a clear SNT_ERR_MAP_FULL, never a false
 * "stored", and once an ack purges envelopes, writes work again.
 */
static void
test_map_full(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct tv_team t;
	struct ack *a = NULL;
	char *dir = tu_tmpdir(), *p = path_in(dir, "v");
	uint8_t *ids = NULL, gw_pk[32], gw_sk[64], rv_pk[32], rv_sk[64];
	uint8_t hash[BUNDLE_HASH_BYTES] = { 0 }, *ackb = NULL, *env = NULL;
	size_t all, unacked, stored = 0, i, acklen, marked, purged, len;
	int r = 0;

	(void)state;
	tv_team_new(&t);
	crypto_sign_keypair(gw_pk, gw_sk);
	crypto_sign_keypair(rv_pk, rv_sk);
	o.create = 1;
	o.map_initial = 128 << 10;
	o.map_max = 512 << 10;
	assert_int_equal(store_open(&s, p, &o), 0);
	ids = malloc(1000 * ENVELOPE_ID_BYTES);
	assert_non_null(ids);
	for (i = 0; i < 1000; i++) {
		r = put_n(s, &t, 1, ids + stored * ENVELOPE_ID_BYTES, 1500);
		if (r != 0)
			break;
		stored++;
	}
	assert_int_equal(r, SNT_ERR_MAP_FULL);
	assert_true(stored > 50);
	/* a batch fails as a whole */
	assert_int_equal(put_n(s, &t, 5, NULL, 10), SNT_ERR_MAP_FULL);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, stored);
	store_close(s);

	/* exactly what was reported stored is there */
	o.create = 0;
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, stored);
	for (i = 0; i < stored; i++) {
		assert_int_equal(store_get(s, ids + i * ENVELOPE_ID_BYTES,
		    &env, &len), 0);
		free(env);
	}
	assert_int_equal(put_n(s, &t, 1, NULL, 10), SNT_ERR_MAP_FULL);

	/* an ack with purge frees the space, even in a full map */
	assert_int_equal(ack_create(ids, stored, hash, gw_pk, rv_sk, &ackb,
	    &acklen), 0);
	assert_int_equal(ack_verify(ackb, acklen, rv_pk, gw_pk, &a), 0);
	assert_int_equal(store_apply_ack(s, a, 1, &marked, &purged), 0);
	assert_int_equal(marked, stored);
	assert_int_equal(purged, stored);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 0);
	assert_int_equal(put_n(s, &t, 20, NULL, 1500), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 20);
	ack_free(a);
	free(ackb);
	free(ids);
	store_close(s);
	free(p);
	tu_rmdir(dir);
}

/*
 * Another process opens the same vault while this one writes: it sees a
 * consistent snapshot and can export from it (what `export` does while
 * the gateway serves).
 */
static void
test_other_process_reads(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct tv_team t;
	struct bundle *b = NULL;
	/* static, so the paths stay reachable in the child when it
	 * _exits (memcheck would otherwise call them lost there) */
	static char *dir, *p, *bp;
	uint8_t gw_pk[32], gw_sk[64], *buf = NULL;
	size_t all, unacked, len;
	int go[2], st, i;
	pid_t pid;
	char c = 0;

	(void)state;
	dir = tu_tmpdir();
	p = path_in(dir, "v");
	bp = path_in(dir, "export.snb");
	tv_team_new(&t);
	crypto_sign_keypair(gw_pk, gw_sk);
	o.create = 1;
	o.map_initial = 64 << 10;	/* so the writer must grow the map */
	assert_int_equal(store_open(&s, p, &o), 0);
	assert_int_equal(put_n(s, &t, 30, NULL, 10), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *rs = NULL;
		struct store_opts ro = { 0 };
		size_t n = 0, k;

		close(go[1]);
		ro.readonly = 1;
		if (store_open(&rs, p, &ro) != 0)
			_exit(10);
		/* export repeatedly while the parent writes and grows */
		for (k = 0; k < 20; k++) {
			if (bundle_export(rs, gw_sk, bp, &n) != 0)
				_exit(11);
			if (n < 30)
				_exit(12);
		}
		if (read(go[0], &c, 1) != 1)
			_exit(13);
		if (store_count(rs, &all, &unacked) != 0 || all != 330)
			_exit(14);
		if (bundle_export(rs, gw_sk, bp, &n) != 0 || n != 330)
			_exit(15);
		store_close(rs);
		_exit(0);
	}
	close(go[0]);
	for (i = 0; i < 30; i++)
		assert_int_equal(put_n(s, &t, 10, NULL, 1000), 0);
	assert_int_equal(write(go[1], "g", 1), 1);
	close(go[1]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(fileio_read(bp, BUNDLE_MAX, 0, &buf, &len), 0);
	assert_int_equal(bundle_verify(buf, len, gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 330);
	bundle_free(b);
	fileio_free(buf, len, 0);
	store_close(s);
	free(p);
	free(bp);
	tu_rmdir(dir);
}

/*
 * The disk refuses to take more (here: RLIMIT_FSIZE, so data.mdb cannot
 * grow; a full disk takes the same path): a clear error, nothing of the
 * failed batch stored, no panic, and the store works again once there is
 * room.
 * Runs in a child so the limit and SIGXFSZ stay there.
 */
static void
test_write_refused(void **state)
{
	static char *dir, *p;
	struct tv_team t;
	int st;
	pid_t pid;

	(void)state;
	dir = tu_tmpdir();
	p = path_in(dir, "v");
	tv_team_new(&t);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_opts o = { 0 };
		struct store *s = NULL;
		struct rlimit rl, old;
		uint64_t size;
		size_t all, unacked, before;
		int r = 0, i;

		signal(SIGXFSZ, SIG_IGN);
		o.create = 1;
		if (store_open(&s, p, &o) != 0 || put_n(s, &t, 10, NULL, 10))
			_exit(10);
		if (store_disk_size(s, &size) != 0 ||
		    getrlimit(RLIMIT_FSIZE, &old) != 0)
			_exit(11);
		rl = old;
		rl.rlim_cur = (rlim_t)size + 8192;
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(12);
		if (store_count(s, &before, &unacked) != 0)
			_exit(13);
		for (i = 0; i < 50 && r == 0; i++)
			if ((r = put_n(s, &t, 20, NULL, 10)) == 0)
				before += 20;
		/* LMDB reports the short write as EIO; the filesystem
		 * itself has room, so this is SNT_ERR_IO, and never a
		 * panic: the store must recover */
		if (r != SNT_ERR_IO && r != SNT_ERR_DISK_FULL)
			_exit(14);
		if (store_panicked(s))
			_exit(19);
		if (store_count(s, &all, &unacked) != 0 || all != before)
			_exit(15);	/* half a batch, or a false "stored" */
		if (setrlimit(RLIMIT_FSIZE, &old) != 0)
			_exit(16);
		if (put_n(s, &t, 20, NULL, 10) != 0)
			_exit(17);
		if (store_count(s, &all, &unacked) != 0 || all != before + 20)
			_exit(18);
		store_close(s);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	free(p);
	tu_rmdir(dir);
}

/* This process's file-backed RSS in KiB (the vault's mapped pages). */
static long
rss_file_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "RssFile: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* store_release_map unmaps the pages writing faulted in (they are most of
 * the file-backed RSS after a few thousand envelopes), also after the map
 * grew and moved, and everything reads back the same afterwards. */
static void
test_release_map(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct tv_team t;
	char *dir = tu_tmpdir(), *p = path_in(dir, "v");
	uint8_t *ids = malloc(4000 * ENVELOPE_ID_BYTES), *env = NULL;
	size_t all, unacked, len, i;
	long before, after;

	(void)state;
	assert_non_null(ids);
	tv_team_new(&t);
	store_release_map(NULL);
	o.create = 1;
	o.map_initial = 1 << 20;	/* grows (and moves) several times */
	assert_int_equal(store_open(&s, p, &o), 0);
	for (i = 0; i < 50; i++) {
		assert_int_equal(put_n(s, &t, 20,
		    ids + i * 20 * ENVELOPE_ID_BYTES, 2000), 0);
		if (i % 5 == 4)
			store_release_map(s);
	}
	store_close(s);
	/* Then in a map large enough not to move (a move unmaps it all). */
	o.create = 0;
	o.map_initial = 256 << 20;
	assert_int_equal(store_open(&s, p, &o), 0);
	for (; i < 200; i++)
		assert_int_equal(put_n(s, &t, 20,
		    ids + i * 20 * ENVELOPE_ID_BYTES, 2000), 0);
	before = rss_file_kib();
	store_release_map(s);
	after = rss_file_kib();
	print_message("RssFile %ld KiB before the release, %ld after\n",
	    before, after);
	/* 4,000 envelopes of 8 KiB on disk: the writer had several MiB of
	 * them mapped */
	if (before > 0 && after > 0)
		assert_true(after + 1024 < before);
	store_release_map(s);	/* nothing written since: nothing to do */
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 4000);
	for (i = 0; i < 4000; i++) {
		assert_int_equal(store_get(s, ids + i * ENVELOPE_ID_BYTES,
		    &env, &len), 0);
		assert_true(len > 4096);
		free(env);
	}
	assert_int_equal(put_n(s, &t, 20, NULL, 2000), 0);
	store_release_map(s);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	assert_int_equal(all, 4020);
	store_close(s);
	free(ids);
	free(p);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_rules),
		cmocka_unit_test(test_put_and_read),
		cmocka_unit_test(test_map_growth),
		cmocka_unit_test(test_release_map),
		cmocka_unit_test(test_map_full),
		cmocka_unit_test(test_other_process_reads),
		cmocka_unit_test(test_write_refused),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

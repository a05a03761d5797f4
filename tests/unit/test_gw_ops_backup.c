/* test_gw_ops_backup.c — the hot copy opens as a vault and holds the same
 * envelopes; failures leave nothing that looks like a backup. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/gwcmd.h"
#include "sinetti/ops_backup.h"
#include "sinetti/store.h"
#include "testutil.h"

/* Seals and stores n real envelopes in one batch. */
static void
put(struct store *s, size_t n)
{
	struct store_item it[16];
	uint8_t *env[16];
	uint8_t pk[32], sk[32], kid[KEY_ID_BYTES];
	struct content c;
	size_t i;

	assert_true(n <= 16);
	memset(it, 0, sizeof(it));
	memset(&c, 0, sizeof(c));
	crypto_box_keypair(pk, sk);
	randombytes_buf(kid, sizeof(kid));
	c.kind = CONTENT_KIND_FEEDBACK;
	c.role = CONTENT_ROLE_CLIENT;
	c.unit.p = "other";
	c.unit.len = 5;
	c.message.p = "backup test";
	c.message.len = 11;
	memcpy(c.lang, "en", 3);
	c.arrival = 1700000000;
	for (i = 0; i < n; i++) {
		envelope_new_id(it[i].id);
		assert_int_equal(envelope_seal(&c, pk, kid, &env[i],
		    &it[i].env_len), 0);
		it[i].env = env[i];
	}
	assert_int_equal(store_put_batch(s, it, n), 0);
	for (i = 0; i < n; i++)
		free(env[i]);
}

static size_t
count_in(const char *dir)
{
	struct store *s = NULL;
	struct store_opts o = { 0 };
	size_t all = 0, unacked = 0;

	o.readonly = 1;
	assert_int_equal(store_open(&s, dir, &o), 0);
	assert_int_equal(store_count(s, &all, &unacked), 0);
	store_close(s);
	return all;
}

static void
test_backup_roundtrip(void **state)
{
	struct store *s = NULL;
	struct store_opts o = { 0 };
	char *dir = tu_tmpdir(), vault[512], out[512], out2[512];
	struct stat st;
	size_t n = 0;

	(void)state;
	snprintf(vault, sizeof(vault), "%s/vault", dir);
	snprintf(out, sizeof(out), "%s/backup", dir);
	snprintf(out2, sizeof(out2), "%s/backup2", dir);
	assert_int_equal(mkdir(vault, 0700), 0);
	o.create = 1;
	assert_int_equal(store_open(&s, vault, &o), 0);
	put(s, 16);
	put(s, 7);
	/* LMDB allows one handle per environment and process; the hot
	 * copy next to a serving gateway is tests/prog/ops_backup.sh. */
	store_close(s);
	assert_int_equal(ops_backup(vault, out, &n), 0);
	assert_int_equal(n, 23);
	snprintf(out2, sizeof(out2), "%s/backup/lock.mdb", dir);
	assert_int_equal(stat(out2, &st), -1);	/* data.mdb alone */
	assert_int_equal(count_in(out), 23);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(out2, sizeof(out2), "%s/backup/data.mdb", dir);
	assert_int_equal(stat(out2, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* An existing target is never overwritten. */
	assert_int_equal(ops_backup(vault, out, &n), SNT_ERR_EXISTS);
	assert_int_equal(count_in(out), 23);

	/* A directory that is no vault: refused, and no target left. */
	snprintf(out2, sizeof(out2), "%s/backup2", dir);
	assert_int_equal(ops_backup(dir, out2, &n), SNT_ERR_NOT_VAULT);
	assert_int_equal(stat(out2, &st), -1);
	assert_int_equal(errno, ENOENT);
	snprintf(vault, sizeof(vault), "%s/nothing", dir);
	assert_int_not_equal(ops_backup(vault, out2, &n), 0);
	assert_int_equal(stat(out2, &st), -1);
	tu_rmdir(dir);
}

static void
test_backup_cmd(void **state)
{
	struct gwcmd_args a;
	char *dir = tu_tmpdir(), out[512];

	(void)state;
	memset(&a, 0, sizeof(a));
	a.state = "/nonexistent-sinetti";
	a.out = "/nonexistent-sinetti/b";
	assert_int_equal(ops_backup_cmd(&a), 1);
	snprintf(out, sizeof(out), "%s", dir);
	a.state = dir;
	a.out = out;		/* exists */
	assert_int_equal(ops_backup_cmd(&a), 1);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_roundtrip),
		cmocka_unit_test(test_backup_cmd),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

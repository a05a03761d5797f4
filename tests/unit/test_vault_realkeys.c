/*
 * test_vault_realkeys.c — the round trip with real keys made by
 * sinetti-keys: seal to the team public file, store in a real vault,
 * export, verify the bundle, open every envelope with the team secret key
 * unwrapped from the keyring, and acknowledge with the reviewer key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/keyring.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "test_vault_common.h"
#include "testutil.h"

static const char pass[] = "correct horse battery staple";

static void
test_real_keys(void **state)
{
	struct store_opts o = { 0 };
	struct store *s = NULL;
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct team_public tp;
	struct bundle *b = NULL;
	struct ack *a = NULL;
	struct content c, d;
	struct store_item it;
	struct envelope_header h;
	const char *bin = getenv("SNT_BIN");
	char *dir = tu_tmpdir(), *cmd = NULL, *kr_path = NULL,
	    *pub_path = NULL, *pass_path = NULL, *vault = NULL, *bpath = NULL;
	uint8_t gw_pk[32], gw_sk[64], *env = NULL, *buf = NULL, *plain = NULL,
	    *ackb = NULL, ids[8][16];
	const uint8_t *id, *e, *pk, *sk;
	size_t len, count, i, elen, plen, acklen, marked, purged;
	char msg[64];

	(void)state;
	if (bin == NULL)
		bin = "bin";
	assert_true(asprintf(&kr_path, "%s/team.keyring", dir) > 0);
	assert_true(asprintf(&pub_path, "%s/team.pub", dir) > 0);
	assert_true(asprintf(&pass_path, "%s/pass", dir) > 0);
	assert_true(asprintf(&vault, "%s/vault", dir) > 0);
	assert_true(asprintf(&bpath, "%s/export.snb", dir) > 0);
	assert_int_equal(tu_write_file(pass_path, "correct horse battery "
	    "staple\n", strlen(pass) + 1), 0);
	assert_true(asprintf(&cmd, "'%s/sinetti-keys' --passphrase-fd 3 init "
	    "--keyring '%s' --officer anna --public-out '%s' --kdf-memory 64 "
	    "3<'%s' >/dev/null", bin, kr_path, pub_path, pass_path) > 0);
	assert_int_equal(system(cmd), 0);

	/* the gateway side: only the public file */
	assert_int_equal(team_public_load(pub_path, &tp), 0);
	crypto_sign_keypair(gw_pk, gw_sk);
	o.create = 1;
	assert_int_equal(store_open(&s, vault, &o), 0);
	for (i = 0; i < 8; i++) {
		snprintf(msg, sizeof(msg), "viesti numero %zu", i);
		tv_content(&c, msg, strlen(msg));
		memset(&it, 0, sizeof(it));
		envelope_new_id(it.id);
		memcpy(ids[i], it.id, 16);
		assert_int_equal(envelope_seal(&c, tp.team_pk, tp.key_id, &env,
		    &it.env_len), 0);
		it.env = env;
		assert_int_equal(store_put_batch(s, &it, 1), 0);
		free(env);
	}
	assert_int_equal(bundle_export(s, gw_sk, bpath, &count), 0);
	assert_int_equal(count, 8);

	/* the reviewer side: the keyring and the pinned gateway key */
	assert_int_equal(keyring_load(kr_path, &kr), 0);
	assert_int_equal(keyring_unlock(kr, "anna", pass, strlen(pass), &u),
	    0);
	assert_int_equal(fileio_read(bpath, BUNDLE_MAX, 0, &buf, &len), 0);
	assert_int_equal(bundle_verify(buf, len, gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 8);
	for (i = 0; i < 8; i++) {
		size_t j;

		bundle_get(b, i, &id, &e, &elen);
		assert_int_equal(envelope_parse_header(e, elen, &h), 0);
		assert_int_equal(keyring_team_key(u, h.key_id, &pk, &sk), 0);
		assert_int_equal(envelope_open(e, elen, pk, sk, &plain, &plen,
		    &d), 0);
		for (j = 0; j < 8; j++)
			if (memcmp(ids[j], id, 16) == 0)
				break;
		assert_true(j < 8);
		snprintf(msg, sizeof(msg), "viesti numero %zu", j);
		assert_int_equal(d.message.len, strlen(msg));
		assert_memory_equal(d.message.p, msg, d.message.len);
		smem_free(plain);
	}
	assert_int_equal(ack_create(&ids[0][0], 8, bundle_hash(b), gw_pk,
	    keyring_sign_sk(u), &ackb, &acklen), 0);
	/* the gateway pins the reviewer key from the team public file */
	assert_int_equal(ack_verify(ackb, acklen, tp.review_sign_pk, gw_pk,
	    &a), 0);
	assert_int_equal(store_apply_ack(s, a, 1, &marked, &purged), 0);
	assert_int_equal(purged, 8);

	ack_free(a);
	free(ackb);
	bundle_free(b);
	fileio_free(buf, len, 0);
	keyring_unlocked_free(u);
	keyring_free(kr);
	store_close(s);
	free(cmd);
	free(kr_path);
	free(pub_path);
	free(pass_path);
	free(vault);
	free(bpath);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_keys),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_review_tool.c — a helper for the reviewer's program tests, and its
 * own unit test.
 *
 * With no arguments (as tests/run starts it) it runs a cmocka self-test:
 * seal -> vault -> signed bundle -> bundle_verify round trip.
 * With arguments it is the tool tests/prog/review_*.sh use to make what a
 * gateway would have collected, through the real vault library:
 *
 *   seal   --team-pub FILE --vault DIR [--kind K] [--role R] [--unit U]
 *          [--unit-other T] (--message T | --message-file F) [--when T]
 *          [--persons T] [--phone P] [--callback-time T] [--lang L]
 *          [--arrival UNIX] [--corrupt-utf8]
 *          seals one submission to the team key and stores it in the vault
 *          (a gateway state's vault/), printing the envelope id;
 *          --corrupt-utf8 puts a 0xff byte into the sealed message, which
 *          the real encoder would refuse (a forged or broken sender)
 *   genkey --sk-out FILE --pub-out FILE
 *          a gateway-like Ed25519 key (raw 64-byte sk, public file)
 *   bundle --vault DIR --sk FILE --out FILE
 *          a bundle of the vault's unacked envelopes signed with that key
 */
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

#include "sinetti/bundle.h"
#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "testutil.h"

static const char *
arg(int argc, char **argv, const char *name)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static void
set(struct snt_str *s, const char *v)
{
	s->p = v != NULL ? v : "";
	s->len = v != NULL ? strlen(v) : 0;
}

/*
 * Seals like envelope_seal() (header inside and outside the seal, padded
 * to the bucket) but with the message's first byte replaced by 0xff.
 */
static int
seal_corrupt(const struct content *c, const struct team_public *tp,
    uint8_t **out, size_t *outlen)
{
	uint8_t *rec = NULL, *plain = NULL, *env = NULL, *m;
	size_t rlen = 0, bucket, padded;
	uint32_t hour = (uint32_t)(c->arrival / 3600);
	int r;

	if ((r = content_encode(c, &rec, &rlen)) != 0)
		return r;
	m = memmem(rec, rlen, c->message.p, c->message.len);
	bucket = envelope_bucket_for(rlen);
	if (m == NULL || bucket == 0 ||
	    (plain = calloc(1, bucket)) == NULL ||
	    (env = malloc(ENVELOPE_HEADER_BYTES + crypto_box_SEALBYTES +
	    bucket)) == NULL) {
		r = SNT_ERR_INTERNAL;
		goto done;
	}
	*m = 0xff;
	env[0] = ENVELOPE_VERSION;
	memcpy(env + 1, tp->key_id, KEY_ID_BYTES);
	env[9] = (uint8_t)(hour >> 24);
	env[10] = (uint8_t)(hour >> 16);
	env[11] = (uint8_t)(hour >> 8);
	env[12] = (uint8_t)hour;
	memcpy(plain, env, ENVELOPE_HEADER_BYTES);
	memcpy(plain + ENVELOPE_HEADER_BYTES, rec, rlen);
	if (sodium_pad(&padded, plain, ENVELOPE_HEADER_BYTES + rlen, bucket,
	    bucket) != 0 || padded != bucket ||
	    crypto_box_seal(env + ENVELOPE_HEADER_BYTES, plain, bucket,
	    tp->team_pk) != 0) {
		r = SNT_ERR_INTERNAL;
		goto done;
	}
	*out = env;
	*outlen = ENVELOPE_HEADER_BYTES + crypto_box_SEALBYTES + bucket;
	env = NULL;
	r = 0;
done:
	smem_free(rec);
	free(plain);
	free(env);
	return r;
}

static int
seal_into_vault(const struct content *c, const struct team_public *tp,
    const char *vault, uint8_t id[ENVELOPE_ID_BYTES], int corrupt)
{
	struct store_opts so = { 0, 0, 1, 0 };
	struct store *s = NULL;
	struct store_item it;
	uint8_t *env = NULL;
	size_t len;
	int r;

	r = corrupt ? seal_corrupt(c, tp, &env, &len) :
	    envelope_seal(c, tp->team_pk, tp->key_id, &env, &len);
	if (r != 0)
		return r;
	if ((r = store_open(&s, vault, &so)) != 0)
		goto out;
	memset(&it, 0, sizeof(it));
	envelope_new_id(it.id);
	it.env = env;
	it.env_len = len;
	if ((r = store_put_batch(s, &it, 1)) == 0)
		memcpy(id, it.id, ENVELOPE_ID_BYTES);
out:
	store_close(s);
	free(env);
	return r;
}

static int
tool_seal(int argc, char **argv)
{
	struct team_public tp;
	struct content c;
	uint8_t id[ENVELOPE_ID_BYTES], *msg = NULL;
	size_t mlen = 0;
	char hex[2 * ENVELOPE_ID_BYTES + 1];
	const char *v, *tpub = arg(argc, argv, "--team-pub"),
	    *vault = arg(argc, argv, "--vault");
	int r;

	if (tpub == NULL || vault == NULL)
		return 2;
	if ((r = team_public_load(tpub, &tp)) != 0) {
		fprintf(stderr, "team pub: %s\n", snt_strerror(r));
		return 1;
	}
	memset(&c, 0, sizeof(c));
	v = arg(argc, argv, "--kind");
	c.kind = content_kind_from_name(v ? v : "feedback",
	    strlen(v ? v : "feedback"));
	v = arg(argc, argv, "--role");
	c.role = content_role_from_name(v ? v : "client",
	    strlen(v ? v : "client"));
	set(&c.unit, arg(argc, argv, "--unit"));
	if (c.unit.len == 0)
		set(&c.unit, "other");
	set(&c.unit_other, arg(argc, argv, "--unit-other"));
	set(&c.when, arg(argc, argv, "--when"));
	set(&c.persons, arg(argc, argv, "--persons"));
	set(&c.phone, arg(argc, argv, "--phone"));
	set(&c.callback_time, arg(argc, argv, "--callback-time"));
	if ((v = arg(argc, argv, "--message-file")) != NULL) {
		if (fileio_read(v, CONTENT_MESSAGE_MAX, 0, &msg, &mlen) != 0)
			return 1;
		c.message.p = (const char *)msg;
		c.message.len = mlen;
	} else
		set(&c.message, arg(argc, argv, "--message"));
	v = arg(argc, argv, "--lang");
	snprintf(c.lang, sizeof(c.lang), "%s", v ? v : "fi");
	v = arg(argc, argv, "--arrival");
	c.arrival = v ? strtoull(v, NULL, 10) : (uint64_t)time(NULL);
	randombytes_buf(c.reply_pk, sizeof(c.reply_pk));
	for (r = 1; r < argc && strcmp(argv[r], "--corrupt-utf8") != 0; r++)
		;
	r = seal_into_vault(&c, &tp, vault, id, r < argc);
	fileio_free(msg, mlen, 0);
	if (r != 0) {
		fprintf(stderr, "seal: %s\n", snt_strerror(r));
		return 1;
	}
	sodium_bin2hex(hex, sizeof(hex), id, sizeof(id));
	printf("%s\n", hex);
	return 0;
}

static int
tool_genkey(int argc, char **argv)
{
	struct signing_public sp;
	uint8_t sk[64];
	char *txt = NULL;
	size_t len;
	const char *sko = arg(argc, argv, "--sk-out"),
	    *pubo = arg(argc, argv, "--pub-out");
	int r;

	if (sko == NULL || pubo == NULL)
		return 2;
	crypto_sign_keypair(sp.sign_pk, sk);
	if ((r = fileio_write_atomic(sko, sk, sizeof(sk), 0)) != 0 ||
	    (r = signing_public_format(&sp, &txt, &len)) != 0 ||
	    (r = fileio_write_atomic(pubo, txt, len, 0)) != 0) {
		fprintf(stderr, "genkey: %s\n", snt_strerror(r));
		free(txt);
		return 1;
	}
	free(txt);
	return 0;
}

static int
tool_bundle(int argc, char **argv)
{
	struct store_opts so = { 0, 0, 0, 0 };
	struct store *s = NULL;
	uint8_t *sk = NULL;
	size_t sklen = 0, count;
	const char *vault = arg(argc, argv, "--vault"),
	    *skf = arg(argc, argv, "--sk"), *out = arg(argc, argv, "--out");
	int r;

	if (vault == NULL || skf == NULL || out == NULL)
		return 2;
	if ((r = fileio_read(skf, 64, FILEIO_SECURE, &sk, &sklen)) != 0 ||
	    sklen != 64 ||
	    (r = store_open(&s, vault, &so)) != 0 ||
	    (r = bundle_export(s, sk, out, &count)) != 0) {
		fprintf(stderr, "bundle: %s\n", snt_strerror(r));
		store_close(s);
		fileio_free(sk, sklen, FILEIO_SECURE);
		return 1;
	}
	store_close(s);
	fileio_free(sk, sklen, FILEIO_SECURE);
	printf("%zu\n", count);
	return 0;
}

/* ---- self-test: what the tool makes is what the reviewer will verify */

static void
test_seal_bundle_roundtrip(void **state)
{
	char *dir = tu_tmpdir(), vault[512], bpath[512];
	struct team_public tp;
	uint8_t team_sk[32], gw_pk[32], gw_sk[64], id[ENVELOPE_ID_BYTES];
	struct content c, back;
	struct store_opts so = { 0, 0, 0, 0 };
	struct store *s = NULL;
	struct bundle *b = NULL;
	uint8_t *buf = NULL, *plain = NULL;
	size_t len, plen, count;
	const uint8_t *bid, *env;
	size_t elen;

	(void)state;
	assert_non_null(dir);
	snprintf(vault, sizeof(vault), "%s/vault", dir);
	snprintf(bpath, sizeof(bpath), "%s/b.bundle", dir);
	memset(&tp, 0, sizeof(tp));
	crypto_box_keypair(tp.team_pk, team_sk);
	key_id_of(tp.team_pk, tp.key_id);
	crypto_sign_keypair(gw_pk, gw_sk);
	memset(&c, 0, sizeof(c));
	c.kind = CONTENT_KIND_OBJECTION;
	c.role = CONTENT_ROLE_RELATIVE;
	set(&c.unit, "other");
	set(&c.message, "Hoitaja ei \xc3\xa4 tullut.");
	memcpy(c.lang, "fi", 3);
	c.arrival = 1700000000;
	assert_int_equal(seal_into_vault(&c, &tp, vault, id, 0), 0);
	assert_int_equal(store_open(&s, vault, &so), 0);
	assert_int_equal(bundle_export(s, gw_sk, bpath, &count), 0);
	store_close(s);
	assert_int_equal(count, 1);
	assert_int_equal(fileio_read(bpath, BUNDLE_MAX, 0, &buf, &len), 0);
	assert_int_equal(bundle_verify(buf, len, gw_pk, &b), 0);
	assert_int_equal(bundle_count(b), 1);
	bundle_get(b, 0, &bid, &env, &elen);
	assert_memory_equal(bid, id, ENVELOPE_ID_BYTES);
	assert_int_equal(envelope_open(env, elen, tp.team_pk, team_sk, &plain,
	    &plen, &back), 0);
	assert_int_equal(back.message.len, c.message.len);
	assert_memory_equal(back.message.p, c.message.p, c.message.len);
	smem_free(plain);
	bundle_free(b);
	/* a bundle checked against another gateway's key is refused */
	crypto_sign_keypair(gw_pk, gw_sk);
	assert_int_equal(bundle_verify(buf, len, gw_pk, &b), SNT_ERR_SIGNATURE);
	fileio_free(buf, len, 0);
	tu_rmdir(dir);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_bundle_roundtrip),
	};

	if (smem_init() != 0)
		return 1;
	if (argc > 1) {
		if (strcmp(argv[1], "seal") == 0)
			return tool_seal(argc - 1, argv + 1);
		if (strcmp(argv[1], "genkey") == 0)
			return tool_genkey(argc - 1, argv + 1);
		if (strcmp(argv[1], "bundle") == 0)
			return tool_bundle(argc - 1, argv + 1);
		fprintf(stderr, "usage: see the comment at the top\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

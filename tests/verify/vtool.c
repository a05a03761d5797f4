/*
 * vtool.c — the verification battery's helper (tests/verify/, tests/prog/
 * verify_*.sh). It uses the real libraries the way the reviewer does, so
 * the scripts can check what the gateway stored without trusting it:
 *
 *   vtool receipt-pk CODE...      the reply public key (hex) each receipt
 *                                 derives: what a sealed record carries
 *   vtool open KEYRING OFFICER GWPUB BUNDLE   (passphrase on stdin, one line)
 *                                 verifies the bundle with the pinned
 *                                 gateway key, opens every envelope with the
 *                                 officer's team keys and prints one line per
 *                                 record: reply-pk-hex kind unit unit-other
 *                                 message-bytes
 *                                 then "opened N of M"
 *   vtool ack KEYRING OFFICER GWPUB BUNDLE OUT   (passphrase on stdin)
 *                                 signs an acknowledgement of every envelope
 *                                 in the bundle with the reviewer key, as
 *                                 the reviewer does after a durable import
 *   vtool outside GWPUB BUNDLE    one line per envelope: size, version,
 *                                 key id, hour, bucket (no key needed)
 *   vtool seeds DIR               writes the fuzzing seed corpora under
 *                                 DIR/<harness>/ (tests/fuzz/corpus)
 *
 * Exit 0 success, 1 failure (one line on stderr), 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/bundle.h"
#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/keyring.h"
#include "sinetti/pubkey.h"
#include "sinetti/receipt.h"
#include "sinetti/smem.h"

static int
die(const char *what, int r)
{
	fprintf(stderr, "vtool: %s: %s\n", what, r ? snt_strerror(r) : "failed");
	return 1;
}

static void
hex(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

static int
cmd_receipt_pk(int argc, char **argv)
{
	uint8_t r[RECEIPT_BYTES];
	struct receipt_keys k;
	int i;

	for (i = 0; i < argc; i++) {
		if (receipt_parse(argv[i], strlen(argv[i]), r) != 0)
			return die("receipt does not parse", SNT_ERR_INVALID);
		receipt_derive(r, &k);
		hex(k.reply_pk, 32);
		printf("\n");
		sodium_memzero(&k, sizeof(k));
	}
	return 0;
}

static int
load_bundle(const char *pub, const char *path, uint8_t **buf, size_t *len,
    struct bundle **b)
{
	struct signing_public sp;
	int r;

	if ((r = signing_public_load(pub, &sp)) != 0)
		return die(pub, r);
	if ((r = fileio_read(path, (size_t)1 << 30, 0, buf, len)) != 0)
		return die(path, r);
	if ((r = bundle_verify(*buf, *len, sp.sign_pk, b)) != 0)
		return die("bundle does not verify", r);
	return 0;
}

static int
cmd_open(char **argv)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct bundle *b = NULL;
	struct envelope_header h;
	struct content c;
	uint8_t *buf = NULL, *plain = NULL;
	const uint8_t *id, *env, *pk, *sk;
	size_t len = 0, elen, plen, i, opened = 0;
	char pass[256];
	int r, rc = 1;

	if (fgets(pass, sizeof(pass), stdin) == NULL)
		return die("no passphrase on stdin", 0);
	pass[strcspn(pass, "\n")] = '\0';
	if ((r = keyring_load(argv[0], &kr)) != 0) {
		rc = die(argv[0], r);
		goto out;
	}
	if ((r = keyring_unlock(kr, argv[1], pass, strlen(pass), &u)) != 0) {
		rc = die("unlock", r);
		goto out;
	}
	if (load_bundle(argv[2], argv[3], &buf, &len, &b) != 0)
		goto out;
	for (i = 0; i < bundle_count(b); i++) {
		bundle_get(b, i, &id, &env, &elen);
		if (envelope_parse_header(env, elen, &h) != 0 ||
		    keyring_team_key(u, h.key_id, &pk, &sk) != 0 ||
		    envelope_open(env, elen, pk, sk, &plain, &plen, &c) != 0)
			continue;
		hex(c.reply_pk, 32);
		printf(" %s %.*s %.*s %zu\n", content_kind_name(c.kind),
		    (int)c.unit.len, c.unit.p,
		    c.unit_other.len ? (int)c.unit_other.len : 1,
		    c.unit_other.len ? c.unit_other.p : "-", c.message.len);
		smem_free(plain);
		plain = NULL;
		opened++;
	}
	printf("opened %zu of %zu\n", opened, bundle_count(b));
	rc = opened == bundle_count(b) ? 0 : 1;
out:
	sodium_memzero(pass, sizeof(pass));
	bundle_free(b);
	free(buf);
	keyring_unlocked_free(u);
	keyring_free(kr);
	return rc;
}

static int
cmd_ack(char **argv)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct signing_public sp;
	struct bundle *b = NULL;
	uint8_t *buf = NULL, *ids = NULL, *ack = NULL;
	const uint8_t *id, *env;
	size_t len = 0, elen, alen, i, n;
	char pass[256];
	int r, rc = 1;

	if (fgets(pass, sizeof(pass), stdin) == NULL)
		return die("no passphrase on stdin", 0);
	pass[strcspn(pass, "\n")] = '\0';
	if ((r = keyring_load(argv[0], &kr)) != 0 ||
	    (r = keyring_unlock(kr, argv[1], pass, strlen(pass), &u)) != 0 ||
	    (r = signing_public_load(argv[2], &sp)) != 0) {
		rc = die("keys", r);
		goto out;
	}
	if (load_bundle(argv[2], argv[3], &buf, &len, &b) != 0)
		goto out;
	n = bundle_count(b);
	if ((ids = malloc(n * ENVELOPE_ID_BYTES + 1)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		bundle_get(b, i, &id, &env, &elen);
		memcpy(ids + i * ENVELOPE_ID_BYTES, id, ENVELOPE_ID_BYTES);
	}
	if ((r = ack_create(ids, n, bundle_hash(b), sp.sign_pk,
	    keyring_sign_sk(u), &ack, &alen)) != 0 ||
	    (r = fileio_write_atomic(argv[4], ack, alen, FILEIO_REPLACE)) != 0) {
		rc = die("ack", r);
		goto out;
	}
	printf("acknowledged %zu\n", n);
	rc = 0;
out:
	sodium_memzero(pass, sizeof(pass));
	free(ack);
	free(ids);
	bundle_free(b);
	free(buf);
	keyring_unlocked_free(u);
	keyring_free(kr);
	return rc;
}

static int
cmd_outside(char **argv)
{
	struct bundle *b = NULL;
	struct envelope_header h;
	uint8_t *buf = NULL;
	const uint8_t *id, *env;
	size_t len = 0, elen, i;
	int rc = 1;

	if (load_bundle(argv[0], argv[1], &buf, &len, &b) != 0)
		goto out;
	for (i = 0; i < bundle_count(b); i++) {
		bundle_get(b, i, &id, &env, &elen);
		if (envelope_parse_header(env, elen, &h) != 0) {
			die("bad envelope header", SNT_ERR_INVALID);
			goto out;
		}
		printf("%zu %u ", elen, h.version);
		hex(h.key_id, KEY_ID_BYTES);
		printf(" %u %zu\n", (unsigned)h.hour, h.bucket);
	}
	rc = 0;
out:
	bundle_free(b);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------ seeds */

static const char *seed_dir;

static void
put(const char *harness, const char *name, uint8_t mode, const void *p,
    size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", seed_dir, harness);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", seed_dir, harness, name);
	if ((f = fopen(path, "wb")) == NULL)
		exit(die(path, SNT_ERR_IO));
	if (mode != 0xff)
		fputc(mode, f);
	fwrite(p, 1, n, f);
	fclose(f);
}

#define STR(s) { (s), sizeof(s) - 1 }

static void
sample(struct content *c, int full)
{
	static const struct snt_str empty = { "", 0 };

	memset(c, 0, sizeof(*c));
	c->kind = full ? CONTENT_KIND_OBJECTION : CONTENT_KIND_FEEDBACK;
	c->role = full ? CONTENT_ROLE_REPRESENTATIVE : CONTENT_ROLE_CLIENT;
	c->unit = full ? (struct snt_str)STR("other") :
	    (struct snt_str)STR("kotihoito");
	c->unit_other = full ? (struct snt_str)STR("Yökoti Äkäslompolo") :
	    empty;
	c->message = full ? (struct snt_str)STR("Hoitaja ei tullut "
	    "tiistaina.\nÅtta dagar utan svar. ✓") :
	    (struct snt_str)STR("Hello");
	if (full) {
		c->when = (struct snt_str)STR("tiistaina 3.3. klo 14");
		c->persons = (struct snt_str)STR("yöhoitaja");
		c->phone = (struct snt_str)STR("+358401234567");
		c->callback_time = (struct snt_str)STR("arkisin 9-16");
	}
	memcpy(c->lang, full ? "sv" : "fi", 3);
	c->arrival = 1795000000;
	memset(c->reply_pk, full ? 0xa5 : 0x11, 32);
}

static void
seed_content(uint8_t team_pk[32], uint8_t key_id[KEY_ID_BYTES])
{
	struct content c;
	uint8_t *rec = NULL, *env = NULL;
	size_t n, en;
	int full;

	for (full = 0; full < 2; full++) {
		sample(&c, full);
		if (content_encode(&c, &rec, &n) != 0)
			exit(die("content_encode", 0));
		put("content", full ? "full" : "min", 0, rec, n);
		/* without its check: the harness appends a valid one */
		put("content", full ? "full-body" : "min-body", 1, rec,
		    n - 16);
		smem_free(rec);
		if (envelope_seal(&c, team_pk, key_id, &env, &en) != 0)
			exit(die("envelope_seal", 0));
		put("envelope", full ? "full" : "min", 0xff, env, en);
		free(env);
	}
}

static void
seed_bundle(void)
{
	static const uint8_t gw_seed[32] = "sinetti fuzz gateway signing 01";
	static const uint8_t rev_seed[32] = "sinetti fuzz reviewer signing 1";
	uint8_t gw_pk[32], gw_sk[64], rev_pk[32], rev_sk[64], team_pk[32],
	    team_sk[32], key_id[KEY_ID_BYTES], ids[3 * ENVELOPE_ID_BYTES],
	    hash[BUNDLE_HASH_BYTES], *env = NULL, *ack = NULL;
	uint8_t buf[8192];
	struct content c;
	size_t n = 0, en, an, i;

	crypto_sign_seed_keypair(gw_pk, gw_sk, gw_seed);
	crypto_sign_seed_keypair(rev_pk, rev_sk, rev_seed);
	crypto_box_keypair(team_pk, team_sk);
	key_id_of(team_pk, key_id);
	seed_content(team_pk, key_id);
	/* A bundle in the documented layout with two envelopes. */
	memcpy(buf, "SNTB\1", 5);
	memcpy(buf + 5, gw_pk, 32);
	n = 37;
	buf[n++] = 0; buf[n++] = 0; buf[n++] = 0; buf[n++] = 2;
	for (i = 0; i < 2; i++) {
		sample(&c, (int)i);
		if (envelope_seal(&c, team_pk, key_id, &env, &en) != 0)
			exit(die("envelope_seal", 0));
		memset(buf + n, (int)(0x10 * (i + 1)), ENVELOPE_ID_BYTES);
		n += ENVELOPE_ID_BYTES;
		buf[n++] = (uint8_t)(en >> 24); buf[n++] = (uint8_t)(en >> 16);
		buf[n++] = (uint8_t)(en >> 8); buf[n++] = (uint8_t)en;
		memcpy(buf + n, env, en);
		n += en;
		free(env);
	}
	put("bundle", "two-body", 1, buf, n);
	crypto_sign_detached(buf + n, NULL, buf, n, gw_sk);
	put("bundle", "two-signed", 0, buf, n + 64);
	buf[40] = 0;	/* count 0 */
	put("bundle", "empty-body", 1, buf, 41);
	for (i = 0; i < 3; i++)
		memset(ids + i * ENVELOPE_ID_BYTES, (int)(0x20 + i),
		    ENVELOPE_ID_BYTES);
	memset(hash, 0x42, sizeof(hash));
	if (ack_create(ids, 3, hash, gw_pk, rev_sk, &ack, &an) != 0)
		exit(die("ack_create", 0));
	put("ack", "three-signed", 0, ack, an);
	put("ack", "three-body", 1, ack, an - 64);
	free(ack);
	if (ack_create(ids, 0, hash, gw_pk, rev_sk, &ack, &an) != 0)
		exit(die("ack_create", 0));
	put("ack", "empty-body", 1, ack, an - 64);
	free(ack);
}

static void
seed_keyring(void)
{
	struct keyring_kdf kdf = { KEYRING_KDF_T_MIN, KEYRING_KDF_M_MIN, 1 };
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	struct team_public tp;
	struct signing_public sp;
	uint8_t *buf = NULL;
	char *txt = NULL;
	size_t n;

	if (keyring_create(&kdf, "aino", "fuzz seed pass", 14, &kr, &u) != 0 ||
	    keyring_add_officer(kr, u, "börje", "fuzz seed pass 2", 16) != 0 ||
	    keyring_rotate(kr, u) != 0 ||
	    keyring_serialize(kr, u, &buf, &n) != 0)
		exit(die("keyring", 0));
	put("keyring", "two-officers-two-epochs", 0, buf, n);
	put("keyring", "two-officers-body", 1, buf, n - 64);
	free(buf);
	if (keyring_team_public(kr, &tp) != 0 ||
	    team_public_format(&tp, &txt, &n) != 0)
		exit(die("team public", 0));
	put("pubkey", "team", 0, txt, n);
	free(txt);
	memcpy(sp.sign_pk, keyring_sign_pk(u), 32);
	if (signing_public_format(&sp, &txt, &n) != 0)
		exit(die("signing public", 0));
	put("pubkey", "signing", 1, txt, n);
	free(txt);
	keyring_unlocked_free(u);
	keyring_free(kr);
}

static void
seed_text(void)
{
	static const char *const phones[] = { "040 123 4567", "+358 (0)9 123 4567",
	    "00358401234567", "+46 8 123 456 78", "09-1234567", "+1 (555) 010.0100" };
	static const char *const cts[] = { "application/x-www-form-urlencoded",
	    "Application/X-WWW-Form-Urlencoded; charset=\"UTF-8\"",
	    "application/x-www-form-urlencoded;charset=utf-8" };
	static const char conf[] = "[server]\nlisten = [::1]:8443\nthreads = 4\n"
	    "[tls]\ncertificate = /etc/ssl/a.pem\n[site]\norganisation_fi = Åbo\n"
	    "# comment\n[limits]\nbody_max = 65536\nvault_max_mb = 128\n";
	uint8_t r[RECEIPT_BYTES];
	char code[RECEIPT_TEXT_LEN + 1], name[32];
	size_t i;

	put("gwconf", "template", 0, gwconf_template(), strlen(gwconf_template()));
	put("gwconf", "some-keys", 0, conf, sizeof(conf) - 1);
	put("gwconf", "units", 1, gwunits_template(), strlen(gwunits_template()));
	put("gwconf", "listen4", 2, "127.0.0.1:8443", 14);
	put("gwconf", "listen6", 2, "[::1]:443", 9);
	for (i = 0; i < 3; i++) {
		receipt_generate(r);
		receipt_format(r, code);
		snprintf(name, sizeof(name), "code%zu", i);
		put("receipt", name, 0xff, code, strlen(code));
	}
	put("receipt", "typed", 0xff, "7k3m q9td oil1 abcd efgh jkmn", 29);
	for (i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		snprintf(name, sizeof(name), "phone%zu", i);
		put("phone", name, 0, phones[i], strlen(phones[i]));
	}
	for (i = 0; i < sizeof(cts) / sizeof(cts[0]); i++) {
		snprintf(name, sizeof(name), "ctype%zu", i);
		put("phone", name, 1, cts[i], strlen(cts[i]));
	}
}

static int
cmd_seeds(const char *dir)
{
	seed_dir = dir;
	mkdir(dir, 0755);
	seed_bundle();
	seed_keyring();
	seed_text();
	return 0;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return die("sodium_init", 0);
	if (argc >= 2 && strcmp(argv[1], "receipt-pk") == 0)
		return cmd_receipt_pk(argc - 2, argv + 2);
	if (argc == 6 && strcmp(argv[1], "open") == 0)
		return cmd_open(argv + 2);
	if (argc == 7 && strcmp(argv[1], "ack") == 0)
		return cmd_ack(argv + 2);
	if (argc == 4 && strcmp(argv[1], "outside") == 0)
		return cmd_outside(argv + 2);
	if (argc == 3 && strcmp(argv[1], "seeds") == 0)
		return cmd_seeds(argv[2]);
	fputs("usage: vtool receipt-pk CODE... | open KEYRING OFFICER GWPUB "
	    "BUNDLE | ack KEYRING OFFICER GWPUB BUNDLE OUT | outside GWPUB BUNDLE | "
	    "seeds DIR\n", stderr);
	return 2;
}

/* test_gw_status.c — the transport's side of the follow-up page: guessing
 * limits per address (IPv6 per /64) and overall, refill; and receipts to
 * pages: unknown, malformed and empty codes give the same page, a stored
 * one its status and replies in time order, and the typed code is wiped. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/gwstatus.h"
#include "sinetti/receipt.h"
#include "sinetti/reply.h"
#include "sinetti/reply_store.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "sinetti/web.h"
#include "testutil.h"

static struct sockaddr_in
v4(const char *a)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

static struct sockaddr_in6
v6(const char *a)
{
	struct sockaddr_in6 s;

	memset(&s, 0, sizeof(s));
	s.sin6_family = AF_INET6;
	inet_pton(AF_INET6, a, &s.sin6_addr);
	return s;
}

struct fix {
	char *dir;
	struct store *s;
	struct web_site *site;
	struct gwstatus *g;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct store_opts o = { 0 };
	struct web_site_conf wc;
	char *v;

	f->dir = tu_tmpdir();
	if (asprintf(&v, "%s/vault", f->dir) < 0)
		return -1;
	o.create = 1;
	memset(&wc, 0, sizeof(wc));
	if (store_open(&f->s, v, &o) != 0 || web_site_new(&f->site, &wc) != 0 ||
	    gwstatus_new(&f->g, f->s) != 0)
		return -1;
	free(v);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	gwstatus_free(f->g);
	web_site_free(f->site);
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
test_rate_per_address(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
	struct sockaddr_in6 c = v6("2001:db8:1:2::1"), d = v6("2001:db8:1:2::ffff"),
	    e = v6("2001:db8:1:3::1");
	uint64_t t = 1000000;
	int i;

	for (i = 0; i < GWSTATUS_ADDR_BURST; i++)
		assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&a, t), 0);
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&a, t),
	    SNT_ERR_RATE);
	/* another address is not held back by a */
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&b, t), 0);
	/* one IPv6 /64 is one client */
	for (i = 0; i < GWSTATUS_ADDR_BURST; i++)
		assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&c, t), 0);
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&d, t),
	    SNT_ERR_RATE);
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&e, t), 0);
	/* a's bucket refills at GWSTATUS_ADDR_PER_MINUTE */
	t += 60000 / GWSTATUS_ADDR_PER_MINUTE;
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&a, t), 0);
	assert_int_equal(gwstatus_take(f->g, (struct sockaddr *)&a, t),
	    SNT_ERR_RATE);
}

static void
test_rate_global(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in a;
	char ip[32];
	int i, refused = 0;

	/* many addresses, one try each: the global bucket ends it */
	for (i = 0; i < GWSTATUS_BURST + 10; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i / 250, i % 250);
		a = v4(ip);
		if (gwstatus_take(f->g, (struct sockaddr *)&a, 5000) != 0)
			refused++;
	}
	assert_int_equal(refused, 10);
	assert_int_equal(gwstatus_take(f->g, NULL, 5000), SNT_ERR_RATE);
}

/* Answers a typed code like the transport does; returns the page. */
static char *
answer(struct fix *f, const char *typed, const char *lang)
{
	struct web_response r;
	char *page;

	memset(&r, 0, sizeof(r));
	r.lang = lang;
	r.receipt = smem_alloc(strlen(typed) + 1);
	memcpy(r.receipt, typed, strlen(typed) + 1);
	r.receipt_len = strlen(typed);
	assert_int_equal(gwstatus_answer(f->g, f->site, &r), 0);
	assert_null(r.receipt);
	assert_int_equal(r.receipt_len, 0);
	assert_int_equal(r.status, 200);
	assert_true(r.no_store);
	assert_true(r.body_secure);
	page = strndup((const char *)r.body, r.body_len);
	web_response_free(&r);
	return page;
}

static void
store_case(struct fix *f, struct receipt_keys *k, char text[RECEIPT_TEXT_LEN + 1],
    uint8_t id[ENVELOPE_ID_BYTES])
{
	uint8_t r[RECEIPT_BYTES], tpk[32], tsk[32], kid[8] = { 0 }, *env = NULL;
	struct content c;
	struct store_item it;
	size_t el;

	receipt_generate(r);
	receipt_derive(r, k);
	receipt_format(r, text);
	memset(&c, 0, sizeof(c));
	c.kind = CONTENT_KIND_FEEDBACK;
	c.role = CONTENT_ROLE_CLIENT;
	c.unit.p = "x";
	c.unit.len = 1;
	c.message.p = "m";
	c.message.len = 1;
	memcpy(c.lang, "fi", 3);
	memcpy(c.reply_pk, k->reply_pk, 32);
	crypto_box_keypair(tpk, tsk);
	assert_int_equal(envelope_seal(&c, tpk, kid, &env, &el), 0);
	memset(&it, 0, sizeof(it));
	envelope_new_id(it.id);
	it.env = env;
	it.env_len = el;
	memcpy(it.lookup, k->lookup, RECEIPT_LOOKUP_BYTES);
	it.has_lookup = 1;
	assert_int_equal(store_put_batch(f->s, &it, 1), 0);
	memcpy(id, it.id, ENVELOPE_ID_BYTES);
	free(env);
}

static void
test_answer(void **state)
{
	struct fix *f = *state;
	struct receipt_keys k;
	char text[RECEIPT_TEXT_LEN + 1], *p0, *p1, *p2, *p3;
	uint8_t id[ENVELOPE_ID_BYTES], gpk[32], gsk[64], rpk[32], rsk[64];
	uint8_t *buf = NULL;
	struct reply_entry e[3];
	struct reply_bundle *b = NULL;
	size_t len, i;

	p0 = answer(f, "0000-0000-0000-0000-0000-0000", "fi");
	p1 = answer(f, "not a code", "fi");
	p2 = answer(f, "", "fi");
	assert_non_null(strstr(p0, "id=\"receipt-error\""));
	assert_string_equal(p0, p1);
	assert_string_equal(p0, p2);
	free(p1);
	free(p2);

	store_case(f, &k, text, id);
	p1 = answer(f, text, "en");
	assert_null(strstr(p1, "receipt-error"));
	assert_non_null(strstr(p1, "id=\"status\">Received<"));
	assert_null(strstr(p1, text));
	free(p1);

	/* a reply, then a later status change, then an earlier reply: shown
	 * in time order, status from the latest record */
	crypto_sign_keypair(gpk, gsk);
	memset(e, 0, sizeof(e));
	for (i = 0; i < 3; i++)
		memcpy(e[i].id, id, ENVELOPE_ID_BYTES);
	assert_int_equal(reply_create(k.reply_pk, REPLY_ANSWERED, 2000,
	    "SECOND reply", 12, (uint8_t **)(uintptr_t)&e[0].rec,
	    &e[0].rec_len), 0);
	assert_int_equal(reply_create(k.reply_pk, REPLY_IN_PROGRESS, 3000,
	    NULL, 0, (uint8_t **)(uintptr_t)&e[1].rec, &e[1].rec_len), 0);
	assert_int_equal(reply_create(k.reply_pk, REPLY_RECEIVED, 1000,
	    "FIRST reply", 11, (uint8_t **)(uintptr_t)&e[2].rec,
	    &e[2].rec_len), 0);
	/* signed by the reviewer's key, naming this gateway */
	crypto_sign_keypair(rpk, rsk);
	assert_int_equal(reply_bundle_create(e, 3, gpk, 1, rsk, &buf, &len), 0);
	assert_int_equal(reply_bundle_verify(buf, len, rpk, gpk, &b), 0);
	assert_int_equal(reply_store_import(f->s, b, NULL), 0);
	p3 = answer(f, text, "en");
	assert_non_null(strstr(p3, "id=\"status\">In progress<"));
	assert_non_null(strstr(p3, "FIRST reply"));
	assert_non_null(strstr(p3, "SECOND reply"));
	assert_true(strstr(p3, "FIRST reply") < strstr(p3, "SECOND reply"));
	free(p3);
	free(p0);
	reply_bundle_free(b);
	free(buf);
	for (i = 0; i < 3; i++)
		free((void *)(uintptr_t)e[i].rec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rate_per_address, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rate_global, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_answer, setup, teardown),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

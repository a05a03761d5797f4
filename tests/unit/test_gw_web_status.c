/* test_gw_web_status.c — the follow-up page (web_status.h): the receipt
 * only from a POST body and never echoed, refusals, the status and reply
 * rendering with hostile reply text, the generic not-found, three
 * languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/msg.h"
#include "sinetti/smem.h"
#include "sinetti/web.h"
#include "sinetti/web_status.h"
#include "testutil.h"

static const char CT[] = "application/x-www-form-urlencoded";
static const char *const langs[3] = { "fi", "sv", "en" };
static struct web_site *site;

static int
setup(void **state)
{
	struct web_site_conf conf;

	(void)state;
	memset(&conf, 0, sizeof(conf));
	return web_site_new(&site, &conf);
}

static int
teardown(void **state)
{
	(void)state;
	web_site_free(site);
	return 0;
}

static void
dump(const char *name, const struct web_response *r)
{
	const char *dir = getenv("SNT_WEB_DUMP");
	char path[512];
	FILE *f;

	if (dir == NULL || r->body == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.html", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fwrite(r->body, 1, r->body_len, f);
	fclose(f);
}

static int
has(const struct web_response *r, const char *s)
{
	return tu_memmem(r->body, r->body_len, s, strlen(s));
}

static int
req(const char *method, const char *lang, const char *ct, const char *body,
    struct web_response *resp)
{
	struct web_request q;
	char path[32];
	uint8_t *b = NULL;
	int r;

	snprintf(path, sizeof(path), "/%s/status", lang);
	memset(&q, 0, sizeof(q));
	q.method = method;
	q.path = path;
	q.content_type = ct;
	if (body != NULL) {
		b = smem_dup(body, strlen(body) + 1);
		assert_non_null(b);
		q.body = b;
		q.body_len = strlen(body);
	}
	r = web_handle(site, &q, resp);
	smem_free(b);
	return r;
}

static void
test_form_and_refusals(void **state)
{
	struct web_response r;
	char s[128];
	int l;

	(void)state;
	for (l = 0; l < 3; l++) {
		assert_int_equal(req("GET", langs[l], NULL, NULL, &r), WEB_RESPOND);
		assert_int_equal(r.status, 200);
		assert_true(r.no_store);
		snprintf(s, sizeof(s), "<html lang=\"%s\">", langs[l]);
		assert_true(has(&r, s));
		snprintf(s, sizeof(s), "<form method=\"post\" action=\"/%s/status\"",
		    langs[l]);
		assert_true(has(&r, s));
		assert_true(has(&r, "name=\"receipt\""));
		assert_false(has(&r, "error-summary"));
		snprintf(s, sizeof(s), "%s-status", langs[l]);
		dump(s, &r);
		web_response_free(&r);
	}
	assert_int_equal(req("PUT", "fi", CT, "", &r), WEB_RESPOND);
	assert_int_equal(r.status, 405);
	assert_string_equal(r.allow, "GET, HEAD, POST");
	web_response_free(&r);
	assert_int_equal(req("POST", "fi", "text/plain", "receipt=x", &r), 0);
	assert_int_equal(r.status, 415);
	web_response_free(&r);
	assert_int_equal(req("POST", "sv", CT, "receipt=%zz", &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(r.lang, "sv");
	web_response_free(&r);
	assert_int_equal(req("POST", "sv", CT, "receipt=a&receipt=b", &r), 0);
	assert_int_equal(r.status, 400);
	web_response_free(&r);
}

static void
test_receipt_handed_over(void **state)
{
	static const char code[] = "7KQ2-M9XD-4TRB-HW3N-P8VC-J6FA";
	struct web_response r;
	char body[512];
	size_t i;

	(void)state;
	snprintf(body, sizeof(body), "receipt=%s", code);
	assert_int_equal(req("POST", "en", CT, body, &r), WEB_STATUS);
	assert_non_null(r.receipt);
	assert_int_equal(r.receipt_len, strlen(code));
	assert_string_equal(r.receipt, code);
	assert_string_equal(r.lang, "en");
	/* Until looked up, the page is a refusal that never shows the code. */
	assert_false(has(&r, code));
	web_response_free(&r);

	assert_int_equal(req("POST", "fi", CT, "", &r), WEB_STATUS);
	assert_string_equal(r.receipt, "");
	assert_int_equal(r.receipt_len, 0);
	web_response_free(&r);

	/* Longer input is cut at WEB_RECEIPT_FIELD_MAX. */
	memcpy(body, "receipt=", 8);
	for (i = 0; i < 300; i++)
		body[8 + i] = 'A';
	body[8 + 300] = '\0';
	assert_int_equal(req("POST", "fi", CT, body, &r), WEB_STATUS);
	assert_int_equal(r.receipt_len, WEB_RECEIPT_FIELD_MAX);
	web_response_free(&r);
}

static void
test_render(void **state)
{
	static const char hostile[] =
	    "Hei,\n<script>alert('x')</script> & \"quoted\"\n"
	    "\x1b[31mred\x1b[0m \x07 \x7f \xc2\x85 \xe2\x80\xae" "evil"
	    "\xe2\x81\xa6 \xff end";
	struct web_status_reply rep[2] = {
		{ 1795392000000ull, "Kiitos palautteesta.\nSelvitämme asian.", 0 },
		{ 1795478400000ull, hostile, sizeof(hostile) - 1 },
	};
	struct web_status_view v;
	struct web_response r;
	char name[64];
	int l;

	(void)state;
	rep[0].len = strlen(rep[0].text);
	for (l = 0; l < 3; l++) {
		/* Found, with two replies. */
		assert_int_equal(req("POST", langs[l], CT, "receipt=X", &r),
		    WEB_STATUS);
		memset(&v, 0, sizeof(v));
		v.found = 1;
		v.status = 3;
		v.replies = rep;
		v.n = 2;
		assert_int_equal(web_render_status(site, &r, &v), 0);
		assert_int_equal(r.status, 200);
		assert_true(r.no_store);
		assert_true(r.body_secure);
		assert_true(has(&r, msg_get((enum msg_lang)l, M_STATUS_ANSWERED)));
		assert_true(has(&r, "Kiitos palautteesta.&#10;Selvit"));
		assert_true(has(&r, l == 2 ? "2026-11-23" : "23.11.2026"));
		assert_true(has(&r, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
		    "&amp; &quot;quoted&quot;"));
		assert_false(has(&r, "<script"));
		assert_false(has(&r, "\x1b"));
		assert_false(has(&r, "\x07"));
		assert_false(has(&r, "\x7f"));
		assert_false(has(&r, "\xc2\x85"));
		assert_false(has(&r, "\xe2\x80\xae"));		/* RLO */
		assert_false(has(&r, "\xe2\x81\xa6"));		/* LRI */
		assert_false(has(&r, "\xff"));
		assert_true(has(&r, "\xe2\x90\x9b[31mred"));	/* ␛ */
		assert_true(has(&r, "\xe2\x90\x87"));		/* ␇ */
		assert_true(has(&r, "\xe2\x90\xa1"));		/* ␡ */
		assert_true(has(&r, "\xef\xbf\xbd" "evil"));
		snprintf(name, sizeof(name), "%s-status-found", langs[l]);
		dump(name, &r);
		web_response_free(&r);

		/* Found, nothing yet: "received", no replies. */
		assert_int_equal(req("POST", langs[l], CT, "receipt=X", &r),
		    WEB_STATUS);
		memset(&v, 0, sizeof(v));
		v.found = 1;
		v.status = 1;
		assert_int_equal(web_render_status(site, &r, &v), 0);
		assert_true(has(&r, msg_get((enum msg_lang)l, M_STATUS_RECEIVED)));
		assert_true(has(&r, msg_get((enum msg_lang)l, M_STATUS_NO_REPLIES)));
		web_response_free(&r);

		/* Not found: the form again, one generic error, the code not
		 * echoed, the title prefixed. */
		assert_int_equal(req("POST", langs[l], CT,
		    "receipt=SECRETCODE-1234", &r), WEB_STATUS);
		memset(&v, 0, sizeof(v));
		assert_int_equal(web_render_status(site, &r, &v), 0);
		assert_int_equal(r.status, 200);
		assert_true(has(&r, "role=\"alert\""));
		assert_true(has(&r, "<li><a href=\"#receipt\">"));
		assert_true(has(&r, "id=\"receipt-error\""));
		assert_true(has(&r, msg_get((enum msg_lang)l, M_TITLE_ERROR_PREFIX)));
		assert_false(has(&r, "SECRETCODE"));
		assert_true(has(&r, "value=\"\""));
		snprintf(name, sizeof(name), "%s-status-not-found", langs[l]);
		dump(name, &r);
		web_response_free(&r);
	}
	v.found = 1;
	v.n = 1;
	v.replies = NULL;
	assert_int_equal(web_render_status(site, &r, &v), SNT_ERR_INVALID);
	assert_int_equal(web_render_status(site, &r, NULL), SNT_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_and_refusals),
		cmocka_unit_test(test_receipt_handed_over),
		cmocka_unit_test(test_render),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}

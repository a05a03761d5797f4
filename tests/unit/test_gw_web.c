/* test_gw_web.c — the citizen pages through web_handle() as the transport
 * calls it: routes, languages, validation in every language, escaping,
 * check your answers, confirmation and refusal pages, catalogues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/form.h"
#include "sinetti/msg.h"
#include "sinetti/pages.h"
#include "sinetti/smem.h"
#include "sinetti/web.h"
#include "testutil.h"

static const char CT[] = "application/x-www-form-urlencoded";
static const char *const langs[3] = { "fi", "sv", "en" };
static struct web_site *site;

static const struct web_unit units[] = {
	{ "koti-1", { "Hoivakoti Koivu", "Vårdhemmet Björk", "Birch care home" } },
	{ "kotihoito", { "Kotihoito", "Hemvården", "Home care" } },
};

static int
setup(void **state)
{
	struct web_site_conf conf;

	(void)state;
	memset(&conf, 0, sizeof(conf));
	conf.default_lang = "fi";
	conf.units = units;
	conf.n_units = 2;
	conf.emergency_phone = "0800 12345";
	conf.org_name[0] = "Kemin kaupunki";
	return web_site_new(&site, &conf);
}

static int
teardown(void **state)
{
	(void)state;
	web_site_free(site);
	return 0;
}

/* Writes each page to $SNT_WEB_DUMP/<name>.html when set, so a person (or
 * the HTML checker) can look at exactly what the tests saw. */
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
req(const char *method, const char *path, const char *al, const char *ct,
    const char *body, struct web_response *resp)
{
	struct web_request q;
	uint8_t *b = NULL;
	int r;

	memset(&q, 0, sizeof(q));
	q.method = method;
	q.path = path;
	q.accept_language = al;
	q.content_type = ct;
	if (body != NULL) {
		/* Bodies arrive in smem memory; so do ours. */
		b = smem_dup(body, strlen(body) + 1);
		assert_non_null(b);
		q.body = b;
		q.body_len = strlen(body);
	}
	r = web_handle(site, &q, resp);
	smem_free(b);
	return r;
}

static int
post(const char *lang, const char *body, struct web_response *resp)
{
	char path[16];

	snprintf(path, sizeof(path), "/%s/form", lang);
	return req("POST", path, NULL, CT, body, resp);
}

/* The catalogue text with its placeholders filled, as the page shows it. */
static char *
msg_html(int lang, enum msg_key k, const char *a0, const char *a1)
{
	struct pages_buf b;
	char *s;

	pages_buf_init(&b, 0);
	pages_msg(&b, (enum msg_lang)lang, k, a0, a1);
	s = calloc(1, b.len + 1);
	assert_non_null(s);
	memcpy(s, b.p, b.len);
	pages_buf_free(&b);
	return s;
}

/* An event handler attribute: " on" letters "=". */
static int
has_event_attr(const struct web_response *r)
{
	const char *p = (const char *)r->body, *e = p + r->body_len;
	size_t i;

	for (; p + 4 < e; p++) {
		if (memcmp(p, " on", 3) != 0)
			continue;
		for (i = 3; p + i < e && p[i] >= 'a' && p[i] <= 'z'; i++)
			;
		if (i > 3 && p + i + 1 < e && p[i] == '=' && p[i + 1] == '"')
			return 1;
	}
	return 0;
}

static void
assert_common_frame(const struct web_response *r, const char *lang)
{
	char s[128];

	snprintf(s, sizeof(s), "<html lang=\"%s\">", lang);
	assert_true(has(r, s));
	assert_true(has(r, "<a class=\"skip-link\" href=\"#main\">"));
	assert_true(has(r, "<main id=\"main\""));
	snprintf(s, sizeof(s), "href=\"/%s/accessibility\"", lang);
	assert_true(has(r, s));
	snprintf(s, sizeof(s), "href=\"/%s/privacy\"", lang);
	assert_true(has(r, s));
	snprintf(s, sizeof(s), "href=\"/%s/status\"", lang);
	assert_true(has(r, s));
	assert_true(has(r, "<link rel=\"stylesheet\" href=\"/static/style.css\">"));
	/* No script, no inline style, nothing loaded from elsewhere. */
	assert_false(has(r, "<script"));
	assert_false(has(r, "style="));
	assert_false(has(r, "<style"));
	assert_false(has(r, " src="));
	assert_false(has_event_attr(r));
	assert_string_equal(r->lang, lang);
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
}

/* ------------------------------------------------------------ catalogues */

static void
placeholders(const char *s, int *p0, int *p1)
{
	*p0 = strstr(s, "{0}") != NULL;
	*p1 = strstr(s, "{1}") != NULL;
}

static void
test_catalogues(void **state)
{
	const char *const *cat[3] = { msg_fi, msg_sv, msg_en };
	int l, k, a0, a1, b0, b1;

	(void)state;
	for (l = 0; l < 3; l++)
		for (k = 0; k < M_NKEYS; k++) {
			if (cat[l][k] == NULL || cat[l][k][0] == '\0')
				fail_msg("%s: key %d missing or empty", langs[l], k);
			placeholders(cat[l][k], &a0, &a1);
			placeholders(msg_en[k], &b0, &b1);
			if (a0 != b0 || a1 != b1)
				fail_msg("%s: key %d placeholders differ", langs[l], k);
		}
	for (l = 0; l < 3; l++) {
		static const enum msg_key plain[] = { M_LANG_SWITCH_LABEL,
		    M_FOOTER_LABEL, M_EXIT_URL, M_SERVICE, M_TITLE_ERROR_PREFIX,
		    M_START_TITLE, M_FORM_TITLE, M_CHECK_TITLE, M_DONE_TITLE,
		    M_UNAVAIL_TITLE, M_A11Y_TITLE, M_PRIV_TITLE, M_R400_TITLE,
		    M_R404_TITLE, M_R405_TITLE, M_R413_TITLE, M_R415_TITLE,
		    M_R429_TITLE, M_R503_TITLE, M_RERR_TITLE, M_LANG_NAME };
		size_t i;

		assert_string_equal(cat[l][M_LANG_CODE], langs[l]);
		/* Texts in titles and attributes cannot carry markup. */
		for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
			if (strchr(cat[l][plain[i]], '[') != NULL)
				fail_msg("%s: key %d marks a language part", langs[l],
				    (int)plain[i]);
		/* Every language part is well formed. */
		for (k = 0; k < M_NKEYS; k++) {
			const char *p = cat[l][k];

			while ((p = strchr(p, '[')) != NULL) {
				if (!(strncmp(p, "[fi:", 4) == 0 ||
				    strncmp(p, "[sv:", 4) == 0 ||
				    strncmp(p, "[en:", 4) == 0) ||
				    strchr(p, ']') == NULL || p[4] == ']')
					fail_msg("%s: key %d: bad [..:..]", langs[l], k);
				p++;
			}
		}
	}
	assert_string_equal(msg_get(MSG_FI, M_NKEYS), "");
	assert_string_equal(msg_get(MSG_FI, M_TITLE_ERROR_PREFIX), "Virhe: ");
	assert_string_equal(msg_get(MSG_SV, M_TITLE_ERROR_PREFIX), "Fel: ");
	assert_string_equal(msg_get(MSG_EN, M_TITLE_ERROR_PREFIX), "Error: ");
}

static void
test_stylesheet_embedded(void **state)
{
	uint8_t *buf;
	size_t len;
	struct web_response r;

	(void)state;
	assert_int_equal(fileio_read("gateway/static/style.css", 1 << 20, 0,
	    &buf, &len), 0);
	/* A failure here: run gateway/static/embed after editing style.css. */
	assert_int_equal(len, pages_style_css_len);
	assert_memory_equal(buf, pages_style_css, len);
	fileio_free(buf, len, 0);
	assert_int_equal(req("GET", "/static/style.css", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/css; charset=utf-8");
	assert_int_equal(r.body_len, pages_style_css_len);
	assert_true(r.cache_static);
	web_response_free(&r);
	assert_int_equal(req("POST", "/static/style.css", NULL, CT, "", &r), 0);
	assert_int_equal(r.status, 405);
	web_response_free(&r);
}

/* ------------------------------------------------------- Accept-Language */

static void
test_accept_language(void **state)
{
	static const struct { const char *h; const char *want; } cases[] = {
		{ NULL, "fi" },
		{ "", "fi" },
		{ "sv", "sv" },
		{ "sv-FI", "sv" },
		{ "SV-fi", "sv" },
		{ "en-GB,en;q=0.9", "en" },
		{ "de-DE,de;q=0.9,en;q=0.8", "en" },
		{ "en;q=0.5, sv;q=0.8", "sv" },
		{ "fi;q=0.1, sv;q=0.1", "fi" },			/* tie: first */
		{ "sv;q=0, en;q=0.001", "en" },
		{ "sv;q=0", "fi" },				/* excluded */
		{ "de, fr", "fi" },
		{ "*", "fi" },
		{ "sv;q=1.0001", "fi" },			/* 4 decimals */
		{ "sv;q=2", "fi" },
		{ "sv;q=1.5", "fi" },
		{ "sv;q=-1", "fi" },
		{ "sv;q=", "fi" },
		{ "sv;x=1", "fi" },
		{ "sv;q=0.5x", "fi" },
		{ "s v", "fi" },
		{ "svenska", "fi" },				/* not a tag */
		{ "sv-", "sv" },
		{ "  en  ;  q=0.7  ", "en" },
		{ "en,,,sv;q=0.9", "en" },
		{ "fi;q=1.000, en", "fi" },
	};
	char big[2048];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = web_pick_lang(cases[i].h, "fi");

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("\"%s\": got %s want %s", cases[i].h ? cases[i].h :
			    "(null)", got, cases[i].want);
	}
	/* Only the first 32 items and 512 bytes are read. */
	big[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(big, "de,");
	strcat(big, "sv");
	assert_string_equal(web_pick_lang(big, "en"), "en");
	memset(big, ' ', 600);
	strcpy(big + 600, "sv");
	assert_string_equal(web_pick_lang(big, "en"), "en");
}

/* ----------------------------------------------------------------- routes */

static void
test_routes(void **state)
{
	struct web_response r;
	int l;

	(void)state;
	assert_int_equal(req("GET", "/", "sv-FI,sv;q=0.9", NULL, NULL, &r), 0);
	assert_true(r.status == 303 || r.status == 302);
	assert_string_equal(r.location, "/sv/");
	web_response_free(&r);
	assert_int_equal(req("GET", "/", NULL, NULL, NULL, &r), 0);
	assert_string_equal(r.location, "/fi/");
	web_response_free(&r);
	assert_int_equal(req("HEAD", "/", "en", NULL, NULL, &r), 0);
	assert_string_equal(r.location, "/en/");
	web_response_free(&r);
	assert_int_equal(req("GET", "/en", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/en/");
	web_response_free(&r);

	for (l = 0; l < 3; l++) {
		static const char *const pages[] = { "", "form",
		    "accessibility", "privacy", "status" };
		size_t p;
		char path[64];

		for (p = 0; p < 5; p++) {
			snprintf(path, sizeof(path), "/%s/%s", langs[l], pages[p]);
			assert_int_equal(req("GET", path, "en", NULL, NULL, &r), 0);
			assert_int_equal(r.status, 200);
			assert_true(r.no_store);
			assert_common_frame(&r, langs[l]);
			/* The language switch keeps the page. */
			snprintf(path, sizeof(path), "href=\"/%s/%s\" lang=\"%s\"",
			    langs[(l + 1) % 3], pages[p], langs[(l + 1) % 3]);
			assert_true(has(&r, path));
			snprintf(path, sizeof(path), "%s-%s", langs[l],
			    p == 0 ? "start" : pages[p]);
			dump(path, &r);
			web_response_free(&r);
		}
	}
	/* The start page says what it must. */
	assert_int_equal(req("GET", "/fi/", NULL, NULL, NULL, &r), 0);
	assert_true(has(&r, "sosiaalipäivystykseen"));
	assert_true(has(&r, "href=\"tel:080012345\""));
	assert_true(has(&r, "Lupa- ja valvontavirasto"));
	assert_true(has(&r, "kantelu"));
	assert_true(has(&r, "Sosiaaliasiamies"));
	assert_true(has(&r, "class=\"exit\" href=\"https://"));
	assert_true(has(&r, "Kemin kaupunki"));
	web_response_free(&r);
	/* Finnish terms in the other languages are marked (WCAG 3.1.2). */
	assert_int_equal(req("GET", "/en/", NULL, NULL, NULL, &r), 0);
	assert_true(has(&r, "a complaint (<span lang=\"fi\">kantelu</span>)"));
	assert_true(has(&r, "(<span lang=\"fi\">Lupa- ja valvontavirasto</span>)"));
	assert_false(has(&r, "[fi:"));
	web_response_free(&r);
	assert_int_equal(req("GET", "/sv/form", NULL, NULL, NULL, &r), 0);
	assert_false(has(&r, "[fi:"));
	web_response_free(&r);
	assert_int_equal(req("GET", "/en/form", NULL, NULL, NULL, &r), 0);
	assert_true(has(&r, "autocomplete=\"tel\""));
	assert_true(has(&r, "up to 10000 characters"));
	assert_true(has(&r, "<legend class=\"legend\">What do you want to send?"));
	assert_true(has(&r, "name=\"kind\" type=\"radio\" value=\"objection\""));
	assert_true(has(&r, "<option value=\"koti-1\">Birch care home</option>"));
	assert_true(has(&r, "<option value=\"other\">"));
	assert_true(has(&r, "aria-describedby=\"message-hint message-limit\""));
	web_response_free(&r);
}

static void
test_refusals(void **state)
{
	static const int codes[] = { 400, 404, 405, 413, 415, 429, 503, 500 };
	static const struct { const char *m, *p; int status; const char *allow; }
	    cases[] = {
		{ "GET", "/nope", 404, NULL },
		{ "GET", "/fi/nope", 404, NULL },
		{ "GET", "/xx/", 404, NULL },
		{ "GET", "/fi/form/", 404, NULL },
		{ "GET", "/fix/", 404, NULL },
		{ "GET", "", 404, NULL },
		{ "GET", "/../etc/passwd", 404, NULL },
		{ "POST", "/", 405, "GET, HEAD" },
		{ "POST", "/fi/", 405, "GET, HEAD" },
		{ "POST", "/sv/privacy", 405, "GET, HEAD" },
		{ "PUT", "/fi/form", 405, "GET, HEAD, POST" },
		{ "DELETE", "/en/form", 405, "GET, HEAD, POST" },
		{ "OPTIONS", "/en/accessibility", 405, "GET, HEAD" },
		{ "DELETE", "/nope", 404, NULL },
	};
	struct web_response r;
	char name[32];
	size_t i;
	int l;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(req(cases[i].m, cases[i].p, "sv", CT, "", &r), 0);
		if (r.status != cases[i].status)
			fail_msg("%s %s: %d", cases[i].m, cases[i].p, r.status);
		if (cases[i].allow != NULL)
			assert_string_equal(r.allow, cases[i].allow);
		else
			assert_null(r.allow);
		web_response_free(&r);
	}
	/* A 404 under /en/ is in English whatever the browser prefers. */
	assert_int_equal(req("GET", "/en/nope", "sv", NULL, NULL, &r), 0);
	assert_true(has(&r, "Page not found"));
	web_response_free(&r);
	/* 415 and 400 for the form. */
	assert_int_equal(req("POST", "/sv/form", NULL, "text/plain", "kind=x", &r), 0);
	assert_int_equal(r.status, 415);
	assert_true(has(&r, "Blanketten kunde inte läsas"));
	web_response_free(&r);
	assert_int_equal(req("POST", "/fi/form", NULL, NULL, "kind=x", &r), 0);
	assert_int_equal(r.status, 415);
	web_response_free(&r);
	assert_int_equal(req("POST", "/fi/form", NULL,
	    "multipart/form-data; boundary=x", "--x", &r), 0);
	assert_int_equal(r.status, 415);
	web_response_free(&r);
	assert_int_equal(post("fi", "message=%ZZ", &r), 0);
	assert_int_equal(r.status, 400);
	assert_true(has(&r, "Lomaketta ei voitu lukea"));
	web_response_free(&r);
	assert_int_equal(post("en", "message=%C0%AF", &r), 0);
	assert_int_equal(r.status, 400);
	web_response_free(&r);
	assert_int_equal(post("en", "kind=concern&kind=feedback", &r), 0);
	assert_int_equal(r.status, 400);
	web_response_free(&r);
	assert_int_equal(post("en", "message=a%00b", &r), 0);
	assert_int_equal(r.status, 400);
	web_response_free(&r);

	for (l = 0; l < 3; l++)
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
			memset(&r, 0x5a, sizeof(r));	/* a fresh, dirty struct */
			assert_int_equal(web_render_refusal(site, codes[i],
			    langs[l], &r), 0);
			assert_int_equal(r.status, codes[i]);
			assert_common_frame(&r, langs[l]);
			snprintf(name, sizeof(name), "%s-refusal-%d", langs[l],
			    codes[i]);
			dump(name, &r);
			web_response_free(&r);
		}
	assert_int_equal(web_render_refusal(site, 429, NULL, &r), 0);
	assert_string_equal(r.lang, "fi");
	web_response_free(&r);
}

/* ------------------------------------------------------------- validation */

static const char VALID[] = "kind=concern&unit=koti-1&role=relative&"
    "message=%C3%84iti+ei+saanut+l%C3%A4%C3%A4kkeit%C3%A4%C3%A4n.%0D%0AToinen+rivi.&"
    "when=eilen&persons=y%C3%B6hoitaja&phone=040-1234567&callback_time=aamulla";

static void
expect_error(int l, const struct web_response *r, const char *field,
    enum msg_key k, const char *a0, const char *a1)
{
	char *m = msg_html(l, k, a0, a1);
	char s[512];

	assert_int_equal(r->status, 200);
	/* Title prefixed, summary with role=alert linking to the field, the
	 * message next to the field and tied to it. */
	snprintf(s, sizeof(s), "<title>%s", msg_get((enum msg_lang)l,
	    M_TITLE_ERROR_PREFIX));
	assert_true(has(r, s));
	assert_true(has(r, "class=\"error-summary\" role=\"alert\""));
	snprintf(s, sizeof(s), "<li><a href=\"#%s\">%s</a></li>", field, m);
	if (!has(r, s))
		fail_msg("%s: no summary link %s", langs[l], s);
	snprintf(s, sizeof(s), "<p id=\"%s-error\" class=\"error-message\">", field);
	assert_true(has(r, s));
	snprintf(s, sizeof(s), "%s-error\"", field);
	assert_true(has(r, s));
	assert_true(has(r, m));
	assert_true(r->body_secure);
	free(m);
}

static char *
with(const char *base, const char *drop, const char *add)
{
	/* base with the pair "drop=..." removed and add appended. */
	char *s = calloc(1, strlen(base) + strlen(add) + 64000);
	const char *p = base;

	assert_non_null(s);
	while (*p != '\0') {
		const char *e = strchr(p, '&');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

		if (!(drop != NULL && strncmp(p, drop, strlen(drop)) == 0 &&
		    p[strlen(drop)] == '=')) {
			if (s[0] != '\0')
				strcat(s, "&");
			strncat(s, p, n);
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (add[0] != '\0') {
		strcat(s, "&");
		strcat(s, add);
	}
	return s;
}

static char *
repeat(const char *name, const char *unit, size_t n)
{
	size_t ul = strlen(unit), nl = strlen(name), i;
	char *s = malloc(nl + 1 + ul * n + 1);

	assert_non_null(s);
	memcpy(s, name, nl);
	s[nl] = '=';
	for (i = 0; i < n; i++)
		memcpy(s + nl + 1 + i * ul, unit, ul);
	s[nl + 1 + ul * n] = '\0';
	return s;
}

static void
test_validation_each_language(void **state)
{
	struct web_response r;
	char name[64], n1[16], n2[16];
	char *b, *big;
	int l;

	(void)state;
	for (l = 0; l < 3; l++) {
		/* Empty form: the four required answers. */
		assert_int_equal(post(langs[l], "", &r), 0);
		expect_error(l, &r, "kind", M_ERR_KIND, NULL, NULL);
		expect_error(l, &r, "unit", M_ERR_UNIT, NULL, NULL);
		expect_error(l, &r, "role", M_ERR_ROLE, NULL, NULL);
		expect_error(l, &r, "message", M_ERR_MESSAGE_EMPTY, NULL, NULL);
		assert_common_frame(&r, langs[l]);
		snprintf(name, sizeof(name), "%s-form-errors-empty", langs[l]);
		dump(name, &r);
		web_response_free(&r);

		/* Each error on its own, every other value kept. */
		b = with(VALID, "kind", "kind=complaint");
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "kind", M_ERR_KIND, NULL, NULL);
		assert_false(has(&r, "href=\"#unit\""));
		assert_true(has(&r, "value=\"koti-1\" selected"));
		assert_true(has(&r, "value=\"relative\" checked"));
		assert_true(has(&r, "value=\"040-1234567\""));
		assert_true(has(&r, "\n\xc3\x84iti ei saanut l\xc3\xa4\xc3\xa4kkeit"
		    "\xc3\xa4\xc3\xa4n.&#10;Toinen rivi.</textarea>"));
		web_response_free(&r);
		free(b);

		b = with(VALID, "unit", "unit=nowhere");
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "unit", M_ERR_UNIT, NULL, NULL);
		web_response_free(&r);
		free(b);

		b = with(VALID, "role", "role=");
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "role", M_ERR_ROLE, NULL, NULL);
		web_response_free(&r);
		free(b);

		b = with(VALID, "message", "message=+%0D%0A+");
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "message", M_ERR_MESSAGE_EMPTY, NULL, NULL);
		web_response_free(&r);
		free(b);

		/* 10,000 characters (two bytes each) are accepted ... */
		big = repeat("message", "%C3%A4", 10000);
		b = with(VALID, "message", big);
		assert_int_equal(post(langs[l], b, &r), 0);
		assert_int_equal(r.status, 200);
		assert_false(has(&r, "error-summary"));
		web_response_free(&r);
		free(b);
		free(big);
		/* ... one more is an error that says the limit and the count. */
		big = repeat("message", "a", 10001);
		b = with(VALID, "message", big);
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "message", M_ERR_MESSAGE_LONG, "10000", "10001");
		snprintf(name, sizeof(name), "%s-form-error-message-long", langs[l]);
		dump(name, &r);
		web_response_free(&r);
		free(b);
		free(big);

		snprintf(n1, sizeof(n1), "%d", WEB_WHEN_MAX_CHARS);
		big = repeat("when", "x", WEB_WHEN_MAX_CHARS + 1);
		b = with(VALID, "when", big);
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "when", M_ERR_WHEN_LONG, n1, NULL);
		web_response_free(&r);
		free(b);
		free(big);

		snprintf(n1, sizeof(n1), "%d", WEB_PERSONS_MAX_CHARS);
		big = repeat("persons", "x", WEB_PERSONS_MAX_CHARS + 1);
		b = with(VALID, "persons", big);
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "persons", M_ERR_PERSONS_LONG, n1, NULL);
		web_response_free(&r);
		free(b);
		free(big);

		snprintf(n1, sizeof(n1), "%d", WEB_UNIT_OTHER_MAX_CHARS);
		big = repeat("unit_other", "x", WEB_UNIT_OTHER_MAX_CHARS + 1);
		b = with(VALID, "unit", "unit=other");
		{
			char *b2 = with(b, NULL, big);

			assert_int_equal(post(langs[l], b2, &r), 0);
			expect_error(l, &r, "unit_other", M_ERR_UNIT_OTHER_LONG,
			    n1, NULL);
			web_response_free(&r);
			free(b2);
		}
		free(b);
		free(big);

		snprintf(n2, sizeof(n2), "%d", WEB_CALLBACK_MAX_CHARS);
		big = repeat("callback_time", "x", WEB_CALLBACK_MAX_CHARS + 1);
		b = with(VALID, "callback_time", big);
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "callback_time", M_ERR_CALLBACK_LONG, n2, NULL);
		web_response_free(&r);
		free(b);
		free(big);

		b = with(VALID, "phone", "phone=12345");
		assert_int_equal(post(langs[l], b, &r), 0);
		expect_error(l, &r, "phone", M_ERR_PHONE, NULL, NULL);
		assert_true(has(&r, "value=\"12345\""));
		snprintf(name, sizeof(name), "%s-form-error-phone", langs[l]);
		dump(name, &r);
		web_response_free(&r);
		free(b);
	}
}

static void
test_hostile_values_escaped(void **state)
{
	static const char body[] =
	    "kind=%3Cscript%3E&unit=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&"
	    "unit_other=%3Cscript%3Ealert(%22u%22)%3C%2Fscript%3E&"
	    "role=%27%3E%3Cimg+src%3Dx%3E&"
	    "message=%3C%2Ftextarea%3E%3Cscript%3Ealert(%27m%27)%3C%2Fscript%3E&"
	    "when=%22+onfocus%3D%22alert(1)&persons=%3C%2Ftextarea%3E%26amp%3B&"
	    "phone=%22%3E%3Cscript%3E&callback_time=%27%3E%3Cb%3E";
	struct web_response r;
	int l;

	(void)state;
	for (l = 0; l < 3; l++) {
		assert_int_equal(post(langs[l], body, &r), 0);
		assert_int_equal(r.status, 200);
		assert_false(has(&r, "<script"));
		assert_false(has(&r, "<img"));
		assert_false(has(&r, "<b>"));
		assert_false(has(&r, "\" onfocus"));
		assert_false(has(&r, "</textarea><"));
		assert_true(has(&r, "&lt;/textarea&gt;&lt;script&gt;alert(&#39;m&#39;)"
		    "&lt;/script&gt;</textarea>"));
		assert_true(has(&r, "value=\"&quot; onfocus=&quot;alert(1)\""));
		assert_true(has(&r, "&lt;/textarea&gt;&amp;amp;</textarea>"));
		assert_true(has(&r, "value=\"&quot;&gt;&lt;script&gt;\""));
		assert_true(has(&r, "value=\"&#39;&gt;&lt;b&gt;\""));
		assert_common_frame(&r, langs[l]);
		web_response_free(&r);
	}
	/* The same values through check your answers (now valid). */
	assert_int_equal(post("en", "kind=feedback&unit=other&role=other&"
	    "unit_other=%3Cscript%3E&message=%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E&"
	    "persons=%27%22%3C%3E", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "Check your answers"));
	assert_false(has(&r, "<script"));
	assert_true(has(&r, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
	assert_true(has(&r, "value=\"&#39;&quot;&lt;&gt;\""));
	web_response_free(&r);
}

/* -------------------------------------------------- check your answers */

/* Re-encodes the check page's hidden fields as a browser would post them
 * (line ends as CRLF), followed by extra. */
static char *
hidden_fields_as_body(const struct web_response *r, const char *extra)
{
	static const char tag[] = "<input type=\"hidden\" name=\"";
	char *out = calloc(1, r->body_len * 6 + strlen(extra) + 16);
	char *page = calloc(1, r->body_len + 1);
	const char *p, *e;
	size_t o = 0;

	assert_non_null(out);
	assert_non_null(page);
	memcpy(page, r->body, r->body_len);
	for (p = page; (p = strstr(p, tag)) != NULL; p = e) {
		p += strlen(tag);
		e = strchr(p, '"');
		if (o > 0)
			out[o++] = '&';
		memcpy(out + o, p, (size_t)(e - p));
		o += (size_t)(e - p);
		out[o++] = '=';
		p = strstr(e, "value=\"") + 7;
		e = strchr(p, '"');
		while (p < e) {
			static const struct { const char *ent; char c; } ents[] = {
				{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
				{ "&quot;", '"' }, { "&#39;", '\'' },
				{ "&#10;", '\n' },
			};
			size_t k;
			unsigned char c = (unsigned char)*p;
			size_t adv = 1;

			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
				if (strncmp(p, ents[k].ent, strlen(ents[k].ent)) == 0) {
					c = (unsigned char)ents[k].c;
					adv = strlen(ents[k].ent);
				}
			p += adv;
			if (c == '\n')
				o += (size_t)sprintf(out + o, "%%0D%%0A");
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '_')
				out[o++] = (char)c;
			else if (c == ' ')
				out[o++] = '+';
			else
				o += (size_t)sprintf(out + o, "%%%02X", c);
		}
	}
	if (extra[0] != '\0')
		o += (size_t)sprintf(out + o, "&%s", extra);
	free(page);
	return out;
}

static void
assert_slice(struct snt_str s, const char *want)
{
	assert_non_null(s.p);
	if (s.len != strlen(want) || memcmp(s.p, want, s.len) != 0)
		fail_msg("got \"%.*s\" want \"%s\"", (int)s.len, s.p, want);
}

static void
test_check_answers_round_trip(void **state)
{
	struct web_response r, r2;
	char *b;
	int l;

	(void)state;
	for (l = 0; l < 3; l++) {
		char name[64], s[128];

		assert_int_equal(post(langs[l], VALID, &r), 0);
		assert_int_equal(r.status, 200);
		assert_false(has(&r, "error-summary"));
		snprintf(s, sizeof(s), "<title>%s", msg_get((enum msg_lang)l,
		    M_CHECK_TITLE));
		assert_true(has(&r, s));
		assert_true(has(&r, "name=\"confirm\" value=\"yes\""));
		assert_true(has(&r, "name=\"confirm\" value=\"change\""));
		assert_true(has(&r, "+358401234567"));	/* normalised shown */
		assert_true(r.body_secure);
		assert_common_frame(&r, langs[l]);
		snprintf(name, sizeof(name), "%s-check", langs[l]);
		dump(name, &r);

		/* "Change answers" shows the form again with every value. */
		b = hidden_fields_as_body(&r, "confirm=change");
		assert_int_equal(post(langs[l], b, &r2), 0);
		assert_int_equal(r2.status, 200);
		assert_true(has(&r2, "<form method=\"post\""));
		assert_true(has(&r2, "value=\"concern\" "
		    "aria-describedby=\"kind-concern-hint\" checked"));
		assert_true(has(&r2, "value=\"koti-1\" selected"));
		assert_true(has(&r2, "value=\"aamulla\""));
		assert_false(has(&r2, "error-summary"));
		web_response_free(&r2);
		free(b);

		/* "Send" posts the same fields with confirm=yes. */
		b = hidden_fields_as_body(&r, "confirm=yes");
		web_response_free(&r);
		assert_int_equal(post(langs[l], b, &r), WEB_SUBMIT);
		free(b);
		assert_int_equal(r.content.kind, CONTENT_KIND_CONCERN);
		assert_int_equal(r.content.role, CONTENT_ROLE_RELATIVE);
		assert_slice(r.content.unit, "koti-1");
		assert_slice(r.content.unit_other, "");
		assert_slice(r.content.message, "\xc3\x84iti ei saanut "
		    "l\xc3\xa4\xc3\xa4kkeit\xc3\xa4\xc3\xa4n.\nToinen rivi.");
		assert_slice(r.content.when, "eilen");
		assert_slice(r.content.persons, "y\xc3\xb6hoitaja");
		assert_slice(r.content.phone, "+358401234567");
		assert_slice(r.content.callback_time, "aamulla");
		assert_string_equal(r.content.lang, langs[l]);
		assert_true(r.has_phone);

		/* Saved: the confirmation. */
		assert_int_equal(web_render_confirmation(site, &r,
		    "ABCD-EFGH-JKMN-PQRS-TVWX"), 0);
		assert_int_equal(r.status, 200);
		assert_true(r.no_store);
		assert_true(has(&r, "<code id=\"receipt\">ABCD-EFGH-JKMN-PQRS-TVWX</code>"));
		{
			char *m = msg_html(l, M_DONE_CALLBACK, NULL, NULL);

			assert_true(has(&r, m));
			free(m);
		}
		assert_common_frame(&r, langs[l]);
		snprintf(name, sizeof(name), "%s-confirmation", langs[l]);
		dump(name, &r);
		web_response_free(&r);
	}
}

static void
test_submit_direct_and_unavailable(void **state)
{
	struct web_response r;
	char *b;
	int l;

	(void)state;
	for (l = 0; l < 3; l++) {
		char name[64];

		b = with(VALID, "phone", "confirm=yes&unit_other=ignored");
		assert_int_equal(post(langs[l], b, &r), WEB_SUBMIT);
		free(b);
		assert_false(r.has_phone);
		assert_int_equal(r.content.phone.len, 0);
		assert_slice(r.content.unit_other, "");	/* unit is not other */
		/* Could not be saved: 503, typed values kept, one click to
		 * try again. */
		assert_int_equal(web_render_unavailable(site, &r), 0);
		assert_int_equal(r.status, 503);
		assert_true(r.no_store);
		assert_true(r.body_secure);
		assert_true(has(&r, "name=\"message\" value=\"\xc3\x84iti ei saanut"));
		assert_true(has(&r, "name=\"confirm\" value=\"yes\""));
		assert_true(has(&r, "role=\"alert\""));
		assert_common_frame(&r, langs[l]);
		snprintf(name, sizeof(name), "%s-unavailable", langs[l]);
		dump(name, &r);
		web_response_free(&r);
	}
	/* Objection, unit other, no phone: the confirmation says so. */
	assert_int_equal(post("sv", "kind=objection&unit=other&"
	    "unit_other=Ok%C3%A4nd&role=client&message=Hej&confirm=yes", &r),
	    WEB_SUBMIT);
	assert_int_equal(r.content.kind, CONTENT_KIND_OBJECTION);
	assert_slice(r.content.unit, "other");
	assert_slice(r.content.unit_other, "Ok\xc3\xa4nd");
	assert_int_equal(web_render_confirmation(site, &r, "A"), 0);
	assert_true(has(&r, "Du lämnade inget telefonnummer"));
	assert_true(has(&r, "En anmärkning besvaras skriftligt"));
	web_response_free(&r);
	/* With errors, confirm=yes is not a submission. */
	assert_int_equal(post("fi", "confirm=yes", &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "error-summary"));
	web_response_free(&r);
	/* Confirmation and unavailable need a submission. */
	assert_int_equal(req("GET", "/fi/", NULL, NULL, NULL, &r), 0);
	assert_int_equal(web_render_confirmation(site, &r, "X"), SNT_ERR_INVALID);
	web_response_free(&r);
	web_response_free(NULL);
}

static void
test_site_conf(void **state)
{
	static const struct web_unit bad_other[] = { { "other", { "a", "b", "c" } } };
	static const struct web_unit bad_id[] = { { "Koti 1", { "a", "b", "c" } } };
	static const struct web_unit dup[] = { { "a", { "a", "b", "c" } },
	    { "a", { "a", "b", "c" } } };
	struct web_site_conf conf;
	struct web_site *s;

	(void)state;
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(web_site_new(&s, &conf), 0);
	web_site_free(s);
	conf.default_lang = "de";
	assert_int_equal(web_site_new(&s, &conf), SNT_ERR_CONFIG);
	assert_null(s);
	conf.default_lang = "sv";
	conf.units = bad_other;
	conf.n_units = 1;
	assert_int_equal(web_site_new(&s, &conf), SNT_ERR_CONFIG);
	conf.units = bad_id;
	assert_int_equal(web_site_new(&s, &conf), SNT_ERR_CONFIG);
	conf.units = dup;
	conf.n_units = 2;
	assert_int_equal(web_site_new(&s, &conf), SNT_ERR_CONFIG);
	conf.n_units = 0;
	conf.org_name[1] = "\xc0\xaf";
	assert_int_equal(web_site_new(&s, &conf), SNT_ERR_CONFIG);
	web_site_free(NULL);
}

/* pages_esc finds plain runs 8 bytes at a time: it must give exactly what
 * escaping one byte at a time gives, for every special character at every
 * position and alignment, next to high bytes and NULs. */
static void
test_esc_every_position(void **state)
{
	static const char alpha[] = "&<>\"'\nab \xc3\xa4\x00\x80\xff=;#";
	char in[80];
	struct pages_buf b, ref;
	size_t n, i, off, round;

	(void)state;
	srand(9);
	for (round = 0; round < 20000; round++) {
		off = round % 8;
		n = (size_t)rand() % (sizeof(in) - 8);
		for (i = 0; i < n; i++)
			in[off + i] = rand() % 4 == 0 ?
			    alpha[(size_t)rand() % (sizeof(alpha) - 1)] : 'x';
		pages_buf_init(&b, 0);
		pages_buf_init(&ref, 0);
		pages_esc(&b, in + off, n);
		for (i = 0; i < n; i++) {
			switch (in[off + i]) {
			case '&': pages_put(&ref, "&amp;"); break;
			case '<': pages_put(&ref, "&lt;"); break;
			case '>': pages_put(&ref, "&gt;"); break;
			case '"': pages_put(&ref, "&quot;"); break;
			case '\'': pages_put(&ref, "&#39;"); break;
			case '\n': pages_put(&ref, "&#10;"); break;
			default: pages_putn(&ref, in + off + i, 1); break;
			}
		}
		assert_int_equal(b.err, 0);
		assert_int_equal(b.len, ref.len);
		if (ref.len > 0)
			assert_memory_equal(b.p, ref.p, ref.len);
		pages_buf_free(&b);
		pages_buf_free(&ref);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogues),
		cmocka_unit_test(test_stylesheet_embedded),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_validation_each_language),
		cmocka_unit_test(test_hostile_values_escaped),
		cmocka_unit_test(test_esc_every_position),
		cmocka_unit_test(test_check_answers_round_trip),
		cmocka_unit_test(test_submit_direct_and_unavailable),
		cmocka_unit_test(test_site_conf),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}

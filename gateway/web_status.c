/*
 * web_status.c — the follow-up page /{lang}/status (web_status.h).
 *
 * The receipt only ever arrives in a POST body and is never echoed back:
 * not in the page, not in a URL. Reply text comes from officers, but it
 * crossed an air gap and a file: it is treated as hostile, escaped, and
 * every control, escape or bidirectional-override character is shown as a
 * visible symbol so that nothing in it can act as markup or reorder text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sinetti/err.h"
#include "sinetti/form.h"
#include "sinetti/msg.h"
#include "sinetti/pages.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/web.h"
#include "sinetti/web_status.h"

/* enum reply_status (reply.h); the web layer only needs the numbers. */
#define ST_RECEIVED    1
#define ST_IN_PROGRESS 2
#define ST_ANSWERED    3

static const char *const lang_codes[MSG_NLANGS] = { "fi", "sv", "en" };

#define P(s) pages_put(b, s)
#define M(k) pages_msg(b, lang, k, NULL, NULL)

/* The form asking for the code; not_found adds the one generic error. */
static void
status_form(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, int not_found)
{
	pages_open(b, site, lang, M_STATUS_TITLE, not_found, "status");
	if (not_found) {
		P("<div class=\"error-summary\" role=\"alert\" "
		  "aria-labelledby=\"error-summary-title\">\n"
		  "<h2 class=\"error-summary-title\" id=\"error-summary-title\">");
		M(M_ERR_SUMMARY_TITLE);
		P("</h2>\n<ul class=\"error-summary-list\">\n"
		  "<li><a href=\"#receipt\">");
		M(M_STATUS_NOT_FOUND);
		P("</a></li>\n</ul>\n</div>\n");
	}
	P("<h1>");
	M(M_STATUS_TITLE);
	P("</h1>\n<p class=\"lead\">");
	M(M_STATUS_LEAD);
	P("</p>\n<form method=\"post\" action=\"/");
	P(lang_codes[lang]);
	P("/status\" accept-charset=\"utf-8\">\n");
	P(not_found ? "<div class=\"form-group form-group-error\">\n" :
	    "<div class=\"form-group\">\n");
	P("<label class=\"label\" for=\"receipt\">");
	M(M_STATUS_RECEIPT_LABEL);
	P("</label>\n<p id=\"receipt-hint\" class=\"hint\">");
	M(M_STATUS_RECEIPT_HINT);
	P("</p>\n");
	if (not_found) {
		P("<p id=\"receipt-error\" class=\"error-message\">"
		  "<span class=\"visually-hidden\">");
		M(M_ERR_PREFIX);
		P("</span> ");
		M(M_STATUS_NOT_FOUND);
		P("</p>\n");
	}
	/* The typed code is never put back: the field is always empty. */
	P("<input class=\"input input-code");
	if (not_found)
		P(" input-error");
	P("\" id=\"receipt\" name=\"receipt\" type=\"text\" "
	  "autocomplete=\"off\" autocapitalize=\"characters\" "
	  "spellcheck=\"false\" value=\"\" aria-describedby=\"receipt-hint");
	if (not_found)
		P(" receipt-error");
	P("\">\n</div>\n<button class=\"button\" type=\"submit\">");
	M(M_STATUS_BUTTON);
	P("</button>\n</form>\n");
	pages_close(b, site, lang);
}

/*
 * Reply text, escaped, with every character that could steer a terminal
 * or the reading order shown as a symbol: C0 controls (other than line
 * feed and tab) as their Control Pictures (U+2400 + c), DEL as U+2421, C1
 * controls, bidirectional embeddings, overrides, isolates and marks, and
 * invalid UTF-8 as U+FFFD.
 */
static void
reply_text(struct pages_buf *b, const char *s, size_t n)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	size_t i = 0, k;
	uint32_t cp;
	char pic[4];

	while (i < n) {
		k = utf8_decode((const uint8_t *)s + i, n - i, &cp);
		if (k == 0) {
			pages_put(b, replacement);
			i++;
			continue;
		}
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f) {
			uint32_t p = cp == 0x7f ? 0x2421 : 0x2400 + cp;

			pic[0] = (char)(0xe0 | (p >> 12));
			pic[1] = (char)(0x80 | ((p >> 6) & 0x3f));
			pic[2] = (char)(0x80 | (p & 0x3f));
			pages_putn(b, pic, 3);
		} else if ((cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x200e || cp == 0x200f || cp == 0x061c)
			pages_put(b, replacement);
		else
			pages_esc(b, s + i, k);
		i += k;
	}
}

/* The reply's date, in UTC, as d.m.yyyy (fi, sv) or yyyy-mm-dd (en). */
static void
reply_date(struct pages_buf *b, enum msg_lang lang, uint64_t time_ms)
{
	char d[48];
	time_t t = (time_t)(time_ms / 1000);
	struct tm tm;

	d[0] = '\0';
	if (gmtime_r(&t, &tm) != NULL) {
		if (lang == MSG_EN)
			snprintf(d, sizeof(d), "%04d-%02d-%02d",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		else
			snprintf(d, sizeof(d), "%d.%d.%d", tm.tm_mday,
			    tm.tm_mon + 1, tm.tm_year + 1900);
	}
	pages_msg(b, lang, M_STATUS_REPLY_FROM, d, NULL);
}

static void
status_page(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_status_view *v)
{
	enum msg_key st;
	size_t i;

	switch (v->status) {
	case ST_IN_PROGRESS: st = M_STATUS_IN_PROGRESS; break;
	case ST_ANSWERED: st = M_STATUS_ANSWERED; break;
	default: st = M_STATUS_RECEIVED; break;
	}
	pages_open(b, site, lang, M_STATUS_TITLE, 0, "status");
	P("<h1>");
	M(M_STATUS_TITLE);
	P("</h1>\n<h2>");
	M(M_STATUS_NOW_H);
	P("</h2>\n<p><strong class=\"tag\" id=\"status\">");
	M(st);
	P("</strong></p>\n<h2>");
	M(M_STATUS_REPLIES_H);
	P("</h2>\n");
	if (v->n == 0) {
		P("<p>");
		M(M_STATUS_NO_REPLIES);
		P("</p>\n");
	}
	for (i = 0; i < v->n; i++) {
		P("<section class=\"reply\">\n<h3 class=\"reply-date\">");
		reply_date(b, lang, v->replies[i].time_ms);
		P("</h3>\n<p class=\"reply-text\">");
		reply_text(b, v->replies[i].text, v->replies[i].len);
		P("</p>\n</section>\n");
	}
	P("<p><a href=\"/");
	P(lang_codes[lang]);
	P("/status\">");
	M(M_STATUS_AGAIN);
	P("</a></p>\n");
	pages_close(b, site, lang);
}

static enum msg_lang
lang_of(const struct web_site *site, const char *code)
{
	int l;

	for (l = 0; l < MSG_NLANGS; l++)
		if (code != NULL && strcmp(code, lang_codes[l]) == 0)
			return (enum msg_lang)l;
	return site->default_lang;
}

/* Replaces resp's body with b (taking it) and sets the page fields. */
static int
take_page(struct web_response *resp, struct pages_buf *b, int status,
    enum msg_lang lang)
{
	if (b->err != 0) {
		int r = b->err == SNT_ERR_NOMEM ? SNT_ERR_NOMEM : SNT_ERR_INTERNAL;

		pages_buf_free(b);
		return r;
	}
	if (resp->body_secure)
		smem_free(resp->body);
	else
		free(resp->body);
	resp->body = b->p;
	resp->body_len = b->len;
	resp->body_secure = b->secure;
	b->p = NULL;
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp->lang = lang_codes[lang];
	resp->no_store = 1;
	return 0;
}

int
web_status_route(const struct web_site *site, enum msg_lang lang,
    const struct web_request *req, struct web_response *resp)
{
	struct pages_buf b;
	struct form f;
	const char *m = req->method != NULL ? req->method : "";
	size_t n;
	int r;

	if ((unsigned)lang >= MSG_NLANGS)
		lang = site->default_lang;
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0) {
		pages_buf_init(&b, 0);
		status_form(&b, site, lang, 0);
		return take_page(resp, &b, 200, lang);
	}
	if (strcmp(m, "POST") != 0) {
		if ((r = web_render_refusal(site, 405, lang_codes[lang], resp)) != 0)
			return r;
		resp->allow = "GET, HEAD, POST";
		return WEB_RESPOND;
	}
	if (form_content_type_ok(req->content_type) != 0)
		return web_render_refusal(site, 415, lang_codes[lang], resp);
	if ((r = form_parse(req->body, req->body_len, &f)) != 0) {
		if (r == SNT_ERR_NOMEM)
			return r;
		return web_render_refusal(site, 400, lang_codes[lang], resp);
	}
	n = f.v[FORM_RECEIPT].len;
	if (n > WEB_RECEIPT_FIELD_MAX)
		n = WEB_RECEIPT_FIELD_MAX;
	/* Until the transport has looked the code up, the page says the
	 * service could not answer; web_render_status() replaces it. */
	if ((r = web_render_refusal(site, 503, lang_codes[lang], resp)) != 0 ||
	    (resp->receipt = smem_alloc(n + 1)) == NULL) {
		form_free(&f);
		web_response_free(resp);
		return r != 0 ? r : SNT_ERR_NOMEM;
	}
	memcpy(resp->receipt, f.v[FORM_RECEIPT].p, n);
	resp->receipt[n] = '\0';
	resp->receipt_len = n;
	form_free(&f);
	return WEB_STATUS;
}

int
web_render_status(const struct web_site *site, struct web_response *resp,
    const struct web_status_view *v)
{
	struct pages_buf b;
	enum msg_lang lang = lang_of(site, resp->lang);

	if (v == NULL || (v->n > 0 && v->replies == NULL))
		return SNT_ERR_INVALID;
	pages_buf_init(&b, 1);
	if (v->found)
		status_page(&b, site, lang, v);
	else
		status_form(&b, site, lang, 1);
	return take_page(resp, &b, 200, lang);
}

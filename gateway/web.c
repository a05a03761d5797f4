/*
 * web.c — routes, validation and responses of the citizen pages (web.h).
 *
 * No I/O and no global state: everything a request needs is in the
 * struct web_site (read-only after web_site_new) and the request itself,
 * so the transport may call web_handle() from several threads at once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/form.h"
#include "sinetti/msg.h"
#include "sinetti/pages.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/web.h"
#include "sinetti/web_status.h"

static const char *const lang_codes[MSG_NLANGS] = { "fi", "sv", "en" };

static const char CT_HTML[] = "text/html; charset=utf-8";
static const char CT_CSS[] = "text/css; charset=utf-8";

/* ------------------------------------------------------------------ site */

static int
lang_index(const char *s, size_t n)
{
	int l;

	for (l = 0; l < MSG_NLANGS; l++)
		if (n == 2 && memcmp(s, lang_codes[l], 2) == 0)
			return l;
	return -1;
}

static int
copy_str(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	if ((*dst = strdup(src)) == NULL)
		return SNT_ERR_NOMEM;
	return 0;
}

static int
copy_const(const char **dst, const char *src)
{
	char *c = NULL;
	int r = copy_str(&c, src);

	*dst = c;
	return r;
}

/* The unit table's strings are const for readers, but ours to free. */
static void
free_const(const char *p)
{
	void *q;

	memcpy(&q, &p, sizeof(q));
	free(q);
}

static int
unit_id_ok(const char *id)
{
	size_t i, n;

	if (id == NULL || (n = strlen(id)) == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	/* "other" is the form's own choice; a unit cannot take it. */
	return strcmp(id, "other") != 0;
}

static int
text_ok(const char *s)
{
	return s == NULL || utf8_validate((const uint8_t *)s, strlen(s)) == 0;
}

int
web_site_new(struct web_site **out, const struct web_site_conf *conf)
{
	struct web_site *s = NULL;
	size_t i, j;
	int l, r = SNT_ERR_NOMEM;

	*out = NULL;
	if (conf == NULL)
		return SNT_ERR_INVALID;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SNT_ERR_NOMEM;
	s->default_lang = MSG_FI;
	if (conf->default_lang != NULL) {
		if ((l = lang_index(conf->default_lang,
		    strlen(conf->default_lang))) < 0) {
			r = SNT_ERR_CONFIG;
			goto out;
		}
		s->default_lang = (enum msg_lang)l;
	}
	s->message_max_chars = conf->message_max_chars;
	if (s->message_max_chars == 0 ||
	    s->message_max_chars > CONTENT_MESSAGE_MAX_CHARS)
		s->message_max_chars = CONTENT_MESSAGE_MAX_CHARS;
	if (!text_ok(conf->emergency_phone) || !text_ok(conf->authority_url)) {
		r = SNT_ERR_CONFIG;
		goto out;
	}
	if (copy_str(&s->emergency_phone, conf->emergency_phone) != 0 ||
	    copy_str(&s->authority_url, conf->authority_url) != 0)
		goto out;
	for (l = 0; l < WEB_LANGS; l++) {
		if (!text_ok(conf->org_name[l]) ||
		    !text_ok(conf->ombudsman_contact[l]) ||
		    !text_ok(conf->authority_name[l])) {
			r = SNT_ERR_CONFIG;
			goto out;
		}
		if (copy_str(&s->org_name[l], conf->org_name[l]) != 0 ||
		    copy_str(&s->ombudsman_contact[l],
		    conf->ombudsman_contact[l]) != 0 ||
		    copy_str(&s->authority_name[l], conf->authority_name[l]) != 0)
			goto out;
	}
	if (conf->n_units > 0) {
		if (conf->units == NULL || conf->n_units > 1000) {
			r = SNT_ERR_CONFIG;
			goto out;
		}
		if ((s->units = calloc(conf->n_units, sizeof(*s->units))) == NULL)
			goto out;
		for (i = 0; i < conf->n_units; i++) {
			const struct web_unit *u = &conf->units[i];

			if (!unit_id_ok(u->id)) {
				r = SNT_ERR_CONFIG;
				goto out;
			}
			for (j = 0; j < i; j++)
				if (strcmp(s->units[j].id, u->id) == 0) {
					r = SNT_ERR_CONFIG;
					goto out;
				}
			s->n_units = i + 1;
			if (copy_const(&s->units[i].id, u->id) != 0)
				goto out;
			for (l = 0; l < WEB_LANGS; l++) {
				if (!text_ok(u->name[l])) {
					r = SNT_ERR_CONFIG;
					goto out;
				}
				if (copy_const(&s->units[i].name[l],
				    u->name[l]) != 0)
					goto out;
			}
		}
	}
	*out = s;
	s = NULL;
	r = 0;
out:
	web_site_free(s);
	return r;
}

void
web_site_free(struct web_site *s)
{
	size_t i;
	int l;

	if (s == NULL)
		return;
	for (l = 0; l < WEB_LANGS; l++) {
		free(s->org_name[l]);
		free(s->ombudsman_contact[l]);
		free(s->authority_name[l]);
	}
	for (i = 0; i < s->n_units; i++) {
		free_const(s->units[i].id);
		for (l = 0; l < WEB_LANGS; l++)
			free_const(s->units[i].name[l]);
	}
	free(s->units);
	free(s->emergency_phone);
	free(s->authority_url);
	free(s);
}

/* ------------------------------------------------------- Accept-Language */

#define AL_MAX_BYTES 512
#define AL_MAX_ITEMS 32

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* q = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), as RFC 9110
 * says; returns the weight in thousandths or -1. */
static int
parse_q(const char *s, size_t n)
{
	size_t i;
	int q, scale = 100;

	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.')
		return -1;
	for (i = 2; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	return q > 1000 ? -1 : q;
}

static const char *
trim(const char *s, const char *e, const char **end)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*end = e;
	return s;
}

/* One "tag[;q=x]" item: sets *lang (or -1) and *q (or -1 when it does not
 * parse). */
static void
parse_item(const char *s, const char *e, int *lang, int *q)
{
	const char *semi, *te, *p, *pe;
	size_t i, n;

	*lang = -1;
	*q = 1000;
	semi = memchr(s, ';', (size_t)(e - s));
	s = trim(s, semi != NULL ? semi : e, &te);
	n = (size_t)(te - s);
	/* language-range: 1*8ALPHA *("-" 1*8alphanum), or "*" */
	if (n == 0 || n > 64) {
		*q = -1;
		return;
	}
	for (i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !(s[i] >= '0' && s[i] <= '9') &&
		    s[i] != '-' && s[i] != '*') {
			*q = -1;
			return;
		}
	if (n >= 2 && (n == 2 || s[2] == '-') && is_alpha(s[0]) &&
	    is_alpha(s[1])) {
		char c[2] = { (char)(s[0] | 0x20), (char)(s[1] | 0x20) };

		*lang = lang_index(c, 2);
	}
	if (semi == NULL)
		return;
	p = trim(semi + 1, e, &pe);
	if (pe - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') {
		*q = -1;
		return;
	}
	*q = parse_q(p + 2, (size_t)(pe - p - 2));
}

const char *
web_pick_lang(const char *al, const char *fallback)
{
	const char *s, *e, *end;
	int best = -1, bestq = 0, lang, q, items = 0;

	if (al == NULL)
		return fallback;
	end = al + strnlen(al, AL_MAX_BYTES);
	for (s = al; s < end && items < AL_MAX_ITEMS; s = e + 1, items++) {
		e = memchr(s, ',', (size_t)(end - s));
		if (e == NULL)
			e = end;
		parse_item(s, e, &lang, &q);
		if (lang >= 0 && q > bestq) {
			best = lang;
			bestq = q;
		}
		if (e == end)
			break;
	}
	return best >= 0 ? lang_codes[best] : fallback;
}

/* -------------------------------------------------------------- responses */

static void
set_body(struct web_response *resp, struct pages_buf *b)
{
	resp->body = b->p;
	resp->body_len = b->len;
	resp->body_secure = b->secure;
	b->p = NULL;
	b->len = b->cap = 0;
}

static void
drop_body(struct web_response *resp)
{
	if (resp->body_secure)
		smem_free(resp->body);
	else
		free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
	resp->body_secure = 0;
}

/* Takes over the rendered page b, or reports its error. */
static int
finish(struct web_response *resp, struct pages_buf *b, int status,
    enum msg_lang lang)
{
	if (b->err != 0) {
		int r = b->err == SNT_ERR_NOMEM ? SNT_ERR_NOMEM : SNT_ERR_INTERNAL;

		pages_buf_free(b);
		return r;
	}
	drop_body(resp);
	set_body(resp, b);
	resp->status = status;
	resp->content_type = CT_HTML;
	resp->lang = lang_codes[lang];
	resp->no_store = 1;
	return 0;
}

static int
refusal(const struct web_site *site, enum msg_lang lang, int status,
    struct web_response *resp)
{
	struct pages_buf b;

	pages_buf_init(&b, 0);
	pages_refusal(&b, site, lang, status);
	return finish(resp, &b, status, lang);
}

static int
method_not_allowed(const struct web_site *site, enum msg_lang lang,
    const char *allow, struct web_response *resp)
{
	int r = refusal(site, lang, 405, resp);

	if (r == 0)
		resp->allow = allow;
	return r;
}

static int
redirect(const struct web_site *site, enum msg_lang lang, const char *to,
    struct web_response *resp)
{
	struct pages_buf b;

	/* A small page with the link, for clients that do not follow. */
	pages_buf_init(&b, 0);
	pages_put(&b, "<!DOCTYPE html>\n<html lang=\"");
	pages_put(&b, lang_codes[lang]);
	pages_put(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	pages_msg(&b, lang, M_SERVICE, NULL, NULL);
	pages_put(&b, "</title>\n</head>\n<body>\n<p><a href=\"");
	pages_put(&b, to);
	pages_put(&b, "\">");
	pages_msg(&b, lang, M_SERVICE, NULL, NULL);
	pages_put(&b, "</a></p>\n</body>\n</html>\n");
	(void)site;
	if (finish(resp, &b, 303, lang) != 0)
		return SNT_ERR_NOMEM;
	resp->location = to;
	return 0;
}

/* ------------------------------------------------------------ validation */

/* The form's wire values; the numbers are content.h's. */
static uint8_t
kind_from(const struct form_value *v)
{
	static const char *const names[] = { "feedback", "concern", "objection" };
	static const uint8_t kinds[] = { CONTENT_KIND_FEEDBACK,
	    CONTENT_KIND_CONCERN, CONTENT_KIND_OBJECTION };
	size_t i;

	for (i = 0; i < sizeof(kinds); i++)
		if (v->len == strlen(names[i]) &&
		    memcmp(v->p, names[i], v->len) == 0)
			return kinds[i];
	return 0;
}

static uint8_t
role_from(const struct form_value *v)
{
	static const char *const names[] = { "client", "relative",
	    "representative", "other" };
	static const uint8_t roles[] = { CONTENT_ROLE_CLIENT,
	    CONTENT_ROLE_RELATIVE, CONTENT_ROLE_REPRESENTATIVE,
	    CONTENT_ROLE_OTHER };
	size_t i;

	for (i = 0; i < sizeof(roles); i++)
		if (v->len == strlen(names[i]) &&
		    memcmp(v->p, names[i], v->len) == 0)
			return roles[i];
	return 0;
}

static int
is_value(const struct form_value *v, const char *lit)
{
	return v->len == strlen(lit) && memcmp(v->p, lit, v->len) == 0;
}

static int
blank(const struct form_value *v)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (v->p[i] != ' ' && v->p[i] != '\n' && v->p[i] != '\t')
			return 0;
	return 1;
}

static void
set_err(struct web_sub *sub, enum form_field f, enum msg_key k)
{
	sub->err[f] = k;
	sub->n_err++;
}

static void
check_len(struct web_sub *sub, enum form_field f, size_t max_chars,
    enum msg_key k)
{
	const struct form_value *v = &sub->form.v[f];

	if (utf8_count((const uint8_t *)v->p, v->len) > max_chars)
		set_err(sub, f, k);
}

static void
validate(const struct web_site *site, struct web_sub *sub)
{
	const struct form_value *v = sub->form.v;
	size_t i;

	sub->kind = kind_from(&v[FORM_KIND]);
	if (sub->kind == 0)
		set_err(sub, FORM_KIND, M_ERR_KIND);

	if (is_value(&v[FORM_UNIT], "other"))
		sub->unit_other = 1;
	else
		for (i = 0; i < site->n_units; i++)
			if (is_value(&v[FORM_UNIT], site->units[i].id))
				sub->unit = &site->units[i];
	if (!sub->unit_other && sub->unit == NULL)
		set_err(sub, FORM_UNIT, M_ERR_UNIT);
	check_len(sub, FORM_UNIT_OTHER, WEB_UNIT_OTHER_MAX_CHARS,
	    M_ERR_UNIT_OTHER_LONG);

	sub->role = role_from(&v[FORM_ROLE]);
	if (sub->role == 0)
		set_err(sub, FORM_ROLE, M_ERR_ROLE);

	sub->message_chars = utf8_count((const uint8_t *)v[FORM_MESSAGE].p,
	    v[FORM_MESSAGE].len);
	if (blank(&v[FORM_MESSAGE]))
		set_err(sub, FORM_MESSAGE, M_ERR_MESSAGE_EMPTY);
	else if (sub->message_chars > site->message_max_chars ||
	    v[FORM_MESSAGE].len > CONTENT_MESSAGE_MAX)
		set_err(sub, FORM_MESSAGE, M_ERR_MESSAGE_LONG);

	check_len(sub, FORM_WHEN, WEB_WHEN_MAX_CHARS, M_ERR_WHEN_LONG);
	check_len(sub, FORM_PERSONS, WEB_PERSONS_MAX_CHARS, M_ERR_PERSONS_LONG);
	check_len(sub, FORM_CALLBACK_TIME, WEB_CALLBACK_MAX_CHARS,
	    M_ERR_CALLBACK_LONG);

	if (!blank(&v[FORM_PHONE]) &&
	    form_phone_normalise(v[FORM_PHONE].p, v[FORM_PHONE].len,
	    sub->phone, sizeof(sub->phone)) != 0) {
		sub->phone[0] = '\0';
		set_err(sub, FORM_PHONE, M_ERR_PHONE);
	}
}

static struct snt_str
slice(const struct form_value *v)
{
	struct snt_str s = { v->p, v->len };

	return s;
}

/* The validated submission as a content record; slices point into sub. */
static void
fill_content(struct web_sub *sub, struct content *c)
{
	const struct form_value *v = sub->form.v;

	memset(c, 0, sizeof(*c));
	c->kind = sub->kind;
	c->role = sub->role;
	c->unit = slice(&v[FORM_UNIT]);
	/* Empty slices point at "" rather than NULL, so that no consumer
	 * ever hands NULL to memcpy. */
	c->unit_other.p = "";
	if (sub->unit_other)
		c->unit_other = slice(&v[FORM_UNIT_OTHER]);
	c->message = slice(&v[FORM_MESSAGE]);
	c->when = slice(&v[FORM_WHEN]);
	c->persons = slice(&v[FORM_PERSONS]);
	c->phone.p = sub->phone;
	c->phone.len = strlen(sub->phone);
	c->callback_time = slice(&v[FORM_CALLBACK_TIME]);
	memcpy(c->lang, lang_codes[sub->lang], 3);
}

/* ---------------------------------------------------------------- routes */

static int
form_post(const struct web_site *site, enum msg_lang lang,
    const struct web_request *req, struct web_response *resp)
{
	struct web_sub *sub = NULL;
	struct pages_buf b;
	const struct form_value *confirm;
	int r;

	if (form_content_type_ok(req->content_type) != 0)
		return refusal(site, lang, 415, resp);
	if ((sub = smem_calloc(sizeof(*sub))) == NULL)
		return SNT_ERR_NOMEM;
	sub->lang = lang;
	r = form_parse(req->body, req->body_len, &sub->form);
	if (r == SNT_ERR_NOMEM)
		goto out;
	if (r != 0) {
		r = refusal(site, lang, 400, resp);
		goto out;
	}
	validate(site, sub);
	confirm = &sub->form.v[FORM_CONFIRM];
	if (sub->n_err == 0 && is_value(confirm, "yes")) {
		/* The transport replaces this page with
		 * web_render_confirmation() or web_render_unavailable() (the
		 * 503 that keeps the typed values); until then resp holds the
		 * bare 503 refusal. Rendering the full "could not be saved"
		 * page here, as before, cost a fifth of the web layer's work
		 * on every submission and was always thrown away. */
		if ((r = refusal(site, lang, 503, resp)) != 0)
			goto out;
		fill_content(sub, &resp->content);
		resp->has_phone = sub->phone[0] != '\0';
		resp->priv = sub;
		return WEB_SUBMIT;
	}
	pages_buf_init(&b, 1);
	if (sub->n_err > 0 || is_value(confirm, "change"))
		pages_form(&b, site, lang, sub);
	else
		pages_check(&b, site, lang, sub, 0);
	r = finish(resp, &b, 200, lang);
	if (r == 0)
		resp->priv = sub, sub = NULL;
out:
	if (sub != NULL) {
		form_free(&sub->form);
		smem_free(sub);
	}
	return r;
}

static int
is_get(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static int
static_page(const struct web_site *site, enum msg_lang lang,
    void (*render)(struct pages_buf *, const struct web_site *, enum msg_lang),
    struct web_response *resp)
{
	struct pages_buf b;

	pages_buf_init(&b, 0);
	render(&b, site, lang);
	return finish(resp, &b, 200, lang);
}

int
web_handle(const struct web_site *site, const struct web_request *req,
    struct web_response *resp)
{
	static const char *const home[MSG_NLANGS] = { "/fi/", "/sv/", "/en/" };
	const char *path, *rest, *m;
	enum msg_lang lang;
	int l, get, r;

	memset(resp, 0, sizeof(*resp));
	m = req->method != NULL ? req->method : "";
	path = req->path != NULL ? req->path : "";
	get = is_get(m);
	l = lang_index(web_pick_lang(req->accept_language,
	    lang_codes[site->default_lang]), 2);
	lang = (enum msg_lang)l;

	if (strcmp(path, "/") == 0)
		return get ? redirect(site, lang, home[lang], resp) :
		    method_not_allowed(site, lang, "GET, HEAD", resp);
	if (strcmp(path, "/static/style.css") == 0) {
		if (!get)
			return method_not_allowed(site, lang, "GET, HEAD", resp);
		/* The stylesheet is a constant: copy it so the response owns
		 * its body like every other. */
		if ((resp->body = malloc(pages_style_css_len)) == NULL)
			return SNT_ERR_NOMEM;
		memcpy(resp->body, pages_style_css, pages_style_css_len);
		resp->body_len = pages_style_css_len;
		resp->status = 200;
		resp->content_type = CT_CSS;
		resp->cache_static = 1;
		return 0;
	}
	if (path[0] != '/' || (l = lang_index(path + 1,
	    strnlen(path + 1, 3) >= 2 ? 2 : 0)) < 0 ||
	    (path[3] != '\0' && path[3] != '/'))
		return refusal(site, lang, 404, resp);
	lang = (enum msg_lang)l;
	if (path[3] == '\0')
		return get ? redirect(site, lang, home[lang], resp) :
		    method_not_allowed(site, lang, "GET, HEAD", resp);
	rest = path + 4;
	if (strcmp(rest, "form") == 0) {
		if (get) {
			struct pages_buf b;

			pages_buf_init(&b, 0);
			pages_form(&b, site, lang, NULL);
			return finish(resp, &b, 200, lang);
		}
		if (strcmp(m, "POST") == 0)
			return form_post(site, lang, req, resp);
		return method_not_allowed(site, lang, "GET, HEAD, POST", resp);
	}
	if (strcmp(rest, "status") == 0)
		return web_status_route(site, lang, req, resp);
	if (strcmp(rest, "") == 0)
		r = get ? static_page(site, lang, pages_start, resp) : 1;
	else if (strcmp(rest, "accessibility") == 0)
		r = get ? static_page(site, lang, pages_accessibility, resp) : 1;
	else if (strcmp(rest, "privacy") == 0)
		r = get ? static_page(site, lang, pages_privacy, resp) : 1;
	else
		return refusal(site, lang, 404, resp);
	if (r == 1)
		return method_not_allowed(site, lang, "GET, HEAD", resp);
	return r;
}

void
web_response_free(struct web_response *resp)
{
	struct web_sub *sub;

	if (resp == NULL)
		return;
	drop_body(resp);
	if ((sub = resp->priv) != NULL) {
		form_free(&sub->form);
		smem_free(sub);
	}
	smem_free(resp->receipt);
	memset(resp, 0, sizeof(*resp));
}

/* ------------------------------------------------------- after a submit */

static enum msg_lang
resp_lang(const struct web_response *resp, const struct web_site *site)
{
	int l;

	if (resp->lang == NULL ||
	    (l = lang_index(resp->lang, strlen(resp->lang))) < 0)
		return site->default_lang;
	return (enum msg_lang)l;
}

int
web_render_confirmation(const struct web_site *site,
    struct web_response *resp, const char *receipt_text)
{
	struct pages_buf b;
	enum msg_lang lang = resp_lang(resp, site);

	if (resp->priv == NULL || receipt_text == NULL)
		return SNT_ERR_INVALID;
	pages_buf_init(&b, 1);
	pages_done(&b, site, lang, resp->priv, receipt_text);
	return finish(resp, &b, 200, lang);
}

int
web_render_unavailable(const struct web_site *site, struct web_response *resp)
{
	struct pages_buf b;
	enum msg_lang lang = resp_lang(resp, site);

	if (resp->priv == NULL)
		return web_render_refusal(site, 503, resp->lang, resp);
	pages_buf_init(&b, 1);
	pages_check(&b, site, lang, resp->priv, 1);
	return finish(resp, &b, 503, lang);
}

int
web_render_refusal(const struct web_site *site, int status, const char *lang,
    struct web_response *resp)
{
	int l = lang != NULL ? lang_index(lang, strlen(lang)) : -1;

	memset(resp, 0, sizeof(*resp));
	return refusal(site, l >= 0 ? (enum msg_lang)l : site->default_lang,
	    status, resp);
}

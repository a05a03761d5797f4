/*
 * pages.c — the citizen pages (pages.h).
 *
 * GOV.UK Design System patterns that need no JavaScript: question as
 * heading, hints and errors tied to their fields with aria-describedby, an
 * error summary linking to each field, check your answers, a confirmation
 * panel. Every page: lang on <html>, skip link, banner/nav/main/contentinfo
 * landmarks, language switch to the same page, footer links to the
 * accessibility statement and privacy page. No inline style (the CSP has no
 * 'unsafe-inline'), no script, nothing from another origin.
 */
#include <stddef.h>
#include <string.h>

#include "sinetti/content.h"
#include "sinetti/form.h"
#include "sinetti/msg.h"
#include "sinetti/pages.h"

#define P(s) pages_put(b, s)
#define M(k) pages_msg(b, lang, k, NULL, NULL)

static const char *const lang_codes[MSG_NLANGS] = { "fi", "sv", "en" };

const char *
pages_unit_name(const struct web_unit *u, enum msg_lang lang)
{
	if (u->name[lang] != NULL && u->name[lang][0] != '\0')
		return u->name[lang];
	return u->id;
}

static const char *
org_name(const struct web_site *site, enum msg_lang lang)
{
	if (site->org_name[lang] != NULL)
		return site->org_name[lang];
	return msg_get(lang, M_ORG_DEFAULT);
}

static void
esc0(struct pages_buf *b, const char *s)
{
	if (s != NULL)
		pages_esc(b, s, strlen(s));
}

/* href="/{lang}/{page}" */
static void
href(struct pages_buf *b, enum msg_lang lang, const char *page)
{
	P(" href=\"/");
	P(lang_codes[lang]);
	P("/");
	P(page);
	P("\"");
}

/*
 * Everything up to and including <main>. page is the path after /{lang}/
 * for the language switch ("" for the start page).
 */
void
pages_open(struct pages_buf *b, const struct web_site *site, enum msg_lang lang,
    enum msg_key title, int error, const char *page)
{
	int l;

	P("<!DOCTYPE html>\n<html lang=\"");
	P(lang_codes[lang]);
	P("\">\n<head>\n<meta charset=\"utf-8\">\n"
	  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	  "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	if (error)
		M(M_TITLE_ERROR_PREFIX);
	M(title);
	P(" – ");
	M(M_SERVICE);
	P("</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	  "</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	M(M_SKIP);
	P("</a>\n<header class=\"header\">\n<div class=\"container header-bar\">\n"
	  "<p class=\"service\"><a class=\"service-name\"");
	href(b, lang, "");
	P(">");
	M(M_SERVICE);
	P("</a> <span class=\"org\">");
	esc0(b, org_name(site, lang));
	P("</span></p>\n<a class=\"exit\" href=\"");
	M(M_EXIT_URL);
	P("\" rel=\"noreferrer\">");
	M(M_EXIT);
	P("</a>\n</div>\n<nav class=\"container lang-switch\" aria-label=\"");
	M(M_LANG_SWITCH_LABEL);
	P("\">\n<ul>\n");
	for (l = 0; l < MSG_NLANGS; l++) {
		if (l == (int)lang)
			continue;
		P("<li><a");
		href(b, (enum msg_lang)l, page);
		P(" lang=\"");
		P(lang_codes[l]);
		P("\" hreflang=\"");
		P(lang_codes[l]);
		P("\">");
		pages_msg(b, (enum msg_lang)l, M_LANG_NAME, NULL, NULL);
		P("</a></li>\n");
	}
	P("</ul>\n</nav>\n</header>\n<main id=\"main\" class=\"container main\">\n");
}

void
pages_close(struct pages_buf *b, const struct web_site *site, enum msg_lang lang)
{
	P("</main>\n<footer class=\"footer\">\n<div class=\"container\">\n"
	  "<nav aria-label=\"");
	M(M_FOOTER_LABEL);
	P("\">\n<ul class=\"footer-links\">\n<li><a");
	href(b, lang, "");
	P(">");
	M(M_FOOTER_START);
	P("</a></li>\n<li><a");
	href(b, lang, "status");
	P(">");
	M(M_FOOTER_STATUS);
	P("</a></li>\n<li><a");
	href(b, lang, "accessibility");
	P(">");
	M(M_FOOTER_ACCESSIBILITY);
	P("</a></li>\n<li><a");
	href(b, lang, "privacy");
	P(">");
	M(M_FOOTER_PRIVACY);
	P("</a></li>\n</ul>\n</nav>\n<p class=\"footer-org\">");
	esc0(b, org_name(site, lang));
	P("</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

/* tel: wants digits and '+' only. */
static void
tel_href(struct pages_buf *b, const char *phone)
{
	const char *s;

	P(" href=\"tel:");
	for (s = phone; *s != '\0'; s++)
		if ((*s >= '0' && *s <= '9') || (*s == '+' && s == phone))
			pages_putn(b, s, 1);
	P("\"");
}

static void
urgent(struct pages_buf *b, const struct web_site *site, enum msg_lang lang)
{
	P("<section class=\"urgent\" aria-labelledby=\"urgent-title\">\n"
	  "<h2 id=\"urgent-title\" class=\"urgent-title\">");
	M(M_URGENT_TITLE);
	P("</h2>\n<p>");
	M(M_URGENT_TEXT);
	P("</p>\n");
	if (site->emergency_phone != NULL) {
		P("<p class=\"urgent-phone\">");
		M(M_URGENT_TEXT_PHONE);
		P(" <a");
		tel_href(b, site->emergency_phone);
		P(">");
		esc0(b, site->emergency_phone);
		P("</a></p>\n");
	}
	P("<p>");
	M(M_URGENT_NOT_WATCHED);
	P("</p>\n</section>\n");
}

void
pages_start(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang)
{
	const char *auth;

	pages_open(b, site, lang, M_START_TITLE, 0, "");
	P("<h1>");
	M(M_START_TITLE);
	P("</h1>\n<p class=\"lead\">");
	M(M_START_LEAD);
	P("</p>\n");
	urgent(b, site, lang);
	P("<p><a class=\"button button-start\"");
	href(b, lang, "form");
	P(">");
	M(M_START_BUTTON);
	P("</a></p>\n<h2>");
	M(M_START_KINDS_H);
	P("</h2>\n<dl class=\"kinds\">\n<dt>");
	M(M_KIND_FEEDBACK);
	P("</dt>\n<dd>");
	M(M_START_FEEDBACK);
	P("</dd>\n<dt>");
	M(M_KIND_CONCERN);
	P("</dt>\n<dd>");
	M(M_START_CONCERN);
	P("</dd>\n<dt>");
	M(M_KIND_OBJECTION);
	P("</dt>\n<dd>");
	M(M_START_OBJECTION);
	P("</dd>\n</dl>\n<h2>");
	M(M_START_WHO_READS_H);
	P("</h2>\n<p>");
	M(M_START_WHO_READS);
	P("</p>\n<p>");
	M(M_START_NEVER_PUBLISHED);
	P("</p>\n<p>");
	M(M_START_ANON);
	P("</p>\n<h2>");
	M(M_START_OTHER_ROUTES_H);
	P("</h2>\n<p>");
	M(M_START_NO_APPEAL);
	P("</p>\n<p>");
	auth = site->authority_name[lang];
	if (auth != NULL)
		pages_msg(b, lang, M_START_COMPLAINT, auth, NULL);
	else
		pages_msg_msg(b, lang, M_START_COMPLAINT, M_AUTHORITY_DEFAULT);
	if (site->authority_url != NULL) {
		P(" <a href=\"");
		esc0(b, site->authority_url);
		P("\" rel=\"noreferrer\">");
		if (auth != NULL)
			esc0(b, auth);
		else
			M(M_AUTHORITY_DEFAULT);
		P("</a>");
	}
	P("</p>\n<p>");
	M(M_START_OMBUDSMAN);
	P("</p>\n");
	if (site->ombudsman_contact[lang] != NULL) {
		P("<p>");
		pages_msg(b, lang, M_START_OMBUDSMAN_CONTACT,
		    site->ombudsman_contact[lang], NULL);
		P("</p>\n");
	}
	pages_close(b, site, lang);
}

/* ------------------------------------------------------------- the form */

static const struct form_value *
val(const struct web_sub *sub, enum form_field f)
{
	static const struct form_value empty = { "", 0, 0 };

	return sub == NULL ? &empty : &sub->form.v[f];
}

static int
has_err(const struct web_sub *sub, enum form_field f)
{
	return sub != NULL && sub->err[f] != 0;
}

/* "<p id="x-error" class="error-message">" with a hidden "Error:" so a
 * screen reader hears that it is an error and not a hint. */
static void
field_error(struct pages_buf *b, enum msg_lang lang,
    const struct web_site *site, const struct web_sub *sub, enum form_field f)
{
	char max[24];
	char typed[24];
	size_t lim = 0, n, i;

	if (!has_err(sub, f))
		return;
	P("<p id=\"");
	P(form_field_name(f));
	P("-error\" class=\"error-message\"><span class=\"visually-hidden\">");
	M(M_ERR_PREFIX);
	P("</span> ");
	switch (sub->err[f]) {
	case M_ERR_MESSAGE_LONG: lim = site->message_max_chars; break;
	case M_ERR_UNIT_OTHER_LONG: lim = WEB_UNIT_OTHER_MAX_CHARS; break;
	case M_ERR_WHEN_LONG: lim = WEB_WHEN_MAX_CHARS; break;
	case M_ERR_PERSONS_LONG: lim = WEB_PERSONS_MAX_CHARS; break;
	case M_ERR_CALLBACK_LONG: lim = WEB_CALLBACK_MAX_CHARS; break;
	default: break;
	}
	/* Numbers as digits; the catalogue decides the words around them. */
	i = sizeof(max);
	max[--i] = '\0';
	n = lim;
	do { max[--i] = (char)('0' + n % 10); n /= 10; } while (n > 0 && i > 0);
	memmove(max, max + i, sizeof(max) - i);
	i = sizeof(typed);
	typed[--i] = '\0';
	n = sub->message_chars;
	do { typed[--i] = (char)('0' + n % 10); n /= 10; } while (n > 0 && i > 0);
	memmove(typed, typed + i, sizeof(typed) - i);
	pages_msg(b, lang, sub->err[f], max, typed);
	P("</p>\n");
}

/* aria-describedby="x-hint x-error" as far as they exist. */
static void
describedby(struct pages_buf *b, const struct web_sub *sub, enum form_field f,
    int hint, const char *extra)
{
	const char *name = form_field_name(f);
	int any = 0;

	if (!hint && extra == NULL && !has_err(sub, f))
		return;
	P(" aria-describedby=\"");
	if (hint) {
		P(name);
		P("-hint");
		any = 1;
	}
	if (extra != NULL) {
		if (any)
			P(" ");
		P(extra);
		any = 1;
	}
	if (has_err(sub, f)) {
		if (any)
			P(" ");
		P(name);
		P("-error");
	}
	P("\"");
}

static void
group_open(struct pages_buf *b, const struct web_sub *sub, enum form_field f)
{
	P(has_err(sub, f) ? "<div class=\"form-group form-group-error\">\n" :
	    "<div class=\"form-group\">\n");
}

static void
hint(struct pages_buf *b, enum msg_lang lang, enum form_field f,
    enum msg_key key)
{
	P("<p id=\"");
	P(form_field_name(f));
	P("-hint\" class=\"hint\">");
	M(key);
	P("</p>\n");
}

struct choice {
	const char *value;
	enum msg_key label;
	enum msg_key hint;	/* 0: none */
};

static void
radios(struct pages_buf *b, enum msg_lang lang, const struct web_site *site,
    const struct web_sub *sub, enum form_field f, enum msg_key legend,
    const struct choice *c, size_t n)
{
	const char *name = form_field_name(f);
	const struct form_value *v = val(sub, f);
	size_t i;

	group_open(b, sub, f);
	P("<fieldset class=\"fieldset\"");
	describedby(b, sub, f, 0, NULL);
	P(">\n<legend class=\"legend\">");
	M(legend);
	P("</legend>\n");
	field_error(b, lang, site, sub, f);
	P("<div class=\"radios\">\n");
	for (i = 0; i < n; i++) {
		/* The first radio carries the field's own id, so the error
		 * summary's link lands on the group. */
		P("<div class=\"radio\">\n<input class=\"radio-input\" id=\"");
		P(name);
		if (i > 0) {
			P("-");
			P(c[i].value);
		}
		P("\" name=\"");
		P(name);
		P("\" type=\"radio\" value=\"");
		P(c[i].value);
		P("\"");
		if (c[i].hint != 0) {
			P(" aria-describedby=\"");
			P(name);
			P("-");
			P(c[i].value);
			P("-hint\"");
		}
		if (v->len == strlen(c[i].value) &&
		    memcmp(v->p, c[i].value, v->len) == 0)
			P(" checked");
		P(">\n<label class=\"radio-label\" for=\"");
		P(name);
		if (i > 0) {
			P("-");
			P(c[i].value);
		}
		P("\">");
		M(c[i].label);
		P("</label>\n");
		if (c[i].hint != 0) {
			P("<p id=\"");
			P(name);
			P("-");
			P(c[i].value);
			P("-hint\" class=\"hint radio-hint\">");
			M(c[i].hint);
			P("</p>\n");
		}
		P("</div>\n");
	}
	P("</div>\n</fieldset>\n</div>\n");
}

static const struct choice kinds[] = {
	{ "feedback", M_KIND_FEEDBACK, M_KIND_FEEDBACK_HINT },
	{ "concern", M_KIND_CONCERN, M_KIND_CONCERN_HINT },
	{ "objection", M_KIND_OBJECTION, M_KIND_OBJECTION_HINT },
};
static const struct choice roles[] = {
	{ "client", M_ROLE_CLIENT, 0 },
	{ "relative", M_ROLE_RELATIVE, 0 },
	{ "representative", M_ROLE_REPRESENTATIVE, 0 },
	{ "other", M_ROLE_OTHER, 0 },
};

static void
label(struct pages_buf *b, enum msg_lang lang, enum form_field f,
    enum msg_key key, int optional)
{
	P("<label class=\"label\" for=\"");
	P(form_field_name(f));
	P("\">");
	M(key);
	if (optional) {
		P(" ");
		M(M_OPTIONAL);
	}
	P("</label>\n");
}

static void
text_input(struct pages_buf *b, enum msg_lang lang,
    const struct web_site *site, const struct web_sub *sub, enum form_field f,
    enum msg_key lab, enum msg_key hnt, const char *type, const char *extra)
{
	const struct form_value *v = val(sub, f);

	group_open(b, sub, f);
	label(b, lang, f, lab, 1);
	if (hnt != 0)
		hint(b, lang, f, hnt);
	field_error(b, lang, site, sub, f);
	P("<input class=\"input");
	if (has_err(sub, f))
		P(" input-error");
	P("\" id=\"");
	P(form_field_name(f));
	P("\" name=\"");
	P(form_field_name(f));
	P("\" type=\"");
	P(type);
	P("\"");
	if (extra != NULL)
		P(extra);
	P(" value=\"");
	pages_esc(b, v->p, v->len);
	P("\"");
	describedby(b, sub, f, hnt != 0, NULL);
	P(">\n</div>\n");
}

static void
textarea(struct pages_buf *b, enum msg_lang lang, const struct web_site *site,
    const struct web_sub *sub, enum form_field f, enum msg_key lab,
    int optional, const char *rows, const char *extra_desc)
{
	const struct form_value *v = val(sub, f);

	P("<textarea class=\"textarea");
	if (has_err(sub, f))
		P(" input-error");
	P("\" id=\"");
	P(form_field_name(f));
	P("\" name=\"");
	P(form_field_name(f));
	P("\" rows=\"");
	P(rows);
	P("\"");
	describedby(b, sub, f, 1, extra_desc);
	/* A newline right after <textarea> is dropped by the HTML parser; ours
	 * goes first so a typed leading newline survives. */
	P(">\n");
	pages_esc(b, v->p, v->len);
	P("</textarea>\n");
	(void)lang;
	(void)site;
	(void)lab;
	(void)optional;
}

static void
unit_select(struct pages_buf *b, enum msg_lang lang,
    const struct web_site *site, const struct web_sub *sub)
{
	const struct form_value *v = val(sub, FORM_UNIT);
	size_t i;

	group_open(b, sub, FORM_UNIT);
	label(b, lang, FORM_UNIT, M_UNIT_LABEL, 0);
	hint(b, lang, FORM_UNIT, M_UNIT_HINT);
	field_error(b, lang, site, sub, FORM_UNIT);
	P("<select class=\"select");
	if (has_err(sub, FORM_UNIT))
		P(" input-error");
	P("\" id=\"unit\" name=\"unit\"");
	describedby(b, sub, FORM_UNIT, 1, NULL);
	P(">\n<option value=\"\">");
	M(M_UNIT_CHOOSE);
	P("</option>\n");
	for (i = 0; i < site->n_units; i++) {
		const struct web_unit *u = &site->units[i];

		P("<option value=\"");
		esc0(b, u->id);
		P("\"");
		if (v->len == strlen(u->id) && memcmp(v->p, u->id, v->len) == 0)
			P(" selected");
		P(">");
		esc0(b, pages_unit_name(u, lang));
		P("</option>\n");
	}
	P("<option value=\"other\"");
	if (v->len == 5 && memcmp(v->p, "other", 5) == 0)
		P(" selected");
	P(">");
	M(M_UNIT_OTHER_OPTION);
	P("</option>\n</select>\n</div>\n");
	text_input(b, lang, site, sub, FORM_UNIT_OTHER, M_UNIT_OTHER_LABEL,
	    M_UNIT_OTHER_HINT, "text", NULL);
}

static const enum form_field summary_order[] = {
	FORM_KIND, FORM_UNIT, FORM_UNIT_OTHER, FORM_ROLE, FORM_MESSAGE,
	FORM_WHEN, FORM_PERSONS, FORM_PHONE, FORM_CALLBACK_TIME,
};
#define N_SUMMARY (sizeof(summary_order) / sizeof(summary_order[0]))

static void
error_summary(struct pages_buf *b, enum msg_lang lang,
    const struct web_site *site, const struct web_sub *sub)
{
	char max[24];
	size_t i, k, n, lim;

	P("<div class=\"error-summary\" role=\"alert\" "
	  "aria-labelledby=\"error-summary-title\">\n"
	  "<h2 class=\"error-summary-title\" id=\"error-summary-title\">");
	M(M_ERR_SUMMARY_TITLE);
	P("</h2>\n<ul class=\"error-summary-list\">\n");
	for (i = 0; i < N_SUMMARY; i++) {
		enum form_field f = summary_order[i];

		if (!has_err(sub, f))
			continue;
		P("<li><a href=\"#");
		P(form_field_name(f));
		P("\">");
		lim = sub->err[f] == M_ERR_MESSAGE_LONG ? site->message_max_chars :
		    sub->err[f] == M_ERR_UNIT_OTHER_LONG ? WEB_UNIT_OTHER_MAX_CHARS :
		    sub->err[f] == M_ERR_WHEN_LONG ? WEB_WHEN_MAX_CHARS :
		    sub->err[f] == M_ERR_PERSONS_LONG ? WEB_PERSONS_MAX_CHARS :
		    WEB_CALLBACK_MAX_CHARS;
		k = sizeof(max);
		max[--k] = '\0';
		n = lim;
		do { max[--k] = (char)('0' + n % 10); n /= 10; } while (n > 0 && k > 0);
		if (sub->err[f] == M_ERR_MESSAGE_LONG) {
			char typed[24];
			size_t j = sizeof(typed);

			typed[--j] = '\0';
			n = sub->message_chars;
			do { typed[--j] = (char)('0' + n % 10); n /= 10; } while (n > 0 && j > 0);
			pages_msg(b, lang, sub->err[f], max + k, typed + j);
		} else
			pages_msg(b, lang, sub->err[f], max + k, NULL);
		P("</a></li>\n");
	}
	P("</ul>\n</div>\n");
}

void
pages_form(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub)
{
	int errors = sub != NULL && sub->n_err > 0;
	char max[24];
	size_t k = sizeof(max), n = site->message_max_chars;

	pages_open(b, site, lang, M_FORM_TITLE, errors, "form");
	if (errors)
		error_summary(b, lang, site, sub);
	P("<h1>");
	M(M_FORM_TITLE);
	P("</h1>\n<p class=\"lead\">");
	M(M_FORM_LEAD);
	P("</p>\n");
	urgent(b, site, lang);
	P("<form method=\"post\" action=\"/");
	P(lang_codes[lang]);
	P("/form\" accept-charset=\"utf-8\">\n");
	radios(b, lang, site, sub, FORM_KIND, M_KIND_LEGEND, kinds,
	    sizeof(kinds) / sizeof(kinds[0]));
	unit_select(b, lang, site, sub);
	radios(b, lang, site, sub, FORM_ROLE, M_ROLE_LEGEND, roles,
	    sizeof(roles) / sizeof(roles[0]));

	group_open(b, sub, FORM_MESSAGE);
	label(b, lang, FORM_MESSAGE, M_MESSAGE_LABEL, 0);
	P("<div id=\"message-hint\" class=\"hint\">\n<p>");
	M(M_MESSAGE_HINT);
	P("</p>\n<p>");
	M(M_MESSAGE_PRIVACY_HINT);
	P("</p>\n</div>\n");
	field_error(b, lang, site, sub, FORM_MESSAGE);
	textarea(b, lang, site, sub, FORM_MESSAGE, M_MESSAGE_LABEL, 0, "10",
	    "message-limit");
	max[--k] = '\0';
	do { max[--k] = (char)('0' + n % 10); n /= 10; } while (n > 0 && k > 0);
	P("<p id=\"message-limit\" class=\"hint limit\">");
	pages_msg(b, lang, M_MESSAGE_LIMIT, max + k, NULL);
	P("</p>\n</div>\n");

	text_input(b, lang, site, sub, FORM_WHEN, M_WHEN_LABEL, M_WHEN_HINT,
	    "text", NULL);
	group_open(b, sub, FORM_PERSONS);
	label(b, lang, FORM_PERSONS, M_PERSONS_LABEL, 1);
	hint(b, lang, FORM_PERSONS, M_PERSONS_HINT);
	field_error(b, lang, site, sub, FORM_PERSONS);
	textarea(b, lang, site, sub, FORM_PERSONS, M_PERSONS_LABEL, 1, "3", NULL);
	P("</div>\n");

	P("<h2>");
	M(M_CALLBACK_H);
	P("</h2>\n");
	text_input(b, lang, site, sub, FORM_PHONE, M_PHONE_LABEL, M_PHONE_HINT,
	    "tel", " autocomplete=\"tel\" spellcheck=\"false\"");
	text_input(b, lang, site, sub, FORM_CALLBACK_TIME,
	    M_CALLBACK_TIME_LABEL, M_CALLBACK_TIME_HINT, "text", NULL);
	P("<button class=\"button\" type=\"submit\">");
	M(M_FORM_CONTINUE);
	P("</button>\n</form>\n");
	pages_close(b, site, lang);
}

/* ---------------------------------------------------- check your answers */

static void
hidden(struct pages_buf *b, const struct web_sub *sub, enum form_field f)
{
	const struct form_value *v = val(sub, f);

	P("<input type=\"hidden\" name=\"");
	P(form_field_name(f));
	P("\" value=\"");
	pages_esc(b, v->p, v->len);
	P("\">\n");
}

static void
row_open(struct pages_buf *b, enum msg_lang lang, enum msg_key key)
{
	P("<div class=\"summary-row\">\n<dt class=\"summary-key\">");
	M(key);
	P("</dt>\n<dd class=\"summary-value\">");
}

static void
row_value(struct pages_buf *b, enum msg_lang lang, const struct web_sub *sub,
    enum form_field f)
{
	const struct form_value *v = val(sub, f);

	if (v->len == 0)
		M(M_CHECK_NOT_GIVEN);
	else
		pages_esc(b, v->p, v->len);
	P("</dd>\n</div>\n");
}

static enum msg_key
choice_label(const struct choice *c, size_t n, const struct form_value *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v->len == strlen(c[i].value) &&
		    memcmp(v->p, c[i].value, v->len) == 0)
			return c[i].label;
	return M_CHECK_NOT_GIVEN;
}

void
pages_check(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub, int unavailable)
{
	size_t i;

	pages_open(b, site, lang, unavailable ? M_UNAVAIL_TITLE : M_CHECK_TITLE,
	    unavailable, "form");
	if (unavailable) {
		P("<div class=\"error-summary\" role=\"alert\" "
		  "aria-labelledby=\"error-summary-title\">\n"
		  "<h2 class=\"error-summary-title\" id=\"error-summary-title\">");
		M(M_UNAVAIL_TITLE);
		P("</h2>\n<p>");
		M(M_UNAVAIL_TEXT);
		P("</p>\n</div>\n<h1>");
		M(M_UNAVAIL_TITLE);
	} else {
		P("<h1>");
		M(M_CHECK_TITLE);
	}
	P("</h1>\n<p class=\"lead\">");
	M(M_CHECK_LEAD);
	P("</p>\n<dl class=\"summary\">\n");
	row_open(b, lang, M_KIND_LEGEND);
	M(choice_label(kinds, sizeof(kinds) / sizeof(kinds[0]),
	    val(sub, FORM_KIND)));
	P("</dd>\n</div>\n");
	row_open(b, lang, M_UNIT_LABEL);
	if (sub != NULL && sub->unit != NULL)
		esc0(b, pages_unit_name(sub->unit, lang));
	else
		M(M_UNIT_OTHER_OPTION);
	P("</dd>\n</div>\n");
	if (sub != NULL && sub->unit_other) {
		row_open(b, lang, M_CHECK_UNIT_OTHER);
		row_value(b, lang, sub, FORM_UNIT_OTHER);
	}
	row_open(b, lang, M_ROLE_LEGEND);
	M(choice_label(roles, sizeof(roles) / sizeof(roles[0]),
	    val(sub, FORM_ROLE)));
	P("</dd>\n</div>\n");
	P("<div class=\"summary-row\">\n<dt class=\"summary-key\">");
	M(M_MESSAGE_LABEL);
	P("</dt>\n<dd class=\"summary-value summary-text\">");
	row_value(b, lang, sub, FORM_MESSAGE);
	row_open(b, lang, M_WHEN_LABEL);
	row_value(b, lang, sub, FORM_WHEN);
	P("<div class=\"summary-row\">\n<dt class=\"summary-key\">");
	M(M_PERSONS_LABEL);
	P("</dt>\n<dd class=\"summary-value summary-text\">");
	row_value(b, lang, sub, FORM_PERSONS);
	row_open(b, lang, M_PHONE_LABEL);
	if (sub != NULL && sub->phone[0] != '\0')
		esc0(b, sub->phone);
	else
		M(M_CHECK_NOT_GIVEN);
	P("</dd>\n</div>\n");
	row_open(b, lang, M_CALLBACK_TIME_LABEL);
	row_value(b, lang, sub, FORM_CALLBACK_TIME);
	P("</dl>\n");
	/* No session, no cookie: the answers travel in the form itself. */
	P("<form method=\"post\" action=\"/");
	P(lang_codes[lang]);
	P("/form\" accept-charset=\"utf-8\">\n");
	for (i = 0; i < N_SUMMARY; i++)
		hidden(b, sub, summary_order[i]);
	P("<div class=\"button-group\">\n"
	  "<button class=\"button\" type=\"submit\" name=\"confirm\" value=\"yes\">");
	M(unavailable ? M_UNAVAIL_RETRY : M_CHECK_SEND);
	P("</button>\n<button class=\"button button-secondary\" type=\"submit\" "
	  "name=\"confirm\" value=\"change\">");
	M(M_CHECK_CHANGE);
	P("</button>\n</div>\n</form>\n");
	pages_close(b, site, lang);
}

/* --------------------------------------------------------- confirmation */

void
pages_done(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub, const char *receipt)
{
	pages_open(b, site, lang, M_DONE_TITLE, 0, "");
	P("<div class=\"panel\">\n<h1 class=\"panel-title\">");
	M(M_DONE_TITLE);
	P("</h1>\n<p class=\"panel-body\">");
	M(M_DONE_RECEIPT_LABEL);
	P("<br><strong><code id=\"receipt\">");
	esc0(b, receipt);
	P("</code></strong></p>\n</div>\n<p>");
	M(M_DONE_RECEIPT_KEEP);
	P("</p>\n<h2>");
	M(M_DONE_NEXT_H);
	P("</h2>\n<p>");
	M(M_DONE_NEXT);
	P("</p>\n");
	if (sub != NULL && sub->kind == CONTENT_KIND_OBJECTION) {
		P("<p>");
		M(M_DONE_OBJECTION);
		P("</p>\n");
	}
	P("<p>");
	M(sub != NULL && sub->phone[0] != '\0' ? M_DONE_CALLBACK :
	    M_DONE_NO_CALLBACK);
	P("</p>\n<p>");
	M(M_DONE_FOLLOWUP);
	P(" <a");
	href(b, lang, "status");
	P(">");
	M(M_FOOTER_STATUS);
	P("</a></p>\n<p><a");
	href(b, lang, "");
	P(">");
	M(M_DONE_AGAIN);
	P("</a></p>\n");
	pages_close(b, site, lang);
}

/* ----------------------------------------------------- information pages */

static void
h2p(struct pages_buf *b, enum msg_lang lang, enum msg_key h, enum msg_key p)
{
	P("<h2>");
	M(h);
	P("</h2>\n<p>");
	M(p);
	P("</p>\n");
}

void
pages_accessibility(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang)
{
	pages_open(b, site, lang, M_A11Y_TITLE, 0, "accessibility");
	P("<h1>");
	M(M_A11Y_TITLE);
	P("</h1>\n<p class=\"lead\">");
	pages_msg(b, lang, M_A11Y_INTRO, org_name(site, lang), NULL);
	P("</p>\n");
	h2p(b, lang, M_A11Y_STATUS_H, M_A11Y_STATUS);
	h2p(b, lang, M_A11Y_HOW_H, M_A11Y_HOW);
	h2p(b, lang, M_A11Y_LIMITS_H, M_A11Y_LIMITS);
	h2p(b, lang, M_A11Y_FEEDBACK_H, M_A11Y_FEEDBACK);
	h2p(b, lang, M_A11Y_ENFORCE_H, M_A11Y_ENFORCE);
	P("<p><a href=\"https://www.saavutettavuusvaatimukset.fi/\" "
	  "rel=\"noreferrer\">");
	M(M_A11Y_ENFORCE_LINK);
	P("</a></p>\n<p class=\"hint\">");
	M(M_A11Y_DATE);
	P("</p>\n");
	pages_close(b, site, lang);
}

void
pages_privacy(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang)
{
	pages_open(b, site, lang, M_PRIV_TITLE, 0, "privacy");
	P("<h1>");
	M(M_PRIV_TITLE);
	P("</h1>\n<p class=\"lead\">");
	pages_msg(b, lang, M_PRIV_INTRO, org_name(site, lang), NULL);
	P("</p>\n<h2>");
	M(M_PRIV_STORED_H);
	P("</h2>\n<ul class=\"list\">\n<li>");
	M(M_PRIV_STORED_1);
	P("</li>\n<li>");
	M(M_PRIV_STORED_2);
	P("</li>\n<li>");
	M(M_PRIV_STORED_3);
	P("</li>\n</ul>\n<h2>");
	M(M_PRIV_NOT_H);
	P("</h2>\n<ul class=\"list\">\n<li>");
	M(M_PRIV_NOT_1);
	P("</li>\n<li>");
	M(M_PRIV_NOT_2);
	P("</li>\n<li>");
	M(M_PRIV_NOT_3);
	P("</li>\n<li>");
	M(M_PRIV_NOT_4);
	P("</li>\n</ul>\n");
	h2p(b, lang, M_PRIV_READ_H, M_PRIV_READ);
	h2p(b, lang, M_PRIV_PHONE_H, M_PRIV_PHONE);
	pages_close(b, site, lang);
}

/* -------------------------------------------------------------- refusals */

void
pages_refusal(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, int status)
{
	enum msg_key t, x;
	int to_form = 1;

	switch (status) {
	case 400: t = M_R400_TITLE; x = M_R400_TEXT; break;
	case 404: t = M_R404_TITLE; x = M_R404_TEXT; to_form = 0; break;
	case 405: t = M_R405_TITLE; x = M_R405_TEXT; to_form = 0; break;
	case 413: t = M_R413_TITLE; x = M_R413_TEXT; break;
	case 415: t = M_R415_TITLE; x = M_R415_TEXT; break;
	case 429: t = M_R429_TITLE; x = M_R429_TEXT; break;
	case 503: t = M_R503_TITLE; x = M_R503_TEXT; break;
	default: t = M_RERR_TITLE; x = M_RERR_TEXT; to_form = 0; break;
	}
	pages_open(b, site, lang, t, 0, "");
	P("<h1>");
	M(t);
	P("</h1>\n<p>");
	M(x);
	P("</p>\n<p><a");
	href(b, lang, to_form ? "form" : "");
	P(">");
	M(to_form ? M_R_BACK_FORM : M_R_BACK_START);
	P("</a></p>\n");
	pages_close(b, site, lang);
}

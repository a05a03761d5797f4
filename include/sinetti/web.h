/*
 * web.h — the citizen-facing web application, without the transport
 * (gateway/web*.c, gateway/form.c, gateway/pages*.c).
 *
 * The gateway is split at this line. Below it (gateway/server.c and
 * friends): libmicrohttpd, TLS, connection limits, body caps, security
 * headers, sealing and the group committer. Above it (this header): routes,
 * the strict application/x-www-form-urlencoded parser, validation, message
 * catalogues and HTML. web_* functions do no I/O, hold no global state and
 * are safe to call from several threads at once on the same struct web_site.
 *
 * Everything a citizen typed is plaintext: request bodies arrive in smem
 * memory, and any response that echoes typed values (a form with errors,
 * check-your-answers) is rendered into smem memory as well.
 */
#ifndef SINETTI_WEB_H
#define SINETTI_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"

#define WEB_BODY_MAX (256u * 1024u)	/* the transport refuses larger with 413 */
#define WEB_LANGS 3			/* fi, sv, en */

struct web_site;

/* One unit (toimintayksikkö) citizens can choose, named in each language. */
struct web_unit {
	const char *id;			/* [a-z0-9-]{1,64}; stored in the record */
	const char *name[WEB_LANGS];	/* fi, sv, en; never NULL */
};

/* What the configuration says about the organisation. All strings are
 * copied by web_site_new(); NULL means "use the built-in default text". */
struct web_site_conf {
	const char *org_name[WEB_LANGS];
	const char *default_lang;		/* "fi", "sv" or "en" */
	const struct web_unit *units;
	size_t n_units;
	const char *emergency_phone;		/* sosiaalipäivystys */
	const char *ombudsman_contact[WEB_LANGS];	/* sosiaaliasiamies */
	const char *authority_name[WEB_LANGS];	/* default: Lupa- ja valvontavirasto */
	const char *authority_url;
	size_t message_max_chars;		/* 0 = CONTENT_MESSAGE_MAX_CHARS */
};

int web_site_new(struct web_site **site, const struct web_site_conf *conf);
void web_site_free(struct web_site *site);

struct web_request {
	const char *method;		/* "GET", "HEAD" or "POST" (others: 405) */
	const char *path;		/* decoded URL path, no query string */
	const char *accept_language;	/* header value or NULL */
	const char *content_type;	/* header value or NULL */
	const uint8_t *body;		/* POST body, smem memory; may be NULL */
	size_t body_len;
};

enum web_action {
	WEB_RESPOND = 0,	/* send resp as it is */
	WEB_SUBMIT  = 1,	/* seal resp->content, commit, then render
				 * web_render_confirmation or _unavailable */
	WEB_STATUS  = 2		/* follow-up: look up resp->receipt (issue 7) */
};

struct web_response {
	int status;			/* HTTP status */
	const char *content_type;	/* static string */
	const char *location;		/* Location for redirects, else NULL */
	const char *lang;		/* page language, static string */
	int no_store;			/* send Cache-Control: no-store */
	uint8_t *body;			/* owned; smem when body_secure */
	size_t body_len;
	int body_secure;
	/* WEB_SUBMIT: the validated submission. Slices point into memory the
	 * response owns (smem); reply_pk and arrival are for the caller to
	 * fill. Valid until web_response_free(). */
	struct content content;
	int has_phone;
	/* WEB_STATUS: the receipt as typed (smem), for the caller to parse. */
	char *receipt;
	size_t receipt_len;
	void *priv;			/* web layer's own allocations */
	/* Added by the web layer; the transport may honour them. */
	const char *allow;		/* 405: value for Allow, else NULL */
	int cache_static;		/* a static asset (the stylesheet): may
					 * be cached for a day */
};

/*
 * Handles one request. Always fills resp (status, body) and returns the
 * action. Every refusal is a rendered page: 404 unknown path, 405 other
 * methods (with Allow), 415 a POST that is not urlencoded, 400 malformed
 * encoding or invalid UTF-8 or duplicate fields, 200 a form with its
 * validation errors. Returns a negative snt_err only when it could not
 * build any response (out of memory); resp is then empty.
 */
int web_handle(const struct web_site *site, const struct web_request *req,
    struct web_response *resp);

/* Frees and wipes everything resp owns; resets it. NULL is accepted. */
void web_response_free(struct web_response *resp);

/*
 * After WEB_SUBMIT: replaces resp's page with the confirmation (200,
 * no-store) showing receipt_text in <code id="receipt">, or with the
 * "could not be saved, please try again" page (503), keeping the typed
 * values so nothing is lost. Both keep resp->lang.
 */
int web_render_confirmation(const struct web_site *site,
    struct web_response *resp, const char *receipt_text);
int web_render_unavailable(const struct web_site *site,
    struct web_response *resp);

/*
 * Picks the page language from an Accept-Language header value: the
 * highest q among fi, sv and en (any region: "sv-FI"), the earliest on a
 * tie; q=0 excludes. Items that do not parse (a q that is not 0..1 with at
 * most three decimals, a malformed tag) are skipped; at most 32 items and
 * 512 bytes are read. Returns "fi", "sv" or "en" (static), or fallback when
 * nothing matches (also for NULL).
 */
const char *web_pick_lang(const char *accept_language, const char *fallback);

/* A bare refusal page for the transport's own refusals (413, 429, 503 when
 * no body was read, 400 for an unreadable request). lang may be NULL. */
int web_render_refusal(const struct web_site *site, int status,
    const char *lang, struct web_response *resp);

#endif

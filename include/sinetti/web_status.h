/*
 * web_status.h — the follow-up pages of the web layer (gateway/web_status.c):
 * /{lang}/status, where a citizen brings the receipt code to see the
 * status of their feedback and read replies (issue 7).
 *
 * Like the rest of web.h this does no I/O and holds no state. The receipt
 * is only ever taken from a POST body (never from a URL, where it would
 * end up in histories and logs) and handed to the transport in
 * resp->receipt with the action WEB_STATUS; the transport derives the keys,
 * looks up and opens the replies (gwstatus.h) and comes back here to
 * render what it found with web_render_status().
 */
#ifndef SINETTI_WEB_STATUS_H
#define SINETTI_WEB_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/msg.h"
#include "sinetti/web.h"

/* Longest receipt field read; longer input is cut (and cannot parse). */
#define WEB_RECEIPT_FIELD_MAX 128

/* One opened reply, for rendering. text is the caller's (smem), UTF-8. */
struct web_status_reply {
	uint64_t time_ms;
	const char *text;
	size_t len;
};

/* What the transport found for a receipt. */
struct web_status_view {
	int found;			/* 0: the generic "not found" page */
	uint8_t status;			/* enum reply_status when found */
	const struct web_status_reply *replies;	/* time order */
	size_t n;
};

/*
 * Handles a request for /{lang}/status: GET and HEAD give the form (200);
 * POST needs an urlencoded body (415) that parses (400) and returns
 * WEB_STATUS with resp->receipt (smem, at most WEB_RECEIPT_FIELD_MAX
 * bytes, "" when the field was absent) and resp->lang set; other methods
 * give 405. Returns a web_action, or SNT_ERR_NOMEM.
 */
int web_status_route(const struct web_site *site, enum msg_lang lang,
    const struct web_request *req, struct web_response *resp);

/*
 * Replaces resp's page with the status page (found) or with the form and
 * its one generic "not found" error (not found, also for a code that does
 * not parse), in resp->lang. The page is built in smem memory (it holds
 * reply text), sent with no-store, status 200 either way. Reply text is
 * escaped, and control, escape and bidirectional-override characters are
 * shown as harmless symbols, so nothing in it can act as markup or steer a
 * terminal. The typed code is never echoed back. Returns 0 or
 * SNT_ERR_NOMEM / SNT_ERR_INTERNAL.
 */
int web_render_status(const struct web_site *site, struct web_response *resp,
    const struct web_status_view *v);

#endif

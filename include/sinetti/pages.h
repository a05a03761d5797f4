/*
 * pages.h — HTML rendering for the citizen pages (gateway/pages*.c), the
 * web layer's internal interface between routing/validation (web.c) and
 * the page templates. Not for use outside gateway/web*.c and tests.
 *
 * Every page is built into a pages_buf. A buffer that will echo what a
 * citizen typed is secure (smem memory, wiped when freed). Every dynamic
 * value goes through pages_esc(); catalogue texts through pages_msg().
 */
#ifndef SINETTI_PAGES_H
#define SINETTI_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/content.h"
#include "sinetti/form.h"
#include "sinetti/msg.h"
#include "sinetti/web.h"

#define PAGES_BUF_MAX (1024u * 1024u)	/* no page is ever larger */

/* Field limits in characters. Each is a quarter of the content record's
 * byte limit, so a value within it always fits in bytes too. */
#define WEB_UNIT_OTHER_MAX_CHARS  (CONTENT_UNIT_MAX / 4)
#define WEB_WHEN_MAX_CHARS        (CONTENT_WHEN_MAX / 4)
#define WEB_PERSONS_MAX_CHARS     (CONTENT_PERSONS_MAX / 4)
#define WEB_CALLBACK_MAX_CHARS    (CONTENT_CALLBACK_MAX / 4)

/* The configuration web_site_new() copied; strings are heap copies. */
struct web_site {
	char *org_name[WEB_LANGS];
	enum msg_lang default_lang;
	struct web_unit *units;		/* ids and names are heap copies */
	size_t n_units;
	char *emergency_phone;
	char *ombudsman_contact[WEB_LANGS];
	char *authority_name[WEB_LANGS];
	char *authority_url;
	size_t message_max_chars;
};

/* A validated (or failed) submission: lives in one smem allocation. */
struct web_sub {
	struct form form;		/* the typed values */
	enum msg_lang lang;
	uint8_t kind;			/* enum content_kind, 0 when invalid */
	uint8_t role;			/* enum content_role, 0 when invalid */
	const struct web_unit *unit;	/* NULL for "other" or invalid */
	int unit_other;			/* unit == "other" */
	char phone[CONTENT_PHONE_MAX + 1];	/* normalised, "" if none */
	enum msg_key err[FORM_NFIELDS];	/* 0 (M_LANG_CODE) = no error */
	size_t message_chars;
	int n_err;
};

struct pages_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
	int secure;			/* p is smem */
	int err;			/* first error; later appends do nothing */
};

void pages_buf_init(struct pages_buf *b, int secure);
void pages_buf_free(struct pages_buf *b);
void pages_put(struct pages_buf *b, const char *s);	/* trusted markup */
void pages_putn(struct pages_buf *b, const char *s, size_t n);
void pages_esc(struct pages_buf *b, const char *s, size_t n);	/* escaped */
void pages_num(struct pages_buf *b, size_t v);
/* The catalogue text for key, escaped, "{0}"/"{1}" replaced by a0/a1
 * (escaped; NULL is empty), "[fi:word]" as <span lang="fi">word</span>. */
void pages_msg(struct pages_buf *b, enum msg_lang lang, enum msg_key key,
    const char *a0, const char *a1);
/* The same with {0} filled by the catalogue text of k0 (which may itself
 * mark words in another language, see msg.h). */
void pages_msg_msg(struct pages_buf *b, enum msg_lang lang, enum msg_key key,
    enum msg_key k0);

/* The frame of every page: everything up to <main> (page is the path
 * after /{lang}/ for the language switch, error prefixes the title), and
 * from </main> to the end. For templates outside pages.c. */
void pages_open(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, enum msg_key title, int error, const char *page);
void pages_close(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang);

/* Page templates. Each appends one complete HTML document to b. */
void pages_start(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang);
void pages_form(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub);
/* Check your answers; unavailable != 0 renders the 503 "could not be saved,
 * please try again" variant with the same values and Send button. */
void pages_check(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub, int unavailable);
void pages_done(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, const struct web_sub *sub, const char *receipt);
void pages_accessibility(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang);
void pages_privacy(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang);
void pages_refusal(struct pages_buf *b, const struct web_site *site,
    enum msg_lang lang, int status);

/* The stylesheet (gateway/web_style.c, generated from
 * gateway/static/style.css by gateway/static/embed). */
extern const char pages_style_css[];
extern const size_t pages_style_css_len;

/* The unit's name in lang, or its id when the configuration gave none. */
const char *pages_unit_name(const struct web_unit *u, enum msg_lang lang);

#endif

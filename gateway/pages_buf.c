/* pages_buf.c — the growing, optionally secure, HTML buffer (pages.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/err.h"
#include "sinetti/msg.h"
#include "sinetti/pages.h"
#include "sinetti/smem.h"

void
pages_buf_init(struct pages_buf *b, int secure)
{
	memset(b, 0, sizeof(*b));
	b->secure = secure;
}

void
pages_buf_free(struct pages_buf *b)
{
	if (b == NULL)
		return;
	if (b->secure)
		smem_free(b->p);
	else
		free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Makes room for n more bytes. A secure buffer cannot be realloc()ed
 * (the old copy would stay in freed memory), so it is copied and wiped. */
static int
reserve(struct pages_buf *b, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (b->err != 0)
		return b->err;
	if (n <= b->cap - b->len)
		return 0;
	if (n > PAGES_BUF_MAX || PAGES_BUF_MAX - n < b->len) {
		b->err = SNT_ERR_TOO_LARGE;
		return b->err;
	}
	cap = b->cap == 0 ? 8192 : b->cap;
	while (cap - b->len < n)
		cap *= 2;
	if (cap > PAGES_BUF_MAX)
		cap = PAGES_BUF_MAX;
	if (b->secure) {
		if ((p = smem_alloc(cap)) == NULL) {
			b->err = SNT_ERR_NOMEM;
			return b->err;
		}
		if (b->len > 0)
			memcpy(p, b->p, b->len);
		smem_free(b->p);
	} else if ((p = realloc(b->p, cap)) == NULL) {
		b->err = SNT_ERR_NOMEM;
		return b->err;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
pages_putn(struct pages_buf *b, const char *s, size_t n)
{
	if (n == 0 || reserve(b, n) != 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
pages_put(struct pages_buf *b, const char *s)
{
	pages_putn(b, s, strlen(s));
}

/*
 * The five characters that matter in text and in double-quoted attribute
 * values. Line ends become character references so that a hidden field
 * carries a multi-line message exactly.
 */
static const char *const esc_rep[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	['\''] = "&#39;", ['\n'] = "&#10;",
};
static const uint8_t esc_len[256] = {
	['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 5, ['\n'] = 5,
};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Nonzero when one of the 8 bytes in w is c (the classic zero-byte test
 * on w ^ c: exact for "is there one", which is all that is asked). */
static inline uint64_t
has_byte(uint64_t w, uint8_t c)
{
	uint64_t v = w ^ (ONES * c);

	return (v - ONES) & ~v & HIGHS;
}

/* The length of the run at s[0..n) with nothing to escape. Every page
 * echoes the citizen's message (up to several KiB, mostly plain text), so
 * the run is found 8 bytes at a time and copied with one memcpy. */
static size_t
plain_run(const char *s, size_t n)
{
	uint64_t w;
	size_t i = 0;

	while (n - i >= sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));	/* any alignment */
		if ((has_byte(w, '&') | has_byte(w, '<') | has_byte(w, '>') |
		    has_byte(w, '"') | has_byte(w, '\'') |
		    has_byte(w, '\n')) != 0)
			break;
		i += sizeof(w);
	}
	while (i < n && esc_len[(uint8_t)s[i]] == 0)
		i++;
	return i;
}

void
pages_esc(struct pages_buf *b, const char *s, size_t n)
{
	size_t i = 0, k;
	uint8_t c;

	if (s == NULL)
		return;
	while (i < n) {
		k = plain_run(s + i, n - i);
		pages_putn(b, s + i, k);
		if ((i += k) == n)
			break;
		c = (uint8_t)s[i++];
		pages_putn(b, esc_rep[c], esc_len[c]);
	}
}

void
pages_num(struct pages_buf *b, size_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	pages_putn(b, tmp + i, sizeof(tmp) - i);
}

/*
 * "[fi:sosiaalipäivystys]" in a text marks a word in another language
 * (WCAG 3.1.2, language of parts): it becomes
 * <span lang="fi">sosiaalipäivystys</span>. Only fi, sv and en are
 * recognised; anything else is text.
 */
static size_t
lang_part(const char *s)
{
	const char *e;

	if (s[0] != '[' || !((s[1] == 'f' && s[2] == 'i') ||
	    (s[1] == 's' && s[2] == 'v') || (s[1] == 'e' && s[2] == 'n')) ||
	    s[3] != ':' || (e = strchr(s + 4, ']')) == NULL)
		return 0;
	return (size_t)(e - s) + 1;
}

/* The text of key with {0}/{1} filled: by a0/a1, or by the catalogue
 * text of k0 when a0 is NULL and k0 is not M_NKEYS. */
static void
msg_fmt(struct pages_buf *b, enum msg_lang lang, enum msg_key key,
    const char *a0, const char *a1, enum msg_key k0)
{
	const char *s = msg_get(lang, key), *run = s, *arg;
	size_t k;

	while (*s != '\0') {
		if ((k = lang_part(s)) > 0) {
			pages_esc(b, run, (size_t)(s - run));
			pages_put(b, "<span lang=\"");
			pages_putn(b, s + 1, 2);
			pages_put(b, "\">");
			pages_esc(b, s + 4, k - 5);
			pages_put(b, "</span>");
			s += k;
			run = s;
		} else if (s[0] == '{' && (s[1] == '0' || s[1] == '1') &&
		    s[2] == '}') {
			pages_esc(b, run, (size_t)(s - run));
			arg = s[1] == '0' ? a0 : a1;
			if (arg != NULL)
				pages_esc(b, arg, strlen(arg));
			else if (s[1] == '0' && k0 != M_NKEYS && k0 != key)
				msg_fmt(b, lang, k0, NULL, NULL, M_NKEYS);
			s += 3;
			run = s;
		} else {
			/* Every page formats a few KiB of catalogue text: jump
			 * to the next place a marker can start. */
			s++;
			s += strcspn(s, "[{");
		}
	}
	pages_esc(b, run, (size_t)(s - run));
}

void
pages_msg(struct pages_buf *b, enum msg_lang lang, enum msg_key key,
    const char *a0, const char *a1)
{
	msg_fmt(b, lang, key, a0, a1, M_NKEYS);
}

void
pages_msg_msg(struct pages_buf *b, enum msg_lang lang, enum msg_key key,
    enum msg_key k0)
{
	msg_fmt(b, lang, key, NULL, NULL, k0);
}

const char *
msg_get(enum msg_lang lang, enum msg_key key)
{
	static const char *const *const cat[MSG_NLANGS] = {
		msg_fi, msg_sv, msg_en,
	};
	const char *s;

	if ((unsigned)lang >= MSG_NLANGS || (unsigned)key >= M_NKEYS)
		return "";
	s = cat[lang][key];
	return s != NULL ? s : "";
}

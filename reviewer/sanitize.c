/* sanitize.c — terminal, JSON and CSV writers for untrusted text. */
#include <stdio.h>
#include <string.h>

#include "sinetti/sanitize.h"
#include "sinetti/utf8.h"

static void
put_cp(struct wire_w *w, uint32_t cp)
{
	uint8_t b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xc0 | (cp >> 6));
		b[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xe0 | (cp >> 12));
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xf0 | (cp >> 18));
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	wire_put_bytes(w, b, n);
}

void
sanitize_put_str(struct wire_w *w, const char *s)
{
	wire_put_bytes(w, s, strlen(s));
}

/*
 * Characters that are printable in principle but change how the text
 * around them is shown: bidirectional overrides and isolates (the
 * "Trojan Source" family), zero-width characters, line separators.
 */
static int
is_format_char(uint32_t cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb);
}

/* Every code point a terminal must never receive raw. */
static int
is_dangerous(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    is_format_char(cp);
}

static void
put_visible(struct wire_w *w, uint32_t cp)
{
	char t[16];

	if (cp < 0x20)
		put_cp(w, 0x2400 + cp);		/* control pictures */
	else if (cp == 0x7f)
		put_cp(w, 0x2421);
	else {
		snprintf(t, sizeof(t), "<U+%04X>", (unsigned)cp);
		sanitize_put_str(w, t);
	}
}

/*
 * Walks s, calling the writer for each code point; an invalid byte is
 * reported as U+FFFD with length 1.
 */
static size_t
next_cp(const uint8_t *s, size_t n, uint32_t *cp)
{
	size_t k = utf8_decode(s, n, cp);

	if (k == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return k;
}

static size_t
term_cp(struct wire_w *w, uint32_t cp, int flags)
{
	if (cp == '\n' && (flags & SANITIZE_MULTILINE)) {
		wire_put_u8(w, '\n');
		return 0;
	}
	if (cp == '\t') {
		if (flags & SANITIZE_MULTILINE)
			wire_put_u8(w, '\t');
		else
			wire_put_u8(w, ' ');
		return 1;
	}
	if (cp == '\n') {
		put_cp(w, 0x2424);		/* symbol for newline */
		return 1;
	}
	if (is_dangerous(cp)) {
		put_visible(w, cp);
		return cp < 0x20 || cp == 0x7f ? 1 : 8;
	}
	put_cp(w, cp);
	return 1;
}

void
sanitize_term(struct wire_w *w, const void *sv, size_t n, int flags)
{
	const uint8_t *s = sv;
	size_t off = 0;
	uint32_t cp;

	while (off < n) {
		off += next_cp(s + off, n - off, &cp);
		term_cp(w, cp, flags);
	}
}

size_t
sanitize_term_cut(struct wire_w *w, const void *sv, size_t n, size_t max)
{
	const uint8_t *s = sv;
	size_t off = 0, cols = 0, k, cw;
	uint32_t cp;

	if (max == 0)
		return 0;
	while (off < n) {
		k = next_cp(s + off, n - off, &cp);
		cw = is_dangerous(cp) && cp >= 0x20 && cp != 0x7f ? 8 : 1;
		/* keep one column for the ellipsis unless this is the end */
		if (cols + cw > max - 1 && (off + k < n || cols + cw > max)) {
			put_cp(w, 0x2026);
			return cols + 1;
		}
		cols += term_cp(w, cp, 0);
		off += k;
	}
	return cols;
}

void
sanitize_json_string(struct wire_w *w, const void *sv, size_t n)
{
	const uint8_t *s = sv;
	size_t off = 0;
	uint32_t cp;
	char t[8];

	wire_put_u8(w, '"');
	while (off < n) {
		off += next_cp(s + off, n - off, &cp);
		if (cp == '"' || cp == '\\') {
			wire_put_u8(w, '\\');
			wire_put_u8(w, (uint8_t)cp);
		} else if (cp == '\n')
			sanitize_put_str(w, "\\n");
		else if (cp == '\t')
			sanitize_put_str(w, "\\t");
		else if (cp == '\r')
			sanitize_put_str(w, "\\r");
		else if (is_dangerous(cp) || cp == 0xfffd) {
			snprintf(t, sizeof(t), "\\u%04x", (unsigned)cp);
			sanitize_put_str(w, t);
		} else
			put_cp(w, cp);
	}
	wire_put_u8(w, '"');
}

void
sanitize_csv_cell(struct wire_w *w, const void *sv, size_t n)
{
	const uint8_t *s = sv;
	size_t off = 0;
	uint32_t cp;

	wire_put_u8(w, '"');
	/* A spreadsheet runs a cell starting with these as a formula. */
	if (n > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		wire_put_u8(w, '\'');
	while (off < n) {
		off += next_cp(s + off, n - off, &cp);
		if (cp == '"')
			sanitize_put_str(w, "\"\"");
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			wire_put_u8(w, (uint8_t)cp);
		else if (is_dangerous(cp))
			put_visible(w, cp);
		else
			put_cp(w, cp);
	}
	wire_put_u8(w, '"');
}

size_t
sanitize_width(const void *s, size_t n)
{
	return utf8_count(s, n);
}

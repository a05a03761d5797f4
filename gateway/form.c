/* form.c — strict application/x-www-form-urlencoded parsing (form.h). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sinetti/err.h"
#include "sinetti/form.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"

static const char *const field_names[FORM_NFIELDS] = {
	[FORM_KIND] = "kind",
	[FORM_UNIT] = "unit",
	[FORM_UNIT_OTHER] = "unit_other",
	[FORM_ROLE] = "role",
	[FORM_MESSAGE] = "message",
	[FORM_WHEN] = "when",
	[FORM_PERSONS] = "persons",
	[FORM_PHONE] = "phone",
	[FORM_CALLBACK_TIME] = "callback_time",
	[FORM_CONFIRM] = "confirm",
	[FORM_RECEIPT] = "receipt",
};

const char *
form_field_name(enum form_field field)
{
	if ((unsigned)field >= FORM_NFIELDS)
		return NULL;
	return field_names[field];
}

/* Hex digit values plus one; 0 for anything that is not a hex digit. */
static const uint8_t hex1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The bytes decode_run() cannot copy as they are. */
static const uint8_t special[256] = { ['%'] = 1, ['+'] = 1, [0] = 1 };

/*
 * Decodes one %-encoded run s[0..n) into out (room for n bytes), returning
 * the decoded length in *olen. Refuses bad escapes and NUL. Every
 * submission's message goes through here: plain bytes are copied in a
 * tight loop, the rest looked up in tables.
 */
static int
decode_run(const uint8_t *s, size_t n, char *out, size_t *olen)
{
	size_t i = 0, o = 0;
	uint8_t c, hi, lo;

	while (i < n) {
		c = s[i];
		if (!special[c]) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (c == '+') {
			out[o++] = ' ';
			i++;
			continue;
		}
		if (c != '%' || n - i < 3)
			return SNT_ERR_INVALID;
		if ((hi = hex1[s[i + 1]]) == 0 || (lo = hex1[s[i + 2]]) == 0)
			return SNT_ERR_INVALID;
		if ((c = (uint8_t)((hi - 1) << 4 | (lo - 1))) == 0)
			return SNT_ERR_INVALID;
		out[o++] = (char)c;
		i += 3;
	}
	*olen = o;
	return 0;
}

/* "\r\n" and a lone "\r" become "\n", in place. Most values have no
 * "\r" at all (browsers send line ends as %0D%0A, which decode_run turns
 * into "\r\n" first, so only multi-line text has any). */
static size_t
normalise_newlines(char *s, size_t n)
{
	char *cr;
	size_t i, o;

	if ((cr = memchr(s, '\r', n)) == NULL)
		return n;
	for (i = o = (size_t)(cr - s); i < n; i++) {
		if (s[i] == '\r') {
			s[o++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else
			s[o++] = s[i];
	}
	return o;
}

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > FORM_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return 0;
	return 1;
}

static int
lookup(const char *s, size_t n)
{
	int i;

	for (i = 0; i < FORM_NFIELDS; i++)
		if (strlen(field_names[i]) == n && memcmp(field_names[i], s, n) == 0)
			return i;
	return -1;
}

/* Parses one "name=value" pair; value bytes are written at buf + *used. */
static int
parse_pair(const uint8_t *p, size_t n, struct form *f, char *buf,
    size_t *used, size_t *pairs)
{
	const uint8_t *eq;
	char name[FORM_NAME_MAX * 3 + 1];
	size_t nlen, vlen, rawname;
	int r, idx;

	if (n == 0)
		return SNT_ERR_INVALID;
	if (++*pairs > FORM_PAIRS_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((eq = memchr(p, '=', n)) == NULL)
		return SNT_ERR_INVALID;
	rawname = (size_t)(eq - p);
	/* A name can be at most FORM_NAME_MAX bytes even fully %-encoded. */
	if (rawname > sizeof(name) - 1)
		return SNT_ERR_TOO_LARGE;
	if ((r = decode_run(p, rawname, name, &nlen)) != 0)
		return r;
	if (nlen > FORM_NAME_MAX)
		return SNT_ERR_TOO_LARGE;
	if (!name_ok(name, nlen))
		return SNT_ERR_INVALID;
	if ((r = decode_run(eq + 1, n - rawname - 1, buf + *used, &vlen)) != 0)
		return r;
	if (utf8_validate((const uint8_t *)buf + *used, vlen) != 0)
		return SNT_ERR_UTF8;
	idx = lookup(name, nlen);
	if (idx < 0) {
		/* Ignored, but counted: a body stuffed with junk is refused. */
		smem_wipe(buf + *used, vlen);
		if (++f->n_unknown > FORM_UNKNOWN_MAX)
			return SNT_ERR_TOO_LARGE;
		return 0;
	}
	if (f->v[idx].present)
		return SNT_ERR_DUPLICATE;
	vlen = normalise_newlines(buf + *used, vlen);
	buf[*used + vlen] = '\0';
	f->v[idx].p = buf + *used;
	f->v[idx].len = vlen;
	f->v[idx].present = 1;
	*used += vlen + 1;
	return 0;
}

int
form_parse(const uint8_t *body, size_t len, struct form *f)
{
	char *buf = NULL;
	const uint8_t *amp;
	size_t start, end, used = 0, pairs = 0, cap;
	int r, k;

	memset(f, 0, sizeof(*f));
	if (body == NULL && len != 0)
		return SNT_ERR_INVALID;
	/* Decoded values are never longer than their encoding, and only
	 * known fields (each at most once) keep a terminating NUL. */
	if (len > SIZE_MAX - FORM_NFIELDS - 1)
		return SNT_ERR_TOO_LARGE;
	cap = len + FORM_NFIELDS + 1;
	if ((buf = smem_alloc(cap)) == NULL)
		return SNT_ERR_NOMEM;
	for (start = 0; len > 0 && start <= len; start = end + 1) {
		amp = memchr(body + start, '&', len - start);
		end = amp != NULL ? (size_t)(amp - body) : len;
		if ((r = parse_pair(body + start, end - start, f, buf,
		    &used, &pairs)) != 0)
			goto out;
	}
	buf[used] = '\0';
	for (k = 0; k < FORM_NFIELDS; k++)
		if (!f->v[k].present)
			f->v[k].p = buf + used;
	f->buf = buf;
	f->buf_len = cap;
	buf = NULL;
	r = 0;
out:
	if (buf != NULL) {
		smem_free(buf);
		memset(f, 0, sizeof(*f));
	}
	return r;
}

void
form_free(struct form *f)
{
	if (f == NULL)
		return;
	smem_free(f->buf);
	memset(f, 0, sizeof(*f));
}

static int
lower_eq(const char *s, size_t n, const char *lit)
{
	size_t i;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lit[i])
			return 0;
	}
	return 1;
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
form_content_type_ok(const char *ct)
{
	static const char base[] = "application/x-www-form-urlencoded";
	const char *p, *e;
	size_t n;

	if (ct == NULL || strlen(ct) > 200)
		return SNT_ERR_INVALID;
	p = skip_ows(ct);
	for (e = p; *e != '\0' && *e != ';' && *e != ' ' && *e != '\t'; e++)
		;
	if (!lower_eq(p, (size_t)(e - p), base))
		return SNT_ERR_INVALID;
	p = skip_ows(e);
	if (*p == '\0')
		return 0;
	if (*p != ';')
		return SNT_ERR_INVALID;
	p = skip_ows(p + 1);
	if (!lower_eq(p, strlen("charset=") < strlen(p) ? strlen("charset=") :
	    strlen(p), "charset="))
		return SNT_ERR_INVALID;
	p += strlen("charset=");
	for (e = p; *e != '\0' && *e != ' ' && *e != '\t'; e++)
		;
	n = (size_t)(e - p);
	if (!(lower_eq(p, n, "utf-8") || lower_eq(p, n, "\"utf-8\"")))
		return SNT_ERR_INVALID;
	return *skip_ows(e) == '\0' ? 0 : SNT_ERR_INVALID;
}

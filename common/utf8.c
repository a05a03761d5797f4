/* utf8.c — strict UTF-8 (RFC 3629) validation and decoding.
 *
 * Speed. Every submission's message (up to CONTENT_MESSAGE_MAX_CHARS
 * characters) is validated and counted several times on the gateway's
 * request path (form parsing, the length check, the content record's own
 * checks), so validate and count skip ASCII eight bytes at a time and take
 * the common two-byte sequences (ä, ö, å) without the general decoder.
 * Both give exactly what one utf8_decode() per code point gives
 * (tests/unit/test_common_utf8.c compares them with that reference). */
#include <string.h>

#include "sinetti/err.h"
#include "sinetti/utf8.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

static inline size_t
decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; min = 0x80; c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; min = 0x800; c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; min = 0x10000; c &= 0x07;
	} else {
		return 0;	/* continuation byte, C0/C1 overlong lead, F5+ */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	return decode(s, n, cp);
}

/* The number of ASCII bytes s[0..n) starts with. */
static inline size_t
ascii_run(const uint8_t *s, size_t n)
{
	uint64_t w;
	size_t i = 0;

	while (n - i >= sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));	/* any alignment */
		if ((w & HIGH_BITS) != 0)
			break;
		i += sizeof(w);
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* The length of the well-formed non-ASCII sequence at s[0..n), n > 0, or
 * 0. A lead byte C2..DF with one continuation byte is always a code point
 * in U+0080..U+07FF (no overlong form, no surrogate), so it needs no
 * further check. */
static inline size_t
seq_len(const uint8_t *s, size_t n)
{
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf && n >= 2 && (s[1] & 0xc0) == 0x80)
		return 2;
	return decode(s, n, &cp);
}

int
utf8_validate(const uint8_t *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((i += ascii_run(s + i, n - i)) == n)
			break;
		if ((k = seq_len(s + i, n - i)) == 0)
			return SNT_ERR_UTF8;
		i += k;
	}
	return 0;
}

size_t
utf8_count(const uint8_t *s, size_t n)
{
	size_t i = 0, count = 0, k;

	while (i < n) {
		k = ascii_run(s + i, n - i);	/* one code point a byte */
		i += k;
		count += k;
		if (i == n)
			break;
		k = seq_len(s + i, n - i);
		i += k == 0 ? 1 : k;
		count++;
	}
	return count;
}

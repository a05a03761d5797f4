/* form_phone.c — phone numbers as people type them, to E.164 (form.h). */
#include <stddef.h>
#include <string.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/form.h"

/*
 * Keeps the digits and a leading '+', dropping the separators people use
 * ("040 123 4567", "040-1234567", "+358 (0)40 123 4567", "09.123 4567").
 * Anything else (letters, a '+' in the middle, a second pair of
 * parentheses) makes the number unreadable, and we say so rather than guess.
 */
static int
strip(const char *in, size_t len, char *d, size_t dsize, size_t *dn)
{
	size_t i, n = 0;
	int parens = 0, open = 0;

	for (i = 0; i < len; i++) {
		char c = in[i];

		if (c >= '0' && c <= '9') {
			if (n >= dsize - 1)
				return SNT_ERR_INVALID;
			d[n++] = c;
		} else if (c == '+' && n == 0 && i == 0) {
			d[n++] = c;
		} else if (c == ' ' || c == '-' || c == '.') {
			continue;
		} else if (c == '(' && !open && parens == 0) {
			open = 1;
		} else if (c == ')' && open) {
			open = 0;
			parens = 1;
		} else
			return SNT_ERR_INVALID;
	}
	if (open)
		return SNT_ERR_INVALID;
	d[n] = '\0';
	*dn = n;
	return 0;
}

int
form_phone_normalise(const char *in, size_t len, char *out, size_t out_size)
{
	char d[FORM_PHONE_IN_MAX + 1];
	const char *digits;
	size_t n, nd;
	int r;

	if (out == NULL || out_size < CONTENT_PHONE_MAX + 1)
		return SNT_ERR_INVALID;
	out[0] = '\0';
	if (len > FORM_PHONE_IN_MAX)
		return SNT_ERR_TOO_LARGE;
	if ((r = strip(in, len, d, sizeof(d), &n)) != 0)
		return r;
	/* Bring every form to "+<country><number>" digits. */
	if (n >= 1 && d[0] == '+')
		digits = d + 1;
	else if (n >= 2 && d[0] == '0' && d[1] == '0')
		digits = d + 2;
	else if (n >= 2 && d[0] == '0') {
		/* National Finnish number: the trunk 0 becomes +358. */
		nd = n - 1;
		if (nd < 6 || nd > 12)
			return SNT_ERR_INVALID;
		memcpy(out, "+358", 4);
		memcpy(out + 4, d + 1, nd);
		out[4 + nd] = '\0';
		return 0;
	} else
		return SNT_ERR_INVALID;
	nd = strlen(digits);
	if (nd == 0 || digits[0] == '0')
		return SNT_ERR_INVALID;
	if (nd >= 3 && memcmp(digits, "358", 3) == 0) {
		const char *nat = digits + 3;
		size_t nn = nd - 3;

		/* "+358 (0)40 ..." — the trunk 0 has no place after +358. */
		if (nn > 0 && nat[0] == '0') {
			nat++;
			nn--;
		}
		if (nn < 6 || nn > 12 || nat[0] == '0')
			return SNT_ERR_INVALID;
		memcpy(out, "+358", 4);
		memcpy(out + 4, nat, nn);
		out[4 + nn] = '\0';
		return 0;
	}
	if (nd < 8 || nd > 15)
		return SNT_ERR_INVALID;
	out[0] = '+';
	memcpy(out + 1, digits, nd);
	out[1 + nd] = '\0';
	return 0;
}

/* test_gw_form.c — the strict urlencoded parser, Content-Type check and
 * phone normalisation (form.h). */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/form.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"

static int
parse(const char *s, struct form *f)
{
	return form_parse((const uint8_t *)s, strlen(s), f);
}

static void
test_accepts(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse("kind=concern&message=Hei+maailma%21&"
	    "phone=%2B358+40+123+4567&when=", &f), 0);
	assert_string_equal(f.v[FORM_KIND].p, "concern");
	assert_string_equal(f.v[FORM_MESSAGE].p, "Hei maailma!");
	assert_int_equal(f.v[FORM_MESSAGE].len, 12);
	assert_string_equal(f.v[FORM_PHONE].p, "+358 40 123 4567");
	assert_true(f.v[FORM_WHEN].present);
	assert_int_equal(f.v[FORM_WHEN].len, 0);
	assert_false(f.v[FORM_UNIT].present);
	assert_string_equal(f.v[FORM_UNIT].p, "");
	form_free(&f);

	/* UTF-8, both hex cases, CRLF normalised, an ignored unknown field. */
	assert_int_equal(parse("message=%C3%a4iti%0D%0Arivi%0Dx&submit=1", &f), 0);
	assert_string_equal(f.v[FORM_MESSAGE].p, "\xc3\xa4iti\nrivi\nx");
	assert_int_equal(f.n_unknown, 1);
	form_free(&f);

	/* An empty body is an empty form. */
	assert_int_equal(form_parse(NULL, 0, &f), 0);
	assert_false(f.v[FORM_MESSAGE].present);
	form_free(&f);
	form_free(NULL);
}

static void
test_refuses(void **state)
{
	static const struct { const char *body; int err; } cases[] = {
		{ "message=%", SNT_ERR_INVALID },
		{ "message=%4", SNT_ERR_INVALID },
		{ "message=%zz", SNT_ERR_INVALID },
		{ "message=%00", SNT_ERR_INVALID },		/* NUL */
		{ "message=a%00b", SNT_ERR_INVALID },
		{ "message=%C0%AF", SNT_ERR_UTF8 },		/* overlong */
		{ "message=%E0%80%AF", SNT_ERR_UTF8 },
		{ "message=%ED%A0%80", SNT_ERR_UTF8 },		/* surrogate */
		{ "message=%F4%90%80%80", SNT_ERR_UTF8 },	/* > U+10FFFF */
		{ "message=%C3", SNT_ERR_UTF8 },		/* truncated */
		{ "message=\xff", SNT_ERR_UTF8 },		/* raw byte */
		{ "kind=a&kind=b", SNT_ERR_DUPLICATE },
		{ "message=a&message=a", SNT_ERR_DUPLICATE },
		{ "message", SNT_ERR_INVALID },			/* no '=' */
		{ "=x", SNT_ERR_INVALID },			/* empty name */
		{ "a=1&&b=2", SNT_ERR_INVALID },		/* empty pair */
		{ "a=1&", SNT_ERR_INVALID },
		{ "&a=1", SNT_ERR_INVALID },
		{ "Kind=x", SNT_ERR_INVALID },			/* name charset */
		{ "ki%6Ed=x&kind=y", SNT_ERR_DUPLICATE },	/* %-encoded name */
		{ "x1=1", SNT_ERR_INVALID },
		{ "a=1&b=2&c=3&d=4&e=5", SNT_ERR_TOO_LARGE },	/* 5 unknown */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", SNT_ERR_TOO_LARGE },
	};
	struct form f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse(cases[i].body, &f);

		if (r != cases[i].err)
			fail_msg("case %zu: got %d want %d", i, r, cases[i].err);
		assert_null(f.buf);
		form_free(&f);
	}
	/* Four unknown fields are tolerated, and a 32-byte name is fine. */
	assert_int_equal(parse("a=1&b=2&c=3&d=4", &f), 0);
	form_free(&f);
	assert_int_equal(parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", &f), 0);
	form_free(&f);
}

static void
test_too_many_pairs(void **state)
{
	char body[1024];
	size_t n = 0;
	int i;
	struct form f;

	(void)state;
	/* FORM_PAIRS_MAX pairs: known fields plus unknown up to the bound
	 * would trip the unknown limit first, so repeat-free known names
	 * cannot reach it; build the count from both. */
	for (i = 0; i < FORM_NFIELDS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "%s%s=v",
		    i ? "&" : "", form_field_name((enum form_field)i));
	assert_int_equal(form_parse((uint8_t *)body, n, &f), 0);
	form_free(&f);
	/* 33 pairs of unknown names: refused as too many, whichever bound
	 * trips first. */
	n = 0;
	for (i = 0; i < FORM_PAIRS_MAX + 1; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "%sx=v",
		    i ? "&" : "");
	assert_int_equal(form_parse((uint8_t *)body, n, &f), SNT_ERR_TOO_LARGE);
}

/* Every single-bit flip and every truncation of a valid body gives either
 * a clean parse or a clean refusal, never a crash (ASan/valgrind watch). */
static void
test_flips_and_truncations(void **state)
{
	static const char good[] = "kind=objection&unit=koti-1&role=relative&"
	    "message=%C3%84iti+ei+saanut+l%C3%A4%C3%A4kkeit%C3%A4%0D%0A&"
	    "when=eilen&persons=hoitaja&phone=040+123+4567&callback_time=aamu&"
	    "confirm=yes";
	uint8_t buf[sizeof(good)];
	size_t n = sizeof(good) - 1, i;
	int bit, r;
	struct form f;

	(void)state;
	for (i = 0; i <= n; i++) {
		uint8_t *t = malloc(i ? i : 1);

		assert_non_null(t);
		memcpy(t, good, i);
		r = form_parse(t, i, &f);
		assert_true(r == 0 || r == SNT_ERR_INVALID || r == SNT_ERR_UTF8);
		form_free(&f);
		free(t);
	}
	for (i = 0; i < n; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(buf, good, n);
			buf[i] ^= (uint8_t)(1u << bit);
			r = form_parse(buf, n, &f);
			assert_true(r == 0 || r == SNT_ERR_INVALID ||
			    r == SNT_ERR_UTF8 || r == SNT_ERR_DUPLICATE ||
			    r == SNT_ERR_TOO_LARGE);
			if (r == 0)
				assert_non_null(f.buf);
			form_free(&f);
		}
}

static void
test_content_type(void **state)
{
	static const char *const ok[] = {
		"application/x-www-form-urlencoded",
		"Application/X-WWW-Form-URLEncoded",
		"application/x-www-form-urlencoded;charset=UTF-8",
		"application/x-www-form-urlencoded; charset=utf-8",
		"application/x-www-form-urlencoded; charset=\"utf-8\"",
		"  application/x-www-form-urlencoded  ",
	};
	static const char *const bad[] = {
		"", "multipart/form-data; boundary=x", "text/plain",
		"application/json", "application/x-www-form-urlencodedx",
		"application/x-www-form-urlencoded; charset=iso-8859-1",
		"application/x-www-form-urlencoded; charset=utf-8; x=y",
		"application/x-www-form-urlencoded; boundary=x",
		"application/x-www-form-urlencoded;",
		"application/x-www-form-urlencoded; charset=",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (form_content_type_ok(ok[i]) != 0)
			fail_msg("refused %s", ok[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (form_content_type_ok(bad[i]) == 0)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(form_content_type_ok(NULL), SNT_ERR_INVALID);
}

static void
test_phone(void **state)
{
	static const struct { const char *in; const char *out; } cases[] = {
		{ "040 123 4567", "+358401234567" },
		{ "040-1234567", "+358401234567" },
		{ "0401234567", "+358401234567" },
		{ "+358 40 123 4567", "+358401234567" },
		{ "+358401234567", "+358401234567" },
		{ "+358 (0)40 123 4567", "+358401234567" },
		{ "00358 40 123 4567", "+358401234567" },
		{ "09 1234567", "+35891234567" },
		{ "(09) 123 4567", "+35891234567" },
		{ "09.123.4567", "+35891234567" },
		{ "050 505 0505", "+358505050505" },
		{ "+46 8 123 456 78", "+46812345678" },
		{ "0046 70 123 45 67", "+46701234567" },
		{ "+44 20 7946 0958", "+442079460958" },
		{ "+1 (202) 555-0123", "+12025550123" },
		{ "12345", NULL },			/* no trunk or + */
		{ "040 12", NULL },			/* too short */
		{ "040 1234 5678 9012", NULL },		/* too long */
		{ "+0 123 456 789", NULL },		/* no country 0 */
		{ "+358 0", NULL },
		{ "040 123 4567 ext 2", NULL },		/* letters */
		{ "040+1234567", NULL },		/* + inside */
		{ "((040)) 1234567", NULL },
		{ "(040 1234567", NULL },
		{ "+1234567", NULL },			/* 7 digits */
		{ "+1234567890123456", NULL },		/* 16 digits */
		{ "", NULL },
		{ "+", NULL },
		{ "040\t1234567", NULL },
	};
	char out[CONTENT_PHONE_MAX + 1];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = form_phone_normalise(cases[i].in, strlen(cases[i].in), out,
		    sizeof(out));
		if (cases[i].out == NULL) {
			if (r == 0)
				fail_msg("accepted %s as %s", cases[i].in, out);
		} else if (r != 0 || strcmp(out, cases[i].out) != 0)
			fail_msg("%s: got %d %s want %s", cases[i].in, r, out,
			    cases[i].out);
	}
	assert_int_equal(form_phone_normalise("0401234567890123456789012345678901234567890",
	    43, out, sizeof(out)), SNT_ERR_TOO_LARGE);
	assert_int_equal(form_phone_normalise("0401234567", 10, out, 5),
	    SNT_ERR_INVALID);
}

/* The old byte-at-a-time decoder of one value, as the reference for the
 * table-driven one: + is a space, %XX a byte (not NUL), "\r\n" and "\r"
 * become "\n". Returns the length, or -1 to refuse. */
static int
ref_decode(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0, k = 0;
	unsigned int v;
	char c;

	while (i < n) {
		c = s[i];
		if (c == '%') {
			if (n - i < 3 || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]))
				return -1;
			sscanf(s + i + 1, "%2x", &v);
			c = (char)v;
			i += 3;
		} else {
			if (c == '+')
				c = ' ';
			i++;
		}
		if (c == 0)
			return -1;
		out[o++] = c;
	}
	for (i = 0; i < o; i++) {
		if (out[i] == '\r') {
			out[k++] = '\n';
			if (i + 1 < o && out[i + 1] == '\n')
				i++;
		} else
			out[k++] = out[i];
	}
	return (int)k;
}

static void
test_decode_like_reference(void **state)
{
	static const char *const pieces[] = {
		"a", "b c", "+", "%", "%4", "%41", "%4a", "%4G", "%G4", "%00",
		"%0D", "%0A", "%0d%0a", "\r", "\n", "%C3%A4", "%c3%a4", "%25",
		"%2B", "x\ry", "%FF", "abcdefghij",
	};
	char val[600], body[700], want[600];
	struct form f;
	size_t n, i, k;
	int round, r, wl;

	(void)state;
	srand(9);
	for (round = 0; round < 20000; round++) {
		n = 0;
		k = (size_t)(rand() % 12);
		for (i = 0; i < k; i++) {
			const char *p = pieces[(size_t)rand() %
			    (sizeof(pieces) / sizeof(pieces[0]))];

			memcpy(val + n, p, strlen(p));
			n += strlen(p);
		}
		val[n] = '\0';
		snprintf(body, sizeof(body), "kind=concern&message=%s&when=x",
		    val);
		r = parse(body, &f);
		wl = ref_decode(val, n, want);
		if (wl < 0 ||
		    utf8_validate((const uint8_t *)want, (size_t)wl) != 0) {
			assert_int_not_equal(r, 0);
			continue;
		}
		assert_int_equal(r, 0);
		assert_int_equal(f.v[FORM_MESSAGE].len, (size_t)wl);
		assert_memory_equal(f.v[FORM_MESSAGE].p, want, (size_t)wl);
		assert_string_equal(f.v[FORM_WHEN].p, "x");
		form_free(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_decode_like_reference),
		cmocka_unit_test(test_too_many_pairs),
		cmocka_unit_test(test_flips_and_truncations),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_phone),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

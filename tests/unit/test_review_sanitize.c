/* test_review_sanitize.c — terminal, JSON and CSV writers for hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sinetti/sanitize.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "testutil.h"

typedef void (*writer)(struct wire_w *, const void *, size_t);

/* Runs a writer and returns a NUL-terminated malloc copy of its output. */
static char *
run(void (*fn)(struct wire_w *, const void *, size_t, int), writer wfn,
    const char *in, size_t n, int flags)
{
	struct wire_w w;
	uint8_t *out = NULL;
	size_t len = 0;
	char *s;

	wire_w_init(&w, 1 << 20, 1);
	if (fn != NULL)
		fn(&w, in, n, flags);
	else
		wfn(&w, in, n);
	assert_int_equal(wire_w_finish(&w, &out, &len), 0);
	s = malloc(len + 1);
	assert_non_null(s);
	memcpy(s, out, len);
	s[len] = '\0';
	wire_free(out, len, 1);
	return s;
}

static char *
term(const char *in, size_t n, int flags)
{
	return run(sanitize_term, NULL, in, n, flags);
}

static void
no_danger(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), off = 0, k;
	uint32_t cp;

	assert_int_equal(utf8_validate(p, n), 0);
	while (off < n) {
		k = utf8_decode(p + off, n - off, &cp);
		assert_true(k > 0);
		assert_false(cp < 0x20 && cp != '\n' && cp != '\t');
		assert_false(cp == 0x7f || (cp >= 0x80 && cp <= 0x9f));
		assert_false(cp >= 0x202a && cp <= 0x202e);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
		assert_false(cp == 0x200e || cp == 0x200f || cp == 0x061c);
		off += k;
	}
}

static void
test_term_controls(void **state)
{
	char *s;

	(void)state;
	s = term("a\x1b[2Jb", 6, 0);
	assert_string_equal(s, "a\xe2\x90\x9b[2Jb");	/* U+241B then text */
	free(s);
	s = term("x\x7fy\x07z", 5, 0);
	assert_string_equal(s, "x\xe2\x90\xa1y\xe2\x90\x87z");
	free(s);
	s = term("c1\xc2\x9b" "31m", 7, 0);
	assert_string_equal(s, "c1<U+009B>31m");
	free(s);
	s = term("\xe2\x80\xae" "evil\xe2\x81\xa6", 10, 0);
	assert_string_equal(s, "<U+202E>evil<U+2066>");
	free(s);
	s = term("\xe2\x80\x8f\xd8\x9c\xef\xbb\xbf", 8, 0);
	assert_string_equal(s, "<U+200F><U+061C><U+FEFF>");
	free(s);
	/* one line: newline and tab become visible / a space */
	s = term("a\nb\tc\rd", 7, 0);
	assert_string_equal(s, "a\xe2\x90\xa4" "b c\xe2\x90\x8d" "d");
	free(s);
	s = term("a\nb\tc", 5, SANITIZE_MULTILINE);
	assert_string_equal(s, "a\nb\tc");
	free(s);
	/* NUL is made visible too */
	s = term("a\0b", 3, 0);
	assert_string_equal(s, "a\xe2\x90\x80" "b");
	free(s);
}

static void
test_term_utf8(void **state)
{
	char *s;

	(void)state;
	s = term("\xc3\xa4iti \xe2\x82\xac", 9, 0);	/* valid text unchanged */
	assert_string_equal(s, "\xc3\xa4iti \xe2\x82\xac");
	free(s);
	s = term("a\xff" "b\xc0\xaf" "c", 6, 0);		/* one U+FFFD per bad byte */
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c");
	free(s);
	s = term("\xed\xa0\x80", 3, 0);			/* surrogate */
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = term("\xe2\x82", 2, 0);			/* truncated at the end */
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

/* Every byte value alone, and every pair of bytes: the output is valid
 * UTF-8 and holds nothing a terminal would act on. */
static void
test_term_all_bytes(void **state)
{
	char in[3], *s;
	int a, b;

	(void)state;
	for (a = 0; a < 256; a++) {
		in[0] = (char)a;
		s = term(in, 1, 0);
		no_danger(s);
		free(s);
		for (b = 0; b < 256; b += 3) {
			in[1] = (char)b;
			s = term(in, 2, SANITIZE_MULTILINE);
			no_danger(s);
			free(s);
		}
	}
}

static void
test_term_cut(void **state)
{
	struct wire_w w;
	uint8_t *out;
	size_t len, cols;

	(void)state;
	wire_w_init(&w, 1024, 1);
	cols = sanitize_term_cut(&w, "abcdef", 6, 4);
	assert_int_equal(cols, 4);
	assert_int_equal(wire_w_finish(&w, &out, &len), 0);
	assert_int_equal(len, 3 + 3);
	assert_memory_equal(out, "abc\xe2\x80\xa6", 6);
	wire_free(out, len, 1);
	wire_w_init(&w, 1024, 1);
	cols = sanitize_term_cut(&w, "abcd", 4, 4);	/* fits exactly */
	assert_int_equal(cols, 4);
	assert_int_equal(wire_w_finish(&w, &out, &len), 0);
	assert_memory_equal(out, "abcd", 4);
	wire_free(out, len, 1);
	wire_w_init(&w, 1024, 1);
	cols = sanitize_term_cut(&w, "\xc3\xa4\xc3\xa4\xc3\xa4", 6, 2);
	assert_int_equal(cols, 2);	/* cut at a character, not a byte */
	assert_int_equal(wire_w_finish(&w, &out, &len), 0);
	assert_int_equal(utf8_validate(out, len), 0);
	wire_free(out, len, 1);
}

static char *
json(const char *in, size_t n)
{
	return run(NULL, sanitize_json_string, in, n, 0);
}

static void
test_json(void **state)
{
	char *s;

	(void)state;
	s = json("a\"b\\c", 5);
	assert_string_equal(s, "\"a\\\"b\\\\c\"");
	free(s);
	s = json("\n\t\r\x01\x1b\x7f", 6);
	assert_string_equal(s, "\"\\n\\t\\r\\u0001\\u001b\\u007f\"");
	free(s);
	s = json("\xc2\x85\xe2\x80\xae\xe2\x80\xa8", 8);
	assert_string_equal(s, "\"\\u0085\\u202e\\u2028\"");
	free(s);
	s = json("\xff\xc3\xa4", 3);
	assert_string_equal(s, "\"\\ufffd\xc3\xa4\"");
	free(s);
	s = json("", 0);
	assert_string_equal(s, "\"\"");
	free(s);
}

/* Every byte: output is quoted, valid UTF-8 and pure printable JSON. */
static void
test_json_all_bytes(void **state)
{
	char in[2], *s;
	size_t i, n;
	int a;

	(void)state;
	for (a = 0; a < 256; a++) {
		in[0] = (char)a;
		in[1] = 'x';
		s = json(in, 2);
		n = strlen(s);
		assert_true(n >= 3 && s[0] == '"' && s[n - 1] == '"');
		assert_int_equal(utf8_validate((uint8_t *)s, n), 0);
		for (i = 0; i < n; i++)
			assert_true((uint8_t)s[i] >= 0x20 && s[i] != 0x7f);
		/* an unescaped quote inside would end the string early */
		for (i = 1; i + 1 < n; i++)
			if (s[i] == '"')
				assert_int_equal(s[i - 1], '\\');
		free(s);
	}
}

static char *
csv(const char *in)
{
	return run(NULL, sanitize_csv_cell, in, strlen(in), 0);
}

static void
test_csv(void **state)
{
	static const char *formulas[] = {
		"=1+1", "+358401234567", "-2", "@SUM(A1)", "\tx", "\rx",
		"=HYPERLINK(\"http://x\")",
	};
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(formulas) / sizeof(formulas[0]); i++) {
		s = csv(formulas[i]);
		assert_int_equal(s[0], '"');
		assert_int_equal(s[1], '\'');
		free(s);
	}
	s = csv("sanoi \"ei\"");
	assert_string_equal(s, "\"sanoi \"\"ei\"\"\"");
	free(s);
	s = csv("rivi1\nrivi2, pilkku");
	assert_string_equal(s, "\"rivi1\nrivi2, pilkku\"");
	free(s);
	s = csv("a=1");		/* only the first character matters */
	assert_string_equal(s, "\"a=1\"");
	free(s);
	s = csv("x\x1b[31m\xff");
	assert_string_equal(s, "\"x\xe2\x90\x9b[31m\xef\xbf\xbd\"");
	free(s);
	s = csv("");
	assert_string_equal(s, "\"\"");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_controls),
		cmocka_unit_test(test_term_utf8),
		cmocka_unit_test(test_term_all_bytes),
		cmocka_unit_test(test_term_cut),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_all_bytes),
		cmocka_unit_test(test_csv),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

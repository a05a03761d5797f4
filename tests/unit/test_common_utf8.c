/* test_common_utf8.c — utf8_validate and utf8_count, which skip ASCII a
 * word at a time and take two-byte sequences without the general decoder,
 * must give exactly what one utf8_decode() per code point gives: for every
 * sequence of up to three bytes, and for random mixtures of ASCII, valid
 * and invalid sequences at every alignment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/utf8.h"

/* The definitions before the fast paths: one decode per code point, an
 * invalid byte counted as one. */
static int
ref_validate(const uint8_t *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return SNT_ERR_UTF8;
		i += k;
	}
	return 0;
}

static size_t
ref_count(const uint8_t *s, size_t n)
{
	size_t i = 0, count = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		i += k == 0 ? 1 : k;
		count++;
	}
	return count;
}

static void
check(const uint8_t *s, size_t n)
{
	assert_int_equal(utf8_validate(s, n), ref_validate(s, n));
	assert_int_equal(utf8_count(s, n), ref_count(s, n));
}

/* Every string of one, two and three bytes, alone and after 8 ASCII bytes
 * (so it is reached after a word-at-a-time skip), and before ASCII. */
static void
test_exhaustive_short(void **state)
{
	uint8_t buf[16];
	uint32_t x;

	(void)state;
	for (x = 0; x < (1u << 24); x++) {
		buf[0] = (uint8_t)x;
		buf[1] = (uint8_t)(x >> 8);
		buf[2] = (uint8_t)(x >> 16);
		check(buf, 3);
		if ((x >> 16) == 0)
			check(buf, 2);
		if ((x >> 8) == 0)
			check(buf, 1);
	}
	for (x = 0; x < (1u << 16); x++) {
		memset(buf, 'a', sizeof(buf));
		buf[8] = (uint8_t)x;
		buf[9] = (uint8_t)(x >> 8);
		check(buf, 10);
		check(buf, 9);
		check(buf, sizeof(buf));
		buf[0] = (uint8_t)x;
		buf[1] = (uint8_t)(x >> 8);
		check(buf, sizeof(buf));
	}
}

/* Pieces to build random strings from: ASCII runs of every length up to a
 * word and beyond, valid sequences of each length and at each range
 * edge, and invalid ones (overlong, surrogate, above U+10FFFF, truncated,
 * lone continuation bytes, bytes that never occur). */
static const char *const pieces[] = {
	"a", "ab", "abcdefg", "abcdefgh", "abcdefghijklmnopq", "\n", "\0",
	"\x7f", "\xc2\x80", "\xc3\xa4", "\xc3\xb6", "\xdf\xbf", "\xe0\xa0\x80",
	"\xe2\x82\xac", "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf",
	"\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xc0\xaf", "\xc1\xbf",
	"\xe0\x80\xaf", "\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80",
	"\xf5\x80\x80\x80", "\xc3", "\xe2\x82", "\xf0\x90\x80", "\x80", "\xbf",
	"\xfe", "\xff",
};

static void
test_random_mixtures(void **state)
{
	uint8_t buf[512 + 8];
	size_t n, off, k, i, np = sizeof(pieces) / sizeof(pieces[0]);
	int round;

	(void)state;
	srand(9);
	for (round = 0; round < 200000; round++) {
		off = (size_t)(rand() % 8);	/* every alignment */
		n = 0;
		k = (size_t)(rand() % 40);
		for (i = 0; i < k; i++) {
			/* mostly valid text, sometimes anything */
			size_t p = (size_t)rand() % (rand() % 4 == 0 ? np : 19);
			size_t l = p == 6 ? 1 : strlen(pieces[p]);

			if (n + l > 512)
				break;
			memcpy(buf + off + n, pieces[p], l);
			n += l;
		}
		check(buf + off, n);
		/* every prefix: truncation at each point */
		if (round % 16 == 0)
			for (i = 0; i < n; i++)
				check(buf + off, i);
	}
}

static void
test_known(void **state)
{
	(void)state;
	assert_int_equal(utf8_count((const uint8_t *)"\xc3\xa4iti", 5), 4);
	assert_int_equal(utf8_count((const uint8_t *)"abcdefgh\xc3\xa4", 10), 9);
	/* an invalid byte counts as one, also inside ASCII */
	assert_int_equal(utf8_count((const uint8_t *)"abcdefgh\x80ijk", 12), 12);
	assert_int_equal(utf8_count((const uint8_t *)"\xc3", 1), 1);
	assert_int_equal(utf8_validate((const uint8_t *)"abcdefghij\xc3", 11),
	    SNT_ERR_UTF8);
	assert_int_equal(utf8_validate((const uint8_t *)"abcdefgh\xed\xa0\x80", 11),
	    SNT_ERR_UTF8);
	assert_int_equal(utf8_validate((const uint8_t *)"", 0), 0);
	assert_int_equal(utf8_count((const uint8_t *)"", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_exhaustive_short),
		cmocka_unit_test(test_random_mixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_common_basics.c — errors, UTF-8, wire cursors, atomic files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"
#include "sinetti/wire.h"
#include "testutil.h"

static void
test_strerror(void **state)
{
	int e;

	(void)state;
	for (e = 0; e > SNT_ERR_LAST; e--)
		assert_string_not_equal(snt_strerror(e), "unknown error");
	assert_string_equal(snt_strerror(SNT_ERR_LAST), "unknown error");
	assert_string_equal(snt_strerror(5), "unknown error");
}

static void
test_utf8(void **state)
{
	static const struct { const char *s; size_t n; int ok; } cases[] = {
		{ "plain ascii", 11, 1 },
		{ "\xc3\xa4iti", 5, 1 },		/* äiti */
		{ "\xe2\x82\xac", 3, 1 },		/* € */
		{ "\xf0\x9f\x98\x80", 4, 1 },		/* emoji */
		{ "\xc0\xaf", 2, 0 },			/* overlong / */
		{ "\xe0\x80\xaf", 3, 0 },		/* overlong */
		{ "\xed\xa0\x80", 3, 0 },		/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },		/* > U+10FFFF */
		{ "\xc3", 1, 0 },			/* truncated */
		{ "\x80", 1, 0 },			/* lone continuation */
		{ "\xff", 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(utf8_validate((const uint8_t *)cases[i].s,
		    cases[i].n), cases[i].ok ? 0 : SNT_ERR_UTF8);
	assert_int_equal(utf8_count((const uint8_t *)"\xc3\xa4iti", 5), 4);
}

static void
test_wire_roundtrip(void **state)
{
	struct wire_w w;
	struct wire_r r;
	uint8_t *buf, u8, tail[3];
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	size_t len;

	(void)state;
	wire_w_init(&w, 64, 1);
	wire_put_u8(&w, 7);
	wire_put_u16(&w, 0xbeef);
	wire_put_u32(&w, 0xdeadbeef);
	wire_put_u64(&w, 0x0102030405060708ULL);
	wire_put_bytes(&w, "abc", 3);
	assert_int_equal(wire_w_finish(&w, &buf, &len), 0);
	assert_int_equal(len, 18);
	wire_r_init(&r, buf, len);
	assert_int_equal(wire_get_u8(&r, &u8), 0);
	assert_int_equal(wire_get_u16(&r, &u16), 0);
	assert_int_equal(wire_get_u32(&r, &u32), 0);
	assert_int_equal(wire_get_u64(&r, &u64), 0);
	assert_int_equal(wire_r_end(&r), SNT_ERR_INVALID);
	assert_int_equal(wire_get_bytes(&r, tail, 3), 0);
	assert_int_equal(wire_r_end(&r), 0);
	assert_int_equal(u8, 7);
	assert_int_equal(u16, 0xbeef);
	assert_int_equal(u32, 0xdeadbeef);
	assert_true(u64 == 0x0102030405060708ULL);
	assert_memory_equal(tail, "abc", 3);
	assert_int_equal(wire_get_u8(&r, &u8), SNT_ERR_TRUNCATED);
	wire_free(buf, len, 1);
}

static void
test_wire_max(void **state)
{
	struct wire_w w;
	uint8_t *buf;
	size_t len;
	char big[40] = { 0 };

	(void)state;
	wire_w_init(&w, 32, 0);
	wire_put_bytes(&w, big, sizeof(big));
	wire_put_u8(&w, 1);
	assert_int_equal(wire_w_finish(&w, &buf, &len), SNT_ERR_TOO_LARGE);
	assert_null(buf);
}

static void
test_fileio(void **state)
{
	char *dir = tu_tmpdir();
	char path[256];
	uint8_t *buf;
	size_t len;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(fileio_write_atomic(path, "hello", 5, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0), SNT_ERR_EXISTS);
	assert_int_equal(fileio_write_atomic(path, "bye", 3, FILEIO_REPLACE), 0);
	assert_int_equal(fileio_read(path, 100, FILEIO_PRIVATE | FILEIO_SECURE,
	    &buf, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "bye", 3);
	fileio_free(buf, len, FILEIO_SECURE);
	assert_int_equal(fileio_read(path, 2, 0, &buf, &len), SNT_ERR_TOO_LARGE);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(fileio_read(path, 100, FILEIO_PRIVATE, &buf, &len),
	    SNT_ERR_PERM);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_wire_roundtrip),
		cmocka_unit_test(test_wire_max),
		cmocka_unit_test(test_fileio),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_review_casefile.c — case records at rest and due-date rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/casefile.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "testutil.h"

/* 2026-01-31 12:00:00 UTC */
#define JAN31 1769860800ULL
#define DAY 86400ULL

static struct casefile *
sample(void)
{
	struct casefile *cf = casefile_new();

	assert_non_null(cf);
	randombytes_buf(cf->id, sizeof(cf->id));
	cf->year = 2026;
	cf->seq = 42;
	cf->imported = JAN31 + 3600;
	cf->arrival = JAN31;
	cf->kind = 3;
	cf->has_phone = 1;
	cf->status = CASE_IN_PROGRESS;
	snprintf(cf->assignee, sizeof(cf->assignee), "maija");
	assert_int_equal(casefile_add_note(cf, JAN31 + 7200, "alice",
	    "Soitettu \x1b[2J", 13), 0);
	assert_int_equal(casefile_add_note(cf, JAN31 + 9000, "bob", "", 0), 0);
	return cf;
}

static void
test_roundtrip(void **state)
{
	uint8_t key[32], *buf = NULL;
	size_t len;
	struct casefile *cf = sample(), *back = NULL;
	char num[CASE_NUMBER_MAX];

	(void)state;
	randombytes_buf(key, sizeof(key));
	assert_int_equal(casefile_seal(cf, key, &buf, &len), 0);
	assert_int_equal(casefile_open(buf, len, cf->id, key, &back), 0);
	assert_int_equal(back->seq, 42);
	assert_int_equal(back->status, CASE_IN_PROGRESS);
	assert_string_equal(back->assignee, "maija");
	assert_int_equal(back->nnotes, 2);
	assert_int_equal(back->notes[0].len, 13);
	assert_memory_equal(back->notes[0].text, "Soitettu \x1b[2J", 13);
	assert_string_equal(back->notes[1].officer, "bob");
	casefile_number(back, num);
	assert_string_equal(num, "2026-0042");
	/* nothing readable in the sealed bytes */
	assert_false(tu_memmem(buf, len, "maija", 5));
	assert_false(tu_memmem(buf, len, "Soitettu", 8));
	/* the padded size hides the note length up to CASEFILE_PAD */
	assert_int_equal((len - 1 - 24 - 16) % CASEFILE_PAD, 0);
	casefile_free(back);
	free(buf);
	casefile_free(cf);
}

/* Every bit flip and every truncation is refused cleanly. */
static void
test_tamper(void **state)
{
	uint8_t key[32], other[ENVELOPE_ID_BYTES], *buf = NULL;
	size_t len, i, b;
	struct casefile *cf = sample(), *back = NULL;

	(void)state;
	randombytes_buf(key, sizeof(key));
	assert_int_equal(casefile_seal(cf, key, &buf, &len), 0);
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++) {
			buf[i] ^= (uint8_t)(1u << b);
			assert_int_not_equal(casefile_open(buf, len, cf->id, key,
			    &back), 0);
			assert_null(back);
			buf[i] ^= (uint8_t)(1u << b);
		}
	for (i = 0; i < len; i++)
		assert_int_not_equal(casefile_open(buf, i, cf->id, key, &back), 0);
	/* moved to another envelope */
	memcpy(other, cf->id, sizeof(other));
	other[0] ^= 1;
	assert_int_equal(casefile_open(buf, len, other, key, &back),
	    SNT_ERR_CRYPTO);
	/* another store's key */
	key[5] ^= 1;
	assert_int_equal(casefile_open(buf, len, cf->id, key, &back),
	    SNT_ERR_CRYPTO);
	key[5] ^= 1;
	assert_int_equal(casefile_open(buf, len, cf->id, key, &back), 0);
	casefile_free(back);
	free(buf);
	casefile_free(cf);
}

static void
test_limits(void **state)
{
	struct casefile *cf = casefile_new();
	char *big = calloc(1, CASE_NOTE_MAX + 2);
	char name[CASE_NAME_MAX + 2];

	(void)state;
	memset(big, 'x', CASE_NOTE_MAX + 1);
	assert_int_equal(casefile_add_note(cf, 1, "a", big, CASE_NOTE_MAX + 1),
	    SNT_ERR_TOO_LARGE);
	assert_int_equal(casefile_add_note(cf, 1, "a", big, CASE_NOTE_MAX), 0);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(casefile_add_note(cf, 1, name, "t", 1), SNT_ERR_INVALID);
	free(big);
	casefile_free(cf);
	casefile_free(NULL);
}

static void
test_status_names(void **state)
{
	uint8_t s;

	(void)state;
	for (s = CASE_NEW; s <= CASE_CLOSED; s++)
		assert_int_equal(case_status_from_name(case_status_name(s)), s);
	assert_null(case_status_name(0));
	assert_null(case_status_name(5));
	assert_int_equal(case_status_from_name("done"), 0);
}

static void
test_add_months(void **state)
{
	(void)state;
	/* 31 Jan + 1 month = 28 Feb (2026 is not a leap year) */
	assert_int_equal(due_add_months(JAN31, 1), JAN31 + 28 * DAY);
	/* + 3 months = 30 Apr (clamped) */
	assert_int_equal(due_add_months(JAN31, 3),
	    JAN31 + (28 + 31 + 30) * DAY);
	/* + 12 months = same day next year */
	assert_int_equal(due_add_months(JAN31, 12), JAN31 + 365 * DAY);
	/* leap year: 31 Jan 2028 + 1 month = 29 Feb 2028 */
	assert_int_equal(due_add_months(JAN31 + (365 + 365) * DAY, 1),
	    JAN31 + (365 + 365 + 29) * DAY);
	/* across the year end: 15 Nov + 3 months = 15 Feb */
	assert_int_equal(due_add_months(1794744000ULL, 3),
	    1794744000ULL + (15 + 31 + 31 + 15) * DAY);
}

static void
test_due_rules(void **state)
{
	struct due_rules r;
	struct casefile *cf = casefile_new();

	(void)state;
	due_rules_default(&r);
	assert_int_equal(r.callback_days, 7);
	assert_int_equal(r.objection_days, 30);
	assert_int_equal(r.other_months, 3);
	cf->arrival = JAN31;
	cf->status = CASE_NEW;

	/* muistutus with a phone: call back in 7 days, answer in 30 */
	cf->kind = 3;
	cf->has_phone = 1;
	casefile_set_due(cf, &r);
	assert_int_equal(cf->answer_due, JAN31 + 30 * DAY);
	assert_int_equal(cf->callback_due, JAN31 + 7 * DAY);
	assert_int_equal(casefile_next_due(cf), JAN31 + 7 * DAY);
	assert_false(casefile_overdue(cf, JAN31 + 7 * DAY - 1));
	assert_true(casefile_overdue(cf, JAN31 + 7 * DAY + 1));
	/* callback done: the answer is next */
	cf->callback_done = 1;
	assert_int_equal(casefile_next_due(cf), JAN31 + 30 * DAY);
	assert_false(casefile_overdue(cf, JAN31 + 8 * DAY));
	/* answered: nothing due */
	cf->status = CASE_ANSWERED;
	assert_int_equal(casefile_next_due(cf), 0);
	assert_false(casefile_overdue(cf, JAN31 + 400 * DAY));
	/* answered but the promised call not made: still due */
	cf->callback_done = 0;
	assert_int_equal(casefile_next_due(cf), JAN31 + 7 * DAY);
	/* closed: nothing, even the call */
	cf->status = CASE_CLOSED;
	assert_int_equal(casefile_next_due(cf), 0);

	/* other feedback without phone: 3 calendar months */
	cf->status = CASE_IN_PROGRESS;
	cf->kind = 1;
	cf->has_phone = 0;
	casefile_set_due(cf, &r);
	assert_int_equal(cf->callback_due, 0);
	assert_int_equal(cf->answer_due, due_add_months(JAN31, 3));
	assert_int_equal(casefile_next_due(cf), cf->answer_due);

	/* configured rules */
	r.callback_days = 2;
	r.objection_days = 60;
	cf->kind = 3;
	cf->has_phone = 1;
	casefile_set_due(cf, &r);
	assert_int_equal(cf->answer_due, JAN31 + 60 * DAY);
	assert_int_equal(cf->callback_due, JAN31 + 2 * DAY);
	casefile_free(cf);
}

/* A record imported unopened, completed later, has exactly the due dates
 * an import that opened it gives (casefile_set_due); until then it sorts no
 * later than any rule could make it. */
static void
test_pending_complete(void **state)
{
	struct due_rules r;
	struct casefile *p = casefile_new(), *direct = casefile_new();
	uint8_t kinds[] = { 1, 2, 3 };
	uint32_t hour = (uint32_t)(JAN31 / 3600);
	size_t i;
	int ph;

	(void)state;
	due_rules_default(&r);
	for (i = 0; i < sizeof(kinds); i++)
		for (ph = 0; ph <= 1; ph++) {
			uint64_t arrival = JAN31 + 1234;	/* inside the hour */

			casefile_set_pending(p, hour, &r);
			assert_true(casefile_is_pending(p));
			assert_int_equal(p->arrival, (uint64_t)hour * 3600);
			assert_int_equal(p->callback_due, 0);
			direct->arrival = arrival;
			direct->kind = kinds[i];
			direct->has_phone = (uint8_t)ph;
			casefile_set_due(direct, &r);
			/* provisional: never later than the real deadline */
			assert_true(casefile_next_due(p) <=
			    casefile_next_due(direct));
			casefile_complete(p, arrival, kinds[i], ph, &r);
			assert_false(casefile_is_pending(p));
			assert_int_equal(p->arrival, direct->arrival);
			assert_int_equal(p->kind, direct->kind);
			assert_int_equal(p->has_phone, direct->has_phone);
			assert_int_equal(p->answer_due, direct->answer_due);
			assert_int_equal(p->callback_due, direct->callback_due);
		}
	/* the shortest rule wins, whichever it is */
	r.callback_days = 100;
	r.objection_days = 40;
	r.other_months = 1;
	casefile_set_pending(p, hour, &r);
	assert_int_equal(p->answer_due, due_add_months((uint64_t)hour * 3600, 1));
	/* pending survives sealing (kind 0 is a valid stored value) */
	{
		uint8_t key[32], *buf = NULL;
		size_t len;
		struct casefile *back = NULL;

		randombytes_buf(key, sizeof(key));
		randombytes_buf(p->id, sizeof(p->id));
		p->status = CASE_NEW;
		assert_int_equal(casefile_seal(p, key, &buf, &len), 0);
		assert_int_equal(casefile_open(buf, len, p->id, key, &back), 0);
		assert_true(casefile_is_pending(back));
		casefile_free(back);
		free(buf);
	}
	casefile_free(p);
	casefile_free(direct);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_due_rules),
		cmocka_unit_test(test_pending_complete),
	};

	if (smem_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

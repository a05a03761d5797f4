/* test_review_audit.c — the audit chain: every byte of every entry, removal,
 * reordering, truncation, head record, keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sinetti/audit.h"
#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "testutil.h"

#define N 12

struct log {
	uint8_t *val[N];
	size_t len[N];
	uint64_t seq[N];
	uint8_t head[AUDIT_HEAD_BYTES];
};

static struct audit_keys keys;

static void
make_log(struct log *l)
{
	struct audit_chain ch;
	struct audit_entry e;
	int i;

	memset(&ch, 0, sizeof(ch));
	for (i = 0; i < N; i++) {
		memset(&e, 0, sizeof(e));
		e.time = 1770000000 + (uint64_t)i;
		e.action = (uint8_t)(1 + i % AUDIT_ACTION_LAST);
		snprintf(e.officer, sizeof(e.officer), "officer%d", i % 3);
		snprintf(e.case_no, sizeof(e.case_no), "2026-%04u", (unsigned)i % 1000u);
		e.detail = (uint32_t)i;
		assert_int_equal(audit_seal(&keys, &ch, &e, &l->val[i],
		    &l->len[i]), 0);
		assert_int_equal(e.seq, (uint64_t)i + 1);
		l->seq[i] = e.seq;
	}
	audit_head_make(&keys, &ch, l->head);
}

static void
free_log(struct log *l)
{
	int i;

	for (i = 0; i < N; i++)
		free(l->val[i]);
}

/* 0 if the stored log verifies against its head, else the first error. */
static int
verify(const struct log *l, int n)
{
	struct audit_chain ch, head;
	struct audit_entry e;
	int i, r;

	memset(&ch, 0, sizeof(ch));
	if ((r = audit_head_read(&keys, l->head, sizeof(l->head), &head)) != 0)
		return r;
	for (i = 0; i < n; i++)
		if ((r = audit_open(&keys, &ch, l->seq[i], l->val[i], l->len[i],
		    &e)) != 0)
			return r;
	return audit_chain_equal(&ch, &head) ? 0 : SNT_ERR_INVALID;
}

static void
test_roundtrip(void **state)
{
	struct log l;
	struct audit_chain ch;
	struct audit_entry e;
	int i;

	(void)state;
	make_log(&l);
	assert_int_equal(verify(&l, N), 0);
	memset(&ch, 0, sizeof(ch));
	for (i = 0; i < N; i++) {
		assert_int_equal(audit_open(&keys, &ch, l.seq[i], l.val[i],
		    l.len[i], &e), 0);
		assert_int_equal(e.detail, (uint32_t)i);
		assert_int_equal(e.time, 1770000000 + (uint64_t)i);
		assert_non_null(audit_action_name(e.action));
	}
	/* no officer names or case numbers in the stored bytes */
	for (i = 0; i < N; i++) {
		assert_false(tu_memmem(l.val[i], l.len[i], "officer", 7));
		assert_false(tu_memmem(l.val[i], l.len[i], "2026-", 5));
	}
	free_log(&l);
}

static void
test_every_byte(void **state)
{
	struct log l;
	int i, b;
	size_t p;

	(void)state;
	make_log(&l);
	for (i = 0; i < N; i++)
		for (p = 0; p < l.len[i]; p++)
			for (b = 0; b < 8; b++) {
				l.val[i][p] ^= (uint8_t)(1u << b);
				assert_int_not_equal(verify(&l, N), 0);
				l.val[i][p] ^= (uint8_t)(1u << b);
			}
	for (p = 0; p < sizeof(l.head); p++) {
		l.head[p] ^= 0x10;
		assert_int_not_equal(verify(&l, N), 0);
		l.head[p] ^= 0x10;
	}
	/* truncating an entry */
	for (i = 0; i < N; i++) {
		size_t keep = l.len[i];

		for (p = 0; p < keep; p++) {
			l.len[i] = p;
			assert_int_not_equal(verify(&l, N), 0);
		}
		l.len[i] = keep;
	}
	assert_int_equal(verify(&l, N), 0);
	free_log(&l);
}

static void
swap(struct log *l, int a, int b)
{
	uint8_t *v = l->val[a];
	size_t n = l->len[a];

	l->val[a] = l->val[b];
	l->len[a] = l->len[b];
	l->val[b] = v;
	l->len[b] = n;
}

static void
test_remove_reorder_truncate(void **state)
{
	struct log l;
	int i;

	(void)state;
	make_log(&l);
	/* reordering two entries (the keys stay in order) */
	for (i = 0; i + 1 < N; i++) {
		swap(&l, i, i + 1);
		assert_int_not_equal(verify(&l, N), 0);
		swap(&l, i, i + 1);
	}
	/* renumbering an entry: the sequence must be dense */
	l.seq[4] = 99;
	assert_int_not_equal(verify(&l, N), 0);
	l.seq[4] = 5;
	/* removing one entry in the middle and closing the gap */
	{
		struct log m = l;

		for (i = 3; i + 1 < N; i++) {
			m.val[i] = l.val[i + 1];
			m.len[i] = l.len[i + 1];
		}
		assert_int_not_equal(verify(&m, N - 1), 0);
	}
	/* dropping the tail: the head still counts N */
	for (i = 0; i < N; i++)
		assert_int_equal(verify(&l, i), SNT_ERR_INVALID);
	/* a head from an earlier point does not match the full log */
	{
		struct audit_chain ch;
		uint8_t oldhead[AUDIT_HEAD_BYTES];

		memset(&ch, 0, sizeof(ch));
		audit_head_make(&keys, &ch, oldhead);
		memcpy(l.head, oldhead, sizeof(oldhead));
		assert_int_equal(verify(&l, N), SNT_ERR_INVALID);
	}
	free_log(&l);
}

static void
test_other_key(void **state)
{
	struct log l;
	struct audit_keys saved = keys;

	(void)state;
	make_log(&l);
	keys.enc[0] ^= 1;
	assert_int_not_equal(verify(&l, N), 0);
	keys = saved;
	keys.mac[31] ^= 1;
	assert_int_equal(verify(&l, N), SNT_ERR_CRYPTO);	/* head */
	keys = saved;
	assert_int_equal(verify(&l, N), 0);
	free_log(&l);
}

static void
test_refuses_bad_entries(void **state)
{
	struct audit_chain ch;
	struct audit_entry e;
	uint8_t *v = NULL;
	size_t n;

	(void)state;
	memset(&ch, 0, sizeof(ch));
	memset(&e, 0, sizeof(e));
	e.action = 0;
	assert_int_equal(audit_seal(&keys, &ch, &e, &v, &n), SNT_ERR_INVALID);
	e.action = AUDIT_ACTION_LAST + 1;
	assert_int_equal(audit_seal(&keys, &ch, &e, &v, &n), SNT_ERR_INVALID);
	assert_int_equal(ch.count, 0);
	assert_null(v);
	assert_int_equal(audit_head_read(&keys, (const uint8_t *)"x", 1, &ch),
	    SNT_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_remove_reorder_truncate),
		cmocka_unit_test(test_other_key),
		cmocka_unit_test(test_refuses_bad_entries),
	};

	if (smem_init() != 0)
		return 1;
	randombytes_buf(&keys, sizeof(keys));
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_vault_common.h — small helpers shared by the vault unit tests
 * (static functions; each test_vault_*.c includes this once).
 */
#ifndef TEST_VAULT_COMMON_H
#define TEST_VAULT_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/pubkey.h"

struct tv_team {
	uint8_t pk[32];
	uint8_t sk[32];
	uint8_t key_id[KEY_ID_BYTES];
};

/* A real team keypair; the key id only needs to be 8 stable bytes here. */
static inline void
tv_team_new(struct tv_team *t)
{
	crypto_box_keypair(t->pk, t->sk);
	crypto_generichash(t->key_id, KEY_ID_BYTES, t->pk, 32, NULL, 0);
}

static inline struct snt_str
tv_str(const char *s)
{
	struct snt_str r;

	r.p = s;
	r.len = strlen(s);
	return r;
}

/* A plausible submission with every optional field set. */
static inline void
tv_content(struct content *c, const char *msg, size_t msg_len)
{
	memset(c, 0, sizeof(*c));
	c->kind = CONTENT_KIND_OBJECTION;
	c->role = CONTENT_ROLE_RELATIVE;
	c->unit = tv_str("other");
	c->unit_other = tv_str("Kotihoito, Itä-alue");
	c->message.p = msg;
	c->message.len = msg_len;
	c->when = tv_str("2026-11-20 aamulla");
	c->persons = tv_str("yöhoitaja");
	c->phone = tv_str("+358401234567");
	c->callback_time = tv_str("arkisin 9-12");
	memcpy(c->lang, "fi", 3);
	c->arrival = 1795000000;
	randombytes_buf(c->reply_pk, 32);
}

/* A minimal submission: only the required fields. */
static inline void
tv_content_min(struct content *c, const char *msg, size_t msg_len)
{
	memset(c, 0, sizeof(*c));
	c->kind = CONTENT_KIND_FEEDBACK;
	c->role = CONTENT_ROLE_CLIENT;
	c->unit = tv_str("u1");
	c->message.p = msg;
	c->message.len = msg_len;
	memcpy(c->lang, "en", 3);
	c->arrival = 1795000000;
	randombytes_buf(c->reply_pk, 32);
}

static inline int
tv_str_eq(struct snt_str a, struct snt_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static inline int
tv_content_eq(const struct content *a, const struct content *b)
{
	return a->kind == b->kind && a->role == b->role &&
	    tv_str_eq(a->unit, b->unit) &&
	    tv_str_eq(a->unit_other, b->unit_other) &&
	    tv_str_eq(a->message, b->message) &&
	    tv_str_eq(a->when, b->when) &&
	    tv_str_eq(a->persons, b->persons) &&
	    tv_str_eq(a->phone, b->phone) &&
	    tv_str_eq(a->callback_time, b->callback_time) &&
	    strcmp(a->lang, b->lang) == 0 && a->arrival == b->arrival &&
	    memcmp(a->reply_pk, b->reply_pk, 32) == 0;
}

/* Seals a fresh envelope with a message of n 'x's. */
static inline uint8_t *
tv_seal(const struct tv_team *t, size_t n, size_t *len)
{
	struct content c;
	uint8_t *env = NULL;
	char *msg = malloc(n ? n : 1);

	if (msg == NULL)
		return NULL;
	memset(msg, 'x', n);
	tv_content_min(&c, msg, n);
	if (envelope_seal(&c, t->pk, t->key_id, &env, len) != 0)
		env = NULL;
	free(msg);
	return env;
}

#endif

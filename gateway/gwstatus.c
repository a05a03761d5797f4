/*
 * gwstatus.c — receipts in, status page out (gwstatus.h).
 *
 * Trust: this runs in the serving process, on what a stranger typed. The
 * receipt and everything derived from it live in smem memory for the
 * length of the call and are wiped before it returns; nothing about the
 * request reaches a log.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/gwstatus.h"
#include "sinetti/receipt.h"
#include "sinetti/reply.h"
#include "sinetti/reply_store.h"
#include "sinetti/smem.h"
#include "sinetti/web_status.h"

struct bucket {
	uint64_t milli;		/* tokens x 1000 */
	uint64_t last_ms;
};

struct gwstatus {
	struct store *store;
	pthread_mutex_t lock;
	struct bucket global;
	struct bucket slot[GWSTATUS_SLOTS];
	uint8_t hkey[crypto_shorthash_KEYBYTES];
	uint8_t *dummy;		/* a record nobody's receipt opens */
	size_t dummy_len;
};

int
gwstatus_new(struct gwstatus **out, struct store *s)
{
	struct gwstatus *g;
	uint8_t pk[32], sk[32];
	int r;

	*out = NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return SNT_ERR_NOMEM;
	g->store = s;
	pthread_mutex_init(&g->lock, NULL);
	randombytes_buf(g->hkey, sizeof(g->hkey));
	crypto_box_keypair(pk, sk);
	sodium_memzero(sk, sizeof(sk));
	if ((r = reply_create(pk, REPLY_ANSWERED, 0, NULL, 0, &g->dummy,
	    &g->dummy_len)) != 0) {
		gwstatus_free(g);
		return r;
	}
	*out = g;
	return 0;
}

void
gwstatus_free(struct gwstatus *g)
{
	if (g == NULL)
		return;
	pthread_mutex_destroy(&g->lock);
	free(g->dummy);
	sodium_memzero(g, sizeof(*g));
	free(g);
}

/* ------------------------------------------------------------ rate */

static int
take(struct bucket *b, uint64_t now, uint64_t per_minute, uint64_t burst)
{
	uint64_t cap = burst * 1000, add;

	if (b->last_ms == 0)
		b->milli = cap;
	else if (now > b->last_ms) {
		/* per_minute tokens a minute = per_minute milli-tokens a
		 * 60 ms; capped before the multiplication can overflow */
		add = now - b->last_ms;
		add = add > 3600000 ? cap : add * per_minute / 60;
		b->milli = cap - b->milli < add ? cap : b->milli + add;
	}
	b->last_ms = now > b->last_ms ? now : b->last_ms;
	if (b->last_ms == 0)
		b->last_ms = 1;
	if (b->milli < 1000)
		return SNT_ERR_RATE;
	b->milli -= 1000;
	return 0;
}

/* Slot of an address: keyed hash of the IPv4 address or the IPv6 /64. */
static size_t
slot_of(const struct gwstatus *g, const struct sockaddr *a)
{
	uint8_t h[crypto_shorthash_BYTES], in[9];
	size_t n;
	uint64_t v = 0;
	int i;

	memset(in, 0, sizeof(in));
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *a4 = (const void *)a;

		in[0] = 4;
		memcpy(in + 1, &a4->sin_addr, 4);
		n = 5;
	} else if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a6 = (const void *)a;

		in[0] = 6;
		memcpy(in + 1, &a6->sin6_addr, 8);
		n = 9;
	} else
		n = 1;
	crypto_shorthash(h, in, n, g->hkey);
	sodium_memzero(in, sizeof(in));
	for (i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return (size_t)(v % GWSTATUS_SLOTS);
}

int
gwstatus_take(struct gwstatus *g, const struct sockaddr *addr,
    uint64_t now_ms)
{
	struct bucket save;
	size_t i = 0;
	int r;

	if (addr != NULL)
		i = slot_of(g, addr);
	pthread_mutex_lock(&g->lock);
	save = g->global;
	r = take(&g->global, now_ms, GWSTATUS_PER_MINUTE, GWSTATUS_BURST);
	if (r == 0 && addr != NULL &&
	    (r = take(&g->slot[i], now_ms, GWSTATUS_ADDR_PER_MINUTE,
	    GWSTATUS_ADDR_BURST)) != 0)
		g->global = save;	/* refused: the global try is not spent */
	pthread_mutex_unlock(&g->lock);
	return r;
}

/* ---------------------------------------------------------- answer */

struct opened {
	struct reply_plain p[REPLY_PER_CASE_MAX];
	size_t n;
	struct web_status_reply shown[REPLY_PER_CASE_MAX];
};

static int
by_time(const void *a, const void *b)
{
	const struct web_status_reply *x = a, *y = b;

	return x->time_ms < y->time_ms ? -1 : x->time_ms > y->time_ms;
}

int
gwstatus_answer(struct gwstatus *g, const struct web_site *site,
    struct web_response *resp)
{
	struct receipt_keys *k = NULL;
	struct reply_found *f = NULL;
	struct opened *o = NULL;
	struct web_status_view v;
	struct reply_plain dummy;
	uint8_t *rc = NULL;
	uint64_t latest = 0;
	size_t i, nshown = 0;
	int parsed, r;

	memset(&v, 0, sizeof(v));
	if ((rc = smem_alloc(RECEIPT_BYTES)) == NULL ||
	    (k = smem_alloc(sizeof(*k))) == NULL ||
	    (o = smem_calloc(sizeof(*o))) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	parsed = resp->receipt != NULL &&
	    receipt_parse(resp->receipt, resp->receipt_len, rc) == 0;
	/* A code that does not parse goes through the same steps. */
	if (!parsed)
		randombytes_buf(rc, RECEIPT_BYTES);
	receipt_derive(rc, k);
	if ((r = reply_store_find(g->store, k->lookup, &f)) != 0)
		goto out;
	for (i = 0; i < f->n; i++) {
		/* A record this key cannot open is not shown; it cannot be
		 * this citizen's. */
		if (reply_open(f->rec[i], f->rec_len[i], k->reply_sk,
		    &o->p[o->n]) != 0)
			continue;
		o->n++;
	}
	if (f->n == 0) {
		(void)reply_open(g->dummy, g->dummy_len, k->reply_sk, &dummy);
		reply_plain_free(&dummy);
	}
	v.found = parsed && (f->exists || o->n > 0);
	v.status = REPLY_RECEIVED;
	for (i = 0; i < o->n; i++) {
		if (o->p[i].time_ms >= latest) {
			latest = o->p[i].time_ms;
			v.status = o->p[i].status;
		}
		if (o->p[i].len == 0)
			continue;	/* a status change without text */
		o->shown[nshown].time_ms = o->p[i].time_ms;
		o->shown[nshown].text = o->p[i].text;
		o->shown[nshown].len = o->p[i].len;
		nshown++;
	}
	qsort(o->shown, nshown, sizeof(o->shown[0]), by_time);
	v.replies = o->shown;
	v.n = nshown;
	r = web_render_status(site, resp, &v);
out:
	if (o != NULL)
		for (i = 0; i < o->n; i++)
			reply_plain_free(&o->p[i]);
	smem_free(o);
	reply_found_free(f);
	smem_free(k);
	smem_free(rc);
	smem_free(resp->receipt);
	resp->receipt = NULL;
	resp->receipt_len = 0;
	return r;
}

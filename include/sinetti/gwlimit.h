/*
 * gwlimit.h — the global submission rate limit (gateway/gwlimit.c).
 *
 * A token bucket shared by every sender: it holds at most per_minute
 * tokens and refills at per_minute a minute. It knows nothing about who
 * submits; per-address limits are libmicrohttpd's connection limits, which
 * keep an address only while its connection is open.
 */
#ifndef SINETTI_GWLIMIT_H
#define SINETTI_GWLIMIT_H

#include <stdint.h>

struct gwlimit;

/* Errors: SNT_ERR_INVALID (per_minute 0), SNT_ERR_NOMEM. */
int gwlimit_new(struct gwlimit **l, unsigned per_minute);
void gwlimit_free(struct gwlimit *l);

/*
 * Takes one token at monotonic time now_ms. Returns 0, or SNT_ERR_RATE
 * when the bucket is empty. Thread-safe.
 */
int gwlimit_take(struct gwlimit *l, uint64_t now_ms);

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t gwlimit_now_ms(void);

#endif

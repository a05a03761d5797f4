/* gwlimit.c — a global token bucket for submissions. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "sinetti/err.h"
#include "sinetti/gwlimit.h"

struct gwlimit {
	pthread_mutex_t mu;
	uint64_t cap_milli;	/* tokens * 1000 */
	uint64_t have_milli;
	uint64_t last_ms;
	unsigned per_minute;
};

int
gwlimit_new(struct gwlimit **out, unsigned per_minute)
{
	struct gwlimit *l;

	*out = NULL;
	if (per_minute == 0)
		return SNT_ERR_INVALID;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return SNT_ERR_NOMEM;
	pthread_mutex_init(&l->mu, NULL);
	l->per_minute = per_minute;
	l->cap_milli = (uint64_t)per_minute * 1000;
	l->have_milli = l->cap_milli;
	l->last_ms = gwlimit_now_ms();
	*out = l;
	return 0;
}

void
gwlimit_free(struct gwlimit *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->mu);
	free(l);
}

int
gwlimit_take(struct gwlimit *l, uint64_t now_ms)
{
	uint64_t add;
	int r = SNT_ERR_RATE;

	pthread_mutex_lock(&l->mu);
	if (now_ms > l->last_ms) {
		/* per_minute tokens per 60000 ms, in thousandths of a token */
		add = (now_ms - l->last_ms) * l->per_minute / 60;
		l->have_milli = l->cap_milli - l->have_milli < add ?
		    l->cap_milli : l->have_milli + add;
		l->last_ms = now_ms;
	}
	if (l->have_milli >= 1000) {
		l->have_milli -= 1000;
		r = 0;
	}
	pthread_mutex_unlock(&l->mu);
	return r;
}

uint64_t
gwlimit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

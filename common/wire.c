/* wire.c — bounded big-endian readers and writers. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/smem.h"
#include "sinetti/wire.h"

void
wire_r_init(struct wire_r *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

size_t
wire_r_left(const struct wire_r *r)
{
	return r->len - r->off;
}

int
wire_get_ref(struct wire_r *r, const uint8_t **p, size_t n)
{
	if (n > r->len - r->off)	/* subtraction form: cannot overflow */
		return SNT_ERR_TRUNCATED;
	*p = r->p + r->off;
	r->off += n;
	return 0;
}

int
wire_get_bytes(struct wire_r *r, void *dst, size_t n)
{
	const uint8_t *p;
	int e;

	if ((e = wire_get_ref(r, &p, n)) != 0)
		return e;
	if (n > 0)
		memcpy(dst, p, n);
	return 0;
}

static int
get_be(struct wire_r *r, size_t n, uint64_t *v)
{
	const uint8_t *p;
	uint64_t x = 0;
	size_t i;
	int e;

	if ((e = wire_get_ref(r, &p, n)) != 0)
		return e;
	for (i = 0; i < n; i++)
		x = (x << 8) | p[i];
	*v = x;
	return 0;
}

int
wire_get_u8(struct wire_r *r, uint8_t *v)
{
	uint64_t x;
	int e = get_be(r, 1, &x);

	if (e == 0)
		*v = (uint8_t)x;
	return e;
}

int
wire_get_u16(struct wire_r *r, uint16_t *v)
{
	uint64_t x;
	int e = get_be(r, 2, &x);

	if (e == 0)
		*v = (uint16_t)x;
	return e;
}

int
wire_get_u32(struct wire_r *r, uint32_t *v)
{
	uint64_t x;
	int e = get_be(r, 4, &x);

	if (e == 0)
		*v = (uint32_t)x;
	return e;
}

int
wire_get_u64(struct wire_r *r, uint64_t *v)
{
	return get_be(r, 8, v);
}

int
wire_r_end(const struct wire_r *r)
{
	return r->off == r->len ? 0 : SNT_ERR_INVALID;
}

void
wire_w_init(struct wire_w *w, size_t max, int secure)
{
	memset(w, 0, sizeof(*w));
	w->max = max;
	w->secure = secure;
}

void
wire_free(uint8_t *buf, size_t len, int secure)
{
	if (buf == NULL)
		return;
	if (secure) {
		smem_free(buf);
		return;
	}
	sodium_memzero(buf, len);
	free(buf);
}

static int
grow(struct wire_w *w, size_t need)
{
	size_t cap = w->cap == 0 ? 256 : w->cap;
	uint8_t *nb;

	while (cap < need)
		cap = cap > w->max / 2 ? w->max : cap * 2;
	if (cap > w->max)
		cap = w->max;
	nb = w->secure ? smem_alloc(cap) : malloc(cap);
	if (nb == NULL)
		return SNT_ERR_NOMEM;
	if (w->len > 0)
		memcpy(nb, w->buf, w->len);
	wire_free(w->buf, w->cap, w->secure);
	w->buf = nb;
	w->cap = cap;
	return 0;
}

void
wire_put_bytes(struct wire_w *w, const void *src, size_t n)
{
	if (w->err != 0)
		return;
	if (n > w->max - w->len) {
		w->err = SNT_ERR_TOO_LARGE;
		return;
	}
	if (n > w->cap - w->len && (w->err = grow(w, w->len + n)) != 0)
		return;
	if (n > 0)
		memcpy(w->buf + w->len, src, n);
	w->len += n;
}

static void
put_be(struct wire_w *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	wire_put_bytes(w, b, n);
}

void wire_put_u8(struct wire_w *w, uint8_t v)   { put_be(w, v, 1); }
void wire_put_u16(struct wire_w *w, uint16_t v) { put_be(w, v, 2); }
void wire_put_u32(struct wire_w *w, uint32_t v) { put_be(w, v, 4); }
void wire_put_u64(struct wire_w *w, uint64_t v) { put_be(w, v, 8); }

void
wire_w_discard(struct wire_w *w)
{
	wire_free(w->buf, w->cap, w->secure);
	w->buf = NULL;
	w->len = w->cap = 0;
}

int
wire_w_finish(struct wire_w *w, uint8_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (w->err != 0) {
		int e = w->err;

		wire_w_discard(w);
		return e;
	}
	if (w->buf == NULL && (w->err = grow(w, 1)) != 0)
		return w->err;
	*out = w->buf;
	*len = w->len;
	w->buf = NULL;
	w->len = w->cap = 0;
	return 0;
}

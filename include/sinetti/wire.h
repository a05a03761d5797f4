/*
 * wire.h — bounded big-endian readers and writers for Sinetti's byte formats.
 *
 * Every format (keyring, envelope, content record, bundle, ack, audit
 * record, reply) is read through struct wire_r and written through
 * struct wire_w, so that bound checks are written once.
 *
 * Unlike most Sinetti types these two structs are visible: they are small
 * cursors that live on the caller's stack, and hiding them would only add an
 * allocation to every decode.
 */
#ifndef SINETTI_WIRE_H
#define SINETTI_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* A reader over caller-owned bytes; the reader never copies or frees them. */
struct wire_r {
	const uint8_t *p;
	size_t len;
	size_t off;
};

void wire_r_init(struct wire_r *r, const uint8_t *p, size_t len);
size_t wire_r_left(const struct wire_r *r);

/* Each getter returns 0, or SNT_ERR_TRUNCATED without moving the cursor. */
int wire_get_u8(struct wire_r *r, uint8_t *v);
int wire_get_u16(struct wire_r *r, uint16_t *v);
int wire_get_u32(struct wire_r *r, uint32_t *v);
int wire_get_u64(struct wire_r *r, uint64_t *v);
/* Copies n bytes out. */
int wire_get_bytes(struct wire_r *r, void *dst, size_t n);
/* Points *p at the next n bytes inside the reader's buffer (no copy). */
int wire_get_ref(struct wire_r *r, const uint8_t **p, size_t n);

/* Returns 0 if the reader is exactly at its end, else SNT_ERR_INVALID:
 * every decoder calls this last, so trailing bytes are always refused. */
int wire_r_end(const struct wire_r *r);

/*
 * A growing writer. With secure set, the buffer lives in smem_alloc memory
 * (for plaintext and keys) and old buffers are wiped when it grows.
 * A writer that hit an error stays failed: later puts do nothing and
 * wire_w_finish() returns the first error, so callers check once.
 */
struct wire_w {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t max;
	int secure;
	int err;
};

/* max bounds the total size (SNT_ERR_TOO_LARGE past it). */
void wire_w_init(struct wire_w *w, size_t max, int secure);
void wire_put_u8(struct wire_w *w, uint8_t v);
void wire_put_u16(struct wire_w *w, uint16_t v);
void wire_put_u32(struct wire_w *w, uint32_t v);
void wire_put_u64(struct wire_w *w, uint64_t v);
void wire_put_bytes(struct wire_w *w, const void *src, size_t n);

/*
 * On success hands the buffer to the caller (*out, *len) and resets the
 * writer; free it with wire_free(buf, len, secure). On error frees
 * everything and returns the first error.
 */
int wire_w_finish(struct wire_w *w, uint8_t **out, size_t *len);

/* Discards a writer's buffer (wiping it). */
void wire_w_discard(struct wire_w *w);

/* Frees a buffer from wire_w_finish; NULL is accepted. */
void wire_free(uint8_t *buf, size_t len, int secure);

#endif

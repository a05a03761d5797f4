/* fuzz_form.c — the form parser on arbitrary bytes: it must refuse cleanly
 * or return values that are valid UTF-8 without NUL, each within the body's
 * length, and never read or write out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/form.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct form f;
	int i;

	if (!ready && smem_init() != 0)
		abort();
	ready = 1;
	if (form_parse(data, size, &f) != 0)
		return 0;
	for (i = 0; i < FORM_NFIELDS; i++) {
		const struct form_value *v = &f.v[i];

		if (v->len > size || memchr(v->p, 0, v->len) != NULL ||
		    v->p[v->len] != '\0' ||
		    utf8_validate((const uint8_t *)v->p, v->len) != 0)
			abort();
	}
	form_free(&f);
	return 0;
}

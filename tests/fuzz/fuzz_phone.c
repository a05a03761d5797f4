/* fuzz_phone.c — form_phone_normalise (mode byte even) and
 * form_content_type_ok (odd). A normalised number is "+" and 8..15
 * digits, fits CONTENT_PHONE_MAX, and normalises to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/content.h"
#include "sinetti/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[CONTENT_PHONE_MAX + 1], again[CONTENT_PHONE_MAX + 1], *s;
	size_t i, n;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if ((s = strndup((const char *)data + 1, size - 1)) == NULL)
			return 0;
		(void)form_content_type_ok(s);
		free(s);
		return 0;
	}
	if (form_phone_normalise((const char *)data + 1, size - 1, out,
	    sizeof(out)) != 0)
		return 0;
	n = strlen(out);
	if (out[0] != '+' || n < 9 || n > 16)
		abort();
	for (i = 1; i < n; i++)
		if (out[i] < '0' || out[i] > '9')
			abort();
	if (form_phone_normalise(out, n, again, sizeof(again)) != 0 ||
	    strcmp(out, again) != 0)
		abort();
	return 0;
}

/* fuzz_utf8.c — utf8_validate must agree with decoding one code point at a
 * time, and never read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sinetti/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0, k;
	uint32_t cp;
	int ok = 1;

	while (i < size) {
		if ((k = utf8_decode(data + i, size - i, &cp)) == 0) {
			ok = 0;
			break;
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			abort();
		i += k;
	}
	if ((utf8_validate(data, size) == 0) != ok)
		abort();
	return 0;
}

/* fuzz_receipt.c — receipt_parse on what a citizen might type. A code that
 * parses must format to 29 characters that parse back to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/receipt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t a[RECEIPT_BYTES], b[RECEIPT_BYTES];
	char text[RECEIPT_TEXT_LEN + 1];

	if (receipt_parse((const char *)data, size, a) != 0)
		return 0;
	receipt_format(a, text);
	if (strlen(text) != RECEIPT_TEXT_LEN ||
	    receipt_parse(text, RECEIPT_TEXT_LEN, b) != 0 ||
	    memcmp(a, b, sizeof(a)) != 0)
		abort();
	return 0;
}

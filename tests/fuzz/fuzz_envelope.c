/* fuzz_envelope.c — envelope_parse_header: an accepted outside must be
 * self-consistent (known version, one documented bucket, the seal exactly
 * bucket + overhead, pointing inside the input). */
#include <stdint.h>
#include <stdlib.h>

#include <sodium.h>

#include "sinetti/envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct envelope_header h;

	if (envelope_parse_header(data, size, &h) != 0)
		return 0;
	/* buckets: the powers of two from 1 KiB to 64 KiB */
	if (h.version != ENVELOPE_VERSION || h.bucket < 1024 ||
	    h.bucket > 65536 || (h.bucket & (h.bucket - 1)) != 0 ||
	    h.sealed_len != h.bucket + crypto_box_SEALBYTES ||
	    h.sealed != data + ENVELOPE_HEADER_BYTES ||
	    ENVELOPE_HEADER_BYTES + h.sealed_len != size)
		abort();
	return 0;
}

/* fuzz_pubkey.c — team_public_parse (mode byte even) and
 * signing_public_parse (odd). What parses must format and parse back to
 * the same keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/pubkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct team_public a, b;
	struct signing_public sa, sb;
	const char *t = (const char *)data + 1;
	char *out = NULL;
	size_t n = size - 1, olen;

	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		if (team_public_parse(t, n, &a) != 0)
			return 0;
		if (team_public_format(&a, &out, &olen) != 0 ||
		    team_public_parse(out, olen, &b) != 0 ||
		    memcmp(&a, &b, sizeof(a)) != 0)
			abort();
	} else {
		if (signing_public_parse(t, n, &sa) != 0)
			return 0;
		if (signing_public_format(&sa, &out, &olen) != 0 ||
		    signing_public_parse(out, olen, &sb) != 0 ||
		    memcmp(&sa, &sb, sizeof(sa)) != 0)
			abort();
	}
	free(out);
	return 0;
}

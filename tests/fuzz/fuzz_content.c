/* fuzz_content.c — content_decode on raw bytes (mode byte 0) and on bytes
 * whose trailing BLAKE2b check the harness computes itself (mode byte 1),
 * so the fuzzer gets past the check into the field parser. A record that
 * decodes must re-encode, and the re-encoding must decode to the same
 * fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sinetti/content.h"
#include "sinetti/smem.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	return sodium_init() < 0;
}

#define SAME(f) (a.f.len == b.f.len && \
    (a.f.len == 0 || memcmp(a.f.p, b.f.p, a.f.len) == 0))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char personal[16] = "sinetti.content1";
	struct content a, b;
	uint8_t *buf, *enc = NULL;
	size_t len, elen;

	if (size < 1 || size > CONTENT_RECORD_MAX + 1)
		return 0;
	len = size - 1 + (data[0] & 1 ? 16 : 0);
	if ((buf = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1)	/* a valid check over the fuzzed body */
		crypto_generichash_blake2b_salt_personal(buf + size - 1, 16,
		    buf, size - 1, NULL, 0, NULL, personal);
	if (content_decode(buf, len, &a) == 0) {
		if (content_encode(&a, &enc, &elen) != 0 || elen > len ||
		    content_decode(enc, elen, &b) != 0 || a.kind != b.kind ||
		    a.role != b.role || !SAME(unit) || !SAME(unit_other) ||
		    !SAME(message) || !SAME(when) || !SAME(persons) ||
		    !SAME(phone) || !SAME(callback_time) ||
		    strcmp(a.lang, b.lang) != 0 || a.arrival != b.arrival ||
		    memcmp(a.reply_pk, b.reply_pk, 32) != 0)
			abort();
		smem_free(enc);
	}
	free(buf);
	return 0;
}

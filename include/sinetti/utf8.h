/*
 * utf8.h — strict UTF-8 validation.
 */
#ifndef SINETTI_UTF8_H
#define SINETTI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Returns 0 if s[0..n) is well-formed UTF-8 as RFC 3629 defines it: no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 * NUL bytes are valid UTF-8; callers that forbid them check separately.
 * Returns SNT_ERR_UTF8 otherwise.
 */
int utf8_validate(const uint8_t *s, size_t n);

/*
 * Decodes one code point at s[0..n). On success stores it in *cp and
 * returns the number of bytes used (1..4); returns 0 for an invalid or
 * truncated sequence.
 */
size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

/*
 * Counts code points in valid UTF-8 s[0..n). Behaviour on invalid input is
 * to count each invalid byte as one.
 */
size_t utf8_count(const uint8_t *s, size_t n);

#endif

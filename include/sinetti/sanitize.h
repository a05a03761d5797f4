/*
 * sanitize.h — making decrypted text inert (reviewer/sanitize.c).
 *
 * Everything that comes out of an envelope, and everything an officer
 * typed into a note, is untrusted: a citizen (or an attacker posing as one)
 * chose those bytes. Before they reach a terminal, a JSON consumer or a
 * spreadsheet they pass through one of these writers:
 *
 *  - sanitize_term(): C0 controls, DEL, C1 controls, escape sequences and
 *    bidirectional or invisible format characters (U+061C, U+200B-200F,
 *    U+2028/2029, U+202A-202E, U+2060-2069, U+FEFF, U+FFF9-FFFB) are made
 *    visible: C0 and DEL as Unicode control pictures (ESC becomes U+241B),
 *    the others as the ASCII text "<U+202E>". An ESC can therefore never
 *    start a sequence, and the text after it is printed as text. Invalid
 *    UTF-8 becomes U+FFFD, one per bad byte.
 *  - sanitize_json_string(): a quoted JSON string that is always valid:
 *    quote, backslash and every character the terminal writer would
 *    neutralise are \u-escaped; invalid UTF-8 becomes \ufffd.
 *  - sanitize_csv_cell(): an RFC 4180 cell, always quoted, inner quotes
 *    doubled; a cell whose first character is = + - @ TAB or CR gets a
 *    leading apostrophe so no spreadsheet runs it as a formula; controls
 *    other than TAB, LF and CR are shown as control pictures.
 *
 * All writers append to a struct wire_w (wire.h); give them a secure
 * writer when the text is plaintext. They never fail on their own: a
 * writer error (size, memory) sticks in the writer and is reported by
 * wire_w_finish().
 */
#ifndef SINETTI_SANITIZE_H
#define SINETTI_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/wire.h"

/* sanitize_term() flags */
#define SANITIZE_MULTILINE 1	/* keep LF and TAB; else LF -> U+2424, TAB -> ' ' */

void sanitize_term(struct wire_w *w, const void *s, size_t n, int flags);

/*
 * Like sanitize_term() in one-line mode, but stops after max display
 * columns (code points) and then appends U+2026 (an ellipsis, counted in
 * max). Returns the number of columns written.
 */
size_t sanitize_term_cut(struct wire_w *w, const void *s, size_t n,
    size_t max);

void sanitize_json_string(struct wire_w *w, const void *s, size_t n);
void sanitize_csv_cell(struct wire_w *w, const void *s, size_t n);

/* Appends a NUL-terminated trusted string (our own text) as is. */
void sanitize_put_str(struct wire_w *w, const char *s);

/*
 * Display columns of already-sanitised text: code points, counting every
 * character as one column (wide East Asian characters are not measured;
 * tables with them may be misaligned, never unsafe).
 */
size_t sanitize_width(const void *s, size_t n);

#endif

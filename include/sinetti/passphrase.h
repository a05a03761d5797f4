/*
 * passphrase.h — reading passphrases without echo or from a descriptor.
 */
#ifndef SINETTI_PASSPHRASE_H
#define SINETTI_PASSPHRASE_H

#include <stddef.h>

#define PASSPHRASE_MAX 1024	/* bytes, without the newline */

/*
 * Reads one passphrase.
 *
 * fd < 0: from the controlling terminal (/dev/tty) with echo off, after
 * writing prompt to it; echo is restored even when reading fails.
 * fd >= 0: one line from fd (for scripts, --passphrase-fd N), read a byte at
 * a time so that the next call reads the next line; a final line without a
 * newline is accepted. A trailing "\r" is removed.
 *
 * On success *out is a NUL-terminated smem_alloc() buffer the caller frees
 * with smem_free(), and *len its length. An empty passphrase is returned as
 * such; callers decide whether to accept it.
 * Errors: SNT_ERR_TOO_LARGE (line over PASSPHRASE_MAX), SNT_ERR_TRUNCATED
 * (end of input before any byte), SNT_ERR_IO (no terminal), SNT_ERR_NOMEM.
 */
int passphrase_read(int fd, const char *prompt, char **out, size_t *len);

#endif

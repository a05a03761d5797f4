/*
 * fileio.h — bounded reads and crash-safe writes of whole files.
 */
#ifndef SINETTI_FILEIO_H
#define SINETTI_FILEIO_H

#include <stddef.h>
#include <stdint.h>

enum fileio_flags {
	FILEIO_SECURE  = 1 << 0,	/* read into smem_alloc memory */
	FILEIO_PRIVATE = 1 << 1,	/* refuse a file readable by group/other */
	FILEIO_REPLACE = 1 << 2	/* write: allow replacing an existing file */
};

/*
 * Reads the whole file at path into a new buffer of at most max bytes.
 * The buffer is one byte longer than *len and NUL-terminated, so text
 * parsers may use it as a string after checking for embedded NULs.
 * With FILEIO_SECURE the buffer comes from smem_alloc() and must be freed
 * with smem_free(); otherwise from malloc(), freed with free().
 * With FILEIO_PRIVATE, a file whose mode grants any group or other bits
 * gives SNT_ERR_PERM and is not read.
 * Errors: SNT_ERR_NOT_FOUND, SNT_ERR_TOO_LARGE, SNT_ERR_PERM, SNT_ERR_IO,
 * SNT_ERR_NOMEM. On error *out is NULL.
 */
int fileio_read(const char *path, size_t max, int flags,
    uint8_t **out, size_t *len);

/*
 * Writes len bytes to path so that a crash leaves either the old file or
 * the complete new one: a temporary file created O_EXCL with mode 0600 in
 * the same directory, written, fsync()ed, then renamed over path (or, without
 * FILEIO_REPLACE, linked to path so an existing file gives SNT_ERR_EXISTS),
 * and the directory fsync()ed.
 * Errors: SNT_ERR_EXISTS, SNT_ERR_DISK_FULL, SNT_ERR_IO.
 */
int fileio_write_atomic(const char *path, const void *buf, size_t len,
    int flags);

/* Frees a buffer from fileio_read with the matching allocator. */
void fileio_free(uint8_t *buf, size_t len, int flags);

#endif

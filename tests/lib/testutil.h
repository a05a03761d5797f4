/* testutil.h — helpers shared by the cmocka unit tests. */
#ifndef SINETTI_TESTUTIL_H
#define SINETTI_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Makes a fresh 0700 directory under /tmp; returns a malloc()ed path. */
char *tu_tmpdir(void);
/* rm -rf of a directory made by tu_tmpdir, and frees the path. */
void tu_rmdir(char *path);
/* Writes a file (mode 0600). Returns 0 or -1. */
int tu_write_file(const char *path, const void *buf, size_t len);
/* 1 if needle occurs in hay. */
int tu_memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);

#endif

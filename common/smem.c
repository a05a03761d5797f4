/* smem.c — secure memory over libsodium, and process hardening. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/smem.h"

int
smem_init(void)
{
	return sodium_init() < 0 ? SNT_ERR_INTERNAL : 0;
}

/*
 * Each sodium_malloc is an mmap, two mprotects and an mlock, and each
 * sodium_free a wipe and an munmap that makes the kernel flush the other
 * cores' TLBs. On the gateway's request path (body, form fields, record,
 * receipt, page) that was a third of all CPU time (docs/performance.md).
 * So freed blocks of up to CACHE_MAX bytes are wiped and kept, CACHE_PER
 * per size class and thread, for the next smem_alloc of that class on the
 * same thread: still sodium_malloc pages (locked, guard page after), still
 * wiped as soon as they are freed.
 *
 * A block of class C (a power of two) holds a request of n bytes at its
 * end, so the guard page still follows the last byte: p = base + C - n.
 * The HDR bytes before p record base, C and n, with a check value that
 * smem_free checks (a write before p is caught there, as libsodium's
 * canary catches it). Requests too large for a class go straight to
 * sodium_malloc with the same header.
 */
#define HDR		((size_t)32)
#define HDR_MAGIC	UINT64_C(0x736e742d736d656d)	/* "snt-smem" */
#define CLASS_MIN_LOG	8	/* 256 bytes */
#define CLASS_MAX_LOG	16	/* 64 KiB: larger blocks are not kept */
#define CACHE_MAX	((size_t)1 << CLASS_MAX_LOG)
#define NCLASS		(CLASS_MAX_LOG - CLASS_MIN_LOG + 1)
/* Up to CACHE_PER blocks a class and CACHE_BYTES of pages a thread: the
 * gateway holds a few blocks for each of up to 64+ submissions waiting
 * for their group commit, and frees them in bursts when the batch is on
 * disk; 4 a class was measured to miss most of the time under load. */
#define CACHE_PER	128
#define CACHE_BYTES	((size_t)2 << 20)

struct smem_cache {
	void *blk[NCLASS][CACHE_PER];
	unsigned n[NCLASS];
	size_t bytes;	/* pages held, as block_cost() counts them */
};

/* The locked pages a block of class size csize holds (sodium adds a
 * canary and rounds up to whole pages; the guard pages are not resident). */
static size_t
block_cost(size_t csize)
{
	return (csize + 16 + 4095) & ~(size_t)4095;
}

static _Thread_local struct smem_cache *tcache;
/* Set once this thread's cache is released at exit: later frees on the
 * way out (other destructors) go straight to sodium_free. */
static _Thread_local int tcache_gone;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

/* Frees every kept block (already wiped); returns how many there were. */
static size_t
cache_drop(struct smem_cache *c)
{
	size_t dropped = 0;
	unsigned k, i;

	for (k = 0; k < NCLASS; k++) {
		for (i = 0; i < c->n[k]; i++)
			sodium_free(c->blk[k][i]);
		dropped += c->n[k];
		c->n[k] = 0;
	}
	c->bytes = 0;
	return dropped;
}

/* At thread exit: the blocks are already wiped; give them back. */
static void
cache_release(void *arg)
{
	/* The destructor runs on the exiting thread itself, so this thread's
	 * pointer must not outlive the memory it points to. */
	tcache = NULL;
	tcache_gone = 1;
	cache_drop(arg);
	free(arg);
}

static void
cache_key_init(void)
{
	cache_key_ok = pthread_key_create(&cache_key, cache_release) == 0;
}

static struct smem_cache *
cache_get(void)
{
	if (tcache != NULL)
		return tcache;
	if (tcache_gone)
		return NULL;
	if (pthread_once(&cache_once, cache_key_init) != 0 || !cache_key_ok)
		return NULL;
	if ((tcache = calloc(1, sizeof(*tcache))) == NULL)
		return NULL;
	if (pthread_setspecific(cache_key, tcache) != 0) {
		free(tcache);
		tcache = NULL;
	}
	return tcache;
}

/* Size class index for a block of at least need bytes, or -1. */
static int
class_of(size_t need, size_t *csize)
{
	int k;

	for (k = 0; k < NCLASS; k++) {
		*csize = (size_t)1 << (CLASS_MIN_LOG + k);
		if (need <= *csize)
			return k;
	}
	*csize = need;
	return -1;
}

void *
smem_alloc(size_t n)
{
	struct smem_cache *c;
	uint8_t *base = NULL, *p;
	uint64_t h[4];
	size_t csize;
	int k;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - HDR)
		return NULL;
	k = class_of(n + HDR, &csize);
	if (k >= 0 && (c = cache_get()) != NULL && c->n[k] > 0) {
		base = c->blk[k][--c->n[k]];
		c->bytes -= block_cost(csize);
	}
	if (base == NULL && (base = sodium_malloc(csize)) == NULL) {
		/* Out of mappings (vm.max_map_count: each block is several)
		 * or of memory: give this thread's kept blocks back, retry. */
		if ((c = tcache) == NULL || cache_drop(c) == 0 ||
		    (base = sodium_malloc(csize)) == NULL)
			return NULL;
	}
	p = base + (csize - n);
	h[0] = (uint64_t)(uintptr_t)base;
	h[1] = (uint64_t)csize;
	h[2] = (uint64_t)n;
	h[3] = HDR_MAGIC ^ h[0] ^ h[1] ^ h[2];
	memcpy(p - HDR, h, HDR);
	return p;
}

void *
smem_calloc(size_t n)
{
	void *p = smem_alloc(n);

	if (p != NULL)
		sodium_memzero(p, n == 0 ? 1 : n);
	return p;
}

void
smem_free(void *p)
{
	struct smem_cache *c;
	uint8_t *base;
	uint64_t h[4];
	size_t csize, n;
	int k;

	if (p == NULL)
		return;
	memcpy(h, (uint8_t *)p - HDR, HDR);
	if (h[3] != (HDR_MAGIC ^ h[0] ^ h[1] ^ h[2]))
		abort();	/* written before the block, or not ours */
	base = (uint8_t *)(uintptr_t)h[0];
	csize = (size_t)h[1];
	n = (size_t)h[2];
	if (n > csize - HDR || base + csize != (uint8_t *)p + n)
		abort();
	/* only the header and the request were used since the last wipe */
	sodium_memzero((uint8_t *)p - HDR, HDR + n);
	k = class_of(csize, &csize);
	if (k >= 0 && (c = cache_get()) != NULL && c->n[k] < CACHE_PER &&
	    c->bytes + block_cost(csize) <= CACHE_BYTES) {
		c->blk[k][c->n[k]++] = base;
		c->bytes += block_cost(csize);
		return;
	}
	sodium_free(base);
}

void
smem_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		sodium_memzero(p, n);
}

void *
smem_dup(const void *src, size_t n)
{
	void *p = smem_alloc(n);

	if (p != NULL && n > 0)
		memcpy(p, src, n);
	return p;
}

/* Can this process lock all future pages without later malloc failures? */
static int
can_lock_all(void)
{
	struct rlimit rl;

	if (geteuid() == 0)
		return 1;	/* root holds CAP_IPC_LOCK unless dropped */
	if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		return 0;
	return rl.rlim_cur == RLIM_INFINITY;
}

int
smem_harden_process(enum smem_lock lock, int *locked)
{
	struct rlimit none = { 0, 0 };

	if (locked != NULL)
		*locked = 0;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return SNT_ERR_IO;
	if (setrlimit(RLIMIT_CORE, &none) != 0)
		return SNT_ERR_IO;
	if (lock == SMEM_LOCK_NONE)
		return 0;
	if (can_lock_all() && mlockall(MCL_CURRENT | MCL_FUTURE) == 0) {
		if (locked != NULL)
			*locked = 1;
		return 0;
	}
	return lock == SMEM_LOCK_MUST ? SNT_ERR_IO : 0;
}

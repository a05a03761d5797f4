/* smem.c — secure memory over libsodium, and process hardening. */
#include <errno.h>
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

void *
smem_alloc(size_t n)
{
	return sodium_malloc(n == 0 ? 1 : n);
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
	if (p != NULL)
		sodium_free(p);
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

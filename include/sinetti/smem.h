/*
 * smem.h — secure memory and process hardening.
 *
 * Keys and plaintext live in smem_alloc() memory: libsodium's guarded,
 * mlock()ed pages, which are wiped when freed. Processes that hold plaintext
 * or keys call smem_harden_process() first thing in main().
 */
#ifndef SINETTI_SMEM_H
#define SINETTI_SMEM_H

#include <stddef.h>

/*
 * Initialises libsodium. Call once before any other Sinetti function.
 * Returns 0, or SNT_ERR_INTERNAL if libsodium cannot start.
 */
int smem_init(void);

/*
 * Allocates n bytes of guarded, locked memory (sodium_malloc). Returns NULL
 * on failure. The caller owns the memory and frees it with smem_free().
 */
void *smem_alloc(size_t n);

/* Like smem_alloc, and the bytes are zero. */
void *smem_calloc(size_t n);

/* Wipes and frees memory from smem_alloc. NULL is accepted. */
void smem_free(void *p);

/* sodium_memzero for a stack or heap copy; NULL with n == 0 is accepted. */
void smem_wipe(void *p, size_t n);

/* Copies n bytes into a fresh smem_alloc buffer; NULL on failure. */
void *smem_dup(const void *src, size_t n);

enum smem_lock {
	SMEM_LOCK_NONE = 0,	/* only per-allocation locking by sodium */
	SMEM_LOCK_TRY  = 1,	/* mlockall if the limit allows, else go on */
	SMEM_LOCK_MUST = 2	/* mlockall or fail with SNT_ERR_IO */
};

/*
 * Makes the process unfit to leak secrets: not dumpable and not ptrace-able
 * by other users (PR_SET_DUMPABLE 0), no core files (RLIMIT_CORE 0), and,
 * depending on lock, all current and future pages locked in RAM.
 * MCL_FUTURE is only attempted when RLIMIT_MEMLOCK is unlimited or the
 * process has CAP_IPC_LOCK, because otherwise later allocations would start
 * failing. Sets *locked (if not NULL) to 1 when mlockall succeeded.
 * Returns 0 or SNT_ERR_IO.
 */
int smem_harden_process(enum smem_lock lock, int *locked);

#endif

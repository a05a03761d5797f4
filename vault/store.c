/*
 * store.c — the gateway's vault in LMDB.
 *
 * Threads. LMDB lets mdb_env_set_mapsize() run only while this process has
 * no transaction open, so every transaction here holds `resize` for
 * reading and growing the map takes it for writing (writer-preferring, so
 * a stream of readers cannot starve growth). Writers are serialised by
 * `wlock` (LMDB would serialise them anyway; the mutex keeps the
 * grow-and-retry loop simple). In the gateway the committer thread is the
 * only writer.
 *
 * Durability. The environment is opened without MDB_NOSYNC, MDB_NOMETASYNC,
 * MDB_WRITEMAP or MDB_NOMEMINIT: every commit is fully synced, and pages
 * written to disk never carry stale heap memory.
 *
 * Failures. A failed write or sync aborts the transaction: the committed
 * state on disk is the previous one, nothing of the batch remains, and the
 * callers get SNT_ERR_DISK_FULL or SNT_ERR_IO. LMDB reports a short write
 * (what a full disk usually gives) as EIO, so EIO on a nearly full
 * filesystem is reported as SNT_ERR_DISK_FULL. After MDB_PANIC (LMDB could
 * not write its meta page and declared the environment unusable) or a
 * corrupted page, the store refuses every later write (SNT_ERR_PANIC): the
 * gateway exits and its supervisor restarts it; reopening runs LMDB's
 * recovery.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <lmdb.h>

#include "sinetti/bundle.h"
#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/store.h"
#include "store_int.h"

#define STORE_MAGIC "sinetti-vault"
#define STORE_SCHEMA 1u
#define MAP_INITIAL_DEFAULT ((size_t)64 << 20)
#define MAP_MAX_DEFAULT ((size_t)4 << 30)
/* Acks and purges may grow the map this far past map_max, so a vault that
 * filled up can still be emptied. */
#define MAP_RESERVE_MIN ((size_t)1 << 20)

struct store {
	MDB_env *env;
	MDB_dbi meta, envs, lookup, state, acks;
	MDB_dbi bylookup, reply;	/* follow-up (store_int.h) */
	int fu_missing;		/* a read-only vault made before them */
	pthread_mutex_t wlock;
	pthread_rwlock_t resize;
	size_t map_max;
	int readonly;
	atomic_int panicked;
	int locks_made;
	atomic_uint commits;	/* see store_release_map() */
	unsigned int released;	/* commits at the last release, under
				 * release_lock */
	pthread_mutex_t release_lock;
	char *dir;
};

/* LMDB's MDB_val has a non-const pointer, but mdb_put and mdb_get never
 * write through keys or data passed in. */
static void *
unconst(const void *p)
{
	union { const void *c; void *v; } u;

	u.c = p;
	return u.v;
}

static int
is_snt_code(int rc)
{
	return rc < 0 && rc > SNT_ERR_LAST - 100;
}

/* 1 if the vault's filesystem has less than 1 MiB left for us. */
static int
nearly_full(struct store *s)
{
	struct statvfs v;
	mdb_filehandle_t fd;

	/* fstatvfs on LMDB's own descriptor: the serving gateway has dropped
	 * privileges and runs under seccomp, where a path lookup is refused. */
	if (mdb_env_get_fd(s->env, &fd) != 0 || fstatvfs(fd, &v) != 0)
		return 0;
	return (uint64_t)v.f_bavail * v.f_frsize < ((uint64_t)1 << 20);
}

/* Maps an LMDB or errno result to an snt code; marks the store panicked
 * for the failures after which writing on would be unsafe. */
static int
map_err(struct store *s, int rc)
{
	if (rc == 0)
		return 0;
	if (is_snt_code(rc))
		return rc;
	switch (rc) {
	case MDB_MAP_FULL:
		return SNT_ERR_MAP_FULL;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:	/* the file may not grow (RLIMIT_FSIZE): same remedy */
		return SNT_ERR_DISK_FULL;
	case ENOMEM:
		return SNT_ERR_NOMEM;
	case MDB_KEYEXIST:
		return SNT_ERR_EXISTS;
	case MDB_NOTFOUND:
		return SNT_ERR_NOT_FOUND;
	case EIO:
		return s != NULL && nearly_full(s) ? SNT_ERR_DISK_FULL :
		    SNT_ERR_IO;
	case MDB_PANIC:
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_BAD_TXN:
	case MDB_INVALID:
		if (s != NULL)
			atomic_store(&s->panicked, 1);
		return SNT_ERR_PANIC;
	default:
		return rc > 0 ? SNT_ERR_IO : SNT_ERR_STORE;
	}
}

/* --------------------------------------------------------- map size */

static size_t
map_size(struct store *s)
{
	MDB_envinfo info;

	if (mdb_env_info(s->env, &info) != 0)
		return 0;
	return info.me_mapsize;
}

/* Adopts a size another process grew the map to (MDB_MAP_RESIZED). */
static int
adopt_size(struct store *s)
{
	int rc;

	pthread_rwlock_wrlock(&s->resize);
	rc = mdb_env_set_mapsize(s->env, 0);
	pthread_rwlock_unlock(&s->resize);
	return rc;
}

/* Doubles the map, up to limit. Returns 0 or SNT_ERR_MAP_FULL. */
static int
grow(struct store *s, size_t limit)
{
	size_t cur, next;
	int r = 0;

	pthread_rwlock_wrlock(&s->resize);
	cur = map_size(s);
	if (cur == 0 || cur >= limit) {
		r = SNT_ERR_MAP_FULL;
		goto out;
	}
	next = cur > limit / 2 ? limit : cur * 2;
	if (mdb_env_set_mapsize(s->env, next) != 0)
		r = SNT_ERR_MAP_FULL;
out:
	pthread_rwlock_unlock(&s->resize);
	return r;
}

/* ---------------------------------------------------- transactions */

static int
read_begin(struct store *s, MDB_txn **txn)
{
	int rc;

	for (;;) {
		pthread_rwlock_rdlock(&s->resize);
		rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
		if (rc == 0)
			return 0;
		pthread_rwlock_unlock(&s->resize);
		if (rc != MDB_MAP_RESIZED)
			return map_err(NULL, rc);
		if ((rc = adopt_size(s)) != 0)
			return map_err(NULL, rc);
	}
}

static void
read_end(struct store *s, MDB_txn *txn)
{
	mdb_txn_abort(txn);
	pthread_rwlock_unlock(&s->resize);
}

/*
 * Memory. Every write transaction reads the branch and leaf pages it
 * changes through LMDB's read-only map, and each such page fault also maps
 * up to 15 neighbouring pages that are in the page cache (the kernel's
 * fault-around): mostly envelopes just written with pwrite, which this
 * process never reads. They stay mapped and count in its RSS (file-backed):
 * 200 MiB after 100,000 envelopes. MDB_NORDAHEAD (LMDB then
 * madvise(MADV_RANDOM)s the map) does not change that on Linux 6.18:
 * MADV_RANDOM turns off readahead, not fault-around (94 vs 97 MiB after
 * 40,000 envelopes). store_release_map() gives them back; see store.h.
 */

/*
 * The address of the map. LMDB does not give it (mdb_env_info's me_mapaddr
 * is only the MDB_FIXEDMAP address, NULL here), but the map is a view of
 * data.mdb, a read transaction's keys point into it, and in the file
 * format every page begins with its own page number. So the page holding
 * the meta database's first key, less that many pages, is the map's
 * start; it is used only if page 0 there is the meta page (LMDB's magic
 * after the 16-byte page header). Called with `resize` held.
 */
#define LMDB_PAGE_HEADER 16
#define LMDB_MAGIC 0xBEEFC0DEu

static uint8_t *
map_start(struct store *s)
{
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	MDB_stat st;
	MDB_envinfo info;
	uintptr_t page, psize;
	size_t pgno;
	uint32_t magic;
	uint8_t *start = NULL;

	if (mdb_env_stat(s->env, &st) != 0 || mdb_env_info(s->env, &info) != 0 ||
	    mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
		return NULL;
	psize = st.ms_psize;
	if (psize == 0 || (psize & (psize - 1)) != 0 ||
	    mdb_cursor_open(txn, s->meta, &cur) != 0 ||
	    mdb_cursor_get(cur, &k, &v, MDB_FIRST) != 0)
		goto out;
	page = (uintptr_t)k.mv_data & ~(psize - 1);
	memcpy(&pgno, (const void *)page, sizeof(pgno));
	if (pgno == 0 || pgno > info.me_last_pgno || page / psize < pgno)
		goto out;
	memcpy(&magic, (const uint8_t *)(page - pgno * psize) +
	    LMDB_PAGE_HEADER, sizeof(magic));
	if (magic == LMDB_MAGIC)
		start = (uint8_t *)(page - pgno * psize);
out:
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return start;
}

/*
 * MADV_DONTNEED of the whole map is safe because the map is read-only and
 * MAP_SHARED (never MDB_WRITEMAP): it removes only this process's page
 * table entries; the pages stay in the page cache, nothing is discarded or
 * written, and the next access by any thread, a reader in the middle of a
 * transaction included, faults the same bytes back in. `resize` is held
 * for reading, so the map cannot be moved or unmapped meanwhile. A failure
 * only leaves the pages mapped, so it is ignored.
 */
void
store_release_map(struct store *s)
{
	MDB_envinfo info;
	unsigned int c;
	uint8_t *start;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->release_lock);
	c = atomic_load(&s->commits);
	if (c != s->released) {
		s->released = c;
		pthread_rwlock_rdlock(&s->resize);
		if (mdb_env_info(s->env, &info) == 0 &&
		    (start = map_start(s)) != NULL)
			(void)madvise(start, info.me_mapsize, MADV_DONTNEED);
		pthread_rwlock_unlock(&s->resize);
	}
	pthread_mutex_unlock(&s->release_lock);
}

typedef int (*write_fn)(struct store *s, MDB_txn *txn, void *arg);

/*
 * Runs fn in a write transaction and commits it with full sync. On
 * MDB_MAP_FULL the transaction is aborted (nothing of it remains), the map
 * grown up to limit, and fn run again from the start.
 */
static int
write_txn(struct store *s, write_fn fn, void *arg, size_t limit)
{
	MDB_txn *txn;
	int rc, r;

	if (s->readonly)
		return SNT_ERR_PERM;
	pthread_mutex_lock(&s->wlock);
	for (;;) {
		if (atomic_load(&s->panicked)) {
			r = SNT_ERR_PANIC;
			break;
		}
		pthread_rwlock_rdlock(&s->resize);
		rc = mdb_txn_begin(s->env, NULL, 0, &txn);
		if (rc == 0) {
			if ((rc = fn(s, txn, arg)) != 0)
				mdb_txn_abort(txn);
			else if ((rc = mdb_txn_commit(txn)) == 0)
				atomic_fetch_add(&s->commits, 1);
		}
		pthread_rwlock_unlock(&s->resize);
		if (rc == MDB_MAP_RESIZED) {
			if ((rc = adopt_size(s)) == 0)
				continue;
		} else if (rc == MDB_MAP_FULL) {
			if (grow(s, limit) == 0)
				continue;
		}
		r = map_err(s, rc);
		break;
	}
	pthread_mutex_unlock(&s->wlock);
	return r;
}

static size_t
purge_limit(const struct store *s)
{
	size_t reserve = s->map_max / 8;

	if (reserve < MAP_RESERVE_MIN)
		reserve = MAP_RESERVE_MIN;
	if (SIZE_MAX - s->map_max < reserve)
		return SIZE_MAX;
	return s->map_max + reserve;
}

/* ------------------------------------------------------------ open */

/* 1 if dir has entries other than . and .. */
static int
dir_has_entries(const char *dir)
{
	DIR *d;
	struct dirent *e;
	int any = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			any = 1;
			break;
		}
	closedir(d);
	return any;
}

/* Decides whether dir may be opened or created as a vault. *fresh is set
 * when an empty vault will be created. */
static int
check_dir(const char *dir, int create, int *fresh)
{
	struct stat st;
	char path[PATH_MAX];
	int n;

	*fresh = 0;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT)
			return snt_from_errno(errno);
		if (!create)
			return SNT_ERR_NOT_VAULT;
		if (mkdir(dir, 0700) != 0)
			return snt_from_errno(errno);
		*fresh = 1;
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return SNT_ERR_NOT_VAULT;
	n = snprintf(path, sizeof(path), "%s/data.mdb", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return SNT_ERR_INVALID;
	if (stat(path, &st) == 0)
		return S_ISREG(st.st_mode) ? 0 : SNT_ERR_NOT_VAULT;
	if (errno != ENOENT)
		return snt_from_errno(errno);
	/* No vault here. Create one only in an empty directory, never among
	 * someone else's files. */
	if (!create || dir_has_entries(dir) != 0)
		return SNT_ERR_NOT_VAULT;
	*fresh = 1;
	return 0;
}

static int
open_dbis(struct store *s, MDB_txn *txn, unsigned int flags)
{
	int rc;

	if ((rc = mdb_dbi_open(txn, "meta", flags, &s->meta)) != 0 ||
	    (rc = mdb_dbi_open(txn, "env", flags, &s->envs)) != 0 ||
	    (rc = mdb_dbi_open(txn, "lookup", flags, &s->lookup)) != 0 ||
	    (rc = mdb_dbi_open(txn, "state", flags, &s->state)) != 0 ||
	    (rc = mdb_dbi_open(txn, "acks", flags, &s->acks)) != 0)
		return rc;
	return 0;
}

static int
open_fu(struct store *s, MDB_txn *txn, unsigned int flags)
{
	int rc;

	if ((rc = mdb_dbi_open(txn, "bylookup", flags, &s->bylookup)) != 0 ||
	    (rc = mdb_dbi_open(txn, "reply", flags, &s->reply)) != 0)
		return rc;
	return 0;
}

/* Adds the follow-up tables to a vault made before them, indexing the
 * lookup ids it already holds. */
static int
make_fu(struct store *s, MDB_txn *txn, void *arg)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	(void)arg;
	if ((rc = open_fu(s, txn, MDB_CREATE)) != 0 ||
	    (rc = mdb_cursor_open(txn, s->lookup, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
		if ((rc = mdb_put(txn, s->bylookup, &v, &k, 0)) != 0)
			break;
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int
init_meta(struct store *s, MDB_txn *txn, void *arg)
{
	MDB_val k, v;
	uint8_t schema[4] = { 0, 0, 0, STORE_SCHEMA };
	int rc;

	(void)arg;
	if ((rc = open_dbis(s, txn, MDB_CREATE)) != 0 ||
	    (rc = open_fu(s, txn, MDB_CREATE)) != 0)
		return rc;
	k.mv_data = (void *)"magic";
	k.mv_size = 5;
	v.mv_data = (void *)STORE_MAGIC;
	v.mv_size = strlen(STORE_MAGIC);
	if ((rc = mdb_put(txn, s->meta, &k, &v, 0)) != 0)
		return rc;
	k.mv_data = (void *)"schema";
	k.mv_size = 6;
	v.mv_data = schema;
	v.mv_size = sizeof(schema);
	return mdb_put(txn, s->meta, &k, &v, 0);
}

static int
check_meta(struct store *s)
{
	MDB_txn *txn = NULL;
	MDB_val k, v;
	const uint8_t *p;
	int rc, r;

	if ((r = read_begin(s, &txn)) != 0)
		return r;
	rc = mdb_dbi_open(txn, "meta", 0, &s->meta);
	if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE) {
		r = SNT_ERR_NOT_VAULT;
		goto out;
	}
	if (rc != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	k.mv_data = (void *)"magic";
	k.mv_size = 5;
	if (mdb_get(txn, s->meta, &k, &v) != 0 ||
	    v.mv_size != strlen(STORE_MAGIC) ||
	    memcmp(v.mv_data, STORE_MAGIC, v.mv_size) != 0) {
		r = SNT_ERR_NOT_VAULT;
		goto out;
	}
	k.mv_data = (void *)"schema";
	k.mv_size = 6;
	if (mdb_get(txn, s->meta, &k, &v) != 0 || v.mv_size != 4) {
		r = SNT_ERR_NOT_VAULT;
		goto out;
	}
	p = v.mv_data;
	if (((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]) != STORE_SCHEMA) {
		r = SNT_ERR_SCHEMA;
		goto out;
	}
	if ((rc = open_dbis(s, txn, 0)) != 0) {
		r = rc == MDB_NOTFOUND ? SNT_ERR_NOT_VAULT : map_err(NULL, rc);
		goto out;
	}
	if ((rc = open_fu(s, txn, 0)) == MDB_NOTFOUND)
		s->fu_missing = 1;
	else if (rc != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	/* Committing a read transaction makes its dbi handles usable by
	 * later transactions. */
	rc = mdb_txn_commit(txn);
	txn = NULL;
	pthread_rwlock_unlock(&s->resize);
	r = map_err(NULL, rc);
out:
	if (txn != NULL)
		read_end(s, txn);
	return r;
}

static int
env_is_empty(struct store *s)
{
	MDB_stat st;

	return mdb_env_stat(s->env, &st) == 0 && st.ms_entries == 0;
}

int
store_open(struct store **sp, const char *dir, const struct store_opts *o)
{
	static const struct store_opts defaults;
	struct store *s = NULL;
	pthread_rwlockattr_t ra;
	size_t initial;
	int fresh = 0, rc, r, dead;
	unsigned int flags;

	*sp = NULL;
	if (o == NULL)
		o = &defaults;
	if (o->readonly && o->create)
		return SNT_ERR_INVALID;
	if ((r = check_dir(dir, o->create, &fresh)) != 0)
		return r;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->dir = strdup(dir)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	s->readonly = o->readonly;
	s->map_max = o->map_max ? o->map_max : MAP_MAX_DEFAULT;
	initial = o->map_initial ? o->map_initial : MAP_INITIAL_DEFAULT;
	if (initial > s->map_max)
		initial = s->map_max;
	pthread_mutex_init(&s->wlock, NULL);
	pthread_mutex_init(&s->release_lock, NULL);
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra,
	    PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&s->resize, &ra);
	pthread_rwlockattr_destroy(&ra);
	s->locks_made = 1;
	if ((rc = mdb_env_create(&s->env)) != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	if ((rc = mdb_env_set_maxdbs(s->env, 8)) != 0 ||
	    (rc = mdb_env_set_mapsize(s->env, initial)) != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	/* MDB_NOTLS: reader slots belong to transactions, not threads, so
	 * the gateway's many threads do not each pin a slot. */
	flags = MDB_NOTLS | (o->readonly ? MDB_RDONLY : 0);
	rc = mdb_env_open(s->env, dir, flags, 0600);
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
		r = SNT_ERR_NOT_VAULT;
		goto out;
	}
	if (rc != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	/* Slots left by crashed processes would pin old pages forever. */
	if ((rc = mdb_reader_check(s->env, &dead)) != 0) {
		r = map_err(NULL, rc);
		goto out;
	}
	if (fresh)
		r = write_txn(s, init_meta, NULL, s->map_max);
	else
		r = check_meta(s);
	/* A create that crashed between making data.mdb and committing the
	 * meta database leaves an LMDB environment with nothing in it:
	 * finish the job rather than call it foreign forever. */
	if (r == SNT_ERR_NOT_VAULT && o->create && env_is_empty(s))
		r = write_txn(s, init_meta, NULL, s->map_max);
	if (r == 0 && s->fu_missing && !s->readonly) {
		r = write_txn(s, make_fu, NULL, s->map_max);
		s->fu_missing = r != 0;
	}
	if (r != 0)
		goto out;
	*sp = s;
	s = NULL;
out:
	store_close(s);
	return r;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->env != NULL)
		mdb_env_close(s->env);
	if (s->locks_made) {
		pthread_mutex_destroy(&s->wlock);
		pthread_mutex_destroy(&s->release_lock);
		pthread_rwlock_destroy(&s->resize);
	}
	free(s->dir);
	free(s);
}

/* ----------------------------------------------------------- writes */

struct batch {
	const struct store_item *items;
	size_t n;
};

static int
put_items(struct store *s, MDB_txn *txn, void *arg)
{
	const struct batch *b = arg;
	MDB_val k, v;
	size_t i;
	int rc;

	for (i = 0; i < b->n; i++) {
		k.mv_data = unconst(b->items[i].id);
		k.mv_size = ENVELOPE_ID_BYTES;
		v.mv_data = unconst(b->items[i].env);
		v.mv_size = b->items[i].env_len;
		if ((rc = mdb_put(txn, s->envs, &k, &v, MDB_NOOVERWRITE)) != 0)
			return rc;
		if (!b->items[i].has_lookup)
			continue;
		v.mv_data = unconst(b->items[i].lookup);
		v.mv_size = RECEIPT_LOOKUP_BYTES;
		if ((rc = mdb_put(txn, s->lookup, &k, &v, 0)) != 0 ||
		    (rc = mdb_put(txn, s->bylookup, &v, &k, 0)) != 0)
			return rc;
	}
	return 0;
}

int
store_put_batch(struct store *s, const struct store_item *items, size_t n)
{
	struct envelope_header h;
	struct batch b;
	size_t i;

	for (i = 0; i < n; i++)
		if (envelope_parse_header(items[i].env, items[i].env_len,
		    &h) != 0)
			return SNT_ERR_INVALID;
	if (n == 0)
		return 0;
	b.items = items;
	b.n = n;
	return write_txn(s, put_items, &b, s->map_max);
}

/* ------------------------------------------------------------ reads */

int
store_count(struct store *s, size_t *all, size_t *unacked)
{
	MDB_txn *txn;
	MDB_stat es, ss;
	int rc, r;

	*all = *unacked = 0;
	if ((r = read_begin(s, &txn)) != 0)
		return r;
	if ((rc = mdb_stat(txn, s->envs, &es)) == 0 &&
	    (rc = mdb_stat(txn, s->state, &ss)) == 0) {
		*all = es.ms_entries;
		/* state rows exist only for held, acknowledged envelopes */
		*unacked = es.ms_entries >= ss.ms_entries ?
		    es.ms_entries - ss.ms_entries : 0;
	}
	read_end(s, txn);
	return map_err(NULL, rc);
}

int
store_foreach_unacked(struct store *s, store_visit_fn fn, void *ctx)
{
	MDB_txn *txn;
	MDB_cursor *cur = NULL;
	MDB_val k, v, sv;
	int rc, r;

	if ((r = read_begin(s, &txn)) != 0)
		return r;
	if ((rc = mdb_cursor_open(txn, s->envs, &cur)) != 0)
		goto out;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != ENVELOPE_ID_BYTES) {
			rc = MDB_CORRUPTED;
			goto out;
		}
		if ((rc = mdb_get(txn, s->state, &k, &sv)) == 0)
			continue;
		if (rc != MDB_NOTFOUND)
			goto out;
		if ((r = fn(ctx, k.mv_data, v.mv_data, v.mv_size)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (rc == MDB_NOTFOUND)
		rc = 0;
out:
	mdb_cursor_close(cur);
	read_end(s, txn);
	/* A corrupt page seen by a reader is reported, but only a failed
	 * write panics the store. */
	return map_err(NULL, rc);
}

int
store_get(struct store *s, const uint8_t id[ENVELOPE_ID_BYTES],
    uint8_t **env, size_t *env_len)
{
	MDB_txn *txn;
	MDB_val k, v;
	int rc, r;

	*env = NULL;
	*env_len = 0;
	if ((r = read_begin(s, &txn)) != 0)
		return r;
	k.mv_data = unconst(id);
	k.mv_size = ENVELOPE_ID_BYTES;
	if ((rc = mdb_get(txn, s->envs, &k, &v)) == 0) {
		if ((*env = malloc(v.mv_size ? v.mv_size : 1)) == NULL)
			rc = ENOMEM;
		else {
			memcpy(*env, v.mv_data, v.mv_size);
			*env_len = v.mv_size;
		}
	}
	read_end(s, txn);
	return map_err(NULL, rc);
}

int
store_disk_size(struct store *s, uint64_t *bytes)
{
	struct stat st;
	mdb_filehandle_t fd;

	*bytes = 0;
	/* fstat, not stat: see nearly_full(). */
	if (mdb_env_get_fd(s->env, &fd) != 0)
		return SNT_ERR_STORE;
	if (fstat(fd, &st) != 0)
		return snt_from_errno(errno);
	*bytes = (uint64_t)st.st_size;
	return 0;
}

int
store_panicked(struct store *s)
{
	return atomic_load(&s->panicked);
}

/* ------------------------------------------------------------- acks */

struct ack_job {
	const struct ack *a;
	int purge;
	size_t marked, purged;
};

static int
apply_ids(struct store *s, MDB_txn *txn, void *arg)
{
	struct ack_job *j = arg;
	static const uint8_t one = 1;
	MDB_val k, v;
	size_t i, n = ack_count(j->a);
	int rc;

	j->marked = j->purged = 0;
	k.mv_data = unconst(ack_digest(j->a));
	k.mv_size = BUNDLE_HASH_BYTES;
	if ((rc = mdb_get(txn, s->acks, &k, &v)) == 0)
		return SNT_ERR_REPLAY;
	if (rc != MDB_NOTFOUND)
		return rc;
	v.mv_data = unconst(&one);
	v.mv_size = 1;
	if ((rc = mdb_put(txn, s->acks, &k, &v, 0)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		k.mv_data = unconst(ack_id(j->a, i));
		k.mv_size = ENVELOPE_ID_BYTES;
		if ((rc = mdb_get(txn, s->envs, &k, &v)) == MDB_NOTFOUND)
			continue;	/* not held (purged or never here) */
		if (rc != 0)
			return rc;
		rc = mdb_get(txn, s->state, &k, &v);
		if (rc != 0 && rc != MDB_NOTFOUND)
			return rc;
		if (rc == MDB_NOTFOUND)
			j->marked++;
		if (j->purge) {
			if ((rc = mdb_del(txn, s->envs, &k, NULL)) != 0)
				return rc;
			rc = mdb_del(txn, s->state, &k, NULL);
			if (rc != 0 && rc != MDB_NOTFOUND)
				return rc;
			j->purged++;
			continue;
		}
		v.mv_data = unconst(&one);
		v.mv_size = 1;
		if ((rc = mdb_put(txn, s->state, &k, &v, 0)) != 0)
			return rc;
	}
	return 0;
}

int
store_apply_ack(struct store *s, const struct ack *a, int purge,
    size_t *marked, size_t *purged)
{
	struct ack_job j;
	int r;

	if (marked != NULL)
		*marked = 0;
	if (purged != NULL)
		*purged = 0;
	memset(&j, 0, sizeof(j));
	j.a = a;
	j.purge = purge;
	if ((r = write_txn(s, apply_ids, &j, purge_limit(s))) != 0)
		return r;
	if (marked != NULL)
		*marked = j.marked;
	if (purged != NULL)
		*purged = j.purged;
	return 0;
}

static int
purge_all(struct store *s, MDB_txn *txn, void *arg)
{
	size_t *purged = arg;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	*purged = 0;
	if ((rc = mdb_cursor_open(txn, s->state, &cur)) != 0)
		return rc;
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST)) == 0) {
		rc = mdb_del(txn, s->envs, &k, NULL);
		if (rc != 0 && rc != MDB_NOTFOUND)
			break;
		if ((rc = mdb_cursor_del(cur, 0)) != 0)
			break;
		(*purged)++;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
store_purge_acked(struct store *s, size_t *purged)
{
	size_t n = 0;
	int r;

	r = write_txn(s, purge_all, &n, purge_limit(s));
	if (purged != NULL)
		*purged = r == 0 ? n : 0;
	return r;
}

/* ------------------------------------------------- follow-up tables */

struct fu_call {
	store_fu_fn fn;
	void *arg;
};

static int
fu_tables(struct store *s, struct store_fu *t)
{
	if (s->fu_missing)
		return SNT_ERR_NOT_FOUND;
	t->lookup = s->lookup;
	t->bylookup = s->bylookup;
	t->reply = s->reply;
	return 0;
}

static int
fu_write(struct store *s, MDB_txn *txn, void *arg)
{
	struct fu_call *c = arg;
	struct store_fu t;
	int r;

	if ((r = fu_tables(s, &t)) != 0)
		return r;
	return c->fn(txn, &t, c->arg);
}

int
store_fu_write(struct store *s, store_fu_fn fn, void *arg)
{
	struct fu_call c = { fn, arg };

	return write_txn(s, fu_write, &c, s->map_max);
}

int
store_fu_read(struct store *s, store_fu_fn fn, void *arg)
{
	struct store_fu t;
	MDB_txn *txn;
	int r;

	if ((r = fu_tables(s, &t)) != 0)
		return r;
	if ((r = read_begin(s, &txn)) != 0)
		return r;
	r = fn(txn, &t, arg);
	read_end(s, txn);
	return map_err(NULL, r);
}

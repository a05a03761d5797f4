/*
 * ops_backup.c — hot copy of the vault. See include/sinetti/ops_backup.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "sinetti/err.h"
#include "sinetti/gwcmd.h"
#include "sinetti/ops_backup.h"
#include "sinetti/store.h"

/* Where `sinetti-gateway init` puts the vault inside the state directory. */
#define VAULT_SUBDIR "vault"

static int
lmdb_err(int rc)
{
	if (rc == ENOSPC || rc == EDQUOT)
		return SNT_ERR_DISK_FULL;
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH)
		return SNT_ERR_NOT_VAULT;
	if (rc > 0) {
		errno = rc;
		return SNT_ERR_IO;
	}
	return SNT_ERR_STORE;
}

static int
fsync_path(const char *path, int dir)
{
	int fd, r = 0;

	fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return snt_from_errno(errno);
	if (fsync(fd) != 0)
		r = snt_from_errno(errno);
	close(fd);
	return r;
}

/* Opens and checks the source with the store's own rules, then lets go
 * of it: LMDB forbids one process holding the same environment twice. */
static int
check_vault(const char *dir, size_t *count)
{
	struct store *s = NULL;
	struct store_opts o = { 0 };
	size_t unacked;
	int r;

	o.readonly = 1;
	if ((r = store_open(&s, dir, &o)) != 0)
		return r;
	r = store_count(s, count, &unacked);
	store_close(s);
	return r;
}

static int
copy_env(const char *from, const char *to)
{
	MDB_env *env = NULL;
	int rc;

	if ((rc = mdb_env_create(&env)) != 0)
		return lmdb_err(rc);
	if ((rc = mdb_env_set_maxdbs(env, 8)) != 0)
		goto out;
	/* Read-only: the copy runs in one read transaction, a consistent
	 * snapshot, while a serving gateway goes on committing. */
	if ((rc = mdb_env_open(env, from, MDB_RDONLY | MDB_NOTLS, 0600)) != 0)
		goto out;
	rc = mdb_env_copy2(env, to, MDB_CP_COMPACT);
out:
	mdb_env_close(env);
	return rc == 0 ? 0 : lmdb_err(rc);
}

static void
remove_partial(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/data.mdb", dir) < (int)sizeof(p))
		unlink(p);
	if (snprintf(p, sizeof(p), "%s/lock.mdb", dir) < (int)sizeof(p))
		unlink(p);
	rmdir(dir);
}

static int
parent_of(const char *path, char *out, size_t outlen)
{
	const char *slash;
	size_t n;

	slash = strrchr(path, '/');
	if (slash == NULL) {
		if (outlen < 2)
			return SNT_ERR_INVALID;
		memcpy(out, ".", 2);
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= outlen)
		return SNT_ERR_INVALID;
	memcpy(out, path, n);
	out[n] = '\0';
	return 0;
}

int
ops_backup(const char *vault_dir, const char *out_dir, size_t *count)
{
	char data[PATH_MAX], parent[PATH_MAX], lock[PATH_MAX];
	size_t src_count = 0, copy_count = 0;
	int made = 0, r, n;

	if (count != NULL)
		*count = 0;
	n = snprintf(data, sizeof(data), "%s/data.mdb", out_dir);
	if (n < 0 || (size_t)n >= sizeof(data))
		return SNT_ERR_INVALID;
	if ((r = parent_of(out_dir, parent, sizeof(parent))) != 0)
		return r;
	if ((r = check_vault(vault_dir, &src_count)) != 0)
		return r;
	if (mkdir(out_dir, 0700) != 0)
		return snt_from_errno(errno);
	made = 1;
	if ((r = copy_env(vault_dir, out_dir)) != 0)
		goto out;
	if (chmod(data, 0600) != 0) {
		r = snt_from_errno(errno);
		goto out;
	}
	if ((r = fsync_path(data, 0)) != 0 ||
	    (r = fsync_path(out_dir, 1)) != 0 ||
	    (r = fsync_path(parent, 1)) != 0)
		goto out;
	/* Read the count back from the copy: the proof it opens. Opening
	 * made a lock file no one else uses; the backup is data.mdb alone. */
	if ((r = check_vault(out_dir, &copy_count)) != 0)
		goto out;
	if (snprintf(lock, sizeof(lock), "%s/lock.mdb", out_dir) <
	    (int)sizeof(lock))
		unlink(lock);
	if ((r = fsync_path(out_dir, 1)) != 0)
		goto out;
	if (count != NULL)
		*count = copy_count;
	r = 0;
out:
	if (r != 0 && made)
		remove_partial(out_dir);
	return r;
}

int
ops_backup_cmd(const struct gwcmd_args *a)
{
	char vault[PATH_MAX];
	size_t count = 0;
	int n, r;

	n = snprintf(vault, sizeof(vault), "%s/%s", a->state, VAULT_SUBDIR);
	if (n < 0 || (size_t)n >= sizeof(vault))
		return gwcmd_fail("backup: the state path is too long");
	umask(077);
	if ((r = ops_backup(vault, a->out, &count)) != 0) {
		if (r == SNT_ERR_EXISTS)
			return gwcmd_fail("backup: %s already exists; give a "
			    "new directory", a->out);
		return gwcmd_fail("backup: %s: %s%s%s", vault, snt_strerror(r),
		    r == SNT_ERR_IO ? ": " : "",
		    r == SNT_ERR_IO ? strerror(errno) : "");
	}
	printf("backup: %zu envelope%s copied to %s\n", count,
	    count == 1 ? "" : "s", a->out);
	return 0;
}

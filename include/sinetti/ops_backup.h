/*
 * ops_backup.h — a hot, consistent copy of the vault
 * (gateway/ops_backup.c), for `sinetti-gateway backup`.
 *
 * The copy is taken inside one LMDB read transaction
 * (mdb_env_copy2 with MDB_CP_COMPACT), so it is a consistent snapshot even
 * while a serving gateway keeps writing; free pages are left out. The
 * result is an ordinary vault directory (data.mdb) that store_open() and
 * `sinetti-gateway serve --state` accept. Like the vault itself it holds
 * only sealed envelopes.
 */
#ifndef SINETTI_OPS_BACKUP_H
#define SINETTI_OPS_BACKUP_H

#include <stddef.h>

/*
 * Copies the vault in vault_dir into out_dir, which must not exist yet;
 * out_dir is created with mode 0700, and the copy is fsynced (file and
 * directory) before this returns. On any error out_dir is removed again,
 * so a failed backup never looks like a good one. On success *count (if
 * not NULL) is the number of envelopes the copy holds, read back from
 * the copy itself.
 * Errors: SNT_ERR_EXISTS (out_dir exists), SNT_ERR_NOT_VAULT,
 * SNT_ERR_SCHEMA, SNT_ERR_STORE, SNT_ERR_DISK_FULL, SNT_ERR_IO.
 */
int ops_backup(const char *vault_dir, const char *out_dir, size_t *count);

/*
 * The `backup` subcommand, called by gateway/main.c with a->state and
 * a->out: copies a->state/vault to a->out and prints one line. Returns the
 * exit code: 0 copied, 1 failed (one line on stderr).
 */
struct gwcmd_args;
int ops_backup_cmd(const struct gwcmd_args *a);

#endif

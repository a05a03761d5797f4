/*
 * gwsandbox.h — privilege drop and seccomp for `serve` (gateway/gwsandbox.c).
 *
 * The order is OpenSSH's: everything that needs privilege happens first
 * (bind the port, read the TLS key, open the vault), then the process
 * switches to an unprivileged user, checks that the switch cannot be
 * undone, and installs a default-deny seccomp filter on every thread. After
 * that the gateway can no longer open files, execute programs or create
 * sockets other than by accepting connections on the bound port.
 */
#ifndef SINETTI_GWSANDBOX_H
#define SINETTI_GWSANDBOX_H

#include <sys/types.h>

#define GWSANDBOX_ERR_MAX 256

/*
 * When running as root: resolves user (NULL: "sinetti" if it exists, else
 * "nobody"), drops supplementary groups, gid and uid (real, effective and
 * saved), re-marks the process not dumpable, and verifies that setuid(0)
 * and setgid(0) now fail. When not root: does nothing and sets *dropped to
 * 0. On failure writes one line to err and returns SNT_ERR_PERM or
 * SNT_ERR_NOT_FOUND (no such user); the caller must not go on.
 */
int gwsandbox_drop(const char *user, int *dropped,
    char err[GWSANDBOX_ERR_MAX]);

/*
 * Resolves user (as above) for `init`, so the state directory can be
 * handed to it. Returns 0 and fills uid and gid, or SNT_ERR_NOT_FOUND.
 */
int gwsandbox_user(const char *user, uid_t *uid, gid_t *gid);

/*
 * Sets no_new_privs and loads the allowlist on every thread of the process
 * (TSYNC). Anything not listed kills the process. Verifies the filter is
 * active. Errors: SNT_ERR_INTERNAL (libseccomp or the kernel refused),
 * with err filled.
 */
int gwsandbox_seccomp(char err[GWSANDBOX_ERR_MAX]);

#endif

/*
 * err.h — Sinetti's one vocabulary of errors.
 *
 * Every library function returns 0 on success or one of these negative
 * codes. Library code never calls exit(); only a program's main() decides to
 * stop. snt_strerror() gives a short English sentence fit for a one-line
 * error message; it never includes data from the failing input.
 */
#ifndef SINETTI_ERR_H
#define SINETTI_ERR_H

enum snt_err {
	SNT_OK                 =   0,
	SNT_ERR_NOMEM          =  -1,	/* allocation failed */
	SNT_ERR_INVALID        =  -2,	/* malformed input or argument */
	SNT_ERR_TOO_LARGE      =  -3,	/* input over its documented maximum */
	SNT_ERR_TRUNCATED      =  -4,	/* input ends early */
	SNT_ERR_VERSION        =  -5,	/* unknown format version */
	SNT_ERR_CRYPTO         =  -6,	/* authentication or decryption failed */
	SNT_ERR_PASSPHRASE     =  -7,	/* wrong officer name or passphrase */
	SNT_ERR_IO             =  -8,	/* system call failed; errno is kept */
	SNT_ERR_NOT_FOUND      =  -9,	/* no such record, officer or file */
	SNT_ERR_EXISTS         = -10,	/* would overwrite something */
	SNT_ERR_PERM           = -11,	/* file readable by group or others */
	SNT_ERR_WEAK_PARAMS    = -12,	/* KDF parameters below the floor */
	SNT_ERR_STORE          = -13,	/* LMDB error */
	SNT_ERR_MAP_FULL       = -14,	/* vault reached its maximum size */
	SNT_ERR_DISK_FULL      = -15,	/* no space left on the device */
	SNT_ERR_PANIC          = -16,	/* store refuses writes until restart */
	SNT_ERR_SIGNATURE      = -17,	/* signature does not verify */
	SNT_ERR_LAST_OFFICER   = -18,	/* the last officer cannot be removed */
	SNT_ERR_UTF8           = -19,	/* invalid UTF-8 */
	SNT_ERR_RATE           = -20,	/* rate limit reached */
	SNT_ERR_INTERNAL       = -21,	/* a bug: an invariant did not hold */
	SNT_ERR_NOT_VAULT      = -22,	/* directory is not a Sinetti store */
	SNT_ERR_SCHEMA         = -23,	/* store schema version not supported */
	SNT_ERR_SHUTDOWN       = -24,	/* component is stopping */
	SNT_ERR_UNKNOWN_KEY    = -25,	/* no key with that key id */
	SNT_ERR_DUPLICATE      = -26,	/* field or record given twice */
	SNT_ERR_MISSING        = -27,	/* required field absent */
	SNT_ERR_CONFIG         = -28,	/* configuration file invalid */
	SNT_ERR_REPLAY         = -29,	/* already applied (ack, bundle) */
	SNT_ERR_WRONG_PEER     = -30,	/* signed for another gateway/team */
	SNT_ERR_USAGE          = -31,	/* bad command line */
	SNT_ERR_LAST           = -32
};

/*
 * Returns a static, NUL-terminated English description of err. Unknown
 * codes get "unknown error". Never returns NULL.
 */
const char *snt_strerror(int err);

/*
 * Maps an errno value from a failed system call to the closest code:
 * ENOSPC/EDQUOT -> SNT_ERR_DISK_FULL, ENOMEM -> SNT_ERR_NOMEM,
 * ENOENT -> SNT_ERR_NOT_FOUND, EEXIST -> SNT_ERR_EXISTS, else SNT_ERR_IO.
 */
int snt_from_errno(int e);

#endif

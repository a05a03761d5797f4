/* err.c — the text of Sinetti's error codes. */
#include <errno.h>
#include <stddef.h>

#include "sinetti/err.h"

static const char *const messages[] = {
	[0]                     = "success",
	[-SNT_ERR_NOMEM]        = "out of memory",
	[-SNT_ERR_INVALID]      = "malformed input",
	[-SNT_ERR_TOO_LARGE]    = "input is larger than allowed",
	[-SNT_ERR_TRUNCATED]    = "input is truncated",
	[-SNT_ERR_VERSION]      = "unsupported format version",
	[-SNT_ERR_CRYPTO]       = "authentication failed: data is corrupted or was tampered with",
	[-SNT_ERR_PASSPHRASE]   = "wrong officer name or passphrase",
	[-SNT_ERR_IO]           = "input/output error",
	[-SNT_ERR_NOT_FOUND]    = "not found",
	[-SNT_ERR_EXISTS]       = "already exists",
	[-SNT_ERR_PERM]         = "file is readable by group or others (chmod 600 it)",
	[-SNT_ERR_WEAK_PARAMS]  = "key derivation parameters are below the allowed minimum",
	[-SNT_ERR_STORE]        = "storage error",
	[-SNT_ERR_MAP_FULL]     = "the vault has reached its maximum size",
	[-SNT_ERR_DISK_FULL]    = "no space left on the device",
	[-SNT_ERR_PANIC]        = "the store failed and refuses further writes until restarted",
	[-SNT_ERR_SIGNATURE]    = "signature does not verify",
	[-SNT_ERR_LAST_OFFICER] = "the last officer cannot be removed",
	[-SNT_ERR_UTF8]         = "text is not valid UTF-8",
	[-SNT_ERR_RATE]         = "rate limit reached",
	[-SNT_ERR_INTERNAL]     = "internal error",
	[-SNT_ERR_NOT_VAULT]    = "not a Sinetti store",
	[-SNT_ERR_SCHEMA]       = "unsupported store schema version",
	[-SNT_ERR_SHUTDOWN]     = "shutting down",
	[-SNT_ERR_UNKNOWN_KEY]  = "no key with that key id",
	[-SNT_ERR_DUPLICATE]    = "duplicate entry",
	[-SNT_ERR_MISSING]      = "required field is missing",
	[-SNT_ERR_CONFIG]       = "invalid configuration",
	[-SNT_ERR_REPLAY]       = "already applied",
	[-SNT_ERR_WRONG_PEER]   = "signed for a different installation",
	[-SNT_ERR_USAGE]        = "usage error",
};

const char *
snt_strerror(int err)
{
	if (err > 0 || err <= SNT_ERR_LAST || messages[-err] == NULL)
		return "unknown error";
	return messages[-err];
}

int
snt_from_errno(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return SNT_ERR_DISK_FULL;
	case ENOMEM:
		return SNT_ERR_NOMEM;
	case ENOENT:
		return SNT_ERR_NOT_FOUND;
	case EEXIST:
		return SNT_ERR_EXISTS;
	default:
		return SNT_ERR_IO;
	}
}

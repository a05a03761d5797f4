/*
 * sinetti-keys — makes and guards the supervision team's keys.
 *
 * Exit status: 0 success, 1 failure (explained in one line on stderr),
 * 2 usage error. Passphrases come from the terminal without echo, or one
 * per line from --passphrase-fd N in the order the command asks for them.
 * Nothing here prints a secret.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/keyring.h"
#include "sinetti/passphrase.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"

#define PROG "sinetti-keys"
#define PROG_VERSION "0.1.0"
#define EXIT_USAGE 2

static const char USAGE[] =
"usage: " PROG " [--passphrase-fd N] COMMAND [OPTIONS]\n"
"\n"
"Makes and guards the supervision team's keys.\n"
"\n"
"commands:\n"
"  init           --keyring FILE --officer NAME --public-out FILE\n"
"                 [--kdf-memory MIB]\n"
"  add-officer    --keyring FILE --as NAME --officer NEW\n"
"  remove-officer --keyring FILE --as NAME --officer OLD [--public-out FILE]\n"
"  rotate         --keyring FILE --as NAME --public-out FILE\n"
"  passwd         --keyring FILE --officer NAME\n"
"  list           --keyring FILE\n"
"  fingerprint    FILE\n"
"\n"
"global options:\n"
"  --passphrase-fd N  read passphrases from descriptor N, one per line, in\n"
"                     the order the command asks for them; a new passphrase\n"
"                     is read once (on a terminal it is asked twice)\n"
"  --help             this text; COMMAND --help for one command\n"
"  --version          print the version\n"
"\n"
"exit status: 0 success, 1 failure, 2 usage error. See docs/keys.md.\n";

struct cmd_help {
	const char *name;
	const char *text;
};

static const struct cmd_help HELP[] = {
	{ "init",
"usage: " PROG " init --keyring FILE --officer NAME --public-out FILE\n"
"                    [--kdf-memory MIB]\n"
"Creates a new keyring: a team keypair (epoch 1) and the reviewer signing\n"
"key, wrapped for officer NAME under a new passphrase, and writes the public\n"
"key file for the gateway. Refuses to overwrite either file. Argon2id uses\n"
"t=3, p=2 and MIB mebibytes (default 256, at least 64).\n"
"Passphrases: NAME's new passphrase.\n" },
	{ "add-officer",
"usage: " PROG " add-officer --keyring FILE --as NAME --officer NEW\n"
"Officer NAME unlocks the keyring and gives officer NEW every key NAME holds.\n"
"Passphrases: NAME's passphrase, then NEW's new passphrase.\n" },
	{ "remove-officer",
"usage: " PROG " remove-officer --keyring FILE --as NAME --officer OLD\n"
"                              [--public-out FILE]\n"
"Deletes OLD's wraps and makes a new epoch for the remaining officers; older\n"
"epochs stay readable for them. Configure the gateway with the new public\n"
"key (written to FILE if given, or run rotate). The last officer cannot be\n"
"removed, nor can NAME remove itself.\n"
"Passphrases: NAME's passphrase.\n" },
	{ "rotate",
"usage: " PROG " rotate --keyring FILE --as NAME --public-out FILE\n"
"Makes a new epoch with a fresh team keypair for every officer and writes its\n"
"public key file (replacing FILE). Older epochs stay readable.\n"
"Passphrases: NAME's passphrase.\n" },
	{ "passwd",
"usage: " PROG " passwd --keyring FILE --officer NAME\n"
"Changes NAME's passphrase (and NAME's officer key).\n"
"Passphrases: NAME's current passphrase, then the new one.\n" },
	{ "list",
"usage: " PROG " list --keyring FILE\n"
"Prints officers, epochs, key ids and fingerprints. No passphrase, no\n"
"secrets.\n" },
	{ "fingerprint",
"usage: " PROG " fingerprint FILE\n"
"Checks a public key file (team or signing) and prints its fingerprint, to\n"
"compare by reading it aloud.\n" },
};

struct opts {
	const char *cmd;
	const char *keyring;
	const char *officer;
	const char *as;
	const char *public_out;
	const char *file;
	unsigned long kdf_mib;
	int pass_fd;
};

/* ------------------------------------------------------------ output */

static void
errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one line a failure gets. */
static void
errmsg(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
usage_error(const char *what)
{
	errmsg("%s (see " PROG " --help)", what);
	return EXIT_USAGE;
}

static void
hex_id(const uint8_t id[KEY_ID_BYTES], char out[2 * KEY_ID_BYTES + 1])
{
	sodium_bin2hex(out, 2 * KEY_ID_BYTES + 1, id, KEY_ID_BYTES);
}

/* ------------------------------------------------------ command line */

static int
parse_ulong(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || *v > max)
		return -1;
	return 0;
}

static int
set_pass_fd(struct opts *o, const char *s)
{
	unsigned long v;

	if (parse_ulong(s, INT_MAX, &v) != 0)
		return usage_error("--passphrase-fd needs a descriptor number");
	if (fcntl((int)v, F_GETFD) < 0)
		return usage_error("--passphrase-fd: descriptor is not open");
	o->pass_fd = (int)v;
	return 0;
}

static const struct cmd_help *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(HELP) / sizeof(HELP[0]); i++)
		if (strcmp(HELP[i].name, name) == 0)
			return &HELP[i];
	return NULL;
}

/*
 * Returns -1 to go on, or an exit status (help printed, or a usage error).
 * Options take their value as the next word or after "=".
 */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	const struct cmd_help *ch = NULL;
	int i, r;

	memset(o, 0, sizeof(*o));
	o->pass_fd = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		char name[32];
		size_t nl;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(ch != NULL ? ch->text : USAGE, stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf(PROG " " PROG_VERSION " (keyring format 1)\n");
			return 0;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (ch == NULL) {
				if ((ch = find_cmd(a)) == NULL)
					return usage_error("unknown command");
				o->cmd = ch->name;
			} else if (strcmp(o->cmd, "fingerprint") == 0 &&
			    o->file == NULL) {
				o->file = a;
			} else {
				return usage_error("unexpected argument");
			}
			continue;
		}
		eq = strchr(a, '=');
		nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
		if (nl >= sizeof(name))
			return usage_error("unknown option");
		memcpy(name, a, nl);
		name[nl] = '\0';
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return usage_error("option needs a value");
		if (strcmp(name, "--passphrase-fd") == 0) {
			if ((r = set_pass_fd(o, val)) != 0)
				return r;
		} else if (ch == NULL) {
			return usage_error("unknown option before the command");
		} else if (strcmp(name, "--keyring") == 0 && !o->keyring) {
			o->keyring = val;
		} else if (strcmp(name, "--officer") == 0 && !o->officer) {
			o->officer = val;
		} else if (strcmp(name, "--as") == 0 && !o->as) {
			o->as = val;
		} else if (strcmp(name, "--public-out") == 0 && !o->public_out) {
			o->public_out = val;
		} else if (strcmp(name, "--kdf-memory") == 0 && !o->kdf_mib) {
			if (parse_ulong(val, ULONG_MAX, &o->kdf_mib) != 0 ||
			    o->kdf_mib == 0)
				return usage_error("--kdf-memory needs MiB");
		} else {
			return usage_error("unknown or repeated option");
		}
	}
	if (ch == NULL)
		return usage_error("no command given");
	return -1;
}

/* Which options each command takes: r required, o optional, - refused. */
static int
check_opts(const struct opts *o)
{
	static const struct {
		const char *cmd;
		const char *spec;	/* keyring officer as public kdf file */
	} t[] = {
		{ "init",           "rr-ro-" },
		{ "add-officer",    "rrr---" },
		{ "remove-officer", "rrro--" },
		{ "rotate",         "r-rr--" },
		{ "passwd",         "rr----" },
		{ "list",           "r-----" },
		{ "fingerprint",    "-----r" },
	};
	const void *have[6];
	size_t i, k;

	have[0] = o->keyring;
	have[1] = o->officer;
	have[2] = o->as;
	have[3] = o->public_out;
	have[4] = o->kdf_mib ? (const void *)o : NULL;
	have[5] = o->file;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(t[i].cmd, o->cmd) != 0)
			continue;
		for (k = 0; k < 6; k++) {
			if (t[i].spec[k] == 'r' && have[k] == NULL)
				return usage_error(k == 5 ?
				    "fingerprint needs a FILE" :
				    "a required option is missing");
			if (t[i].spec[k] == '-' && have[k] != NULL)
				return usage_error(
				    "option not accepted by this command");
		}
		return -1;
	}
	return usage_error("unknown command");
}

/* ------------------------------------------------------- passphrases */

static int
pass_failed(int r, int fd)
{
	if (r == SNT_ERR_TRUNCATED && fd >= 0)
		errmsg("no passphrase left on descriptor %d", fd);
	else if (r == SNT_ERR_IO && fd < 0)
		errmsg("cannot ask for a passphrase: no terminal "
		    "(use --passphrase-fd N)");
	else if (r == SNT_ERR_TOO_LARGE)
		errmsg("passphrase longer than %d bytes", PASSPHRASE_MAX);
	else
		errmsg("cannot read passphrase: %s", snt_strerror(r));
	return 1;
}

static int
ask_pass(int fd, const char *who, char **p, size_t *n)
{
	char prompt[OFFICER_NAME_MAX + 64];
	int r;

	snprintf(prompt, sizeof(prompt), "Passphrase for %s: ", who);
	if ((r = passphrase_read(fd, prompt, p, n)) != 0)
		return pass_failed(r, fd);
	return 0;
}

/* A new passphrase: asked twice on a terminal, read once from a descriptor. */
static int
ask_new_pass(int fd, const char *who, char **p, size_t *n)
{
	char prompt[OFFICER_NAME_MAX + 64];
	char *again = NULL;
	size_t alen = 0;
	int r;

	snprintf(prompt, sizeof(prompt), "New passphrase for %s: ", who);
	if ((r = passphrase_read(fd, prompt, p, n)) != 0)
		return pass_failed(r, fd);
	if (*n < KEYRING_PASS_MIN) {
		errmsg("new passphrase too short (at least %d bytes)",
		    KEYRING_PASS_MIN);
		goto bad;
	}
	if (fd >= 0)
		return 0;
	snprintf(prompt, sizeof(prompt), "Repeat the new passphrase for %s: ",
	    who);
	if ((r = passphrase_read(fd, prompt, &again, &alen)) != 0) {
		pass_failed(r, fd);
		goto bad;
	}
	if (alen != *n || sodium_memcmp(again, *p, alen) != 0) {
		errmsg("the two passphrases differ; nothing changed");
		goto bad;
	}
	smem_free(again);
	return 0;
bad:
	smem_free(again);
	smem_free(*p);
	*p = NULL;
	*n = 0;
	return 1;
}

/* ------------------------------------------------------------ keyring */

static int
load_failed(const char *path, int r)
{
	switch (r) {
	case SNT_ERR_NOT_FOUND:
		errmsg("keyring %s: no such file", path);
		break;
	case SNT_ERR_PERM:
		errmsg("keyring %s is readable by group or others; refusing it "
		    "(check who copied it, then chmod 600 it)", path);
		break;
	case SNT_ERR_WEAK_PARAMS:
		errmsg("keyring %s: Argon2id parameters below the floor "
		    "(t>=3, m>=64 MiB); refusing it", path);
		break;
	case SNT_ERR_VERSION:
		errmsg("keyring %s: unsupported format version", path);
		break;
	case SNT_ERR_IO:
		errmsg("keyring %s: cannot read: %s", path, strerror(errno));
		break;
	default:
		errmsg("keyring %s is damaged or not a Sinetti keyring (%s)",
		    path, snt_strerror(r));
		break;
	}
	return 1;
}

static int
unlock_failed(const char *path, int r, const struct keyring_kdf *kdf)
{
	if (r == SNT_ERR_PASSPHRASE)
		errmsg("wrong officer name or passphrase");
	else if (r == SNT_ERR_NOMEM)
		errmsg("not enough memory for Argon2id (%u MiB)",
		    (unsigned)(kdf->m_cost_kib / 1024));
	else if (r == SNT_ERR_CRYPTO)
		errmsg("keyring %s is damaged or was tampered with", path);
	else
		errmsg("cannot unlock keyring %s: %s", path, snt_strerror(r));
	return 1;
}

/* Loads the keyring and unlocks it as officer, asking the passphrase. */
static int
open_as(const struct opts *o, const char *officer, struct keyring **kr,
    struct keyring_unlocked **u)
{
	struct keyring_kdf kdf;
	char *pass = NULL;
	size_t plen = 0;
	int r;

	if ((r = keyring_load(o->keyring, kr)) != 0)
		return load_failed(o->keyring, r);
	if ((r = ask_pass(o->pass_fd, officer, &pass, &plen)) != 0)
		return r;
	r = keyring_unlock(*kr, officer, pass, plen, u);
	smem_free(pass);
	if (r != 0) {
		keyring_kdf_of(*kr, &kdf);
		return unlock_failed(o->keyring, r, &kdf);
	}
	return 0;
}

static int
save(const struct opts *o, const struct keyring *kr,
    const struct keyring_unlocked *u, int replace)
{
	int r = keyring_save(o->keyring, kr, u, replace);

	if (r == 0)
		return 0;
	if (r == SNT_ERR_EXISTS)
		errmsg("keyring %s exists; refusing to overwrite it", o->keyring);
	else if (r == SNT_ERR_INTERNAL)
		errmsg("keyring %s: the new keyring did not unwrap in memory; "
		    "nothing written (a bug, please report)", o->keyring);
	else
		errmsg("cannot write keyring %s: %s; the old file is unchanged",
		    o->keyring, snt_strerror(r));
	return 1;
}

/* Writes the current epoch's public file and prints its fingerprint. */
static int
write_public(const char *path, const struct keyring *kr, int replace)
{
	struct team_public tp;
	char *text = NULL, fpr[FINGERPRINT_MAX], id[2 * KEY_ID_BYTES + 1];
	size_t len = 0;
	int r;

	if ((r = keyring_team_public(kr, &tp)) != 0 ||
	    (r = team_public_format(&tp, &text, &len)) != 0 ||
	    (r = fileio_write_atomic(path, text, len,
	    replace ? FILEIO_REPLACE : 0)) != 0) {
		errmsg("cannot write public key file %s: %s", path,
		    snt_strerror(r));
		free(text);
		return 1;
	}
	free(text);
	team_public_fingerprint(&tp, fpr);
	hex_id(tp.key_id, id);
	printf("public key file: %s (epoch %lu, key id %s)\n", path,
	    (unsigned long)tp.epoch, id);
	printf("fingerprint: %s\n", fpr);
	return 0;
}

static int
exists(const char *path)
{
	struct stat st;

	/* anything else (EACCES, ...) shows up when the file is written */
	return lstat(path, &st) == 0;
}

/* ----------------------------------------------------------- commands */

static int
cmd_init(const struct opts *o)
{
	struct keyring_kdf kdf = {
		KEYRING_KDF_T_DEFAULT, KEYRING_KDF_M_DEFAULT,
		KEYRING_KDF_P_DEFAULT
	};
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	char *pass = NULL;
	size_t plen = 0;
	int r;

	if (o->kdf_mib != 0) {
		if (o->kdf_mib < KEYRING_KDF_M_MIN / 1024) {
			errmsg("--kdf-memory %lu is below the floor of %u MiB",
			    o->kdf_mib, KEYRING_KDF_M_MIN / 1024);
			return 1;
		}
		if (o->kdf_mib > KEYRING_KDF_M_MAX / 1024)
			return usage_error("--kdf-memory above 4096 MiB");
		kdf.m_cost_kib = (uint32_t)(o->kdf_mib * 1024);
	}
	if (keyring_officer_name_valid(o->officer) != 0)
		return usage_error("invalid officer name (1-64 bytes of letters, "
		    "digits, '.', '_', '-')");
	if (exists(o->keyring)) {
		errmsg("keyring %s exists; refusing to overwrite it", o->keyring);
		return 1;
	}
	if (exists(o->public_out)) {
		errmsg("public key file %s exists; refusing to overwrite it",
		    o->public_out);
		return 1;
	}
	if ((r = ask_new_pass(o->pass_fd, o->officer, &pass, &plen)) != 0)
		return r;
	r = keyring_create(&kdf, o->officer, pass, plen, &kr, &u);
	smem_free(pass);
	if (r != 0) {
		errmsg("cannot create keyring: %s", snt_strerror(r));
		r = 1;
		goto out;
	}
	if ((r = save(o, kr, u, 0)) != 0)
		goto out;
	printf("keyring: %s (officer %s)\n", o->keyring, o->officer);
	if ((r = write_public(o->public_out, kr, 0)) != 0) {
		/* a keyring without its public file is of no use: start over */
		unlink(o->keyring);
		goto out;
	}
out:
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static int
cmd_add(const struct opts *o)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	char *pass = NULL;
	size_t plen = 0, i;
	int r;

	if (keyring_officer_name_valid(o->officer) != 0)
		return usage_error("invalid officer name");
	if ((r = open_as(o, o->as, &kr, &u)) != 0)
		goto out;
	for (i = 0; i < keyring_officer_count(kr); i++)
		if (strcmp(keyring_officer_name(kr, i), o->officer) == 0) {
			errmsg("officer %s already exists", o->officer);
			r = 1;
			goto out;
		}
	if ((r = ask_new_pass(o->pass_fd, o->officer, &pass, &plen)) != 0)
		goto out;
	if ((r = keyring_add_officer(kr, u, o->officer, pass, plen)) != 0) {
		errmsg("cannot add officer %s: %s", o->officer, snt_strerror(r));
		r = 1;
		goto out;
	}
	if ((r = save(o, kr, u, 1)) != 0)
		goto out;
	printf("officer %s added; holds %zu epoch(s)\n", o->officer,
	    keyring_unlocked_key_count(u));
out:
	smem_free(pass);
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static int
cmd_remove(const struct opts *o)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	const uint8_t *id;
	char hex[2 * KEY_ID_BYTES + 1];
	uint32_t epoch;
	size_t i;
	int r, found = 0;

	if ((r = keyring_load(o->keyring, &kr)) != 0)
		return load_failed(o->keyring, r);
	/* Refuse what cannot work before anyone types a passphrase. */
	for (i = 0; i < keyring_officer_count(kr); i++)
		if (strcmp(keyring_officer_name(kr, i), o->officer) == 0)
			found = 1;
	if (!found) {
		errmsg("no officer %s in keyring %s", o->officer, o->keyring);
		r = 1;
		goto out;
	}
	if (keyring_officer_count(kr) == 1) {
		errmsg("%s is the last officer and cannot be removed",
		    o->officer);
		r = 1;
		goto out;
	}
	if (strcmp(o->officer, o->as) == 0) {
		errmsg("an officer cannot remove itself; ask another officer");
		r = 1;
		goto out;
	}
	keyring_free(kr);
	kr = NULL;
	if ((r = open_as(o, o->as, &kr, &u)) != 0)
		goto out;
	if ((r = keyring_remove_officer(kr, u, o->officer)) != 0) {
		errmsg("cannot remove officer %s: %s", o->officer,
		    snt_strerror(r));
		r = 1;
		goto out;
	}
	if ((r = save(o, kr, u, 1)) != 0)
		goto out;
	keyring_current_key(u, &epoch, NULL, NULL, &id);
	hex_id(id, hex);
	printf("officer %s removed; new epoch %lu, key id %s\n", o->officer,
	    (unsigned long)epoch, hex);
	if (o->public_out != NULL)
		r = write_public(o->public_out, kr, 1);
	else
		printf("configure the gateway with the new epoch: "
		    PROG " rotate --public-out FILE (or pass --public-out)\n");
out:
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static int
cmd_rotate(const struct opts *o)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	int r;

	if ((r = open_as(o, o->as, &kr, &u)) != 0)
		goto out;
	if ((r = keyring_rotate(kr, u)) != 0) {
		errmsg("cannot rotate: %s", snt_strerror(r));
		r = 1;
		goto out;
	}
	/* keyring first: a public file naming a key nobody holds would make
	 * the gateway seal to nowhere */
	if ((r = save(o, kr, u, 1)) != 0)
		goto out;
	r = write_public(o->public_out, kr, 1);
	if (r != 0)
		errmsg("the keyring has the new epoch; run rotate again to get "
		    "a public key file");
out:
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static int
cmd_passwd(const struct opts *o)
{
	struct keyring *kr = NULL;
	struct keyring_unlocked *u = NULL;
	char *pass = NULL;
	size_t plen = 0;
	int r;

	if ((r = open_as(o, o->officer, &kr, &u)) != 0)
		goto out;
	if ((r = ask_new_pass(o->pass_fd, o->officer, &pass, &plen)) != 0)
		goto out;
	if ((r = keyring_passwd(kr, u, pass, plen)) != 0) {
		errmsg("cannot change the passphrase: %s", snt_strerror(r));
		r = 1;
		goto out;
	}
	if ((r = save(o, kr, u, 1)) != 0)
		goto out;
	printf("passphrase of %s changed\n", o->officer);
out:
	smem_free(pass);
	keyring_unlocked_free(u);
	keyring_free(kr);
	return r;
}

static int
cmd_list(const struct opts *o)
{
	struct keyring *kr = NULL;
	struct keyring_kdf kdf;
	struct team_public tp;
	const uint8_t *pk, *id;
	char fpr[FINGERPRINT_MAX], hex[2 * KEY_ID_BYTES + 1];
	uint32_t epoch;
	size_t i, k, n;
	int r;

	if ((r = keyring_load(o->keyring, &kr)) != 0)
		return load_failed(o->keyring, r);
	keyring_kdf_of(kr, &kdf);
	printf("keyring: %s\n", o->keyring);
	printf("kdf: argon2id t=%u m=%u MiB p=%u\n", (unsigned)kdf.t_cost,
	    (unsigned)(kdf.m_cost_kib / 1024), (unsigned)kdf.parallelism);
	fingerprint_of(keyring_review_sign_pk(kr), 32, fpr);
	printf("review signing key: %s\n", fpr);
	if (keyring_team_public(kr, &tp) == 0) {
		/* what the gateway's public key file must show */
		team_public_fingerprint(&tp, fpr);
		printf("current public key file fingerprint: %s\n", fpr);
	}
	printf("officers:");
	for (i = 0; i < keyring_officer_count(kr); i++)
		printf(" %s", keyring_officer_name(kr, i));
	printf("\n");
	n = keyring_epoch_count(kr);
	for (i = 0; i < n; i++) {
		keyring_epoch_info(kr, i, &epoch, &pk, &id);
		hex_id(id, hex);
		printf("epoch %lu: key-id %s officers:", (unsigned long)epoch,
		    hex);
		for (k = 0; k < keyring_officer_count(kr); k++)
			if (keyring_epoch_held_by(kr, i, k))
				printf(" %s", keyring_officer_name(kr, k));
		printf("%s\n", i + 1 == n ? " (current)" : "");
	}
	keyring_free(kr);
	return 0;
}

static int
cmd_fingerprint(const struct opts *o)
{
	struct team_public tp;
	struct signing_public sp;
	char fpr[FINGERPRINT_MAX], hex[2 * KEY_ID_BYTES + 1];
	int r, rs;

	if ((r = team_public_load(o->file, &tp)) == 0) {
		team_public_fingerprint(&tp, fpr);
		hex_id(tp.key_id, hex);
		printf("team public key, epoch %lu, key id %s\n",
		    (unsigned long)tp.epoch, hex);
		printf("fingerprint: %s\n", fpr);
		return 0;
	}
	if ((rs = signing_public_load(o->file, &sp)) == 0) {
		signing_public_fingerprint(&sp, fpr);
		printf("signing public key\n");
		printf("fingerprint: %s\n", fpr);
		return 0;
	}
	if (r == SNT_ERR_NOT_FOUND)
		errmsg("%s: no such file", o->file);
	else
		errmsg("%s is not a valid public key file (%s)", o->file,
		    snt_strerror(rs != SNT_ERR_INVALID ? rs : r));
	return 1;
}

int
main(int argc, char **argv)
{
	struct opts o;
	int r;

	umask(077);
	if (smem_init() != 0 || smem_harden_process(SMEM_LOCK_TRY, NULL) != 0) {
		errmsg("cannot initialise secure memory");
		return 1;
	}
	if ((r = parse_args(argc, argv, &o)) >= 0)
		return r;
	if ((r = check_opts(&o)) >= 0)
		return r;
	if (strcmp(o.cmd, "init") == 0)
		r = cmd_init(&o);
	else if (strcmp(o.cmd, "add-officer") == 0)
		r = cmd_add(&o);
	else if (strcmp(o.cmd, "remove-officer") == 0)
		r = cmd_remove(&o);
	else if (strcmp(o.cmd, "rotate") == 0)
		r = cmd_rotate(&o);
	else if (strcmp(o.cmd, "passwd") == 0)
		r = cmd_passwd(&o);
	else if (strcmp(o.cmd, "list") == 0)
		r = cmd_list(&o);
	else
		r = cmd_fingerprint(&o);
	if (fflush(stdout) != 0 && r == 0) {
		errmsg("cannot write output");
		r = 1;
	}
	return r;
}

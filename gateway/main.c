/*
 * sinetti-gateway — the public HTTPS feedback service.
 *
 * Exit codes: 0 success, 1 a failure explained in one line on stderr,
 * 2 a usage error. Reference: docs/gateway.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/err.h"
#include "sinetti/gwcmd.h"
#include "sinetti/ops_backup.h"	/* ops hook (issue 10) */
#include "sinetti/gwstatus.h"
#include "sinetti/smem.h"

#define PROG "sinetti-gateway"
#define PROG_VERSION "0.1.0"

static const char usage_text[] =
"usage: sinetti-gateway COMMAND --state DIR [options]\n"
"\n"
"  init        --state DIR --team-public FILE [--hostname NAME]\n"
"              make a state directory: gateway.conf, units, a self-signed\n"
"              certificate, the gateway signing key, an empty vault, and\n"
"              the pinned team public key\n"
"  serve       --state DIR [--listen ADDR:PORT] [--no-sandbox]\n"
"              serve the feedback form over HTTPS until SIGINT/SIGTERM\n"
"              (--no-sandbox: no privilege drop or seccomp; only for\n"
"              sanitizer test runs)\n"
"  export      --state DIR --out FILE\n"
"              write a signed bundle of every unacknowledged envelope\n"
"  acknowledge --state DIR --ack FILE [--purge]\n"
"              apply the reviewer's signed acknowledgement; --purge also\n"
"              deletes the acknowledged envelopes\n"
"  import-replies --state DIR FILE\n"
"              verify the reviewer's signed reply bundle FILE and file its\n"
"              replies and status changes for the citizens' status page\n"
"  check       --state DIR\n"
"              check configuration, keys, certificate and vault\n"
"  backup      --state DIR --out DIR\n"
"              copy the vault, consistently, while it may be serving,\n"
"              into the new directory DIR (sealed envelopes only)\n"
"\n"
"  --help      this text     --version   the version\n"
"Exit: 0 success, 1 failure (one line on stderr), 2 usage error.\n";

static int
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, PROG ": %s\n", why);
	fputs("usage: sinetti-gateway init|serve|export|acknowledge|"
	    "import-replies|check|backup --state DIR ... (see --help)\n",
	    stderr);
	return 2;
}

/* Which options each command takes. */
enum { O_STATE = 1, O_TEAM = 2, O_HOST = 4, O_LISTEN = 8, O_OUT = 16,
    O_ACK = 32, O_PURGE = 64, O_NOSANDBOX = 128, O_FILE = 256 };

struct cmd {
	const char *name;
	int (*fn)(const struct gwcmd_args *);
	int allowed, required;
};

static const struct cmd cmds[] = {
	{ "init", gwcmd_init, O_STATE | O_TEAM | O_HOST, O_STATE | O_TEAM },
	{ "serve", gwcmd_serve, O_STATE | O_LISTEN | O_NOSANDBOX, O_STATE },
	{ "export", gwcmd_export, O_STATE | O_OUT, O_STATE | O_OUT },
	{ "acknowledge", gwcmd_acknowledge, O_STATE | O_ACK | O_PURGE,
	  O_STATE | O_ACK },
	{ "check", gwcmd_check, O_STATE, O_STATE },
	{ "backup", ops_backup_cmd, O_STATE | O_OUT, O_STATE | O_OUT },	/* ops */
	{ "import-replies", gwcmd_import_replies, O_STATE | O_FILE,
	  O_STATE | O_FILE },
};

static const struct {
	const char *flag;
	int bit;
	size_t off;	/* of the const char * in gwcmd_args, or of the int */
} opts[] = {
	{ "--state", O_STATE, offsetof(struct gwcmd_args, state) },
	{ "--team-public", O_TEAM, offsetof(struct gwcmd_args, team_public) },
	{ "--hostname", O_HOST, offsetof(struct gwcmd_args, hostname) },
	{ "--listen", O_LISTEN, offsetof(struct gwcmd_args, listen) },
	{ "--out", O_OUT, offsetof(struct gwcmd_args, out) },
	{ "--ack", O_ACK, offsetof(struct gwcmd_args, ack) },
	{ "--purge", O_PURGE, offsetof(struct gwcmd_args, purge) },
	{ "--no-sandbox", O_NOSANDBOX,
	  offsetof(struct gwcmd_args, no_sandbox) },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static int
parse_args(const struct cmd *c, int argc, char **argv, struct gwcmd_args *a)
{
	static char msg[128];
	int i, seen = 0;
	size_t j;

	for (i = 0; i < argc; i++) {
		/* import-replies takes its FILE as the one operand */
		if ((c->allowed & O_FILE) && argv[i][0] != '-' &&
		    !(seen & O_FILE)) {
			a->file = argv[i];
			seen |= O_FILE;
			continue;
		}
		for (j = 0; j < NOPTS; j++)
			if (strcmp(argv[i], opts[j].flag) == 0)
				break;
		if (j == NOPTS || !(c->allowed & opts[j].bit)) {
			snprintf(msg, sizeof(msg), "%s does not take %.40s",
			    c->name, argv[i]);
			return usage(msg);
		}
		if (seen & opts[j].bit) {
			snprintf(msg, sizeof(msg), "%s given twice",
			    opts[j].flag);
			return usage(msg);
		}
		seen |= opts[j].bit;
		if (opts[j].bit == O_PURGE || opts[j].bit == O_NOSANDBOX) {
			*(int *)(void *)((char *)a + opts[j].off) = 1;
			continue;
		}
		if (i + 1 >= argc || argv[i + 1][0] == '\0') {
			snprintf(msg, sizeof(msg), "%s needs a value",
			    opts[j].flag);
			return usage(msg);
		}
		*(const char **)(void *)((char *)a + opts[j].off) = argv[++i];
	}
	if ((seen & c->required) != c->required)
		return usage("a required option is missing");
	return 0;
}

int
main(int argc, char **argv)
{
	struct gwcmd_args a;
	size_t i;
	int r, locked = 0;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf(PROG " " PROG_VERSION "\n");
		return 0;
	}
	if (argc < 2)
		return usage("no command");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return usage("unknown command");
	memset(&a, 0, sizeof(a));
	if ((r = parse_args(&cmds[i], argc - 2, argv + 2, &a)) != 0)
		return r;
	/*
	 * Not dumpable, no core files. Memory is not locked as a whole: the
	 * LMDB map would then be locked too and fail to grow; plaintext and
	 * keys live in sodium_malloc pages, which are locked one by one.
	 */
	if (smem_init() != 0 ||
	    smem_harden_process(SMEM_LOCK_NONE, &locked) != 0) {
		fprintf(stderr, PROG ": cannot harden the process\n");
		return 1;
	}
	return cmds[i].fn(&a);
}

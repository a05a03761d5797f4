/*
 * review_cmd.h — the commands of sinetti-review (reviewer/review_cmd.c).
 *
 * reviewer/main.c parses the global options, hardens the process and
 * calls these; `shell` calls review_run() once per typed line. Every
 * function returns the process exit status: 0 success, 1 failure (already
 * explained in one line on standard error), 2 usage error.
 *
 * Plaintext (opened envelopes, decrypted case records, rendered output)
 * lives only in smem memory and is wiped as soon as it has been written.
 */
#ifndef SINETTI_REVIEW_CMD_H
#define SINETTI_REVIEW_CMD_H

#include "sinetti/keyring.h"
#include "sinetti/review_store.h"

#define REVIEW_VERSION "0.1.0"

struct review_ctx {
	const char *store_dir;		/* --store, $SINETTI_STORE, ./review-store */
	const char *officer;		/* --officer, $SINETTI_OFFICER, $USER */
	int pass_fd;			/* --passphrase-fd, -1 for the terminal */
	int lang_forced;		/* --lang or $SINETTI_LANG was given */
	struct rstore *s;		/* open store; owned */
	struct keyring *kr;		/* owned */
	struct keyring_unlocked *u;	/* owned; NULL while locked */
	int in_shell;
};

/* `init --store DIR --keyring FILE --gateway-key FILE` (argv[0] "init"). */
int review_init(struct review_ctx *c, int argc, char **argv);

/* Opens c->store_dir (if not open) and applies the store's language. */
int review_open(struct review_ctx *c);

/* Reads the passphrase, unlocks the keyring and the store. */
int review_unlock(struct review_ctx *c);

/* Wipes every key and closes the store. */
void review_close(struct review_ctx *c);

/* Runs one unlocked command; argv[0] is its name. */
int review_run(struct review_ctx *c, int argc, char **argv);

/* The interactive shell (`shell`): unlock once, lock on exit or idle. */
int review_shell(struct review_ctx *c);

/* Prints the overall help (cmd NULL) or one command's; 0, or 2 if unknown. */
int review_help(const char *cmd, int to_stderr);

/* 1 if name is a command that review_run() knows. */
int review_is_command(const char *name);

#endif

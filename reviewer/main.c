/*
 * sinetti-review — the supervision officers' offline tool.
 *
 * main() hardens the process before anything secret exists (no core
 * files, not dumpable or ptrace-able, memory locked where the limit
 * allows), points stdout's buffer at locked memory (decrypted text passes
 * through it), parses the global options and hands over to review_cmd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/review_cmd.h"
#include "sinetti/review_i18n.h"
#include "sinetti/smem.h"

#define STDOUT_BUF 65536

static int
usage_err(const char *what)
{
	fprintf(stderr, "sinetti-review: %s (sinetti-review --help)\n", what);
	return 2;
}

static int
parse_fd(const char *s, int *fd)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1000000)
		return -1;
	*fd = (int)v;
	return 0;
}

int
main(int argc, char **argv)
{
	struct review_ctx c;
	char *outbuf = NULL;
	const char *env;
	int i, rc, locked = 0;

	memset(&c, 0, sizeof(c));
	c.pass_fd = -1;
	if (smem_init() != 0) {
		fputs("sinetti-review: cannot start libsodium\n", stderr);
		return 1;
	}
	if (smem_harden_process(SMEM_LOCK_TRY, &locked) != 0) {
		fputs("sinetti-review: cannot harden the process\n", stderr);
		return 1;
	}
	if ((outbuf = smem_alloc(STDOUT_BUF)) != NULL)
		setvbuf(stdout, outbuf, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF,
		    STDOUT_BUF);
	if ((env = getenv("SINETTI_LANG")) != NULL && env[0] != '\0' &&
	    i18n_set(env) == 0)
		c.lang_forced = 1;
	c.store_dir = getenv("SINETTI_STORE");
	if (c.store_dir == NULL || c.store_dir[0] == '\0')
		c.store_dir = "./review-store";
	c.officer = getenv("SINETTI_OFFICER");
	if (c.officer == NULL || c.officer[0] == '\0')
		c.officer = getenv("USER");

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0) {
			rc = review_help(NULL, 0);
			goto out;
		}
		if (strcmp(a, "--version") == 0) {
			printf("sinetti-review %s\n", REVIEW_VERSION);
			rc = 0;
			goto out;
		}
		if (i + 1 >= argc) {
			rc = usage_err("an option needs a value");
			goto out;
		}
		if (strcmp(a, "--store") == 0)
			c.store_dir = argv[++i];
		else if (strcmp(a, "--officer") == 0)
			c.officer = argv[++i];
		else if (strcmp(a, "--passphrase-fd") == 0) {
			if (parse_fd(argv[++i], &c.pass_fd) != 0) {
				rc = usage_err("--passphrase-fd needs a number");
				goto out;
			}
		} else if (strcmp(a, "--lang") == 0) {
			if (i18n_set(argv[++i]) != 0) {
				rc = usage_err("--lang is fi, sv or en");
				goto out;
			}
			c.lang_forced = 1;
		} else {
			rc = usage_err("unknown option");
			goto out;
		}
	}
	if (i >= argc) {
		review_help(NULL, 1);
		rc = 2;
		goto out;
	}
	if (strcmp(argv[i], "help") == 0) {
		rc = review_help(i + 1 < argc ? argv[i + 1] : NULL, 0);
		goto out;
	}
	if (strcmp(argv[i], "init") == 0) {
		rc = review_init(&c, argc - i, argv + i);
		goto out;
	}
	if (!review_is_command(argv[i])) {
		fprintf(stderr, "sinetti-review: unknown command %s "
		    "(sinetti-review --help)\n", argv[i]);
		rc = 2;
		goto out;
	}
	if (strcmp(argv[i], "shell") == 0) {
		if (argc - i > 1) {
			rc = review_help("shell", strcmp(argv[i + 1], "--help"));
			rc = strcmp(argv[i + 1], "--help") == 0 ? 0 : 2;
			goto out;
		}
		rc = review_shell(&c);
		goto out;
	}
	rc = review_run(&c, argc - i, argv + i);
out:
	review_close(&c);
	fflush(stdout);
	/* stdio keeps using its buffer until exit: wipe it, never free it */
	if (outbuf != NULL)
		smem_wipe(outbuf, STDOUT_BUF);
	return rc;
}

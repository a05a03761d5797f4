/*
 * gwcmd.h — the sinetti-gateway commands (gateway/gwcmd_*.c), called by
 * gateway/main.c after it parsed the command line. Each returns the exit
 * code: 0 success, 1 a failure it explained in one line on stderr.
 * Reference: docs/gateway.md.
 */
#ifndef SINETTI_GWCMD_H
#define SINETTI_GWCMD_H

struct gwcmd_args {
	const char *state;		/* --state DIR (all commands) */
	const char *team_public;	/* init --team-public FILE */
	const char *hostname;		/* init --hostname NAME, or NULL */
	const char *listen;		/* serve --listen ADDR:PORT, or NULL */
	const char *out;		/* export --out FILE */
	const char *ack;		/* acknowledge --ack FILE */
	int purge;			/* acknowledge --purge */
	int no_sandbox;			/* serve --no-sandbox (tests only) */
	const char *file;		/* import-replies FILE (gwstatus.h) */
};

/* Names of the files init writes in the state directory. */
#define GW_FILE_UNITS "units"

int gwcmd_init(const struct gwcmd_args *a);
int gwcmd_serve(const struct gwcmd_args *a);
int gwcmd_export(const struct gwcmd_args *a);
int gwcmd_acknowledge(const struct gwcmd_args *a);
int gwcmd_check(const struct gwcmd_args *a);

/* Prints "sinetti-gateway: <msg>" as one line on stderr; returns 1. */
int gwcmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

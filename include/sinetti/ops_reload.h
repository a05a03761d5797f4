/*
 * ops_reload.h — what SIGHUP does to a serving gateway
 * (gateway/ops_reload.c).
 *
 * After start-up `serve` runs under a seccomp filter that refuses to open
 * files, so it cannot re-read anything itself. A small helper process,
 * forked before the filter and before any thread, does the reading: on
 * request it loads gateway.conf from the state directory, reads the files
 * it names (units, TLS certificate and key, team.pub) and sends their
 * bytes back over a socketpair. The helper is sandboxed too (its own filter:
 * read-only opens, no sockets, no exec); it holds nothing but what it
 * just read, and exits when the gateway does.
 *
 * The serving process then parses and checks everything in memory and
 * applies it only when all of it is good:
 *
 *   - the TLS certificate and key (ops_tls.h): new connections get the new
 *     certificate, open ones keep theirs;
 *   - the [site] settings and the units list: a new web_site, handed to
 *     the server; requests already running finish with the old one;
 *   - a rotated team public key (team.pub with a newer epoch; it may name a
 *     new reviewer signing key, as every rotation makes one): submissions
 *     from then on are sealed to it.
 *
 * Settings that libmicrohttpd or the vault fixed at start ([server] listen,
 * threads, user, metrics_listen; [tls] priorities; [limits]) are compared
 * with the running ones and a change is reported as needing a restart;
 * they are not applied. Any error keeps every running setting and is
 * reported in one line.
 *
 * Logs go to stderr with syslog priority prefixes: "<6>" a reload applied,
 * "<4>" a reload refused (also when the helper is gone) or a restart-only
 * change.
 */
#ifndef SINETTI_OPS_RELOAD_H
#define SINETTI_OPS_RELOAD_H

#include <stddef.h>

struct gwconf;
struct web_site;

#define OPS_RELOAD_MSG_MAX 320

/*
 * Forks the helper for state_dir. Call after the signal mask is set (the
 * helper inherits it and so ignores SIGINT/SIGTERM/SIGHUP), before the
 * privilege drop and before any thread is started. The helper keeps the
 * uid serve started with, so it can read what serve read at start; with
 * sandbox non-zero it installs its own seccomp filter (read-only opens,
 * no sockets, no exec; anything else fails with EPERM). It closes every
 * descriptor it inherited but stdin, stdout, stderr and its socket, dies
 * with the gateway (PR_SET_PDEATHSIG) and exits when its socket closes.
 * Errors: SNT_ERR_IO (socketpair or fork failed; err says so). Calling it
 * twice stops the first helper.
 */
int ops_reload_helper_start(const char *state_dir, int sandbox,
    char err[OPS_RELOAD_MSG_MAX]);

/* Closes the helper's socket (it then exits). Safe to call more than
 * once and without a helper. */
void ops_reload_helper_stop(void);

/* What a reload works on: the configuration and team key serve started
 * with, and how to hand the server a new site or team key. Either
 * function may be NULL (to check only). What they are given stays valid
 * until ops_reload_cleanup(). */
struct team_public;
struct ops_reload_target {
	const struct gwconf *conf;
	const struct team_public *team;
	void (*set_site)(void *ctx, const struct web_site *site);
	void (*set_team)(void *ctx, const struct team_public *team);
	void *ctx;
};

/*
 * One reload, as SIGHUP asks for it. Tells systemd RELOADING=1 and then
 * READY=1, counts the result in the metrics and logs one line (and one
 * more naming restart-only changes). On success hands the server the new
 * site, and the new team key when team.pub holds a newer epoch (after
 * `sinetti-keys rotate` or `remove-officer`), and returns 0. A team.pub
 * with an older epoch, or with another team key or reviewer signing key
 * for the running epoch, is refused. Errors (every running setting is
 * kept): SNT_ERR_CONFIG (gateway.conf, units or team.pub refused),
 * SNT_ERR_INVALID (certificate or key refused), SNT_ERR_SHUTDOWN (no
 * helper), SNT_ERR_IO, SNT_ERR_NOMEM. If msg is not NULL it receives the
 * line that was logged, without prefix.
 */
int ops_reload_run(const struct ops_reload_target *t,
    char msg[OPS_RELOAD_MSG_MAX]);

/* Frees every site and team key made by a reload. Only after the server
 * stopped. */
void ops_reload_cleanup(void);

#endif

/*
 * gwserver.h — the gateway's HTTPS transport (gateway/gwserver.c).
 *
 * libmicrohttpd over GnuTLS with internal epoll polling threads. Below the
 * web layer (web.h) it enforces the transport's rules: only GET, HEAD and
 * POST reach the application; a POST body is collected into smem memory up
 * to the body cap (a larger Content-Length gets 413 before any of the body
 * is read; a chunked body that grows past the cap closes the connection);
 * connection limits overall and per client address, an idle timeout, the
 * global submission rate limit (429), and the security headers on every
 * response.
 *
 * A submission's connection is suspended and the submission handed to the
 * sealer threads (gwpool.h, [server] seal_threads), which seal it and queue
 * it with the group committer; the connection stays suspended until the
 * commit is durable. Only then is the confirmation (or the 503 page)
 * rendered, so no polling thread ever seals or waits for the disk, the
 * crypto runs on every core however the connections are spread over the
 * polling threads, and no success page is ever sent for data that was not
 * stored.
 *
 * Nothing about a client (address, headers, what it sent) is logged or
 * kept after its connection ends.
 */
#ifndef SINETTI_GWSERVER_H
#define SINETTI_GWSERVER_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/committer.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwlimit.h"
#include "sinetti/gwstatus.h"
#include "sinetti/pubkey.h"
#include "sinetti/web.h"

struct gwserver;

/* What the server borrows (all must outlive gwserver_stop()), except
 * listen_fd and committer, which a successful gwserver_start() takes over. */
struct gwserver_deps {
	const struct gwconf *conf;
	int listen_fd;			/* bound and listening; the server owns it */
	const char *cert_pem;		/* NUL-terminated; read only at start */
	const char *key_pem;		/* NUL-terminated; read only at start */
	const struct web_site *site;
	struct committer *committer;	/* the server stops it */
	const struct team_public *team;
	struct gwlimit *limit;
	struct gwstatus *status;	/* the follow-up page (gwstatus.h) */
};

/* Counters for the closing log line; never anything per client. */
struct gwserver_counts {
	uint64_t stored;
	uint64_t failed;
	uint64_t rate_refused;
	uint64_t too_large;
};

/*
 * Starts the daemon on deps->listen_fd. Errors: SNT_ERR_INTERNAL (MHD
 * refused to start: bad TLS material or priorities), SNT_ERR_NOMEM.
 */
int gwserver_start(struct gwserver **s, const struct gwserver_deps *deps);

/*
 * 1 once a commit failed with SNT_ERR_PANIC: the store refuses every later
 * write, so the process should exit and be restarted.
 */
int gwserver_panicked(const struct gwserver *s);

void gwserver_counts(const struct gwserver *s, struct gwserver_counts *c);

/*
 * ops hook (issue 10): makes site the one every later request uses (a
 * SIGHUP reload). Requests already running finish with the site they
 * started with, so the caller keeps every old site alive until
 * gwserver_stop() returned (ops_reload.h does).
 */
void gwserver_set_site(struct gwserver *s, const struct web_site *site);

/* ops hook (issue 10): seals later submissions to team (a rotated team
 * key taken by a reload); team stays valid until gwserver_stop(). */
void gwserver_set_team(struct gwserver *s, const struct team_public *team);

/*
 * Refuses further submissions (503), stops the committer, which completes
 * every queued submission and so resumes every suspended connection, then
 * stops the daemon, closes every connection and frees s. NULL is accepted.
 */
void gwserver_stop(struct gwserver *s);

#endif

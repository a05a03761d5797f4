/*
 * ops_metrics.h — the gateway's operational counters, and the separate
 * loopback listener that serves them (gateway/ops_metrics.c).
 *
 * Counters are process-wide atomics: any thread may bump them at any time
 * without a lock, and they never hold anything but counts. No address,
 * unit, receipt, time of a single submission or any submitted text ever
 * reaches them. The commit latency histogram has coarse buckets and only
 * aggregates, so it cannot single out one sender.
 *
 * The listener is its own plain-HTTP libmicrohttpd daemon, bound to
 * 127.0.0.1 by default and never to the public port. It answers only
 * GET (and HEAD) on two paths:
 *
 *   /healthz  200 "ok" while the gateway is ready and its vault accepts
 *             writes; 503 "unavailable" otherwise.
 *   /metrics  the Prometheus text exposition format, version 0.0.4.
 *
 * Everything else is 404 (405 for other methods). It reads no request
 * body and keeps no state per client.
 */
#ifndef SINETTI_OPS_METRICS_H
#define SINETTI_OPS_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Why the gateway refused a request; the label of sinetti_refusals_total. */
enum ops_refusal {
	OPS_REFUSE_BAD_REQUEST = 0,	/* 400: malformed encoding, bad UTF-8 */
	OPS_REFUSE_NOT_FOUND,		/* 404 */
	OPS_REFUSE_METHOD,		/* 405 */
	OPS_REFUSE_TOO_LARGE,		/* 413: body over the cap */
	OPS_REFUSE_MEDIA_TYPE,		/* 415: not urlencoded */
	OPS_REFUSE_RATE,		/* 429: global submission rate limit */
	OPS_REFUSE_UNAVAILABLE,		/* 503: could not be saved, stopping */
	OPS_REFUSE_TIMEOUT,		/* connection closed idle */
	OPS_REFUSE_COUNT
};

/* Short snake_case name of a reason ("too_large"); "other" when unknown. */
const char *ops_refusal_name(enum ops_refusal why);

/* A monotonic clock in nanoseconds, for measuring commit latency. */
uint64_t ops_now_ns(void);

/* One submission durably committed; latency_ns is the time from handing
 * it to the committer to the commit (0 when not measured). */
void ops_metrics_stored(uint64_t latency_ns);
/* One submission whose commit failed (the citizen then gets the 503 page,
 * which ops_metrics_response counts as a refusal). */
void ops_metrics_commit_failed(void);
void ops_metrics_refusal(enum ops_refusal why);
/* Counts a response the public port sends by its status: 400, 404, 405,
 * 413, 415, 429 and 503 are refusals; anything else counts nothing. The
 * transport calls this once for every response it queues. */
void ops_metrics_response(unsigned status);
/* A TLS connection opened or closed on the public port. */
void ops_metrics_conn_open(void);
void ops_metrics_conn_close(void);
/* A SIGHUP reload finished; ok is 1 when the new settings took effect. */
void ops_metrics_reload(int ok);

/*
 * Health as /healthz reports it. The gateway sets ready once it serves;
 * the store failing (SNT_ERR_PANIC, disk full) sets vault_ok to 0.
 * Both start at 0 and 1 respectively.
 */
void ops_health_set_ready(int ready);
void ops_health_set_vault_ok(int ok);
int ops_health_ok(void);

/* A snapshot of every counter, for tests and for the renderer. */
#define OPS_LATENCY_BUCKETS 12
struct ops_metrics_snapshot {
	uint64_t stored;
	uint64_t commit_failed;
	uint64_t refusals[OPS_REFUSE_COUNT];
	uint64_t latency_bucket[OPS_LATENCY_BUCKETS + 1];	/* cumulative; last is +Inf */
	uint64_t latency_sum_ns;
	uint64_t open_connections;
	uint64_t reloads_ok, reloads_failed;
};
void ops_metrics_snapshot(struct ops_metrics_snapshot *s);
/* Upper bounds of the latency buckets, in seconds, ascending. */
extern const double ops_latency_bounds[OPS_LATENCY_BUCKETS];

/*
 * Renders every metric in the Prometheus text format into a malloc()ed,
 * NUL-terminated buffer the caller frees. store may be NULL (the vault
 * gauges are then left out); when given it is only read (counts). The
 * vault size comes from fstat(vault_fd) when vault_fd >= 0 (an open
 * descriptor of the vault's data.mdb: after the sandbox the gateway can
 * no longer look the file up by name), else from store_disk_size().
 * Errors: SNT_ERR_NOMEM.
 */
int ops_metrics_render(struct store *store, int vault_fd, char **out,
    size_t *len);

/*
 * Parses a listen address "IPv4:PORT", "[IPv6]:PORT" or "off" into
 * *ss (sockaddr_in or sockaddr_in6) and *sslen; "off" gives *sslen = 0.
 * PORT 0 asks the kernel for a free port. Errors: SNT_ERR_CONFIG.
 */
struct sockaddr_storage;
int ops_parse_listen(const char *text, struct sockaddr_storage *ss,
    unsigned *sslen);

struct ops_metrics_server;

/*
 * Starts the listener on listen (as ops_parse_listen reads it; NULL means
 * OPS_METRICS_LISTEN_DEFAULT). store is borrowed and must stay open until
 * ops_metrics_server_stop() returns; it may be NULL. vault_dir (may be
 * NULL) is the vault's directory: its data.mdb is opened read-only here,
 * for the size gauge (it holds no lock LMDB relies on; LMDB locks only
 * lock.mdb). With "off", *srv is
 * set to NULL and 0 is returned. Call it before the seccomp filter is
 * installed: it creates a thread and a socket. Errors: SNT_ERR_CONFIG
 * (bad address), SNT_ERR_IO (cannot bind: errno kept), SNT_ERR_NOMEM.
 */
#define OPS_METRICS_LISTEN_DEFAULT "127.0.0.1:9464"
int ops_metrics_server_start(struct ops_metrics_server **srv,
    const char *listen, struct store *store, const char *vault_dir);

/* The port the listener is bound to (useful with port 0); 0 when srv is
 * NULL. */
unsigned ops_metrics_server_port(const struct ops_metrics_server *srv);

/* Stops the listener and frees srv. NULL is accepted. */
void ops_metrics_server_stop(struct ops_metrics_server *srv);

#endif

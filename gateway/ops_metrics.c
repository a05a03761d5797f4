/*
 * ops_metrics.c — counters, the Prometheus text renderer and the loopback
 * metrics listener. See include/sinetti/ops_metrics.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sinetti/err.h"
#include "sinetti/ops_metrics.h"
#include "sinetti/store.h"

/* Seconds. From a single fsync on a fast SSD (~1 ms) to a stalled disk. */
const double ops_latency_bounds[OPS_LATENCY_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
	0.1, 0.25, 0.5, 1.0, 2.5, 10.0
};

static const char *const refusal_names[OPS_REFUSE_COUNT] = {
	[OPS_REFUSE_BAD_REQUEST] = "bad_request",
	[OPS_REFUSE_NOT_FOUND] = "not_found",
	[OPS_REFUSE_METHOD] = "method",
	[OPS_REFUSE_TOO_LARGE] = "too_large",
	[OPS_REFUSE_MEDIA_TYPE] = "media_type",
	[OPS_REFUSE_RATE] = "rate_limited",
	[OPS_REFUSE_UNAVAILABLE] = "unavailable",
	[OPS_REFUSE_TIMEOUT] = "timeout",
};

/* Relaxed atomics: each counter is independent and only ever grows (or,
 * for connections, moves by one); a scrape needs no cross-counter order. */
static _Atomic uint64_t m_stored;
static _Atomic uint64_t m_commit_failed;
static _Atomic uint64_t m_refusals[OPS_REFUSE_COUNT];
static _Atomic uint64_t m_bucket[OPS_LATENCY_BUCKETS + 1];	/* not cumulative */
static _Atomic uint64_t m_latency_sum_ns;
static _Atomic int64_t m_open_conns;
static _Atomic uint64_t m_reloads_ok, m_reloads_failed;
static atomic_int h_ready;
static atomic_int h_vault_ok = 1;

#define INC(x) atomic_fetch_add_explicit(&(x), 1, memory_order_relaxed)
#define GET(x) atomic_load_explicit(&(x), memory_order_relaxed)

const char *
ops_refusal_name(enum ops_refusal why)
{
	if ((unsigned)why >= OPS_REFUSE_COUNT)
		return "other";
	return refusal_names[why];
}

uint64_t
ops_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
ops_metrics_stored(uint64_t latency_ns)
{
	size_t i;
	double s = (double)latency_ns / 1e9;

	INC(m_stored);
	for (i = 0; i < OPS_LATENCY_BUCKETS; i++)
		if (s <= ops_latency_bounds[i])
			break;
	INC(m_bucket[i]);
	atomic_fetch_add_explicit(&m_latency_sum_ns, latency_ns,
	    memory_order_relaxed);
}

void
ops_metrics_commit_failed(void)
{
	INC(m_commit_failed);
}

void
ops_metrics_refusal(enum ops_refusal why)
{
	if ((unsigned)why < OPS_REFUSE_COUNT)
		INC(m_refusals[why]);
}

void
ops_metrics_response(unsigned status)
{
	switch (status) {
	case 400: INC(m_refusals[OPS_REFUSE_BAD_REQUEST]); break;
	case 404: INC(m_refusals[OPS_REFUSE_NOT_FOUND]); break;
	case 405: INC(m_refusals[OPS_REFUSE_METHOD]); break;
	case 413: INC(m_refusals[OPS_REFUSE_TOO_LARGE]); break;
	case 415: INC(m_refusals[OPS_REFUSE_MEDIA_TYPE]); break;
	case 429: INC(m_refusals[OPS_REFUSE_RATE]); break;
	case 503: INC(m_refusals[OPS_REFUSE_UNAVAILABLE]); break;
	default: break;
	}
}

void
ops_metrics_conn_open(void)
{
	atomic_fetch_add_explicit(&m_open_conns, 1, memory_order_relaxed);
}

void
ops_metrics_conn_close(void)
{
	atomic_fetch_sub_explicit(&m_open_conns, 1, memory_order_relaxed);
}

void
ops_metrics_reload(int ok)
{
	if (ok)
		INC(m_reloads_ok);
	else
		INC(m_reloads_failed);
}

void
ops_health_set_ready(int ready)
{
	atomic_store(&h_ready, ready != 0);
}

void
ops_health_set_vault_ok(int ok)
{
	atomic_store(&h_vault_ok, ok != 0);
}

int
ops_health_ok(void)
{
	return atomic_load(&h_ready) && atomic_load(&h_vault_ok);
}

void
ops_metrics_snapshot(struct ops_metrics_snapshot *s)
{
	size_t i;
	uint64_t cum = 0;
	int64_t c;

	memset(s, 0, sizeof(*s));
	s->stored = GET(m_stored);
	s->commit_failed = GET(m_commit_failed);
	for (i = 0; i < OPS_REFUSE_COUNT; i++)
		s->refusals[i] = GET(m_refusals[i]);
	for (i = 0; i <= OPS_LATENCY_BUCKETS; i++) {
		cum += GET(m_bucket[i]);
		s->latency_bucket[i] = cum;
	}
	s->latency_sum_ns = GET(m_latency_sum_ns);
	c = GET(m_open_conns);
	s->open_connections = c > 0 ? (uint64_t)c : 0;
	s->reloads_ok = GET(m_reloads_ok);
	s->reloads_failed = GET(m_reloads_failed);
}

/* ---------------------------------------------------------------- render */

struct sbuf {
	char *p;
	size_t len, cap;
	int failed;
};

__attribute__((format(printf, 2, 3)))
static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t need;
	char *np;

	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		need = b->len + (size_t)n + 1;
		if (need < b->cap * 2)
			need = b->cap * 2;
		if ((np = realloc(b->p, need)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = need;
	}
}

static void
sb_head(struct sbuf *b, const char *name, const char *type, const char *help)
{
	sb_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

int
ops_metrics_render(struct store *store, int vault_fd, char **out, size_t *len)
{
	struct stat st;
	struct ops_metrics_snapshot s;
	struct sbuf b = { NULL, 0, 0, 0 };
	size_t i, all = 0, unacked = 0;
	uint64_t bytes = 0;
	int have_bytes = 0;

	*out = NULL;
	*len = 0;
	ops_metrics_snapshot(&s);
	if ((b.p = malloc(4096)) == NULL)
		return SNT_ERR_NOMEM;
	b.cap = 4096;
	b.p[0] = '\0';

	sb_head(&b, "sinetti_up", "gauge",
	    "1 while the gateway is ready and its vault accepts writes.");
	sb_printf(&b, "sinetti_up %d\n", ops_health_ok());
	sb_head(&b, "sinetti_submissions_stored_total", "counter",
	    "Submissions durably committed to the vault.");
	sb_printf(&b, "sinetti_submissions_stored_total %llu\n",
	    (unsigned long long)s.stored);
	sb_head(&b, "sinetti_commit_failures_total", "counter",
	    "Submissions whose commit failed (the sender was asked to retry).");
	sb_printf(&b, "sinetti_commit_failures_total %llu\n",
	    (unsigned long long)s.commit_failed);
	sb_head(&b, "sinetti_refusals_total", "counter",
	    "Requests refused, by reason.");
	for (i = 0; i < OPS_REFUSE_COUNT; i++)
		sb_printf(&b, "sinetti_refusals_total{reason=\"%s\"} %llu\n",
		    refusal_names[i], (unsigned long long)s.refusals[i]);
	sb_head(&b, "sinetti_commit_seconds", "histogram",
	    "Time from queueing a submission to its durable commit.");
	for (i = 0; i < OPS_LATENCY_BUCKETS; i++)
		sb_printf(&b, "sinetti_commit_seconds_bucket{le=\"%g\"} %llu\n",
		    ops_latency_bounds[i],
		    (unsigned long long)s.latency_bucket[i]);
	sb_printf(&b, "sinetti_commit_seconds_bucket{le=\"+Inf\"} %llu\n",
	    (unsigned long long)s.latency_bucket[OPS_LATENCY_BUCKETS]);
	sb_printf(&b, "sinetti_commit_seconds_sum %.9f\n",
	    (double)s.latency_sum_ns / 1e9);
	sb_printf(&b, "sinetti_commit_seconds_count %llu\n",
	    (unsigned long long)s.latency_bucket[OPS_LATENCY_BUCKETS]);
	sb_head(&b, "sinetti_open_connections", "gauge",
	    "TLS connections open on the public port.");
	sb_printf(&b, "sinetti_open_connections %llu\n",
	    (unsigned long long)s.open_connections);
	sb_head(&b, "sinetti_reloads_total", "counter",
	    "Configuration reloads (SIGHUP), by result.");
	sb_printf(&b, "sinetti_reloads_total{result=\"ok\"} %llu\n",
	    (unsigned long long)s.reloads_ok);
	sb_printf(&b, "sinetti_reloads_total{result=\"failed\"} %llu\n",
	    (unsigned long long)s.reloads_failed);
	if (vault_fd >= 0)
		have_bytes = fstat(vault_fd, &st) == 0;
	else if (store != NULL)
		have_bytes = store_disk_size(store, &bytes) == 0;
	if (vault_fd >= 0 && have_bytes)
		bytes = (uint64_t)st.st_size;
	if (have_bytes) {
		sb_head(&b, "sinetti_vault_bytes", "gauge",
		    "Size of the vault on disk.");
		sb_printf(&b, "sinetti_vault_bytes %llu\n",
		    (unsigned long long)bytes);
	}
	if (store != NULL && store_count(store, &all, &unacked) == 0) {
		sb_head(&b, "sinetti_vault_envelopes", "gauge",
		    "Sealed envelopes in the vault.");
		sb_printf(&b, "sinetti_vault_envelopes %zu\n", all);
		sb_head(&b, "sinetti_vault_unacknowledged", "gauge",
		    "Envelopes not yet acknowledged by the reviewer.");
		sb_printf(&b, "sinetti_vault_unacknowledged %zu\n", unacked);
	}
	if (b.failed) {
		free(b.p);
		return SNT_ERR_NOMEM;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

/* ---------------------------------------------------------------- listen */

int
ops_parse_listen(const char *text, struct sockaddr_storage *ss,
    unsigned *sslen)
{
	char host[64];
	const char *colon, *hs, *he, *p;
	unsigned long port = 0;
	size_t hl;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*sslen = 0;
	if (text == NULL)
		return SNT_ERR_CONFIG;
	if (strcmp(text, "off") == 0)
		return 0;
	if (text[0] == '[') {
		hs = text + 1;
		if ((he = strchr(hs, ']')) == NULL || he[1] != ':')
			return SNT_ERR_CONFIG;
		colon = he + 1;
	} else {
		hs = text;
		if ((colon = strrchr(text, ':')) == NULL)
			return SNT_ERR_CONFIG;
		he = colon;
	}
	hl = (size_t)(he - hs);
	if (hl == 0 || hl >= sizeof(host))
		return SNT_ERR_CONFIG;
	memcpy(host, hs, hl);
	host[hl] = '\0';
	p = colon + 1;
	if (*p == '\0' || strlen(p) > 5)
		return SNT_ERR_CONFIG;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return SNT_ERR_CONFIG;
		port = port * 10 + (unsigned long)(*p - '0');
	}
	if (port > 65535)
		return SNT_ERR_CONFIG;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sslen = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*s6);
		return 0;
	}
	return SNT_ERR_CONFIG;
}

struct ops_metrics_server {
	struct MHD_Daemon *d;
	struct store *store;
	int vault_fd;		/* data.mdb, read-only, or -1 */
	unsigned port;
};

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *ctype,
    char *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (r == NULL) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

#define TEXT(s) (char *)(uintptr_t)(s), sizeof(s) - 1, MHD_RESPMEM_PERSISTENT

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **req)
{
	struct ops_metrics_server *srv = cls;
	static int first;
	char *body = NULL;
	size_t len = 0;

	(void)version;
	(void)upload;
	if (*req == NULL) {
		/* Answer only once the headers are in; never read a body. */
		*req = &first;
		return MHD_YES;
	}
	if (*upload_len != 0) {
		*upload_len = 0;	/* discarded unread */
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "text/plain; charset=utf-8", TEXT("method not allowed\n"));
	if (strcmp(url, "/healthz") == 0) {
		if (ops_health_ok())
			return reply(c, MHD_HTTP_OK,
			    "text/plain; charset=utf-8", TEXT("ok\n"));
		return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "text/plain; charset=utf-8", TEXT("unavailable\n"));
	}
	if (strcmp(url, "/metrics") == 0) {
		if (ops_metrics_render(srv->store, srv->vault_fd, &body,
		    &len) != 0)
			return MHD_NO;
		return reply(c, MHD_HTTP_OK,
		    "text/plain; version=0.0.4; charset=utf-8", body, len,
		    MHD_RESPMEM_MUST_FREE);
	}
	return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
	    TEXT("not found\n"));
}

int
ops_metrics_server_start(struct ops_metrics_server **out, const char *listen,
    struct store *store, const char *vault_dir)
{
	char path[PATH_MAX];
	int n;
	struct ops_metrics_server *srv = NULL;
	struct sockaddr_storage ss;
	unsigned sslen;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
	const union MHD_DaemonInfo *info;
	int r;

	*out = NULL;
	if ((r = ops_parse_listen(listen != NULL ? listen :
	    OPS_METRICS_LISTEN_DEFAULT, &ss, &sslen)) != 0)
		return r;
	if (sslen == 0)
		return 0;
	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return SNT_ERR_NOMEM;
	srv->store = store;
	srv->vault_fd = -1;
	if (vault_dir != NULL) {
		n = snprintf(path, sizeof(path), "%s/data.mdb", vault_dir);
		if (n > 0 && (size_t)n < sizeof(path))
			srv->vault_fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* A handful of connections and a short timeout: this port serves
	 * one local scraper, not the public. */
	srv->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)8,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
	    MHD_OPTION_END);
	if (srv->d == NULL) {
		int e = errno;

		if (srv->vault_fd >= 0)
			close(srv->vault_fd);
		free(srv);
		errno = e;
		return SNT_ERR_IO;
	}
	info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : 0;
	*out = srv;
	return 0;
}

unsigned
ops_metrics_server_port(const struct ops_metrics_server *srv)
{
	return srv != NULL ? srv->port : 0;
}

void
ops_metrics_server_stop(struct ops_metrics_server *srv)
{
	if (srv == NULL)
		return;
	MHD_stop_daemon(srv->d);
	if (srv->vault_fd >= 0)
		close(srv->vault_fd);
	free(srv);
}

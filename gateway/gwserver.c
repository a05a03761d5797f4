/* gwserver.c — libmicrohttpd over GnuTLS, below the web layer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sinetti/envelope.h"
#include "sinetti/err.h"
#include "sinetti/gwpool.h"
#include "sinetti/gwserver.h"
#include "sinetti/ops_metrics.h"	/* ops hooks (issue 10) */
#include "sinetti/ops_tls.h"
#include "sinetti/receipt.h"
#include "sinetti/smem.h"

#define BODY_CHUNK (16u * 1024u)

/* The stylesheet is the only resource a page loads. */
#define CSP "default-src 'none'; style-src 'self'; img-src 'self'; " \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

struct gwserver {
	struct MHD_Daemon *d;
	struct gwserver_deps deps;
	struct gwpool *sealers;		/* seal_queued() on every core */
	pthread_rwlock_t stop_lock;	/* held shared around committer_submit */
	int stopping;
	atomic_int panicked;
	atomic_int active;		/* ops hook: requests under way */
	atomic_uint_fast64_t stored, failed, rate_refused, too_large;
	struct gwlimit *log_limit;	/* libmicrohttpd's messages */
	atomic_uint_fast64_t log_dropped;
};

/* A flood of refused connections must not become a flood of log lines. */
#define MHD_LOG_PER_MINUTE 20

enum req_state {
	Q_HEADERS = 0,	/* first call seen */
	Q_BODY,		/* collecting a POST body */
	Q_DISCARD,	/* a response is queued; ignore the rest */
	Q_WAITING,	/* suspended: being sealed, then until durable */
	Q_DONE
};

struct req {
	struct gwserver *s;
	struct MHD_Connection *conn;
	enum req_state state;
	uint8_t *body;			/* smem */
	size_t len, cap;
	struct web_response resp;	/* kept while a commit is pending */
	uint8_t *receipt;		/* smem, RECEIPT_BYTES */
	atomic_int result;
	uint64_t t_submit;		/* ops hook: commit latency */
};

/* A response owned by MHD until it is sent: the web layer's struct, kept
 * whole so its body is freed (and wiped if secure) by its own free. */
struct held {
	struct web_response resp;
};

static void
held_free(void *cls)
{
	struct held *h = cls;

	web_response_free(&h->resp);
	free(h);
}

/* ops hook (issue 10): the site may be swapped by a reload. */
static const struct web_site *
site_of(struct gwserver *s)
{
	return __atomic_load_n(&s->deps.site, __ATOMIC_ACQUIRE);
}

void
gwserver_set_site(struct gwserver *s, const struct web_site *site)
{
	__atomic_store_n(&s->deps.site, site, __ATOMIC_RELEASE);
}

void
gwserver_set_team(struct gwserver *s, const struct team_public *team)
{
	__atomic_store_n(&s->deps.team, team, __ATOMIC_RELEASE);
}

static int
add_headers(struct MHD_Response *r, const struct web_response *w)
{
	static const char *const fixed[][2] = {
		{ "Strict-Transport-Security", "max-age=63072000" },
		{ "Content-Security-Policy", CSP },
		{ "X-Content-Type-Options", "nosniff" },
		{ "Referrer-Policy", "no-referrer" },
		{ "X-Frame-Options", "DENY" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
		{ "Permissions-Policy", "interest-cohort=(), camera=(), "
		  "microphone=(), geolocation=()" },
	};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (MHD_add_response_header(r, fixed[i][0], fixed[i][1]) !=
		    MHD_YES)
			return -1;
	if (w->content_type != NULL && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_CONTENT_TYPE, w->content_type) != MHD_YES)
		return -1;
	if (w->lang != NULL && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_CONTENT_LANGUAGE, w->lang) != MHD_YES)
		return -1;
	if (w->location != NULL && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_LOCATION, w->location) != MHD_YES)
		return -1;
	if (w->no_store && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES)
		return -1;
	/* The stylesheet is the same for everyone and holds nothing about
	 * anybody: a day's caching spares a slow phone a download per page.
	 * no_store wins if both were ever set. */
	if (!w->no_store && w->cache_static && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400") != MHD_YES)
		return -1;
	/* Allow names what this path takes (RFC 9110 15.5.6); the web layer
	 * knows it. A 405 made without one still gets the widest set. */
	if (w->allow != NULL && MHD_add_response_header(r,
	    MHD_HTTP_HEADER_ALLOW, w->allow) != MHD_YES)
		return -1;
	if (w->allow == NULL && w->status == MHD_HTTP_METHOD_NOT_ALLOWED &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
	    "GET, HEAD, POST") != MHD_YES)
		return -1;
	return 0;
}

/* Queues w and takes it over (w is reset). */
static enum MHD_Result
send_page(struct MHD_Connection *conn, struct web_response *w)
{
	struct MHD_Response *r = NULL;
	struct held *h;
	enum MHD_Result ok;
	static char empty[1];

	if ((h = malloc(sizeof(*h))) == NULL) {
		web_response_free(w);
		return MHD_NO;
	}
	h->resp = *w;
	memset(w, 0, sizeof(*w));
	r = MHD_create_response_from_buffer_with_free_callback_cls(
	    h->resp.body_len, h->resp.body != NULL ? (void *)h->resp.body :
	    (void *)empty, held_free, h);
	if (r == NULL) {
		held_free(h);
		return MHD_NO;
	}
	if (add_headers(r, &h->resp) != 0) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	ops_metrics_response((unsigned)h->resp.status);	/* ops hook */
	ok = MHD_queue_response(conn, (unsigned)h->resp.status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result
send_refusal(struct gwserver *s, struct MHD_Connection *conn, int status,
    const char *lang)
{
	struct web_response w;

	memset(&w, 0, sizeof(w));
	if (web_render_refusal(site_of(s), status, lang, &w) != 0) {
		web_response_free(&w);
		return MHD_NO;
	}
	return send_page(conn, &w);
}

static const char *
header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static int
is_urlencoded(const char *ct)
{
	static const char want[] = "application/x-www-form-urlencoded";
	size_t n = sizeof(want) - 1;

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parses a Content-Length the client sent; -1 if absent or not a number. */
static long long
content_length(struct MHD_Connection *conn)
{
	const char *v = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
	long long n = 0;

	if (v == NULL || *v == '\0')
		return -1;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9' || n > (1LL << 40))
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n;
}

static int
body_append(struct req *q, const char *data, size_t n, size_t max)
{
	uint8_t *nb;
	size_t ncap;

	if (n > max || max - n < q->len)
		return SNT_ERR_TOO_LARGE;
	if (q->cap - q->len < n) {
		ncap = q->cap == 0 ? BODY_CHUNK : q->cap;
		while (ncap - q->len < n)
			ncap = ncap > max / 2 ? max : ncap * 2;
		if ((nb = smem_alloc(ncap)) == NULL)
			return SNT_ERR_NOMEM;
		if (q->len > 0)
			memcpy(nb, q->body, q->len);
		smem_free(q->body);
		q->body = nb;
		q->cap = ncap;
	}
	memcpy(q->body + q->len, data, n);
	q->len += n;
	return 0;
}

/* Called from the committer's thread once the batch holding it is
 * durable (result 0) or failed. Must not block. */
static void
commit_done(void *ctx, int result)
{
	struct req *q = ctx;

	if (result == 0)	/* ops hook: counts only */
		ops_metrics_stored(ops_now_ns() - q->t_submit);
	else
		ops_metrics_commit_failed();
	atomic_store(&q->result, result);
	MHD_resume_connection(q->conn);
}

static void
log_commit_failure(struct gwserver *s, int r)
{
	atomic_fetch_add(&s->failed, 1);
	fprintf(stderr, "<3>sinetti-gateway: a submission could not be "
	    "stored: %s\n", snt_strerror(r));
	if (r == SNT_ERR_PANIC)
		ops_health_set_vault_ok(0);	/* ops hook: /healthz */
	if (r == SNT_ERR_PANIC && !atomic_exchange(&s->panicked, 1))
		fprintf(stderr, "<2>sinetti-gateway: the vault refuses writes; "
		    "stopping so the supervisor restarts the gateway\n");
}

/*
 * On a sealer thread (gwpool.h): seals q->resp.content with the receipt
 * in q->receipt and queues it with the committer, whose commit_done()
 * resumes the connection. On any failure the connection is resumed here
 * with the error in q->result. Nothing else touches q meanwhile: its
 * connection is suspended.
 */
static void
seal_queued(void *ctx, void *item)
{
	struct gwserver *s = ctx;
	struct req *q = item;
	struct receipt_keys *k = NULL;
	const struct team_public *team;	/* ops hook */
	struct store_item it;
	uint8_t *env = NULL;
	size_t envlen = 0;
	int r;

	memset(&it, 0, sizeof(it));
	if ((k = smem_alloc(sizeof(*k))) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	receipt_derive(q->receipt, k);
	memcpy(q->resp.content.reply_pk, k->reply_pk, 32);
	q->resp.content.arrival = (uint64_t)time(NULL);
	/* ops hook: one load; a reload may swap the team key. */
	team = __atomic_load_n(&s->deps.team, __ATOMIC_ACQUIRE);
	if ((r = envelope_seal(&q->resp.content, team->team_pk,
	    team->key_id, &env, &envlen)) != 0)
		goto out;
	envelope_new_id(it.id);
	it.env = env;
	it.env_len = envlen;
	memcpy(it.lookup, k->lookup, RECEIPT_LOOKUP_BYTES);
	it.has_lookup = 1;
	pthread_rwlock_rdlock(&s->stop_lock);
	q->t_submit = ops_now_ns();	/* ops hook */
	r = s->stopping ? SNT_ERR_SHUTDOWN : committer_submit(
	    s->deps.committer, &it, env, commit_done, q);
	pthread_rwlock_unlock(&s->stop_lock);
	if (r == 0)
		env = NULL;	/* the committer's; q may already be gone */
out:
	smem_free(k);
	free(env);
	if (r != 0) {
		atomic_store(&q->result, r);
		MHD_resume_connection(q->conn);
	}
}

/*
 * Makes the receipt and hands the sealing to the sealer threads. On 0 the
 * connection is suspended and seal_queued() or commit_done() will resume
 * it; otherwise nothing was queued. The receipt is allocated here, not on
 * the sealer, so the smem block is taken and given back on this thread
 * (smem keeps a cache per thread).
 */
static int
submit(struct gwserver *s, struct req *q)
{
	int r;

	if ((q->receipt = smem_alloc(RECEIPT_BYTES)) == NULL)
		return SNT_ERR_NOMEM;
	receipt_generate(q->receipt);
	/* Suspend first: a sealer may resume it before push returns. */
	MHD_suspend_connection(q->conn);
	q->state = Q_WAITING;
	if ((r = gwpool_push(s->sealers, q)) != 0) {
		q->state = Q_BODY;
		MHD_resume_connection(q->conn);
	}
	return r;
}

/* The page after a commit: confirmation with the receipt, or 503. */
static enum MHD_Result
finish_submit(struct gwserver *s, struct req *q, int result)
{
	char text[RECEIPT_TEXT_LEN + 1];
	int r;

	if (result == 0 && q->receipt != NULL) {
		atomic_fetch_add(&s->stored, 1);
		receipt_format(q->receipt, text);
		r = web_render_confirmation(site_of(s), &q->resp, text);
		smem_wipe(text, sizeof(text));
	} else {
		log_commit_failure(s, result);
		r = web_render_unavailable(site_of(s), &q->resp);
	}
	smem_free(q->receipt);
	q->receipt = NULL;
	q->state = Q_DONE;
	if (r != 0)
		return send_refusal(s, q->conn, 503, NULL);
	return send_page(q->conn, &q->resp);
}

/* The follow-up page: rate first, then gwstatus_answer (gwstatus.h). The
 * client's address is used for its bucket only, never kept or logged. */
static enum MHD_Result
status_request(struct gwserver *s, struct req *q, const char *lang)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(q->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (s->deps.status == NULL || gwstatus_take(s->deps.status,
	    ci != NULL ? ci->client_addr : NULL, gwlimit_now_ms()) != 0) {
		atomic_fetch_add(&s->rate_refused, 1);
		web_response_free(&q->resp);
		return send_refusal(s, q->conn, 429, lang);
	}
	if (gwstatus_answer(s->deps.status, site_of(s), &q->resp) != 0) {
		web_response_free(&q->resp);
		return send_refusal(s, q->conn, 503, lang);
	}
	return send_page(q->conn, &q->resp);
}

static enum MHD_Result
complete(struct gwserver *s, struct req *q, const char *url,
    const char *method)
{
	struct web_request wr;
	const char *lang;
	int act, r;

	memset(&wr, 0, sizeof(wr));
	wr.method = method;
	wr.path = url;
	wr.accept_language = header(q->conn, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	wr.content_type = header(q->conn, MHD_HTTP_HEADER_CONTENT_TYPE);
	wr.body = q->body;
	wr.body_len = q->len;
	q->state = Q_DONE;
	act = web_handle(site_of(s), &wr, &q->resp);
	/* The raw body is not needed any more. */
	smem_free(q->body);
	q->body = NULL;
	q->len = q->cap = 0;
	if (act < 0)
		return send_refusal(s, q->conn, 503, NULL);
	if (act == WEB_RESPOND)
		return send_page(q->conn, &q->resp);
	lang = q->resp.lang;
	if (act == WEB_STATUS)
		return status_request(s, q, lang);
	if (act != WEB_SUBMIT) {
		web_response_free(&q->resp);
		return send_refusal(s, q->conn, 404, lang);
	}
	if (gwlimit_take(s->deps.limit, gwlimit_now_ms()) != 0) {
		atomic_fetch_add(&s->rate_refused, 1);
		web_response_free(&q->resp);
		return send_refusal(s, q->conn, 429, lang);
	}
	if ((r = submit(s, q)) == 0)
		return MHD_YES;	/* suspended; commit_done() resumes */
	return finish_submit(s, q, r);
}

/* First call: only the headers are known. Refuses early what needs no
 * body to refuse, so an oversized or unwanted body is never read. */
static enum MHD_Result
first_call(struct gwserver *s, struct req *q, const char *url,
    const char *method)
{
	long long cl;

	if (strcmp(method, "POST") != 0) {
		if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
			q->state = Q_DISCARD;
			return MHD_YES;
		}
		return complete(s, q, url, method);	/* 405 */
	}
	if (!is_urlencoded(header(q->conn, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return complete(s, q, url, method);	/* 415 */
	cl = content_length(q->conn);
	if (cl > (long long)s->deps.conf->body_max) {
		atomic_fetch_add(&s->too_large, 1);
		q->state = Q_DONE;
		return send_refusal(s, q->conn, 413, NULL);
	}
	/*
	 * Allocate for what the client announced only up to one chunk: the
	 * rest grows as bytes really arrive (body_append). Otherwise a slow
	 * client announcing the cap would pin body_max of locked memory per
	 * connection before sending anything (400 slow bodies held 63 MiB).
	 */
	if (cl > 0) {
		size_t first = (size_t)cl < BODY_CHUNK ? (size_t)cl : BODY_CHUNK;

		if ((q->body = smem_alloc(first)) == NULL)
			return MHD_NO;
		q->cap = first;
	}
	q->state = Q_BODY;
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct gwserver *s = cls;
	struct req *q = *con_cls;

	(void)version;
	if (q == NULL) {
		if ((q = calloc(1, sizeof(*q))) == NULL)
			return MHD_NO;
		q->s = s;
		q->conn = conn;
		atomic_fetch_add(&s->active, 1);	/* ops hook */
		*con_cls = q;
		return first_call(s, q, url, method);
	}
	switch (q->state) {
	case Q_WAITING:
		return finish_submit(s, q, atomic_load(&q->result));
	case Q_BODY:
		if (*upload_data_size == 0)
			return complete(s, q, url, method);
		if (body_append(q, upload_data, *upload_data_size,
		    s->deps.conf->body_max) != 0) {
			/* A chunked body past the cap: no response can be
			 * queued mid-body, so the connection is closed. */
			atomic_fetch_add(&s->too_large, 1);
			ops_metrics_refusal(OPS_REFUSE_TOO_LARGE);
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	case Q_DISCARD:
		if (*upload_data_size != 0) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		return complete(s, q, url, method);
	default:
		*upload_data_size = 0;
		return MHD_YES;
	}
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *q = *con_cls;

	(void)cls;
	(void)conn;
	if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		ops_metrics_refusal(OPS_REFUSE_TIMEOUT);	/* ops hook */
	if (q == NULL)
		return;
	smem_free(q->body);
	smem_free(q->receipt);
	web_response_free(&q->resp);
	atomic_fetch_sub(&q->s->active, 1);	/* ops hook */
	free(q);
	*con_cls = NULL;
}

/* ops hook (issue 10): the open-connections gauge. */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)conn;
	(void)socket_ctx;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		ops_metrics_conn_open();
	else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
		ops_metrics_conn_close();
}

/* libmicrohttpd's own messages may carry a client's address among their
 * arguments, so only the fixed format text is logged. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct gwserver *s = cls;
	size_t n = strlen(fmt);
	uint64_t dropped;

	(void)ap;
	if (gwlimit_take(s->log_limit, gwlimit_now_ms()) != 0) {
		atomic_fetch_add(&s->log_dropped, 1);
		return;
	}
	while (n > 0 && fmt[n - 1] == '\n')
		n--;
	fprintf(stderr, "<4>sinetti-gateway: libmicrohttpd: %.*s\n", (int)n,
	    fmt);
	if ((dropped = atomic_exchange(&s->log_dropped, 0)) > 0)
		fprintf(stderr, "<4>sinetti-gateway: libmicrohttpd: %llu more "
		    "messages not logged (over %d a minute)\n",
		    (unsigned long long)dropped, MHD_LOG_PER_MINUTE);
}

int
gwserver_start(struct gwserver **out, const struct gwserver_deps *deps)
{
	struct gwserver *s;
	const struct gwconf *c = deps->conf;
	unsigned flags = MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	*out = NULL;
	/* ops hook (issue 10): the certificate lives in ops_tls, so SIGHUP
	 * can replace it for new connections. */
	if (ops_tls_load_mem(deps->cert_pem, strlen(deps->cert_pem),
	    deps->key_pem, strlen(deps->key_pem), NULL, NULL) != 0)
		return SNT_ERR_INTERNAL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SNT_ERR_NOMEM;
	s->deps = *deps;
	if (gwlimit_new(&s->log_limit, MHD_LOG_PER_MINUTE) != 0) {
		free(s);
		return SNT_ERR_NOMEM;
	}
	pthread_rwlock_init(&s->stop_lock, NULL);
	/* One suspended submission per connection at most, so a queue as
	 * long as the connection limit never refuses one. */
	if (gwpool_start(&s->sealers, c->seal_threads > 0 ? c->seal_threads :
	    gwpool_cpus(), (size_t)c->connections + 1, seal_queued, s) != 0) {
		pthread_rwlock_destroy(&s->stop_lock);
		gwlimit_free(s->log_limit);
		free(s);
		return SNT_ERR_INTERNAL;
	}
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)deps->listen_fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(c->threads > 1 ?
	    c->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)c->connections_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->connection_timeout,
	    /* 16 KiB a connection instead of MHD's 32: headers of any
	     * browser fit, the body is streamed into our own buffer, and
	     * 1,000 idle connections stay within the RSS goal
	     * (docs/performance.md) */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
	    MHD_OPTION_HTTPS_CERT_CALLBACK, &ops_tls_retrieve,	/* ops hook */
	    MHD_OPTION_HTTPS_PRIORITIES, c->tls_priorities,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,	/* ops hook */
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		gwpool_free(s->sealers);
		pthread_rwlock_destroy(&s->stop_lock);
		gwlimit_free(s->log_limit);
		free(s);
		return SNT_ERR_INTERNAL;
	}
	*out = s;
	return 0;
}

int
gwserver_panicked(const struct gwserver *s)
{
	return atomic_load(&((struct gwserver *)(uintptr_t)s)->panicked);
}

void
gwserver_counts(const struct gwserver *s, struct gwserver_counts *c)
{
	struct gwserver *m = (struct gwserver *)(uintptr_t)s;

	c->stored = atomic_load(&m->stored);
	c->failed = atomic_load(&m->failed);
	c->rate_refused = atomic_load(&m->rate_refused);
	c->too_large = atomic_load(&m->too_large);
}

void
gwserver_stop(struct gwserver *s)
{
	if (s == NULL)
		return;
	MHD_socket lfd;
	const union MHD_DaemonInfo *info;
	int i;

	/* No new connections; then no new submissions. */
	lfd = MHD_quiesce_daemon(s->d);
	/* ops hook (issue 10): a request already under way (a body still
	 * arriving) finishes and its submission is stored as usual; idle
	 * keep-alive connections hold no request. At most ten seconds. */
	for (i = 0; i < 200 && atomic_load(&s->active) > 0; i++)
		usleep(50 * 1000);
	/* Every submission handed to the sealers is sealed and queued with
	 * the committer; later ones get the 503 page. */
	gwpool_stop(s->sealers);
	pthread_rwlock_wrlock(&s->stop_lock);
	s->stopping = 1;
	pthread_rwlock_unlock(&s->stop_lock);
	/* Completes every queued submission: each resumes its connection,
	 * whose page is then sent by the still running daemon. */
	committer_stop(s->deps.committer);
	s->deps.committer = NULL;
	/* Give those pages up to two seconds to leave. */
	for (i = 0; i < 40; i++) {
		info = MHD_get_daemon_info(s->d,
		    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (info == NULL || info->num_connections == 0)
			break;
		usleep(50 * 1000);
	}
	MHD_stop_daemon(s->d);
	gwpool_free(s->sealers);	/* no polling thread can push now */
	ops_tls_clear();	/* ops hook: no handshake can run now */
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	pthread_rwlock_destroy(&s->stop_lock);
	gwlimit_free(s->log_limit);
	free(s);
}

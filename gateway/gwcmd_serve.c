/* gwcmd_serve.c — `sinetti-gateway serve`. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sinetti/committer.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwcmd.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwlimit.h"
#include "sinetti/gwsandbox.h"
#include "sinetti/gwserver.h"
#include "sinetti/gwtls.h"
#include "sinetti/ops_metrics.h"	/* ops hooks (issue 10) */
#include "sinetti/ops_notify.h"
#include "sinetti/ops_reload.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/store.h"
#include "sinetti/web.h"

/* Everything serve holds, released in one place. */
struct serve {
	struct gwconf *conf;
	struct web_unit *units;
	size_t n_units;
	struct web_site *site;
	struct team_public team;
	uint8_t *cert, *key;		/* PEM; key in smem */
	size_t cert_len, key_len;
	struct store *store;
	struct committer *committer;
	struct gwlimit *limit;
	struct gwstatus *status;
	struct gwserver *server;
	int fd;
	struct ops_metrics_server *metrics;	/* ops hook */
};

static void
serve_free(struct serve *v)
{
	gwserver_stop(v->server);	/* also stops the committer */
	if (v->server == NULL)
		committer_stop(v->committer);
	/* ops hooks: the metrics listener reads the store; the helper and
	 * the sites of reloads outlive no server. */
	ops_metrics_server_stop(v->metrics);
	ops_reload_helper_stop();
	ops_reload_cleanup();
	ops_notify_close();
	gwstatus_free(v->status);
	store_close(v->store);
	gwlimit_free(v->limit);
	if (v->fd >= 0 && v->server == NULL)
		close(v->fd);
	fileio_free(v->cert, v->cert_len, 0);
	fileio_free(v->key, v->key_len, FILEIO_SECURE);
	web_site_free(v->site);
	gwunits_free(v->units, v->n_units);
	gwconf_free(v->conf);
}

static int
load_site(struct serve *v)
{
	const struct gwconf *c = v->conf;
	struct web_site_conf wc;
	char err[GWCONF_ERR_MAX];
	int i, r;

	if (gwunits_load(c->units_file, &v->units, &v->n_units, err) != 0)
		return gwcmd_fail("%s", err);
	memset(&wc, 0, sizeof(wc));
	for (i = 0; i < WEB_LANGS; i++) {
		wc.org_name[i] = c->org_name[i];
		wc.ombudsman_contact[i] = c->ombudsman[i];
		wc.authority_name[i] = c->authority[i];
	}
	wc.default_lang = c->default_lang;
	wc.units = v->units;
	wc.n_units = v->n_units;
	wc.emergency_phone = c->emergency_phone;
	wc.authority_url = c->authority_url;
	wc.message_max_chars = c->message_max_chars;
	if ((r = web_site_new(&v->site, &wc)) != 0)
		return gwcmd_fail("cannot set up the pages: %s",
		    snt_strerror(r));
	return 0;
}

static int
load_tls(struct serve *v)
{
	const struct gwconf *c = v->conf;
	char err[GWTLS_ERR_MAX];
	int r;

	if (gwtls_check_pair(c->tls_cert, c->tls_key, err) != 0 ||
	    gwtls_check_priorities(c->tls_priorities, err) != 0)
		return gwcmd_fail("%s", err);
	if ((r = fileio_read(c->tls_cert, GWTLS_PEM_MAX, 0, &v->cert,
	    &v->cert_len)) != 0 ||
	    (r = fileio_read(c->tls_key, GWTLS_PEM_MAX,
	    FILEIO_SECURE | FILEIO_PRIVATE, &v->key, &v->key_len)) != 0)
		return gwcmd_fail("cannot read the TLS files: %s",
		    snt_strerror(r));
	return 0;
}

static int
open_vault(struct serve *v)
{
	struct store_opts so;
	int r;

	memset(&so, 0, sizeof(so));
	so.map_initial = (size_t)v->conf->vault_initial_mb << 20;
	so.map_max = (size_t)v->conf->vault_max_mb << 20;
	if ((r = store_open(&v->store, v->conf->vault_dir, &so)) != 0)
		return gwcmd_fail("cannot open the vault %s: %s",
		    v->conf->vault_dir, snt_strerror(r));
	return 0;
}

static int
bind_listen(struct serve *v, const char *listen_at, char *shown, size_t sn)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	unsigned al;
	int one = 1;
	char host[INET6_ADDRSTRLEN];
	uint16_t port;

	if (gwconf_parse_listen(listen_at, &ss, &al) != 0)
		return gwcmd_fail("listen address must be ADDR:PORT with a "
		    "numeric address");
	if ((v->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return gwcmd_fail("socket: %s", strerror(errno));
	setsockopt(v->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(v->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof(one));
	if (bind(v->fd, (struct sockaddr *)&ss, al) != 0 ||
	    listen(v->fd, 128) != 0)
		return gwcmd_fail("cannot listen on %s: %s", listen_at,
		    strerror(errno));
	sl = sizeof(ss);
	getsockname(v->fd, (struct sockaddr *)&ss, &sl);
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof(host));
		port = ntohs(a6->sin6_port);
		snprintf(shown, sn, "[%s]:%u", host, port);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a4->sin_addr, host, sizeof(host));
		port = ntohs(a4->sin_port);
		snprintf(shown, sn, "%s:%u", host, port);
	}
	return 0;
}

static int
sandbox(const struct gwcmd_args *a, const struct gwconf *c, char *what,
    size_t wn)
{
	char err[GWSANDBOX_ERR_MAX];
	int dropped = 0;

	if (a->no_sandbox) {
		fprintf(stderr, "<4>sinetti-gateway: --no-sandbox: no "
		    "privilege drop and no seccomp (for sanitizer test runs "
		    "only)\n");
		snprintf(what, wn, "sandbox off");
		return 0;
	}
	if (gwsandbox_drop(c->user, &dropped, err) != 0 ||
	    gwsandbox_seccomp(err) != 0)
		return gwcmd_fail("%s", err);
	snprintf(what, wn, "uid %u%s, seccomp on", (unsigned)getuid(),
	    dropped ? " (dropped from root)" : "");
	return 0;
}

static int
start(struct serve *v, const struct gwcmd_args *a)
{
	struct gwserver_deps d;
	int r;

	if ((r = committer_start(&v->committer, v->store, &(struct
	    committer_opts){ .max_pending = v->conf->pending_max })) != 0)
		return gwcmd_fail("cannot start the writer: %s",
		    snt_strerror(r));
	memset(&d, 0, sizeof(d));
	d.conf = v->conf;
	d.listen_fd = v->fd;
	d.cert_pem = (const char *)v->cert;
	d.key_pem = (const char *)v->key;
	d.site = v->site;
	d.committer = v->committer;
	d.team = &v->team;
	d.limit = v->limit;
	d.status = v->status;
	if (gwserver_start(&v->server, &d) != 0)
		return gwcmd_fail("cannot start the HTTPS server (TLS "
		    "certificate, key or priorities rejected)");
	v->committer = NULL;
	(void)a;
	/* The key is in GnuTLS's memory now; drop our copy. */
	fileio_free(v->key, v->key_len, FILEIO_SECURE);
	v->key = NULL;
	v->key_len = 0;
	return 0;
}

/* ops hook (issue 10): a reload's new site and team key go to the
 * server. */
static void
swap_site(void *ctx, const struct web_site *site)
{
	gwserver_set_site(ctx, site);
}

static void
swap_team(void *ctx, const struct team_public *team)
{
	gwserver_set_team(ctx, team);
}

/*
 * ops hook (issue 10): before the sandbox, which forbids sockets and
 * opening files, and before any thread (the reload helper is forked):
 * the reload helper, the systemd notify socket, the metrics listener.
 */
static int
ops_start(struct serve *v, const struct gwcmd_args *a)
{
	char err[OPS_RELOAD_MSG_MAX];
	const char *ml = v->conf->metrics_listen;
	int r;

	if (ops_reload_helper_start(a->state, !a->no_sandbox, err) != 0)
		return gwcmd_fail("%s", err);
	if (ops_notify_init() != 0)
		fprintf(stderr, "<4>sinetti-gateway: NOTIFY_SOCKET is set but "
		    "unusable; systemd will not hear READY=1\n");
	r = ops_metrics_server_start(&v->metrics, ml, v->store,
	    v->conf->vault_dir);
	if (r != 0 && ml != NULL)
		return gwcmd_fail("cannot serve metrics on %s: %s", ml,
		    strerror(errno));
	if (r != 0)	/* the default port, taken: say so, serve anyway */
		fprintf(stderr, "<4>sinetti-gateway: metrics not served: "
		    "cannot listen on %s: %s\n", OPS_METRICS_LISTEN_DEFAULT,
		    strerror(errno));
	else if (v->metrics != NULL)
		fprintf(stderr, "<6>sinetti-gateway: metrics and health on "
		    "http://%s:%u/ (GET /metrics, /healthz)\n",
		    ml != NULL && ml[0] == '[' ? "[::1]" : "127.0.0.1",
		    ops_metrics_server_port(v->metrics));
	return 0;
}

/* Waits for SIGINT/SIGTERM, or for the store to refuse writes. */
static int
wait_for_stop(struct serve *v, const sigset_t *set)
{
	struct timespec ts = { 1, 0 };
	int sig;

	for (;;) {
		sig = sigtimedwait(set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			return 0;
		if (sig == SIGHUP) {	/* ops hook: reload */
			struct ops_reload_target t = { v->conf, &v->team,
			    swap_site, swap_team, v->server };

			ops_reload_run(&t, NULL);
		}
		if (gwserver_panicked(v->server))
			return 1;
		/* The pages of the vault the writer touched would otherwise
		 * stay in our RSS for good (store.h). */
		store_release_map(v->store);
	}
}

int
gwcmd_serve(const struct gwcmd_args *a)
{
	struct serve v;
	struct gwserver_counts n;
	char err[GWCONF_ERR_MAX], shown[80], sb[80];
	sigset_t set;
	int r;

	memset(&v, 0, sizeof(v));
	v.fd = -1;
	if (gwconf_load(a->state, &v.conf, err) != 0)
		return gwcmd_fail("%s", err);
	/* Everything that needs privilege or the file system, first. */
	if ((r = load_site(&v)) != 0 || (r = load_tls(&v)) != 0)
		goto out;
	if ((r = team_public_load(v.conf->team_public, &v.team)) != 0) {
		r = gwcmd_fail("cannot load the team public key %s: %s",
		    v.conf->team_public, snt_strerror(r));
		goto out;
	}
	if ((r = open_vault(&v)) != 0 ||
	    (r = bind_listen(&v, a->listen != NULL ? a->listen :
	    v.conf->listen, shown, sizeof(shown))) != 0)
		goto out;
	if (gwlimit_new(&v.limit, v.conf->submissions_per_minute) != 0 ||
	    gwstatus_new(&v.status, v.store) != 0) {
		r = gwcmd_fail("out of memory");
		goto out;
	}
	/* Signals are taken synchronously by this thread only; every thread
	 * started later inherits the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);	/* ops hook: reload */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((r = ops_start(&v, a)) != 0 ||	/* ops hook */
	    (r = sandbox(a, v.conf, sb, sizeof(sb))) != 0 ||
	    (r = start(&v, a)) != 0)
		goto out;
	fprintf(stderr, "<6>sinetti-gateway: serving https://%s/ (%s)\n",
	    shown, sb);
	ops_health_set_ready(1);	/* ops hooks */
	ops_notify("READY=1\nSTATUS=serving");
	r = wait_for_stop(&v, &set);
	ops_health_set_ready(0);
	ops_notify("STOPPING=1");
	gwserver_counts(v.server, &n);
	gwserver_stop(v.server);
	v.server = NULL;
	v.fd = -1;
	fprintf(stderr, "<6>sinetti-gateway: stopped: %llu stored, %llu "
	    "failed, %llu over the rate limit, %llu too large\n",
	    (unsigned long long)n.stored, (unsigned long long)n.failed,
	    (unsigned long long)n.rate_refused,
	    (unsigned long long)n.too_large);
out:
	serve_free(&v);
	return r;
}

/*
 * ops_reload.c — SIGHUP: the file-reading helper and applying what it
 * read. See include/sinetti/ops_reload.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <seccomp.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwtls.h"
#include "sinetti/ops_metrics.h"
#include "sinetti/ops_notify.h"
#include "sinetti/ops_reload.h"
#include "sinetti/ops_tls.h"
#include "sinetti/pubkey.h"
#include "sinetti/smem.h"
#include "sinetti/web.h"

#define HELPER_TIMEOUT_MS 10000	/* a stuck disk must not stall SIGHUP forever */
#define NFILES 5	/* gateway.conf, units, certificate, key, team.pub */

enum { F_CONF = 0, F_UNITS, F_CERT, F_KEY, F_TEAM };

static const size_t file_max[NFILES] = {
	GWCONF_MAX, GWUNITS_MAX_FILE, GWTLS_PEM_MAX, GWTLS_PEM_MAX,
	PUBKEY_FILE_MAX
};

static int helper_fd = -1;

/* Sites and team keys made by reloads, newest first; freed by
 * ops_reload_cleanup(). A request that started before a swap may still
 * use an older one. */
struct site_node {
	struct site_node *next;
	struct web_site *site;
	struct team_public *team;
};
static struct site_node *sites;
/* The team key new submissions are sealed to: serve's, then the newest a
 * reload installed. */
static const struct team_public *team_now;

/* ------------------------------------------------------------ transport */

static int
write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes before the deadline (CLOCK_MONOTONIC ms). */
static int
read_all(int fd, void *buf, size_t n, uint64_t deadline)
{
	uint8_t *p = buf;
	struct pollfd pf;
	uint64_t now;
	ssize_t got;
	int pr;

	while (n > 0) {
		now = ops_now_ns() / 1000000u;
		if (now >= deadline)
			return SNT_ERR_IO;
		pf.fd = fd;
		pf.events = POLLIN;
		pf.revents = 0;
		pr = poll(&pf, 1, (int)(deadline - now));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return SNT_ERR_IO;
		got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return SNT_ERR_SHUTDOWN;	/* helper gone */
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static int
send_frame(int fd, const void *buf, size_t len)
{
	uint8_t h[4];

	h[0] = (uint8_t)(len >> 24);
	h[1] = (uint8_t)(len >> 16);
	h[2] = (uint8_t)(len >> 8);
	h[3] = (uint8_t)len;
	if (write_all(fd, h, 4) != 0 || write_all(fd, buf, len) != 0)
		return -1;
	return 0;
}

/* ----------------------------------------------------------- the helper */

static char *
state_path(const char *dir, const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

/* Answers one request: status 0 and the four files, or status 1 and a
 * one-line reason. */
static void
helper_answer(int fd, const char *state_dir)
{
	struct gwconf *c = NULL;
	uint8_t *buf[NFILES] = { NULL };
	size_t len[NFILES] = { 0 };
	const char *path[NFILES] = { NULL };
	char err[GWCONF_ERR_MAX], msg[OPS_RELOAD_MSG_MAX], *conf_path;
	uint8_t status = 1;
	int i, r, flags;

	msg[0] = '\0';
	if ((conf_path = state_path(state_dir, GWCONF_FILE)) == NULL) {
		snprintf(msg, sizeof(msg), "out of memory");
		goto out;
	}
	path[F_CONF] = conf_path;
	if ((r = fileio_read(conf_path, file_max[F_CONF], 0, &buf[F_CONF],
	    &len[F_CONF])) != 0) {
		snprintf(msg, sizeof(msg), "cannot read %s: %s", conf_path,
		    r == SNT_ERR_IO ? strerror(errno) : snt_strerror(r));
		goto out;
	}
	/* Parsed here only to learn which files it names. */
	if (gwconf_parse((const char *)buf[F_CONF], len[F_CONF], state_dir,
	    &c, err) != 0) {
		snprintf(msg, sizeof(msg), "%s", err);
		goto out;
	}
	path[F_UNITS] = c->units_file;
	path[F_CERT] = c->tls_cert;
	path[F_KEY] = c->tls_key;
	path[F_TEAM] = c->team_public;
	for (i = F_UNITS; i < NFILES; i++) {
		/* The key as serve reads it: locked memory, and refused when
		 * group or others could read it. */
		flags = i == F_KEY ? FILEIO_SECURE | FILEIO_PRIVATE : 0;
		if ((r = fileio_read(path[i], file_max[i], flags, &buf[i],
		    &len[i])) != 0) {
			snprintf(msg, sizeof(msg), "cannot read %s: %s",
			    path[i], r == SNT_ERR_IO ? strerror(errno) :
			    snt_strerror(r));
			goto out;
		}
	}
	status = 0;
out:
	if (write_all(fd, &status, 1) != 0)
		_exit(1);
	if (status == 0) {
		for (i = 0; i < NFILES; i++)
			if (send_frame(fd, buf[i], len[i]) != 0)
				_exit(1);
	} else if (send_frame(fd, msg, strlen(msg)) != 0) {
		_exit(1);
	}
	for (i = 0; i < NFILES; i++)
		fileio_free(buf[i], len[i], i == F_KEY ? FILEIO_SECURE : 0);
	gwconf_free(c);
	free(conf_path);
}

/* Reading files and nothing else: opens only for reading, no sockets, no
 * exec, no network. Anything unlisted fails with EPERM (a read that
 * fails is a refused reload, never a dead gateway). */
static int
helper_seccomp(void)
{
	static const int allowed[] = {
		SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close),
		SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(statx),
		SCMP_SYS(lseek), SCMP_SYS(mmap), SCMP_SYS(munmap),
		SCMP_SYS(mprotect), SCMP_SYS(madvise), SCMP_SYS(mlock),
		SCMP_SYS(munlock), SCMP_SYS(brk), SCMP_SYS(mremap),
		SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(rt_sigreturn),
		SCMP_SYS(rt_sigprocmask), SCMP_SYS(futex),
		SCMP_SYS(getrandom), SCMP_SYS(clock_gettime),
		SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(fcntl),
	};
	scmp_filter_ctx ctx;
	size_t i;
	int r = -1;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL)
		return -1;
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0) != 0)
			goto out;
	/* openat only without write access, creation or truncation. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC |
	    O_APPEND, O_RDONLY)) != 0)
		goto out;
	r = seccomp_load(ctx);
out:
	seccomp_release(ctx);
	return r;
}

/* stdin, stdout and stderr (the journal) stay, and keep; nothing else. */
static void
close_others(int keep)
{
	int fd;

	if ((keep > 3 && close_range(3, (unsigned)keep - 1, 0) != 0) ||
	    close_range((unsigned)keep + 1, ~0U, 0) != 0) {
		/* kernels before 5.9 */
		for (fd = 3; fd < 4096; fd++)
			if (fd != keep)
				close(fd);
	}
}

static void __attribute__((noreturn))
helper_main(int fd, pid_t parent, const char *state_dir, int sandbox)
{
	ssize_t n;
	char c;

	/* Dies with the gateway, even if the gateway is killed. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
	    getppid() != parent)
		_exit(1);
	prctl(PR_SET_NAME, "sinetti-reload", 0, 0, 0);
	/* Nothing of the gateway's: not the listening socket, not the
	 * vault. */
	close_others(fd);
	/*
	 * The helper keeps the uid serve started with, so it can read what
	 * serve read at start (as root: root-owned files). It never parses
	 * anything the serving process sends (one request byte) and only
	 * returns files serve already held, so a compromised serving process
	 * gains nothing through it; its filter keeps it from writing or
	 * executing anything.
	 */
	if (sandbox) {
		if (helper_seccomp() != 0) {
			fprintf(stderr, "<3>sinetti-gateway: reload helper: "
			    "cannot install its seccomp filter\n");
			_exit(1);
		}
	}
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c != 'R')
			_exit(0);
		helper_answer(fd, state_dir);
	}
}

int
ops_reload_helper_start(const char *state_dir, int sandbox,
    char err[OPS_RELOAD_MSG_MAX])
{
	int sv[2];
	pid_t parent = getpid(), pid;

	ops_reload_helper_stop();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, OPS_RELOAD_MSG_MAX, "reload helper: socketpair: "
		    "%s", strerror(errno));
		return SNT_ERR_IO;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		snprintf(err, OPS_RELOAD_MSG_MAX, "reload helper: fork: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return SNT_ERR_IO;
	}
	if (pid == 0) {
		close(sv[0]);
		helper_main(sv[1], parent, state_dir, sandbox);
	}
	close(sv[1]);
	helper_fd = sv[0];
	return 0;
}

void
ops_reload_helper_stop(void)
{
	if (helper_fd >= 0)
		close(helper_fd);
	helper_fd = -1;
}

/* ------------------------------------------------------ the gateway side */

struct files {
	uint8_t *buf[NFILES];		/* NUL-terminated; the key in smem */
	size_t len[NFILES];
};

static void
files_free(struct files *f)
{
	int i;

	for (i = 0; i < NFILES; i++) {
		if (i == F_KEY)
			smem_free(f->buf[i]);
		else
			free(f->buf[i]);
		f->buf[i] = NULL;
	}
}

static int
read_frame(uint8_t **out, size_t *len, size_t max, int secure,
    uint64_t deadline)
{
	uint8_t h[4];
	size_t n;
	int r;

	*out = NULL;
	if ((r = read_all(helper_fd, h, 4, deadline)) != 0)
		return r;
	n = (size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3];
	if (n > max)
		return SNT_ERR_TOO_LARGE;
	*out = secure ? smem_alloc(n + 1) : malloc(n + 1);
	if (*out == NULL)
		return SNT_ERR_NOMEM;
	(*out)[n] = '\0';
	*len = n;
	return read_all(helper_fd, *out, n, deadline);
}

/* Asks the helper for the files. On refusal msg says why. */
static int
fetch(struct files *f, char msg[OPS_RELOAD_MSG_MAX])
{
	uint64_t deadline = ops_now_ns() / 1000000u + HELPER_TIMEOUT_MS;
	uint8_t status, *why = NULL;
	size_t wlen = 0;
	int i, r;

	memset(f, 0, sizeof(*f));
	if (helper_fd < 0) {
		snprintf(msg, OPS_RELOAD_MSG_MAX, "the reload helper is not "
		    "running; restart the gateway to apply changes");
		return SNT_ERR_SHUTDOWN;
	}
	if (write_all(helper_fd, "R", 1) != 0 ||
	    (r = read_all(helper_fd, &status, 1, deadline)) != 0) {
		r = SNT_ERR_SHUTDOWN;
		goto gone;
	}
	if (status != 0) {
		if ((r = read_frame(&why, &wlen, OPS_RELOAD_MSG_MAX - 1, 0,
		    deadline)) != 0)
			goto gone;
		snprintf(msg, OPS_RELOAD_MSG_MAX, "%s", (char *)why);
		free(why);
		return SNT_ERR_CONFIG;
	}
	for (i = 0; i < NFILES; i++)
		if ((r = read_frame(&f->buf[i], &f->len[i], file_max[i],
		    i == F_KEY, deadline)) != 0) {
			files_free(f);
			if (r == SNT_ERR_NOMEM || r == SNT_ERR_TOO_LARGE) {
				snprintf(msg, OPS_RELOAD_MSG_MAX, "%s",
				    snt_strerror(r));
				return r;
			}
			goto gone;
		}
	return 0;
gone:
	/* A half-read answer leaves the stream out of step: give up on the
	 * helper rather than misread the next one. */
	free(why);
	ops_reload_helper_stop();
	snprintf(msg, OPS_RELOAD_MSG_MAX, "the reload helper did not answer; "
	    "restart the gateway to apply changes");
	return SNT_ERR_SHUTDOWN;
}

/* The web layer's view of a configuration, as serve builds it at start
 * (keep in step with load_site() in gwcmd_serve.c). */
static int
make_site(const struct gwconf *c, const struct web_unit *units, size_t n,
    struct web_site **site)
{
	struct web_site_conf wc;
	int i;

	memset(&wc, 0, sizeof(wc));
	for (i = 0; i < WEB_LANGS; i++) {
		wc.org_name[i] = c->org_name[i];
		wc.ombudsman_contact[i] = c->ombudsman[i];
		wc.authority_name[i] = c->authority[i];
	}
	wc.default_lang = c->default_lang;
	wc.units = units;
	wc.n_units = n;
	wc.emergency_phone = c->emergency_phone;
	wc.authority_url = c->authority_url;
	wc.message_max_chars = c->message_max_chars;
	return web_site_new(site, &wc);
}

static int
str_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Names the keys whose new value only a restart applies. */
static void
restart_only(const struct gwconf *a, const struct gwconf *b, char *out,
    size_t n)
{
	struct { const char *name; int differs; } k[] = {
		{ "listen", str_differs(a->listen, b->listen) },
		{ "threads", a->threads != b->threads },
		{ "seal_threads", a->seal_threads != b->seal_threads },
		{ "user", str_differs(a->user, b->user) },
		{ "metrics_listen", str_differs(a->metrics_listen,
		    b->metrics_listen) },
		{ "priorities", str_differs(a->tls_priorities,
		    b->tls_priorities) },
		{ "body_max", a->body_max != b->body_max },
		{ "connections", a->connections != b->connections },
		{ "connections_per_ip",
		    a->connections_per_ip != b->connections_per_ip },
		{ "connection_timeout",
		    a->connection_timeout != b->connection_timeout },
		{ "submissions_per_minute",
		    a->submissions_per_minute != b->submissions_per_minute },
		{ "pending_max", a->pending_max != b->pending_max },
		{ "vault_max_mb", a->vault_max_mb != b->vault_max_mb },
		{ "vault_initial_mb",
		    a->vault_initial_mb != b->vault_initial_mb },
	};
	size_t i, used = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		if (!k[i].differs)
			continue;
		w = snprintf(out + used, n - used, "%s%s", used ? ", " : "",
		    k[i].name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

/*
 * A rotated team key (sinetti-keys rotate or remove-officer) is taken only
 * forward: a newer epoch. Each rotation also makes a new reviewer signing
 * key (so a removed officer's old keyring signs no acknowledgement), so a
 * newer epoch may name another reviewer signing key; the same epoch must
 * keep both keys. Whether the file comes from this team at all is the
 * operator's fingerprint check (docs/operations.md section 9): nothing
 * here could tell another team's newer file from a rotation. *newer is 1
 * when tp should replace the running key.
 */
static int
check_team(const struct team_public *tp, int *newer, char *msg, size_t n)
{
	*newer = 0;
	if (tp->epoch < team_now->epoch) {
		snprintf(msg, n, "team.pub holds epoch %u, older than the "
		    "running epoch %u", (unsigned)tp->epoch,
		    (unsigned)team_now->epoch);
		return SNT_ERR_CONFIG;
	}
	if (tp->epoch == team_now->epoch) {
		if (sodium_memcmp(tp->team_pk, team_now->team_pk, 32) != 0) {
			snprintf(msg, n, "team.pub holds another key for the "
			    "running epoch %u", (unsigned)tp->epoch);
			return SNT_ERR_CONFIG;
		}
		if (sodium_memcmp(tp->review_sign_pk,
		    team_now->review_sign_pk, 32) != 0) {
			snprintf(msg, n, "team.pub names another reviewer "
			    "signing key for the running epoch %u",
			    (unsigned)tp->epoch);
			return SNT_ERR_CONFIG;
		}
		return 0;
	}
	*newer = 1;
	return 0;
}

int
ops_reload_run(const struct ops_reload_target *t,
    char msgout[OPS_RELOAD_MSG_MAX])
{
	const struct gwconf *running = t->conf;
	struct team_public tp, *team = NULL;
	int newer = 0;
	struct files f;
	struct gwconf *nc = NULL;
	struct web_unit *units = NULL;
	struct web_site *site = NULL;
	struct site_node *node = NULL;
	size_t n_units = 0;
	char msg[OPS_RELOAD_MSG_MAX], err[GWCONF_ERR_MAX];
	char terr[OPS_TLS_ERR_MAX], fp[OPS_TLS_FP_LEN], later[200];
	char tfp[FINGERPRINT_MAX];
	int r;

	memset(&f, 0, sizeof(f));
	msg[0] = later[0] = '\0';
	ops_notify("RELOADING=1");
	if ((r = fetch(&f, msg)) != 0)
		goto out;
	if ((r = gwconf_parse((const char *)f.buf[F_CONF], f.len[F_CONF],
	    running->state_dir, &nc, err)) != 0) {
		snprintf(msg, sizeof(msg), "%s", err);
		r = SNT_ERR_CONFIG;
		goto out;
	}
	if ((r = gwunits_parse((const char *)f.buf[F_UNITS], f.len[F_UNITS],
	    &units, &n_units, err)) != 0) {
		snprintf(msg, sizeof(msg), "%s: %s", nc->units_file, err);
		r = SNT_ERR_CONFIG;
		goto out;
	}
	if (n_units == 0) {
		snprintf(msg, sizeof(msg), "%s lists no unit; the form needs "
		    "at least one", nc->units_file);
		r = SNT_ERR_CONFIG;
		goto out;
	}
	if ((r = make_site(nc, units, n_units, &site)) != 0) {
		snprintf(msg, sizeof(msg), "the [site] settings are refused: "
		    "%s", snt_strerror(r));
		r = r == SNT_ERR_NOMEM ? r : SNT_ERR_CONFIG;
		goto out;
	}
	if (team_now == NULL)
		team_now = t->team;
	if ((r = team_public_parse((const char *)f.buf[F_TEAM],
	    f.len[F_TEAM], &tp)) != 0) {
		snprintf(msg, sizeof(msg), "%s: %s", nc->team_public,
		    snt_strerror(r));
		r = SNT_ERR_CONFIG;
		goto out;
	}
	if ((r = check_team(&tp, &newer, msg, sizeof(msg))) != 0)
		goto out;
	if ((node = calloc(1, sizeof(*node))) == NULL ||
	    (newer && (team = malloc(sizeof(*team))) == NULL)) {
		snprintf(msg, sizeof(msg), "out of memory");
		r = SNT_ERR_NOMEM;
		goto out;
	}
	/* The certificate last: loading it makes it live, so everything
	 * else must already be known good. */
	if ((r = ops_tls_load_mem((const char *)f.buf[F_CERT], f.len[F_CERT],
	    (const char *)f.buf[F_KEY], f.len[F_KEY], fp, terr)) != 0) {
		snprintf(msg, sizeof(msg), "%s: %s", nc->tls_cert, terr);
		goto out;
	}
	node->site = site;
	node->next = sites;
	sites = node;
	node = NULL;
	if (t->set_site != NULL)
		t->set_site(t->ctx, site);
	site = NULL;
	if (team != NULL) {
		*team = tp;
		sites->team = team;
		team_now = team;
		if (t->set_team != NULL)
			t->set_team(t->ctx, team);
		team = NULL;
	}
	restart_only(running, nc, later, sizeof(later));
	team_public_fingerprint(team_now, tfp);
	snprintf(msg, sizeof(msg), "reloaded: %zu units, certificate sha256 "
	    "%s, team key epoch %u%s (%s)", n_units, fp,
	    (unsigned)team_now->epoch, newer ? " (new)" : "", tfp);
	r = 0;
out:
	if (r == 0) {
		fprintf(stderr, "<6>sinetti-gateway: %s\n", msg);
		if (later[0] != '\0')
			fprintf(stderr, "<4>sinetti-gateway: reload: changed %s; "
			    "these take effect at the next restart\n", later);
	} else {
		fprintf(stderr, "<4>sinetti-gateway: reload refused, keeping "
		    "the running configuration: %s\n", msg);
	}
	ops_metrics_reload(r == 0);
	ops_notify("READY=1");
	if (msgout != NULL)
		snprintf(msgout, OPS_RELOAD_MSG_MAX, "%s", msg);
	free(node);
	free(team);
	web_site_free(site);
	gwunits_free(units, n_units);
	gwconf_free(nc);
	files_free(&f);
	return r;
}

void
ops_reload_cleanup(void)
{
	struct site_node *n, *next;

	for (n = sites; n != NULL; n = next) {
		next = n->next;
		web_site_free(n->site);
		free(n->team);
		free(n);
	}
	sites = NULL;
	team_now = NULL;
}

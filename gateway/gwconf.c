/* gwconf.c — gateway.conf and the units file. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sinetti/content.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwconf.h"
#include "sinetti/ops_metrics.h"	/* ops hook: metrics_listen */
#include "sinetti/utf8.h"

enum kt { KT_STR, KT_PATH, KT_UINT, KT_LANG, KT_U64 };

struct key {
	const char *section;
	const char *name;
	enum kt type;
	size_t off;
	uint64_t min, max;
};

#define O(f) offsetof(struct gwconf, f)
static const struct key keys[] = {
	{ "server", "listen", KT_STR, O(listen), 0, 0 },
	{ "server", "threads", KT_UINT, O(threads), 1, 64 },
	{ "server", "seal_threads", KT_UINT, O(seal_threads), 1, 64 },
	{ "server", "user", KT_STR, O(user), 0, 0 },
	/* ops hook (issue 10) */
	{ "server", "metrics_listen", KT_STR, O(metrics_listen), 0, 0 },
	{ "tls", "certificate", KT_PATH, O(tls_cert), 0, 0 },
	{ "tls", "key", KT_PATH, O(tls_key), 0, 0 },
	{ "tls", "priorities", KT_STR, O(tls_priorities), 0, 0 },
	{ "site", "organisation_fi", KT_STR, O(org_name[0]), 0, 0 },
	{ "site", "organisation_sv", KT_STR, O(org_name[1]), 0, 0 },
	{ "site", "organisation_en", KT_STR, O(org_name[2]), 0, 0 },
	{ "site", "default_language", KT_LANG, O(default_lang), 0, 0 },
	{ "site", "units", KT_PATH, O(units_file), 0, 0 },
	{ "site", "emergency_phone", KT_STR, O(emergency_phone), 0, 0 },
	{ "site", "ombudsman_fi", KT_STR, O(ombudsman[0]), 0, 0 },
	{ "site", "ombudsman_sv", KT_STR, O(ombudsman[1]), 0, 0 },
	{ "site", "ombudsman_en", KT_STR, O(ombudsman[2]), 0, 0 },
	{ "site", "authority_fi", KT_STR, O(authority[0]), 0, 0 },
	{ "site", "authority_sv", KT_STR, O(authority[1]), 0, 0 },
	{ "site", "authority_en", KT_STR, O(authority[2]), 0, 0 },
	{ "site", "authority_url", KT_STR, O(authority_url), 0, 0 },
	{ "site", "message_max_chars", KT_UINT, O(message_max_chars), 100,
	  CONTENT_MESSAGE_MAX_CHARS },
	{ "limits", "body_max", KT_UINT, O(body_max), 1024, WEB_BODY_MAX },
	{ "limits", "connections", KT_UINT, O(connections), 1, 100000 },
	{ "limits", "connections_per_ip", KT_UINT, O(connections_per_ip), 1,
	  10000 },
	{ "limits", "connection_timeout", KT_UINT, O(connection_timeout), 1,
	  3600 },
	{ "limits", "submissions_per_minute", KT_UINT,
	  O(submissions_per_minute), 1, 1000000 },
	{ "limits", "pending_max", KT_UINT, O(pending_max), 1, 1000000 },
	{ "limits", "vault_max_mb", KT_U64, O(vault_max_mb), 1, 1u << 20 },
	{ "limits", "vault_initial_mb", KT_U64, O(vault_initial_mb), 1,
	  1u << 20 },
};
#undef O
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void seterr(char err[GWCONF_ERR_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(char err[GWCONF_ERR_MAX], const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err, GWCONF_ERR_MAX, fmt, ap);
	va_end(ap);
}

static char *
join(const char *dir, const char *rel)
{
	char *p = NULL;

	if (rel[0] == '/')
		return strdup(rel);
	if (asprintf(&p, "%s/%s", dir, rel) < 0)
		return NULL;
	return p;
}

static int
set_default_str(char **slot, const char *v)
{
	if (*slot != NULL)
		return 0;
	*slot = strdup(v);
	return *slot == NULL ? SNT_ERR_NOMEM : 0;
}

static int
set_default_path(char **slot, const char *dir, const char *rel)
{
	if (*slot != NULL)
		return 0;
	*slot = join(dir, rel);
	return *slot == NULL ? SNT_ERR_NOMEM : 0;
}

static int
fill_defaults(struct gwconf *c)
{
	const char *d = c->state_dir;
	int r = 0;

	if (c->threads == 0)
		c->threads = 2;
	if (c->body_max == 0)
		c->body_max = WEB_BODY_MAX;
	if (c->connections == 0)
		c->connections = 1000;
	if (c->connections_per_ip == 0)
		c->connections_per_ip = 20;
	if (c->connection_timeout == 0)
		c->connection_timeout = 30;
	if (c->submissions_per_minute == 0)
		c->submissions_per_minute = 600;
	if (c->pending_max == 0)
		c->pending_max = 4096;
	if (c->vault_max_mb == 0)
		c->vault_max_mb = 4096;
	if (c->vault_initial_mb == 0)
		c->vault_initial_mb = c->vault_max_mb < 64 ? c->vault_max_mb : 64;
	if (c->vault_initial_mb > c->vault_max_mb)
		c->vault_initial_mb = c->vault_max_mb;
	if ((r = set_default_str(&c->listen, "127.0.0.1:8443")) != 0 ||
	    (r = set_default_str(&c->tls_priorities,
	    GWCONF_DEFAULT_PRIORITIES)) != 0 ||
	    (r = set_default_str(&c->default_lang, "fi")) != 0 ||
	    (r = set_default_path(&c->tls_cert, d, "tls-cert.pem")) != 0 ||
	    (r = set_default_path(&c->tls_key, d, "tls-key.pem")) != 0 ||
	    (r = set_default_path(&c->units_file, d, "units")) != 0 ||
	    (r = set_default_path(&c->vault_dir, d, "vault")) != 0 ||
	    (r = set_default_path(&c->team_public, d, "team.pub")) != 0 ||
	    (r = set_default_path(&c->signing_key, d,
	    "gateway-signing.key")) != 0 ||
	    (r = set_default_path(&c->signing_public, d,
	    "gateway-signing.pub")) != 0)
		return r;
	return 0;
}

/* A value or name may hold any UTF-8 text but no control characters. */
static int
clean_text(const char *s, size_t n)
{
	size_t i;

	if (utf8_validate((const uint8_t *)s, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f)
			return 0;
	}
	return 1;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int
parse_uint(const char *v, size_t n, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 12)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	if (x < min || x > max)
		return 0;
	*out = x;
	return 1;
}

static int
set_value(struct gwconf *c, const struct key *k, const char *v, size_t n,
    unsigned line, char err[GWCONF_ERR_MAX])
{
	char *base = (char *)c + k->off;
	uint64_t x;
	char *s;

	switch (k->type) {
	case KT_UINT:
	case KT_U64:
		if (!parse_uint(v, n, k->min, k->max, &x)) {
			seterr(err, "gateway.conf line %u: %s must be a whole "
			    "number from %llu to %llu", line, k->name,
			    (unsigned long long)k->min,
			    (unsigned long long)k->max);
			return SNT_ERR_CONFIG;
		}
		if (k->type == KT_UINT)
			*(unsigned *)(void *)base = (unsigned)x;
		else
			*(uint64_t *)(void *)base = x;
		return 0;
	case KT_LANG:
		if (n != 2 || (memcmp(v, "fi", 2) != 0 &&
		    memcmp(v, "sv", 2) != 0 && memcmp(v, "en", 2) != 0)) {
			seterr(err, "gateway.conf line %u: %s must be fi, sv or "
			    "en", line, k->name);
			return SNT_ERR_CONFIG;
		}
		break;
	case KT_STR:
	case KT_PATH:
		if (n == 0) {
			seterr(err, "gateway.conf line %u: %s is empty (leave "
			    "the line out for the default)", line, k->name);
			return SNT_ERR_CONFIG;
		}
		break;
	}
	if ((s = strndup(v, n)) == NULL)
		return SNT_ERR_NOMEM;
	if (k->type == KT_PATH) {
		char *p = join(c->state_dir, s);

		free(s);
		if ((s = p) == NULL)
			return SNT_ERR_NOMEM;
	}
	*(char **)(void *)base = s;
	return 0;
}

static const struct key *
find_key(const char *section, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0 &&
		    strlen(keys[i].name) == n &&
		    memcmp(keys[i].name, name, n) == 0)
			return &keys[i];
	return NULL;
}

static int
parse_section(const char *s, size_t n, const char **section, unsigned line,
    char err[GWCONF_ERR_MAX])
{
	static const char *const names[] = { "server", "tls", "site",
	    "limits" };
	size_t i;

	if (n < 2 || s[n - 1] != ']')
		goto bad;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n - 2 &&
		    memcmp(names[i], s + 1, n - 2) == 0) {
			*section = names[i];
			return 0;
		}
bad:
	seterr(err, "gateway.conf line %u: unknown section (known: [server], "
	    "[tls], [site], [limits])", line);
	return SNT_ERR_CONFIG;
}

static int
parse_line(struct gwconf *c, const char *s, size_t n, const char **section,
    unsigned char *seen, unsigned line, char err[GWCONF_ERR_MAX])
{
	const char *eq, *v;
	size_t kn, vn;
	const struct key *k;

	trim(&s, &n);
	if (n == 0 || s[0] == '#' || s[0] == ';')
		return 0;
	if (!clean_text(s, n)) {
		seterr(err, "gateway.conf line %u: invalid UTF-8 or control "
		    "character", line);
		return SNT_ERR_CONFIG;
	}
	if (s[0] == '[')
		return parse_section(s, n, section, line, err);
	if ((eq = memchr(s, '=', n)) == NULL) {
		seterr(err, "gateway.conf line %u: expected key = value", line);
		return SNT_ERR_CONFIG;
	}
	kn = (size_t)(eq - s);
	v = eq + 1;
	vn = n - kn - 1;
	trim(&s, &kn);
	trim(&v, &vn);
	if (*section == NULL) {
		seterr(err, "gateway.conf line %u: key before any [section]",
		    line);
		return SNT_ERR_CONFIG;
	}
	if ((k = find_key(*section, s, kn)) == NULL) {
		seterr(err, "gateway.conf line %u: unknown key '%.*s' in [%s]",
		    line, (int)(kn > 40 ? 40 : kn), s, *section);
		return SNT_ERR_CONFIG;
	}
	if (seen[k - keys]) {
		seterr(err, "gateway.conf line %u: %s given twice", line,
		    k->name);
		return SNT_ERR_CONFIG;
	}
	seen[k - keys] = 1;
	return set_value(c, k, v, vn, line, err);
}

int
gwconf_parse(const char *text, size_t len, const char *state_dir,
    struct gwconf **out, char err[GWCONF_ERR_MAX])
{
	struct gwconf *c = NULL;
	unsigned char seen[NKEYS] = { 0 };
	const char *section = NULL, *p = text, *end = text + len, *nl;
	unsigned line = 0;
	int r;

	*out = NULL;
	seterr(err, "gateway.conf: out of memory");
	if (len > GWCONF_MAX) {
		seterr(err, "gateway.conf is larger than %u bytes", GWCONF_MAX);
		return SNT_ERR_TOO_LARGE;
	}
	if (memchr(text, '\0', len) != NULL) {
		seterr(err, "gateway.conf holds a NUL byte");
		return SNT_ERR_CONFIG;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->state_dir = strdup(state_dir)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line++;
		if ((r = parse_line(c, p, (size_t)(nl - p), &section, seen,
		    line, err)) != 0)
			goto out;
		p = nl + (nl < end);
	}
	if ((r = fill_defaults(c)) != 0)
		goto out;
	if (c->vault_max_mb > SIZE_MAX / (1024 * 1024)) {
		seterr(err, "gateway.conf: vault_max_mb too large here");
		r = SNT_ERR_CONFIG;
		goto out;
	}
	{
		struct sockaddr_storage ss;
		unsigned sl;

		if (gwconf_parse_listen(c->listen, &ss, &sl) != 0) {
			seterr(err, "gateway.conf: listen must be ADDR:PORT "
			    "with a numeric address");
			r = SNT_ERR_CONFIG;
			goto out;
		}
	}
	/* ops hook (issue 10): the metrics listener must parse and must
	 * never share the public port. */
	{
		struct sockaddr_storage ms, ls;
		unsigned msl, lsl;
		uint16_t mp = 0, lp = 0;

		if (ops_parse_listen(c->metrics_listen != NULL ?
		    c->metrics_listen : OPS_METRICS_LISTEN_DEFAULT, &ms,
		    &msl) != 0) {
			seterr(err, "gateway.conf: metrics_listen must be "
			    "ADDR:PORT with a numeric address, or off");
			r = SNT_ERR_CONFIG;
			goto out;
		}
		if (msl != 0 && gwconf_parse_listen(c->listen, &ls, &lsl) == 0) {
			mp = ms.ss_family == AF_INET6 ?
			    ((struct sockaddr_in6 *)&ms)->sin6_port :
			    ((struct sockaddr_in *)&ms)->sin_port;
			lp = ls.ss_family == AF_INET6 ?
			    ((struct sockaddr_in6 *)&ls)->sin6_port :
			    ((struct sockaddr_in *)&ls)->sin_port;
		}
		if (mp != 0 && mp == lp) {
			seterr(err, "gateway.conf: metrics_listen must not use "
			    "the port of listen");
			r = SNT_ERR_CONFIG;
			goto out;
		}
	}
	*out = c;
	c = NULL;
	r = 0;
	if (err != NULL)
		err[0] = '\0';
out:
	gwconf_free(c);
	return r;
}

int
gwconf_load(const char *state_dir, struct gwconf **c,
    char err[GWCONF_ERR_MAX])
{
	uint8_t *buf = NULL;
	size_t len = 0;
	char *path = NULL;
	int r;

	*c = NULL;
	if ((path = join(state_dir, GWCONF_FILE)) == NULL) {
		seterr(err, "out of memory");
		return SNT_ERR_NOMEM;
	}
	r = fileio_read(path, GWCONF_MAX, 0, &buf, &len);
	if (r != 0) {
		seterr(err, "cannot read %s: %s", path, snt_strerror(r));
		goto out;
	}
	r = gwconf_parse((const char *)buf, len, state_dir, c, err);
out:
	fileio_free(buf, len, 0);
	free(path);
	return r;
}

void
gwconf_free(struct gwconf *c)
{
	int i;

	if (c == NULL)
		return;
	free(c->state_dir);
	free(c->listen);
	free(c->user);
	free(c->tls_cert);
	free(c->tls_key);
	free(c->tls_priorities);
	for (i = 0; i < WEB_LANGS; i++) {
		free(c->org_name[i]);
		free(c->ombudsman[i]);
		free(c->authority[i]);
	}
	free(c->default_lang);
	free(c->units_file);
	free(c->emergency_phone);
	free(c->authority_url);
	free(c->vault_dir);
	free(c->team_public);
	free(c->signing_key);
	free(c->signing_public);
	free(c->metrics_listen);	/* ops hook */
	free(c);
}

int
gwconf_parse_listen(const char *s, struct sockaddr_storage *ss,
    unsigned *addrlen)
{
	char host[64];
	const char *colon, *h;
	size_t hn;
	uint64_t port;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if ((colon = strrchr(s, ':')) == NULL ||
	    !parse_uint(colon + 1, strlen(colon + 1), 0, 65535, &port))
		return SNT_ERR_INVALID;
	h = s;
	hn = (size_t)(colon - s);
	if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') {
		h++;
		hn -= 2;
		if (hn == 0 || hn >= sizeof(host))
			return SNT_ERR_INVALID;
		memcpy(host, h, hn);
		host[hn] = '\0';
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			return SNT_ERR_INVALID;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*addrlen = sizeof(*a6);
		return 0;
	}
	if (hn == 0 || hn >= sizeof(host))
		return SNT_ERR_INVALID;
	memcpy(host, h, hn);
	host[hn] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return SNT_ERR_INVALID;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*addrlen = sizeof(*a4);
	return 0;
}

/* ---------------------------------------------------------------- units */

static int
unit_id_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64 || (n == 5 && memcmp(s, "other", 5) == 0))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* Splits one units line into its four fields, trimmed. */
static int
unit_fields(const char *s, size_t n, const char *f[4], size_t fn[4])
{
	int i;
	const char *bar;

	for (i = 0; i < 4; i++) {
		bar = memchr(s, '|', n);
		if ((bar == NULL) != (i == 3))
			return 0;
		f[i] = s;
		fn[i] = bar == NULL ? n : (size_t)(bar - s);
		if (bar != NULL) {
			n -= fn[i] + 1;
			s = bar + 1;
		}
		trim(&f[i], &fn[i]);
	}
	return 1;
}

static int
unit_line(struct web_unit *u, const char *s, size_t n, unsigned line,
    char err[GWCONF_ERR_MAX])
{
	const char *f[4];
	size_t fn[4];
	int i;

	if (!clean_text(s, n) || !unit_fields(s, n, f, fn)) {
		seterr(err, "units line %u: expected id | suomeksi | på "
		    "svenska | in English", line);
		return SNT_ERR_CONFIG;
	}
	if (!unit_id_ok(f[0], fn[0])) {
		seterr(err, "units line %u: id must be 1-64 of a-z 0-9 - and "
		    "not 'other'", line);
		return SNT_ERR_CONFIG;
	}
	for (i = 1; i < 4; i++)
		if (fn[i] == 0 || fn[i] > GWUNIT_NAME_MAX) {
			seterr(err, "units line %u: every name must be 1-%u "
			    "bytes", line, GWUNIT_NAME_MAX);
			return SNT_ERR_CONFIG;
		}
	if ((u->id = strndup(f[0], fn[0])) == NULL)
		return SNT_ERR_NOMEM;
	for (i = 0; i < WEB_LANGS; i++)
		if ((u->name[i] = strndup(f[i + 1], fn[i + 1])) == NULL)
			return SNT_ERR_NOMEM;
	return 0;
}

int
gwunits_parse(const char *text, size_t len, struct web_unit **out,
    size_t *nout, char err[GWCONF_ERR_MAX])
{
	struct web_unit *u = NULL;
	const char *p = text, *end = text + len, *nl, *s;
	size_t n = 0, sn, i;
	unsigned line = 0;
	int r = 0;

	*out = NULL;
	*nout = 0;
	if (len > GWUNITS_MAX_FILE || memchr(text, '\0', len) != NULL) {
		seterr(err, "units file too large or holds a NUL byte");
		return SNT_ERR_CONFIG;
	}
	if ((u = calloc(GWUNITS_MAX, sizeof(*u))) == NULL)
		return SNT_ERR_NOMEM;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line++;
		s = p;
		sn = (size_t)(nl - p);
		p = nl + (nl < end);
		trim(&s, &sn);
		if (sn == 0 || s[0] == '#')
			continue;
		if (n == GWUNITS_MAX) {
			seterr(err, "units: more than %u units", GWUNITS_MAX);
			r = SNT_ERR_CONFIG;
			goto out;
		}
		if ((r = unit_line(&u[n], s, sn, line, err)) != 0) {
			n++;
			goto out;
		}
		for (i = 0; i < n; i++)
			if (strcmp(u[i].id, u[n].id) == 0) {
				seterr(err, "units line %u: id given twice",
				    line);
				n++;
				r = SNT_ERR_CONFIG;
				goto out;
			}
		n++;
	}
	*out = u;
	*nout = n;
	u = NULL;
	if (err != NULL)
		err[0] = '\0';
out:
	if (u != NULL)
		gwunits_free(u, n);
	return r;
}

int
gwunits_load(const char *path, struct web_unit **units, size_t *n,
    char err[GWCONF_ERR_MAX])
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	*units = NULL;
	*n = 0;
	if ((r = fileio_read(path, GWUNITS_MAX_FILE, 0, &buf, &len)) != 0) {
		seterr(err, "cannot read %s: %s", path, snt_strerror(r));
		return r;
	}
	r = gwunits_parse((const char *)buf, len, units, n, err);
	fileio_free(buf, len, 0);
	return r;
}

void
gwunits_free(struct web_unit *units, size_t n)
{
	size_t i;
	int j;

	if (units == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((char *)(uintptr_t)units[i].id);
		for (j = 0; j < WEB_LANGS; j++)
			free((char *)(uintptr_t)units[i].name[j]);
	}
	free(units);
}

/* ---------------------------------------------------------------- templates */

static const char conf_template[] =
"# gateway.conf — Sinetti gateway configuration (docs/configuration.md).\n"
"# key = value, one per line, under a [section]. Lines starting with # are\n"
"# comments. Every key has a default; uncomment a line to change it.\n"
"# Relative paths are relative to this state directory.\n"
"\n"
"[server]\n"
"# Address and port to listen on (numeric address; [::1]:8443 for IPv6).\n"
"# listen = 127.0.0.1:8443\n"
"# Polling threads serving connections.\n"
"# threads = 2\n"
"# Threads that seal submissions (the receipt's key pair and the seal: most\n"
"# of a submission's CPU), whichever polling thread received them\n"
"# (default: one per processor).\n"
"# seal_threads = 2\n"
"# Unprivileged user to switch to when started as root\n"
"# (default: sinetti if that user exists, else nobody).\n"
"# user = sinetti\n"
"# Metrics (Prometheus) and health check, plain HTTP: GET /metrics and\n"
"# GET /healthz. Keep it on loopback; never the public port; off to\n"
"# disable. Counts only, nothing about any sender.\n"
"# metrics_listen = 127.0.0.1:9464\n"
"\n"
"[tls]\n"
"# Certificate chain and private key, PEM. `init` made a self-signed pair\n"
"# for local use; use one from your CA for a public service.\n"
"# certificate = tls-cert.pem\n"
"# key = tls-key.pem\n"
"# GnuTLS priority string. The default allows TLS 1.3 and 1.2 only, ECDHE\n"
"# key exchange and AEAD ciphers.\n"
"# priorities = " GWCONF_DEFAULT_PRIORITIES "\n"
"\n"
"[site]\n"
"# The organisation's name in each language.\n"
"# organisation_fi = Esimerkkikunnan sosiaalipalvelujen valvonta\n"
"# organisation_sv = Exempelkommunens tillsyn över socialservice\n"
"# organisation_en = Supervision of social services, Example municipality\n"
"# Language of the start page when the browser states none of fi, sv, en.\n"
"# default_language = fi\n"
"# The units citizens choose from (format: see the file).\n"
"# units = units\n"
"# Emergency social services duty (sosiaalipäivystys), shown prominently.\n"
"# emergency_phone = 112\n"
"# How to reach the social ombudsman (sosiaaliasiamies).\n"
"# ombudsman_fi = Sosiaaliasiamies, puh. 09 123 4567\n"
"# ombudsman_sv = Socialombudsmannen, tfn 09 123 4567\n"
"# ombudsman_en = Social ombudsman, tel. +358 9 123 4567\n"
"# The complaint (kantelu) authority; default Lupa- ja valvontavirasto.\n"
"# authority_fi = Lupa- ja valvontavirasto\n"
"# authority_sv = Tillstånds- och tillsynsverket\n"
"# authority_en = Finnish Supervisory Agency\n"
"# authority_url = https://www.lvv.fi/\n"
"# Longest message in characters (at most 10000).\n"
"# message_max_chars = 10000\n"
"\n"
"[limits]\n"
"# Largest request body in bytes (at most 262144); larger gets 413.\n"
"# body_max = 262144\n"
"# Connections at once, in all and from one address (addresses are kept\n"
"# in memory only for as long as the connection lasts).\n"
"# connections = 1000\n"
"# connections_per_ip = 20\n"
"# Seconds a connection may stay idle.\n"
"# connection_timeout = 30\n"
"# Submissions per minute from everyone together; more get 429.\n"
"# submissions_per_minute = 600\n"
"# Submissions waiting for the disk at once; more get 503.\n"
"# pending_max = 4096\n"
"# Vault size: initial and maximum in MiB. A full vault gives 503 and a\n"
"# log line; export, acknowledge --purge, or raise the maximum.\n"
"# vault_initial_mb = 64\n"
"# vault_max_mb = 4096\n";

const char *
gwconf_template(void)
{
	return conf_template;
}

static const char units_template[] =
"# units — the units (toimintayksiköt) a citizen can choose on the form.\n"
"# One per line: id | nimi suomeksi | namn på svenska | name in English\n"
"# id: 1-64 of a-z 0-9 -, unique, not 'other' (the form always offers\n"
"# 'other unit'). Names: 1-200 bytes, no '|'. Edit, then restart serve.\n"
"kotihoito | Kotihoito | Hemvård | Home care\n"
"palvelutalo-koivu | Palvelutalo Koivu | Servicehuset Björk | "
"Koivu service housing\n"
"lastensuojelu | Lastensuojelu | Barnskydd | Child protection\n"
"vammaispalvelut | Vammaispalvelut | Handikappservice | "
"Disability services\n";

const char *
gwunits_template(void)
{
	return units_template;
}

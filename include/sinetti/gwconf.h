/*
 * gwconf.h — the gateway's configuration and units files (gateway/gwconf.c).
 *
 * A state directory holds `gateway.conf`, an INI-style file of
 * `key = value` lines under [server], [tls], [site] and [limits] sections,
 * with `#` comments on lines of their own. Every key has a default, so an
 * empty file is a valid configuration. The parser is strict: an unknown
 * section or key, a key given twice, a value out of range, invalid UTF-8 or
 * a control character is refused with a message naming the line. Relative
 * paths are resolved against the state directory. Reference:
 * docs/configuration.md.
 *
 * The `units` file lists the units a citizen can choose, one per line:
 *
 *   id | nimi suomeksi | namn på svenska | name in English
 *
 * id is [a-z0-9-]{1,64} and not "other"; names are 1..200 bytes of UTF-8
 * without control characters or '|'. Lines starting with '#' and blank lines
 * are ignored. Ids are unique.
 *
 * Neither file ever holds anything a citizen sent.
 */
#ifndef SINETTI_GWCONF_H
#define SINETTI_GWCONF_H

#include <stddef.h>
#include <stdint.h>

#include "sinetti/web.h"

#define GWCONF_FILE "gateway.conf"
#define GWCONF_MAX (64u * 1024u)	/* bytes of gateway.conf */
#define GWCONF_ERR_MAX 256		/* buffer for a one-line message */
#define GWUNITS_MAX_FILE (256u * 1024u)
#define GWUNITS_MAX 1000		/* units in one file */
#define GWUNIT_NAME_MAX 200

/*
 * Default GnuTLS priority string: TLS 1.3 and 1.2 only, ECDHE key exchange
 * with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), server's preference.
 * X25519 first: browsers and OpenSSL clients send an X25519 key share, and
 * GnuTLS's own order (P-256 first) answered them with a HelloRetryRequest,
 * an extra round trip and a slower curve on every new connection.
 * AES-128-GCM first: its TLS 1.3 suite hashes with SHA-256, which nettle
 * runs on the CPU's SHA instructions; SHA-384 (AES-256's suite) was 9 % of
 * the gateway's CPU under new connections (docs/performance.md).
 */
#define GWCONF_DEFAULT_PRIORITIES \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:" \
	"+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD:" \
	"-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:-GROUP-ALL:+GROUP-X25519:" \
	"+GROUP-SECP256R1:+GROUP-SECP384R1:+GROUP-SECP521R1:" \
	"%SERVER_PRECEDENCE"

struct gwconf {
	char *state_dir;		/* as given */
	/* [server] */
	char *listen;			/* ADDR:PORT or [ADDR6]:PORT */
	unsigned threads;		/* MHD polling threads */
	unsigned seal_threads;		/* gwpool sealers; 0: one per CPU */
	char *user;			/* unprivileged user; NULL = sinetti or nobody */
	/* [tls] */
	char *tls_cert;			/* resolved paths */
	char *tls_key;
	char *tls_priorities;
	/* [site] */
	char *org_name[WEB_LANGS];	/* NULL = web layer's default */
	char *default_lang;
	char *units_file;		/* resolved path */
	char *emergency_phone;
	char *ombudsman[WEB_LANGS];
	char *authority[WEB_LANGS];
	char *authority_url;
	unsigned message_max_chars;	/* 0 = CONTENT_MESSAGE_MAX_CHARS */
	/* [limits] */
	unsigned body_max;		/* bytes, <= WEB_BODY_MAX */
	unsigned connections;		/* all connections at once */
	unsigned connections_per_ip;
	unsigned connection_timeout;	/* seconds of inactivity */
	unsigned submissions_per_minute;/* global, all senders together */
	unsigned pending_max;		/* submissions waiting for the disk */
	uint64_t vault_max_mb;		/* LMDB map maximum */
	uint64_t vault_initial_mb;
	/* fixed names in the state directory, resolved */
	char *vault_dir;
	char *team_public;
	char *signing_key;
	char *signing_public;
	/* ops hook (issue 10): [server] metrics_listen, the loopback
	 * metrics and health listener (ops_metrics.h); NULL = the default,
	 * "off" = none. Never the public port. */
	char *metrics_listen;
};

/*
 * Parses text (len bytes, need not be NUL-terminated) as gateway.conf of
 * state directory state_dir. On success *c is a new config (free with
 * gwconf_free). On failure writes one line (no trailing newline) to err,
 * naming the line number, and returns SNT_ERR_CONFIG (or SNT_ERR_NOMEM,
 * SNT_ERR_TOO_LARGE).
 */
int gwconf_parse(const char *text, size_t len, const char *state_dir,
    struct gwconf **c, char err[GWCONF_ERR_MAX]);

/* Reads state_dir/gateway.conf and parses it. Adds SNT_ERR_NOT_FOUND and
 * SNT_ERR_IO (with err filled) to gwconf_parse's errors. */
int gwconf_load(const char *state_dir, struct gwconf **c,
    char err[GWCONF_ERR_MAX]);

void gwconf_free(struct gwconf *c);

/* The commented gateway.conf that `init` writes (a static string). */
const char *gwconf_template(void);

/* The example units file that `init` writes (a static string). */
const char *gwunits_template(void);

/*
 * Parses a units file. *units is an array of *n entries; all strings are
 * owned by it; free with gwunits_free(). Errors as gwconf_parse.
 */
int gwunits_parse(const char *text, size_t len, struct web_unit **units,
    size_t *n, char err[GWCONF_ERR_MAX]);
int gwunits_load(const char *path, struct web_unit **units, size_t *n,
    char err[GWCONF_ERR_MAX]);
void gwunits_free(struct web_unit *units, size_t n);

/*
 * Splits "ADDR:PORT" or "[ADDR6]:PORT" into a socket address. Only numeric
 * addresses; "localhost" is accepted as 127.0.0.1. Errors: SNT_ERR_INVALID.
 */
struct sockaddr_storage;
int gwconf_parse_listen(const char *s, struct sockaddr_storage *ss,
    unsigned *addrlen);

#endif

/*
 * reply_cmd.c — `reply` and `outbox`, and the status records that follow
 * `status` (reply_cmd.h).
 *
 * Order of durability: an outbox entry is written (and synced) before the
 * case and audit are updated, and removed again if that update fails, so
 * nothing leaves the reviewer that the audit log does not show; outbox
 * entries are marked sent only after the bundle file is durable.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/audit.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/reply.h"
#include "sinetti/reply_cmd.h"
#include "sinetti/review_i18n.h"
#include "sinetti/review_store.h"
#include "sinetti/smem.h"
#include "sinetti/utf8.h"


#define ENTRY_VERSION 1
#define ENTRY_MAX (1 + ENVELOPE_ID_BYTES + REPLY_RECORD_MAX)
#define NOTE_PREFIX "[reply] "

static void errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
errf(const char *fmt, ...)
{
	va_list ap;

	fputs("sinetti-review: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
fi(void)
{
	return i18n_get() == LANG_FI;
}

static int
usage(const char *cmd)
{
	review_help(cmd, 1);
	return 2;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
reply_cmd_is_command(const char *name)
{
	return strcmp(name, "reply") == 0 || strcmp(name, "outbox") == 0;
}

/* ------------------------------------------------------------ outbox */

static int
outbox_path(const struct review_ctx *c, const char *sub, char *out,
    size_t cap)
{
	int n = snprintf(out, cap, "%s/%s%s%s", c->store_dir, REPLY_OUTBOX_DIR,
	    sub != NULL ? "/" : "", sub != NULL ? sub : "");

	return n < 0 || (size_t)n >= cap ? SNT_ERR_INVALID : 0;
}

static int
ensure_dir(const char *path)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return snt_from_errno(errno);
	return 0;
}

/* Writes one entry (version, envelope id, record) as a new file named by
 * time so the outbox reads back in order. *name gets its path. */
static int
outbox_put(struct review_ctx *c, const uint8_t id[ENVELOPE_ID_BYTES],
    const uint8_t *rec, size_t rlen, char name[PATH_MAX])
{
	char dir[PATH_MAX], sent[PATH_MAX], rnd[17];
	uint8_t *buf = NULL, r8[8];
	size_t len = 1 + ENVELOPE_ID_BYTES + rlen;
	int n, r;

	if ((r = outbox_path(c, NULL, dir, sizeof(dir))) != 0 ||
	    (r = outbox_path(c, "sent", sent, sizeof(sent))) != 0 ||
	    (r = ensure_dir(dir)) != 0 || (r = ensure_dir(sent)) != 0)
		return r;
	randombytes_buf(r8, sizeof(r8));
	sodium_bin2hex(rnd, sizeof(rnd), r8, sizeof(r8));
	n = snprintf(name, PATH_MAX, "%s/%013llu-%s.rpl", dir,
	    (unsigned long long)now_ms(), rnd);
	if (n < 0 || n >= PATH_MAX)
		return SNT_ERR_INVALID;
	if ((buf = malloc(len)) == NULL)
		return SNT_ERR_NOMEM;
	buf[0] = ENTRY_VERSION;
	memcpy(buf + 1, id, ENVELOPE_ID_BYTES);
	memcpy(buf + 1 + ENVELOPE_ID_BYTES, rec, rlen);
	r = fileio_write_atomic(name, buf, len, 0);
	free(buf);
	return r;
}

/* The reply public key from inside the case's envelope. */
static int
reply_key_of(struct review_ctx *c, const uint8_t *env, size_t elen,
    uint8_t pk_out[32])
{
	static const uint8_t zero[32];
	struct envelope_header h;
	struct content ct;
	const uint8_t *pk, *sk;
	uint8_t *plain = NULL;
	size_t plen = 0;
	int r;

	if ((r = envelope_parse_header(env, elen, &h)) != 0 ||
	    (r = keyring_team_key(c->u, h.key_id, &pk, &sk)) != 0 ||
	    (r = envelope_open(env, elen, pk, sk, &plain, &plen, &ct)) != 0)
		return r;
	memcpy(pk_out, ct.reply_pk, 32);
	smem_free(plain);
	/* a submission made without a receipt cannot be answered */
	return sodium_memcmp(pk_out, zero, 32) == 0 ? SNT_ERR_MISSING : 0;
}

/* Citizen status for a case status; 0 for closed (nothing to say). */
static uint8_t
citizen_status(uint8_t case_status)
{
	switch (case_status) {
	case CASE_NEW:
		return REPLY_RECEIVED;
	case CASE_IN_PROGRESS:
		return REPLY_IN_PROGRESS;
	case CASE_ANSWERED:
		return REPLY_ANSWERED;
	default:
		return 0;
	}
}

static uint8_t
case_status_of(uint8_t st)
{
	return st == REPLY_RECEIVED ? CASE_NEW :
	    st == REPLY_IN_PROGRESS ? CASE_IN_PROGRESS : CASE_ANSWERED;
}

/* ------------------------------------------------------------- reply */

/* Reads the reply text: one trailing line end dropped; must be UTF-8
 * without NUL and not empty. *text is smem. */
static int
read_text(const char *path, uint8_t **text, size_t *len)
{
	size_t n;
	int r;

	if ((r = fileio_read(path, REPLY_TEXT_MAX + 2, FILEIO_SECURE, text,
	    len)) != 0) {
		if (r == SNT_ERR_TOO_LARGE)
			errf("%s: %s (%d %s)", path, snt_strerror(r),
			    REPLY_TEXT_MAX, fi() ? "tavua enintään" :
			    "bytes at most");
		else
			errf("%s: %s", path, snt_strerror(r));
		return 1;
	}
	n = *len;
	if (n > 0 && (*text)[n - 1] == '\n')
		n--;
	if (n > 0 && (*text)[n - 1] == '\r')
		n--;
	*len = n;
	if (n == 0) {
		errf("%s: %s", path, fi() ? "vastaus on tyhjä (tilan voi "
		    "vaihtaa komennolla status)" : "the reply is empty (use "
		    "status to change only the status)");
		return 2;
	}
	if (n > REPLY_TEXT_MAX) {
		errf("%s: %s (%d %s)", path, snt_strerror(SNT_ERR_TOO_LARGE),
		    REPLY_TEXT_MAX, fi() ? "tavua enintään" : "bytes at most");
		return 1;
	}
	if (memchr(*text, '\0', n) != NULL || utf8_validate(*text, n) != 0) {
		errf("%s: %s", path, fi() ? "vastauksen pitää olla UTF-8-"
		    "tekstiä" : "the reply must be UTF-8 text");
		return 1;
	}
	return 0;
}

struct reply_opts {
	const char *file, *status, *out, *id;
	int all, help;
};

static int
parse(int argc, char **argv, struct reply_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			o->help = 1;
		else if (strcmp(a, "--all") == 0 &&
		    strcmp(argv[0], "outbox") == 0)
			o->all = 1;
		else if ((strcmp(a, "--file") == 0 || strcmp(a, "--status") == 0)
		    && strcmp(argv[0], "reply") == 0 && i + 1 < argc)
			*(a[2] == 'f' ? &o->file : &o->status) = argv[++i];
		else if (strcmp(a, "--out") == 0 &&
		    strcmp(argv[0], "outbox") == 0 && i + 1 < argc)
			o->out = argv[++i];
		else if (a[0] != '-' && o->id == NULL &&
		    strcmp(argv[0], "reply") == 0)
			o->id = a;
		else
			return 2;
	}
	return 0;
}

static int
cmd_reply(struct review_ctx *c, const struct reply_opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL, *text = NULL, *rec = NULL, pk[32], st = 0;
	size_t elen = 0, tlen = 0, rlen = 0;
	char name[PATH_MAX], num[CASE_NUMBER_MAX], *note = NULL;
	uint64_t t;
	int r, rc = 1, queued = 0;

	if (o->id == NULL || o->file == NULL)
		return usage("reply");
	if (o->status != NULL && (st = reply_status_from_name(o->status)) == 0)
		return usage("reply");
	if ((rc = read_text(o->file, &text, &tlen)) != 0)
		goto out;
	rc = 1;
	if ((r = rstore_get(c->s, o->id, &cf, &env, &elen)) != 0) {
		errf("%s: %s", fi() ? "asiaa ei löydy" : "no such case",
		    snt_strerror(r));
		goto out;
	}
	if ((r = reply_key_of(c, env, elen, pk)) != 0) {
		errf("%s: %s", fi() ? "asiaan ei voi vastata (ei "
		    "vastausavainta)" : "this case cannot be answered (no "
		    "reply key)", snt_strerror(r));
		goto out;
	}
	if (st == 0 && (st = citizen_status(cf->status)) == 0)
		st = REPLY_ANSWERED;
	t = now_ms();
	if ((r = reply_create(pk, st, t, (const char *)text, tlen, &rec,
	    &rlen)) != 0 ||
	    (r = outbox_put(c, cf->id, rec, rlen, name)) != 0) {
		errf("%s: %s", fi() ? "vastausta ei voitu tallentaa" :
		    "cannot queue the reply", snt_strerror(r));
		goto out;
	}
	queued = 1;
	/* The officers' own copy of what was sent, inside the encrypted
	 * case record. */
	if ((note = smem_alloc(sizeof(NOTE_PREFIX) + tlen)) == NULL) {
		r = SNT_ERR_NOMEM;
		goto undo;
	}
	memcpy(note, NOTE_PREFIX, sizeof(NOTE_PREFIX) - 1);
	memcpy(note + sizeof(NOTE_PREFIX) - 1, text, tlen);
	if ((r = casefile_add_note(cf, t / 1000, rstore_officer(c->s), note,
	    sizeof(NOTE_PREFIX) - 1 + tlen)) != 0)
		goto undo;
	if (o->status != NULL && cf->status != case_status_of(st)) {
		cf->status = case_status_of(st);
		cf->status_at = t / 1000;
	}
	if ((r = rstore_put_case(c->s, cf, AUDIT_REPLY, st)) != 0)
		goto undo;
	casefile_number(cf, num);
	if (o->status != NULL)
		(void)rstore_audit(c->s, AUDIT_STATUS,
		    (const char (*)[CASE_NUMBER_MAX])num, 1, cf->status);
	printf(fi() ? "Vastaus asiaan %s on lähtevissä (tila kansalaiselle: "
	    "%s). Kirjoita siirtotiedosto: outbox --out FILE\n" :
	    "The reply to %s is in the outbox (status for the citizen: %s). "
	    "Write the transfer file with: outbox --out FILE\n", num,
	    reply_status_name(st));
	rc = 0;
	goto out;
undo:
	/* Not audited, so it must not leave. */
	if (queued)
		unlink(name);
	errf("%s: %s", fi() ? "vastausta ei voitu kirjata; mitään ei "
	    "lähetetä" : "cannot record the reply; nothing will be sent",
	    snt_strerror(r));
out:
	smem_free(note);
	free(rec);
	fileio_free(text, tlen, FILEIO_SECURE);
	casefile_free(cf);
	free(env);
	sodium_memzero(pk, sizeof(pk));
	return rc;
}

int
reply_queue_status(struct review_ctx *c, const struct casefile *cf,
    const uint8_t *env, size_t env_len)
{
	uint8_t pk[32], *rec = NULL, st = citizen_status(cf->status);
	size_t rlen = 0;
	char name[PATH_MAX];
	int r;

	if (st == 0)
		return 0;
	if ((r = reply_key_of(c, env, env_len, pk)) == SNT_ERR_MISSING)
		return 0;	/* no receipt: nobody to tell */
	if (r != 0 ||
	    (r = reply_create(pk, st, now_ms(), NULL, 0, &rec, &rlen)) != 0 ||
	    (r = outbox_put(c, cf->id, rec, rlen, name)) != 0) {
		free(rec);
		errf("%s: %s", fi() ? "tilaa ei voitu lisätä lähteviin" :
		    "cannot queue the status for the citizen", snt_strerror(r));
		return 1;
	}
	free(rec);
	printf(fi() ? "Tila kansalaiselle (%s) on lähtevissä.\n" :
	    "The status for the citizen (%s) is in the outbox.\n",
	    reply_status_name(st));
	return 0;
}

/* ------------------------------------------------------------ outbox */

struct entry {
	char path[PATH_MAX];
	char name[64];
	uint8_t *buf;
	size_t len;
	int sent;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/* Reads every *.rpl in dir into *e (grown), checking each strictly. */
static int
read_dir(const char *dir, int sent, struct entry **e, size_t *n, size_t *cap)
{
	DIR *d;
	struct dirent *de;
	struct entry *x;
	size_t l;
	int r = 0;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : snt_from_errno(errno);
	while ((de = readdir(d)) != NULL) {
		l = strlen(de->d_name);
		if (l < 5 || l >= 64 || strcmp(de->d_name + l - 4, ".rpl") != 0)
			continue;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;

			if (nc > REPLY_BUNDLE_MAX_ENTRIES) {
				r = SNT_ERR_TOO_LARGE;
				break;
			}
			if ((x = realloc(*e, nc * sizeof(*x))) == NULL) {
				r = SNT_ERR_NOMEM;
				break;
			}
			*e = x;
			*cap = nc;
		}
		x = &(*e)[*n];
		memset(x, 0, sizeof(*x));
		memcpy(x->name, de->d_name, l + 1);	/* l < 64 above */
		if (snprintf(x->path, sizeof(x->path), "%s/%s", dir, x->name) >=
		    (int)sizeof(x->path)) {
			r = SNT_ERR_INVALID;
			break;
		}
		x->sent = sent;
		if ((r = fileio_read(x->path, ENTRY_MAX, 0, &x->buf,
		    &x->len)) != 0)
			break;
		(*n)++;
		if (x->len < 1 + ENVELOPE_ID_BYTES || x->buf[0] != ENTRY_VERSION ||
		    reply_check(x->buf + 1 + ENVELOPE_ID_BYTES,
		    x->len - 1 - ENVELOPE_ID_BYTES) != 0) {
			errf("%s: %s", x->path, fi() ? "vahingoittunut" :
			    "damaged");
			r = SNT_ERR_INVALID;
			break;
		}
	}
	closedir(d);
	return r;
}

static int
cmd_outbox(struct review_ctx *c, const struct reply_opts *o)
{
	struct entry *e = NULL;
	struct reply_entry *re = NULL;
	char (*nums)[CASE_NUMBER_MAX] = NULL;
	char dir[PATH_MAX], sent[PATH_MAX], to[PATH_MAX], hex[33];
	uint8_t *out = NULL;
	size_t n = 0, cap = 0, i, olen = 0, nn = 0;
	int r, rc = 1;

	if (o->out == NULL)
		return usage("outbox");
	if (access(o->out, F_OK) == 0) {
		errf("%s: %s", o->out, fi() ? "on jo olemassa; anna uusi "
		    "tiedosto" : "exists; give a new file");
		return 1;
	}
	if ((r = outbox_path(c, NULL, dir, sizeof(dir))) != 0 ||
	    (r = outbox_path(c, "sent", sent, sizeof(sent))) != 0 ||
	    (r = read_dir(dir, 0, &e, &n, &cap)) != 0 ||
	    (o->all && (r = read_dir(sent, 1, &e, &n, &cap)) != 0)) {
		errf("%s: %s", dir, snt_strerror(r));
		goto out;
	}
	if (n == 0) {
		printf("%s\n", fi() ? "Lähtevissä ei ole mitään." :
		    "The outbox is empty.");
		rc = 0;
		goto out;
	}
	qsort(e, n, sizeof(*e), by_name);
	if ((re = calloc(n, sizeof(*re))) == NULL ||
	    (nums = calloc(n, sizeof(*nums))) == NULL) {
		errf("outbox: %s", snt_strerror(SNT_ERR_NOMEM));
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct casefile *cf = NULL;
		uint8_t *env = NULL;
		size_t elen;

		memcpy(re[i].id, e[i].buf + 1, ENVELOPE_ID_BYTES);
		re[i].rec = e[i].buf + 1 + ENVELOPE_ID_BYTES;
		re[i].rec_len = e[i].len - 1 - ENVELOPE_ID_BYTES;
		sodium_bin2hex(hex, sizeof(hex), re[i].id, ENVELOPE_ID_BYTES);
		/* for the audit log; a case purged since is logged without */
		if (rstore_get(c->s, hex, &cf, &env, &elen) == 0) {
			casefile_number(cf, nums[nn++]);
			casefile_free(cf);
			free(env);
		}
	}
	if ((r = reply_bundle_create(re, n, rstore_gateway_pk(c->s),
	    (uint64_t)time(NULL), keyring_sign_sk(c->u), &out, &olen)) != 0 ||
	    (r = rstore_audit(c->s, AUDIT_OUTBOX,
	    (const char (*)[CASE_NUMBER_MAX])nums, nn, (uint32_t)n)) != 0 ||
	    (r = fileio_write_atomic(o->out, out, olen, 0)) != 0) {
		errf("%s: %s", o->out, snt_strerror(r));
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (e[i].sent)
			continue;
		/* a failed move only means it is sent again next time */
		if (snprintf(to, sizeof(to), "%s/%s", sent, e[i].name) <
		    (int)sizeof(to))
			(void)rename(e[i].path, to);
	}
	printf(fi() ? "Kirjoitettiin %zu lähtevää tiedostoon %s. Vie se "
	    "yhdyskäytävälle: sinetti-gateway import-replies\n" :
	    "Wrote %zu outbox entries to %s. Take it to the gateway: "
	    "sinetti-gateway import-replies\n", n, o->out);
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(e[i].buf);
	free(e);
	free(re);
	free(nums);
	free(out);
	return rc;
}

int
reply_cmd_run(struct review_ctx *c, int argc, char **argv)
{
	struct reply_opts o;
	int r;

	if (parse(argc, argv, &o) != 0)
		return usage(argv[0]);
	if (o.help)
		return review_help(argv[0], 0);
	if (review_unlock(c) != 0)
		return 1;
	r = strcmp(argv[0], "reply") == 0 ? cmd_reply(c, &o) :
	    cmd_outbox(c, &o);
	fflush(stdout);
	return r;
}

/*
 * review_cmd.c — the commands of sinetti-review.
 *
 * Trust: everything that comes out of an envelope or a case record is
 * hostile text. It is only ever written through sanitize.h into an smem
 * output buffer, which is written out and wiped. The audit entry for a
 * view is committed before the officer sees anything, so a view that
 * could not be logged is not shown.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "sinetti/audit.h"
#include "sinetti/bundle.h"
#include "sinetti/casefile.h"
#include "sinetti/content.h"
#include "sinetti/envelope.h"
#include "sinetti/envelope_open.h"
#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/passphrase.h"
#include "sinetti/pubkey.h"
#include "sinetti/reply_cmd.h"
#include "sinetti/review_cmd.h"
#include "sinetti/review_i18n.h"
#include "sinetti/review_open.h"
#include "sinetti/review_store.h"
#include "sinetti/sanitize.h"
#include "sinetti/smem.h"

#define OUT_MAX ((size_t)1 << 30)
#define LINE_MAX_SHELL 8192
#define SHELL_ARGS_MAX 64
#define IMPORT_CHUNK 8192	/* envelopes per import transaction */

/* ---------------------------------------------------------------- output */

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

/*
 * Formats one of our translated texts. The formats are static strings
 * from i18n.c, never input, and every caller passes arguments of the types
 * their conversions name in all three languages.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
trf(char *out, size_t cap, enum msg m, ...)
{
	va_list ap;

	va_start(ap, m);
	vsnprintf(out, cap, tr(m), ap);
	va_end(ap);
}
#pragma GCC diagnostic pop

static void
out_init(struct wire_w *w)
{
	wire_w_init(w, OUT_MAX, 1);
}

/* Writes the buffer to f and wipes it. */
static int
out_flush(struct wire_w *w, FILE *f)
{
	int r = w->err;

	if (r == 0 && w->len > 0 && fwrite(w->buf, 1, w->len, f) != w->len)
		r = SNT_ERR_IO;
	fflush(f);
	wire_w_discard(w);
	wire_w_init(w, OUT_MAX, 1);
	return r;
}

static void
put(struct wire_w *w, const char *s)
{
	sanitize_put_str(w, s);
}

static void
putf(struct wire_w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct wire_w *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		wire_put_bytes(w, buf, (size_t)n < sizeof(buf) ? (size_t)n :
		    sizeof(buf) - 1);
}

static void
id_hex(const uint8_t id[ENVELOPE_ID_BYTES], char out[2 * ENVELOPE_ID_BYTES + 1])
{
	sodium_bin2hex(out, 2 * ENVELOPE_ID_BYTES + 1, id, ENVELOPE_ID_BYTES);
}

/* Exit status and message for a library error. */
static int
fail(const char *what, int r)
{
	errf("%s: %s", what, snt_strerror(r));
	return 1;
}

/* ---------------------------------------------------------------- envelopes */

struct opened {
	uint8_t *plain;
	size_t plen;
	struct content c;
};

static int
open_env(struct review_ctx *x, const uint8_t *env, size_t len,
    struct opened *o)
{
	struct envelope_header h;
	const uint8_t *pk, *sk;
	int r;

	memset(o, 0, sizeof(*o));
	if ((r = envelope_parse_header(env, len, &h)) != 0)
		return r;
	if ((r = keyring_team_key(x->u, h.key_id, &pk, &sk)) != 0)
		return r;
	return envelope_open(env, len, pk, sk, &o->plain, &o->plen, &o->c);
}

static void
opened_free(struct opened *o)
{
	smem_free(o->plain);
	memset(o, 0, sizeof(*o));
}

/*
 * Records imported pending (cmd_import) are completed from their content
 * by whichever command opens their envelope first; list and export
 * collect them here and write them back in one transaction at the end.
 */
struct completions {
	struct casefile *cfs;		/* smem array, by value, notes left out */
	size_t n, cap;
};

static int
completions_add(struct completions *d, const struct casefile *cf)
{
	struct casefile *nc;
	size_t cap;

	if (d->n == d->cap) {
		cap = d->cap ? d->cap * 2 : 256;
		/* smem has no realloc: a bigger locked array, the old wiped */
		if (cap > SIZE_MAX / sizeof(*nc) ||
		    (nc = smem_alloc(cap * sizeof(*nc))) == NULL)
			return SNT_ERR_NOMEM;
		if (d->n > 0)
			memcpy(nc, d->cfs, d->n * sizeof(*nc));
		smem_free(d->cfs);
		d->cfs = nc;
		d->cap = cap;
	}
	d->cfs[d->n] = *cf;
	d->cfs[d->n].notes = NULL;
	d->cfs[d->n].nnotes = 0;
	d->n++;
	return 0;
}

static void
completions_free(struct completions *d)
{
	smem_free(d->cfs);
	memset(d, 0, sizeof(*d));
}

/* Writes the completed records back; a failure only costs reading them
 * again next time, so it is reported and the command goes on. */
static void
completions_save(struct review_ctx *x, struct completions *d)
{
	const struct casefile **p = NULL;
	char msg[256];
	size_t i;
	int r;

	if (d->n == 0)
		return;
	if ((p = calloc(d->n, sizeof(*p))) == NULL)
		r = SNT_ERR_NOMEM;
	else {
		for (i = 0; i < d->n; i++)
			p[i] = &d->cfs[i];
		r = rstore_complete(x->s, p, d->n);
	}
	free(p);
	if (r != 0) {
		trf(msg, sizeof(msg), M_COMPLETE_FAILED, snt_strerror(r));
		errf("%s", msg);
	}
	completions_free(d);
}

/* Fills a pending record (in memory) from its opened envelope. */
static void
complete_from(struct review_ctx *x, struct casefile *cf,
    const struct content *ct)
{
	casefile_complete(cf, ct->arrival, ct->kind, ct->phone.len > 0,
	    &rstore_config(x->s)->due);
}

static int
ukey(void *kctx, const uint8_t id[KEY_ID_BYTES], const uint8_t **pk,
    const uint8_t **sk)
{
	return keyring_team_key(kctx, id, pk, sk);
}

/*
 * A walk over every case that opens, on every core, the envelopes that
 * want() asks for and every pending one, then hands each case to use() in
 * store order: cf completed when it was pending and opened, j the opened
 * envelope (NULL when not opened; j->r says whether it opened).
 */
struct walk {
	struct review_ctx *x;
	struct ropener *op;
	struct ropen *jobs;
	size_t *idx, batch;
	struct completions done;
	int (*want)(void *ctx, const struct casefile *cf);
	int (*use)(void *ctx, const struct casefile *cf, const struct ropen *j);
	void *ctx;
};

static int
walk_batch(void *v, const struct rstore_case *cs, size_t n)
{
	struct walk *w = v;
	struct casefile tmp;
	const struct casefile *cf;
	const struct ropen *j;
	size_t i, k = 0, nj = 0;
	int r;

	for (i = 0; i < n; i++) {
		if (!casefile_is_pending(cs[i].cf) && !w->want(w->ctx, cs[i].cf))
			continue;
		w->jobs[nj].env = cs[i].env;
		w->jobs[nj].len = cs[i].env_len;
		w->idx[nj++] = i;
	}
	if ((r = ropener_run(w->op, w->jobs, nj)) != 0)
		return r;
	for (i = 0; i < n; i++) {
		cf = cs[i].cf;
		j = NULL;
		if (k < nj && w->idx[k] == i)
			j = &w->jobs[k++];
		if (j != NULL && j->r == 0 && casefile_is_pending(cf)) {
			/* shallow: tmp shares cf's notes and is not freed */
			tmp = *cf;
			complete_from(w->x, &tmp, &j->c);
			cf = &tmp;
		}
		r = cf == &tmp ? completions_add(&w->done, &tmp) : 0;
		if (r == 0)
			r = w->use(w->ctx, cf, j);
		if (cf == &tmp)
			smem_wipe(&tmp, sizeof(tmp));
		if (r != 0)
			return r;
	}
	return 0;
}

static int
walk_cases(struct review_ctx *x, int (*want)(void *, const struct casefile *),
    int (*use)(void *, const struct casefile *, const struct ropen *),
    void *ctx)
{
	struct walk w;
	int r;

	memset(&w, 0, sizeof(w));
	w.x = x;
	w.want = want;
	w.use = use;
	w.ctx = ctx;
	if ((r = ropener_new(0, ukey, x->u, &w.op)) != 0)
		return r;
	w.batch = (size_t)ROPEN_PER_THREAD * ropener_threads(w.op);
	if ((w.jobs = calloc(w.batch, sizeof(*w.jobs))) == NULL ||
	    (w.idx = calloc(w.batch, sizeof(*w.idx))) == NULL) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	r = rstore_foreach_batch(x->s, w.batch, walk_batch, &w);
	if (r == 0)
		completions_save(x, &w.done);
out:
	ropener_free(w.op);
	completions_free(&w.done);
	free(w.jobs);
	free(w.idx);
	return r;
}

/* Says on standard error that cf's envelope does not open, and what to do. */
static void
say_unopenable(const struct casefile *cf, int r)
{
	char num[CASE_NUMBER_MAX], msg[1024];

	casefile_number(cf, num);
	trf(msg, sizeof(msg), M_UNOPENABLE_LONG, num, snt_strerror(r), num);
	errf("%s", msg);
}

/* Writes back one record completed from its envelope (see
 * completions_save: a failure is reported, not fatal). */
static void
save_one(struct review_ctx *x, const struct casefile *cf)
{
	char msg[256];
	int r;

	if ((r = rstore_complete(x->s, &cf, 1)) != 0) {
		trf(msg, sizeof(msg), M_COMPLETE_FAILED, snt_strerror(r));
		errf("%s", msg);
	}
}

/*
 * For the commands that change one case: a pending record is completed
 * (in memory; the command's own save writes it with the change) from its
 * envelope. Returns 0 or the open error, in which case the record stays
 * pending and the reason has been printed.
 */
static int
settle(struct review_ctx *x, struct casefile *cf, const uint8_t *env,
    size_t len)
{
	struct opened op;
	int r;

	if (!casefile_is_pending(cf))
		return 0;
	if ((r = open_env(x, env, len, &op)) != 0) {
		say_unopenable(cf, r);
		return r;
	}
	complete_from(x, cf, &op.c);
	opened_free(&op);
	return 0;
}

/* ---------------------------------------------------------------- options */

struct opts {
	const char *format;
	const char *out;
	const char *status;
	const char *unit;
	const char *kind;
	const char *closed_before;
	const char *ack_out;
	int overdue, callbacks, verify, help;
	char *pos[SHELL_ARGS_MAX];
	int npos;
};

/* Parses argv[1..] against the options cmd allows; 2 on a usage error. */
static int
parse_opts(int argc, char **argv, const char *allowed, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		char key[40];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			o->help = 1;
			continue;
		}
		if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
			if (strcmp(a, "--") == 0 && i + 1 < argc)
				a = argv[++i];
			if (o->npos >= SHELL_ARGS_MAX)
				return 2;
			o->pos[o->npos++] = (char *)(uintptr_t)a;
			continue;
		}
		snprintf(key, sizeof(key), " %s ", a + 2);
		if (strstr(allowed, key) == NULL) {
			errf("%s: unknown option %s (see %s --help)", argv[0],
			    a, argv[0]);
			return 2;
		}
		if (strcmp(a, "--overdue") == 0) {
			o->overdue = 1;
			continue;
		}
		if (strcmp(a, "--callbacks") == 0) {
			o->callbacks = 1;
			continue;
		}
		if (strcmp(a, "--verify") == 0) {
			o->verify = 1;
			continue;
		}
		if (strcmp(a, "--format") == 0)
			slot = &o->format;
		else if (strcmp(a, "--out") == 0)
			slot = &o->out;
		else if (strcmp(a, "--status") == 0)
			slot = &o->status;
		else if (strcmp(a, "--unit") == 0)
			slot = &o->unit;
		else if (strcmp(a, "--kind") == 0)
			slot = &o->kind;
		else if (strcmp(a, "--closed-before") == 0)
			slot = &o->closed_before;
		else if (strcmp(a, "--ack-out") == 0)
			slot = &o->ack_out;
		if (slot == NULL)
			return 2;
		if (i + 1 >= argc) {
			errf("%s: %s needs a value", argv[0], a);
			return 2;
		}
		*slot = argv[++i];
	}
	return 0;
}

static int
usage(const char *cmd)
{
	review_help(cmd, 1);
	return 2;
}

/* ---------------------------------------------------------------- help */

struct cmdhelp {
	const char *name;
	const char *usage;
	const char *fi;
	const char *en;
};

static const struct cmdhelp helps[] = {
	{ "init", "init --store DIR --keyring FILE --gateway-key FILE",
	  "Luo uuden tallennuksen DIR. Kirjaa avainrenkaan polun ja kiinnittää\n"
	  "yhdyskäytävän allekirjoitusavaimen (gateway-signing.pub). Ei kysy\n"
	  "tunnuslausetta.",
	  "Creates a new store in DIR. Records the keyring's path and pins the\n"
	  "gateway's signing key (gateway-signing.pub). Asks no passphrase." },
	{ "import", "import BUNDLE --ack-out FILE",
	  "Tarkistaa siirtopaketin allekirjoituksen, tallentaa uudet kirjekuoret\n"
	  "suljettuina ja kirjoittaa allekirjoitetun kuittauksen FILE, jonka\n"
	  "yhdyskäytävä tarvitsee poistaakseen ne. Jo tallessa olevat ohitetaan.",
	  "Verifies the bundle's signature, stores new envelopes sealed and\n"
	  "writes the signed acknowledgement FILE the gateway needs before it\n"
	  "purges them. Envelopes already held are skipped." },
	{ "list", "list [--status S] [--unit U] [--kind K] [--overdue] [--callbacks] [--format table|json]",
	  "Listaa asiat, lähin määräaika ensin. Ilman --status suljetut jätetään\n"
	  "pois. S: new, in-progress, answered, closed. K: feedback, concern,\n"
	  "objection (muistutus). --callbacks: soittoa odottavat.",
	  "Lists cases, soonest due first. Without --status, closed cases are\n"
	  "left out. S: new, in-progress, answered, closed. K: feedback, concern,\n"
	  "objection (muistutus). --callbacks: cases waiting for a call." },
	{ "show", "show ID [--format text|json]",
	  "Näyttää asian (ID on asianumero kuten 2026-0042 tai tunniste).\n"
	  "Puhelinnumero pysyy piilossa.",
	  "Shows one case (ID is a case number like 2026-0042 or the id).\n"
	  "The phone number stays hidden." },
	{ "status", "status ID new|in-progress|answered|closed",
	  "Vaihtaa asian tilan.", "Changes a case's status." },
	{ "assign", "assign ID NAME",
	  "Merkitsee asialle käsittelijän.", "Assigns the case to NAME." },
	{ "note", "note ID TEXT",
	  "Lisää muistiinpanon (enintään 4000 tavua).",
	  "Adds a note (at most 4000 bytes)." },
	{ "reveal-phone", "reveal-phone ID",
	  "Näyttää puhelinnumeron ja soittoajan; kirjataan tarkastuslokiin.",
	  "Shows the phone number and call-back time; written to the audit log." },
	{ "callback-done", "callback-done ID",
	  "Merkitsee takaisinsoiton tehdyksi.", "Marks the callback done." },
	{ "export", "export [ID...] --format json|csv --out FILE",
	  "Vie asiat (oletus: kaikki) tiedostoon FILE (uusi tiedosto, tila 0600)\n"
	  "asianhallintaan siirtoa varten. Sisältää puhelinnumeron.",
	  "Exports cases (default: all) to FILE (a new file, mode 0600) for the\n"
	  "case management system. Includes the phone number." },
	{ "reply", "reply ID --file F [--status received|in-progress|answered]",
	  "Salaa tiedoston F vastauksen (UTF-8, enintään 3900 tavua) ja tilan\n"
	  "kansalaisen tunnisteen avaimelle lähteviin; kopio jää muistiinpanoksi.\n"
	  "Ilman --status tila seuraa asian tilaa. Kirjataan tarkastuslokiin.",
	  "Encrypts the reply in F (UTF-8, at most 3900 bytes) and the status\n"
	  "to the citizen's receipt key into the outbox; a copy stays as a note.\n"
	  "Without --status the status follows the case's. Audited." },
	{ "outbox", "outbox --out FILE [--all]",
	  "Kirjoittaa lähtevät vastaukset ja tilat allekirjoitettuna tiedostoon\n"
	  "FILE yhdyskäytävälle (sinetti-gateway import-replies). --all: myös\n"
	  "jo kerran kirjoitetut.",
	  "Writes the outbox's replies and status changes, signed, to FILE for\n"
	  "the gateway (sinetti-gateway import-replies). --all: also those\n"
	  "written before." },
	{ "audit", "audit [--verify]",
	  "Näyttää tarkastuslokin ja tarkistaa sen eheyden; --verify vain\n"
	  "tarkistaa.",
	  "Shows the audit log and checks its integrity; --verify only checks." },
	{ "purge", "purge --closed-before DATE",
	  "Poistaa pysyvästi asiat, jotka suljettiin ennen päivää DATE\n"
	  "(VVVV-KK-PP).",
	  "Deletes for good the cases closed before DATE (YYYY-MM-DD)." },
	{ "shell", "shell",
	  "Avaa kerran ja ottaa komentoja vastaan, kunnes exit tai\n"
	  "toimettomuusaika (review.conf: idle-timeout-minutes).",
	  "Unlocks once and takes commands until exit or the idle timeout\n"
	  "(review.conf: idle-timeout-minutes)." },
};

#define NHELPS (sizeof(helps) / sizeof(helps[0]))

int
review_is_command(const char *name)
{
	size_t i;

	for (i = 0; i < NHELPS; i++)
		if (strcmp(helps[i].name, name) == 0)
			return 1;
	return 0;
}

int
review_help(const char *cmd, int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;
	int fi = i18n_get() == LANG_FI;
	size_t i;

	if (cmd != NULL) {
		for (i = 0; i < NHELPS; i++)
			if (strcmp(helps[i].name, cmd) == 0) {
				fprintf(f, "usage: sinetti-review [GLOBAL OPTIONS] %s\n\n%s\n",
				    helps[i].usage, fi ? helps[i].fi : helps[i].en);
				return 0;
			}
		fprintf(stderr, "sinetti-review: unknown command %s\n", cmd);
		return 2;
	}
	fprintf(f, "usage: sinetti-review init --store DIR --keyring FILE --gateway-key FILE\n"
	    "       sinetti-review [--store DIR] [--officer NAME] [--passphrase-fd N]\n"
	    "                      [--lang fi|sv|en] COMMAND ...\n\n");
	fputs(fi ?
	    "Valvonnan offline-työkalu: tuo yhdyskäytävän siirtopaketit, näyttää\n"
	    "palautteet ja pitää kirjaa asioiden käsittelystä.\n\n" :
	    "The supervision officers' offline tool: imports the gateway's bundles,\n"
	    "shows feedback and keeps the record of how each case is handled.\n\n",
	    f);
	fputs(fi ? "komennot:\n" : "commands:\n", f);
	for (i = 1; i < NHELPS; i++)
		fprintf(f, "  %s\n", helps[i].usage);
	fputs(fi ? "\ntavallinen kulku:\n" : "\na typical session:\n", f);
	fputs("  sinetti-review init --store valvonta --keyring team.keyring "
	    "--gateway-key gateway-signing.pub\n"
	    "  export SINETTI_STORE=valvonta SINETTI_OFFICER=maija\n"
	    "  sinetti-review import siirto.bundle --ack-out kuittaus.ack\n"
	    "  sinetti-review list\n"
	    "  sinetti-review show 2026-0001\n"
	    "  sinetti-review reveal-phone 2026-0001\n"
	    "  sinetti-review note 2026-0001 'Soitettu.'\n"
	    "  sinetti-review status 2026-0001 answered\n"
	    "  sinetti-review export 2026-0001 --format csv --out asia.csv\n", f);
	fputs(fi ?
	    "\nyleiset valinnat:\n"
	    "  --store DIR        tallennus (oletus $SINETTI_STORE tai ./review-store)\n"
	    "  --officer NAME     virkailija (oletus $SINETTI_OFFICER tai $USER)\n"
	    "  --passphrase-fd N  lue tunnuslause kuvaajasta N (skripteille)\n"
	    "  --lang fi|sv|en    kieli (oletus $SINETTI_LANG, review.conf, fi)\n"
	    "  --help             tämä ohje; COMMAND --help yhden komennon ohje\n"
	    "  --version          versio\n\n"
	    "Jokainen komento kysyy tunnuslauseen. ID on asianumero (2026-0042)\n"
	    "tai 32-merkkinen tunniste. Paluuarvo: 0 onnistui, 1 virhe, 2 väärä\n"
	    "komentorivi. Ohje: docs/reviewer.md.\n" :
	    "\nglobal options:\n"
	    "  --store DIR        the store (default $SINETTI_STORE or ./review-store)\n"
	    "  --officer NAME     officer (default $SINETTI_OFFICER or $USER)\n"
	    "  --passphrase-fd N  read the passphrase from descriptor N (scripts)\n"
	    "  --lang fi|sv|en    language (default $SINETTI_LANG, review.conf, fi)\n"
	    "  --help             this text; COMMAND --help for one command\n"
	    "  --version          print the version\n\n"
	    "Every command asks for the passphrase. ID is a case number (2026-0042)\n"
	    "or the 32-digit id. Exit status: 0 success, 1 failure, 2 usage error.\n"
	    "Guide: docs/reviewer.md.\n", f);
	return 0;
}

/* ---------------------------------------------------------------- init/unlock */

int
review_init(struct review_ctx *c, int argc, char **argv)
{
	const char *store = NULL, *keyring = NULL, *gw = NULL;
	struct signing_public sp;
	char fp[FINGERPRINT_MAX], msg[PATH_MAX + 512];
	int i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			review_help("init", 0);
			return 0;
		}
		if (i + 1 >= argc)
			return usage("init");
		if (strcmp(argv[i], "--store") == 0)
			store = argv[++i];
		else if (strcmp(argv[i], "--keyring") == 0)
			keyring = argv[++i];
		else if (strcmp(argv[i], "--gateway-key") == 0)
			gw = argv[++i];
		else
			return usage("init");
	}
	if (store == NULL)
		store = c->store_dir;
	if (keyring == NULL || gw == NULL)
		return usage("init");
	if ((r = rstore_init(store, keyring, gw)) != 0)
		return fail(r == SNT_ERR_EXISTS ?
		    "the store directory exists and is not empty" :
		    "cannot create the store", r);
	if ((r = signing_public_load(gw, &sp)) != 0)
		return fail("gateway key", r);
	fingerprint_of(sp.sign_pk, sizeof(sp.sign_pk), fp);
	trf(msg, sizeof(msg), M_STORE_CREATED, store, fp);
	printf("%s\n", msg);
	return 0;
}

int
review_open(struct review_ctx *c)
{
	int r;

	if (c->s != NULL)
		return 0;
	if ((r = rstore_open(c->store_dir, &c->s)) != 0) {
		errf("%s: %s (sinetti-review init --help)", c->store_dir,
		    snt_strerror(r));
		return 1;
	}
	if (!c->lang_forced)
		(void)i18n_set(rstore_config(c->s)->lang);
	return 0;
}

int
review_unlock(struct review_ctx *c)
{
	char prompt[256], *pass = NULL;
	size_t plen = 0;
	int r;

	if (review_open(c) != 0)
		return 1;
	if (c->u != NULL)
		return 0;
	if (c->officer == NULL || c->officer[0] == '\0') {
		errf("no officer name: give --officer NAME");
		return 2;
	}
	if (c->kr == NULL &&
	    (r = keyring_load(rstore_config(c->s)->keyring, &c->kr)) != 0) {
		errf("keyring %s: %s", rstore_config(c->s)->keyring,
		    snt_strerror(r));
		return 1;
	}
	trf(prompt, sizeof(prompt), M_PROMPT, c->officer);
	if ((r = passphrase_read(c->pass_fd, prompt, &pass, &plen)) != 0)
		return fail("passphrase", r);
	r = keyring_unlock(c->kr, c->officer, pass, plen, &c->u);
	smem_free(pass);
	if (r != 0)
		return fail("cannot unlock", r);
	if ((r = rstore_unlock(c->s, c->u)) != 0) {
		keyring_unlocked_free(c->u);
		c->u = NULL;
		if (r == SNT_ERR_WRONG_PEER)
			errf("%s in the store no longer matches the key pinned "
			    "when it was first unlocked; refusing", RSTORE_GW_PUB);
		else if (r == SNT_ERR_UNKNOWN_KEY)
			errf("the store key is not sealed to any team key you "
			    "hold");
		else
			errf("cannot unlock the store: %s", snt_strerror(r));
		return 1;
	}
	return 0;
}

void
review_close(struct review_ctx *c)
{
	rstore_close(c->s);
	c->s = NULL;
	keyring_unlocked_free(c->u);
	c->u = NULL;
	keyring_free(c->kr);
	c->kr = NULL;
}

/*
 * Decrypted output reaches the officer only after its audit entry is
 * durable: writes the entry, then flushes w to stdout. Returns the
 * command's exit code (0, or 1 with the reason printed).
 */
static int
show_audited(struct review_ctx *c, struct wire_w *w, uint8_t action,
    const char (*case_nos)[CASE_NUMBER_MAX], size_t n, uint32_t detail)
{
	int r;

	if ((r = rstore_audit(c->s, action, case_nos, n, detail)) != 0)
		return fail("cannot write the audit log; nothing shown", r);
	if ((r = out_flush(w, stdout)) != 0)
		return fail("output", r);
	return 0;
}

/* Finds a case; prints the error. */
static int
get_case(struct review_ctx *c, const char *ref, struct casefile **cf,
    uint8_t **env, size_t *env_len)
{
	int r = rstore_get(c->s, ref, cf, env, env_len);

	if (r == SNT_ERR_NOT_FOUND) {
		struct wire_w w;

		/* the reference is officer input but still shown inert */
		out_init(&w);
		sanitize_term(&w, ref, strlen(ref), 0);
		wire_put_u8(&w, '\0');
		errf("no case %s", w.err == 0 ? (const char *)w.buf : "?");
		wire_w_discard(&w);
		return 1;
	}
	if (r != 0)
		return fail("cannot read the case", r);
	return 0;
}

/* ---------------------------------------------------------------- import */

/*
 * Case numbers follow the order the feedback arrived in, as far as import
 * can see it without opening anything: the arrival hour on the outside of
 * the envelope, then the id (random) within an hour.
 */
static int
item_cmp(const void *a, const void *b)
{
	const struct rstore_item *x = a, *y = b;

	if (x->cf->arrival != y->cf->arrival)
		return x->cf->arrival < y->cf->arrival ? -1 : 1;
	return memcmp(x->id, y->id, ENVELOPE_ID_BYTES);
}

/*
 * Import opens nothing: an X25519 per envelope (~40 µs) capped it at about
 * 24,000 envelopes a second a core. The bundle's signature covers every
 * envelope; the outside header gives the key id (refused here when the
 * keyring lacks it) and the arrival hour; the case record is stored
 * pending (casefile_set_pending) and completed from the content by the
 * first command that opens the envelope (complete_*, below).
 */
static int
cmd_import(struct review_ctx *c, struct opts *o)
{
	uint8_t *buf = NULL, *ack = NULL, *ids = NULL;
	size_t len = 0, acklen = 0, n, i, nack = 0, added = 0, held = 0;
	size_t nokey = 0, bad = 0, conflict = 0, nitems = 0;
	struct rstore_item *all = NULL, *items = NULL;
	struct casefile *cfs = NULL;
	struct bundle *b = NULL;
	int *hv = NULL;
	char msg[PATH_MAX + 256];
	int r, rc = 1;

	if (o->npos != 1 || o->ack_out == NULL)
		return usage("import");
	if (access(o->ack_out, F_OK) == 0) {
		errf("%s exists; give a new file for the acknowledgement",
		    o->ack_out);
		return 1;
	}
	if ((r = fileio_read(o->pos[0], BUNDLE_MAX, 0, &buf, &len)) != 0) {
		errf("%s: %s", o->pos[0], snt_strerror(r));
		return 1;
	}
	/* nothing in the bundle is read before this check */
	if ((r = bundle_verify(buf, len, rstore_gateway_pk(c->s), &b)) != 0) {
		errf("%s: %s (%s)", o->pos[0], tr(M_BUNDLE_BAD),
		    snt_strerror(r));
		goto out;
	}
	n = bundle_count(b);
	/*
	 * The new case records live in one locked array rather than one
	 * smem_alloc each: every sodium_malloc is its own mappings (guard
	 * pages, a locked page), and past ~16,000 envelopes the process ran
	 * out of mappings and libsodium's guard-page mprotect silently failed.
	 * A fresh record has no notes, so the array needs no per-record free.
	 */
	if (n > SIZE_MAX / sizeof(*cfs) ||
	    (cfs = smem_calloc(n ? n * sizeof(*cfs) : 1)) == NULL ||
	    (all = calloc(n ? n : 1, sizeof(*all))) == NULL ||
	    (items = calloc(n ? n : 1, sizeof(*items))) == NULL ||
	    (hv = calloc(n ? n : 1, sizeof(*hv))) == NULL ||
	    (ids = malloc((n ? n : 1) * ENVELOPE_ID_BYTES)) == NULL) {
		r = SNT_ERR_NOMEM;
		fail("import", r);
		goto out;
	}
	for (i = 0; i < n; i++)
		bundle_get(b, i, &all[i].id, &all[i].env, &all[i].env_len);
	/* which are held already: one read transaction for the bundle */
	if ((r = rstore_has_items(c->s, all, n, hv)) != 0) {
		fail("import", r);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct envelope_header h;
		const uint8_t *pk, *sk;
		struct casefile *cf;

		if (hv[i] == 1) {
			memcpy(ids + nack++ * ENVELOPE_ID_BYTES, all[i].id,
			    ENVELOPE_ID_BYTES);
			held++;
			continue;
		}
		if (hv[i] == 2) {
			conflict++;
			continue;
		}
		/* the outside only: version, size, key id, hour */
		if (envelope_parse_header(all[i].env, all[i].env_len, &h) != 0) {
			bad++;
			continue;
		}
		if (keyring_team_key(c->u, h.key_id, &pk, &sk) != 0) {
			nokey++;
			continue;
		}
		cf = &cfs[nitems];
		cf->imported = (uint64_t)time(NULL);
		cf->status = CASE_NEW;
		cf->status_at = cf->imported;
		casefile_set_pending(cf, h.hour, &rstore_config(c->s)->due);
		items[nitems] = all[i];
		items[nitems].cf = cf;
		nitems++;
	}
	if (nitems > 1)
		qsort(items, nitems, sizeof(*items), item_cmp);
	/*
	 * In transactions of IMPORT_CHUNK: LMDB copies every value into a
	 * dirty page of its own malloc (zeroed, and locked under mlockall)
	 * until the commit; one transaction for 100,000 envelopes held
	 * ~450 MB of them. After a commit the next chunk reuses the pages:
	 * half the system time and less than half the memory (measured,
	 * docs/performance.md). A failure stops the import; what was
	 * committed is in the store but not in any ack, so importing the
	 * bundle again finds it held and finishes the job.
	 */
	for (i = 0; i < nitems; i += IMPORT_CHUNK) {
		size_t k = nitems - i < IMPORT_CHUNK ? nitems - i : IMPORT_CHUNK;

		if ((r = rstore_import(c->s, items + i, k)) != 0) {
			if (i == 0)
				fail("import failed; nothing was stored", r);
			else
				errf("import stopped after %zu of %zu new "
				    "envelopes (%s); no acknowledgement was "
				    "written: import the bundle again to "
				    "finish", i, nitems, snt_strerror(r));
			goto out;
		}
	}
	/* committed with full sync: only now may the ack name them */
	for (i = 0; i < nitems; i++)
		memcpy(ids + nack++ * ENVELOPE_ID_BYTES, items[i].id,
		    ENVELOPE_ID_BYTES);
	added = nitems;
	trf(msg, sizeof(msg), M_IMPORT_DONE, added, held);
	printf("%s\n", msg);
	if (nokey) {
		trf(msg, sizeof(msg), M_IMPORT_SKIPPED_KEY, nokey);
		printf("%s\n", msg);
	}
	if (bad) {
		trf(msg, sizeof(msg), M_IMPORT_SKIPPED_BAD, bad);
		printf("%s\n", msg);
	}
	if (conflict) {
		trf(msg, sizeof(msg), M_IMPORT_CONFLICT, conflict);
		printf("%s\n", msg);
	}
	if (nack == 0) {
		printf("%s\n", tr(M_ACK_NONE));
		rc = nokey || bad || conflict ? 1 : 0;
		goto out;
	}
	if ((r = ack_create(ids, nack, bundle_hash(b), rstore_gateway_pk(c->s),
	    keyring_sign_sk(c->u), &ack, &acklen)) != 0) {
		fail("cannot make the acknowledgement", r);
		goto out;
	}
	if ((r = fileio_write_atomic(o->ack_out, ack, acklen, 0)) != 0) {
		errf("%s: %s", o->ack_out, snt_strerror(r));
		goto out;
	}
	trf(msg, sizeof(msg), M_ACK_WRITTEN, nack, o->ack_out);
	printf("%s\n", msg);
	rc = nokey || bad || conflict ? 1 : 0;
out:
	smem_free(cfs);
	free(all);
	free(items);
	free(hv);
	free(ids);
	free(ack);
	bundle_free(b);
	fileio_free(buf, len, 0);
	fflush(stdout);
	return rc;
}

/* ---------------------------------------------------------------- list */

/* One row of a list: everything it shows, in one locked array (one
 * smem_alloc per row ran out of mappings past ~16,000 cases). */
struct lrow {
	uint64_t due;
	int overdue;
	int unopenable;
	struct casefile cf;		/* by value; notes not kept */
	char unit[CONTENT_UNIT_MAX];
	size_t unit_len;
	char unit_other[CONTENT_UNIT_MAX];
	size_t unit_other_len;
	uint8_t role;
	char lang[3];
};

struct list_ctx {
	struct review_ctx *x;
	struct opts *o;
	uint8_t status, kind;
	uint64_t now;
	struct lrow *rows;		/* smem */
	size_t n, cap, unopenable;
	int err;
};

static struct lrow *
row_new(struct list_ctx *l)
{
	struct lrow *nr;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*nr) ||
		    (nr = smem_alloc(cap * sizeof(*nr))) == NULL)
			return NULL;
		if (l->n > 0)
			memcpy(nr, l->rows, l->n * sizeof(*nr));
		smem_free(l->rows);
		l->rows = nr;
		l->cap = cap;
	}
	memset(&l->rows[l->n], 0, sizeof(l->rows[0]));
	return &l->rows[l->n++];
}

/* The filters a record alone can answer (kind and phone only once known). */
static int
list_match(struct list_ctx *l, const struct casefile *cf)
{
	if (l->status ? cf->status != l->status : cf->status == CASE_CLOSED)
		return 0;
	if (l->o->overdue && !casefile_overdue(cf, l->now))
		return 0;
	if (casefile_is_pending(cf))
		return 1;
	if (l->kind && cf->kind != l->kind)
		return 0;
	if (l->o->callbacks && (!cf->has_phone || cf->callback_done))
		return 0;
	return 1;
}

static int
list_want(void *vctx, const struct casefile *cf)
{
	return list_match(vctx, cf);
}

static int
list_use(void *vctx, const struct casefile *cf, const struct ropen *j)
{
	struct list_ctx *l = vctx;
	struct lrow *row;

	if (j == NULL || !list_match(l, cf))
		return 0;
	if (j->r == SNT_ERR_UNKNOWN_KEY) {
		l->err = j->r;
		return j->r;
	}
	if (j->r != 0) {
		/* Damaged: never left out silently. Listed whenever its status
		 * matches, except under filters only its content could
		 * answer; counted in the footer either way. */
		l->unopenable++;
		if (l->kind || l->o->callbacks || l->o->unit != NULL)
			return 0;
	} else if (l->o->unit != NULL &&
	    (j->c.unit.len != strlen(l->o->unit) ||
	    memcmp(j->c.unit.p, l->o->unit, j->c.unit.len) != 0))
		return 0;
	if ((row = row_new(l)) == NULL)
		return SNT_ERR_NOMEM;
	row->cf = *cf;
	row->cf.notes = NULL;
	row->cf.nnotes = 0;
	row->due = casefile_next_due(cf);
	row->overdue = casefile_overdue(cf, l->now);
	if (j->r != 0) {
		row->unopenable = 1;
		memcpy(row->lang, "-", 2);
		return 0;
	}
	row->unit_len = j->c.unit.len < sizeof(row->unit) ? j->c.unit.len :
	    sizeof(row->unit);
	if (row->unit_len > 0)
		memcpy(row->unit, j->c.unit.p, row->unit_len);
	row->unit_other_len = j->c.unit_other.len < sizeof(row->unit_other) ?
	    j->c.unit_other.len : sizeof(row->unit_other);
	if (row->unit_other_len > 0)
		memcpy(row->unit_other, j->c.unit_other.p, row->unit_other_len);
	row->role = j->c.role;
	memcpy(row->lang, j->c.lang, 3);
	return 0;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct lrow *x = *(struct lrow *const *)a;
	const struct lrow *y = *(struct lrow *const *)b;
	uint64_t dx = x->due ? x->due : UINT64_MAX;
	uint64_t dy = y->due ? y->due : UINT64_MAX;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	if (x->cf.year != y->cf.year)
		return x->cf.year < y->cf.year ? -1 : 1;
	return x->cf.seq < y->cf.seq ? -1 : x->cf.seq > y->cf.seq;
}

/* --- JSON helpers */

static void
jkey(struct wire_w *w, int *first, const char *k)
{
	if (!*first)
		wire_put_u8(w, ',');
	*first = 0;
	wire_put_u8(w, '"');
	put(w, k);
	put(w, "\":");
}

static void
jstr(struct wire_w *w, int *first, const char *k, const void *s, size_t n)
{
	jkey(w, first, k);
	sanitize_json_string(w, s, n);
}

static void
jcstr(struct wire_w *w, int *first, const char *k, const char *s)
{
	jstr(w, first, k, s, strlen(s));
}

static void
jtime(struct wire_w *w, int *first, const char *k, uint64_t t)
{
	char d[32];

	jkey(w, first, k);
	if (t == 0) {
		put(w, "null");
		return;
	}
	iso_datetime(t, d);
	putf(w, "\"%s\"", d);
}

static void
jbool(struct wire_w *w, int *first, const char *k, int v)
{
	jkey(w, first, k);
	put(w, v ? "true" : "false");
}

/* The fields every case view shares (no content beyond unit and kind). */
static void
json_case_head(struct wire_w *w, int *first, const struct casefile *cf,
    uint64_t now)
{
	char num[CASE_NUMBER_MAX], hex[2 * ENVELOPE_ID_BYTES + 1];
	const char *k = content_kind_name(cf->kind);

	casefile_number(cf, num);
	id_hex(cf->id, hex);
	jcstr(w, first, "case", num);
	jcstr(w, first, "id", hex);
	jcstr(w, first, "status", case_status_name(cf->status));
	jcstr(w, first, "kind", k != NULL ? k : "unknown");
	jtime(w, first, "arrival", cf->arrival);
	jtime(w, first, "imported", cf->imported);
	jtime(w, first, "status_changed", cf->status_at);
	jtime(w, first, "answer_due", cf->answer_due);
	jtime(w, first, "callback_due", cf->callback_due);
	jbool(w, first, "callback_done", cf->callback_done);
	jtime(w, first, "next_due", casefile_next_due(cf));
	jbool(w, first, "overdue", casefile_overdue(cf, now));
	jcstr(w, first, "assignee", cf->assignee);
	jbool(w, first, "has_phone", cf->has_phone);
}

static void
json_notes(struct wire_w *w, int *first, const struct casefile *cf)
{
	size_t i;
	int f;

	jkey(w, first, "notes");
	wire_put_u8(w, '[');
	for (i = 0; i < cf->nnotes; i++) {
		if (i > 0)
			wire_put_u8(w, ',');
		wire_put_u8(w, '{');
		f = 1;
		jtime(w, &f, "time", cf->notes[i].time);
		jcstr(w, &f, "officer", cf->notes[i].officer);
		jstr(w, &f, "text", cf->notes[i].text, cf->notes[i].len);
		wire_put_u8(w, '}');
	}
	wire_put_u8(w, ']');
}

/* A full case: content too; the phone only when with_phone. */
static void
json_case_full(struct wire_w *w, const struct casefile *cf,
    const struct content *ct, uint64_t now, int with_phone)
{
	const char *role = content_role_name(ct->role);
	int first = 1;

	wire_put_u8(w, '{');
	json_case_head(w, &first, cf, now);
	jcstr(w, &first, "role", role != NULL ? role : "unknown");
	jstr(w, &first, "unit", ct->unit.p, ct->unit.len);
	jstr(w, &first, "unit_other", ct->unit_other.p, ct->unit_other.len);
	jcstr(w, &first, "lang", ct->lang);
	jstr(w, &first, "message", ct->message.p, ct->message.len);
	jstr(w, &first, "when", ct->when.p, ct->when.len);
	jstr(w, &first, "persons", ct->persons.p, ct->persons.len);
	jstr(w, &first, "callback_time", ct->callback_time.p,
	    ct->callback_time.len);
	jkey(w, &first, "phone");
	if (with_phone)
		sanitize_json_string(w, ct->phone.p, ct->phone.len);
	else
		put(w, "null");
	json_notes(w, &first, cf);
	wire_put_u8(w, '}');
}

/* --- table */

struct table {
	size_t ncols;
	size_t n;		/* cells so far */
	size_t cap;
	struct wire_w *cells;	/* each a secure buffer, already sanitised */
	size_t width[12];
};

static void
table_cell(struct table *t, const void *s, size_t n, size_t maxw)
{
	struct wire_w *c;
	size_t col = t->n % t->ncols, wdt;

	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 128;
		void *p = reallocarray(t->cells, nc, sizeof(*t->cells));

		if (p == NULL)
			return;
		t->cells = p;
		t->cap = nc;
	}
	c = &t->cells[t->n++];
	wire_w_init(c, 4096, 1);
	wdt = sanitize_term_cut(c, s, n, maxw);
	if (wdt > t->width[col])
		t->width[col] = wdt;
}

static void
table_cstr(struct table *t, const char *s, size_t maxw)
{
	table_cell(t, s, strlen(s), maxw);
}

static void
table_write(struct table *t, struct wire_w *w)
{
	size_t i, col, pad, wdt;

	for (i = 0; i < t->n; i++) {
		col = i % t->ncols;
		if (t->cells[i].err == 0)
			wire_put_bytes(w, t->cells[i].buf, t->cells[i].len);
		if (col + 1 == t->ncols) {
			wire_put_u8(w, '\n');
			continue;
		}
		wdt = t->cells[i].err == 0 ?
		    sanitize_width(t->cells[i].buf, t->cells[i].len) : 0;
		for (pad = wdt; pad < t->width[col] + 2; pad++)
			wire_put_u8(w, ' ');
	}
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		wire_w_discard(&t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
}

static const char *
callback_state(const struct casefile *cf)
{
	if (!cf->has_phone)
		return tr(M_CB_NONE);
	return cf->callback_done ? tr(M_CB_DONE) : tr(M_CB_PENDING);
}

static void
due_text(uint64_t due, int overdue, char out[96])
{
	char d[32];

	if (due == 0) {
		snprintf(out, 96, "-");
		return;
	}
	tr_date(due, d);
	if (overdue)
		snprintf(out, 96, "%s %s", d, tr(M_OVERDUE));
	else
		snprintf(out, 96, "%s", d);
}

static uint8_t
kind_from_arg(const char *s)
{
	uint8_t k = content_kind_from_name(s, strlen(s));

	if (k == 0 && strcmp(s, "muistutus") == 0)
		k = CONTENT_KIND_OBJECTION;
	return k;
}

static int
cmd_list(struct review_ctx *c, struct opts *o)
{
	struct list_ctx l;
	struct lrow **rows = NULL;
	struct table t;
	struct wire_w w;
	char d[32], due[96], num[CASE_NUMBER_MAX], msg[128];
	size_t i;
	int r, json, rc = 1;

	memset(&l, 0, sizeof(l));
	memset(&t, 0, sizeof(t));
	out_init(&w);
	if (o->npos != 0)
		return usage("list");
	json = o->format != NULL && strcmp(o->format, "json") == 0;
	if (o->format != NULL && !json && strcmp(o->format, "table") != 0)
		return usage("list");
	l.x = c;
	l.o = o;
	l.now = (uint64_t)time(NULL);
	if (o->status != NULL &&
	    (l.status = case_status_from_name(o->status)) == 0)
		return usage("list");
	if (o->kind != NULL && (l.kind = kind_from_arg(o->kind)) == 0)
		return usage("list");
	if ((r = walk_cases(c, list_want, list_use, &l)) != 0) {
		fail(l.err == SNT_ERR_UNKNOWN_KEY ?
		    "a case is sealed to a key you do not hold" :
		    "cannot read the cases", r);
		goto out;
	}
	/* sorted through pointers: qsort may copy elements into the heap */
	if (l.n > 0 && (rows = calloc(l.n, sizeof(*rows))) == NULL) {
		fail("list", SNT_ERR_NOMEM);
		goto out;
	}
	for (i = 0; i < l.n; i++)
		rows[i] = &l.rows[i];
	if (l.n > 1)
		qsort(rows, l.n, sizeof(*rows), row_cmp);
	if (json) {
		wire_put_u8(&w, '[');
		for (i = 0; i < l.n; i++) {
			const char *role = content_role_name(rows[i]->role);
			int first = 1;

			if (i > 0)
				put(&w, ",\n");
			wire_put_u8(&w, '{');
			json_case_head(&w, &first, &rows[i]->cf, l.now);
			jcstr(&w, &first, "role", role ? role : "unknown");
			jstr(&w, &first, "unit", rows[i]->unit,
			    rows[i]->unit_len);
			jstr(&w, &first, "unit_other", rows[i]->unit_other,
			    rows[i]->unit_other_len);
			jcstr(&w, &first, "lang", rows[i]->unopenable ? "" :
			    rows[i]->lang);
			jbool(&w, &first, "unopenable", rows[i]->unopenable);
			wire_put_u8(&w, '}');
		}
		put(&w, "]\n");
	} else if (l.n == 0) {
		putf(&w, "%s\n", tr(M_NO_CASES));
	} else {
		t.ncols = 8;
		table_cstr(&t, tr(M_CASE), 40);
		table_cstr(&t, tr(M_STATUS), 40);
		table_cstr(&t, tr(M_KIND), 40);
		table_cstr(&t, tr(M_UNIT), 40);
		table_cstr(&t, tr(M_ARRIVED), 40);
		table_cstr(&t, tr(M_DUE), 40);
		table_cstr(&t, tr(M_CALLBACK), 40);
		table_cstr(&t, tr(M_ASSIGNEE), 40);
		for (i = 0; i < l.n; i++) {
			struct lrow *row = rows[i];

			casefile_number(&row->cf, num);
			table_cstr(&t, num, 16);
			table_cstr(&t, tr_status(row->cf.status), 20);
			table_cstr(&t, row->unopenable ? tr(M_UNOPENABLE) :
			    tr_kind(row->cf.kind), 20);
			if (row->unit_other_len > 0)
				table_cell(&t, row->unit_other,
				    row->unit_other_len, 28);
			else if (row->unit_len > 0)
				table_cell(&t, row->unit, row->unit_len, 28);
			else
				table_cstr(&t, "-", 28);
			tr_date(row->cf.arrival, d);
			table_cstr(&t, d, 20);
			due_text(row->due, row->overdue, due);
			table_cstr(&t, due, 30);
			table_cstr(&t, callback_state(&row->cf), 20);
			table_cstr(&t, row->cf.assignee[0] ?
			    row->cf.assignee : tr(M_NOBODY), 20);
		}
		table_write(&t, &w);
		trf(msg, sizeof(msg), M_CASES_SHOWN, l.n);
		putf(&w, "%s\n", msg);
		if (l.unopenable > 0) {
			trf(msg, sizeof(msg), M_UNOPENABLE_COUNT, l.unopenable);
			putf(&w, "%s\n", msg);
		}
	}
	rc = show_audited(c, &w, AUDIT_LIST, NULL, 0, (uint32_t)l.n);
out:
	free(rows);
	smem_free(l.rows);
	table_free(&t);
	wire_w_discard(&w);
	return rc;
}

/* ---------------------------------------------------------------- show */

/* "Label:" padded to a column, so the values line up. */
static void
label(struct wire_w *w, enum msg m)
{
	size_t wdt;

	put(w, tr(m));
	wire_put_u8(w, ':');
	for (wdt = sanitize_width(tr(m), strlen(tr(m))) + 1; wdt < 24; wdt++)
		wire_put_u8(w, ' ');
}

static void
field(struct wire_w *w, enum msg m, const void *s, size_t n)
{
	label(w, m);
	if (n == 0)
		put(w, "-");
	else
		sanitize_term(w, s, n, 0);
	wire_put_u8(w, '\n');
}

static void
field_c(struct wire_w *w, enum msg m, const char *s)
{
	field(w, m, s, strlen(s));
}

static void
notes_text(struct wire_w *w, const struct casefile *cf)
{
	char d[32];
	size_t i;

	if (cf->nnotes > 0)
		putf(w, "\n%s:\n", tr(M_NOTES));
	for (i = 0; i < cf->nnotes; i++) {
		tr_datetime(cf->notes[i].time, d);
		putf(w, "- %s ", d);
		sanitize_term(w, cf->notes[i].officer,
		    strlen(cf->notes[i].officer), 0);
		put(w, ": ");
		sanitize_term(w, cf->notes[i].text, cf->notes[i].len,
		    SANITIZE_MULTILINE);
		put(w, "\n");
	}
}

static void
show_text(struct wire_w *w, const struct casefile *cf,
    const struct content *ct, uint64_t now)
{
	char num[CASE_NUMBER_MAX], hex[33], d[32], d2[32], buf[256];
	int late;

	casefile_number(cf, num);
	id_hex(cf->id, hex);
	putf(w, "%s %s\n", tr(M_CASE), num);
	field_c(w, M_ID, hex);
	field_c(w, M_STATUS, tr_status(cf->status));
	field_c(w, M_KIND, tr_kind(cf->kind));
	field_c(w, M_ROLE, tr_role(ct->role));
	field(w, M_UNIT, ct->unit.p, ct->unit.len);
	if (ct->unit_other.len > 0)
		field(w, M_UNIT_OTHER, ct->unit_other.p, ct->unit_other.len);
	tr_datetime(cf->arrival, d);
	field_c(w, M_ARRIVED, d);
	tr_datetime(cf->imported, d);
	field_c(w, M_IMPORTED, d);
	tr_date(cf->answer_due, d);
	late = cf->answer_due < now &&
	    (cf->status == CASE_NEW || cf->status == CASE_IN_PROGRESS);
	snprintf(buf, sizeof(buf), "%s%s%s", d, late ? " " : "",
	    late ? tr(M_OVERDUE) : "");
	field_c(w, M_ANSWER_DUE, buf);
	if (cf->has_phone) {
		tr_date(cf->callback_due, d);
		if (cf->callback_done)
			tr_date(cf->callback_done_at, d2);
		snprintf(buf, sizeof(buf), "%s %s%s%s",
		    cf->callback_done ? tr(M_CB_DONE) : tr(M_CB_PENDING),
		    cf->callback_done ? d2 : d,
		    !cf->callback_done && cf->callback_due < now ? " " : "",
		    !cf->callback_done && cf->callback_due < now ?
		    tr(M_OVERDUE) : "");
		field_c(w, M_CALLBACK, buf);
		trf(buf, sizeof(buf), M_PHONE_HIDDEN, num);
		field_c(w, M_PHONE, buf);
		field(w, M_CALLBACK_TIME, ct->callback_time.p,
		    ct->callback_time.len);
	} else
		field_c(w, M_CALLBACK, tr(M_CB_NONE));
	field_c(w, M_ASSIGNEE, cf->assignee[0] ? cf->assignee : tr(M_NOBODY));
	field_c(w, M_LANGUAGE, ct->lang);
	field(w, M_WHEN, ct->when.p, ct->when.len);
	field(w, M_PERSONS, ct->persons.p, ct->persons.len);
	putf(w, "\n%s:\n", tr(M_MESSAGE));
	sanitize_term(w, ct->message.p, ct->message.len, SANITIZE_MULTILINE);
	put(w, "\n");
	notes_text(w, cf);
}

/* A case whose envelope does not open: the record only. */
static void
show_text_unopenable(struct wire_w *w, const struct casefile *cf, uint64_t now)
{
	char num[CASE_NUMBER_MAX], hex[33], d[96];

	casefile_number(cf, num);
	id_hex(cf->id, hex);
	putf(w, "%s %s\n", tr(M_CASE), num);
	field_c(w, M_ID, hex);
	field_c(w, M_STATUS, tr_status(cf->status));
	field_c(w, M_KIND, tr(M_UNOPENABLE));
	tr_datetime(cf->arrival, d);
	field_c(w, M_ARRIVED, d);
	tr_datetime(cf->imported, d);
	field_c(w, M_IMPORTED, d);
	due_text(casefile_next_due(cf), casefile_overdue(cf, now), d);
	field_c(w, M_ANSWER_DUE, d);
	field_c(w, M_ASSIGNEE, cf->assignee[0] ? cf->assignee : tr(M_NOBODY));
	notes_text(w, cf);
}

static void
json_case_unopenable(struct wire_w *w, const struct casefile *cf,
    uint64_t now)
{
	int first = 1;

	wire_put_u8(w, '{');
	json_case_head(w, &first, cf, now);
	jbool(w, &first, "unopenable", 1);
	json_notes(w, &first, cf);
	put(w, "}\n");
}

static int
cmd_show(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL;
	size_t elen = 0;
	struct opened op;
	struct wire_w w;
	char num[CASE_NUMBER_MAX];
	int r, json, rc = 1;

	memset(&op, 0, sizeof(op));
	out_init(&w);
	if (o->npos != 1)
		return usage("show");
	json = o->format != NULL && strcmp(o->format, "json") == 0;
	if (o->format != NULL && !json && strcmp(o->format, "text") != 0)
		return usage("show");
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	r = open_env(c, env, elen, &op);
	if (r == SNT_ERR_UNKNOWN_KEY || r == SNT_ERR_NOMEM) {
		fail("cannot open the envelope", r);
		goto out;
	}
	if (r == 0 && casefile_is_pending(cf)) {
		complete_from(c, cf, &op.c);
		save_one(c, cf);
	}
	/* a damaged envelope: what the record knows, and that it is damaged */
	if (json && r != 0)
		json_case_unopenable(&w, cf, (uint64_t)time(NULL));
	else if (json) {
		json_case_full(&w, cf, &op.c, (uint64_t)time(NULL), 0);
		put(&w, "\n");
	} else if (r != 0)
		show_text_unopenable(&w, cf, (uint64_t)time(NULL));
	else
		show_text(&w, cf, &op.c, (uint64_t)time(NULL));
	casefile_number(cf, num);
	rc = show_audited(c, &w, AUDIT_VIEW,
	    (const char (*)[CASE_NUMBER_MAX])num, 1, 0);
	if (rc == 0 && r != 0) {
		say_unopenable(cf, r);
		rc = 1;
	}
out:
	opened_free(&op);
	casefile_free(cf);
	free(env);
	wire_w_discard(&w);
	return rc;
}

static int
cmd_reveal(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL;
	size_t elen = 0;
	struct opened op;
	struct wire_w w;
	char num[CASE_NUMBER_MAX];
	int r, rc = 1;

	memset(&op, 0, sizeof(op));
	out_init(&w);
	if (o->npos != 1)
		return usage("reveal-phone");
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	if ((r = open_env(c, env, elen, &op)) != 0) {
		if (r == SNT_ERR_UNKNOWN_KEY || r == SNT_ERR_NOMEM)
			fail("cannot open the envelope", r);
		else
			say_unopenable(cf, r);
		goto out;
	}
	if (casefile_is_pending(cf)) {
		complete_from(c, cf, &op.c);
		save_one(c, cf);
	}
	if (op.c.phone.len == 0) {
		errf("%s", tr(M_NO_PHONE));
		goto out;
	}
	casefile_number(cf, num);
	putf(&w, "%s %s\n", tr(M_CASE), num);
	field(&w, M_PHONE, op.c.phone.p, op.c.phone.len);
	field(&w, M_CALLBACK_TIME, op.c.callback_time.p, op.c.callback_time.len);
	rc = show_audited(c, &w, AUDIT_REVEAL,
	    (const char (*)[CASE_NUMBER_MAX])num, 1, 0);
out:
	opened_free(&op);
	casefile_free(cf);
	free(env);
	wire_w_discard(&w);
	return rc;
}

/* ---------------------------------------------------------------- updates */

static int
update(struct review_ctx *c, struct casefile *cf, uint8_t action,
    uint32_t detail)
{
	int r = rstore_put_case(c->s, cf, action, detail);

	if (r != 0)
		return fail("cannot save the case", r);
	return 0;
}

static int
cmd_status(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL, st;
	size_t elen;
	char num[CASE_NUMBER_MAX], msg[256];
	int rc = 1;

	if (o->npos != 2 || (st = case_status_from_name(o->pos[1])) == 0)
		return usage("status");
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	/* a damaged envelope can still be noted, assigned and closed */
	(void)settle(c, cf, env, elen);
	cf->status = st;
	cf->status_at = (uint64_t)time(NULL);
	if (update(c, cf, AUDIT_STATUS, st) != 0)
		goto out;
	casefile_number(cf, num);
	trf(msg, sizeof(msg), M_STATUS_SET, num, tr_status(st));
	printf("%s\n", msg);
	/* the citizen sees the new status through the outbox */
	rc = reply_queue_status(c, cf, env, elen);
out:
	casefile_free(cf);
	free(env);
	return rc;
}

static int
cmd_assign(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL;
	size_t elen, n;
	struct wire_w w;
	char num[CASE_NUMBER_MAX], msg[512];
	int rc = 1;

	out_init(&w);
	if (o->npos != 2)
		return usage("assign");
	if ((n = strlen(o->pos[1])) == 0 || n > CASE_NAME_MAX) {
		errf("the name must be 1 to %d bytes", CASE_NAME_MAX);
		return 2;
	}
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	/* a damaged envelope can still be noted, assigned and closed */
	(void)settle(c, cf, env, elen);
	memcpy(cf->assignee, o->pos[1], n + 1);
	if (update(c, cf, AUDIT_ASSIGN, 0) != 0)
		goto out;
	casefile_number(cf, num);
	sanitize_term(&w, o->pos[1], n, 0);
	wire_put_u8(&w, '\0');
	trf(msg, sizeof(msg), M_ASSIGNED, num,
	    w.err == 0 ? (const char *)w.buf : "?");
	printf("%s\n", msg);
	rc = 0;
out:
	wire_w_discard(&w);
	casefile_free(cf);
	free(env);
	return rc;
}

static int
cmd_note(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL;
	size_t elen, n;
	char num[CASE_NUMBER_MAX], msg[256];
	int r, rc = 1;

	if (o->npos != 2)
		return usage("note");
	if ((n = strlen(o->pos[1])) == 0 || n > CASE_NOTE_MAX) {
		errf("a note must be 1 to %d bytes", CASE_NOTE_MAX);
		return 2;
	}
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	/* a damaged envelope can still be noted, assigned and closed */
	(void)settle(c, cf, env, elen);
	if ((r = casefile_add_note(cf, (uint64_t)time(NULL),
	    rstore_officer(c->s), o->pos[1], n)) != 0) {
		fail("cannot add the note", r);
		goto out;
	}
	if (update(c, cf, AUDIT_NOTE, 0) != 0)
		goto out;
	casefile_number(cf, num);
	trf(msg, sizeof(msg), M_NOTE_ADDED, num);
	printf("%s\n", msg);
	rc = 0;
out:
	casefile_free(cf);
	free(env);
	return rc;
}

static int
cmd_callback(struct review_ctx *c, struct opts *o)
{
	struct casefile *cf = NULL;
	uint8_t *env = NULL;
	size_t elen;
	char num[CASE_NUMBER_MAX], msg[256];
	int rc = 1;

	if (o->npos != 1)
		return usage("callback-done");
	if (get_case(c, o->pos[0], &cf, &env, &elen) != 0)
		goto out;
	if (settle(c, cf, env, elen) != 0)
		goto out;
	if (!cf->has_phone) {
		errf("%s", tr(M_NO_PHONE));
		goto out;
	}
	cf->callback_done = 1;
	cf->callback_done_at = (uint64_t)time(NULL);
	if (update(c, cf, AUDIT_CALLBACK, 0) != 0)
		goto out;
	casefile_number(cf, num);
	trf(msg, sizeof(msg), M_CALLBACK_MARKED, num);
	printf("%s\n", msg);
	rc = 0;
out:
	casefile_free(cf);
	free(env);
	return rc;
}

/* ---------------------------------------------------------------- export */

struct export_ctx {
	struct review_ctx *x;
	struct wire_w *w;
	int csv;
	size_t n;
	char (*nums)[CASE_NUMBER_MAX];
	size_t cap;
	uint64_t now;
	struct opts *o;
	int *wanted_found;
	size_t unopenable;
	int err;
};

static void
csv_row(struct wire_w *w, const struct casefile *cf, const struct content *ct)
{
	char num[CASE_NUMBER_MAX], hex[33], d[32];
	const char *s;
	struct wire_w notes;
	size_t i;

#define CELL(p, n) do { sanitize_csv_cell(w, (p), (n)); wire_put_u8(w, ','); } while (0)
#define CCELL(str) CELL((str), strlen(str))
	casefile_number(cf, num);
	id_hex(cf->id, hex);
	CCELL(num);
	CCELL(hex);
	CCELL(case_status_name(cf->status));
	s = content_kind_name(cf->kind);
	CCELL(s ? s : "unknown");
	s = content_role_name(ct->role);
	CCELL(s ? s : "unknown");
	CELL(ct->unit.p, ct->unit.len);
	CELL(ct->unit_other.p, ct->unit_other.len);
	iso_datetime(cf->arrival, d);
	CCELL(d);
	iso_datetime(cf->answer_due, d);
	CCELL(d);
	if (cf->callback_due)
		iso_datetime(cf->callback_due, d);
	else
		d[0] = '\0';
	CCELL(d);
	CCELL(cf->callback_done ? "yes" : "no");
	CCELL(cf->assignee);
	CCELL(ct->lang);
	CELL(ct->phone.p, ct->phone.len);
	CELL(ct->callback_time.p, ct->callback_time.len);
	CELL(ct->when.p, ct->when.len);
	CELL(ct->persons.p, ct->persons.len);
	CELL(ct->message.p, ct->message.len);
	wire_w_init(&notes, CASEFILE_RECORD_MAX * 2, 1);
	for (i = 0; i < cf->nnotes; i++) {
		iso_datetime(cf->notes[i].time, d);
		if (i > 0)
			wire_put_u8(&notes, '\n');
		sanitize_put_str(&notes, d);
		wire_put_u8(&notes, ' ');
		sanitize_put_str(&notes, cf->notes[i].officer);
		sanitize_put_str(&notes, ": ");
		wire_put_bytes(&notes, cf->notes[i].text, cf->notes[i].len);
	}
	if (notes.err == 0)
		sanitize_csv_cell(w, notes.buf, notes.len);
	else
		sanitize_csv_cell(w, "", 0);
	wire_w_discard(&notes);
	put(w, "\r\n");
#undef CELL
#undef CCELL
}

/* Is cf one of the cases asked for (all when none were named)? */
static int
export_wanted(struct export_ctx *e, const struct casefile *cf, int mark)
{
	char num[CASE_NUMBER_MAX], hex[33];
	int i, want = e->o->npos == 0;

	casefile_number(cf, num);
	id_hex(cf->id, hex);
	for (i = 0; i < e->o->npos; i++)
		if (strcmp(e->o->pos[i], num) == 0 ||
		    strcasecmp(e->o->pos[i], hex) == 0) {
			want = 1;
			if (mark)
				e->wanted_found[i] = 1;
		}
	return want;
}

static int
export_want(void *vctx, const struct casefile *cf)
{
	return export_wanted(vctx, cf, 0);
}

static int
export_use(void *vctx, const struct casefile *cf, const struct ropen *j)
{
	struct export_ctx *e = vctx;
	char num[CASE_NUMBER_MAX], msg[256];

	if (!export_wanted(e, cf, 1) || j == NULL)
		return 0;
	if (j->r == SNT_ERR_UNKNOWN_KEY || j->r == SNT_ERR_NOMEM) {
		e->err = j->r;
		return j->r;
	}
	casefile_number(cf, num);
	if (j->r != 0) {
		/* damaged: left out of the file, said on the terminal */
		trf(msg, sizeof(msg), M_NOT_EXPORTED, num);
		errf("%s", msg);
		e->unopenable++;
		return 0;
	}
	if (e->csv)
		csv_row(e->w, cf, &j->c);
	else {
		if (e->n > 0)
			put(e->w, ",\n");
		json_case_full(e->w, cf, &j->c, e->now, 1);
	}
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 64;
		void *p = reallocarray(e->nums, nc, sizeof(*e->nums));

		if (p == NULL)
			return SNT_ERR_NOMEM;
		e->nums = p;
		e->cap = nc;
	}
	memcpy(e->nums[e->n++], num, CASE_NUMBER_MAX);
	return 0;
}

static int
cmd_export(struct review_ctx *c, struct opts *o)
{
	struct export_ctx e;
	struct wire_w w;
	int found[SHELL_ARGS_MAX];
	char msg[PATH_MAX + 128];
	int i, r, rc = 1;

	memset(&e, 0, sizeof(e));
	memset(found, 0, sizeof(found));
	out_init(&w);
	if (o->format == NULL || o->out == NULL ||
	    (strcmp(o->format, "json") != 0 && strcmp(o->format, "csv") != 0))
		return usage("export");
	if (access(o->out, F_OK) == 0) {
		errf("%s exists; give a new file", o->out);
		return 1;
	}
	e.x = c;
	e.w = &w;
	e.o = o;
	e.csv = strcmp(o->format, "csv") == 0;
	e.now = (uint64_t)time(NULL);
	e.wanted_found = found;
	if (e.csv)
		put(&w, "case,id,status,kind,role,unit,unit_other,arrival,"
		    "answer_due,callback_due,callback_done,assignee,lang,phone,"
		    "callback_time,when,persons,message,notes\r\n");
	else
		put(&w, "[");
	if ((r = walk_cases(c, export_want, export_use, &e)) != 0) {
		fail(e.err == SNT_ERR_UNKNOWN_KEY ?
		    "a case is sealed to a key you do not hold" :
		    "cannot read the cases", r);
		goto out;
	}
	for (i = 0; i < o->npos; i++)
		if (!found[i]) {
			struct casefile *cf = NULL;
			uint8_t *env = NULL;
			size_t el;

			(void)get_case(c, o->pos[i], &cf, &env, &el);
			casefile_free(cf);
			free(env);
			goto out;
		}
	if (!e.csv)
		put(&w, "]\n");
	if (w.err != 0) {
		fail("export", w.err);
		goto out;
	}
	if ((r = rstore_audit(c->s, AUDIT_EXPORT,
	    (const char (*)[CASE_NUMBER_MAX])e.nums, e.n, 0)) != 0) {
		fail("cannot write the audit log; nothing exported", r);
		goto out;
	}
	if ((r = fileio_write_atomic(o->out, w.buf, w.len, 0)) != 0) {
		errf("%s: %s", o->out, snt_strerror(r));
		goto out;
	}
	trf(msg, sizeof(msg), M_EXPORTED, e.n, o->out);
	printf("%s\n", msg);
	rc = e.unopenable > 0 ? 1 : 0;
out:
	free(e.nums);
	wire_w_discard(&w);
	return rc;
}

/* ---------------------------------------------------------------- audit */

struct audit_ctx {
	struct table *t;
};

static int
audit_row(void *vctx, const struct audit_entry *e)
{
	struct audit_ctx *a = vctx;
	char d[32], seq[24], det[32];

	snprintf(seq, sizeof(seq), "%llu", (unsigned long long)e->seq);
	tr_datetime(e->time, d);
	table_cstr(a->t, seq, 20);
	table_cstr(a->t, d, 30);
	table_cstr(a->t, e->officer, CASE_NAME_MAX);
	table_cstr(a->t, audit_action_name(e->action), 20);
	table_cstr(a->t, e->case_no[0] ? e->case_no : "-", 20);
	if (e->action == AUDIT_STATUS)
		snprintf(det, sizeof(det), "%s", tr_status((uint8_t)e->detail));
	else if (e->action == AUDIT_LIST)
		snprintf(det, sizeof(det), "%u", (unsigned)e->detail);
	else
		snprintf(det, sizeof(det), "-");
	table_cstr(a->t, det, 30);
	return 0;
}

static int
cmd_audit(struct review_ctx *c, struct opts *o)
{
	struct table t;
	struct audit_ctx a;
	struct wire_w w;
	uint64_t count, bad;
	char msg[512];
	int r;

	if (o->npos != 0)
		return usage("audit");
	memset(&t, 0, sizeof(t));
	out_init(&w);
	t.ncols = 6;
	a.t = &t;
	if (!o->verify) {
		table_cstr(&t, "#", 20);
		table_cstr(&t, tr(M_TIME), 30);
		table_cstr(&t, tr(M_OFFICER), 30);
		table_cstr(&t, tr(M_ACTION), 30);
		table_cstr(&t, tr(M_CASE), 30);
		table_cstr(&t, tr(M_DETAIL), 30);
	}
	r = rstore_audit_verify(c->s, o->verify ? NULL : audit_row, &a,
	    &count, &bad);
	if (!o->verify) {
		table_write(&t, &w);
		(void)out_flush(&w, stdout);
	}
	table_free(&t);
	wire_w_discard(&w);
	if (r != 0) {
		trf(msg, sizeof(msg), M_AUDIT_BAD, (unsigned long long)
		    (bad ? bad : count + 1), snt_strerror(r));
		errf("%s", msg);
		return 1;
	}
	trf(msg, sizeof(msg), M_AUDIT_OK, (unsigned long long)count);
	printf("%s\n", msg);
	return 0;
}

/* ---------------------------------------------------------------- purge */

static int
parse_date(const char *s, uint64_t *t)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	tm.tm_isdst = -1;
	*t = (uint64_t)mktime(&tm);
	return 0;
}

static int
cmd_purge(struct review_ctx *c, struct opts *o)
{
	uint64_t before;
	size_t n;
	char msg[256];
	int r;

	if (o->npos != 0 || o->closed_before == NULL ||
	    parse_date(o->closed_before, &before) != 0)
		return usage("purge");
	if ((r = rstore_purge(c->s, before, &n)) != 0)
		return fail("purge failed; nothing was deleted", r);
	trf(msg, sizeof(msg), M_PURGED, n);
	printf("%s\n", msg);
	return 0;
}

/* ---------------------------------------------------------------- dispatch */

struct cmd {
	const char *name;
	const char *opts;
	int (*fn)(struct review_ctx *, struct opts *);
};

static const struct cmd cmds[] = {
	{ "import", " ack-out ", cmd_import },
	{ "list", " status unit kind overdue callbacks format ", cmd_list },
	{ "show", " format ", cmd_show },
	{ "status", " ", cmd_status },
	{ "assign", " ", cmd_assign },
	{ "note", " ", cmd_note },
	{ "reveal-phone", " ", cmd_reveal },
	{ "callback-done", " ", cmd_callback },
	{ "export", " format out ", cmd_export },
	{ "audit", " verify ", cmd_audit },
	{ "purge", " closed-before ", cmd_purge },
};

int
review_run(struct review_ctx *c, int argc, char **argv)
{
	struct opts o;
	size_t i;
	int r;

	if (reply_cmd_is_command(argv[0]))
		return reply_cmd_run(c, argc, argv);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmds[i].name, argv[0]) != 0)
			continue;
		if ((r = parse_opts(argc, argv, cmds[i].opts, &o)) != 0)
			return r;
		if (o.help)
			return review_help(argv[0], 0);
		if (review_unlock(c) != 0)
			return 1;
		r = cmds[i].fn(c, &o);
		fflush(stdout);
		return r;
	}
	errf("unknown command %s (sinetti-review --help)", argv[0]);
	return 2;
}

/* ---------------------------------------------------------------- shell */

/* Splits a line into words: spaces separate, "..." and '...' quote,
 * backslash escapes the next character. Returns the count or -1. */
static int
split_line(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		char q = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (*r == '\0' || *r == '\n')
			break;
		if (n >= max)
			return -1;
		argv[n++] = w;
		while (*r != '\0' && *r != '\n' &&
		    (q || (*r != ' ' && *r != '\t'))) {
			if (!q && (*r == '"' || *r == '\'')) {
				q = *r++;
				continue;
			}
			if (q && *r == q) {
				q = 0;
				r++;
				continue;
			}
			if (*r == '\\' && r[1] != '\0' && q != '\'')
				r++;
			*w++ = *r++;
		}
		if (q)
			return -1;
		if (*r != '\0' && *r != '\n')
			r++;
		*w++ = '\0';
	}
	return n;
}

int
review_shell(struct review_ctx *c)
{
	char *line = NULL, *argv[SHELL_ARGS_MAX];
	size_t len = 0;
	unsigned idle;
	char msg[512];
	int interactive = isatty(STDIN_FILENO), argc, last = 0;
	struct pollfd pfd;

	if (review_unlock(c) != 0)
		return 1;
	idle = rstore_config(c->s)->idle_minutes;
	c->in_shell = 1;
	if ((line = smem_alloc(LINE_MAX_SHELL)) == NULL)
		return fail("shell", SNT_ERR_NOMEM);
	trf(msg, sizeof(msg), M_SHELL_HELLO, rstore_officer(c->s), idle);
	fprintf(stderr, "%s\n", msg);
	for (;;) {
		if (interactive) {
			fputs("sinetti> ", stdout);
			fflush(stdout);
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(idle * 60000u)) == 0) {
			fprintf(stderr, "\n%s\n", tr(M_SHELL_LOCKED));
			break;
		}
		/* one line, read byte by byte so nothing beyond it is
		 * buffered outside locked memory */
		len = 0;
		for (;;) {
			char ch;
			ssize_t k = read(STDIN_FILENO, &ch, 1);

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				if (len == 0)
					goto done;
				break;
			}
			if (ch == '\n')
				break;
			if (len + 1 < LINE_MAX_SHELL)
				line[len++] = ch;
		}
		line[len] = '\0';
		argc = split_line(line, argv, SHELL_ARGS_MAX);
		if (argc < 0) {
			errf("cannot split that line (unclosed quote?)");
			last = 2;
			continue;
		}
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "quit") == 0 ||
		    strcmp(argv[0], "lopeta") == 0)
			break;
		if (strcmp(argv[0], "help") == 0) {
			last = review_help(argc > 1 ? argv[1] : NULL, 0);
			continue;
		}
		if (strcmp(argv[0], "shell") == 0 || strcmp(argv[0], "init") == 0) {
			errf("%s is not available inside the shell", argv[0]);
			last = 2;
			continue;
		}
		last = review_run(c, argc, argv);
	}
done:
	smem_free(line);
	fprintf(stderr, "%s\n", tr(M_SHELL_BYE));
	review_close(c);
	return interactive ? 0 : last;
}

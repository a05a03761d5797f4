/* gwcmd_init.c — `sinetti-gateway init`: a new state directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwcmd.h"
#include "sinetti/gwconf.h"
#include "sinetti/gwkey.h"
#include "sinetti/gwtls.h"
#include "sinetti/pubkey.h"
#include "sinetti/store.h"

static int
make_state_dir(const char *dir)
{
	char *conf = NULL;
	struct stat st;
	int r = 0;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return gwcmd_fail("cannot create %s: %s", dir,
		    strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return gwcmd_fail("%s exists and is not a directory", dir);
	if (asprintf(&conf, "%s/%s", dir, GWCONF_FILE) < 0)
		return gwcmd_fail("out of memory");
	if (access(conf, F_OK) == 0)
		r = gwcmd_fail("%s is already initialised (%s exists)", dir,
		    GWCONF_FILE);
	free(conf);
	return r;
}

/* Pins the team public key by keeping a verified copy of the file. */
static int
pin_team(const char *src, const char *dst, struct team_public *tp)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if ((r = fileio_read(src, PUBKEY_FILE_MAX, 0, &buf, &len)) != 0)
		return gwcmd_fail("cannot read %s: %s", src, snt_strerror(r));
	if ((r = team_public_parse((const char *)buf, len, tp)) != 0)
		r = gwcmd_fail("%s is not a team public key file: %s", src,
		    snt_strerror(r));
	else if ((r = fileio_write_atomic(dst, buf, len, 0)) != 0)
		r = gwcmd_fail("cannot write %s: %s", dst, snt_strerror(r));
	fileio_free(buf, len, 0);
	return r;
}

static int
write_text(const char *path, const char *text)
{
	int r;

	if ((r = fileio_write_atomic(path, text, strlen(text), 0)) != 0)
		return gwcmd_fail("cannot write %s: %s", path,
		    snt_strerror(r));
	return 0;
}

static int
print_summary(const struct gwconf *c, const struct team_public *tp)
{
	struct signing_public sp;
	char fp[FINGERPRINT_MAX], tfp[FINGERPRINT_MAX];
	int r;

	if ((r = signing_public_load(c->signing_public, &sp)) != 0)
		return gwcmd_fail("cannot read %s: %s", c->signing_public,
		    snt_strerror(r));
	signing_public_fingerprint(&sp, fp);
	team_public_fingerprint(tp, tfp);
	printf("Initialised %s\n", c->state_dir);
	printf("  team key (epoch %u) fingerprint:   %s\n",
	    (unsigned)tp->epoch, tfp);
	printf("  gateway signing key fingerprint: %s\n", fp);
	printf("  give %s to the reviewer to pin.\n", c->signing_public);
	printf("  edit %s and %s, then: sinetti-gateway check --state %s\n",
	    c->units_file, GWCONF_FILE, c->state_dir);
	return 0;
}

int
gwcmd_init(const struct gwcmd_args *a)
{
	struct gwconf *c = NULL;
	struct store *s = NULL;
	struct store_opts so;
	struct team_public tp;
	char err[GWCONF_ERR_MAX], *path = NULL;
	int r;

	if ((r = make_state_dir(a->state)) != 0)
		return r;
	/* The defaults name every file init makes. */
	if ((r = gwconf_parse("", 0, a->state, &c, err)) != 0)
		return gwcmd_fail("%s", err);
	if ((r = pin_team(a->team_public, c->team_public, &tp)) != 0)
		goto out;
	if (asprintf(&path, "%s/%s", a->state, GWCONF_FILE) < 0) {
		r = gwcmd_fail("out of memory");
		goto out;
	}
	if ((r = write_text(path, gwconf_template())) != 0 ||
	    (r = write_text(c->units_file, gwunits_template())) != 0)
		goto out;
	if ((r = gwtls_selfsigned(c->tls_cert, c->tls_key, a->hostname)) !=
	    0) {
		r = gwcmd_fail("cannot make the TLS certificate: %s",
		    snt_strerror(r));
		goto out;
	}
	if ((r = gwkey_generate(c->signing_key, c->signing_public)) != 0) {
		r = gwcmd_fail("cannot make the signing key: %s",
		    snt_strerror(r));
		goto out;
	}
	memset(&so, 0, sizeof(so));
	so.create = 1;
	so.map_initial = (size_t)c->vault_initial_mb << 20;
	so.map_max = (size_t)c->vault_max_mb << 20;
	if ((r = store_open(&s, c->vault_dir, &so)) != 0) {
		r = gwcmd_fail("cannot create the vault %s: %s", c->vault_dir,
		    snt_strerror(r));
		goto out;
	}
	r = print_summary(c, &tp);
out:
	store_close(s);
	free(path);
	gwconf_free(c);
	return r;
}

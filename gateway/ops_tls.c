/*
 * ops_tls.c — the current TLS certificate, swapped on reload.
 * See include/sinetti/ops_tls.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/ops_tls.h"

#define CHAIN_MAX 16			/* certificates in one chain */
#define PEM_MAX (1024u * 1024u)		/* a certificate or key file */

/* One loaded certificate chain and key. Generations are never freed
 * before ops_tls_clear(): GnuTLS keeps the pointers the callback returned
 * for as long as the handshake that asked for them runs. */
struct gen {
	struct gen *next;
	gnutls_pcert_st pcert[CHAIN_MAX];
	unsigned npcert;
	gnutls_privkey_t key;
	char fp[OPS_TLS_FP_LEN];
};

static pthread_mutex_t tls_mu = PTHREAD_MUTEX_INITIALIZER;
static struct gen *tls_cur;	/* what handshakes get */
static struct gen *tls_all;	/* every generation, newest first */

static void
gen_free(struct gen *g)
{
	unsigned i;

	if (g == NULL)
		return;
	for (i = 0; i < g->npcert; i++)
		gnutls_pcert_deinit(&g->pcert[i]);
	if (g->key != NULL)
		gnutls_privkey_deinit(g->key);
	free(g);
}

/* The key must match the first certificate: the public key derived from
 * the private key must equal the certificate's, byte for byte (DER). */
static int
check_pair(const gnutls_pcert_st *leaf, gnutls_privkey_t key)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	int r = SNT_ERR_INVALID;

	if (gnutls_pubkey_init(&pub) < 0)
		return SNT_ERR_NOMEM;
	if (gnutls_pubkey_import_privkey(pub, key, 0, 0) < 0 ||
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &a) < 0 ||
	    gnutls_pubkey_export2(leaf->pubkey, GNUTLS_X509_FMT_DER, &b) < 0)
		goto out;
	if (a.size == b.size && memcmp(a.data, b.data, a.size) == 0)
		r = 0;
out:
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_pubkey_deinit(pub);
	return r;
}

static void
hex(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static void
seterr(char *err, const char *msg)
{
	if (err != NULL)
		snprintf(err, OPS_TLS_ERR_MAX, "%s", msg);
}

/* Valid now and for at least a day more, as gwtls_check_pair requires. */
static int
check_dates(const gnutls_pcert_st *leaf, char *err)
{
	gnutls_x509_crt_t crt = NULL;
	time_t now = time(NULL), from, until;
	int r = SNT_ERR_INVALID;

	if (gnutls_x509_crt_init(&crt) < 0)
		return SNT_ERR_NOMEM;
	if (gnutls_x509_crt_import(crt, &leaf->cert, GNUTLS_X509_FMT_DER) < 0) {
		seterr(err, "the certificate does not parse");
		goto out;
	}
	from = gnutls_x509_crt_get_activation_time(crt);
	until = gnutls_x509_crt_get_expiration_time(crt);
	if (from == (time_t)-1 || until == (time_t)-1)
		seterr(err, "the certificate has no validity period");
	else if (from > now)
		seterr(err, "the certificate is not valid yet");
	else if (until <= now)
		seterr(err, "the certificate has expired");
	else if (until - now < 86400)
		seterr(err, "the certificate expires within a day");
	else
		r = 0;
out:
	gnutls_x509_crt_deinit(crt);
	return r;
}

int
ops_tls_load_mem(const char *cert_pem, size_t cert_len, const char *key_pem,
    size_t key_len, char *fp, char *err)
{
	struct gen *g = NULL;
	gnutls_datum_t cd, kd;
	unsigned char dig[32];
	size_t diglen = sizeof(dig);
	int r;

	if (cert_len == 0 || key_len == 0 || cert_len > PEM_MAX ||
	    key_len > PEM_MAX || cert_len > (size_t)UINT32_MAX ||
	    key_len > (size_t)UINT32_MAX) {
		seterr(err, "the certificate or key file is empty or too large");
		return SNT_ERR_INVALID;
	}
	cd.data = (unsigned char *)(uintptr_t)cert_pem;
	cd.size = (unsigned)cert_len;
	kd.data = (unsigned char *)(uintptr_t)key_pem;
	kd.size = (unsigned)key_len;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return SNT_ERR_NOMEM;
	g->npcert = CHAIN_MAX;
	if (gnutls_pcert_list_import_x509_raw(g->pcert, &g->npcert, &cd,
	    GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED) < 0
	    || g->npcert == 0) {
		g->npcert = 0;
		seterr(err, "no PEM certificate chain (at most 16) in the "
		    "certificate file");
		r = SNT_ERR_INVALID;
		goto out;
	}
	if (gnutls_privkey_init(&g->key) < 0) {
		r = SNT_ERR_NOMEM;
		goto out;
	}
	if (gnutls_privkey_import_x509_raw(g->key, &kd, GNUTLS_X509_FMT_PEM,
	    NULL, 0) < 0) {
		seterr(err, "no unencrypted PEM private key in the key file");
		r = SNT_ERR_INVALID;
		goto out;
	}
	if ((r = check_pair(&g->pcert[0], g->key)) != 0) {
		seterr(err, "the key does not belong to the certificate");
		goto out;
	}
	if ((r = check_dates(&g->pcert[0], err)) != 0)
		goto out;
	if (gnutls_fingerprint(GNUTLS_DIG_SHA256, &g->pcert[0].cert, dig,
	    &diglen) < 0 || diglen != sizeof(dig)) {
		r = SNT_ERR_INVALID;
		goto out;
	}
	hex(g->fp, dig, diglen);
	if (fp != NULL)
		memcpy(fp, g->fp, OPS_TLS_FP_LEN);
	pthread_mutex_lock(&tls_mu);
	g->next = tls_all;
	tls_all = g;
	tls_cur = g;
	pthread_mutex_unlock(&tls_mu);
	g = NULL;
	r = 0;
out:
	gen_free(g);
	return r;
}

int
ops_tls_load(const char *cert_file, const char *key_file, char *fp,
    char *err)
{
	uint8_t *cert = NULL, *key = NULL;
	size_t cert_len = 0, key_len = 0;
	int r;

	if ((r = fileio_read(cert_file, PEM_MAX, 0, &cert, &cert_len)) != 0) {
		seterr(err, "cannot read the certificate file");
		goto out;
	}
	if ((r = fileio_read(key_file, PEM_MAX, FILEIO_SECURE, &key,
	    &key_len)) != 0) {
		seterr(err, "cannot read the key file");
		goto out;
	}
	r = ops_tls_load_mem((const char *)cert, cert_len,
	    (const char *)key, key_len, fp, err);
out:
	fileio_free(cert, cert_len, 0);
	fileio_free(key, key_len, FILEIO_SECURE);
	return r;
}

int
ops_tls_ready(void)
{
	int r;

	pthread_mutex_lock(&tls_mu);
	r = tls_cur != NULL;
	pthread_mutex_unlock(&tls_mu);
	return r;
}

int
ops_tls_fingerprint(char fp[OPS_TLS_FP_LEN])
{
	int r = SNT_ERR_NOT_FOUND;

	pthread_mutex_lock(&tls_mu);
	if (tls_cur != NULL) {
		memcpy(fp, tls_cur->fp, OPS_TLS_FP_LEN);
		r = 0;
	}
	pthread_mutex_unlock(&tls_mu);
	return r;
}

int
ops_tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn,
    int nreqs, const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
    gnutls_pcert_st **pcert, unsigned int *pcert_length,
    gnutls_privkey_t *privkey)
{
	int r = -1;

	(void)session;
	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	pthread_mutex_lock(&tls_mu);
	if (tls_cur != NULL) {
		*pcert = tls_cur->pcert;
		*pcert_length = tls_cur->npcert;
		*privkey = tls_cur->key;
		r = 0;
	}
	pthread_mutex_unlock(&tls_mu);
	return r;
}

void
ops_tls_clear(void)
{
	struct gen *g, *next;

	pthread_mutex_lock(&tls_mu);
	g = tls_all;
	tls_all = NULL;
	tls_cur = NULL;
	pthread_mutex_unlock(&tls_mu);
	for (; g != NULL; g = next) {
		next = g->next;
		gen_free(g);
	}
}

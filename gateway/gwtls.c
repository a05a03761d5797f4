/* gwtls.c — self-signed certificate and TLS checks with GnuTLS. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <sodium.h>

#include "sinetti/err.h"
#include "sinetti/fileio.h"
#include "sinetti/gwtls.h"

#define CERT_DAYS 825

static int
hostname_ok(const char *h)
{
	size_t i, n = strlen(h);

	if (n == 0 || n > GWTLS_HOSTNAME_MAX || h[0] == '.' || h[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') ||
		    (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || h[i] == '-' ||
		    h[i] == '.'))
			return 0;
	return 1;
}

static int
add_names(gnutls_x509_crt_t crt, const char *hostname)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	uint8_t v6[16] = { 0 };

	v6[15] = 1;
	if (gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME,
	    "localhost", 9, GNUTLS_FSAN_APPEND) < 0 ||
	    gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    v4, 4, GNUTLS_FSAN_APPEND) < 0 ||
	    gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    v6, 16, GNUTLS_FSAN_APPEND) < 0)
		return SNT_ERR_CRYPTO;
	if (hostname != NULL && strcmp(hostname, "localhost") != 0 &&
	    gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME,
	    hostname, (unsigned)strlen(hostname), GNUTLS_FSAN_APPEND) < 0)
		return SNT_ERR_CRYPTO;
	return 0;
}

static int
fill_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key,
    const char *hostname)
{
	uint8_t serial[16];
	time_t now = time(NULL);
	const char *cn = hostname != NULL ? hostname : "localhost";

	randombytes_buf(serial, sizeof(serial));
	serial[0] &= 0x7f;	/* a positive INTEGER */
	if (gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now - 3600) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt,
	    now + (time_t)CERT_DAYS * 86400) < 0 ||
	    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    cn, (unsigned)strlen(cn)) < 0 ||
	    gnutls_x509_crt_set_dn_by_oid(crt,
	    GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "Sinetti local", 13) < 0 ||
	    gnutls_x509_crt_set_key(crt, key) < 0 ||
	    gnutls_x509_crt_set_basic_constraints(crt, 0, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt,
	    GNUTLS_KEY_DIGITAL_SIGNATURE) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER,
	    0) < 0 ||
	    add_names(crt, hostname) != 0)
		return SNT_ERR_CRYPTO;
	return 0;
}

int
gwtls_selfsigned(const char *cert_path, const char *key_path,
    const char *hostname)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_privkey_t pkey = NULL;
	gnutls_datum_t kpem = { NULL, 0 }, cpem = { NULL, 0 };
	int r = SNT_ERR_CRYPTO;

	if (hostname != NULL && !hostname_ok(hostname))
		return SNT_ERR_INVALID;
	if (gnutls_x509_privkey_init(&key) < 0 ||
	    gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
	    gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_privkey_init(&pkey) < 0 ||
	    gnutls_privkey_import_x509(pkey, key, 0) < 0)
		goto out;
	if (fill_cert(crt, key, hostname) != 0 ||
	    gnutls_x509_crt_privkey_sign(crt, crt, pkey, GNUTLS_DIG_SHA256,
	    0) < 0 ||
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cpem) < 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kpem) < 0)
		goto out;
	if ((r = fileio_write_atomic(key_path, kpem.data, kpem.size, 0)) != 0)
		goto out;
	r = fileio_write_atomic(cert_path, cpem.data, cpem.size, 0);
out:
	if (kpem.data != NULL) {
		sodium_memzero(kpem.data, kpem.size);
		gnutls_free(kpem.data);
	}
	gnutls_free(cpem.data);
	gnutls_privkey_deinit(pkey);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	return r;
}

static int
load_pem(const char *path, int flags, gnutls_datum_t *d, const char *what,
    char err[GWTLS_ERR_MAX])
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	if ((r = fileio_read(path, GWTLS_PEM_MAX, flags, &buf, &len)) != 0) {
		snprintf(err, GWTLS_ERR_MAX, "%s %s: %s", what, path,
		    snt_strerror(r));
		return r;
	}
	d->data = buf;
	d->size = (unsigned)len;
	return 0;
}

int
gwtls_check_pair(const char *cert_path, const char *key_path,
    char err[GWTLS_ERR_MAX])
{
	gnutls_certificate_credentials_t cred = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
	unsigned n = 1;
	time_t now = time(NULL);
	int r, g;

	if ((r = load_pem(cert_path, 0, &c, "certificate", err)) != 0 ||
	    (r = load_pem(key_path, FILEIO_SECURE | FILEIO_PRIVATE, &k,
	    "TLS key", err)) != 0)
		goto out;
	r = SNT_ERR_INVALID;
	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		goto out;
	/* Loading the pair checks that the key matches the certificate. */
	if ((g = gnutls_certificate_set_x509_key_mem(cred, &c, &k,
	    GNUTLS_X509_FMT_PEM)) < 0) {
		snprintf(err, GWTLS_ERR_MAX, "certificate and key do not load "
		    "as a pair: %s", gnutls_strerror(g));
		goto out;
	}
	if (gnutls_x509_crt_list_import(&crt, &n, &c, GNUTLS_X509_FMT_PEM,
	    GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED) < 0 && n != 1) {
		snprintf(err, GWTLS_ERR_MAX, "certificate does not parse");
		goto out;
	}
	if (gnutls_x509_crt_get_activation_time(crt) > now) {
		snprintf(err, GWTLS_ERR_MAX, "certificate is not valid yet");
		goto out;
	}
	if (gnutls_x509_crt_get_expiration_time(crt) < now + 86400) {
		snprintf(err, GWTLS_ERR_MAX, "certificate expires within a day "
		    "or has expired");
		goto out;
	}
	r = 0;
out:
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (cred != NULL)
		gnutls_certificate_free_credentials(cred);
	fileio_free(c.data, c.size, 0);
	fileio_free(k.data, k.size, FILEIO_SECURE);
	return r;
}

int
gwtls_check_priorities(const char *priorities, char err[GWTLS_ERR_MAX])
{
	gnutls_priority_t p = NULL;
	const char *where = NULL;
	int g;

	if ((g = gnutls_priority_init(&p, priorities, &where)) < 0) {
		snprintf(err, GWTLS_ERR_MAX, "TLS priorities invalid at "
		    "character %ld: %s",
		    where != NULL ? (long)(where - priorities) : -1L,
		    gnutls_strerror(g));
		return SNT_ERR_INVALID;
	}
	gnutls_priority_deinit(p);
	return 0;
}

/*
 * gwtls.h — the gateway's TLS material (gateway/gwtls.c), GnuTLS x509.
 *
 * `init` makes a self-signed ECDSA P-256 certificate for local use, valid
 * for localhost, 127.0.0.1, ::1 and an optional host name, for 825 days.
 * A public service replaces it with a certificate from a CA; `check` and
 * `serve` accept any PEM chain and key GnuTLS can load.
 */
#ifndef SINETTI_GWTLS_H
#define SINETTI_GWTLS_H

#include <stddef.h>

#define GWTLS_PEM_MAX (256u * 1024u)
#define GWTLS_ERR_MAX 256
#define GWTLS_HOSTNAME_MAX 253

/*
 * Generates a key and a self-signed certificate naming localhost (and
 * hostname unless NULL) and writes them PEM-encoded to cert_path and
 * key_path (mode 0600; neither may exist). Errors: SNT_ERR_INVALID (bad
 * hostname), SNT_ERR_CRYPTO (GnuTLS failed), SNT_ERR_EXISTS, SNT_ERR_IO.
 */
int gwtls_selfsigned(const char *cert_path, const char *key_path,
    const char *hostname);

/*
 * Checks that cert_path and key_path load, that the key matches the first
 * certificate, that it is valid now and for at least the next day, and
 * that priorities is a valid GnuTLS priority string. On failure writes one
 * line to err and returns SNT_ERR_INVALID, SNT_ERR_NOT_FOUND, SNT_ERR_PERM
 * or SNT_ERR_IO.
 */
int gwtls_check_pair(const char *cert_path, const char *key_path,
    char err[GWTLS_ERR_MAX]);
int gwtls_check_priorities(const char *priorities, char err[GWTLS_ERR_MAX]);

#endif

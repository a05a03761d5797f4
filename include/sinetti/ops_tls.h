/*
 * ops_tls.h — the gateway's current TLS certificate, replaceable while it
 * serves (gateway/ops_tls.c).
 *
 * libmicrohttpd fixes its certificate when the daemon starts, unless the
 * daemon is given MHD_OPTION_HTTPS_CERT_CALLBACK: then GnuTLS asks
 * ops_tls_retrieve() for the certificate at each handshake. ops_tls_load()
 * reads and checks a new certificate chain and key and, only when both are
 * good and belong together, makes them the ones every later handshake
 * gets. Connections already open keep the certificate they shook hands
 * with; nothing is dropped.
 *
 * The holder is process-wide (the GnuTLS callback carries no user pointer
 * of ours). Replaced certificates stay in memory until ops_tls_clear(),
 * because a handshake in another thread may still be using them; a
 * certificate is renewed every few weeks, so this costs a few kilobytes a
 * year. The private key lives in GnuTLS's memory, as with
 * MHD_OPTION_HTTPS_MEM_KEY.
 */
#ifndef SINETTI_OPS_TLS_H
#define SINETTI_OPS_TLS_H

#include <stddef.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>

/*
 * Loads cert_file (PEM, the server certificate first, then any chain) and
 * key_file (PEM private key), checks that the key matches the first
 * certificate and that the certificate is valid now and for at least the
 * next day (as `sinetti-gateway check` requires), and makes them current.
 * On any error the current certificate is kept and nothing changes, and
 * err (if not NULL, OPS_TLS_ERR_MAX bytes) says why in a few words. If fp
 * is not NULL it receives the SHA-256 fingerprint of the new certificate
 * as 64 lowercase hex digits and a NUL (OPS_TLS_FP_LEN bytes).
 * Errors: SNT_ERR_NOT_FOUND (a file is missing), SNT_ERR_IO,
 * SNT_ERR_INVALID (not PEM, no certificate, key does not match, expired
 * or not yet valid), SNT_ERR_NOMEM.
 */
#define OPS_TLS_FP_LEN 65
#define OPS_TLS_ERR_MAX 128
int ops_tls_load(const char *cert_file, const char *key_file, char *fp,
    char *err);

/* Same, from PEM bytes in memory (the bytes are copied). */
int ops_tls_load_mem(const char *cert_pem, size_t cert_len,
    const char *key_pem, size_t key_len, char *fp, char *err);

/* 1 when a certificate is loaded. */
int ops_tls_ready(void);

/* The fingerprint of the current certificate, as ops_tls_load gives it.
 * Returns SNT_ERR_NOT_FOUND when none is loaded. */
int ops_tls_fingerprint(char fp[OPS_TLS_FP_LEN]);

/*
 * The gnutls_certificate_retrieve_function2 to give libmicrohttpd as
 * MHD_OPTION_HTTPS_CERT_CALLBACK (instead of MHD_OPTION_HTTPS_MEM_CERT
 * and _KEY). Returns the current certificate; -1 (handshake fails) when
 * none is loaded.
 */
gnutls_certificate_retrieve_function2 ops_tls_retrieve;

/* Frees every certificate ever loaded. Only once no TLS session can run
 * any more: after MHD_stop_daemon(). */
void ops_tls_clear(void);

#endif

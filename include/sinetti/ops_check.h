/*
 * ops_check.h — what `sinetti-gateway check` adds for operators
 * (gateway/ops_check.c): the metrics listener and the certificate's
 * remaining lifetime, printed in check's own "ok  "/"FAIL" line format.
 */
#ifndef SINETTI_OPS_CHECK_H
#define SINETTI_OPS_CHECK_H

struct gwconf;

/* Renewal is overdue-ish below this many days (ACME renews at 30). */
#define OPS_CHECK_RENEW_DAYS 21

/*
 * Prints, one line each, to stdout:
 *   metrics   where the health and metrics listener will be, or "off"; a
 *             non-loopback address is named as reachable by others;
 *   expiry    the certificate's last valid day and the days left, with
 *             "renew now" below OPS_CHECK_RENEW_DAYS (still ok: serve
 *             accepts it; the certificate line of check already fails a
 *             certificate that expires within a day).
 * Returns the number of FAIL lines (a certificate that cannot be read
 * for its dates). Never changes anything.
 */
int ops_check(const struct gwconf *c);

#endif

/*
 * ops_notify.h — the systemd readiness protocol, without libsystemd
 * (gateway/ops_notify.c).
 *
 * Under Type=notify systemd passes NOTIFY_SOCKET, the path (or "@name" for
 * the abstract namespace) of a unix datagram socket. ops_notify_init()
 * opens and connects a socket to it once, before the seccomp filter and
 * the privilege drop, so later notifications are a plain send(2) on an
 * already connected socket. Outside systemd every call is a no-op that
 * returns 0.
 *
 * Messages (sd_notify(3)): "READY=1" once serving; "RELOADING=1" then
 * "READY=1" around a SIGHUP reload; "STOPPING=1" at the start of a
 * shutdown; "STATUS=..." for a one-line status that systemctl shows.
 */
#ifndef SINETTI_OPS_NOTIFY_H
#define SINETTI_OPS_NOTIFY_H

/*
 * Reads and unsets NOTIFY_SOCKET (so child processes do not inherit it)
 * and connects to it. Without NOTIFY_SOCKET returns 0 and does nothing.
 * Errors: SNT_ERR_CONFIG (the variable is malformed or too long),
 * SNT_ERR_IO (socket or connect failed; errno kept).
 */
int ops_notify_init(void);

/*
 * Sends msg (one or more "KEY=VALUE" lines) as one datagram. Returns 0
 * without a socket. Errors: SNT_ERR_IO (send failed; errno kept),
 * SNT_ERR_TOO_LARGE (msg over 4 KiB).
 */
int ops_notify(const char *msg);

/* Closes the socket. Safe to call more than once. */
void ops_notify_close(void);

#endif

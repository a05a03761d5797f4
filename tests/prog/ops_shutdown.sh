#!/usr/bin/env bash
# ops_shutdown.sh — SIGTERM while a submission is still being uploaded:
# the gateway stops taking connections and reports unhealthy, the upload
# finishes, the submission is stored and confirmed, then it exits 0.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

trap '' PIPE	# a closed connection must give a FAIL line, not kill the test
gw_init "server|metrics_listen = 127.0.0.1:0" || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
mport=$(sed -n 's/.*metrics and health on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$GW_ERR")
wait_for() {
	local i
	for i in $(seq 1 600); do "$@" && return 0; sleep 0.05; done
	return 1
}
health() { curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/healthz"; }
health_is() { [ "$(health)" = "$1" ]; }
check "healthy while serving" health_is 200
before=$(gw_vault_count)

mkfifo "$T_TMP/in"
gnutls-cli --insecure --save-cert="$T_TMP/c.pem" -p "$GW_PORT" 127.0.0.1 \
    <"$T_TMP/in" >"$T_TMP/out" 2>/dev/null &
cli=$!
t_cleanup_hooks+=("kill $cli 2>/dev/null")
exec 7>"$T_TMP/in"
wait_for test -s "$T_TMP/c.pem"
body="kind=concern&unit=kotihoito&role=relative&message=Sent+while+stopping&confirm=yes"
# Expect: 100-continue: the gateway has taken the request (its headers)
# once it answers "100 Continue".
printf 'POST /en/form HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n' \
    "${#body}" >&7
check "request taken (100 Continue)" wait_for grep -q '^HTTP/1.1 100 Continue' "$T_TMP/out"
printf '%s' "${body:0:25}" >&7

kill -TERM "$GW_PID"
# /healthz turns 503 as soon as the stop begins (the metrics listener is
# the last thing to go), so the rest of the body is sent after SIGTERM.
check "unhealthy once stopping" wait_for health_is 503
check "no new connections while stopping" bash -c \
    "! curl -sS --max-time 3 --cacert '$GW_STATE/tls-cert.pem' -o /dev/null 'https://localhost:$GW_PORT/en/' 2>/dev/null"
printf '%s' "${body:25}" >&7
check "the upload under way is confirmed" wait_for grep -q 'id="receipt"' "$T_TMP/out"
exec 7>&-
wait "$cli" 2>/dev/null
wait "$GW_PID"
check "exit 0 after SIGTERM" test $? -eq 0
check "the confirmed submission is in the vault" test "$(gw_vault_count)" -eq $((before + 1))
t_done

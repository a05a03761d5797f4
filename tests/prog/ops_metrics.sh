#!/usr/bin/env bash
# ops_metrics.sh — health and Prometheus metrics on their own plain-HTTP
# loopback listener: reachable there, never on the public port, counting
# what happened and nothing about anyone.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

gw_init "server|metrics_listen = 127.0.0.1:0" || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
mport=$(sed -n 's/.*metrics and health on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$GW_ERR")
check "serve names the metrics port in its log" test -n "$mport"
M() { curl -sS --max-time 10 "http://127.0.0.1:$mport$1"; }
Mstatus() { curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }

# Bound to loopback only: the listening socket's local address is 127.0.0.1.
hexport=$(printf '%04X' "$mport")
check "metrics socket listens on 127.0.0.1 only" bash -c \
    "awk '\$4 == \"0A\" && \$2 ~ /:$hexport\$/ { print \$2 }' /proc/net/tcp | grep -qx '0100007F:$hexport'"
check "no metrics socket on IPv6" bash -c \
    "! awk '\$4 == \"0A\" && \$2 ~ /:$hexport\$/' /proc/net/tcp6 2>/dev/null | grep -q ."

check "GET /healthz on the metrics port: 200 ok" bash -c \
    "test \"\$(curl -sS -w ' %{http_code}' http://127.0.0.1:$mport/healthz)\" = 'ok
 200'"
M /metrics >"$T_TMP/m0"
check "GET /metrics: Prometheus text" grep -q '^# TYPE sinetti_submissions_stored_total counter$' "$T_TMP/m0"
check "content type is the exposition format" bash -c \
    "curl -sS -D - -o /dev/null http://127.0.0.1:$mport/metrics | grep -qi '^Content-Type: text/plain; version=0.0.4'"
check "gateway is up" grep -qx 'sinetti_up 1' "$T_TMP/m0"
check "stored starts at 0" grep -qx 'sinetti_submissions_stored_total 0' "$T_TMP/m0"
check "vault size reported" grep -Eq '^sinetti_vault_bytes [1-9][0-9]*$' "$T_TMP/m0"
check "POST /metrics: 405" test "$(Mstatus -X POST "http://127.0.0.1:$mport/metrics")" = 405
check "other paths: 404" test "$(Mstatus "http://127.0.0.1:$mport/en/form")" = 404

# Never on the public port: the public site does not know these paths.
check "GET /metrics on the public port: 404" test "$(gw_status /metrics)" = 404
check "GET /healthz on the public port: 404" test "$(gw_status /healthz)" = 404
gw_curl -o "$T_TMP/pub.html" "$(GW_URL /metrics)"
check "public 404 page holds no metric" bash -c "! grep -q sinetti_ '$T_TMP/pub.html'"
check "plain HTTP on the public port gets no metrics" bash -c \
    "! curl -sS --max-time 5 http://127.0.0.1:$GW_PORT/metrics 2>/dev/null | grep -q sinetti_"

# Counts follow what happens.
marker="metricsmarker$$"
gw_submit en "message=$marker one" >"$T_TMP/s1.html"
gw_submit fi "message=$marker two" "phone=040 765 4321" >"$T_TMP/s2.html"
check "two confirmations" test -n "$(gw_receipt "$T_TMP/s1.html")" -a -n "$(gw_receipt "$T_TMP/s2.html")"
gw_status /en/form -X PUT >/dev/null
gw_status /en/form -H 'Content-Type: text/plain' --data 'x=1' >/dev/null
head -c 300000 /dev/zero | tr '\0' a >"$T_TMP/big"
gw_status /en/form --data-binary "@$T_TMP/big" >/dev/null
gw_status /nope >/dev/null
M /metrics >"$T_TMP/m1"
check "stored counts 2" grep -qx 'sinetti_submissions_stored_total 2' "$T_TMP/m1"
check "commit latency histogram counts 2" grep -qx 'sinetti_commit_seconds_count 2' "$T_TMP/m1"
check "histogram +Inf bucket equals count" grep -qx 'sinetti_commit_seconds_bucket{le="+Inf"} 2' "$T_TMP/m1"
check "refusal: method" grep -qx 'sinetti_refusals_total{reason="method"} 1' "$T_TMP/m1"
check "refusal: media_type" grep -qx 'sinetti_refusals_total{reason="media_type"} 1' "$T_TMP/m1"
check "refusal: too_large" grep -qx 'sinetti_refusals_total{reason="too_large"} 1' "$T_TMP/m1"
check "refusal: not_found (including the public /metrics and /healthz)" \
    grep -qx 'sinetti_refusals_total{reason="not_found"} 4' "$T_TMP/m1"
check "vault envelopes gauge 2" grep -qx 'sinetti_vault_envelopes 2' "$T_TMP/m1"

# An open connection shows in the gauge.
mkfifo "$T_TMP/in"
gnutls-cli --insecure -p "$GW_PORT" 127.0.0.1 <"$T_TMP/in" >/dev/null 2>&1 &
cli=$!
exec 7>"$T_TMP/in"
t_cleanup_hooks+=("kill $cli 2>/dev/null")
for i in $(seq 1 100); do
	M /metrics | grep -qx 'sinetti_open_connections 1' && break
	sleep 0.05
done
check "open connection counted" bash -c "curl -sS http://127.0.0.1:$mport/metrics | grep -qx 'sinetti_open_connections 1'"
exec 7>&-
wait "$cli" 2>/dev/null

# Counts only: every line is a comment or a sinetti_ sample with a number,
# labels only from the fixed sets, and no trace of what was sent.
check "every line is HELP/TYPE or a number" bash -c \
    "grep -Ev '^(# (HELP|TYPE) sinetti_[a-z_]+ .+|sinetti_[a-z_]+(\\{(reason|result|le)=\"[a-zA-Z_+.0-9]+\"\\})? [0-9.e+-]+)$' '$T_TMP/m1' | grep -q . && exit 1 || exit 0"
check "no submitted text in metrics" bash -c "! grep -q '$marker' '$T_TMP/m1'"
check "no address in metrics" bash -c "! grep -q '127\.0\.0\.1' '$T_TMP/m1'"

# check names the listener and the certificate's remaining days.
to "$T_TMP/chk0" snt sinetti-gateway check --state "$GW_STATE"
check "check: metrics line (loopback)" grep -q '^ok   metrics      http://127.0.0.1:0/metrics and /healthz (loopback)$' "$T_TMP/chk0"
check "check: certificate expiry line" grep -Eq '^ok   expiry       certificate valid until [0-9]{4}-[0-9]{2}-[0-9]{2} UTC \([0-9]+ days\)$' "$T_TMP/chk0"

# metrics_listen on the public port is refused by check and serve.
sed -i 's/^metrics_listen = .*/metrics_listen = 127.0.0.1:8443/' "$GW_STATE/gateway.conf"
printf '[server]\nlisten = 127.0.0.1:8443\n' >>"$GW_STATE/gateway.conf"
to "$T_TMP/chk" snt sinetti-gateway check --state "$GW_STATE"
check "check refuses metrics on the public port" grep -q 'metrics_listen must not use the port of listen' "$T_TMP/chk"

check_exit "SIGTERM: clean exit" 0 gw_stop
t_done

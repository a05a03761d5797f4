#!/usr/bin/env bash
# ops_reload.sh — SIGHUP on a serving gateway, seen from outside: a
# submission in flight across the reload completes on its connection; the
# next connection gets the new certificate; a broken certificate or
# configuration keeps the running one and says so in one line; new units
# appear; a rotated team key is taken; SIGTERM still exits cleanly.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

trap '' PIPE	# a closed connection must give a FAIL line, not kill the test
gw_init "server|metrics_listen = 127.0.0.1:0" || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
mport=$(sed -n 's/.*metrics and health on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$GW_ERR")

# wait_for CMD...: polls up to 30 seconds (sequencing, not timing; a
# loaded machine running the whole suite can be slow).
wait_for() {
	local i
	for i in $(seq 1 600); do "$@" && return 0; sleep 0.05; done
	return 1
}
# The SHA-256 fingerprint of a PEM file, and of what the server sends.
file_fp() { certtool --fingerprint --hash sha256 --infile "$1" 2>/dev/null; }
served_fp() {
	rm -f "$T_TMP/peer.pem"
	gnutls-cli --insecure --save-cert="$T_TMP/peer.pem" -p "$GW_PORT" \
	    127.0.0.1 </dev/null >/dev/null 2>&1
	file_fp "$T_TMP/peer.pem"
}
lines() { grep -c "$1" "$GW_ERR"; }
# more_lines PATTERN N: the log now holds more than N lines matching.
more_lines() { [ "$(lines "$1")" -gt "$2" ]; }
# install_pair DIR: DIR's certificate and key into the state, as a deploy
# hook does: owned by the state's user, 0600, renamed into place.
install_pair() {
	local own f
	own=$(stat -c %u:%g "$GW_STATE")
	for f in tls-cert.pem tls-key.pem; do
		cp "$1/$f" "$GW_STATE/$f.new"
		chmod 600 "$GW_STATE/$f.new"
		[ "$(id -u)" -ne 0 ] || chown "$own" "$GW_STATE/$f.new"
		mv -f "$GW_STATE/$f.new" "$GW_STATE/$f"
	done
}
# A second certificate, made the way init makes one.
snt sinetti-gateway init --state "$T_TMP/other" --team-public "$T_TMP/team.pub" \
    --hostname localhost >/dev/null

fp0=$(served_fp)
check "served certificate is the state's" test "$fp0" = "$(file_fp "$GW_STATE/tls-cert.pem")"
check "the new certificate differs" test "$fp0" != "$(file_fp "$T_TMP/other/tls-cert.pem")"

# A submission whose connection is open across the reload: headers and half
# the body before SIGHUP, the rest after.
mkfifo "$T_TMP/in"
gnutls-cli --insecure --save-cert="$T_TMP/inflight.pem" -p "$GW_PORT" 127.0.0.1 \
    <"$T_TMP/in" >"$T_TMP/inflight.out" 2>/dev/null &
cli=$!
t_cleanup_hooks+=("kill $cli 2>/dev/null")
exec 7>"$T_TMP/in"
wait_for test -s "$T_TMP/inflight.pem"
body="kind=concern&unit=kotihoito&role=relative&message=Across+a+reload&confirm=yes"
printf 'POST /en/form HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "${body:0:30}" >&7

install_pair "$T_TMP/other"
n=$(lines 'reloaded:')
kill -HUP "$GW_PID"
check "SIGHUP: reloaded" wait_for more_lines 'reloaded:' "$n"
check "still serving after SIGHUP" kill -0 "$GW_PID"
fp1=$(served_fp)
check "next connection gets the new certificate" test "$fp1" = "$(file_fp "$T_TMP/other/tls-cert.pem")"
check "log names the new fingerprint" grep -q "reloaded: .*certificate sha256 $fp1" "$GW_ERR"
check "curl trusts the new certificate" bash -c \
    "curl -sS --cacert '$T_TMP/other/tls-cert.pem' -o /dev/null 'https://localhost:$GW_PORT/en/'"

printf '%s' "${body:30}" >&7
check "in-flight submission confirmed after the reload" \
    wait_for grep -q 'id="receipt"' "$T_TMP/inflight.out"
exec 7>&-
wait "$cli" 2>/dev/null
check "in-flight connection kept the old certificate" \
    test "$(file_fp "$T_TMP/inflight.pem")" = "$fp0"

# A broken certificate: refused in one line, the running one stays.
cp "$GW_STATE/tls-cert.pem" "$T_TMP/good-cert.pem"
printf -- '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n' \
    >"$GW_STATE/tls-cert.pem"
n=$(lines 'reload refused')
all=$(wc -l <"$GW_ERR")
kill -HUP "$GW_PID"
check "broken certificate: reload refused" wait_for more_lines 'reload refused' "$n"
check "broken certificate: exactly one log line" test "$(wc -l <"$GW_ERR")" -eq $((all + 1))
check "refusal is one warning line naming the file" bash -c \
    "grep 'reload refused' '$GW_ERR' | tail -n 1 | grep -q '^<4>sinetti-gateway: reload refused, keeping the running configuration: .*tls-cert.pem: '"
check "broken certificate: the running one is still served" test "$(served_fp)" = "$fp1"

# A certificate whose key is another's.
cp "$T_TMP/good-cert.pem" "$GW_STATE/tls-cert.pem"
cp "$GW_STATE/tls-key.pem" "$T_TMP/good-key.pem"
cat "$T_TMP/other/tls-key.pem" >/dev/null
snt sinetti-gateway init --state "$T_TMP/third" --team-public "$T_TMP/team.pub" >/dev/null
cat "$T_TMP/third/tls-key.pem" >"$GW_STATE/tls-key.pem"
n=$(lines 'reload refused')
kill -HUP "$GW_PID"
check "mismatched key: reload refused" wait_for more_lines 'reload refused' "$n"
check "mismatched key: says so" bash -c "tail -n 1 '$GW_ERR' | grep -q 'key does not belong to the certificate'"
check "mismatched key: the running one is still served" test "$(served_fp)" = "$fp1"
cat "$T_TMP/good-key.pem" >"$GW_STATE/tls-key.pem"

# A broken gateway.conf: refused with its line; the site keeps working.
cp "$GW_STATE/gateway.conf" "$T_TMP/good.conf"
printf '[site]\nno_such_setting = 1\n' >>"$GW_STATE/gateway.conf"
n=$(lines 'reload refused')
kill -HUP "$GW_PID"
check "broken gateway.conf: reload refused" wait_for more_lines 'reload refused' "$n"
check "broken gateway.conf: names the line" bash -c "tail -n 1 '$GW_ERR' | grep -q 'gateway.conf line [0-9]*: unknown key'"
check "broken gateway.conf: form still served" test "$(gw_status /en/form)" = 200
cp "$T_TMP/good.conf" "$GW_STATE/gateway.conf"

# New units and a new organisation name appear without a restart.
printf 'uusi-yksikko | Uusi yksikkö | Ny enhet | Reloaded unit\n' >>"$GW_STATE/units"
printf '[site]\norganisation_en = Reload Test Organisation\n' >>"$GW_STATE/gateway.conf"
n=$(lines 'reloaded:')
kill -HUP "$GW_PID"
check "units change: reloaded" wait_for more_lines 'reloaded:' "$n"
gw_curl -o "$T_TMP/form.html" "$(GW_URL /en/form)"
check "the new unit is on the form" grep -q 'Reloaded unit' "$T_TMP/form.html"
check "the new organisation name is on the page" grep -q 'Reload Test Organisation' "$T_TMP/form.html"
gw_submit en "unit=uusi-yksikko" >"$T_TMP/u.html"
check "a submission for the new unit is confirmed" test -n "$(gw_receipt "$T_TMP/u.html")"

# A restart-only setting is named, not silently ignored.
printf '[limits]\nconnections = 77\n' >>"$GW_STATE/gateway.conf"
kill -HUP "$GW_PID"
check "restart-only change is reported" wait_for grep -q 'reload: changed connections; these take effect at the next restart' "$GW_ERR"

# Key rotation: the officers' new team public key is taken on SIGHUP.
to "$T_TMP/rot" "$SNT_BIN/sinetti-keys" --passphrase-fd 3 rotate --keyring "$T_TMP/keyring" \
    --as tester --public-out "$T_TMP/team2.pub" 3<"$T_TMP/pp"
check "sinetti-keys rotate made epoch 2" test -s "$T_TMP/team2.pub"
[ -s "$T_TMP/team2.pub" ] || cat "$T_TMP/rot"
own=$(stat -c %u:%g "$GW_STATE")
cp "$T_TMP/team2.pub" "$GW_STATE/team.pub.new"
[ "$(id -u)" -ne 0 ] || chown "$own" "$GW_STATE/team.pub.new"
mv -f "$GW_STATE/team.pub.new" "$GW_STATE/team.pub"
n=$(lines 'reloaded:')
kill -HUP "$GW_PID"
if wait_for more_lines 'reloaded:' "$n"; then
	pass "rotated team key: reloaded"
else
	fail "rotated team key: reloaded"
	tail -n 3 "$GW_ERR"
fi
check "log names the new epoch" grep -q 'team key epoch 2 (new)' "$GW_ERR"
gw_submit en "message=after rotation" >"$T_TMP/r.html"
check "submission after the rotation confirmed" test -n "$(gw_receipt "$T_TMP/r.html")"
cp "$T_TMP/team.pub" "$GW_STATE/team.pub"
n=$(lines 'reload refused')
kill -HUP "$GW_PID"
check "older team key refused" wait_for more_lines 'reload refused' "$n"
check "refusal says the epoch is older" bash -c "tail -n 1 '$GW_ERR' | grep -q 'older than the running epoch 2'"

curl -sS "http://127.0.0.1:$mport/metrics" >"$T_TMP/m"
check "metrics count the reloads" bash -c "grep -qx 'sinetti_reloads_total{result=\"ok\"} 4' '$T_TMP/m' && grep -qx 'sinetti_reloads_total{result=\"failed\"} 4' '$T_TMP/m'"
check "no reload line names an address or a sender" bash -c \
    "! grep 'reload' '$GW_ERR' | grep -qE 'Across|127\.0\.0\.1|::1'"
check_exit "SIGTERM after reloads: clean exit" 0 gw_stop
t_done

#!/usr/bin/env bash
# gateway_limits.sh — abuse limits and a vault that cannot write: 429 past
# the global submission rate, 503 (and never a confirmation) when the vault
# is full, the per-address connection limit, the idle timeout.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

# ---------------------------------------------------------------- 429
gw_init "limits|submissions_per_minute = 3" "limits|connections_per_ip = 2" \
    "limits|connection_timeout = 5" || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
ok=0
for i in 1 2 3; do
	gw_submit en "message=rate test $i" >"$T_TMP/r.html"
	[ -n "$(gw_receipt "$T_TMP/r.html")" ] && ok=$((ok + 1))
done
check "three submissions within the rate confirmed" test "$ok" -eq 3
gw_submit en "message=rate test 4" -- -D "$T_TMP/h.429" >"$T_TMP/429.html"
check "the fourth gets 429" grep -q '^HTTP/1.1 429' "$T_TMP/h.429"
check "429 page has no receipt" bash -c "! grep -q 'id=\"receipt\"' '$T_TMP/429.html'"
check "429 page carries the security headers" grep -qi '^Content-Security-Policy:' "$T_TMP/h.429"
check "vault holds exactly the three confirmed" test "$(gw_vault_count)" -eq 3
check "pages are still served past the rate" test "$(gw_status /en/form)" = 200

# ---------------------------------------------------------------- connections
# Two silent TCP connections (no TLS handshake yet) already count.
exec 4<>"/dev/tcp/127.0.0.1/$GW_PORT" 5<>"/dev/tcp/127.0.0.1/$GW_PORT"
# Give the accept threads time to take both before curl's connection
# arrives: otherwise under load curl may be accepted first, and the idle
# timeout (5 s) can close the silent pair before the loop reaches a refusal.
sleep 0.5
refused=0
for i in $(seq 1 100); do
	if ! gw_curl --max-time 5 -o /dev/null "$(GW_URL /en/)" 2>/dev/null; then
		refused=1; break
	fi
	sleep 0.05
done
check "a third connection from one address is refused" test "$refused" -eq 1
check "another address still gets in" \
    gw_curl --interface 127.0.0.2 -o /dev/null "$(GW_URL /en/)"
# The idle timeout (5 s) closes the held connections by itself.
back=0
for i in $(seq 1 200); do
	if gw_curl --max-time 5 -o /dev/null "$(GW_URL /en/)" 2>/dev/null; then
		back=1; break
	fi
	sleep 0.05
done
check "idle connections time out and the address gets in again" test "$back" -eq 1
exec 3<>"/dev/tcp/127.0.0.1/$GW_PORT"
check_exit "a silent connection is closed by the server" 0 to /dev/null timeout 20 cat <&3
exec 3<&-
exec 4<&- 5<&-
check_exit "gateway stops" 0 gw_stop

# ---------------------------------------------------------------- full vault
sed -i '/^submissions_per_minute/d' "$GW_STATE/gateway.conf"
# The map starts at 1 MiB and must grow once (under seccomp) before it is
# full at 2 MiB.
printf '[limits]\nvault_initial_mb = 1\nvault_max_mb = 2\nsubmissions_per_minute = 10000\n' \
    >>"$GW_STATE/gateway.conf"
gw_start || { fail "serve restarts with a tiny vault"; t_done; }
before=$(gw_vault_count)
big=$(head -c 9000 /dev/zero | tr '\0' 'x' | sed 's/x/ä/g')
confirmed=0 unavailable=0 other=0
for i in $(seq 1 200); do
	gw_submit en "message=FULLMARK $i $big" -- -D "$T_TMP/h.f" >"$T_TMP/f.html"
	if grep -q '^HTTP/1.1 200' "$T_TMP/h.f" && [ -n "$(gw_receipt "$T_TMP/f.html")" ]; then
		confirmed=$((confirmed + 1))
	elif grep -q '^HTTP/1.1 503' "$T_TMP/h.f"; then
		unavailable=$((unavailable + 1))
		cp "$T_TMP/f.html" "$T_TMP/503.html"; cp "$T_TMP/h.f" "$T_TMP/h.503"
		[ "$unavailable" -ge 3 ] && break
	else
		other=$((other + 1))
	fi
done
check "a full vault gives 503" test "$unavailable" -ge 1
check "the map grew past 1 MiB before it was full" test "$(stat -c %s "$GW_STATE/vault/data.mdb")" -gt 1048576
check "no other answers while filling" test "$other" -eq 0
check "503 page has no receipt" bash -c "! grep -q 'id=\"receipt\"' '$T_TMP/503.html'"
check "503 page keeps what was typed" grep -q "FULLMARK" "$T_TMP/503.html"
check "503 page is not stored by caches" grep -qi '^Cache-Control: no-store' "$T_TMP/h.503"
check "log names the cause without content" bash -c \
    "grep -q '^<3>.*could not be stored: .*maximum size' '$GW_ERR' && ! grep -q FULLMARK '$GW_ERR'"
after=$(gw_vault_count)
check "vault holds exactly one envelope per confirmation ($confirmed)" \
    test "$((after - before))" -eq "$confirmed"
check "pages are still served with a full vault" test "$(gw_status /en/)" = 200
check_exit "gateway stops" 0 gw_stop
t_done

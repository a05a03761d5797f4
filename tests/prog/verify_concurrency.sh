#!/usr/bin/env bash
# verify_concurrency.sh — the gateway's request path and group committer
# under concurrent clients: 16 parallel submitters and page readers for a
# few seconds; every confirmation is in the vault and opens. Under
# `make tsan` (SNT_TSAN=1, a ThreadSanitizer gateway) any data race report
# on the gateway's stderr fails the test.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"
vf_need_tool

secs=5; [ "$VF_LONG" = 1 ] && secs=30
vf_setup "limits|submissions_per_minute = 1000000" "server|threads = 4" ||
    { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
rcpt=$T_TMP/receipts; : >"$rcpt"
python3 "$VF_CLIENT" load --threads 16 --seconds "$secs" --port "$VF_PORT" \
    --ca "$VF_STATE/tls-cert.pem" --out "$rcpt" &
lp=$!
readers=()
for i in $(seq 1 4); do
	( end=$((SECONDS + secs)); while [ $SECONDS -lt $end ]; do
		vf_curl -o /dev/null -o /dev/null -o /dev/null "$(vf_url /fi/)" \
		    "$(vf_url /sv/)" "$(vf_url /en/)" 2>/dev/null
	done ) &
	readers+=($!)
done
wait "$lp" "${readers[@]}"
vf_stop; rc=$?
check "gateway stops cleanly after the load (exit $rc)" [ "$rc" = 0 ]
vf_export "$T_TMP/b" || fail "export"
vf_open "$T_TMP/b" >"$T_TMP/opened"; orc=$?
tail -n 1 "$T_TMP/opened"
check "every stored envelope opens" [ "$orc" = 0 ]
n=$(grep -c . "$rcpt"); lost=$(vf_lost "$rcpt" "$T_TMP/opened")
echo "  $n confirmations in ${secs}s from 16 clients, $lost lost"
check "confirmations under concurrency ($n)" [ "$n" -gt 0 ]
check "no confirmation lost under concurrency ($lost)" [ "$lost" = 0 ]
races=$(grep -c 'WARNING: ThreadSanitizer' "$VF_ERR")
[ "$races" != 0 ] && sed -n '/WARNING: ThreadSanitizer/,/^SUMMARY/p' "$VF_ERR" | head -n 80
check "no ThreadSanitizer report ($races)" [ "$races" = 0 ]
t_done

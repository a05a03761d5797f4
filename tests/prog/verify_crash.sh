#!/usr/bin/env bash
# verify_crash.sh — crash consistency of the real gateway. Parallel HTTPS
# clients submit in a loop while the gateway is killed with SIGKILL at
# random moments and restarted on the same port. Afterwards every
# submission whose confirmation page (with its receipt) a client received
# must be in the vault and open with the team key: the receipt's reply key
# is inside the sealed record. 20 kills here; 120 with SNT_VERIFY=1.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"
vf_need_tool

kills=20; [ "$VF_LONG" = 1 ] && kills=120; [ "$VF_SLOW" = 1 ] && kills=5
vf_setup "limits|submissions_per_minute = 1000000" || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
port=$VF_PORT
rcpt=$T_TMP/receipts
: >"$rcpt"
python3 "$VF_CLIENT" load --threads 6 --seconds 3600 --port "$port" \
    --ca "$VF_STATE/tls-cert.pem" --out "$rcpt" >"$T_TMP/load.out" 2>&1 &
cpid=$!
t_cleanup_hooks+=("kill $cpid 2>/dev/null")
restart_fail=0
for i in $(seq 1 "$kills"); do
	# a random moment: 50..800 ms into this run of the gateway
	sleep "0.$(printf '%03d' $((50 + RANDOM % 750)))"
	[ "$VF_SLOW" = 1 ] && sleep 2
	vf_kill9
	if ! vf_start "127.0.0.1:$port" >/dev/null; then
		restart_fail=$((restart_fail + 1))
		sleep 0.5
		vf_start "127.0.0.1:$port" >/dev/null || break
	fi
done
sleep 0.5
touch "$rcpt.stop"
wait "$cpid"
cat "$T_TMP/load.out"
vf_stop
check "gateway restarted after every SIGKILL ($restart_fail retries)" [ "$restart_fail" -eq 0 ]
vf_export "$T_TMP/all.bundle" || fail "export"
vf_open "$T_TMP/all.bundle" >"$T_TMP/opened"
orc=$?
tail -n 1 "$T_TMP/opened"
check "every stored envelope opens with the team key" [ "$orc" = 0 ]
confirmed=$(grep -c . "$rcpt")
lost=$(vf_lost "$rcpt" "$T_TMP/opened")
echo "kills: $kills, confirmations checked: $confirmed, lost: $lost"
check "client received confirmations under the kill loop ($confirmed)" [ "$confirmed" -gt 0 ]
check "no confirmed submission lost over $kills SIGKILLs ($lost of $confirmed)" [ "$lost" = 0 ]
t_done

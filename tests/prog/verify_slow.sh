#!/usr/bin/env bash
# verify_slow.sh — slowloris (headers dribbled), slow body (a body dribbled)
# and slow read (answers never read) against a real gateway, from several
# loopback addresses at once. During each attack a normal client from
# another address still submits and gets its receipt; RSS stays bounded.
# SNT_VERIFY=1 (make verify): longer and larger attacks.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"

if [ "$VF_LONG" = 1 ]; then secs=60 conns=400 sources=20; else secs=8 conns=100 sources=5; fi
vf_setup "limits|connection_timeout = 10" || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
rss0=$(vf_rss "$VF_PID")
for mode in loris body read; do
	python3 "$VF_CLIENT" slow --mode "$mode" --conns "$conns" --sources "$sources" \
	    --seconds "$secs" --port "$VF_PORT" --ca "$VF_STATE/tls-cert.pem" \
	    >"$T_TMP/slow.$mode" 2>&1 &
	apid=$!
	sleep $((secs / 2))
	t0=$(date +%s.%N)
	read -r st rc < <(vf_submit)
	t1=$(date +%s.%N)
	rss=$(vf_rss "$VF_PID")
	wait "$apid"
	cat "$T_TMP/slow.$mode"
	printf 'during %s: normal submission %s in %.2f s, gateway RSS %s KiB\n' \
	    "$mode" "$st" "$(echo "$t1 - $t0" | bc 2>/dev/null || echo 0)" "$rss"
	check "slow $mode: a normal client still submits (status $st)" \
	    [ "$st" = 200 ] && [ -n "$rc" ]
	check "slow $mode: gateway alive" kill -0 "$VF_PID"
done
rss1=$(vf_rss "$VF_PID")
echo "RSS before ${rss0} KiB, after the attacks ${rss1} KiB"
vf_rss_check "RSS bounded after the attacks" "$rss0" "$rss1" 65536
vf_stop; rc=$?
check "gateway stops cleanly (exit $rc)" [ "$rc" = 0 ]
t_done

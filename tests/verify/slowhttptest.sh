#!/usr/bin/env bash
# slowhttptest.sh — Debian's slowhttptest (slowloris -H, slow body -B, slow
# read -X) against a real gateway, 60 s each, from 127.0.0.1; a normal
# client submits from 127.0.0.2 in the middle of each attack. Gateway RSS
# is recorded before, during and after. make verify only.
. "$SNT_ROOT/tests/lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"

command -v slowhttptest >/dev/null || { echo "SKIP: slowhttptest not installed"; exit 0; }
out=$SNT_ROOT/build/verify
mkdir -p "$out"
vf_setup "limits|connection_timeout = 10" || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
rss0=$(vf_rss "$VF_PID")
for mode in H B X; do
	args=(-c 1000 -i 10 -r 200 -l 60 -p 3 -u "https://127.0.0.1:$VF_PORT/fi/form" -o "$out/slowhttptest-$mode")
	case $mode in
	H) args+=(-H -t GET) ;;
	B) args+=(-B -t POST -s 200000) ;;
	X) args+=(-X -k 3 -w 10 -y 20 -n 5 -z 32 -t GET -u "https://127.0.0.1:$VF_PORT/fi/") ;;
	esac
	slowhttptest -g "${args[@]}" >"$out/slowhttptest-$mode.log" 2>&1 &
	sp=$!
	sleep 30
	read -r st rc < <(vf_submit --interface 127.0.0.2)
	rss=$(vf_rss "$VF_PID")
	wait "$sp"
	grep -E 'service available|closed|connected|pending' "$out/slowhttptest-$mode.log" | tail -n 4 | sed 's/\x1b\[[0-9;]*m//g; s/^/  /'
	echo "  slowhttptest -$mode: normal submission $st, gateway RSS $rss KiB"
	check "slowhttptest -$mode: a normal client still submits ($st)" [ "$st" = 200 ] && [ -n "$rc" ]
	check "slowhttptest -$mode: gateway alive" kill -0 "$VF_PID"
done
rss1=$(vf_rss "$VF_PID")
echo "  RSS before ${rss0} KiB, after ${rss1} KiB"
vf_stop
t_done

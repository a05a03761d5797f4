# lib.sh — helpers for the verification battery (tests/prog/verify_*.sh and
# tests/verify/*.sh). Source it after tests/lib/prog.sh. Each test gets a
# team keyring, a gateway state directory and a real `sinetti-gateway serve`
# on loopback with real TLS; vtool (tests/verify/vtool.c) opens what the
# gateway stored the way the reviewer does.

VF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VF_TOOL=${SNT_BUILD:-$SNT_ROOT/build}/verify/vtool
VF_CLIENT=$VF_DIR/client.py
VF_STATE=$T_TMP/state
VF_PASS="verify passphrase $$"
VF_PID= VF_PORT=
VF_ERR=$T_TMP/serve.err
VF_OUT=$T_TMP/serve.out
# SNT_VERIFY=1: the long runs of make verify. VF_SLOW=1 under valgrind,
# where the tests shorten their loops.
VF_LONG=${SNT_VERIFY:-0}
VF_SLOW=0; [ -n "${SNT_VALGRIND_CMD:-}" ] && VF_SLOW=1

# vf_need_tool: SKIP (and exit 0) when vtool was not built.
vf_need_tool() {
	if [ ! -x "$VF_TOOL" ]; then
		echo "SKIP: $VF_TOOL not built (make $VF_TOOL)"
		exit 0
	fi
}

# The sandbox stays on except for sanitizer and valgrind builds.
# (grep -c, not grep -q: under pipefail, grep -q closing the pipe early
# makes nm die of SIGPIPE and the pipeline false.)
vf_sandbox_flag() {
	local n
	n=$(nm "$SNT_BIN/sinetti-gateway" 2>/dev/null |
	    grep -c '__asan_init\|__ubsan_handle\|__tsan_init')
	if [ -n "${SNT_VALGRIND_CMD:-}" ] || [ "${SNT_TSAN:-0}" = 1 ] ||
	    [ "${n:-0}" != 0 ]; then
		echo --no-sandbox
	fi
}

# vf_setup [SECTION|KEY = VALUE ...]: keyring, team key, gateway state,
# then the given lines appended to gateway.conf.
vf_setup() {
	local l
	printf '%s\n' "$VF_PASS" >"$T_TMP/pp"
	"$SNT_BIN/sinetti-keys" --passphrase-fd 3 init --keyring "$T_TMP/keyring" \
	    --officer tester --public-out "$T_TMP/team.pub" --kdf-memory 64 \
	    3<"$T_TMP/pp" >/dev/null || return 1
	"$SNT_BIN/sinetti-gateway" init --state "$VF_STATE" \
	    --team-public "$T_TMP/team.pub" >/dev/null || return 1
	for l in "$@"; do
		printf '[%s]\n%s\n' "${l%%|*}" "${l#*|}" >>"$VF_STATE/gateway.conf"
	done
}

# vf_start [ADDR:PORT]: serve (default 127.0.0.1:0); sets VF_PID, VF_PORT.
# stderr is appended to $VF_ERR, so restarts keep the whole log.
vf_start() {
	local at=${1:-127.0.0.1:0} i mark
	touch "$VF_ERR"
	mark=$(wc -l <"$VF_ERR")
	# Not through snt(): a backgrounded shell function is a subshell, and
	# $! would be the subshell, not the gateway (signals would miss it).
	${SNT_VALGRIND_CMD:-} "$SNT_BIN/sinetti-gateway" serve --state "$VF_STATE" \
	    --listen "$at" $(vf_sandbox_flag) >>"$VF_OUT" 2>>"$VF_ERR" &
	VF_PID=$!
	local tries=400	# 20 s; 60 s under valgrind
	[ -n "${SNT_VALGRIND_CMD:-}" ] && tries=1200
	for i in $(seq 1 $tries); do
		VF_PORT=$(tail -n +"$((mark + 1))" "$VF_ERR" |
		    sed -n 's/.*serving https:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p')
		[ -n "$VF_PORT" ] && return 0
		kill -0 "$VF_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "gateway did not start:"; tail -n 5 "$VF_ERR"
	return 1
}

vf_stop() {	# SIGTERM, wait; returns serve's exit code (on failure, shows
	local rc	# the end of its stderr: a sanitizer's or valgrind's report)
	kill -TERM "$VF_PID" 2>/dev/null
	wait "$VF_PID"; rc=$?
	[ "$rc" = 0 ] || { echo "gateway exit $rc; its stderr ends:"; tail -n 80 "$VF_ERR"; }
	return $rc
}

vf_kill9() {
	kill -KILL "$VF_PID" 2>/dev/null
	wait "$VF_PID" 2>/dev/null
	return 0
}

t_cleanup_hooks+=('[ -n "$VF_PID" ] && kill -KILL "$VF_PID" 2>/dev/null')

vf_curl() {
	curl -sS --max-time 30 --cacert "$VF_STATE/tls-cert.pem" "$@"
}
vf_url() { echo "https://localhost:$VF_PORT$1"; }

# vf_submit [CURL-ARGS...]: one valid submission; prints the HTTP status
# and the receipt (if the page had one) on one line.
vf_submit() {
	# Callers read the line through a process substitution, which runs
	# on while they go on: so a page file of its own, and every file
	# operation before the echo.
	local page code rc
	page=$(mktemp "$T_TMP/page.XXXXXX")
	code=$(vf_curl -o "$page" -w '%{http_code}' "$@" \
	    --data-urlencode kind=concern --data-urlencode unit=kotihoito \
	    --data-urlencode role=relative \
	    --data-urlencode "message=${VF_MESSAGE:-Something happened.}" \
	    --data-urlencode confirm=yes "$(vf_url /fi/form)" 2>/dev/null)
	rc=$(vf_receipt "$page")
	mv -f "$page" "$T_TMP/last.html"
	echo "$code $rc"
}

vf_receipt() {	# FILE: the receipt code in a confirmation page, or nothing
	sed -n 's/.*<code id="receipt">\([^<]*\)<\/code>.*/\1/p' "$1" 2>/dev/null
}

# vf_open BUNDLE: opens every envelope (reviewer's view); output of vtool open.
vf_open() {
	"$VF_TOOL" open "$T_TMP/keyring" tester "$VF_STATE/gateway-signing.pub" \
	    "$1" <"$T_TMP/pp"
}

vf_export() {	# FILE: export the vault (works while serve runs)
	"$SNT_BIN/sinetti-gateway" export --state "$VF_STATE" --out "$1" >/dev/null
}

# vf_instrumented: true for sanitizer and valgrind runs, where RSS figures
# mean nothing (shadow memory, quarantine).
vf_instrumented() { [ -n "$(vf_sandbox_flag)" ]; }

# vf_rss_check NAME BEFORE AFTER LIMIT-KIB: the growth stays under LIMIT.
vf_rss_check() {
	if vf_instrumented; then
		echo "SKIP: $1 (RSS under a sanitizer or valgrind)"
	else
		check "$1 ($2 -> $3 KiB)" [ "$(($3 - $2))" -lt "$4" ]
	fi
}

# vf_rss PID: resident set size in KiB.
vf_rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# vf_lost RECEIPTS OPENED: prints how many receipts' reply keys are not
# among the opened records.
vf_lost() {
	local r=$1 o=$2
	[ -s "$r" ] || { echo 0; return; }
	xargs "$VF_TOOL" receipt-pk <"$r" | sort -u >"$r.pk"
	awk '{print $1}' "$o" | grep -E '^[0-9a-f]{64}$' | sort -u >"$o.pk"
	comm -23 "$r.pk" "$o.pk" | wc -l
}

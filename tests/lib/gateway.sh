# gateway.sh — helpers for the gateway program tests (tests/prog/gateway_*.sh).
# Source it after prog.sh. Every test gets its own state directory and a
# real `sinetti-gateway serve` on a free loopback port with real TLS.

GW_STATE=$T_TMP/state
GW_PID=
GW_PORT=
GW_ERR=$T_TMP/serve.err
GW_OUT=$T_TMP/serve.out

# The sandbox (privilege drop + seccomp) stays on, except for builds and
# runs that cannot live under it: sanitizers and valgrind.
gw_sandbox_flag() {
	# (grep on the binary itself: nm | grep -q would fail under pipefail)
	if [ -n "${SNT_VALGRIND_CMD:-}" ] ||
	    grep -aq '__asan_init\|__ubsan_handle' "$SNT_BIN/sinetti-gateway"; then
		echo --no-sandbox
	fi
}

# gw_team: a demo team public key file at $T_TMP/team.pub (sinetti-keys).
gw_team() {
	printf 'test passphrase %s\n' "$$" >"$T_TMP/pp"
	"$SNT_BIN/sinetti-keys" --passphrase-fd 3 init --keyring "$T_TMP/keyring" \
	    --officer tester --public-out "$T_TMP/team.pub" --kdf-memory 64 \
	    3<"$T_TMP/pp" >/dev/null
}

# gw_init [CONFIG-LINES...]: team key, init, then the given lines appended
# to gateway.conf (each "section|key = value").
gw_init() {
	local l sec kv
	gw_team || return 1
	snt sinetti-gateway init --state "$GW_STATE" --team-public "$T_TMP/team.pub" \
	    >/dev/null || return 1
	for l in "$@"; do
		sec=${l%%|*}; kv=${l#*|}
		# append under its section: a later duplicate section header is fine
		printf '[%s]\n%s\n' "$sec" "$kv" >>"$GW_STATE/gateway.conf"
	done
}

# gw_start: serve on 127.0.0.1, a free port; sets GW_PID and GW_PORT.
gw_start() {
	local i
	: >"$GW_ERR"
	# Not through snt(): a backgrounded function would be a subshell, and
	# $! must be the gateway itself.
	${SNT_VALGRIND_CMD:-} "$SNT_BIN/sinetti-gateway" serve --state "$GW_STATE" \
	    --listen 127.0.0.1:0 $(gw_sandbox_flag) >"$GW_OUT" 2>"$GW_ERR" &
	GW_PID=$!
	t_cleanup_hooks+=("kill $GW_PID 2>/dev/null; wait $GW_PID 2>/dev/null")
	# up to 10 s, 60 s under valgrind
	local tries=200
	[ -n "${SNT_VALGRIND_CMD:-}" ] && tries=1200
	for i in $(seq 1 $tries); do
		GW_PORT=$(sed -n 's/.*serving https:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$GW_ERR")
		[ -n "$GW_PORT" ] && return 0
		kill -0 "$GW_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "gateway did not start:"; cat "$GW_ERR"
	return 1
}

# gw_stop: SIGTERM and wait; returns serve's exit code.
gw_stop() {
	kill -TERM "$GW_PID" 2>/dev/null
	wait "$GW_PID"
}

GW_URL() { echo "https://localhost:$GW_PORT$1"; }

# gw_curl ARGS...: curl trusting the state's certificate.
gw_curl() {
	curl -sS --max-time 20 --cacert "$GW_STATE/tls-cert.pem" "$@"
}

# gw_status URL-PATH ARGS...: prints the HTTP status only.
gw_status() {
	local p=$1; shift
	gw_curl -o /dev/null -w '%{http_code}' "$@" "$(GW_URL "$p")"
}

# gw_submit LANG [FIELD=VALUE...]: posts a complete valid form (confirm=yes)
# with the given fields added or overriding the defaults (FIELD= with an
# empty value leaves the field out); the page goes to stdout. Extra curl
# options may follow a "--".
gw_submit() {
	local lang=$1 f k; shift
	local -A v=([kind]=concern [unit]=kotihoito [role]=relative
	    [message]="Something happened on Tuesday." [confirm]=yes)
	local order=(kind unit role message confirm) args=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		k=${1%%=*}
		[ -n "${v[$k]+x}" ] || order+=("$k")
		v[$k]=${1#*=}
		shift
	done
	[ "${1:-}" = -- ] && shift
	for f in "${order[@]}"; do
		[ -n "${v[$f]}" ] && args+=(--data-urlencode "$f=${v[$f]}")
	done
	gw_curl "$@" "${args[@]}" "$(GW_URL "/$lang/form")"
}

# gw_receipt FILE: the receipt code in a confirmation page, or nothing.
gw_receipt() {
	sed -n 's/.*<code id="receipt">\([^<]*\)<\/code>.*/\1/p' "$1"
}

# gw_vault_count: envelopes not yet acknowledged (via export).
gw_vault_count() {
	snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/count.bundle" |
	    sed -n 's/^exported \([0-9]*\) envelope.*/\1/p'
}

# to FILE CMD...: runs CMD with its stdout and stderr in FILE, so a check's
# own PASS/FAIL line is not redirected with them.
to() { local f=$1; shift; "$@" >"$f" 2>&1; }

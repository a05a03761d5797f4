# prog.sh — helpers for program tests (tests/prog/*.sh). Source it.
# Each check prints "PASS: name" or "FAIL: name"; tests/run counts them.
set -uo pipefail
: "${SNT_BIN:?SNT_BIN must point at the built programs}"
: "${SNT_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
T_FAILS=0
T_TMP=$(mktemp -d /tmp/sinetti-test.XXXXXX)
chmod 700 "$T_TMP"
t_cleanup_hooks=()
t_cleanup() {
	local h
	for h in "${t_cleanup_hooks[@]}"; do eval "$h" || true; done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
# Runs a Sinetti program, under valgrind when SNT_VALGRIND_CMD is set.
snt() {
	local prog=$1; shift
	${SNT_VALGRIND_CMD:-} "$SNT_BIN/$prog" "$@"
}
pass() { printf 'PASS: %s\n' "$1"; }
fail() { printf 'FAIL: %s\n' "$1"; T_FAILS=$((T_FAILS + 1)); }
# check NAME COMMAND...: passes when the command exits 0
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n"; fi; }
# check_exit NAME CODE COMMAND...: passes when the command exits CODE
check_exit() {
	local n=$1 want=$2 rc; shift 2
	"$@"; rc=$?
	if [ "$rc" -eq "$want" ]; then pass "$n"; else fail "$n (exit $rc, want $want)"; fi
}
t_done() { [ "$T_FAILS" -eq 0 ]; exit $?; }
# flip_byte FILE OFFSET: inverts every bit of one byte in place. (Writing a
# constant instead would leave the file unchanged whenever that byte already
# had the value, and the "tampered" check would silently pass the original.)
flip_byte() {
	local f=$1 off=$2 b
	b=$(od -An -tu1 -j "$off" -N1 "$f" | tr -d ' ')
	[ -n "$b" ] || return 1
	printf "\\x$(printf %02x $((b ^ 0xff)))" |
	    dd of="$f" bs=1 seek="$off" conv=notrunc status=none
}

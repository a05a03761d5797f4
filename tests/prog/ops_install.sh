#!/usr/bin/env bash
# ops_install.sh — make install into a temporary DESTDIR puts every file
# where an operator expects it, with the right modes and paths; make
# uninstall takes exactly those files away again.
. "$(dirname "$0")/../lib/prog.sh"
: "${SNT_BUILD:=$SNT_ROOT/build}"

root=$T_TMP/root
# -o all: use the programs the test run already built, never rebuild here.
mk() {
	make -s --no-print-directory -C "$SNT_ROOT" -o all \
	    BIN="$SNT_BIN" BUILD="$SNT_BUILD" DESTDIR="$root" "$@"
}

check_exit "install into DESTDIR" 0 mk install PREFIX=/usr/local
p=$root/usr/local
for prog in sinetti-keys sinetti-gateway sinetti-review; do
	[ -x "$SNT_BIN/$prog" ] || continue
	check "$prog installed 0755" test "$(stat -c %a "$p/bin/$prog")" = 755
	check "$prog --version runs from bin" bash -c "'$p/bin/$prog' --version >/dev/null"
done
unit=$p/lib/systemd/system/sinetti-gateway.service
check "unit installed 0644" test "$(stat -c %a "$unit")" = 644
check "unit runs the installed gateway" \
    grep -q '^ExecStart=/usr/local/bin/sinetti-gateway serve ' "$unit"
check "example gateway.conf under etc" test -f "$p/etc/sinetti/gateway.conf.example"
check "operations guide installed" test -f "$p/share/doc/sinetti/operations.md"
for m in "$SNT_ROOT"/man/*.[158]; do
	[ -f "$m" ] || continue
	sec=${m##*.}
	name=$(basename "$m")
	check "man page $name in man$sec" test -f "$p/share/man/man$sec/$name"
	# groff -ww: every warning; -z: no output. A clean page prints nothing.
	out=$(groff -man -Tutf8 -ww -z "$m" 2>&1)
	check "man page $name renders without warnings" test -z "$out"
done
n_man=$(ls "$SNT_ROOT"/man/*.[158] 2>/dev/null | wc -l)
check "man pages for the programs and gateway.conf(5)" test "$n_man" -ge 4

# The unit as installed passes systemd's own checks (binary present).
if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/local/bin/|$p/bin/|g" "$unit" >"$T_TMP/sinetti-gateway.service"
	out=$(MANPATH="$p/share/man" systemd-analyze verify \
	    "$T_TMP/sinetti-gateway.service" 2>&1)
	check "systemd-analyze verify: clean" test -z "$out"
	[ -z "$out" ] || printf '%s\n' "$out"
	score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	check "systemd-analyze security exposure at most 2.0 (got $score)" \
	    awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'
fi

# Another PREFIX moves ExecStart with it.
check_exit "install with PREFIX=/opt/sinetti" 0 mk install PREFIX=/opt/sinetti
check "unit follows PREFIX" grep -q '^ExecStart=/opt/sinetti/bin/sinetti-gateway ' \
    "$root/opt/sinetti/lib/systemd/system/sinetti-gateway.service"
check_exit "uninstall PREFIX=/opt/sinetti" 0 mk uninstall PREFIX=/opt/sinetti

# Something of the operator's own next to ours must survive uninstall.
echo mine >"$p/bin/operator-tool"
check_exit "uninstall" 0 mk uninstall PREFIX=/usr/local
left=$(find "$root" -type f ! -name operator-tool)
check "uninstall leaves no file behind" test -z "$left"
[ -z "$left" ] || printf 'left: %s\n' $left
check "uninstall keeps the operator's own files" test -f "$p/bin/operator-tool"
check "uninstall removes sinetti's own directories" \
    test ! -e "$p/share/doc/sinetti" -a ! -e "$p/etc/sinetti"
t_done

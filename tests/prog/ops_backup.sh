#!/usr/bin/env bash
# ops_backup.sh — `sinetti-gateway backup` while the gateway serves: the
# copy opens as a vault, holds what was stored, and a failed or refused
# backup never leaves something that looks like one.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

gw_init "server|metrics_listen = off" || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
for i in 1 2 3; do
	gw_submit en "message=backup test $i" >"$T_TMP/s$i.html"
done
check "three confirmations" test "$(cat "$T_TMP"/s?.html | grep -c 'id="receipt"')" -eq 3

# Hot: taken while serving, with more submissions arriving meanwhile.
( for i in 4 5 6 7; do gw_submit en "message=during backup $i" >/dev/null; done ) &
writer=$!
to "$T_TMP/b.out" snt sinetti-gateway backup --state "$GW_STATE" --out "$T_TMP/b1"
rc=$?
wait "$writer"
check "backup while serving: exit 0" test "$rc" -eq 0
n=$(sed -n 's/^backup: \([0-9]*\) envelopes\{0,1\} copied to .*/\1/p' "$T_TMP/b.out")
check "backup says how many envelopes it copied ($n)" test -n "$n"
check "the copy holds at least what was confirmed before it" test "${n:-0}" -ge 3 -a "${n:-0}" -le 7
check "backup directory 0700" test "$(stat -c %a "$T_TMP/b1")" = 700
check "backup data file 0600" test "$(stat -c %a "$T_TMP/b1/data.mdb")" = 600
check "backup holds no lock file or anything else" test "$(ls "$T_TMP/b1")" = data.mdb

# The copy opens: put it in place of a fresh state's vault and ask check.
snt sinetti-gateway init --state "$T_TMP/restore" --team-public "$T_TMP/team.pub" >/dev/null
rm -rf "$T_TMP/restore/vault"
cp -a "$T_TMP/b1" "$T_TMP/restore/vault"
to "$T_TMP/chk" snt sinetti-gateway check --state "$T_TMP/restore"
check "restored vault passes check with the same count" \
    grep -Eq "^ok +vault +$n envelopes" "$T_TMP/chk"
[ $? -eq 0 ] || cat "$T_TMP/chk"
to "$T_TMP/exp" snt sinetti-gateway export --state "$T_TMP/restore" --out "$T_TMP/restore.bundle"
check "restored vault exports the same count" grep -q "^exported $n envelope" "$T_TMP/exp"

# Refusals: an existing target, a missing vault, usage.
check_exit "existing target refused" 1 to "$T_TMP/e1" snt sinetti-gateway backup --state "$GW_STATE" --out "$T_TMP/b1"
check "existing target: one line" test "$(wc -l <"$T_TMP/e1")" -eq 1
check "existing target untouched" test "$(ls "$T_TMP/b1")" = data.mdb
check_exit "no vault refused" 1 to "$T_TMP/e2" snt sinetti-gateway backup --state "$T_TMP/nothing" --out "$T_TMP/b2"
check "no vault: nothing left behind" test ! -e "$T_TMP/b2"
check_exit "missing --out: usage error" 2 to "$T_TMP/e3" snt sinetti-gateway backup --state "$GW_STATE"
check "backup in --help" bash -c "'$SNT_BIN/sinetti-gateway' --help | grep -q '^  backup  *--state DIR --out DIR'"
check "no submitted text in the backup's output" bash -c "! grep -q 'backup test' '$T_TMP/b.out'"
check_exit "SIGTERM: clean exit" 0 gw_stop
t_done

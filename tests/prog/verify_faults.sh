#!/usr/bin/env bash
# verify_faults.sh — the gateway under faults:
#  - started without a readable certificate, vault or team key (missing or
#    damaged) it refuses to start: exit 1 and one line on stderr;
#  - map full (vault_max_mb = 1): 503, never a confirmation, the form is
#    still served; after export, the reviewer's ack and acknowledge --purge
#    submissions are accepted again;
#  - disk full (the vault on a 4 MiB tmpfs, filled up): the same; after
#    space is freed submissions are accepted again. SKIP when mount is not
#    permitted.
# Every confirmation given is in the vault at the end.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"
vf_need_tool

# ---- refusing to start
vf_setup "limits|submissions_per_minute = 1000000" \
    "limits|vault_initial_mb = 1" "limits|vault_max_mb = 1" ||
    { fail "setup"; t_done; }
refuses() {	# NAME: serve must exit 1 with one line on stderr
	local err=$T_TMP/refuse.err rc n
	${SNT_VALGRIND_CMD:-} "$SNT_BIN/sinetti-gateway" serve --state "$VF_STATE" \
	    --listen 127.0.0.1:0 $(vf_sandbox_flag) >/dev/null 2>"$err" &
	local pid=$!
	( sleep 20; kill -KILL $pid 2>/dev/null ) & local wd=$!
	wait $pid; rc=$?
	kill $wd 2>/dev/null; wait $wd 2>/dev/null
	n=$(grep -vc -- '--no-sandbox' "$err")
	echo "  $1: exit $rc: $(grep -v -- '--no-sandbox' "$err" | head -n 2)"
	check "refuses to start: $1 (exit $rc, $n line)" [ "$rc" = 1 ] && [ "$n" = 1 ]
}
S=$VF_STATE
mv "$S/tls-cert.pem" "$S/cert.save"; refuses "certificate missing"
echo garbage >"$S/tls-cert.pem"; refuses "certificate not PEM"
mv "$S/cert.save" "$S/tls-cert.pem"
mv "$S/tls-key.pem" "$S/key.save"; refuses "TLS key missing"; mv "$S/key.save" "$S/tls-key.pem"
mv "$S/vault" "$S/vault.save"; refuses "vault missing"
mkdir -m 700 "$S/vault"; head -c 8192 /dev/urandom >"$S/vault/data.mdb"; refuses "vault damaged"
rm -rf "$S/vault"; mv "$S/vault.save" "$S/vault"
mv "$S/team.pub" "$S/team.save"; refuses "team key missing"
sed 's/^\(team-key: \)./\1A/; s/^\(key: \)./\1A/' "$S/team.save" >"$S/team.pub"
cmp -s "$S/team.pub" "$S/team.save" && head -c 40 "$S/team.save" >"$S/team.pub"
refuses "team key damaged"
mv "$S/team.save" "$S/team.pub"

# ---- full: fill until refused, check the refusals, free, submit again
long=$(head -c 9000 /dev/zero | tr '\0' 'x')
rcpt=$T_TMP/receipts; : >"$rcpt"
fill() {	# NAME: submit until a refusal; prints nothing, sets $first
	local i st rc
	first=
	for i in $(seq 1 400); do
		read -r st rc < <(VF_MESSAGE="$long" vf_submit)
		if [ "$st" = 200 ] && [ -n "$rc" ]; then echo "$rc" >>"$rcpt"; continue; fi
		first=$st; break
	done
	echo "  $1: $i submissions, then $first:" \
	    "$(sed -n 's/.*<title>\([^<]*\)<.*/\1/p' "$T_TMP/last.html" | head -n 1)"
}
refused_while_full() {	# NAME
	local i st rc bad=0
	check "$1: refusal is 503 (got $first)" [ "$first" = 503 ]
	for i in 1 2 3; do
		read -r st rc < <(VF_MESSAGE="$long" vf_submit)
		[ "$st" = 503 ] && [ -z "$rc" ] || bad=$((bad + 1))
	done
	check "$1: later submissions get 503 and no receipt" [ "$bad" = 0 ]
	check "$1: the form is still served" \
	    [ "$(vf_curl -o /dev/null -w '%{http_code}' "$(vf_url /fi/)")" = 200 ]
}
accepted_again() {	# NAME
	local st rc
	read -r st rc < <(vf_submit)
	[ -n "$rc" ] && echo "$rc" >>"$rcpt"
	check "$1: accepted again after space was freed ($st)" [ "$st" = 200 ] && [ -n "$rc" ]
}

vf_start || { fail "gateway starts"; t_done; }
fill "map full"
refused_while_full "map full"
vf_export "$T_TMP/full.bundle" || fail "export of a full vault"
vf_open "$T_TMP/full.bundle" >"$T_TMP/opened.map"
check "map full: no confirmation lost ($(vf_lost "$rcpt" "$T_TMP/opened.map") lost)" \
    [ "$(vf_lost "$rcpt" "$T_TMP/opened.map")" = 0 ]
"$VF_TOOL" ack "$T_TMP/keyring" tester "$S/gateway-signing.pub" "$T_TMP/full.bundle" \
    "$T_TMP/full.ack" <"$T_TMP/pp" >/dev/null || fail "ack"
check "acknowledge --purge while serving" "$SNT_BIN/sinetti-gateway" acknowledge \
    --state "$S" --ack "$T_TMP/full.ack" --purge
accepted_again "map full"
vf_stop

# ---- disk full
mnt=$S/vault
if [ "$(id -u)" != 0 ] || ! mkdir -p "$T_TMP/probe" ||
    ! mount -t tmpfs -o size=64k tmpfs "$T_TMP/probe" 2>/dev/null; then
	echo "SKIP: disk full: mounting a tmpfs is not permitted here"
	t_done
fi
umount "$T_TMP/probe"
mv "$mnt" "$S/vault.disk"
mkdir -m 700 "$mnt"
mount -t tmpfs -o size=4m,mode=0700 tmpfs "$mnt" || { fail "mount tmpfs"; t_done; }
t_cleanup_hooks+=("umount '$mnt' 2>/dev/null")
cp -a "$S/vault.disk/." "$mnt/"
sed -i 's/^vault_max_mb = 1$/vault_max_mb = 64/' "$S/gateway.conf"
vf_start || { fail "gateway starts on the tmpfs vault"; t_done; }
# leave about 1 MiB: a filler file takes the rest
avail=$(df -k --output=avail "$mnt" | tail -n 1)
head -c $(((avail - 1024) * 1024)) /dev/zero >"$mnt/filler" 2>/dev/null
fill "disk full"
refused_while_full "disk full"
check "disk full: an operator-visible line on stderr" grep -qi 'space\|full' "$VF_ERR"
# A full disk is not a broken disk: the gateway should keep running and
# serving the form (a supervisor restart loop while the disk stays full
# would take the form offline). LMDB reports a short write as EIO, which
# the store treats as a failed fsync (panic) unless it tells them apart.
sleep 2
alive=0; kill -0 "$VF_PID" 2>/dev/null && alive=1
check "disk full: the gateway keeps running" [ "$alive" = 1 ]
check "disk full: the form is still served 2 s later" \
    [ "$(vf_curl -o /dev/null -w '%{http_code}' "$(vf_url /fi/)" 2>/dev/null)" = 200 ]
rm -f "$mnt/filler"
if [ "$alive" = 0 ]; then	# as systemd's Restart=on-failure would
	wait "$VF_PID"; echo "  disk full: gateway exited with $?; restarted"
	vf_start "127.0.0.1:$VF_PORT" >/dev/null || fail "restart after disk full"
fi
accepted_again "disk full"
vf_export "$T_TMP/end.bundle" || fail "export"
vf_open "$T_TMP/end.bundle" >"$T_TMP/opened.end"
cat "$T_TMP/opened.map" "$T_TMP/opened.end" >"$T_TMP/opened.all"
check "every confirmed submission is in the vault ($(grep -c . "$rcpt") checked)" \
    [ "$(vf_lost "$rcpt" "$T_TMP/opened.all")" = 0 ]
vf_stop
echo "gateway log:"; sed 's/^/  /' "$VF_ERR"
t_done

#!/usr/bin/env bash
# keys_rotation_ack.sh — remove-officer replaces the reviewer signing key.
# alice and bob run the team; bob keeps a copy of the keyring and is
# removed; the new team.pub is installed on a serving gateway the
# documented way (docs/operations.md section 9). An acknowledgement signed
# with bob's old copy — for envelopes nobody imported — is refused by
# `sinetti-gateway acknowledge` and changes nothing; alice's works.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

for p in sinetti-gateway sinetti-review; do
	if [ ! -x "$SNT_BIN/$p" ]; then
		echo "SKIP: $p not built"; pass "skipped"; t_done
	fi
done
cd "$T_TMP" || exit 1
PA=alice-pass-1 PB=bob-pass-22
export LC_ALL=C.UTF-8
unset SINETTI_LANG SINETTI_STORE SINETTI_OFFICER
K=(snt sinetti-keys)
q() { "$@" >/dev/null 2>&1; }
as() { local who=$1 pw=$2 st=$3; shift 3; printf '%s\n' "$pw" |
	snt sinetti-review --lang en --store "$st" --officer "$who" \
	--passphrase-fd 0 "$@"; }
lines() { grep -c "$1" "$GW_ERR"; }
more_lines() { [ "$(lines "$1")" -gt "$2" ]; }
wait_for() { local i; for i in $(seq 1 400); do "$@" && return 0; sleep 0.05; done; return 1; }
signkey() { sed -n 's/^review-signing-key: //p' "$1"; }
acked() { snt sinetti-gateway acknowledge --state "$1" --ack "$2"; }

printf '%s\n' "$PA" | q "${K[@]}" --passphrase-fd 0 init --keyring team.keyring \
	--officer alice --public-out team1.pub --kdf-memory 64
printf '%s\n%s\n' "$PA" "$PB" >pw
q "${K[@]}" --passphrase-fd 3 add-officer --keyring team.keyring --as alice \
	--officer bob 3<pw
cp team.keyring bob-copy.keyring	# bob keeps a copy from before
q snt sinetti-gateway init --state "$GW_STATE" --team-public team1.pub
gw_start || { fail "serve starts"; t_done; }
for i in 1 2 3; do gw_submit fi "message=Ennen poistoa $i" >s.html; done
check "3 envelopes waiting" test "$(gw_vault_count)" -eq 3

# --- bob is removed: a new epoch and a new reviewer signing key
printf '%s\n' "$PA" | q "${K[@]}" --passphrase-fd 0 remove-officer \
	--keyring team.keyring --as alice --officer bob --public-out team2.pub
check "epoch 2" grep -qx 'epoch: 2' team2.pub
check "team.pub names a new reviewer signing key" \
	test -n "$(signkey team2.pub)" -a "$(signkey team1.pub)" != "$(signkey team2.pub)"
check "the keyring file still verifies (list)" q "${K[@]}" list --keyring team.keyring

# A copy of the gateway as it is before the new team.pub is installed: the
# control that bob's ack is well formed and only its key is wrong.
cp -a "$GW_STATE" before
sed -i "s|$GW_STATE|$T_TMP/before|g" before/gateway.conf

# Install the new team.pub as docs/operations.md section 9 says.
own=$(stat -c %u:%g "$GW_STATE")
cp team2.pub "$GW_STATE/team.pub.new"
chmod 600 "$GW_STATE/team.pub.new"
[ "$(id -u)" -ne 0 ] || chown "$own" "$GW_STATE/team.pub.new"
mv -f "$GW_STATE/team.pub.new" "$GW_STATE/team.pub"
n=$(lines 'reloaded:')
kill -HUP "$GW_PID"
check "new team.pub: reloaded" wait_for more_lines 'reloaded:' "$n"
check "log names epoch 2" grep -q 'team key epoch 2 (new)' "$GW_ERR"
gw_submit en "message=after removal" >r.html
check "submission after the removal confirmed" test -n "$(gw_receipt r.html)"

q snt sinetti-gateway export --state "$GW_STATE" --out b1.bundle

# bob, with his old keyring copy, imports nothing anybody else has seen and
# writes an ack for the epoch-1 envelopes he can still open.
q snt sinetti-review init --store bobst --keyring bob-copy.keyring \
	--gateway-key "$GW_STATE/gateway-signing.pub"
as bob "$PB" bobst import b1.bundle --ack-out ack-bob >/dev/null 2>&1
check "bob wrote an ack with his old copy" test -s ack-bob
check_exit "control: the old team.pub accepts bob's ack" 0 q acked before ack-bob

check_exit "bob's ack is refused" 1 to o acked "$GW_STATE" ack-bob
check "refusal says it is not a valid acknowledgement" \
	grep -q 'is not a valid acknowledgement for this gateway' o
check "nothing acknowledged: 4 still waiting" test "$(gw_vault_count)" -eq 4
check_exit "bob's ack with --purge is refused too" 1 q \
	snt sinetti-gateway acknowledge --state "$GW_STATE" --ack ack-bob --purge
check "nothing purged: 4 still waiting" test "$(gw_vault_count)" -eq 4

# alice, with the current keyring, imports and acknowledges.
q snt sinetti-review init --store st --keyring team.keyring \
	--gateway-key "$GW_STATE/gateway-signing.pub"
check_exit "alice imports all 4" 0 q as alice "$PA" st import b1.bundle --ack-out ack-alice
check_exit "alice's ack is accepted" 0 to o \
	snt sinetti-gateway acknowledge --state "$GW_STATE" --ack ack-alice --purge
check "4 acknowledged and purged" grep -q '^acknowledged 4 envelopes, purged 4' o
check "none waiting" test "$(gw_vault_count)" -eq 0
check_exit "still serving" 0 kill -0 "$GW_PID"
t_done

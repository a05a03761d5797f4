#!/usr/bin/env bash
# review_rotation.sh — key rotation and the reviewer: an officer removed by
# `sinetti-keys remove-officer` cannot open envelopes sealed after the
# rotation, not with the current keyring, not with a copy of the old one,
# not even with a copy of the store made after the rotation (the first
# unlock after a rotation re-keys the store); the remaining officers and
# officers added later read everything.
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
TOOL=${SNT_BUILD:-$SNT_ROOT/build}/tests/test_review_tool
if [ ! -x "$TOOL" ]; then fail "helper $TOOL not built"; t_done; fi
PA=alice-pass-1 PB=bob-pass-22 PC=carol-pass-333
export LC_ALL=C.UTF-8
unset SINETTI_LANG SINETTI_STORE SINETTI_OFFICER
as() { local who=$1 pw=$2 st=$3; shift 3; printf '%s\n' "$pw" |
	snt sinetti-review --lang en --store "$st" --officer "$who" \
	--passphrase-fd 0 "$@"; }
q() { "$@" >/dev/null 2>&1; }
K=(snt sinetti-keys)

printf '%s\n' "$PA" | q "${K[@]}" --passphrase-fd 0 init --keyring team.keyring \
	--officer alice --public-out team1.pub --kdf-memory 64
printf '%s\n%s\n' "$PA" "$PB" >pw
q "${K[@]}" --passphrase-fd 3 add-officer --keyring team.keyring --as alice \
	--officer bob 3<pw
cp team.keyring bob-copy.keyring	# bob keeps a copy from before
q snt sinetti-gateway init --state gw --team-public team1.pub

ID1=$("$TOOL" seal --team-pub team1.pub --vault gw/vault --message 'Ennen kiertoa.')
q snt sinetti-gateway export --state gw --out b1.bundle
q snt sinetti-review init --store st --keyring team.keyring \
	--gateway-key gw/gateway-signing.pub
check "alice imports epoch 1" q as alice "$PA" st import b1.bundle --ack-out ack1
check "bob reads epoch 1 in alice's store" grep -q 'Ennen kiertoa' \
	<(as bob "$PB" st show "$(date +%Y)-0001")

# --- bob is removed: epoch 2
printf '%s\n' "$PA" | q "${K[@]}" --passphrase-fd 0 remove-officer \
	--keyring team.keyring --as alice --officer bob --public-out team2.pub
check "epoch 2" grep -qx 'epoch: 2' team2.pub
MSG2='Kierron jälkeen: salainen.'
ID2=$("$TOOL" seal --team-pub team2.pub --vault gw/vault --kind objection --message "$MSG2")
q snt sinetti-gateway export --state gw --out b2.bundle

# (ack1 is not applied yet, so b2 carries the old envelope and the new)
# alice reads it
out=$(as alice "$PA" st import b2.bundle --ack-out ack2); rc=$?
check "alice imports epoch 2" [ $rc -eq 0 ] && grep -q 'Imported 1 new cases; 1 were already held' <<<"$out"
check "alice reads epoch 2" [ "$(as alice "$PA" st show "$ID2" --format json | jq -r .message)" = "$MSG2" ]

# bob with the current keyring: cannot even unlock
check_exit "bob locked out of the current keyring" 1 q as bob "$PB" st list

# bob with his old keyring copy and his own store: nothing opens
q snt sinetti-review init --store bobst --keyring bob-copy.keyring \
	--gateway-key gw/gateway-signing.pub
out=$(as bob "$PB" bobst import b2.bundle --ack-out ack-bob 2>&1); rc=$?
check "bob's import fails" [ $rc -eq 1 ]
check "bob is told why" grep -q '1 envelopes are sealed to a key you do not hold' <<<"$out"
check "bob gets only the old one" grep -q 'Imported 1 new' <<<"$out"
check "bob's store has only the old case" [ "$(as bob "$PB" bobst list --format json | jq -r '.[].id')" = "$ID1" ]
check_exit "bob cannot show the new one" 1 q as bob "$PB" bobst show "$ID2"

# bob with a copy of alice's store pointed at his old keyring
cp -a st stolen
sed -i "s|^keyring = .*|keyring = $T_TMP/bob-copy.keyring|" stolen/review.conf
out=$(as bob "$PB" stolen show "$ID2" 2>&1); rc=$?
check "bob cannot open the new envelope from a store copy" [ $rc -eq 1 ]
# alice's first unlock after the rotation re-keyed the store to epoch 2
check "bob cannot even unlock a later copy of the store" grep -q 'not sealed to any team key you hold' <<<"$out"
check "the re-key is in the audit log" grep -q ' rekey ' <(as alice "$PA" st audit)
check "nothing of it shown" bash -c '! grep -q "salainen" <<<"$1"' _ "$out"
out=$(as bob "$PB" stolen export "$ID2" --format json --out bob.json 2>&1); rc=$?
check "bob cannot export it" [ $rc -eq 1 ] && [ ! -e bob.json ]

# carol, added after the rotation, reads old and new
printf '%s\n%s\n' "$PA" "$PC" >pw
q "${K[@]}" --passphrase-fd 3 add-officer --keyring team.keyring --as alice \
	--officer carol 3<pw
check "carol reads epoch 2" [ "$(as carol "$PC" st show "$ID2" --format json | jq -r .message)" = "$MSG2" ]
check "carol lists both" [ "$(as carol "$PC" st list --format json | jq length)" = 2 ]
check "audit names each officer" [ "$(as carol "$PC" st audit | grep -cE ' (alice|bob|carol) ')" -gt 3 ]
check "audit verifies" q as carol "$PC" st audit --verify
t_done

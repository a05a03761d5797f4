#!/usr/bin/env bash
# keys_cli.sh — every sinetti-keys command, round trip through the program.
# Argon2id at the floor (--kdf-memory 64) and passphrases from descriptors.
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
K=(snt sinetti-keys)
PA=alice-pass-1 PB=bob-pass-22 PC=carol-pass-333

mode() { stat -c %a "$1"; }
q() { "$@" >/dev/null; }	# quiet: the PASS/FAIL line stays visible

# --- help and version
check "help exits 0" q "${K[@]}" --help
for c in init add-officer remove-officer rotate passwd list fingerprint; do
	out=$("${K[@]}" "$c" --help); rc=$?
	if [ $rc -eq 0 ] && [[ "$out" == *"usage: sinetti-keys $c"* ]]; then
		pass "$c --help"; else fail "$c --help"; fi
done
out=$("${K[@]}" --version)
check "version" [ -n "$out" ]

# --- init (under a loose umask: the files are 0600 anyway)
out=$(umask 022; printf '%s\n' "$PA" | "${K[@]}" --passphrase-fd 0 init \
	--keyring team.keyring --officer alice --public-out team1.pub --kdf-memory 64)
check "init" [ $? -eq 0 ]
check "init prints a fingerprint" grep -Eq '^fingerprint: [0-9]{5}( [0-9]{5}){4}$' <<<"$out"
check "keyring is 0600" [ "$(mode team.keyring)" = 600 ]
check "public file is 0600" [ "$(mode team1.pub)" = 600 ]
check "public file header" grep -qx 'sinetti-team-public 1' team1.pub
check "public file epoch 1" grep -qx 'epoch: 1' team1.pub
fpr1=$(sed -n 's/^fingerprint: //p' <<<"$out")
out=$("${K[@]}" fingerprint team1.pub)
check "fingerprint matches init" [ "$(sed -n 's/^fingerprint: //p' <<<"$out")" = "$fpr1" ]
check "fingerprint line in file matches" grep -qx "fingerprint: $fpr1" team1.pub

# --- list: no passphrase, no secrets
out=$("${K[@]}" list --keyring team.keyring)
check "list exit" [ $? -eq 0 ]
check "list officers" grep -qx 'officers: alice' <<<"$out"
check "list kdf" grep -q 'argon2id t=3 m=64 MiB p=2' <<<"$out"
check "list shows the public file's fingerprint" grep -qx "current public key file fingerprint: $fpr1" <<<"$out"
kid1=$(sed -n 's/^key-id: //p' team1.pub)
check "list key id" grep -q "epoch 1: key-id $kid1 officers: alice (current)" <<<"$out"

# --- add-officer: alice's passphrase, then bob's (fd 3 this time)
printf '%s\n%s\n' "$PA" "$PB" >pw
check "add-officer bob" q "${K[@]}" --passphrase-fd 3 add-officer \
	--keyring team.keyring --as alice --officer bob 3<pw
printf '%s\n%s\n' "$PB" "$PC" >pw
check "bob adds carol" q "${K[@]}" add-officer --passphrase-fd 3 \
	--keyring team.keyring --as bob --officer carol 3<pw
check "still 0600 after rewrite" [ "$(mode team.keyring)" = 600 ]
out=$("${K[@]}" list --keyring team.keyring)
check "list shows three officers" grep -qx 'officers: alice bob carol' <<<"$out"

# --- rotate by carol: a new epoch for everyone
out=$(printf '%s\n' "$PC" | "${K[@]}" --passphrase-fd 0 rotate \
	--keyring team.keyring --as carol --public-out team2.pub)
check "rotate" [ $? -eq 0 ]
check "rotate prints a fingerprint" grep -Eq '^fingerprint: [0-9 ]{29}$' <<<"$out"
check "epoch 2 public file" grep -qx 'epoch: 2' team2.pub
fpr2=$(sed -n 's/^fingerprint: //p' <<<"$out")
check "new fingerprint" [ "$fpr2" != "$fpr1" ]
out=$("${K[@]}" list --keyring team.keyring)
check "old epoch still held" grep -q "epoch 1: key-id $kid1 officers: alice bob carol$" <<<"$out"
check "epoch 2 current" grep -q "epoch 2: .* officers: alice bob carol (current)" <<<"$out"
# rotating to an existing public file replaces it
check "rotate replaces its public file" sh -c \
	"printf '%s\n' '$PA' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring team.keyring --as alice --public-out team2.pub >/dev/null"
check "replaced file is epoch 3" grep -qx 'epoch: 3' team2.pub

# --- remove-officer bob (by alice): epoch 4, bob locked out
out=$(printf '%s\n' "$PA" | "${K[@]}" --passphrase-fd 0 remove-officer \
	--keyring team.keyring --as alice --officer bob --public-out team4.pub)
check "remove-officer" [ $? -eq 0 ]
check "remove-officer makes epoch 4" grep -qx 'epoch: 4' team4.pub
out=$("${K[@]}" list --keyring team.keyring)
check "bob gone" grep -qx 'officers: alice carol' <<<"$out"
check "old epochs stay for the others" grep -q "epoch 1: key-id $kid1 officers: alice carol$" <<<"$out"
check "bob in no epoch" bash -c '! grep -q bob <<<"$1"' _ "$out"
cp team.keyring before
out=$(printf '%s\n' "$PB" | "${K[@]}" --passphrase-fd 0 rotate \
	--keyring team.keyring --as bob --public-out x.pub 2>&1)
check "removed officer cannot unlock" grep -qx 'sinetti-keys: wrong officer name or passphrase' <<<"$out"
check "nothing changed" cmp -s before team.keyring

# --- passwd: old passphrase stops working
printf '%s\n%s\n' "$PC" "carol-new-pass" >pw
check "passwd" q "${K[@]}" --passphrase-fd 3 passwd --keyring team.keyring \
	--officer carol 3<pw
check_exit "old passphrase refused" 1 sh -c \
	"printf '%s\n' '$PC' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring team.keyring --as carol --public-out y.pub 2>/dev/null"
check "new passphrase works" sh -c \
	"printf '%s\n' carol-new-pass | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring team.keyring --as carol --public-out y.pub >/dev/null"
check "epoch 5" grep -qx 'epoch: 5' y.pub
check "no temporary files left" bash -c '! ls | grep -q tmp-'
t_done

#!/usr/bin/env bash
# keys_errors.sh — how sinetti-keys refuses: wrong passphrase, open
# permissions, parameters below the floor, existing files, the last officer,
# usage errors, and damaged or truncated keyrings and public files (every
# truncation length and a flip in every byte, through the real program).
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
K=(snt sinetti-keys)
PA=alice-pass-1

# run CMD...: sets $rc and $err (stderr), discards stdout
run() { err=$("$@" 2>&1 >/dev/null); rc=$?; }
# expect NAME 'CONDITION': a check whose condition is a whole shell expression
expect() { local n=$1; if eval "$2"; then pass "$n"; else fail "$n"; fi; }
one_line() { [ "$(printf '%s' "$err" | wc -l)" -eq 0 ] && [ -n "$err" ]; }

printf '%s\n' "$PA" | "${K[@]}" --passphrase-fd 0 init --keyring k \
	--officer alice --public-out k.pub --kdf-memory 64 >/dev/null
check "setup" [ -f k ]
cp k k.orig

# --- wrong passphrase: one generic line, exit 1, nothing written
run sh -c "printf 'not-her-pass\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring k --as alice --public-out r.pub"
check "wrong passphrase exit 1" [ $rc -eq 1 ]
check "wrong passphrase message" [ "$err" = "sinetti-keys: wrong officer name or passphrase" ]
msg_wrong=$err
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring k --as mallory --public-out r.pub"
expect "unknown officer: same message" '[ "$err" = "$msg_wrong" ] && [ $rc -eq 1 ]'
run sh -c "printf 'not-her-pass\nnew-pass-123\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 passwd --keyring k --officer alice"
expect "passwd wrong passphrase" '[ $rc -eq 1 ] && [ "$err" = "$msg_wrong" ]'
check "keyring unchanged" cmp -s k k.orig
check "no public file written" [ ! -e r.pub ]

# --- permissions
chmod 640 k
run "${K[@]}" list --keyring k
check "group-readable refused" [ $rc -eq 1 ]
check "permission message names file" grep -q "keyring k is readable by group or others" <<<"$err"
chmod 604 k
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring k --as alice --public-out r.pub"
expect "other-readable refused before unlock" '[ $rc -eq 1 ] && grep -q "readable by group or others" <<<"$err"'
chmod 600 k

# --- the Argon2id floor
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 init --keyring w --officer alice --public-out w.pub --kdf-memory 32"
expect "kdf-memory below floor refused" '[ $rc -eq 1 ] && grep -q "below the floor" <<<"$err"'
expect "nothing created" '[ ! -e w ] && [ ! -e w.pub ]'
# a keyring whose stored m_cost was lowered to 32 MiB (bytes 13..16)
cp k weak; printf '\x00\x00\x80\x00' | dd of=weak bs=1 seek=13 conv=notrunc 2>/dev/null
run "${K[@]}" list --keyring weak
expect "stored weak parameters refused" '[ $rc -eq 1 ] && grep -q "below the floor" <<<"$err"'

# --- existing files
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 init --keyring k --officer bob --public-out n.pub --kdf-memory 64"
expect "init refuses an existing keyring" '[ $rc -eq 1 ] && grep -q exists <<<"$err"'
check "existing keyring untouched" cmp -s k k.orig
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 init --keyring k2 --officer bob --public-out k.pub --kdf-memory 64"
expect "init refuses an existing public file" '[ $rc -eq 1 ] && [ ! -e k2 ]'

# --- last officer, self-removal, unknown officer
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 remove-officer --keyring k --as alice --officer alice"
expect "last officer cannot be removed" '[ $rc -eq 1 ] && grep -q "last officer" <<<"$err"'
run "${K[@]}" remove-officer --keyring k --as alice --officer nobody
check "unknown officer to remove" [ $rc -eq 1 ]
check "keyring still unchanged" cmp -s k k.orig

# --- passphrases
run sh -c "printf '' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring k --as alice --public-out r.pub"
expect "no passphrase on fd" '[ $rc -eq 1 ] && grep -q "no passphrase left" <<<"$err"'
run sh -c "printf 'short\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 init --keyring s --officer bob --public-out s.pub --kdf-memory 64"
expect "short new passphrase refused" '[ $rc -eq 1 ] && [ ! -e s ]'
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 add-officer --keyring k --as alice --officer 'bad name'"
check "invalid officer name is a usage error" [ $rc -eq 2 ]
run sh -c "printf '$PA\n' | setsid $SNT_BIN/sinetti-keys rotate --keyring k --as alice --public-out r.pub </dev/null"
expect "no terminal and no fd: explained" '[ $rc -eq 1 ] && grep -q "no terminal" <<<"$err"'

# --- usage errors: exit 2, one line
run "${K[@]}"; expect "no command" '[ $rc -eq 2 ] && one_line'
run "${K[@]}" frobnicate; expect "unknown command" '[ $rc -eq 2 ] && one_line'
run "${K[@]}" init --keyring x; expect "missing option" '[ $rc -eq 2 ] && one_line'
run "${K[@]}" list --keyring k --as alice; check "option not for this command" [ $rc -eq 2 ]
run "${K[@]}" list --keyring k --keyring k; check "repeated option" [ $rc -eq 2 ]
run "${K[@]}" --passphrase-fd 99 list --keyring k; check "closed passphrase fd" [ $rc -eq 2 ]
run "${K[@]}" --passphrase-fd x list --keyring k; check "bad passphrase fd" [ $rc -eq 2 ]
run "${K[@]}" fingerprint; check "fingerprint without file" [ $rc -eq 2 ]
run "${K[@]}" list --keyring missing; expect "missing keyring" '[ $rc -eq 1 ] && grep -q "keyring missing" <<<"$err"'

# --- damaged keyrings: every truncation and a flip in every byte
# (under valgrind every 17th position, or the run would take an hour)
step=1; [ -z "${SNT_VALGRIND_CMD:-}" ] || step=17
size=$(stat -c %s k)
bad=0 crash=0 unnamed=0
for ((n = 0; n < size; n += step)); do
	head -c "$n" k >t; chmod 600 t
	run "${K[@]}" list --keyring t
	[ $rc -eq 1 ] || bad=$((bad + 1))
	[ $rc -lt 128 ] || crash=$((crash + 1))
	[[ "$err" == *"keyring t "* ]] || unnamed=$((unnamed + 1))
done
expect "every truncation refused ($size lengths)" '[ $bad -eq 0 ] && [ $crash -eq 0 ]'
check "truncation messages name the file" [ $unnamed -eq 0 ]
bad=0 crash=0
for ((n = 0; n < size; n += step)); do
	cp k t
	b=$(od -An -tu1 -j "$n" -N1 k | tr -d ' ')
	printf "$(printf '\\%03o' $(( b ^ (1 << (n % 8)) )))" |
		dd of=t bs=1 seek="$n" conv=notrunc 2>/dev/null
	run "${K[@]}" list --keyring t
	[ $rc -eq 1 ] || bad=$((bad + 1))
	[ $rc -lt 128 ] || crash=$((crash + 1))
done
expect "a flip in every byte refused" '[ $bad -eq 0 ] && [ $crash -eq 0 ]'
# a damaged keyring is refused before any passphrase is asked
printf 'X' | dd of=t bs=1 seek=200 conv=notrunc 2>/dev/null
run sh -c "printf '$PA\n' | $SNT_BIN/sinetti-keys --passphrase-fd 0 rotate --keyring t --as alice --public-out r.pub"
expect "damaged keyring: clear refusal" '[ $rc -eq 1 ] && grep -q "keyring t is damaged" <<<"$err"'

# --- damaged public key files
size=$(stat -c %s k.pub)
bad=0
for ((n = 0; n < size; n += step)); do
	head -c "$n" k.pub >p
	run "${K[@]}" fingerprint p
	[ $rc -eq 1 ] || bad=$((bad + 1))
	cp k.pub p
	b=$(od -An -tu1 -j "$n" -N1 k.pub | tr -d ' ')
	printf "$(printf '\\%03o' $(( b ^ (1 << (n % 8)) )))" |
		dd of=p bs=1 seek="$n" conv=notrunc 2>/dev/null
	run "${K[@]}" fingerprint p
	[ $rc -eq 1 ] || bad=$((bad + 1))
done
check "public file: every truncation and a flip per byte refused" [ $bad -eq 0 ]
run "${K[@]}" fingerprint k
expect "a keyring is not a public file" '[ $rc -eq 1 ] && one_line'
t_done

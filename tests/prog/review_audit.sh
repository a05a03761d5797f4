#!/usr/bin/env bash
# review_audit.sh — the audit chain verifies, and any one-byte edit,
# removal, reordering or truncation of the store's audit data makes
# `sinetti-review audit --verify` fail. Edits go through mdb_dump/mdb_load
# (lmdb-utils) into a copy of the store, as an attacker with the laptop's
# disk would make them.
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
TOOL=${SNT_BUILD:-$SNT_ROOT/build}/tests/test_review_tool
if [ ! -x "$TOOL" ] || ! command -v mdb_dump >/dev/null; then
	fail "needs $TOOL and lmdb-utils"
	t_done
fi
PA=alice-pass-1
export LC_ALL=C.UTF-8
unset SINETTI_LANG SINETTI_STORE SINETTI_OFFICER
rvs() { local st=$1; shift; printf '%s\n' "$PA" | snt sinetti-review \
	--store "$st" --officer alice --passphrase-fd 0 "$@"; }
q() { "$@" >/dev/null 2>&1; }

printf '%s\n' "$PA" | q snt sinetti-keys --passphrase-fd 0 init \
	--keyring team.keyring --officer alice --public-out team.pub --kdf-memory 64
q snt sinetti-gateway init --state gw --team-public team.pub
"$TOOL" seal --team-pub team.pub --vault gw/vault --kind objection \
	--message 'Ensimmäinen.' --phone +358401111111 >/dev/null
"$TOOL" seal --team-pub team.pub --vault gw/vault --message 'Toinen.' >/dev/null
q snt sinetti-gateway export --state gw --out b.bundle
q snt sinetti-review init --store st --keyring team.keyring \
	--gateway-key gw/gateway-signing.pub
q rvs st import b.bundle --ack-out ack
q rvs st list
N=$(date +%Y)-0001
q rvs st show "$N"
q rvs st reveal-phone "$N"
q rvs st note "$N" 'Soitettu.'
q rvs st status "$N" answered
q rvs st export --format json --out e.json
check "audit verifies" q rvs st audit --verify
out=$(rvs st --lang en audit --verify)
check "audit count reported" grep -q 'Audit log intact: [0-9]* entries' <<<"$out"

mdb_dump -a st >full.dump
COUNT=$(awk '/^database=audit/{a=1} /^DATA=END/{a=0} a && /^ /{n++} END{print n/2}' full.dump)
check "dump has the entries" [ "$COUNT" -ge 15 ]
HEADKEY=$(printf 'audit-head' | od -An -tx1 | tr -d ' \n')

# edit DB KEYHEX MODE [POS] < dump > dump: flip one hex digit of the byte
# at POS of that record's value, or drop the record.
edit() {
	awk -v tdb="$1" -v tkey=" $2" -v mode="$3" -v pos="${4:-0}" '
	BEGIN { m = "0123456789abcdef"; n = "123456789abcdef0" }
	/^VERSION=/ { db = ""; data = 0 }
	/^database=/ { db = substr($0, 10) }
	/^HEADER=END/ { print; data = 1; iskey = 1; next }
	/^DATA=END/ { data = 0 }
	data && /^ / {
		if (iskey) { key = $0; iskey = 0; next }
		iskey = 1; val = $0
		if (db == tdb && key == tkey) {
			if (mode == "drop") next
			if (mode == "flip") {
				p = 2 * pos + 3; c = substr(val, p, 1)
				val = substr(val, 1, p - 1) substr(n, index(m, c), 1) substr(val, p + 1)
			}
			if (mode == "set") val = " " newval
		}
		print key; print val; next
	}
	{ print }'
}
# a fresh store from a dump: the same config and pinned key, new LMDB
restore() {
	rm -rf copy && mkdir -m 700 copy &&
	cp st/review.conf st/gateway-signing.pub copy/ &&
	mdb_load -f "$1" copy 2>/dev/null
}
val_of() {	# db keyhex: the record's value (hex) from full.dump
	awk -v tdb="$1" -v tkey=" $2" '
	/^database=/ { db = substr($0, 10) }
	/^ / { if (k == "") { k = $0; next } if (db == tdb && k == tkey) print substr($0, 2); k = "" }
	/^HEADER=END/ { k = "" }' full.dump
}
seqkey() { printf '%016x' "$1"; }
verify_fails() {	# name: restore the edited dump and expect exit 1
	restore edited.dump || { fail "$1 (restore)"; return; }
	check_exit "$1" 1 q rvs copy audit --verify
}

# the copying itself keeps a valid chain (otherwise nothing below means much)
restore full.dump
check "unedited copy verifies" q rvs copy audit --verify

# Bytes spread over one entry, and the first and last byte of several
# entries (every byte of every entry: tests/unit/test_review_audit.c; each
# run here costs an Argon2id unlock and fsyncs, so the program test samples)
K3=$(seqkey 3)
LEN3=$(( $(val_of audit "$K3" | wc -c) / 2 ))
check "entry 3 has bytes" [ "$LEN3" -gt 40 ]
bad=0
for ((p = 0; p < LEN3; p += 5)); do
	edit audit "$K3" flip "$p" <full.dump >edited.dump
	restore edited.dump
	if q rvs copy audit --verify; then bad=$((bad + 1)); echo "byte $p of entry 3 edit not caught"; fi
done
check "one-byte edits across entry 3 are caught ($LEN3 bytes)" [ $bad -eq 0 ]
bad=0
for s in 1 2 $((COUNT / 2)) $((COUNT - 1)) "$COUNT"; do
	k=$(seqkey "$s"); len=$(( $(val_of audit "$k" | wc -c) / 2 ))
	for p in 0 $((len - 1)); do
		edit audit "$k" flip "$p" <full.dump >edited.dump
		restore edited.dump
		if q rvs copy audit --verify; then bad=$((bad + 1)); echo "entry $s byte $p not caught"; fi
	done
done
check "first and last byte of entries 1, 2, middle, last caught" [ $bad -eq 0 ]
# the authenticated head record
bad=0
for p in 0 5 9 40 72; do
	edit meta "$HEADKEY" flip "$p" <full.dump >edited.dump
	restore edited.dump
	if q rvs copy audit --verify; then bad=$((bad + 1)); fi
done
check "edits of the head record caught" [ $bad -eq 0 ]

# removal, reordering, truncation of the tail
edit audit "$(seqkey 4)" drop <full.dump >edited.dump
verify_fails "removed entry caught"
V3=$(val_of audit "$(seqkey 3)"); V4=$(val_of audit "$(seqkey 4)")
awk -v k3=" $(seqkey 3)" -v k4=" $(seqkey 4)" -v v3=" $V3" -v v4=" $V4" '
	/^ / { if (!inval) { key = $0; inval = 1; print; next }
	       inval = 0; if (key == k3) print v4; else if (key == k4) print v3; else print; next }
	/^HEADER=END/ { inval = 0 } { print }' full.dump >edited.dump
verify_fails "swapped entries caught"
edit audit "$(seqkey "$COUNT")" drop <full.dump >edited.dump
verify_fails "truncated tail caught"
edit meta "$HEADKEY" drop <full.dump >edited.dump
verify_fails "removed head caught"
# a failing verification says where, in one line on stderr
edit audit "$(seqkey 5)" flip 30 <full.dump >edited.dump
restore edited.dump
err=$(rvs copy --lang en audit --verify 2>&1 >/dev/null)
check "failure names the entry" grep -q 'verification failed at entry 5' <<<"$err"
# the original store is untouched by all this and still verifies
check "original still verifies" q rvs st audit --verify
t_done

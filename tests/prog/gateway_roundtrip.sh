#!/usr/bin/env bash
# gateway_roundtrip.sh — submit, export, import in the reviewer, and
# acknowledge back, all while serve runs: acknowledged envelopes leave later
# exports, --purge deletes them, a replayed or altered ack changes nothing.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

if [ ! -x "$SNT_BIN/sinetti-review" ]; then
	echo "SKIP: sinetti-review not built"; pass "skipped"; t_done
fi
gw_init || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
rev() { snt sinetti-review --store "$T_TMP/rs" --officer tester --passphrase-fd 3 "$@" 3<"$T_TMP/pp"; }

for i in 1 2; do gw_submit fi "message=Ensimmäinen erä $i" >"$T_TMP/s.html"; done
check_exit "export while serving" 0 to "$T_TMP/o" \
    snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/b1"
check "bundle holds 2" grep -q '^exported 2 envelopes' "$T_TMP/o"
check_exit "reviewer store init pins the gateway key" 0 to "$T_TMP/o" \
    snt sinetti-review init --store "$T_TMP/rs" --keyring "$T_TMP/keyring" \
    --gateway-key "$GW_STATE/gateway-signing.pub"
check_exit "reviewer imports the bundle" 0 to "$T_TMP/o" rev import "$T_TMP/b1" --ack-out "$T_TMP/a1"
cp "$T_TMP/a1" "$T_TMP/a1.bad"
flip_byte "$T_TMP/a1.bad" 40
check_exit "an altered ack is refused" 1 to "$T_TMP/o" \
    snt sinetti-gateway acknowledge --state "$GW_STATE" --ack "$T_TMP/a1.bad"
check "refusal is one line" test "$(wc -l <"$T_TMP/o")" -eq 1
check_exit "acknowledge while serving" 0 to "$T_TMP/o" \
    snt sinetti-gateway acknowledge --state "$GW_STATE" --ack "$T_TMP/a1"
check "2 acknowledged" grep -q '^acknowledged 2 envelopes' "$T_TMP/o"
check_exit "a replayed ack is refused" 1 to "$T_TMP/o" \
    snt sinetti-gateway acknowledge --state "$GW_STATE" --ack "$T_TMP/a1"
check "acknowledged envelopes leave the export" test "$(gw_vault_count)" -eq 0

gw_submit sv "message=Andra omgången" >"$T_TMP/s.html"
check "a new submission after acknowledge is confirmed" test -n "$(gw_receipt "$T_TMP/s.html")"
snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/b2" >/dev/null
rev import "$T_TMP/b2" --ack-out "$T_TMP/a2" >/dev/null 2>&1
check_exit "acknowledge --purge" 0 to "$T_TMP/o" \
    snt sinetti-gateway acknowledge --state "$GW_STATE" --ack "$T_TMP/a2" --purge
check "1 acknowledged and purged" grep -q '^acknowledged 1 envelope, purged 1' "$T_TMP/o"
snt sinetti-gateway check --state "$GW_STATE" >"$T_TMP/o" 2>&1
check "vault holds the 2 kept acknowledged, none pending" grep -q 'vault .* 2 envelopes, 0 not acknowledged' "$T_TMP/o"
check "gateway still serves" test "$(gw_status /fi/)" = 200
check_exit "gateway stops" 0 gw_stop
t_done

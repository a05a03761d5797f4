#!/usr/bin/env bash
# gateway_cli.sh — sinetti-gateway's command line: help, usage errors, init,
# check, export on an empty vault, and what the binary may not contain.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

check_exit "--help exits 0" 0 to /dev/null snt sinetti-gateway --help
check_exit "--version exits 0" 0 to /dev/null snt sinetti-gateway --version
check_exit "no command is a usage error" 2 to /dev/null snt sinetti-gateway
check_exit "unknown command is a usage error" 2 to /dev/null snt sinetti-gateway frobnicate --state x
check_exit "missing --state is a usage error" 2 to /dev/null snt sinetti-gateway check
check_exit "unknown option is a usage error" 2 to /dev/null snt sinetti-gateway check --state x --bogus
check_exit "option of another command is a usage error" 2 to /dev/null snt sinetti-gateway export --state x --out y --purge
check_exit "init without --team-public is a usage error" 2 to /dev/null snt sinetti-gateway init --state x

gw_team || fail "sinetti-keys made a team public key"
printf 'not a key file\n' >"$T_TMP/bad.pub"
check_exit "init refuses a bad team public file" 1 to "$T_TMP/err" \
    snt sinetti-gateway init --state "$T_TMP/bad" --team-public "$T_TMP/bad.pub"
check "the refusal is one line" test "$(wc -l <"$T_TMP/err")" -eq 1

check_exit "init succeeds" 0 to "$T_TMP/init.out" snt sinetti-gateway init --state "$GW_STATE" \
    --team-public "$T_TMP/team.pub" --hostname feedback.example.org
for f in gateway.conf units tls-cert.pem tls-key.pem gateway-signing.key \
    gateway-signing.pub team.pub vault/data.mdb; do
	check "init made $f" test -s "$GW_STATE/$f"
done
check "signing key is mode 0600" test "$(stat -c %a "$GW_STATE/gateway-signing.key")" = 600
check "TLS key is mode 0600" test "$(stat -c %a "$GW_STATE/tls-key.pem")" = 600
check "state dir is mode 0700" test "$(stat -c %a "$GW_STATE")" = 700
check "gateway.conf is etc/gateway.conf.example" cmp -s "$SNT_ROOT/etc/gateway.conf.example" "$GW_STATE/gateway.conf"
check "pinned team file is the given one" cmp -s "$T_TMP/team.pub" "$GW_STATE/team.pub"
check_exit "signing public file reads as one (sinetti-keys fingerprint)" 0 to /dev/null \
    "$SNT_BIN/sinetti-keys" fingerprint "$GW_STATE/gateway-signing.pub"
fp=$("$SNT_BIN/sinetti-keys" fingerprint "$GW_STATE/gateway-signing.pub" | sed -n 's/^fingerprint: //p')
check "init prints the signing key fingerprint" grep -qF "$fp" "$T_TMP/init.out"
if command -v openssl >/dev/null; then
	openssl x509 -in "$GW_STATE/tls-cert.pem" -noout -text >"$T_TMP/cert.txt" 2>&1
	check "certificate names localhost" grep -q 'DNS:localhost' "$T_TMP/cert.txt"
	check "certificate names the --hostname" grep -q 'DNS:feedback.example.org' "$T_TMP/cert.txt"
	check "certificate key is ECDSA P-256" grep -q 'prime256v1\|P-256' "$T_TMP/cert.txt"
fi
check_exit "init twice is refused" 1 to /dev/null snt sinetti-gateway init --state "$GW_STATE" \
    --team-public "$T_TMP/team.pub"
check_exit "check passes on a fresh state" 0 to "$T_TMP/check.out" snt sinetti-gateway check --state "$GW_STATE"
check "check reports every part" test "$(grep -c '^ok ' "$T_TMP/check.out")" -ge 7

check_exit "export of an empty vault succeeds" 0 to "$T_TMP/exp.out" \
    snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/empty.bundle"
check "export says 0 envelopes" grep -q '^exported 0 envelopes' "$T_TMP/exp.out"
check "bundle file exists" test -s "$T_TMP/empty.bundle"

# A broken configuration: check names the line, serve refuses to start.
cp "$GW_STATE/gateway.conf" "$T_TMP/conf.good"
printf '[limits]\nbody_max = 1024\nbodymax = 5\n' >>"$GW_STATE/gateway.conf"
line=$(wc -l <"$GW_STATE/gateway.conf")
check_exit "check fails on an unknown key" 1 to "$T_TMP/check.out" snt sinetti-gateway check --state "$GW_STATE"
check "the message names the line and the key" \
    grep -q "line $line: unknown key 'bodymax' in \[limits\]" "$T_TMP/check.out"
check_exit "serve refuses the broken configuration" 1 to "$T_TMP/serve.err" \
    snt sinetti-gateway serve --state "$GW_STATE" --listen 127.0.0.1:0
check "serve's refusal is one line" test "$(wc -l <"$T_TMP/serve.err")" -eq 1
cp "$T_TMP/conf.good" "$GW_STATE/gateway.conf"
printf '[limits]\nconnections = 0\n' >>"$GW_STATE/gateway.conf"
check_exit "check fails on a value out of range" 1 to "$T_TMP/check.out" snt sinetti-gateway check --state "$GW_STATE"
check "range message" grep -q 'connections must be a whole number' "$T_TMP/check.out"
cp "$T_TMP/conf.good" "$GW_STATE/gateway.conf"
printf 'same | A | B | C\nsame | D | E | F\n' >>"$GW_STATE/units"
check_exit "check fails on a duplicate unit id" 1 to "$T_TMP/check.out" snt sinetti-gateway check --state "$GW_STATE"
check "units message names the line" grep -q 'units line [0-9]*: id given twice' "$T_TMP/check.out"
chmod 644 "$GW_STATE/gateway-signing.key"
check_exit "check fails on a readable signing key" 1 to "$T_TMP/check.out" snt sinetti-gateway check --state "$GW_STATE"
check "signing key line says FAIL" grep -q '^FAIL signing key' "$T_TMP/check.out"

# The gateway can never open what it stores.
check "gateway binary has no crypto_box_seal_open" \
    bash -c "! nm '$SNT_BIN/sinetti-gateway' | grep -q crypto_box_seal_open"
t_done

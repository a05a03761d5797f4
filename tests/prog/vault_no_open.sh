#!/usr/bin/env bash
# vault_no_open.sh — the code that opens sealed envelopes stays out of
# everything the gateway links: the vault library and the gateway binary
# must not reference crypto_box_seal_open; only envelope_open.o may.
. "$(dirname "$0")/../lib/prog.sh"
: "${SNT_BUILD:?}"
lib=$SNT_BUILD/libsnt-vault.a
open=$SNT_BUILD/vault/envelope_open.o

refs() { nm "$1" 2>/dev/null | grep -c 'crypto_box_seal_open'; }

if [ -f "$lib" ]; then
	check "vault library has no crypto_box_seal_open" [ "$(refs "$lib")" -eq 0 ]
	# the check above could pass by accident if nm read nothing
	check "vault library does seal (nm works)" \
		[ "$(nm "$lib" | grep -c ' U crypto_box_seal$')" -ge 1 ]
else
	fail "vault library not built ($lib)"
fi
if [ -f "$open" ]; then
	check "envelope_open.o is where opening lives" [ "$(refs "$open")" -ge 1 ]
fi
if [ -x "$SNT_BIN/sinetti-gateway" ]; then
	check "gateway binary has no crypto_box_seal_open" \
		[ "$(refs "$SNT_BIN/sinetti-gateway")" -eq 0 ]
	check "gateway binary has no crypto_box_seal_open string" \
		bash -c "! grep -q crypto_box_seal_open '$SNT_BIN/sinetti-gateway'"
fi
t_done

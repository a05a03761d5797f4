#!/usr/bin/env bash
# tls_scan.sh — testssl.sh and sslscan against a real gateway (make verify
# only; Debian packages testssl.sh and sslscan, installed by scripts/verify).
# Asserts: only TLS 1.2 and 1.3 offered; every accepted cipher is AEAD with
# ephemeral key exchange; testssl.sh flags no vulnerability (its severity
# HIGH/CRITICAL findings). Full reports are kept in build/verify/.
. "$SNT_ROOT/tests/lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"

out=$SNT_ROOT/build/verify
mkdir -p "$out"
vf_setup || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
if command -v sslscan >/dev/null; then
	sslscan --no-colour "127.0.0.1:$VF_PORT" >"$out/sslscan.txt" 2>&1
	sed -n '/SSL\/TLS Protocols/,/^$/p; /Supported Server Cipher/,/^$/p' "$out/sslscan.txt"
	check "sslscan: SSLv2/3, TLS 1.0, 1.1 disabled" \
	    [ -z "$(grep -E '^(SSLv2|SSLv3|TLSv1\.0|TLSv1\.1) +enabled' "$out/sslscan.txt")" ]
	check "sslscan: TLS 1.2 and 1.3 enabled" \
	    [ "$(grep -cE '^TLSv1\.[23] +enabled' "$out/sslscan.txt")" = 2 ]
	check "sslscan: only AEAD ciphers with forward secrecy" \
	    [ -z "$(grep -E '^(Preferred|Accepted)' "$out/sslscan.txt" |
	    grep -vE 'GCM|CHACHA20|TLS_AES' )$(grep -E '^(Preferred|Accepted)' "$out/sslscan.txt" |
	    grep 'TLSv1.2' | grep -vE 'ECDHE|DHE')" ]
else
	echo "SKIP: sslscan not installed"
fi
if command -v testssl >/dev/null || command -v testssl.sh >/dev/null; then
	t=$(command -v testssl || command -v testssl.sh)
	rm -f "$out/testssl.json"
	"$t" --quiet --color 0 --warnings off --jsonfile "$out/testssl.json" \
	    "127.0.0.1:$VF_PORT" >"$out/testssl.txt" 2>&1
	check "testssl.sh ran and wrote its report" [ -s "$out/testssl.json" ]
	grep -E 'SSLv|TLS 1|NULL|Export|LOW|3DES|Obsoleted|Strong enc|Forward Secrecy|Heartbleed|CCS|Ticketbleed|ROBOT|Renegotiation|CRIME|BREACH|POODLE|SWEET32|FREAK|DROWN|LOGJAM|BEAST|LUCKY13|Winshock|RC4' \
	    "$out/testssl.txt" | sed 's/^/  /' | head -n 60
	sev=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
# cert_*: the self-signed certificate init makes for local use (no chain,
# no CRL/OCSP); a public service uses one from its CA. Listed, not failed.
for f in d:
    if f.get("severity") in ("HIGH", "CRITICAL", "MEDIUM"):
        print(("note " if f["id"].startswith("cert_") else "") + f["id"],
              f["severity"], f.get("finding", "")[:100])
' "$out/testssl.json")
	[ -n "$sev" ] && echo "$sev" | sed 's/^/  testssl: /'
	check "testssl.sh: no HIGH or CRITICAL finding beyond the demo certificate" \
	    [ -z "$(grep -v '^note ' <<<"$sev" | grep -E ' (HIGH|CRITICAL) ')" ]
	check "testssl.sh: TLS 1.0/1.1 not offered" \
	    [ -z "$(grep -E '^ *TLS 1(\.1)? +offered' "$out/testssl.txt")" ]
else
	echo "SKIP: testssl.sh not installed"
fi
vf_stop
t_done

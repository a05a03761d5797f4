#!/usr/bin/env bash
# verify_tls.sh — TLS probes against the real gateway with gnutls-cli and
# openssl s_client: TLS 1.0 and 1.1 refused, TLS 1.2 and 1.3 accepted, and
# of every TLS 1.2 cipher suite OpenSSL knows (security level 0, so the
# client offers the weak ones too) only AEAD suites with ephemeral (EC)DH
# key exchange are accepted. Each refusal has a positive control, so a
# client that cannot speak a version does not make the test pass.
# (make verify adds testssl.sh and sslscan: tests/verify/tls_scan.sh.)
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"

vf_setup || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
P=$VF_PORT
gtls() {	# PRIORITY: 0 when a handshake with that priority string succeeds
	gnutls-cli --insecure --priority "$1" -p "$P" 127.0.0.1 </dev/null >/dev/null 2>&1
}
ossl() {	# ARGS: 0 when openssl s_client completes a handshake
	openssl s_client -connect "127.0.0.1:$P" -servername localhost "$@" \
	    </dev/null 2>/dev/null | grep -q '^New, TLS'
}
refused() { ! "$@"; }
check "gnutls: TLS 1.3 accepted" gtls "NORMAL:-VERS-ALL:+VERS-TLS1.3"
check "gnutls: TLS 1.2 accepted" gtls "NORMAL:-VERS-ALL:+VERS-TLS1.2"
check "gnutls: TLS 1.1 refused" refused gtls "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0"
check "gnutls: TLS 1.0 refused" refused gtls "NORMAL:-VERS-ALL:+VERS-TLS1.0"
check "gnutls: SSL 3.0 refused" refused gtls "NORMAL:-VERS-ALL:+VERS-SSL3.0"
check "gnutls: TLS 1.2 with CBC ciphers only refused" \
    refused gtls "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:+AES-256-CBC:+MAC-ALL"
check "gnutls: TLS 1.2 without forward secrecy (RSA kx) refused" \
    refused gtls "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA"
# A refusal must come from the server (an alert, or it closes the
# connection), not from a client that will not even try an old version:
# the client must have sent its hello.
server_refuses() {	# ARGS for s_client
	local out
	out=$(openssl s_client -connect "127.0.0.1:$P" -servername localhost "$@" \
	    </dev/null 2>&1)
	! grep -q '^New, TLS' <<<"$out" &&
	    grep -Eq 'written [1-9][0-9]* bytes' <<<"$out" &&
	    ! grep -q 'no protocols available' <<<"$out"
}
check "openssl: TLS 1.3 accepted" ossl -tls1_3
check "openssl: TLS 1.2 accepted" ossl -tls1_2
check "openssl: TLS 1.1 refused by the server" server_refuses -tls1_1 -cipher 'ALL:@SECLEVEL=0'
check "openssl: TLS 1.0 refused by the server" server_refuses -tls1 -cipher 'ALL:@SECLEVEL=0'
if [ "$VF_SLOW" = 1 ]; then	# 150 handshakes are too slow under valgrind
	echo "SKIP: cipher suite enumeration under valgrind"
	vf_stop; t_done
fi
acc=() weak=()
while read -r name _ kx _ enc _; do
	ossl -tls1_2 -cipher "$name:@SECLEVEL=0" || continue
	acc+=("$name")
	case "$kx $enc" in
	Kx=ECDH\ Enc=AESGCM*|Kx=ECDH\ Enc=CHACHA20*|Kx=DH\ Enc=AESGCM*|Kx=DH\ Enc=CHACHA20*) ;;
	*) weak+=("$name") ;;
	esac
done < <(openssl ciphers -v 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' | grep 'TLSv1.2\|SSLv3')
echo "  TLS 1.2 suites accepted: ${acc[*]}"
check "openssl: some TLS 1.2 suite accepted (${#acc[@]})" [ "${#acc[@]}" -gt 0 ]
check "openssl: every accepted TLS 1.2 suite is AEAD with ECDHE/DHE (${weak[*]:-none weak})" \
    [ "${#weak[@]}" = 0 ]
acc3=()
for s in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256 \
    TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256; do
	ossl -tls1_3 -ciphersuites "$s" && acc3+=("$s")
done
echo "  TLS 1.3 suites accepted: ${acc3[*]}"
check "openssl: TLS 1.3 without CCM_8 (short tag)" [ -z "$(printf '%s\n' "${acc3[@]}" | grep CCM_8)" ]
vf_stop
t_done

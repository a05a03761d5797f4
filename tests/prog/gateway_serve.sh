#!/usr/bin/env bash
# gateway_serve.sh — the real gateway over real TLS, driven by curl:
# submissions in each language, validation errors, refusals, headers, TLS
# versions, the sandbox, export beside a running server.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

gw_init || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
pass "serve starts"

# ---------------------------------------------------------------- sandbox
if [ -z "$(gw_sandbox_flag)" ]; then
	st=/proc/$GW_PID/status
	check "serving process is not root" bash -c "! grep -qE '^Uid:\s+0\b' $st"
	check "all uids dropped" bash -c "grep -E '^Uid:' $st | awk '{exit !(\$2==\$3 && \$3==\$4 && \$4==\$5 && \$2!=0)}'"
	check "seccomp filter active" grep -qE '^Seccomp:\s+2' "$st"
	check "no new privileges" grep -qE '^NoNewPrivs:\s+1' "$st"
	check "log says sandboxed" grep -q 'seccomp on' "$GW_ERR"
else
	echo "SKIP: sandbox checks (sanitizer or valgrind run)"
fi

# ---------------------------------------------------------------- headers
gw_curl -D "$T_TMP/h.form" -o "$T_TMP/form.html" "$(GW_URL /en/form)"
for h in "Strict-Transport-Security: max-age=" \
    "Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'" \
    "X-Content-Type-Options: nosniff" "Referrer-Policy: no-referrer" \
    "Cache-Control: no-store"; do
	check "form page has $h" grep -qiF "$h" "$T_TMP/h.form"
done
check "no Server header" bash -c "! grep -qi '^Server:' '$T_TMP/h.form'"
check "no Set-Cookie" bash -c "! grep -qi '^Set-Cookie:' '$T_TMP/h.form'"
for p in / /fi/ /sv/ /en/ /static/style.css /nope; do
	gw_curl -D "$T_TMP/h" -o /dev/null "$(GW_URL "$p")"
	check "$p: CSP, HSTS, nosniff, no cookie, no banner" bash -c "
	    grep -qi '^Content-Security-Policy:' '$T_TMP/h' &&
	    grep -qi '^Strict-Transport-Security:' '$T_TMP/h' &&
	    grep -qi '^X-Content-Type-Options: nosniff' '$T_TMP/h' &&
	    ! grep -qi '^Set-Cookie:' '$T_TMP/h' && ! grep -qi '^Server:' '$T_TMP/h'"
done
check "GET / redirects by Accept-Language (sv)" bash -c \
    "curl -sS --cacert '$GW_STATE/tls-cert.pem' -H 'Accept-Language: sv-FI,sv;q=0.9' -o /dev/null -w '%{http_code} %{redirect_url}' '$(GW_URL /)' | grep -q '^30[37] .*/sv/$'"
check "HEAD answers 200 with no body" bash -c \
    "test \"\$(curl -sS --cacert '$GW_STATE/tls-cert.pem' -I -o /dev/null -w '%{http_code} %{size_download}' '$(GW_URL /en/)')\" = '200 0'"

# ---------------------------------------------------------------- submissions
before=$(gw_vault_count)
pages=0
for lang in fi sv en; do
	gw_submit "$lang" "message=Palaute kielellä $lang: hoitaja ei tullut." \
	    -- -D "$T_TMP/h.$lang" >"$T_TMP/ok.$lang.html"
	r=$(gw_receipt "$T_TMP/ok.$lang.html")
	check "$lang: confirmation with a receipt" test -n "$r"
	check "$lang: receipt is 6 groups of 4" bash -c "[[ '$r' =~ ^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$ ]]"
	check "$lang: confirmation is 200 no-store" bash -c \
	    "grep -q '^HTTP/1.1 200' '$T_TMP/h.$lang' && grep -qi '^Cache-Control: no-store' '$T_TMP/h.$lang'"
	check "$lang: page is in $lang" grep -q "<html lang=\"$lang\"" "$T_TMP/ok.$lang.html"
	check "$lang: receipt not in any header" bash -c "! grep -qF '$r' '$T_TMP/h.$lang'"
	[ -n "$r" ] && pages=$((pages + 1))
done
gw_submit en "phone=040 123 4567" "callback_time=weekdays 9-12" "persons=nurse on duty" \
    "when=last Tuesday" >"$T_TMP/ok.phone.html"
[ -n "$(gw_receipt "$T_TMP/ok.phone.html")" ] && pages=$((pages + 1))
check "submission with phone and optional fields confirmed" test -n "$(gw_receipt "$T_TMP/ok.phone.html")"
check "receipts differ" test "$(cat "$T_TMP"/ok.*.html | grep -o 'id="receipt">[^<]*' | sort -u | wc -l)" -eq 4
# Browsers keep connections open: a suspended and resumed submission must
# leave its connection usable for the next request.
ka=(--cacert "$GW_STATE/tls-cert.pem" -sS -o /dev/null -w '%{http_code} %{num_connects}\n')
curl "${ka[@]}" "$(GW_URL /en/form)" -d kind=concern -d unit=kotihoito -d role=client \
    -d message=keepalive1 -d confirm=yes --next "${ka[@]}" "$(GW_URL /en/form)" \
    -d kind=feedback -d unit=kotihoito -d role=client -d message=keepalive2 -d confirm=yes \
    --next "${ka[@]}" "$(GW_URL /en/)" >"$T_TMP/ka" 2>&1
check "two submissions and a page on one kept-alive connection" \
    test "$(tr '\n' ' ' <"$T_TMP/ka")" = "200 1 200 0 200 0 "
pages=$((pages + 2))
after=$(gw_vault_count)
check "vault holds exactly one new envelope per confirmation ($pages)" test "$((after - before))" -eq "$pages"

# ---------------------------------------------------------------- validation
n0=$(gw_vault_count)
verr() {	# NAME FIELD-ID FIELDS...
	local name=$1 id=$2; shift 2
	gw_submit en "$@" -- -D "$T_TMP/h.v" >"$T_TMP/v.html"
	check "validation: $name: 200 with error summary and $id-error" bash -c "
	    grep -q '^HTTP/1.1 200' '$T_TMP/h.v' &&
	    grep -q '<title>Error: ' '$T_TMP/v.html' &&
	    grep -q 'class=\"error-summary\"' '$T_TMP/v.html' &&
	    grep -q 'href=\"#$id\"' '$T_TMP/v.html' &&
	    grep -q 'id=\"$id-error\"' '$T_TMP/v.html' &&
	    ! grep -q 'id=\"receipt\"' '$T_TMP/v.html'"
}
verr "no kind" kind "kind="
verr "unknown kind" kind "kind=complaint"
verr "no unit" unit "unit="
verr "unit not in the list" unit "unit=no-such-unit"
verr "no role" role "role="
verr "empty message" message "message="
verr "message too long" message "message=$(head -c 10001 /dev/zero | tr '\0' x)"
verr "bad phone" phone "phone=12ab"
verr "when too long" when "when=$(head -c 2000 /dev/zero | tr '\0' w)"
verr "persons too long" persons "persons=$(head -c 9000 /dev/zero | tr '\0' p)"
verr "callback time too long" callback_time "callback_time=$(head -c 2000 /dev/zero | tr '\0' c)"
verr "other unit too long" unit_other "unit=other" "unit_other=$(head -c 2000 /dev/zero | tr '\0' u)"
gw_submit en "message=kept typed value 12345" "kind=" >"$T_TMP/v.html"
check "typed values are kept on an error page" grep -q 'kept typed value 12345' "$T_TMP/v.html"
gw_submit fi "kind=" >"$T_TMP/v.html"
check "Finnish error title" grep -q '<title>Virhe: ' "$T_TMP/v.html"
gw_submit sv "kind=" >"$T_TMP/v.html"
check "Swedish error title" grep -q '<title>Fel: ' "$T_TMP/v.html"
check "no envelope from any invalid form" test "$(gw_vault_count)" -eq "$n0"

# ---------------------------------------------------------------- refusals
check "405 for PUT" test "$(gw_status /en/form -X PUT)" = 405
check "405 for DELETE" test "$(gw_status /en/ -X DELETE)" = 405
gw_curl -D "$T_TMP/h.405" -o /dev/null -X OPTIONS "$(GW_URL /en/form)"
check "405 names Allow: GET, HEAD, POST" grep -qi '^Allow: GET, HEAD, POST' "$T_TMP/h.405"
check "405 sends exactly one Allow" test "$(grep -ci '^Allow:' "$T_TMP/h.405")" -eq 1
# Pages that take no POST say so (the web layer's value, not a fixed one).
for p in /en/ /en/privacy /static/style.css /; do
	gw_curl -D "$T_TMP/h.405b" -o /dev/null -X DELETE "$(GW_URL "$p")"
	check "$p: 405 names Allow: GET, HEAD" bash -c \
	    "grep -q '^HTTP/1.1 405' '$T_TMP/h.405b' && grep -qi '^Allow: GET, HEAD\s*\$' '$T_TMP/h.405b'"
done
gw_curl -D "$T_TMP/h.404" -o /dev/null "$(GW_URL /nope)"
check "a 404 carries no Allow" bash -c \
    "grep -q '^HTTP/1.1 404' '$T_TMP/h.404' && ! grep -qi '^Allow:' '$T_TMP/h.404'"
# The stylesheet may be cached for a day; every page stays no-store.
gw_curl -D "$T_TMP/h.css" -o /dev/null "$(GW_URL /static/style.css)"
check "stylesheet: Cache-Control: public, max-age=86400" \
    grep -qi '^Cache-Control: public, max-age=86400' "$T_TMP/h.css"
check "stylesheet: not no-store" bash -c "! grep -qi 'no-store' '$T_TMP/h.css'"
for p in /en/ /en/form /fi/privacy /sv/accessibility; do
	gw_curl -D "$T_TMP/h.page" -o /dev/null "$(GW_URL "$p")"
	check "$p: Cache-Control: no-store, not cacheable" bash -c \
	    "grep -qi '^Cache-Control: no-store' '$T_TMP/h.page' && ! grep -qi '^Cache-Control:.*max-age' '$T_TMP/h.page'"
done
check "415 for text/plain" test "$(gw_status /en/form -H 'Content-Type: text/plain' --data 'message=x')" = 415
check "415 for multipart" test "$(gw_status /en/form -F message=x)" = 415
check "400 for bad percent encoding" test "$(gw_status /en/form --data 'kind=%zz&message=x')" = 400
check "400 for invalid UTF-8" test "$(gw_status /en/form --data 'kind=concern&message=%C0%AF')" = 400
check "400 for a duplicate field" test "$(gw_status /en/form --data 'message=a&message=b')" = 400
head -c 300000 /dev/zero | tr '\0' a >"$T_TMP/big"
# With Expect: 100-continue the refusal comes before any of the body is
# sent. Without it the client may still be sending when the server answers
# and closes, and the reset can swallow the answer: 413 or a cut connection,
# never anything else.
check "413 for a body over the cap (Expect: 100-continue)" test \
    "$(gw_status /en/form -H 'Expect: 100-continue' --data-binary "@$T_TMP/big")" = 413
gw_curl -D "$T_TMP/h.413" -o "$T_TMP/413.html" -H 'Expect: 100-continue' \
    --data-binary "@$T_TMP/big" "$(GW_URL /en/form)"
check "413 page is HTML with the security headers" bash -c \
    "grep -qi '^Content-Security-Policy:' '$T_TMP/h.413' && grep -q '<html' '$T_TMP/413.html'"
check "no 100 Continue for a body over the cap" bash -c "! grep -q '^HTTP/1.1 100' '$T_TMP/h.413'"
st=$(gw_status /en/form --data-binary "@$T_TMP/big" 2>/dev/null)
check "without Expect: 413 or a cut connection ($st)" bash -c "[ '$st' = 413 ] || [ '$st' = 000 ]"
check "chunked body over the cap is cut off" bash -c \
    "! curl -sS --cacert '$GW_STATE/tls-cert.pem' -H 'Transfer-Encoding: chunked' --data-binary '@$T_TMP/big' -o /dev/null -w '%{http_code}' '$(GW_URL /en/form)' 2>/dev/null | grep -q '^200'"
check "404 for an unknown path" test "$(gw_status /etc/passwd)" = 404
check "gateway still serves after the refusals" test "$(gw_status /en/)" = 200

# ---------------------------------------------------------------- TLS
check "TLS 1.3 accepted" test "$(gw_status /en/ --tlsv1.3)" = 200
check "TLS 1.2 accepted" test "$(gw_status /en/ --tlsv1.2 --tls-max 1.2)" = 200
check "TLS 1.1 and 1.0 refused (curl)" bash -c \
    "! curl -sS --cacert '$GW_STATE/tls-cert.pem' --tlsv1.0 --tls-max 1.1 -o /dev/null '$(GW_URL /en/)' 2>/dev/null"
# A client that offers an X25519 key share first (browsers, OpenSSL) gets
# its handshake in one round trip: no HelloRetryRequest (which would show
# as a second ClientHello in the trace), X25519 and the SHA-256 suite.
if command -v openssl >/dev/null; then
	echo | openssl s_client -connect "127.0.0.1:$GW_PORT" -msg \
	    -CAfile "$GW_STATE/tls-cert.pem" >"$T_TMP/hs.txt" 2>&1 || true
	check "TLS 1.3 handshake without HelloRetryRequest" \
	    test "$(grep -c '>>> .*ClientHello' "$T_TMP/hs.txt")" = 1
	check "X25519 key exchange and TLS_AES_128_GCM_SHA256 by default" bash -c \
	    "grep -q 'Server Temp Key: X25519' '$T_TMP/hs.txt' && grep -q 'Cipher is TLS_AES_128_GCM_SHA256' '$T_TMP/hs.txt'"
fi
if command -v gnutls-cli >/dev/null; then
	for v in TLS1.0 TLS1.1; do
		check "$v refused (gnutls-cli)" bash -c "! gnutls-cli --insecure \
		    --priority 'NORMAL:-VERS-ALL:+VERS-$v:%NO_EXTENSIONS' -p $GW_PORT 127.0.0.1 </dev/null >/dev/null 2>&1"
	done
	check "CBC suite refused in TLS 1.2 (gnutls-cli)" bash -c "! gnutls-cli --insecure \
	    --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:+AES-256-CBC:-MAC-ALL:+SHA1:+SHA256' \
	    -p $GW_PORT 127.0.0.1 </dev/null >/dev/null 2>&1"
	check "TLS 1.2 with ECDHE-ECDSA AES-GCM accepted (gnutls-cli)" bash -c "gnutls-cli --insecure \
	    --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' -p $GW_PORT 127.0.0.1 </dev/null 2>&1 | grep -q 'Description: (TLS1.2-X.509)-(ECDHE-.*)-(ECDSA-.*)-(AES-...-GCM)'"
else
	echo "SKIP: gnutls-cli not installed"
fi

# ---------------------------------------------------------------- export beside serve
check_exit "export works while serve runs" 0 to "$T_TMP/exp.out" \
    snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/b.bundle"
check "export counted every stored submission" grep -q "^exported $after envelopes" "$T_TMP/exp.out"
check "gateway still serves after export" test "$(gw_status /en/)" = 200

check_exit "serve stops cleanly on SIGTERM" 0 gw_stop
check "closing log line counts the stored submissions" grep -q "stopped: $pages stored" "$GW_ERR"
check "every log line has a syslog priority" bash -c "! grep -qv '^<[0-7]>' '$GW_ERR'"
t_done

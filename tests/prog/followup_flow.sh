#!/usr/bin/env bash
# followup_flow.sh — anonymous follow-up end to end through the real
# programs: sinetti-keys → gateway serve (sandbox on) → submit over HTTPS →
# export → review import → reply and status → outbox → import-replies →
# POST /fi/status with the receipt over HTTPS shows the exact reply text
# and status. Also: tampered bundles and bundles signed by another keyring
# are refused whole, the raw vault holds no reply text, hostile reply text
# renders inert, wrong receipts get one generic page, guessing is limited,
# and no receipt reaches the log.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

if [ ! -x "$SNT_BIN/sinetti-review" ]; then
	echo "SKIP: sinetti-review not built"; pass "skipped"; t_done
fi
export LC_ALL=C.UTF-8 TZ=UTC
unset SINETTI_LANG SINETTI_STORE SINETTI_OFFICER
gw_init || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }
rev() { snt sinetti-review --store "$T_TMP/rs" --officer tester --passphrase-fd 3 "$@" 3<"$T_TMP/pp"; }
# status LANG RECEIPT OUT: POST the receipt; prints the HTTP status
status() {
	gw_curl -o "$3" -w '%{http_code}' --data-urlencode "receipt=$2" \
	    "$(GW_URL "/$1/status")"
}
q() { "$@" >/dev/null 2>&1; }
not() { ! "$@"; }

# --- pages and links
for l in fi sv en; do
	check "GET /$l/status is the receipt form" \
	    test "$(gw_status "/$l/status")" = 200
done
gw_curl -o "$T_TMP/form.html" "$(GW_URL /fi/status)"
check "form posts to /fi/status" grep -q 'action="/fi/status"' "$T_TMP/form.html"
check "form has the receipt field" grep -q 'name="receipt"' "$T_TMP/form.html"
gw_curl -o "$T_TMP/start.html" "$(GW_URL /fi/)"
check "start page links to the status page" grep -q 'href="/fi/status"' "$T_TMP/start.html"
check "PUT /fi/status is 405" test "$(gw_status /fi/status -X PUT)" = 405

# --- submit two, read the receipts
gw_submit fi "message=Ensimmäinen palaute" >"$T_TMP/s1.html"
gw_submit sv "message=Andra responsen" >"$T_TMP/s2.html"
R1=$(gw_receipt "$T_TMP/s1.html"); R2=$(gw_receipt "$T_TMP/s2.html")
check "receipts shown" test -n "$R1" -a -n "$R2"
check "confirmation links to the status page" grep -q 'href="/fi/status"' "$T_TMP/s1.html"

check "status before any reply: 200" test "$(status fi "$R1" "$T_TMP/p0.html")" = 200
check "status is received as soon as stored" grep -q 'id="status">Vastaanotettu<' "$T_TMP/p0.html"
check "no replies yet" grep -q 'Vastauksia ei ole vielä' "$T_TMP/p0.html"

# --- to the reviewer and back; the gateway purges first, replies still land
snt sinetti-gateway export --state "$GW_STATE" --out "$T_TMP/b1" >/dev/null
q snt sinetti-review init --store "$T_TMP/rs" --keyring "$T_TMP/keyring" \
    --gateway-key "$GW_STATE/gateway-signing.pub"
check_exit "review import" 0 q rev import "$T_TMP/b1" --ack-out "$T_TMP/a1"
check_exit "acknowledge --purge" 0 q snt sinetti-gateway acknowledge \
    --state "$GW_STATE" --ack "$T_TMP/a1" --purge
rev list --format json >"$T_TMP/list.json" 2>"$T_TMP/list.err" || cat "$T_TMP/list.err" >&2
C1=$(jq -r '.[] | select(.lang == "fi") | .case' "$T_TMP/list.json" 2>/dev/null | head -1)
C2=$(jq -r '.[] | select(.lang == "sv") | .case' "$T_TMP/list.json" 2>/dev/null | head -1)
if [ -z "$C1" ] || [ -z "$C2" ]; then
	# older list output without lang: cases are numbered in import order
	C1=$(jq -r '.[0].case' "$T_TMP/list.json"); C2=$(jq -r '.[1].case' "$T_TMP/list.json")
	rev show "$C1" >"$T_TMP/show1" 2>&1
	grep -q 'Ensimmäinen' "$T_TMP/show1" || { t=$C1; C1=$C2; C2=$t; }
fi
check "case numbers found" test -n "$C1" -a -n "$C2"

printf 'Hei,\nkiitos palautteestasi. Asia on käyty läpi kotihoidon kanssa.\nTerveisin, valvonta MARK-4417\n' >"$T_TMP/reply.txt"
check_exit "reply with --status answered" 0 q rev reply "$C1" --file "$T_TMP/reply.txt" --status answered
check_exit "status in-progress queues a status-only entry" 0 q rev status "$C2" in-progress
check_exit "reply without --file is a usage error" 2 q rev reply "$C1"
: >"$T_TMP/empty.txt"
check_exit "an empty reply is refused" 2 q rev reply "$C1" --file "$T_TMP/empty.txt"
rev show "$C1" >"$T_TMP/show1" 2>&1
check "officers keep a copy as a note" grep -q 'MARK-4417' "$T_TMP/show1"
rev audit >"$T_TMP/audit" 2>&1
check "the reply is audited" grep -q " reply  *$C1" "$T_TMP/audit"
check_exit "outbox writes the signed bundle" 0 q rev outbox --out "$T_TMP/rb1"
rev audit >"$T_TMP/audit" 2>&1
check "the outbox is audited" grep -q " outbox  *$C1" "$T_TMP/audit"
check "the bundle file holds no reply text" not grep -q 'MARK-4417' "$T_TMP/rb1"
check_exit "outbox refuses an existing file" 1 q rev outbox --out "$T_TMP/rb1"
rev outbox --out "$T_TMP/rb-empty" >"$T_TMP/o" 2>&1
check "a second outbox has nothing pending" test ! -e "$T_TMP/rb-empty"

# --- refusals before the good import: nothing of them may land
cp "$T_TMP/rb1" "$T_TMP/rb1.bad"
flip_byte "$T_TMP/rb1.bad" 60
check_exit "a tampered reply bundle is refused" 1 to "$T_TMP/o" \
    snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb1.bad"
check "refusal is one line" test "$(wc -l <"$T_TMP/o")" -eq 1
head -c 200 "$T_TMP/rb1" >"$T_TMP/rb1.short"
check_exit "a truncated reply bundle is refused" 1 q \
    snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb1.short"
# another keyring signs the same entries for this gateway
printf 'other passphrase %s\n' "$$" >"$T_TMP/pp2"
q "$SNT_BIN/sinetti-keys" --passphrase-fd 3 init --keyring "$T_TMP/keyring2" \
    --officer mallory --public-out "$T_TMP/team2.pub" --kdf-memory 64 3<"$T_TMP/pp2"
q snt sinetti-review init --store "$T_TMP/rs2" --keyring "$T_TMP/keyring2" \
    --gateway-key "$GW_STATE/gateway-signing.pub"
mkdir -p "$T_TMP/rs2/outbox" && cp "$T_TMP"/rs/outbox/sent/*.rpl "$T_TMP/rs2/outbox/"
q snt sinetti-review --store "$T_TMP/rs2" --officer mallory --passphrase-fd 3 \
    outbox --out "$T_TMP/rb-other" 3<"$T_TMP/pp2"
check "the other keyring made a bundle" test -s "$T_TMP/rb-other"
check_exit "a bundle signed by another keyring is refused" 1 to "$T_TMP/o" \
    snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb-other"
check "says why" grep -q 'signature' "$T_TMP/o"
check "still received after the refusals" test "$(status fi "$R1" "$T_TMP/p1.html")" = 200
check "refused bundles stored nothing" grep -q 'id="status">Vastaanotettu<' "$T_TMP/p1.html"

# --- the good import, and again
check_exit "import-replies while serving" 0 to "$T_TMP/o" \
    snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb1"
check "2 new" grep -q '2 new' "$T_TMP/o"
check_exit "re-import is idempotent" 0 to "$T_TMP/o" \
    snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb1"
check "0 new, 2 already held" grep -q '0 new, 2 already held' "$T_TMP/o"
check "the raw vault holds no reply text" \
    not grep -rqa 'MARK-4417' "$GW_STATE"

# --- the citizen reads it; typed in lower case with spaces
R1_TYPED=$(echo "$R1" | tr 'A-Z-' 'a-z ')
check "status page over HTTPS: 200" test "$(status fi "$R1_TYPED" "$T_TMP/p2.html")" = 200
check "status is answered" grep -q 'id="status">Vastattu<' "$T_TMP/p2.html"
# the exact text, line by line, inside the reply element
awk '/<p class="reply-text">/{f=1} f{print} /<\/p>/{if(f)exit}' \
    "$T_TMP/p2.html" | sed -e 's/.*<p class="reply-text">//' -e 's/<\/p>.*//' \
    -e 's/&#10;/\n/g' >"$T_TMP/got.txt"
check "the exact reply text" diff -q <(sed -e '$a\' "$T_TMP/reply.txt") "$T_TMP/got.txt"
check "with its date" grep -q "Vastaus $(date -u +%-d.%-m.%Y)" "$T_TMP/p2.html"
check "sent no-store" bash -c "curl -sS --cacert '$GW_STATE/tls-cert.pem' -D - -o /dev/null \
    --data-urlencode 'receipt=$R1' '$(GW_URL /fi/status)' | grep -qi '^cache-control: no-store'"
check "the receipt is not echoed" not grep -q "$R1" "$T_TMP/p2.html"
check "second case: in progress" test "$(status sv "$R2" "$T_TMP/p3.html")" = 200
check "status-only entry shows the status, in Swedish" grep -q 'id="status">Under behandling<' "$T_TMP/p3.html"
check "and no reply text" grep -q 'Det finns inga svar ännu' "$T_TMP/p3.html"

# --- hostile reply text renders inert
printf '<script>alert(1)</script> & <img src=x onerror=alert(2)> \033[31mred\033[0m \xe2\x80\xae evil\n' >"$T_TMP/evil.txt"
q rev reply "$C1" --file "$T_TMP/evil.txt"
q rev outbox --out "$T_TMP/rb2"
q snt sinetti-gateway import-replies --state "$GW_STATE" "$T_TMP/rb2"
status en "$R1" "$T_TMP/p4.html" >/dev/null
check "two replies now" test "$(grep -c 'class="reply-text"' "$T_TMP/p4.html")" -eq 2
check "markup escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img' "$T_TMP/p4.html"
check "no script element" not grep -q '<script' "$T_TMP/p4.html"
check "no img element" not grep -q '<img' "$T_TMP/p4.html"
check "no ESC byte in the page" not grep -q $'\033' "$T_TMP/p4.html"
check "ESC shown as a symbol" grep -q '␛\[31mred' "$T_TMP/p4.html"
check "no bidi override in the page" not grep -q $'\xe2\x80\xae' "$T_TMP/p4.html"
check "replies in time order" \
    test "$(grep -n 'MARK-4417' "$T_TMP/p4.html" | cut -d: -f1)" -lt \
    "$(grep -n 'alert(1)' "$T_TMP/p4.html" | cut -d: -f1)"

# --- wrong receipts: one generic page
WRONG=0000-0000-0000-0000-0000-0000
check "unknown receipt: 200" test "$(status fi "$WRONG" "$T_TMP/n1.html")" = 200
check "not found page" grep -q 'id="receipt-error"' "$T_TMP/n1.html"
check "says not found" grep -q 'Tällä tunnisteella ei löytynyt palautetta' "$T_TMP/n1.html"
status fi "not a receipt at all" "$T_TMP/n2.html" >/dev/null
status fi "" "$T_TMP/n3.html" >/dev/null
check "unparseable receipt: the same page" cmp -s "$T_TMP/n1.html" "$T_TMP/n2.html"
check "empty receipt: the same page" cmp -s "$T_TMP/n1.html" "$T_TMP/n3.html"
gw_curl -o "$T_TMP/q.html" "$(GW_URL "/fi/status?receipt=$R1")"
check "a receipt in the URL is not read" not grep -q 'id="status"' "$T_TMP/q.html"
check "wrong content type: 415" test "$(gw_status /fi/status -H 'Content-Type: text/plain' --data 'receipt=x')" = 415

# --- guessing is limited (per address, in memory)
got429=0
for i in $(seq 1 30); do
	c=$(status fi "$WRONG" /dev/null)
	[ "$c" = 429 ] && { got429=1; break; }
done
check "repeated guesses get 429" test "$got429" = 1

# --- nothing about receipts in the log
check "no receipt in the log" not grep -q -e "$R1" -e "$R2" "$GW_ERR"
check "no reply text in the log" not grep -q 'MARK-4417' "$GW_ERR"
check_exit "gateway stops" 0 gw_stop
t_done

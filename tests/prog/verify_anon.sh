#!/usr/bin/env bash
# verify_anon.sh — the anonymity scan. Many submissions carrying planted
# marker strings (message, unit, when, persons, callback time, User-Agent,
# Accept-Language), phone numbers, sent from several 127.0.0.x addresses.
# None of the markers, numbers, addresses or receipt codes may appear in
# any file under the state directory (the raw LMDB file included), in an
# export bundle, or in what the gateway wrote to stdout or stderr.
# Envelope sizes fall only into the documented buckets (powers of two from
# 1 KiB to 64 KiB, plus the 13-byte outside and the 48-byte seal); the
# outsides of envelopes from the same hour are identical (id and bucket are
# all that differ). The gateway binary cannot open a seal or load a secret
# sealing key. 40 submissions here, 400 with SNT_VERIFY=1.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"
vf_need_tool

n=40; [ "$VF_LONG" = 1 ] && n=400; [ "$VF_SLOW" = 1 ] && n=16
vf_setup "limits|submissions_per_minute = 1000000" || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
needles=$T_TMP/needles
: >"$needles"
tag=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
ok=0
for i in $(seq 1 "$n"); do
	src=127.0.0.$((2 + i % 8))
	m="MSG${tag}x$i" u="UNIT${tag}x$i" w="WHEN${tag}x$i" p="PERS${tag}x$i"
	c="CALL${tag}x$i" a="AGENT${tag}x$i" l="LANG${tag}x$i"
	local_no=$(printf '%07d' $(( (RANDOM * 32768 + RANDOM) % 10000000 )))
	phone="040 $local_no"
	printf '%s\n' "$m" "$u" "$w" "$p" "$c" "$a" "$l" "40$local_no" \
	    "040$local_no" "$phone" >>"$needles"
	pad=$(head -c $((RANDOM % 9000)) /dev/zero | tr '\0' 'y')
	page=$T_TMP/page
	st=$(vf_curl --interface "$src" -A "$a" -H "Accept-Language: fi, $l;q=0.1" \
	    -o "$page" -w '%{http_code}' \
	    --data-urlencode kind=objection --data-urlencode unit=other \
	    --data-urlencode "unit_other=$u" --data-urlencode role=client \
	    --data-urlencode "message=$m $pad" --data-urlencode "when=$w" \
	    --data-urlencode "persons=$p" --data-urlencode "phone=$phone" \
	    --data-urlencode "callback_time=$c" --data-urlencode confirm=yes \
	    "$(vf_url /fi/form)" 2>/dev/null)
	r=$(vf_receipt "$page")
	if [ "$st" = 200 ] && [ -n "$r" ]; then
		ok=$((ok + 1)); echo "$r" >>"$T_TMP/receipts"
		echo "$r" >>"$needles"; echo "${r//-/}" >>"$needles"
	else
		echo "  submission $i from $src: status $st"
	fi
done
check "all $n marked submissions confirmed ($ok)" [ "$ok" = "$n" ]
for k in 2 3 4 5 6 7 8 9; do echo "127.0.0.$k" >>"$needles"; done
vf_export "$T_TMP/bundle" || fail "export"
vf_stop || fail "gateway stops cleanly"
vf_open "$T_TMP/bundle" >"$T_TMP/opened"
check "the markers are inside the seals (reviewer opens all $n)" \
    [ "$(vf_lost "$T_TMP/receipts" "$T_TMP/opened")" = 0 ]
check "the opened records carry the planted unit" \
    [ "$(grep -c " objection other UNIT$tag" "$T_TMP/opened")" = "$n" ]

# The scan: every file under the state dir (raw data.mdb and lock.mdb
# included), the bundle, the gateway's stdout and stderr.
scan=("$VF_STATE" "$T_TMP/bundle" "$VF_ERR" "$VF_OUT")
echo "  scanning $(find "${scan[@]}" -type f | wc -l) files," \
    "$(du -sk "${scan[@]}" | awk '{s+=$1} END{print s}') KiB for $(wc -l <"$needles") needles"
# the scan must be able to fail: a canary file with one needle is found
sed -n 1p "$needles" >"$T_TMP/canary"
check "the scan finds a planted canary" grep -qaF -f "$needles" "$T_TMP/canary"
hits=$(grep -raFl -f "$needles" "${scan[@]}" 2>/dev/null)
check "no marker, phone number, address or receipt in any file or log" [ -z "$hits" ]
[ -n "$hits" ] && echo "  found in: $hits"
# case-insensitive too (a logger might upper-case)
check "no marker in any case" [ -z "$(grep -raiFl "$tag" "${scan[@]}" 2>/dev/null)" ]
check "the gateway printed nothing on stdout" [ ! -s "$VF_OUT" ]

# Envelope outsides: sizes in the buckets; one outside per hour.
"$VF_TOOL" outside "$VF_STATE/gateway-signing.pub" "$T_TMP/bundle" >"$T_TMP/outside" ||
    fail "read the outsides"
bad=$(awk '{ b=$5; ok=0; for (x=1024; x<=65536; x*=2) if (b==x && $1==x+13+48) ok=1;
    if (!ok) print }' "$T_TMP/outside" | wc -l)
check "every envelope size is a documented bucket ($bad off)" [ "$bad" = 0 ]
echo "  buckets used: $(awk '{print $5}' "$T_TMP/outside" | sort -n | uniq -c | tr '\n' ' ')"
hours=$(awk '{print $4}' "$T_TMP/outside" | sort -u | wc -l)
outs=$(awk '{print $2, $3, $4}' "$T_TMP/outside" | sort -u | wc -l)
check "envelopes of the same hour have the same outside ($outs outsides, $hours hours)" \
    [ "$outs" = "$hours" ]
check "the outside hour is coarse (no envelope hour beyond now)" \
    [ "$(awk -v now="$(( $(date +%s) / 3600 ))" '$4 > now' "$T_TMP/outside" | wc -l)" = 0 ]

# The gateway binary: no sealed-box open, no secret keyring code.
gw=$SNT_BIN/sinetti-gateway
check "gateway binary has no crypto_box_seal_open symbol" \
    [ -z "$(nm -a "$gw" 2>/dev/null | grep crypto_box_seal_open)$(nm -D "$gw" 2>/dev/null | grep crypto_box_seal_open)" ]
check "gateway binary has no crypto_box_seal_open string" \
    [ -z "$(strings -a "$gw" | grep crypto_box_seal_open)" ]
check "gateway binary has no keyring (secret key) code" \
    [ -z "$(nm -a "$gw" 2>/dev/null | grep -E ' (keyring_|envelope_open)')" ]
check "no file in the state dir readable by group or others" \
    [ -z "$(find "$VF_STATE" -perm /077 ! -type l)" ]
t_done

#!/usr/bin/env bash
# gateway_privacy.sh — after a submission full of marker strings, sent from
# 127.0.0.2 with a marked User-Agent, nothing under the state directory and
# nothing the gateway printed holds a marker, the receipt or the address.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/lib/gateway.sh"

gw_init || { fail "init"; t_done; }
gw_start || { fail "serve starts"; t_done; }

M=ZQXMARK$$
addr=127.0.0.2
if ! curl -sS --max-time 5 --interface "$addr" --cacert "$GW_STATE/tls-cert.pem" \
    -o /dev/null "$(GW_URL /en/)" 2>/dev/null; then
	fail "can connect from $addr"
	t_done
fi
gw_submit en "message=${M}msg Hoitaja ${M}name ei tullut." "unit=other" \
    "unit_other=${M}unit" "when=${M}when" "persons=${M}persons" \
    "phone=+358 40 765 4321" "callback_time=${M}callback" \
    -- --interface "$addr" -A "${M}agent" -H "X-Forwarded-For: 10.9.8.7" \
    -H "Accept-Language: en;q=0.9, ${M}lang" -D "$T_TMP/h" >"$T_TMP/ok.html"
receipt=$(gw_receipt "$T_TMP/ok.html")
check "submission from $addr confirmed" test -n "$receipt"
# A refused and an invalid request from the same address, too.
gw_curl --interface "$addr" -A "${M}agent" -o /dev/null "$(GW_URL "/en/${M}path")"
gw_submit en "message=" "when=${M}invalid" -- --interface "$addr" -o /dev/null
check "vault holds the one envelope" test "$(gw_vault_count)" -eq 1
check_exit "gateway stops" 0 gw_stop

# Everything the gateway could have written or printed.
find "$GW_STATE" -type f >"$T_TMP/files"
check "state directory has files to search" test "$(wc -l <"$T_TMP/files")" -ge 8
cat "$GW_ERR" "$GW_OUT" >"$T_TMP/printed"
check "gateway printed something (log lines)" test -s "$T_TMP/printed"
compact=${receipt//-/}
for needle in "$M" "$addr" "127.0.0.2" "10.9.8.7" "$receipt" "$compact" \
    "765 4321" "7654321" "+358407654321"; do
	check "no file under the state dir holds '$needle'" \
	    bash -c "! xargs -d '\n' grep -aqF -- '$needle' <'$T_TMP/files'"
	check "gateway output does not hold '$needle'" \
	    bash -c "! grep -aqF -- '$needle' '$T_TMP/printed'"
done
check "no temporary files left in the state dir" \
    bash -c "! find '$GW_STATE' -name '*.tmp*' -o -name '.*' -type f | grep -q ."
t_done

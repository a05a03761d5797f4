#!/usr/bin/env bash
# verify_hostile.sh — raw hostile HTTP against a real gateway over loopback:
# malformed request lines, duplicate and conflicting Content-Length, chunked
# bodies, header floods, huge URIs, 30000 form fields, long names, %00,
# overlong UTF-8, surrogates, mixed encodings. Each gets a 4xx (or, for
# broken framing, a closed connection), never a 5xx or a crash, and the
# gateway still serves afterwards; RSS stays bounded. Then an oversized
# body is refused at the cap without being read whole.
. "$(dirname "$0")/../lib/prog.sh"
. "$SNT_ROOT/tests/verify/lib.sh"

vf_setup || { fail "setup"; t_done; }
vf_start || { fail "gateway starts"; t_done; }
rss0=$(vf_rss "$VF_PID")
python3 "$VF_CLIENT" hostile --port "$VF_PORT" --ca "$VF_STATE/tls-cert.pem"
rss1=$(vf_rss "$VF_PID")
echo "RSS before ${rss0} KiB, after the hostile run ${rss1} KiB"
check "gateway alive after the hostile run" kill -0 "$VF_PID"
read -r st rc < <(vf_submit)
check "a normal submission still succeeds ($st)" [ "$st" = 200 ] && [ -n "$rc" ]

# 64 MiB announced and streamed: refused at the cap; the gateway must not
# read (or buffer) it all. curl stops sending when the answer comes.
big=$T_TMP/big
head -c $((64 << 20)) /dev/zero | tr '\0' 'a' >"$big"
st=$(vf_curl -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary @"$big" "$(vf_url /fi/form)" 2>/dev/null)
check "64 MiB body refused with 413 ($st)" [ "$st" = 413 ]
# The same without Expect: 100-continue: count what the gateway let in.
out=$(python3 "$VF_CLIENT" bigbody --mb 64 --port "$VF_PORT" --ca "$VF_STATE/tls-cert.pem")
echo "$out"
sent=$(echo "$out" | sed -n 's/.*after \([0-9]*\) of.*/\1/p')
check "streamed 64 MiB body refused with 413" grep -q 'status 413' <<<"$out"
check "refused long before the end (${sent:-?} bytes sent)" [ "${sent:-999999999}" -lt $((16 << 20)) ]
rss2=$(vf_rss "$VF_PID")
echo "RSS after the 64 MiB body ${rss2} KiB"
# bounded: the body cap is 256 KiB; allow generous slack for TLS buffers
vf_rss_check "RSS stays bounded" "$rss0" "$rss2" 32768
check "gateway still serving" [ "$(vf_curl -o /dev/null -w '%{http_code}' "$(vf_url /fi/)")" = 200 ]
vf_stop; rc=$?
check "gateway stops cleanly (exit $rc)" [ "$rc" = 0 ]
t_done

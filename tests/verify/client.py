#!/usr/bin/env python3
"""client.py — HTTPS clients for the verification battery (Python stdlib).

  load    --port P --ca FILE --out RECEIPTS [--threads N] [--seconds S]
          [--source 127.0.0.N] [--marker TEXT]
          Parallel submissions in a loop, tolerating a gateway that dies
          and comes back; every receipt from a confirmation page is
          appended (and flushed) to RECEIPTS the moment the page is whole.
  hostile --port P --ca FILE
          Malformed and hostile requests; each must get a 4xx (or a
          closed connection for broken framing), never a 5xx or a crash.
          Prints PASS:/FAIL: lines.
  slow    --port P --ca FILE --mode loris|body|read [--conns N] [--seconds S]
          Holds N slow connections open for S seconds.
"""
import argparse
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

RECEIPT = re.compile(rb'<code id="receipt">([^<]*)</code>')


def ctx_for(ca):
    c = ssl.create_default_context(cafile=ca)
    c.check_hostname = False
    return c


def connect(a, source=None, timeout=20):
    s = socket.create_connection(("127.0.0.1", a.port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    return a.ctx.wrap_socket(s, server_hostname="localhost")


def read_response(s, limit=1 << 22):
    """Reads one HTTP/1.1 response (Content-Length or close framing)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            break
        buf += d
        if len(buf) > limit:
            break
    head, _, body = buf.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    status = int(m.group(1)) if m else 0
    cl = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if cl:
        need = int(cl.group(1))
        while len(body) < need:
            d = s.recv(65536)
            if not d:
                break
            body += d
    return status, head, body


def form_body(marker=""):
    f = [("kind", "concern"), ("unit", "kotihoito"), ("role", "relative"),
         ("message", "Something happened on Tuesday. " + marker),
         ("confirm", "yes")]
    return urllib.parse.urlencode(f).encode()


def post(s, path, body, extra=b""):
    s.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n" +
              extra + b"Connection: close\r\n\r\n" + body)


# ---------------------------------------------------------------- load
def load(a):
    out = open(a.out, "ab", buffering=0)
    lock = threading.Lock()
    stop = time.time() + a.seconds
    stats = {"ok": 0, "err": 0, "other": 0}

    def worker(i):
        while time.time() < stop and not os.path.exists(a.out + ".stop"):
            try:
                s = connect(a, a.source, timeout=10)
                post(s, b"/fi/form", form_body(a.marker))
                st, _, body = read_response(s)
                s.close()
                m = RECEIPT.search(body)
                with lock:
                    if st == 200 and m:
                        out.write(m.group(1) + b"\n")
                        stats["ok"] += 1
                    else:
                        stats["other"] += 1
                        k = "status %d" % st
                        stats[k] = stats.get(k, 0) + 1
            except (OSError, ssl.SSLError):
                with lock:
                    stats["err"] += 1
                time.sleep(0.02)

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(a.threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("load: %(ok)d confirmations, %(other)d other answers, "
          "%(err)d connection errors" % stats, " ".join(
              "%s: %d;" % (k, v) for k, v in sorted(stats.items())
              if k.startswith("status")))


# ---------------------------------------------------------------- hostile
def raw(a, data, read=True, timeout=10):
    """Sends raw bytes; returns the status (0 = connection closed without
    an answer)."""
    try:
        s = connect(a, timeout=timeout)
        s.sendall(data)
        if not read:
            s.close()
            return 0
        st, _, body = read_response(s)
        s.close()
        if RECEIPT.search(body):
            return 999	# a confirmation for a hostile request
        return st
    except (OSError, ssl.SSLError):
        return 0


def req(method, path, headers=(), body=b""):
    h = b"".join(k + b": " + v + b"\r\n" for k, v in headers)
    return (method + b" " + path + b" HTTP/1.1\r\nHost: localhost\r\n" + h +
            b"Connection: close\r\n\r\n" + body)


def formpost(body, extra=()):
    """A form POST; extra headers replace the defaults of the same name."""
    h = {b"Content-Type": b"application/x-www-form-urlencoded",
         b"Content-Length": str(len(body)).encode()}
    h.update(dict(extra))
    return req(b"POST", b"/fi/form", list(h.items()), body)


def hostile(a):
    fails = 0
    if raw(a, req(b"GET", b"/fi/")) != 200:
        print("FAIL: hostile: the gateway does not serve the form to begin with")
        return 1
    good = form_body().decode()
    cases = [
        # name, request bytes, accepted statuses (0 = closed)
        ("garbage request line", b"\x16\x03\x01garbage\r\n\r\n", "4|0"),
        ("no version", b"GET /\r\n\r\n", "4|0"),
        ("HTTP/2.0 request line", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", "4|505|0"),
        ("bad method", req(b"BREW", b"/"), "4"),
        ("TRACE", req(b"TRACE", b"/"), "4"),
        ("lower-case method", req(b"get", b"/"), "4|0"),
        ("absolute URI elsewhere", req(b"GET", b"http://evil.example/"), "4|0|3"),
        ("huge URI", req(b"GET", b"/" + b"a" * 100000), "4|0"),
        # MHD decodes the path in place, so "/fi/%00" reaches the web layer as
        # "/fi/": served as that page, which is harmless.
        ("NUL in URI", req(b"GET", b"/fi/%00"), "4|200"),
        ("header flood", b"GET / HTTP/1.1\r\nHost: x\r\n" +
         b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 50) for i in range(20000)) +
         b"\r\n", "4|0"),
        ("one huge header", req(b"GET", b"/", [(b"X-Big", b"b" * 200000)]), "4|0"),
        ("duplicate Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Content-Length", b"5"), (b"Content-Length", b"5")], b"a=b&c"), "4|0"),
        ("conflicting Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Content-Length", b"5"), (b"Content-Length", b"900")], b"a=b&c"), "4|0"),
        ("negative Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Length", b"-1")], b""), "4|0"),
        ("huge Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Content-Length", b"99999999999999999999")]), "4|0"),
        ("Content-Length over the cap", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Content-Length", b"10000000")]), "413"),
        ("chunked and Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Transfer-Encoding", b"chunked"), (b"Content-Length", b"3")],
         b"5\r\nkind=\r\n0\r\n\r\n"), "4|0|200"),  # RFC 9112: chunked wins
        ("chunked bad size", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Transfer-Encoding", b"chunked")], b"zz\r\nabc\r\n0\r\n\r\n"), "4|0"),
        ("chunked huge size", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Transfer-Encoding", b"chunked")],
         b"ffffffffffffffff\r\nabc\r\n0\r\n\r\n"), "4|0"),
        ("chunked over the cap", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Transfer-Encoding", b"chunked")],
         b"".join(b"4000\r\n" + b"a" * 0x4000 + b"\r\n" for _ in range(20)) +
         b"0\r\n\r\n"), "4|0"),
        ("unknown Transfer-Encoding", req(b"POST", b"/fi/form",
         [(b"Transfer-Encoding", b"gzip, chunked")], b"0\r\n\r\n"), "4|0"),
        ("wrong Content-Type", formpost(good.encode(),
         [(b"Content-Type", b"text/plain")]), "4"),
        ("multipart", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"multipart/form-data; boundary=x"),
          (b"Content-Length", b"4")], b"--x-"), "4"),
        ("30000 fields", formpost(b"&".join(b"f%d=1" % i for i in range(30000))), "4"),
        ("very long field name", formpost(b"a" * 100000 + b"=1"), "4"),
        ("%00 in message", formpost(good.replace("Something", "Some%00thing").encode()), "4"),
        ("overlong UTF-8 (%C0%AF)", formpost(good.replace("Something", "%C0%AF").encode()), "4"),
        ("surrogate (%ED%A0%80)", formpost(good.replace("Something", "%ED%A0%80").encode()), "4"),
        ("Latin-1 byte (%E4)", formpost(good.replace("Something", "p%E4iv%E4").encode()), "4"),
        ("raw Latin-1 byte", formpost(good.replace("Something", "p\xe4iv\xe4").encode("latin-1")), "4"),
        ("mixed: UTF-8 then Latin-1", formpost(good.replace("Something", "%C3%A4%E4").encode()), "4"),
        ("charset=iso-8859-1", formpost(good.encode(),
         [(b"Content-Type", b"application/x-www-form-urlencoded; charset=iso-8859-1")]), "4"),
        ("bad percent escape", formpost(good.replace("Something", "%G1").encode()), "4"),
        ("truncated percent", formpost((good + "%4").encode()), "4"),
        ("kind twice", formpost((good + "&kind=feedback").encode()), "4"),
        ("empty pair", formpost((good + "&&").encode()), "4"),
        ("5 unknown fields", formpost((good + "".join("&zz%c=1" % c for c in "abcde")).encode()), "4"),
        ("body shorter than Content-Length", req(b"POST", b"/fi/form",
         [(b"Content-Type", b"application/x-www-form-urlencoded"),
          (b"Content-Length", b"50")], b"kind=x"), "4|0"),
        ("path traversal", req(b"GET", b"/static/../../etc/passwd"), "4"),
        ("encoded traversal", req(b"GET", b"/static/%2e%2e/%2e%2e/etc/passwd"), "4"),
        ("Host header missing", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "4"),
        ("header without colon", b"GET / HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n", "4|0"),
        ("obsolete line folding", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", "4|0|2|3"),
        ("bare LF request", b"GET / HTTP/1.1\nHost: x\n\n", "4|0|2|3"),
    ]
    for name, data, want in cases:
        st = raw(a, data)
        ok = any((w == "0" and st == 0) or (w != "0" and str(st).startswith(w))
                 for w in want.split("|"))
        if ok and st >= 500 and want.find("505") < 0:
            ok = False
        print("%s: hostile %s -> %s" % ("PASS" if ok else "FAIL", name, st or "closed"))
        fails += not ok
        sys.stdout.flush()
    st = raw(a, req(b"GET", b"/fi/"))
    print("%s: hostile: still serving the form afterwards (%d)" %
          ("PASS" if st == 200 else "FAIL", st))
    return fails + (st != 200)


# ---------------------------------------------------------------- big body
def bigbody(a):
    """Announces and streams a body of --mb MiB without Expect: 100-continue
    and counts how much the gateway let us send before it answered."""
    s = connect(a, timeout=30)
    total = a.mb << 20
    s.sendall(b"POST /fi/form HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: " + str(total).encode() + b"\r\n\r\n")
    s.settimeout(2)
    sent, chunk, st = 0, b"a" * 65536, 0
    try:
        while sent < total:
            sent += s.send(chunk)
    except (OSError, ssl.SSLError):
        pass
    try:
        s.settimeout(10)
        st, _, _ = read_response(s)
    except (OSError, ssl.SSLError):
        pass
    print("bigbody: status %d after %d of %d bytes sent" % (st, sent, total))


# ---------------------------------------------------------------- slow
def slow(a):
    conns = []
    stop = time.time() + a.seconds
    for i in range(a.conns):
        src = "127.0.0.%d" % (2 + i % a.sources)
        try:
            s = connect(a, src, timeout=a.seconds + 30)
        except (OSError, ssl.SSLError):
            continue
        try:
            if a.mode == "loris":
                s.sendall(b"GET /fi/ HTTP/1.1\r\nHost: localhost\r\n")
            elif a.mode == "body":
                s.sendall(b"POST /fi/form HTTP/1.1\r\nHost: localhost\r\n"
                          b"Content-Type: application/x-www-form-urlencoded\r\n"
                          b"Content-Length: 200000\r\n\r\nkind=")
            else:  # read: ask for pages, never read the answers
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
                s.sendall(b"GET /fi/ HTTP/1.1\r\nHost: localhost\r\n\r\n" * 50)
        except (OSError, ssl.SSLError):
            pass
        conns.append(s)
    open_at_start = len(conns)
    dropped = 0
    while time.time() < stop:
        for s in list(conns):
            try:
                if a.mode == "loris":
                    s.sendall(b"X-a: b\r\n")
                elif a.mode == "body":
                    s.sendall(b"a")
            except (OSError, ssl.SSLError):
                conns.remove(s)
                dropped += 1
        time.sleep(1)
    for s in conns:
        try:
            s.close()
        except OSError:
            pass
    print("slow %s: %d of %d connections opened, %d closed by the gateway "
          "during the attack" % (a.mode, open_at_start, a.conns, dropped))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["load", "hostile", "slow", "bigbody"])
    p.add_argument("--mb", type=int, default=64)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--out")
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--source")
    p.add_argument("--marker", default="")
    p.add_argument("--mode", default="loris")
    p.add_argument("--conns", type=int, default=50)
    p.add_argument("--sources", type=int, default=1)
    a = p.parse_args()
    a.ctx = ctx_for(a.ca)
    if a.cmd == "load":
        load(a)
    elif a.cmd == "bigbody":
        bigbody(a)
    elif a.cmd == "hostile":
        sys.exit(1 if hostile(a) else 0)
    else:
        slow(a)


if __name__ == "__main__":
    main()

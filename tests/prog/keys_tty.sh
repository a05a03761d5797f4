#!/usr/bin/env bash
# keys_tty.sh — passphrases on a terminal: no echo, new ones asked twice,
# a mismatch changes nothing. Drives sinetti-keys on a pseudo-terminal
# through python3's pty module (skipped when python3 is missing).
. "$(dirname "$0")/../lib/prog.sh"
cd "$T_TMP" || exit 1
if ! command -v python3 >/dev/null; then
	echo "SKIP: keys_tty (no python3)"
	exit 0
fi

# on_tty OUTFILE ANSWER... -- ARGS...: runs sinetti-keys on a pty, typing
# each ANSWER after a prompt; prints the exit status.
cat >drive_tty.py <<'PY'
import os, pty, select, sys, time
sep = sys.argv.index('--')
outfile, answers, args = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
out = b''
def pump(until, t=20.0):
    global out
    end = time.time() + t
    while time.time() < end and not until():
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            d = os.read(fd, 4096)
        except OSError:
            return
        if not d:
            return
        out += d
for a in answers:
    n = out.count(b': ')
    pump(lambda: out.count(b': ') > n and out.rstrip().endswith(b':'))
    # the prompt is written before echo is turned off with TCSAFLUSH,
    # which drops anything typed in between: type like a person, later
    time.sleep(0.3)
    os.write(fd, a.encode() + b'\n')
pump(lambda: False, 30.0)
done, st = os.waitpid(pid, os.WNOHANG)
if done == 0:        # still waiting for input: a failure, not a hang
    os.kill(pid, 9)
    _, st = os.waitpid(pid, 0)
open(outfile, 'wb').write(out)
print(os.waitstatus_to_exitcode(st))
PY
K="$SNT_BIN/sinetti-keys"
INIT=("$K" init --keyring k --officer alice --public-out k.pub --kdf-memory 64)

rc=$(python3 drive_tty.py out1 'tty-secret-1' 'tty-secret-2' -- "${INIT[@]}")
check "mismatched new passphrases refused" [ "$rc" = 1 ]
check "mismatch creates nothing" bash -c '[ ! -e k ] && [ ! -e k.pub ]' 
check "mismatch is explained" grep -q 'the two passphrases differ' out1

rc=$(python3 drive_tty.py out2 'tty-secret-1' 'tty-secret-1' -- "${INIT[@]}")
check "init on a terminal" [ "$rc" = 0 ]
check "new passphrase asked twice" grep -q 'Repeat the new passphrase for alice' out2
check "passphrase not echoed" bash -c '[ -s out2 ] && ! grep -q tty-secret out2'

rc=$(python3 drive_tty.py out3 'tty-wrong-1' -- "$K" rotate --keyring k --as alice --public-out r.pub)
check "wrong passphrase on a terminal" [ "$rc" = 1 ]
check "one generic message" grep -q 'wrong officer name or passphrase' out3
rc=$(python3 drive_tty.py out4 'tty-secret-1' -- "$K" rotate --keyring k --as alice --public-out r.pub)
check "right passphrase on a terminal" [ "$rc" = 0 ]
check "rotated on a terminal" grep -qx 'epoch: 2' r.pub
t_done

#!/usr/bin/env bash
# shellcheck disable=SC2016 # sh -c scripts are single-quoted on purpose
# Self-test for tools/qrun: one verdict line per case,
#   TEST HOST_QRUN00NN passed | TEST HOST_QRUN00NN failed: <reason>
# then "N passed, N failed"; exits non-zero if any case failed.
#
# Usage: tools/qrun_selftest.sh [path/to/qrun]
# Without an argument qrun is built from tools/qrun.c into a temporary
# directory.  Cases 0030+ boot tiny 16-bit boot sectors (built here with
# as/ld, never committed) under qemu-system-x86_64 to test --idle-check-after.
set -u

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/qrun-selftest.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
    qrun=$1
else
    qrun=$work/qrun
    gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$qrun" "$here/qrun.c" || exit 1
fi

npass=0
nfail=0
out=$work/out
err=$work/err
rc=0
ms=0

# Print one verdict line: pass NN | fail NN reason
pass() {
    echo "TEST HOST_QRUN00$1 passed"
    npass=$((npass + 1))
}
fail() {
    echo "TEST HOST_QRUN00$1 failed: $2"
    nfail=$((nfail + 1))
}

# Run qrun with the given arguments; sets rc (exit status) and ms (elapsed).
run() {
    local t0 t1
    t0=$(date +%s%N)
    "$qrun" "$@" >"$out" 2>"$err" </dev/null
    rc=$?
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
}

# check NN WANT_RC [STDERR_REGEX] [MAX_MS]: judge the last run.
check() {
    local id=$1 want=$2 pat=${3:-} max=${4:-}
    if [ "$rc" -ne "$want" ]; then
        fail "$id" "exit status $rc, wanted $want ($(head -c 200 "$err" | tr '\n' ' '))"
    elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$err"; then
        fail "$id" "stderr lacks /$pat/: $(head -c 200 "$err" | tr '\n' ' ')"
    elif [ -n "$max" ] && [ "$ms" -gt "$max" ]; then
        fail "$id" "took $ms ms, limit $max ms"
    else
        pass "$id"
    fi
}

# True if the process whose pid is in file $1 is gone (or a zombie: the
# orphan reaper may be slow or absent in containers).
gone() {
    local pid state
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] || return 1
    state=$(ps -o stat= -p "$pid" 2>/dev/null)
    [ -z "$state" ] || [ "${state#Z}" != "$state" ]
}

# --- exit statuses ---------------------------------------------------------
run -- sh -c 'echo hello'
if [ "$rc" -eq 0 ] && [ "$(cat "$out")" = hello ]; then pass 01; else fail 01 "rc=$rc out=$(cat "$out")"; fi

run -- sh -c 'exit 3'
check 02 1 'qrun: sh exited with status 3$'

run -- sh -c 'exit 1'
check 03 0

run --exit-ok 33 -- sh -c 'exit 33'
check 04 0

run --exit-ok 33 -- sh -c 'exit 1'
check 05 1 'exited with status 1'

run -- sh -c 'kill -9 $$'
check 06 1 'killed by signal 9'

run -- /nonexistent/qemu
check 07 1 'cannot run /nonexistent/qemu'

# status 1 is both isa-debug-exit(0) and a QEMU error: an error line decides
run -- sh -c 'echo "qemu: could not open kernel file x"; exit 1'
check 08 1 'failed \(status 1\): qemu: could not open kernel file x$'

run -- sh -c 'echo "sh: warning: host lacks svm"; exit 1'
check 09 0

run -- sh -c 'echo "qemu: odd but status 0"'
check 10 0

if [ "$(echo hi | "$qrun" --interactive -- sh -c 'read -r x; echo "got[$x]"' 2>&1)" = "got[hi]" ]; then
    pass 11
else
    fail 11 "--interactive did not pass stdin through"
fi

# --- timeout and process-group cleanup --------------------------------------
run --timeout 1 -- sh -c 'echo $$ >'"$work"'/p1; sleep 30 & echo $! >'"$work"'/p2; wait'
if [ "$rc" -eq 124 ] && grep -q '^qrun: timeout after 1 s$' "$err" && [ "$ms" -lt 4000 ] &&
    gone "$work/p1" && gone "$work/p2"; then
    pass 12
else
    fail 12 "rc=$rc ms=$ms err=$(cat "$err"); group not killed?"
fi

run --timeout 1 -- sh -c 'trap "" TERM; while :; do sleep 0.1; done'
check 13 124 'timeout after 1 s' 5000

# --- until -------------------------------------------------------------------
run --until 'do+ne' -- sh -c 'echo $$ >'"$work"'/p3; echo start; echo dooone; sleep 30'
if [ "$rc" -eq 0 ] && [ "$ms" -lt 3000 ] && gone "$work/p3"; then pass 14; else fail 14 "rc=$rc ms=$ms"; fi

run --until '^ok$' --reject BAD -- sh -c 'echo ok; echo BAD; sleep 30'
check 15 0 '' 3000

run --until 'A' --until 'B' -- sh -c 'echo B; sleep 30'
check 16 0 '' 3000

# --- expect --------------------------------------------------------------------
run --expect one --expect two --expect three -- sh -c 'echo one; echo x; echo two three; echo three'
check 17 0

run --expect b --expect a -- sh -c 'echo a; echo b'
check 18 1 '^qrun: missing expected output: a$'

run --expect a --expect a -- sh -c 'echo a'
check 19 1 'missing expected output: a'

run --timeout 1 --expect never -- sh -c 'sleep 30'
check 20 124 'timeout after 1 s'

run --until END --expect mid -- sh -c 'echo END; echo mid; sleep 30'
check 21 1 'missing expected output: mid'

# --- reject --------------------------------------------------------------------
run --reject 'FAIL|panic' -- sh -c 'echo fine; echo "kernel panic: x"; echo more'
check 22 1 '^qrun: rejected output: kernel panic: x$'

run --reject FAIL -- sh -c 'echo fine'
check 23 0

# --- line handling ---------------------------------------------------------------
run --until '^done$' --expect '^a$' -- sh -c 'printf "a\r\ndone\r\n"; sleep 30'
check 24 0 '' 3000

run --expect '^READY now$' -- sh -c 'printf "\033[1;32mREADY\033[0m now\033[K\r\n"'
check 25 0

run --expect '^last$' -- sh -c 'printf "first\nlast"'
check 26 0

run --expect 'xEND$' --expect '^after$' -- sh -c \
    'i=0; while [ $i -lt 1000 ]; do printf xxxxxxxxxx; i=$((i+1)); done; printf "END\nafter\n"'
check 27 0

run --quiet --expect '^tail$' -- sh -c \
    'head -c 300000 /dev/zero | tr "\0" y; printf "\ntail\n"'
check 28 0

# --- echo, log, stdin ------------------------------------------------------------
run --quiet --log "$work/log" -- sh -c 'printf "\033[1mA\033[0m\r\nB"'
if [ "$rc" -eq 0 ] && [ ! -s "$out" ] && [ "$(od -An -c "$work/log" | tr -d ' \n')" = '033[1mA033[0m\r\nB' ]; then
    pass 29
else
    fail 29 "rc=$rc stdout=$(wc -c <"$out") log=$(od -An -c "$work/log" 2>&1 | tr -d '\n')"
fi

run --echo -- sh -c 'printf "a\r\n"'
if [ "$rc" -eq 0 ] && [ "$(od -An -c "$out" | tr -d ' \n')" = 'a\r\n' ]; then pass 30; else fail 30 "echo not raw"; fi

run --timeout 5 --expect '^got\[\]$' -- sh -c 'read -r x; echo "got[$x]"'
check 31 0 '' 3000

# --- usage errors ---------------------------------------------------------------
run --until
check 32 2 'needs a value'

run --until '(' -- true
check 33 2 'bad regex'

run --frobnicate -- true
check 34 2 'unknown option'

run --timeout
check 35 2 'needs a value'

run --timeout 1
check 36 2 'no command'

# --- signals to qrun --------------------------------------------------------------
"$qrun" --quiet -- sh -c 'echo $$ >'"$work"'/p4; sleep 30' </dev/null >/dev/null 2>"$err" &
qpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/p4" ] && break; sleep 0.1; done
kill -TERM "$qpid"
wait "$qpid"
rc=$?
if [ "$rc" -eq 143 ] && grep -q 'interrupted by signal 15' "$err" && gone "$work/p4"; then
    pass 37
else
    fail 37 "rc=$rc err=$(cat "$err")"
fi

# --- idle check without QEMU: never triggered / no monitor --------------------------
run --idle-check-after never -- sh -c 'echo hi'
check 38 1 'idle check did not run'

# --- idle check with QEMU: sti;hlt passes, cli;hlt fails -----------------------------
# make_image NAME INSN: a boot sector printing a banner on COM1, then INSN; hlt loop.
make_image() {
    cat >"$work/$1.S" <<EOF
    .code16
    .globl _start
_start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov \$0x7c00, %sp
    mov \$msg, %si
    mov \$0x3f8, %dx
1:  lodsb
    test %al, %al
    jz 2f
    out %al, %dx
    jmp 1b
2:  $2
3:  hlt
    jmp 3b
msg: .asciz "\\033[1mMICA idle test ($2)\\033[0m\\r\\n"
    .org 510
    .byte 0x55, 0xaa
EOF
    as --32 -o "$work/$1.o" "$work/$1.S" &&
        ld -m elf_i386 -Ttext 0x7c00 --oformat binary -e _start -o "$work/$1.img" "$work/$1.o"
}

# qemu ARGS: run qrun on $img, with the monitor tmpdir under $work/t.
qemu() {
    TMPDIR=$work/t run --quiet --timeout 30 "$@" -- qemu-system-x86_64 -accel tcg -nographic \
        -drive "format=raw,file=$img"
}

if ! command -v qemu-system-x86_64 >/dev/null || ! command -v as >/dev/null; then
    for i in 39 40 41 42 43; do
        echo "TEST HOST_QRUN00$i skipped: no qemu-system-x86_64 or as"
    done
elif ! make_image idle sti || ! make_image dead cli; then
    fail 39 "could not assemble the boot sectors"
else
    mkdir -p "$work/t"
    img=$work/idle.img
    qemu --idle-check-after 'MICA idle test'
    check 39 0 '' 20000

    img=$work/dead.img
    qemu --idle-check-after 'MICA idle test'
    check 40 1 '^qrun: idle check failed: .*HLT=1' 20000

    img=$work/idle.img
    qemu --expect 'SeaBIOS' --expect 'MICA idle test \(sti\)$' --until 'MICA idle'
    check 41 0 '' 20000

    img=$work/idle.img
    qemu --expect 'nothing like this' --idle-check-after 'MICA idle test'
    check 42 1 'missing expected output: nothing like this' 20000

    if [ -n "$(ls -A "$work/t")" ]; then
        fail 43 "monitor tmpdir left behind: $(ls -A "$work/t")"
    else
        pass 43
    fi
fi

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]

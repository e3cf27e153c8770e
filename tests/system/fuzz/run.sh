#!/usr/bin/env bash
# Run the syscall fuzzer (tests/system/fuzz/README.md) once and print its verdicts:
#
#   TEST FUZZ0001 passed|failed: reason    the kernel survived: the root finished its checks,
#                                          no KERNEL EXCEPTION, no "Mica kernel bug", no hang
#   TEST FUZZ_WATCH0001..0006 ...          the watchers and the resource check (from the root)
#   TEST FUZZ_WATCH0007 ...                no fuzz thread is left in the final scheduler dump
#
#   tests/system/fuzz/run.sh [options] BUILD_DIR "QEMU COMMAND PREFIX"
#     --soak             the long run: 10,000,000 invocations (default: the short one, 100,000)
#     --invocations N    stop after at least N invocations
#     --seed S           the seed (decimal or 0x hex; default: the one compiled in)
#     --worlds W         fuzz threads, 1..8 (default 4)
#     --trace            every fuzz thread prints each invocation (slow; for reproducing)
#     --verbose          the root explains each world it rebuilds after repeated faults
#     --timeout S        QEMU time limit in seconds (default 600; --soak: 43200)
#     --kernel ELF       the kernel to attack (default BUILD_DIR/kernel/mica.elf)
#     --name NAME        prefix of the verdict names (default FUZZ)
#
# The run's parameters are written into a copy of fuzz.elf (its .fuzz_params
# section, with objcopy), so no rebuild is needed.  The log, without the
# kernel's userError lines (there are millions), is BUILD_DIR/test-logs/<name>.log.
# Exit status: 0 only if every verdict passed.
set -u

soak=0 invocations="" seed="" worlds=4 flags=0 timeout="" kernel="" name=FUZZ
while [ $# -gt 0 ]; do
    case $1 in
    --soak) soak=1 ;;
    --invocations) invocations=$2; shift ;;
    --seed) seed=$2; shift ;;
    --worlds) worlds=$2; shift ;;
    --trace) flags=$((flags | 1)) ;;
    --verbose) flags=$((flags | 4)) ;;
    --timeout) timeout=$2; shift ;;
    --kernel) kernel=$2; shift ;;
    --name) name=$2; shift ;;
    --*) set -- --usage ;& # anything unknown (--help too): the usage
    --usage) break ;;
    *) break ;;
    esac
    shift
done
if [ $# -ne 2 ] || [ "$1" = --usage ]; then
    echo "usage: tests/system/fuzz/run.sh [--soak] [--invocations N] [--seed S] [--worlds W] [--trace]" \
        "[--verbose] [--timeout S] [--kernel ELF] [--name NAME] BUILD_DIR \"QEMU COMMAND PREFIX\"" >&2
    exit 2
fi
BUILD=$1
QEMU_BASE=$2
QRUN=$BUILD/tools/qrun
ELF=$BUILD/tests/system/fuzz/fuzz.elf
kernel=${kernel:-$BUILD/kernel/mica.elf}
if [ "$soak" = 1 ]; then
    invocations=${invocations:-10000000}
    timeout=${timeout:-43200}
else
    invocations=${invocations:-100000}
    timeout=${timeout:-600}
fi
LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR"
lname=$(echo "$name" | tr '[:upper:]' '[:lower:]')
LOG=$LOGDIR/$lname.log
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mica-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

failed=0
verdict() {
    echo "TEST $1 $2"
    [ "$2" = passed ] || failed=1
}

for f in "$QRUN" "$ELF" "$kernel"; do
    if [ ! -f "$f" ]; then
        verdict "${name}0001" "failed: $f is missing (build first)"
        exit 1
    fi
done

# le64 VALUE: eight little-endian bytes.
le64() {
    local v i out=""
    v=$(printf '%016x' "$(($1))")
    for i in 14 12 10 8 6 4 2 0; do
        out="$out\\x${v:$i:2}"
    done
    printf '%b' "$out"
}

# The parameters: magic, seed, invocations, worlds, flags, progress (see struct fuzz_params).
if [ -z "$seed" ]; then
    objcopy -O binary --only-section=.fuzz_params "$ELF" "$WORK/old.bin"
    seed=0x$(od -An -tx8 -j8 -N8 "$WORK/old.bin" | tr -d ' ')
fi
{
    le64 0x534d5241505a5546
    le64 "$seed"
    le64 "$invocations"
    le64 "$worlds"
    le64 "$flags"
    le64 $((invocations / 10))
} >"$WORK/params.bin"
cp "$ELF" "$WORK/fuzz.elf"
if ! objcopy --update-section .fuzz_params="$WORK/params.bin" "$WORK/fuzz.elf"; then
    verdict "${name}0001" "failed: objcopy could not set the run's parameters"
    exit 1
fi

# The kernel prints a userError line for nearly every invocation: keep them out of the log.
mkfifo "$WORK/log"
LC_ALL=C awk -v count="$WORK/dropped" '
    /seL4\(CPU / { n++; next }
    { print }
    END { print n + 0 > count }' <"$WORK/log" >"$LOG" &
filter=$!
echo "== fuzz: seed $seed, $invocations invocations, $worlds fuzz threads, timeout ${timeout}s (log $LOG)"
start=$(date +%s)
# shellcheck disable=SC2086 # QEMU_BASE is a word list by design
"$QRUN" --quiet --timeout "$timeout" --log "$WORK/log" --expect '^FUZZ DONE$' \
    --reject 'KERNEL EXCEPTION' --reject 'Mica kernel bug' --reject '^FUZZ HARNESS FAILED' -- \
    $QEMU_BASE -display none -serial stdio -kernel "$kernel" -initrd "$WORK/fuzz.elf" \
    2>"$WORK/qrun.err"
status=$?
wait "$filter"
secs=$(($(date +%s) - start))
TXT=$LOG.txt
tr -d '\r\000' <"$LOG" | sed 's/\x1b\[[0-9;]*m//g' >"$TXT"
grep -a -E '^FUZZ( stats| watcher|:)' "$TXT" | tail -n 14

# FUZZ0001: the kernel survived and the root's own checks passed.
survived=$(sed -n 's/^FUZZ SURVIVED \([0-9]*\) invocations.*/\1/p' "$TXT" | tail -n 1)
root=$(sed -n 's/^FUZZ ROOT CHECKS //p' "$TXT" | tail -n 1)
halt=$(grep -a -m1 -E 'Debug halt syscall from user thread [^ ]+ "(fuzz-w|child of)' "$TXT")
if [ -n "$halt" ]; then
    # Not the kernel's fault: a fuzz thread ran into seL4_DebugHalt (see README.md).
    verdict "${name}0001" "failed: a fuzz thread reached seL4_DebugHalt, which halts by design: $halt (seed $seed)"
elif [ "$status" -ne 0 ]; then
    why=$(grep -m1 -E 'rejected output|timeout' "$WORK/qrun.err" || tail -n 1 "$WORK/qrun.err")
    last=$(grep -a -E '^FUZZ: [0-9]+ invocations' "$TXT" | tail -n 1)
    verdict "${name}0001" "failed: ${why:-qrun status $status} (seed $seed; last progress: ${last:-none}; see $LOG)"
elif [ "$root" != ok ]; then
    verdict "${name}0001" "failed: ${root:-the root printed no result} (seed $seed; see $LOG)"
elif [ -z "$survived" ] || [ "$survived" -lt "$invocations" ]; then
    verdict "${name}0001" "failed: ${survived:-no} invocations of $invocations (see $LOG)"
else
    verdict "${name}0001" passed
fi

# The watchers' verdicts, printed by the root; a missing one is a failure.
for i in 1 2 3 4 5 6; do
    w=${name}_WATCH000$i
    line=$(grep -a -m1 "^TEST FUZZ_WATCH000$i " "$TXT")
    if [ -n "$line" ]; then
        verdict "$w" "${line#"TEST FUZZ_WATCH000$i "}"
    else
        verdict "$w" "failed: no verdict (qrun status $status, see $LOG)"
    fi
done
# No fuzz thread (nor a thread one of them made) survives its world.
dump=$(sed -n '/^FUZZ scheduler dump$/,/^FUZZ scheduler dump end$/p' "$TXT")
if [ -z "$dump" ]; then
    verdict "${name}_WATCH0007" "failed: no final scheduler dump (see $LOG)"
elif echo "$dump" | grep -aEq "^(fuzz-w|child of: 'fuzz-w)"; then
    verdict "${name}_WATCH0007" "failed: a fuzz thread outlived its world: $(echo "$dump" | grep -aE "fuzz-w" | head -n 1)"
else
    verdict "${name}_WATCH0007" passed
fi
echo "FUZZ RESULT: seed $seed, ${survived:-?} invocations, ${secs} s, $(cat "$WORK/dropped" 2>/dev/null || echo '?') userError lines, qrun status $status"
exit "$failed"

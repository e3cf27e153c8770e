#!/usr/bin/env bash
# Run every Mica test and end with one line: "N passed, M failed".
#
#   tests/run_all.sh BUILD_DIR "QEMU COMMAND PREFIX" TIMEOUT_SECONDS
#
# Stages: host unit tests (ASan/UBSan), the qrun self-test, the in-QEMU system
# suite, and single-boot scenarios (faults, main returning) that each need a
# fresh machine.  Every stage prints "TEST <NAME> passed|failed: reason" lines;
# a stage that dies without its verdicts is reported as a failed test, never
# silently skipped.  Exit status: 0 only if nothing failed.
set -u

BUILD=$1
QEMU_BASE=$2
TIMEOUT=$3
QRUN=$BUILD/tools/qrun
KERNEL=$BUILD/kernel/mica.elf
RESULTS=$BUILD/test-results.txt
LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR"
: >"$RESULTS"

# verdict NAME passed|"failed: reason"
verdict() {
    echo "TEST $1 $2" | tee -a "$RESULTS"
}

# Keep a stage's TEST lines (and show everything else it printed).
collect() {
    tee -a "$LOGDIR/all.log" | while IFS= read -r line; do
        line=${line%$'\r'}
        case "$line" in
        TEST\ *) echo "$line" | tee -a "$RESULTS" ;;
        [0-9]*\ passed,\ [0-9]*\ failed*) ;; # a stage's own summary: ours comes last
        *) echo "$line" ;;
        esac
    done
}

echo "== host unit tests"
if ! "$BUILD/tests/host/hosttests" 2>&1 | collect; then
    grep -q "^TEST HOST_" "$RESULTS" || verdict HOST_UNITTESTS "failed: the host test binary did not run"
fi

echo "== qrun self-test"
bash tools/qrun_selftest.sh "$QRUN" 2>&1 | collect

# boot IMAGE LOG [qrun options...]: one QEMU boot of KERNEL with IMAGE as root task.
boot() {
    local image=$1 log=$2
    shift 2
    # shellcheck disable=SC2086 # QEMU_BASE is a word list by design
    "$QRUN" --quiet --timeout "$TIMEOUT" --log "$log" "$@" -- \
        $QEMU_BASE -display none -serial stdio -kernel "$KERNEL" -initrd "$image"
}

echo "== system suite (QEMU)"
SUITE_LOG=$LOGDIR/systest.log
boot "$BUILD/tests/system/systest.elf" "$SUITE_LOG" --expect '^SYSTEST DONE$' \
    --reject 'KERNEL EXCEPTION' --reject 'Mica kernel bug'
status=$?
tr -d '\r' <"$SUITE_LOG" | sed 's/\x1b\[[0-9;]*m//g' >"$SUITE_LOG.txt"
grep '^TEST ' "$SUITE_LOG.txt" | tee -a "$RESULTS"
# Every announced test must have a verdict: a crash shows up as missing ones.
announced=$(sed -n 's/^SYSTEST: [0-9]* tests://p' "$SUITE_LOG.txt")
if [ -z "$announced" ]; then
    verdict SYSTEST_SUITE "failed: the suite did not start (qrun status $status, see $SUITE_LOG)"
fi
for name in $announced; do
    grep -q "^TEST $name " "$SUITE_LOG.txt" ||
        verdict "$name" "failed: no verdict (suite ended with qrun status $status, see $SUITE_LOG)"
done
if [ -n "$announced" ] && [ "$status" -ne 0 ]; then
    verdict SYSTEST_SUITE "failed: qrun status $status (see $SUITE_LOG)"
fi
# Checks on the suite's console output.
if grep -q '^PUTCHAR0001 probe: Mica says hi$' "$SUITE_LOG.txt"; then
    verdict PUTCHAR0002 passed
else
    verdict PUTCHAR0002 "failed: the DebugPutChar probe line is missing"
fi
if grep -Eq '^systest-root +running +0x[0-9a-f]+ +255$' "$SUITE_LOG.txt" &&
    grep -Eq '^idle_thread +idle +0 +0$' "$SUITE_LOG.txt" &&
    grep -q '^Dumping all tcbs!$' "$SUITE_LOG.txt"; then
    verdict DEBUG0002 passed
else
    verdict DEBUG0002 "failed: the scheduler dump does not show the renamed root thread and idle"
fi
if grep -Eq '^Debug halt syscall from user thread 0xffffff80[0-9a-f]+ "systest-root"$' "$SUITE_LOG.txt"; then
    verdict DEBUG0003 passed
else
    verdict DEBUG0003 "failed: seL4_DebugHalt did not print its line"
fi

# scenario NAME IMAGE qrun-options...: a fresh boot whose output qrun checks.
scenario() {
    local name=$1 image=$2
    shift 2
    local log=$LOGDIR/$name.log
    if boot "$BUILD/tests/system/boot/$image.elf" "$log" --reject 'KERNEL EXCEPTION' "$@" \
        2>"$log.err"; then
        verdict "$name" passed
    else
        verdict "$name" "failed: $(tail -n 1 "$log.err") (see $log)"
    fi
}

THREAD='in thread 0xffffff80[0-9a-f]+ "rootserver" at address 0x[0-9a-f]+$'
NO_HANDLER=(--expect '^Caught cap fault in send phase at address 0$' --expect '^while trying to handle:$')
STACK=(--expect '^With stack:$' --idle-check-after '^With stack:$' --reject 'still running after the fault')

echo "== boot scenarios (QEMU)"
scenario USEREXC0001 user_exception "${NO_HANDLER[@]}" \
    --expect '^user exception 0x6 code 0$' --expect "$THREAD" "${STACK[@]}"
scenario USEREXC0002 divide_error "${NO_HANDLER[@]}" \
    --expect '^user exception 0 code 0$' --expect "$THREAD" "${STACK[@]}"
scenario VMFAULT0001 vm_fault "${NO_HANDLER[@]}" \
    --expect '^vm fault on data at address 0x10 with status 0x4$' --expect "$THREAD" "${STACK[@]}"
scenario UNKNOWNSYSCALL0001 unknown_syscall "${NO_HANDLER[@]}" \
    --expect '^unknown syscall 0x3039$' --expect "$THREAD" "${STACK[@]}" \
    --expect '^0x0: INVALID$'
scenario CAPFAULT0001 invalid_cap \
    --expect 'handle_invocation/[0-9]+ T0xffffff80[0-9a-f]+ "rootserver" @[0-9a-f]+\]: Invocation of invalid cap #15302363380911\.>>' \
    "${NO_HANDLER[@]}" --expect '^cap fault in send phase at address 0xdeadbeefcaf$' \
    --expect "$THREAD" "${STACK[@]}"
scenario MAINRETURN0001 main_return \
    --expect '^rootserver: main returned 7; suspending this thread' \
    --idle-check-after 'main returned 7' --reject 'Caught'

passed=$(grep -c ' passed$' "$RESULTS")
failed=$(grep -c ' failed' "$RESULTS")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

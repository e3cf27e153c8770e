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

# suite_boot IMAGE LOG [qrun options...]: one boot of the system suite, which must reach
# SYSTEST DONE with no kernel exception or kernel bug.  Sets status to qrun's and writes LOG.txt
# without CRs and colours.  KERNEL=... and QEMU_BASE=... before it pick another kernel or CPU.
suite_boot() {
    local image=$1 log=$2
    shift 2
    boot "$image" "$log" "$@" --expect '^SYSTEST DONE$' \
        --reject 'KERNEL EXCEPTION' --reject 'Mica kernel bug'
    status=$?
    tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;]*m//g' >"$log.txt"
}

echo "== system suite (QEMU)"
SUITE_LOG=$LOGDIR/systest.log
suite_boot "$BUILD/tests/system/systest.elf" "$SUITE_LOG"
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

# --- fault tests (issue 7): the kernel's no-handler reports and the tutorial transcript ---
# fault_report NAME MARKER RE...: the lines right after the first line matching MARKER must
# match RE... in order; @ADDR@ in an RE stands for the last 0x... address on the marker line.
fault_report() {
    local name=$1 marker=$2
    shift 2
    local mline addr
    mline=$(grep -m1 -E "$marker" "$SUITE_LOG.txt")
    if [ -z "$mline" ]; then
        verdict "$name" "failed: marker line $marker is missing"
        return
    fi
    addr=$(printf '%s\n' "$mline" | grep -oE '0x[0-9a-f]+' | tail -n 1)
    mapfile -t got < <(grep -m1 -A "$#" -E "$marker" "$SUITE_LOG.txt" | tail -n +2)
    local i=0 re
    for re in "$@"; do
        re=${re//@ADDR@/$addr}
        if ! [[ "${got[$i]:-}" =~ $re ]]; then
            verdict "$name" "failed: line $((i + 1)) after the marker is '${got[$i]:-}', expected /$re/"
            return
        fi
        i=$((i + 1))
    done
    verdict "$name" passed
}
FR_UD=('^while trying to handle:$' '^user exception 0x6 code 0$')
FR_STACK=('^With stack:$')
for _ in $(seq 16); do FR_STACK+=('^0x[0-9a-f]+: (0x[0-9a-f]+|INVALID)$'); done
FR_HINT='^\(Mica: this thread has no fault endpoint; .*\)$'
FR_VICTIM='^in thread 0xffffff80[0-9a-f]+ "faults-victim" at address @ADDR@$'
fault_report NOHANDLER0001_REPORT '^FAULTS NOHANDLER0001: ' \
    '^Caught cap fault in send phase at address 0$' "${FR_UD[@]}" "$FR_VICTIM" "${FR_STACK[@]}" "$FR_HINT"
fault_report NOHANDLER0002_REPORT '^FAULTS NOHANDLER0002: ' \
    '^Caught cap fault in send phase at address 0x2a$' "${FR_UD[@]}" "$FR_VICTIM" "${FR_STACK[@]}"
fault_report NOHANDLER0003_REPORT '^FAULTS NOHANDLER0003: ' \
    '^Caught cap fault in send phase at address 0x2b$' "${FR_UD[@]}" "$FR_VICTIM" "${FR_STACK[@]}"
fault_report NOHANDLER0004_REPORT '^FAULTS NOHANDLER0004: ' \
    '^Caught cap fault in send phase at address 0x2c$' "${FR_UD[@]}" "$FR_VICTIM" "${FR_STACK[@]}"
fault_report NOHANDLER0005_REPORT '^FAULTS NOHANDLER0005: ' \
    '^Caught cap fault in send phase at address 0x2d$' "${FR_UD[@]}" "$FR_VICTIM" "${FR_STACK[@]}"
fault_report NOHANDLER0006_REPORT '^FAULTS NOHANDLER0006: ' \
    '^<<seL4\(CPU 0\) \[[a-z_]+/[0-9]+ T0xffffff80[0-9a-f]+ "faults-victim" @[0-9a-f]+\]: Invocation of invalid cap #44\.>>$' \
    '^Caught cap fault in send phase at address 0x30$' '^while trying to handle:$' \
    '^cap fault in send phase at address 0x2c$' "$FR_VICTIM" "${FR_STACK[@]}"
fault_report FAULTNESTED0002_REPORT '^FAULTS FAULTNESTED0002: ' \
    '^Caught cap fault in send phase at address 0$' "${FR_UD[@]}" \
    '^in thread 0xffffff80[0-9a-f]+ "faults-handler" at address @ADDR@$' "${FR_STACK[@]}" "$FR_HINT"
# The fault-handlers tutorial's transcript (two faulters, one handler).
if [ "$(grep -c '^Faulter: Finished execution\.$' "$SUITE_LOG.txt")" -eq 2 ] &&
    [ "$(grep -c '^Faulter: Successfully executed past the fault\.$' "$SUITE_LOG.txt")" -eq 2 ] &&
    [ "$(grep -c "^Handler: Fault occured at cap addr 3 within faulter's cspace\.$" "$SUITE_LOG.txt")" -eq 2 ] &&
    [ "$(grep -c '^Handler: Successfully copied a cap into foreign faulting slot\.$' "$SUITE_LOG.txt")" -eq 2 ] &&
    grep -q '^Handler: Finished execution\.$' "$SUITE_LOG.txt"; then
    verdict FAULTHANDLERS_TUTORIAL0002 passed
else
    verdict FAULTHANDLERS_TUTORIAL0002 "failed: the fault-handlers transcript lines are missing"
fi

# The threads tutorial's flow and FPU0004's stopped worker, as the scheduler dumps show them.
block() { sed -n "/^$1\$/,/^$1 end\$/p" "$SUITE_LOG.txt"; }
if block 'THREADS_TUTORIAL probe 1' | grep -Eq "^child of: 'systest-root' +inactive +0 +0( +[0-9]+)?$" &&
    block 'THREADS_TUTORIAL probe 2' | grep -Eq "^child of: 'systest-root' +inactive +0 +254( +[0-9]+)?$" &&
    grep -q '^THREADS_TUTORIAL Hello2: arg1 0x1, arg2 0x2, arg3 0x3$' "$SUITE_LOG.txt"; then
    verdict THREADS_TUTORIAL0002 passed
else
    verdict THREADS_TUTORIAL0002 "failed: the dumps do not show the new TCB at priority 0, then 254, or it did not run"
fi
if block 'FPU0004 probe' | grep -Eq '^fpu0004-worker +inactive +0x[0-9a-f]+ +255( +[0-9]+)?$' &&
    grep -A1 '^user exception 0x7 code 0$' "$SUITE_LOG.txt" |
    grep -Eq '^in thread 0xffffff80[0-9a-f]+ "fpu0004-worker" at address 0x[0-9a-f]+$'; then
    verdict FPU0005 passed
else
    verdict FPU0005 "failed: the FPU-disabled worker was not reported (user exception 0x7) and stopped"
fi

# A retyped TCB is named after its creator and shows in the dump (RETYPETCB0001's probe).
if sed -n '/^RETYPE_TCB_NAME probe$/,/^TEST RETYPETCB0001 /p' "$SUITE_LOG.txt" |
    grep -Eq "^child of: 'systest-root' +inactive +(0x)?0+ +0$"; then
    verdict RETYPETCB0002 passed
else
    verdict RETYPETCB0002 "failed: the retyped TCB is not \"child of: 'systest-root'\", inactive, prio 0"
fi
# Deleting the last cap to a TCB removes it from the scheduler dump (CDT0008's probes).
alive=$(sed -n '/^CDT0008 probe: TCB alive$/,/^CDT0008 probe: TCB deleted$/p' "$SUITE_LOG.txt" |
    grep -Ec '^cdt0008-victim +inactive +(0x)?0+ +0$')
after=$(sed -n '/^CDT0008 probe: TCB deleted$/,/^CDT0008 probe: end$/p' "$SUITE_LOG.txt" |
    grep -c '^cdt0008-victim')
if [ "$alive" -eq 1 ] && [ "$after" -eq 0 ]; then
    verdict CDT0012 passed
else
    verdict CDT0012 "failed: the deleted TCB is still in the scheduler dump (or was never in it)"
fi

# The same suite on the kernel built without the fastpath: identical results required.
echo "== system suite, kernel without the IPC fastpath (QEMU)"
NOFP_LOG=$LOGDIR/systest-nofastpath.log
KERNEL=$BUILD/nofastpath/kernel/mica.elf suite_boot "$BUILD/tests/system/systest.elf" "$NOFP_LOG"
sed -n 's/^TEST /TEST NOFASTPATH_/p' "$NOFP_LOG.txt" | tee -a "$RESULTS"
for name in $announced; do
    grep -q "^TEST $name " "$NOFP_LOG.txt" ||
        verdict "NOFASTPATH_$name" "failed: no verdict (qrun status $status, see $NOFP_LOG)"
done

# Kernel and suite built with four domains: the DOMAINS tests by name, the rest as one verdict.
echo "== system suite with CONFIG_NUM_DOMAINS=4 (QEMU)"
DOM_LOG=$LOGDIR/systest-domains.log
KERNEL=$BUILD/domains/kernel/mica.elf suite_boot "$BUILD/domains/tests/system/systest.elf" "$DOM_LOG"
sed -n 's/^TEST \(DOM[A-Z]*[0-9]* \)/TEST NUMDOMAINS4_\1/p' "$DOM_LOG.txt" | tee -a "$RESULTS"
for name in DOMAINS0000 DOMAINS0005 DOMAINS9999; do
    grep -q "^TEST $name " "$DOM_LOG.txt" ||
        verdict "NUMDOMAINS4_$name" "failed: no verdict (qrun status $status, see $DOM_LOG)"
done
others=$(grep '^TEST ' "$DOM_LOG.txt" | grep -v '^TEST DOM' | grep -c ' failed')
total=$(grep -c '^TEST ' "$DOM_LOG.txt")
if [ "$status" -eq 0 ] && [ "$others" -eq 0 ] && [ "$total" -gt 200 ]; then
    verdict NUMDOMAINS4_SUITE passed
else
    verdict NUMDOMAINS4_SUITE "failed: $others other failures of $total, qrun status $status (see $DOM_LOG)"
fi

# The suite on a CPU with SMEP and SMAP (the default model has neither, and the kernel turns them
# on when present): the kernel must never touch user memory through user addresses.
echo "== system suite on a CPU with SMEP and SMAP (QEMU)"
SMAP_QEMU=${QEMU_BASE/-cpu Nehalem,/-cpu Nehalem,+smep,+smap,}
SMAP_LOG=$LOGDIR/systest-smap.log
QEMU_BASE=$SMAP_QEMU suite_boot "$BUILD/tests/system/systest.elf" "$SMAP_LOG" \
    --expect '^Mica kernel: .*CPU features:.* smep smap$'
failed=$(grep '^TEST ' "$SMAP_LOG.txt" | grep -vc ' passed$')
total=$(grep -c '^TEST ' "$SMAP_LOG.txt")
if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$total" -gt 200 ]; then
    verdict SMAP_SUITE passed
else
    verdict SMAP_SUITE "failed: $failed failures of $total, qrun status $status (see $SMAP_LOG)"
fi

# Kernel and suite with seL4's hardware debug API: breakpoints, watchpoints, single step.
echo "== system suite with CONFIG_HARDWARE_DEBUG_API (QEMU)"
bash tests/debug_api.sh "$BUILD" "$QEMU_BASE" "$TIMEOUT" 2>&1 | collect

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
scenario VMFAULT0002 vm_readonly_write "${NO_HANDLER[@]}" \
    --expect '^vm fault on data at address 0x10000001000 with status 0x7$' --expect "$THREAD" "${STACK[@]}"
# The stack trace starts at the stale RSP slot (not saved by syscall entry; a timer interrupt may
# have refreshed it), so only its shape is checked.
scenario UNKNOWNSYSCALL0001 unknown_syscall "${NO_HANDLER[@]}" \
    --expect '^unknown syscall 0x3039$' --expect "$THREAD" "${STACK[@]}" \
    --expect '^0x[0-9a-f]+: (0x[0-9a-f]+|INVALID)$'
scenario CAPFAULT0001 invalid_cap \
    --expect 'handle_invocation/[0-9]+ T0xffffff80[0-9a-f]+ "rootserver" @[0-9a-f]+\]: Invocation of invalid cap #15302363380911\.>>' \
    "${NO_HANDLER[@]}" --expect '^cap fault in send phase at address 0xdeadbeefcaf$' \
    --expect "$THREAD" "${STACK[@]}"
scenario MAINRETURN0001 main_return \
    --expect '^rootserver: main returned 7; suspending this thread' \
    --idle-check-after 'main returned 7' --reject 'Caught'
# Traps from user code with RFLAGS.AC set, on a CPU with SMAP: the kernel clears AC on entry,
# and its invariant build halts if it ever runs with AC set.
QEMU_BASE=$SMAP_QEMU scenario SMAP0001 ac_flag_trap --expect '^Mica kernel: .*CPU features:.* smap$' \
    --expect '^ac_flag_trap: spun for [0-9]+ TSC cycles' "${NO_HANDLER[@]}" \
    --expect '^user exception 0x6 code 0$' --expect "$THREAD" "${STACK[@]}" \
    --reject 'Mica kernel bug'
# Kernel bugs the syscall fuzzer found (tests/system/fuzz), each kept as a boot of its own.
scenario FUZZBUG0001 nt_flag_syscall --expect '^nt_flag_syscall: survived' --reject 'Caught'
scenario FUZZBUG0002 fs_selector_leak --expect '^fs_selector_leak: ok' --reject 'FAILED' \
    --reject 'Caught'

# The syscall fuzzer's short run (>= 100,000 invocations; tests/system/fuzz/README.md, make soak).
echo "== syscall fuzzer, short run (QEMU)"
bash tests/system/fuzz/run.sh "$BUILD" "$QEMU_BASE" 2>&1 | collect

echo "== tutorials, sdc and the seL4 compatibility library (QEMU)"
bash tests/tutorials.sh "$BUILD" 2>&1 | collect

passed=$(grep -c ' passed$' "$RESULTS")
failed=$(grep -c ' failed' "$RESULTS")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

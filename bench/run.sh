#!/usr/bin/env bash
# Run the benchmark image: under TCG with -icount shift=0 (repeatable instruction
# counts), then under KVM with real cycles if /dev/kvm works.  Nothing fails
# without KVM.
set -u
BUILD=$1
QEMU=$2
QRUN=$3
KERNEL=$BUILD/kernel/mica.elf
IMAGE=$BUILD/bench/bench.elf

# run TITLE LOGNAME QEMU-OPTIONS...: one boot; stops at the first fault report.
run() {
    local title=$1 log=$BUILD/bench-$2.log
    shift 2
    echo "== $title"
    # shellcheck disable=SC2086 # QEMU is a word list by design
    "$QRUN" --quiet --timeout 600 --log "$log" --expect '^All is well in the universe' \
        --until '^All is well in the universe|^Caught |KERNEL EXCEPTION' -- \
        $QEMU "$@" -display none -serial stdio -kernel "$KERNEL" -initrd "$IMAGE"
    local status=$?
    tr -d '\r' <"$log" | grep -v '^Mica kernel\|^Debug halt\|^$'
    return $status
}

run "instructions (TCG, -icount shift=0)" tcg -accel tcg -icount shift=0
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
    if ! run "cycles (KVM)" kvm -accel kvm -cpu host; then
        echo "(KVM did not run the benchmark image; the instruction counts above stand.)"
    fi
else
    echo "(no usable /dev/kvm: cycle figures skipped)"
fi

#!/usr/bin/env bash
# Tests of the tutorials and what they stand on:
#   SDC_*      the system-description compiler: the slot layouts seL4's
#              tutorials depend on (tests/sdc/*.expected), and its errors;
#   COMPAT*    the seL4 compatibility headers and libraries (lib/compat), run
#              as a root task: their output formats;
#   TUT_*      every task of every tutorial, as seL4's tutorial CI checks
#              them: the exercise state must print its start text
#              (./check --start), the solution state its finish text (./check).
#
#   tests/tutorials.sh BUILD_DIR [TUTORIAL...]
#
# BUILD_DIR is the Makefile's build directory (the first two stages make
# what they need in it).  For the third, one directory pair per tutorial
# under BUILD_DIR/tutorials is initialised once and then re-rendered task by
# task (./init --dir --force), so ninja rebuilds only the programs and the
# system image.  Prints one "TEST <NAME> passed|failed: reason" line per
# check; logs go to BUILD_DIR/tutorials/logs/.  Exit status 0 only if all
# passed.
set -u

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(mkdir -p "$1" && cd "$1" && pwd)
shift
WORK=$BUILD/tutorials
LOGS=$WORK/logs
mkdir -p "$LOGS"
failed=0

# verdict NAME passed|"failed: reason"
verdict() {
    echo "TEST $1 $2"
    case "$2" in passed) ;; *) failed=1 ;; esac
}

# upper TEXT: the test-name form of a tutorial or task name.
upper() {
    echo "$1" | tr 'a-z-' 'A-Z_'
}

# check_task TUT TASK MODE: render the state, build it, run its check.
check_task() {
    local tut=$1 task=$2 mode=$3 dir=$WORK/$1
    local name log opt=() check=()
    name=TUT_$(upper "$tut")_$(upper "$task")_$(upper "$mode")
    log=$LOGS/$tut.$task.$mode.log
    [ "$mode" = solution ] && opt=(--solution)
    [ "$mode" = exercise ] && check=(--start)
    if ! "$REPO/init" --tut "$tut" --task "$task" "${opt[@]}" --dir "$dir" --force >"$log" 2>&1; then
        verdict "$name" "failed: ./init failed (see $log)"
    elif ! ninja -C "${dir}_build" >>"$log" 2>&1; then
        verdict "$name" "failed: ninja failed (see $log)"
    else
        (cd "${dir}_build" && ./check "${check[@]}") >>"$log" 2>&1
        local last
        last=$(tail -n 1 "$log")
        if [ "$last" = "Success!" ]; then
            verdict "$name" passed
        else
            verdict "$name" "failed: ${last:-no verdict} (see $log)"
        fi
    fi
}

# sdc_error NAME "DESCRIPTION TEXT" "EXPECTED MESSAGE": sdc must reject the description so.
sdc_error() {
    local desc=$WORK/sdc-$1.system
    printf '%s\n' "$2" >"$desc"
    if "$BUILD/tools/sdc" show "$desc" >/dev/null 2>"$desc.err"; then
        verdict "$1" "failed: sdc accepted it"
    elif ! grep -qF -- "$3" "$desc.err"; then
        verdict "$1" "failed: expected '$3', got: $(head -n 1 "$desc.err")"
    else
        verdict "$1" passed
    fi
}

# The compiler's layouts and errors.
sdc_tests() {
    for t in threads fault-handlers; do
        if "$BUILD/tools/sdc" show "$REPO/tutorials/$t/$t.system" >"$WORK/sdc-$t.out" 2>&1 &&
            diff -u "$REPO/tests/sdc/$t.expected" "$WORK/sdc-$t.out" >"$WORK/sdc-$t.diff"; then
            verdict "SDC_LAYOUT_$(upper "$t")" passed
        else
            verdict "SDC_LAYOUT_$(upper "$t")" "failed: layout differs (see $WORK/sdc-$t.diff)"
        fi
    done
    sdc_error SDC_ERROR0001 $'program p\n cap x nosuch' "unknown object nosuch"
    sdc_error SDC_ERROR0002 $'program p\n empty a\n empty a' "symbol a is defined twice"
    sdc_error SDC_ERROR0003 $'program p\n cap t tcb_p badge=1' "only endpoint and notification caps have badges"
    sdc_error SDC_ERROR0004 $'object u untyped\nprogram p' "need size_bits=N"
    sdc_error SDC_ERROR0005 $'object tcb_p endpoint\nprogram p' "is the implicit tcb of program p"
    sdc_error SDC_ERROR0006 $'program p cnode_bits=1\n empty a\n empty b' "needs cnode_bits=2"
    sdc_error SDC_ERROR0007 $'cap x y' "belongs inside a program"
    sdc_error SDC_ERROR0008 $'program p\n frame f r size=8192' "frames are 4096 bytes"
}

# The compatibility library's self-test, booted as a root task.
compat_tests() {
    local log=$LOGS/compat.log
    # shellcheck disable=SC2086 # QEMU_BASE is a word list
    if "$BUILD/tools/qrun" --quiet --timeout 60 --log "$log" \
        --expect '^compat self-test: passed$' --reject 'compat self-test: FAILED' \
        --reject 'compiled out' -- $QEMU_BASE -display none -serial stdio \
        -kernel "$BUILD/kernel/mica.elf" -initrd "$BUILD/lib/compat/test/compat_test.elf" 2>"$log.err"; then
        verdict COMPAT0001 passed
    else
        verdict COMPAT0001 "failed: $(tail -n 1 "$log.err") (see $log)"
    fi
    tr -d '\r' <"$log" >"$log.txt"
    # seL4's libutils formats: "func@file:line msg", "[Err <name>]:" and "[Cond failed: <cond>]".
    if grep -Eq '^main@main\.c:[0-9]+ zf_log says 42$' "$log.txt" &&
        grep -Eq '^main@main\.c:[0-9]+ \[Err seL4_InvalidCapability\]:$' "$log.txt" &&
        grep -Eq $'^\tan seL4 error$' "$log.txt" &&
        grep -Eq '^main@main\.c:[0-9]+ \[Cond failed: bad == 0\]$' "$log.txt"; then
        verdict COMPAT0002 passed
    else
        verdict COMPAT0002 "failed: ZF_LOG lines not in seL4's format (see $log)"
    fi
}

QEMU_BASE=$(make -s --no-print-directory -C "$REPO" ninja-vars | sed -n 's/^QEMU_BASE\t//p')
if make -s --no-print-directory -C "$REPO" BUILD="$BUILD" "$BUILD/tools/sdc" "$BUILD/tools/qrun" \
    "$BUILD/kernel/mica.elf" "$BUILD/lib/compat/test/compat_test.elf" >"$LOGS/make.log" 2>&1; then
    sdc_tests
    compat_tests
else
    verdict SDC_BUILD "failed: make could not build sdc and the compat test (see $LOGS/make.log)"
fi

TUTORIALS=("$@")
if [ ${#TUTORIALS[@]} -eq 0 ]; then
    for conf in "$REPO"/tutorials/*/tutorial.conf; do
        TUTORIALS+=("$(basename "$(dirname "$conf")")")
    done
fi
for tut in "${TUTORIALS[@]}"; do
    for task in $(sed -n 's/^task[ \t]\{1,\}\([^ \t]*\).*/\1/p' "$REPO/tutorials/$tut/tutorial.conf"); do
        check_task "$tut" "$task" exercise
        check_task "$tut" "$task" solution
    done
done
exit $failed

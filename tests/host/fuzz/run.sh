#!/usr/bin/env bash
# `make fuzz-host`: build the libFuzzer harnesses of tests/host/fuzz with clang
# (ASan + UBSan + libFuzzer) and run each for FUZZ_SECONDS (default 60).
#
#   tests/host/fuzz/run.sh BUILD_DIR [HARNESS...]     harnesses: cspace cdt elf (default all)
#
# Needs clang and its runtime libraries (Debian: clang, libclang-rt-<version>-dev).
# As root with apt-get they are installed (tools/deps.sh); otherwise the
# apt-get line is printed.  Per harness, in BUILD_DIR/fuzz-host/<name>/:
# the binary, corpus/ (kept between runs), crash-* / timeout-* inputs, and
# run.log.  One verdict line each, "TEST FUZZHOST_<NAME> passed|failed: ...".
# Reproduce a crash:  BUILD_DIR/fuzz-host/<name>/fuzz_<name> <crash file>
set -u

BUILD=${1:?usage: tests/host/fuzz/run.sh BUILD_DIR [cspace|cdt|elf]...}
shift
SECONDS_EACH=${FUZZ_SECONDS:-60}
HARNESSES=${*:-cspace cdt elf}

sh tools/deps.sh clang:clang || exit 1
version=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
runtime=$(clang --print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a
sh tools/deps.sh "$runtime:libclang-rt-$version-dev" || exit 1

# The kernel code the harnesses link, compiled for the host as tests/host does.
KERNEL_SRCS="kernel/core/cspace.c kernel/core/cdt.c kernel/object/objecttype.c kernel/core/thread.c
    kernel/object/endpoint.c kernel/object/domain.c kernel/object/notification.c kernel/core/ipc.c
    kernel/core/invariants.c kernel/api/printf.c kernel/core/elf.c kernel/core/boot_regions.c
    tests/host/kernel_stubs.c"
CFLAGS="-std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -Wall -Wextra -Werror -Wno-unused-parameter -Itests/host -Ilibsel4/include -Ikernel/arch/x86_64
    -DMICA_HOST_TEST"

failed=0
for h in $HARNESSES; do
    name=$(echo "$h" | tr '[:lower:]' '[:upper:]')
    dir=$BUILD/fuzz-host/$h
    mkdir -p "$dir/corpus"
    # shellcheck disable=SC2086 # word lists by design
    if ! clang $CFLAGS -o "$dir/fuzz_$h" "tests/host/fuzz/fuzz_$h.c" $KERNEL_SRCS 2>"$dir/build.log"; then
        echo "TEST FUZZHOST_$name failed: does not build (see $dir/build.log)"
        failed=1
        continue
    fi
    echo "== fuzz-host $h: ${SECONDS_EACH}s"
    (cd "$dir" && ./"fuzz_$h" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 corpus >run.log 2>&1)
    status=$?
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$dir/run.log" | tail -n 3
    crash=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' \
        -o -name 'oom-*' \) -newer "$dir/fuzz_$h" | head -n 1)
    if [ "$status" -eq 0 ] && [ -z "$crash" ]; then
        echo "TEST FUZZHOST_$name passed"
    else
        why=$(grep -m1 -E 'ERROR: |fuzz property broken|runtime error' "$dir/run.log")
        echo "TEST FUZZHOST_$name failed: ${why:-status $status} (input ${crash:-?}; log $dir/run.log)"
        failed=1
    fi
done
exit "$failed"

#!/usr/bin/env bash
# The body of a tutorial build directory's ./check (./init writes a wrapper).
#
#   check.sh BUILD_DIR START_TEXT FINISH_TEXT [--start | --text TEXT]
#
# Boots the tutorial in QEMU and waits for the completion text line by line:
# every line (lines are separated by newlines or by the two characters \n)
# is a regular expression (POSIX extended) that must match a line of the
# output after the previous one did; empty lines match at once.  Each line
# gets 10 seconds.  Prints "Success!" and exits 0, or "Failure! <reason>"
# and exits 1.  Without options the text is the solution's (FINISH); with
# --start the exercise's (START); --text gives it directly.
set -u

BUILD=$1 START=$2 FINISH=$3
shift 3
TEXT=$FINISH
while [ $# -gt 0 ]; do
    case "$1" in
    --start) TEXT=$START ;;
    --text)
        [ $# -ge 2 ] || { echo "check: --text needs an argument" >&2; exit 2; }
        TEXT=$2
        shift
        ;;
    -h | --help)
        echo "usage: ./check [--start | --text TEXT]"
        exit 0
        ;;
    *) echo "check: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$BUILD" || exit 1
for f in tools/qrun images/kernel-x86_64-pc99 "$(cat .image)"; do
    [ -e "$f" ] || { echo "Failure! $BUILD/$f is missing: run ninja first"; exit 1; }
done

PATTERNS=()
TEXT=${TEXT//\\n/$'\n'}
while IFS= read -r line; do
    [ -n "$line" ] && PATTERNS+=("$line")
done <<<"$TEXT"
[ ${#PATTERNS[@]} -gt 0 ] || PATTERNS=('^')

# now_ms: the wall clock in milliseconds.
now_ms() {
    local us=${EPOCHREALTIME/[.,]/}
    echo $((us / 1000))
}

# qrun runs QEMU (and stops it when told to); its output comes to us through a pipe.
read -r -a QEMU <qemu.cmd
coproc BOOT {
    exec tools/qrun --echo --timeout $((10 * (${#PATTERNS[@]} + 2))) --log check.log -- \
        "${QEMU[@]}" -display none -serial stdio -kernel images/kernel-x86_64-pc99 \
        -initrd "$(cat .image)" 2>check.err
}
boot_pid=$BOOT_PID
trap 'kill -TERM $boot_pid 2>/dev/null' EXIT INT TERM

# Match the patterns in order against the output lines (ANSI colours removed), 10 s each.
shopt -s extglob
i=0 reason=""
deadline=$(($(now_ms) + 10000))
while [ $i -lt ${#PATTERNS[@]} ]; do
    left=$((deadline - $(now_ms)))
    if [ $left -le 0 ]; then
        reason="TIMEOUT: no line matched '${PATTERNS[i]}' within 10 s"
        break
    fi
    IFS= read -r -t "$((left / 1000)).$(printf %03d $((left % 1000)))" -u "${BOOT[0]}" line
    status=$?
    if [ $status -gt 128 ]; then
        continue # timed out: the deadline test above says so
    elif [ $status -ne 0 ] && [ -z "$line" ]; then
        reason="EOF: the system stopped before a line matched '${PATTERNS[i]}'"
        break
    fi
    printf '%s\n' "$line"
    line=${line//$'\r'/}
    line=${line//$'\e'\[*([0-9;])[A-Za-z]/}
    if [[ $line =~ ${PATTERNS[i]} ]]; then
        i=$((i + 1))
        deadline=$(($(now_ms) + 10000))
    fi
done
kill -TERM $boot_pid 2>/dev/null
wait $boot_pid 2>/dev/null
trap - EXIT INT TERM
echo
if [ -z "$reason" ]; then
    echo "Success!"
    exit 0
fi
detail=$(grep -m1 '^qemu' check.err)
echo "Failure! $reason${detail:+ ($detail)}"
exit 1

#!/usr/bin/env bash
# Put a tutorial's files into its directory at one task (called by ./init).
#
#   render.sh SRC DIR BUILD TASK SOLUTION FORCE TASK0 TASK1 ...
#
# The program sources and the system description named in SRC/tutorial.conf
# are rendered with render.awk; README.md and README.zh.md are copied.  A
# file is only written when its text changes, so ninja rebuilds only what
# changed.  BUILD/.init/last/ remembers what was written last time: a file
# that differs from that was edited by the learner and is kept, unless FORCE
# is 1.  Exit status 1 if a file was kept that way.
set -eu

SRC=$1 DIR=$2 BUILD=$3 TASK=$4 SOLUTION=$5 FORCE=$6
shift 6
TASKS="$*"
AWK=$(dirname "$0")/render.awk
LAST=$BUILD/.init/last
kept=0

# The files to render: the description and every program's sources.
render_list() {
    awk '$1 == "description" { print $2 } $1 == "program" { for (i = 3; i <= NF; i++) print $i }' \
        "$SRC/tutorial.conf"
}

# install NEW REL: put NEW at DIR/REL unless the learner changed DIR/REL.
install_file() {
    local new=$1 rel=$2 dest=$DIR/$2 last=$LAST/$2
    mkdir -p "$(dirname "$dest")" "$(dirname "$last")"
    if [ -e "$dest" ] && ! cmp -s "$dest" "$new"; then
        if { [ ! -e "$last" ] || ! cmp -s "$dest" "$last"; } && [ "$FORCE" != 1 ]; then
            echo "init: kept your edited $rel (--force replaces it)" >&2
            kept=1
            return
        fi
    fi
    cmp -s "$dest" "$new" 2>/dev/null || cp "$new" "$dest"
    cp "$new" "$last"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for rel in $(render_list); do
    mkdir -p "$(dirname "$tmp/$rel")"
    awk -v tasks="$TASKS" -v task="$TASK" -v solution="$SOLUTION" -f "$AWK" "$SRC/$rel" >"$tmp/$rel"
    install_file "$tmp/$rel" "$rel"
done
for rel in README.md README.zh.md; do
    [ -e "$SRC/$rel" ] && install_file "$SRC/$rel" "$rel"
done
printf '%s\n' "$@" >"$tmp/.tasks"
install_file "$tmp/.tasks" .tasks
exit $kept

# Render one tutorial source at a task (used by ./init).
#
#   awk -v tasks="t0 t1 ..." -v task=T -v solution=0|1 -f render.awk FILE
#
# A source holds the code of every task.  Marker lines, written in the
# file's own comment syntax ("/*@ ... */", "//@ ..." or "#@ ..."), split it
# into groups of variants:
#
#     /*@ todo TASK */   a variant shown once the learner has reached TASK
#     /*@ done TASK */   a variant shown once TASK is solved
#     /*@ end */         closes the group
#
# Of a group, the last variant whose point has been reached is printed, or
# nothing if none has.  Points are ordered  todo t0 < done t0 < todo t1 <
# done t1 < ...; the exercise state of task k has reached "todo k", the
# solution state of task k "done k".  Lines outside groups always print.
# Markers themselves never appear in the output.

function fail(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 1
}

# The point of "todo NAME" (2k) or "done NAME" (2k + 1).
function point(kind, name) {
    if (!(name in index_of)) {
        fail("unknown task " name)
    }
    return 2 * index_of[name] + (kind == "done")
}

BEGIN {
    n = split(tasks, list, " ")
    for (i = 1; i <= n; i++) {
        index_of[list[i]] = i - 1
    }
    if (!(task in index_of)) {
        printf "render: unknown task %s\n", task > "/dev/stderr"
        failed = 1
        exit 1
    }
    reached = 2 * index_of[task] + (solution ? 1 : 0)
    in_group = 0
}

{
    line = $0
    if (match(line, /^[ \t]*(\/\*|\/\/|#)@[ \t]*(todo|done|end)([ \t]+[A-Za-z0-9_.-]+)?[ \t]*(\*\/)?[ \t]*$/)) {
        text = line
        sub(/^[ \t]*(\/\*|\/\/|#)@[ \t]*/, "", text)
        sub(/[ \t]*(\*\/)?[ \t]*$/, "", text)
        split(text, w, /[ \t]+/)
        if (w[1] == "end") {
            if (!in_group) {
                fail("end without a group")
            }
            printf "%s", chosen
            in_group = 0
            next
        }
        if (w[2] == "") {
            fail(w[1] " needs a task name")
        }
        p = point(w[1], w[2])
        if (in_group && p <= last_point) {
            fail("variants of a group must come in task order")
        }
        if (!in_group) {
            in_group = 1
            chosen = ""
        }
        last_point = p
        taking = (p <= reached)
        if (taking) {
            chosen = ""
        }
        next
    }
    if (in_group) {
        if (taking) {
            chosen = chosen line "\n"
        }
    } else {
        print line
    }
}

END {
    if (!failed && in_group) {
        printf "%s: a group is not closed with an end marker\n", FILENAME > "/dev/stderr"
        exit 1
    }
}

/*
 * qrun: run one QEMU boot as a test.
 *
 *   qrun [options] -- qemu-system-x86_64 <args...>
 *
 * QEMU runs as a child in its own process group with its serial console on
 * stdio (stdout and stderr both go into one pipe that qrun reads).  qrun
 * echoes and logs the raw bytes, splits them into lines, strips '\r', NUL
 * and ANSI escape sequences, and matches the lines against the patterns
 * given on the command line (POSIX extended regular expressions):
 *
 *   --until RE             stop QEMU and finish as soon as a line matches
 *   --expect RE            must match, in the order given, one line each
 *   --reject RE            a matching line makes the run fail at the end
 *   --idle-check-after RE  ask the QEMU monitor (until two samples agree) whether the CPU is
 *                          halted in ring 0 with IF set, then finish
 *
 * Exit status: 0 success, 1 failure, 124 timeout, 2 usage error,
 * 128+N when qrun itself was stopped by signal N.  Every non-zero status
 * comes with a one-line reason on stderr.  The QEMU process group is always
 * killed before qrun exits.
 *
 * Pass structure: parse_args -> start_child -> main_loop (pump) ->
 * stop_group / reap -> drain -> verdict.  No threads: one poll() loop over
 * the output pipe, a self-pipe for signals and (during the idle check) the
 * monitor socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define EXIT_TIMEOUT 124

#define LINE_CAP 65536      /* longer lines are matched in 64 KiB pieces */
#define MON_CAP 65536       /* monitor reply buffer */
#define MAX_EXIT_OK 64
#define KILL_GRACE_MS 2000  /* SIGTERM -> SIGKILL */
#define DRAIN_MS 1000       /* reading leftovers after the group is dead */
#define IDLE_DELAY_MS 300   /* trigger line -> first check */
#define IDLE_GAP_MS 200     /* between two checks */
#define IDLE_PROBES 10      /* checks at most */

/* Why the main loop ended (none: QEMU exited by itself). */
enum stop_reason {
    STOP_NONE,
    STOP_UNTIL,
    STOP_TIMEOUT,
    STOP_SIGNAL,
    STOP_IDLE_PASS,
    STOP_IDLE_FAIL,
    STOP_IDLE_ERROR,
};

/* What pump() waits for besides its deadline. */
#define WANT_END 1  /* return when a stop is requested or the child exits */
#define WANT_EXIT 2 /* return when the child has exited */
#define WANT_EOF 4  /* return when the output pipe reached end of file */

/* A list of compiled patterns with their source text (for messages). */
struct patlist {
    regex_t *re;
    const char **src;
    int n;
};

/* Command-line options; filled once by parse_args, read-only after. */
struct opts {
    long timeout_s; /* 0: no limit */
    const char *log_path;
    bool echo;
    bool interactive;
    struct patlist until, expect, reject, idle;
    int exit_ok[MAX_EXIT_OK];
    int n_exit_ok;
    char **cmd; /* NULL-terminated argv of the child */
};

/* State of one run.  Only the signal handler writes sig_pipe[1]. */
struct run {
    const struct opts *o;
    pid_t pid;          /* child = process group id */
    int out_fd;         /* read end of the child's stdout+stderr, -1 at EOF */
    int log_fd;         /* -1 without --log */
    bool echo;          /* cleared when stopping: leftovers only go to the log */
    bool matching;      /* cleared when stopping: leftovers are not matched */
    bool exited;        /* child exited (not yet reaped while pid is valid) */
    int status;         /* wait status once reaped */
    int signal;         /* signal that interrupted qrun, 0 if none */
    enum stop_reason stop;
    long long deadline; /* monotonic ms, LLONG_MAX without timeout */
    int expect_next;    /* index of the next expectation to match */
    char *rejected;     /* first rejected line (cleaned), or NULL */
    char *qemu_error;   /* first QEMU error message line, or NULL */
    const char *progname; /* basename of the command: QEMU's message prefix */
    bool idle_seen;     /* a line matched --idle-check-after */
    bool idle_pending;  /* the idle check is still to be started */
    long long idle_at;  /* when to start it */
    bool wake;          /* set by handle_line: pump must return to main_loop */
    char idle_line[256]; /* register line that failed the idle check */
    char tmpdir[PATH_MAX];
    char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    char *line;         /* raw bytes of the current partial line */
    size_t line_len;
    char *clean;        /* scratch buffer for the cleaned line */
    struct termios tio; /* terminal state to restore (--interactive on a tty) */
    bool tty;
};

static int sig_pipe[2] = {-1, -1};

/* Signal handler: forward the signal number through the self-pipe. */
static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t unused = write(sig_pipe[1], &b, 1);
    (void)unused;
    errno = saved;
}

/* Current CLOCK_MONOTONIC time in milliseconds. */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write all of buf to fd, retrying on EINTR; returns -1 on error. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Print the usage text to stderr and return the usage exit status. */
static int usage(const char *why)
{
    if (why != NULL) {
        fprintf(stderr, "qrun: %s\n", why);
    }
    fprintf(stderr,
            "usage: qrun [--timeout S] [--log FILE] [--echo|--quiet] [--interactive]\n"
            "            [--until RE]... [--expect RE]... [--reject RE]...\n"
            "            [--idle-check-after RE] [--exit-ok CODE]... -- command [args...]\n");
    return EXIT_USAGE;
}

/* Compile src into the next slot of list; returns -1 (after a message) if invalid. */
static int add_pattern(struct patlist *list, const char *src)
{
    int err = regcomp(&list->re[list->n], src, REG_EXTENDED | REG_NOSUB);
    if (err != 0) {
        char msg[256];
        regerror(err, &list->re[list->n], msg, sizeof(msg));
        fprintf(stderr, "qrun: bad regex '%s': %s\n", src, msg);
        return -1;
    }
    list->src[list->n++] = src;
    return 0;
}

/* Parse a non-negative decimal integer no larger than max; -1 if malformed. */
static long parse_num(const char *s, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 0 || v > max) {
        return -1;
    }
    return v;
}

/* Allocate room for up to n patterns in each list (n = argc bounds them all). */
static void alloc_lists(struct opts *o, int n)
{
    struct patlist *lists[] = {&o->until, &o->expect, &o->reject, &o->idle};
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        lists[i]->re = calloc((size_t)n + 1, sizeof(regex_t));
        lists[i]->src = calloc((size_t)n + 1, sizeof(char *));
        if (lists[i]->re == NULL || lists[i]->src == NULL) {
            perror("qrun: calloc");
            exit(EXIT_FAIL);
        }
    }
}

/* Apply one option that takes a value; returns 0, or a usage exit status. */
static int apply_valued(struct opts *o, const char *name, const char *val)
{
    if (strcmp(name, "--timeout") == 0) {
        o->timeout_s = parse_num(val, 1000000);
        return o->timeout_s < 0 ? usage("bad --timeout value") : 0;
    }
    if (strcmp(name, "--log") == 0) {
        o->log_path = val;
        return 0;
    }
    if (strcmp(name, "--exit-ok") == 0) {
        long v = parse_num(val, 255);
        if (v < 0 || o->n_exit_ok == MAX_EXIT_OK) {
            return usage("bad --exit-ok value");
        }
        o->exit_ok[o->n_exit_ok++] = (int)v;
        return 0;
    }
    struct patlist *list = strcmp(name, "--until") == 0    ? &o->until
                           : strcmp(name, "--expect") == 0 ? &o->expect
                           : strcmp(name, "--reject") == 0 ? &o->reject
                           : strcmp(name, "--idle-check-after") == 0 ? &o->idle
                                                                     : NULL;
    if (list == NULL) {
        fprintf(stderr, "qrun: unknown option %s\n", name);
        return usage(NULL);
    }
    if (list == &o->idle && o->idle.n > 0) {
        return usage("--idle-check-after may be given once");
    }
    return add_pattern(list, val) < 0 ? EXIT_USAGE : 0;
}

/* Apply a flag option; returns 1 if name is a flag, 0 if not. */
static int apply_flag(struct opts *o, const char *name)
{
    if (strcmp(name, "--echo") == 0) {
        o->echo = true;
    } else if (strcmp(name, "--quiet") == 0) {
        o->echo = false;
    } else if (strcmp(name, "--interactive") == 0) {
        o->interactive = true;
    } else {
        return 0;
    }
    return 1;
}

/* Parse argv into o; returns 0, or the exit status for a usage error. */
static int parse_args(struct opts *o, int argc, char **argv)
{
    alloc_lists(o, argc);
    o->timeout_s = 60;
    o->echo = true;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        char name[64];
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return usage(NULL);
        }
        size_t len = eq != NULL ? (size_t)(eq - a) : strlen(a);
        snprintf(name, sizeof(name), "%.*s", (int)len, a);
        if (eq == NULL && apply_flag(o, name)) {
            continue;
        }
        const char *val = eq != NULL ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (val == NULL) {
            fprintf(stderr, "qrun: option %s needs a value\n", name);
            return usage(NULL);
        }
        int rc = apply_valued(o, name, val);
        if (rc != 0) {
            return rc;
        }
    }
    if (i >= argc) {
        return usage("no command given");
    }
    o->cmd = &argv[i];
    if (o->n_exit_ok == 0) {
        o->exit_ok[o->n_exit_ok++] = 0; /* normal exit */
        o->exit_ok[o->n_exit_ok++] = 1; /* isa-debug-exit with value 0 */
    }
    return 0;
}

/* Copy in[0..n) to out without '\r', NUL and ANSI escapes; returns the length. */
static size_t clean_line(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == 0x1b && i + 1 < n && in[i + 1] == '[') {
            i += 2; /* CSI: parameter/intermediate bytes, then a final byte */
            while (i < n && ((unsigned char)in[i] < 0x40 || (unsigned char)in[i] > 0x7e)) {
                i++;
            }
            continue;
        }
        if (c == 0x1b) {
            i++; /* two-byte escape such as ESC c or ESC 7 */
            continue;
        }
        if (c != '\r' && c != '\0') {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

/* True if text matches any pattern in list. */
static bool match_any(const struct patlist *list, const char *text)
{
    for (int i = 0; i < list->n; i++) {
        if (regexec(&list->re[i], text, 0, NULL, 0) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * True if line looks like a QEMU error message: "qemu: ..." or "<progname>: ..."
 * but not "...: warning: ...".  Used only when QEMU exits with a non-zero
 * status that --exit-ok allows (status 1 is both debug-exit 0 and an error).
 */
static bool is_qemu_error(const struct run *r, const char *line)
{
    size_t n = strlen(r->progname);
    const char *rest = NULL;
    if (strncmp(line, "qemu: ", 6) == 0) {
        rest = line + 6;
    } else if (strncmp(line, r->progname, n) == 0 && strncmp(line + n, ": ", 2) == 0) {
        rest = line + n + 2;
    }
    return rest != NULL && strncmp(rest, "warning: ", 9) != 0;
}

/* Match one complete raw line against all patterns; may request a stop. */
static void handle_line(struct run *r, const char *raw, size_t n)
{
    const struct opts *o = r->o;
    if (!r->matching) {
        return;
    }
    clean_line(raw, n, r->clean);
    if (r->rejected == NULL && match_any(&o->reject, r->clean)) {
        r->rejected = strdup(r->clean);
    }
    if (r->qemu_error == NULL && is_qemu_error(r, r->clean)) {
        r->qemu_error = strdup(r->clean);
    }
    if (r->expect_next < o->expect.n &&
        regexec(&o->expect.re[r->expect_next], r->clean, 0, NULL, 0) == 0) {
        r->expect_next++;
    }
    if (!r->idle_seen && match_any(&o->idle, r->clean)) {
        r->idle_seen = true;
        r->idle_pending = true;
        r->wake = true;
        r->idle_at = now_ms() + IDLE_DELAY_MS;
    }
    if (match_any(&o->until, r->clean)) {
        r->stop = STOP_UNTIL;
        r->matching = false;
    }
}

/* Echo/log a chunk of output, then feed its complete lines to handle_line. */
static void handle_output(struct run *r, const char *buf, size_t n)
{
    if (r->echo && write_all(STDOUT_FILENO, buf, n) < 0) {
        r->echo = false; /* stdout went away: keep running, stop echoing */
    }
    if (r->log_fd >= 0 && write_all(r->log_fd, buf, n) < 0) {
        perror("qrun: writing log");
        close(r->log_fd);
        r->log_fd = -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            handle_line(r, r->line, r->line_len);
            r->line_len = 0;
            continue;
        }
        if (r->line_len == LINE_CAP - 1) {
            handle_line(r, r->line, r->line_len); /* overlong: match in pieces */
            r->line_len = 0;
        }
        r->line[r->line_len++] = buf[i];
    }
}

/* Note whether the child has exited, without reaping it (its pid keeps the group id ours). */
static void check_child(struct run *r)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    if (!r->exited && waitid(P_PID, (id_t)r->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        si.si_pid == r->pid) {
        r->exited = true;
    }
}

/* Read pending signal numbers from the self-pipe and act on them. */
static void handle_signals(struct run *r)
{
    unsigned char sigs[64];
    ssize_t n = read(sig_pipe[0], sigs, sizeof(sigs));
    for (ssize_t i = 0; i < n; i++) {
        if (sigs[i] != SIGCHLD && r->signal == 0 && r->stop == STOP_NONE) {
            r->signal = sigs[i];
            r->stop = STOP_SIGNAL;
            r->matching = false;
        }
    }
    check_child(r);
}

/* Read one chunk from the output pipe; marks EOF by setting out_fd to -1. */
static void read_output(struct run *r)
{
    char buf[16384];
    ssize_t n = read(r->out_fd, buf, sizeof(buf));
    if (n > 0) {
        handle_output(r, buf, (size_t)n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(r->out_fd);
        r->out_fd = -1;
    }
}

/* True when a condition in the want mask holds. */
static bool wanted(const struct run *r, int want)
{
    return ((want & WANT_END) && (r->stop != STOP_NONE || r->exited || r->wake)) ||
           ((want & WANT_EXIT) && r->exited) || ((want & WANT_EOF) && r->out_fd < 0);
}

/*
 * Service output and signals until until_ms, a condition in want, or extra_fd
 * becoming ready for extra_events.  Returns 1 (extra_fd ready), 0 (time up)
 * or -1 (a wanted condition holds).
 */
static int pump(struct run *r, int extra_fd, short extra_events, long long until_ms, int want)
{
    for (;;) {
        if (wanted(r, want)) {
            return -1;
        }
        long long left = until_ms - now_ms();
        if (left <= 0) {
            return 0;
        }
        struct pollfd p[3] = {
            {.fd = r->out_fd, .events = POLLIN},
            {.fd = sig_pipe[0], .events = POLLIN},
            {.fd = extra_fd, .events = extra_events},
        };
        int n = poll(p, 3, left > INT_MAX ? INT_MAX : (int)left);
        if (n < 0 && errno != EINTR) {
            perror("qrun: poll");
            exit(EXIT_FAIL);
        }
        if (n <= 0) {
            continue;
        }
        if (p[1].revents != 0) {
            handle_signals(r);
        }
        if (p[0].revents != 0) {
            read_output(r);
        }
        if (extra_fd >= 0 && p[2].revents != 0) {
            return 1;
        }
    }
}

/* Connect to the QEMU monitor socket, retrying until deadline; -1 on failure. */
static int monitor_connect(struct run *r)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    memcpy(sa.sun_path, r->sock_path, sizeof(sa.sun_path));
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return fd;
        }
        close(fd);
        if (pump(r, -1, 0, now_ms() + 50, WANT_END) != 0 || now_ms() >= r->deadline) {
            return -1;
        }
    }
}

/*
 * Read monitor output into buf (cleaned text, NUL-terminated) until it ends
 * with the "(qemu) " prompt.  Returns 0, or -1 on EOF, error or deadline.
 */
static int monitor_read_prompt(struct run *r, int fd, char *buf)
{
    static char raw[MON_CAP];
    size_t len = 0;
    for (;;) {
        int ready = pump(r, fd, POLLIN, r->deadline, WANT_END);
        if (ready != 1) {
            return -1;
        }
        ssize_t n = read(fd, raw + len, MON_CAP - 1 - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        len += (size_t)n;
        size_t c = clean_line(raw, len, buf);
        if (c >= 7 && strcmp(buf + c - 7, "(qemu) ") == 0) {
            return 0;
        }
        if (len == MON_CAP - 1) {
            len = 0; /* runaway output: keep only what follows */
        }
    }
}

/* Hex value after "key=" in line, or -1 if absent. */
static long long reg_value(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    if (p == NULL) {
        return -1;
    }
    return strtoll(p + strlen(key), NULL, 16);
}

/*
 * Judge one "info registers" reply: idle means HLT=1, CPL=0 and RFL/EFL with
 * IF (bit 9) set.  Returns 1 if idle, 2 if awake in ring 0 (an interrupt
 * woke the CPU between two hlt: ask again), 0 otherwise; on anything but 1
 * copies the relevant line into r->idle_line.
 */
static int judge_registers(struct run *r, char *reply)
{
    char *line = strstr(reply, "HLT=");
    if (line == NULL) {
        snprintf(r->idle_line, sizeof(r->idle_line), "no HLT= in monitor reply");
        return 0;
    }
    while (line > reply && line[-1] != '\n') {
        line--;
    }
    char *end = strchr(line, '\n');
    if (end != NULL) {
        *end = '\0';
    }
    long long fl = reg_value(line, "RFL=");
    if (fl < 0) {
        fl = reg_value(line, "EFL=");
    }
    bool ring0 = reg_value(line, "CPL=") == 0;
    bool ok = reg_value(line, "HLT=") == 1 && ring0 && fl >= 0 && (fl & 0x200) != 0;
    if (!ok) {
        snprintf(r->idle_line, sizeof(r->idle_line), "%.*s", (int)sizeof(r->idle_line) - 1, line);
    }
    return ok ? 1 : (ring0 && reg_value(line, "HLT=") == 0) ? 2 : 0;
}

/* Send "info registers" and judge the reply; returns 1 idle, 2 awake, 0 fail, -1 error. */
static int idle_probe(struct run *r, int fd, char *reply)
{
    static const char cmd[] = "info registers\n";
    if (write_all(fd, cmd, sizeof(cmd) - 1) < 0 || monitor_read_prompt(r, fd, reply) < 0) {
        return -1;
    }
    return judge_registers(r, reply);
}

/*
 * Probe IDLE_GAP_MS apart until two probes found the CPU idle (pass), one
 * found it dead or in user mode (fail), or IDLE_PROBES probes were taken with
 * the CPU merely awake in ring 0 (fail).  Sets r->stop unless the run ended.
 */
static void idle_check(struct run *r)
{
    static char reply[MON_CAP];
    int fd = monitor_connect(r);
    int res = -1;
    if (fd >= 0 && monitor_read_prompt(r, fd, reply) == 0) {
        int idle = 0;
        for (int probe = 0; probe < IDLE_PROBES; probe++) {
            res = idle_probe(r, fd, reply);
            idle += res == 1;
            if (res == 0 || res < 0 || idle == 2) {
                break;
            }
            if (pump(r, -1, 0, now_ms() + IDLE_GAP_MS, WANT_END) != 0) {
                res = -1;
                break;
            }
        }
        res = res == 2 ? 0 : res;
    }
    if (fd >= 0) {
        close(fd);
    }
    if (r->stop != STOP_NONE || r->exited) {
        return; /* until/signal/exit happened meanwhile: that decides */
    }
    if (res < 0 && now_ms() >= r->deadline) {
        return; /* main loop reports the timeout */
    }
    r->stop = res == 1 ? STOP_IDLE_PASS : res == 0 ? STOP_IDLE_FAIL : STOP_IDLE_ERROR;
    r->matching = false;
}

/* Make a private directory for the monitor socket; returns -1 on failure. */
static int make_tmpdir(struct run *r)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') {
        base = "/tmp";
    }
    snprintf(r->tmpdir, sizeof(r->tmpdir), "%s/qrun.XXXXXX", base);
    if (mkdtemp(r->tmpdir) == NULL) {
        perror("qrun: mkdtemp");
        r->tmpdir[0] = '\0';
        return -1;
    }
    int n = snprintf(r->sock_path, sizeof(r->sock_path), "%s/mon.sock", r->tmpdir);
    if (n < 0 || (size_t)n >= sizeof(r->sock_path)) {
        fprintf(stderr, "qrun: socket path too long: %s/mon.sock\n", r->tmpdir);
        return -1;
    }
    return 0;
}

/* Remove the monitor socket and tmpdir, if any. */
static void remove_tmpdir(struct run *r)
{
    if (r->tmpdir[0] != '\0') {
        unlink(r->sock_path);
        rmdir(r->tmpdir);
        r->tmpdir[0] = '\0';
    }
}

/* Build the child's argv: the command plus "-monitor unix:..." for the idle check. */
static char **child_argv(struct run *r)
{
    size_t n = 0;
    while (r->o->cmd[n] != NULL) {
        n++;
    }
    char **argv = calloc(n + 3, sizeof(char *));
    if (argv == NULL) {
        perror("qrun: calloc");
        exit(EXIT_FAIL);
    }
    memcpy(argv, r->o->cmd, n * sizeof(char *));
    if (r->o->idle.n > 0) {
        static char mon[sizeof(r->sock_path) + 32];
        snprintf(mon, sizeof(mon), "unix:%s,server,nowait", r->sock_path);
        argv[n++] = "-monitor";
        argv[n++] = mon;
    }
    return argv;
}

/* In the child: set up the process group, terminal and fds, then exec; never returns. */
static void exec_child(struct run *r, char **argv, int out_w, int err_w)
{
    setpgid(0, 0);
    if (r->tty) {
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(STDIN_FILENO, getpid()); /* QEMU owns the terminal */
    }
    signal(SIGTTOU, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (!r->o->interactive) {
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            close(null);
        }
    }
    dup2(out_w, STDOUT_FILENO);
    dup2(out_w, STDERR_FILENO);
    close(out_w);
    execvp(argv[0], argv);
    int e = errno;
    ssize_t unused = write(err_w, &e, sizeof(e));
    (void)unused;
    _exit(127);
}

/* Fork and exec the command; returns 0, or -1 (after a message) if it could not start. */
static int start_child(struct run *r)
{
    int out[2], err[2];
    char **argv = child_argv(r);
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
        perror("qrun: pipe");
        return -1;
    }
    r->pid = fork();
    if (r->pid < 0) {
        perror("qrun: fork");
        return -1;
    }
    if (r->pid == 0) {
        exec_child(r, argv, out[1], err[1]);
    }
    setpgid(r->pid, r->pid); /* also in the parent: no race with kill(-pid) */
    close(out[1]);
    close(err[1]);
    r->out_fd = out[0];
    free(argv);
    int e = 0;
    ssize_t n;
    do {
        n = read(err[0], &e, sizeof(e));
    } while (n < 0 && errno == EINTR);
    close(err[0]);
    if (n == (ssize_t)sizeof(e)) {
        fprintf(stderr, "qrun: cannot run %s: %s\n", r->o->cmd[0], strerror(e));
        waitpid(r->pid, &r->status, 0);
        r->pid = 0;
        return -1;
    }
    return 0;
}

/* Kill the whole process group (SIGTERM, SIGKILL after the grace time) and reap the child. */
static void stop_group(struct run *r)
{
    if (!r->exited) {
        kill(-r->pid, SIGTERM);
        pump(r, -1, 0, now_ms() + KILL_GRACE_MS, WANT_EXIT);
    }
    kill(-r->pid, SIGKILL); /* stragglers; the unreaped leader pins the group id */
    while (waitpid(r->pid, &r->status, 0) < 0 && errno == EINTR) {
    }
    r->exited = true;
}

/* Give the terminal back to qrun and restore its modes (--interactive on a tty). */
static void restore_tty(struct run *r)
{
    if (!r->tty) {
        return;
    }
    void (*old)(int) = signal(SIGTTOU, SIG_IGN);
    tcsetpgrp(STDIN_FILENO, getpgrp());
    tcsetattr(STDIN_FILENO, TCSANOW, &r->tio);
    signal(SIGTTOU, old);
}

/* The main loop: pump output until a stop reason, the child's exit or the deadline. */
static void main_loop(struct run *r)
{
    while (r->stop == STOP_NONE && !r->exited) {
        if (r->idle_pending && now_ms() >= r->idle_at) {
            r->idle_pending = false;
            idle_check(r);
            continue;
        }
        long long until = r->deadline;
        if (r->idle_pending && r->idle_at < until) {
            until = r->idle_at;
        }
        r->wake = false;
        pump(r, -1, 0, until, WANT_END);
        if (r->stop == STOP_NONE && !r->exited && now_ms() >= r->deadline) {
            r->stop = STOP_TIMEOUT;
            r->matching = false;
        }
    }
}

/* Finish the child: stop it if needed, drain its remaining output, flush the last line. */
static void finish_child(struct run *r)
{
    if (r->stop != STOP_NONE) {
        r->echo = false; /* what QEMU prints while dying is only logged */
    }
    stop_group(r);
    pump(r, -1, 0, now_ms() + DRAIN_MS, WANT_EOF);
    if (r->line_len > 0) {
        handle_line(r, r->line, r->line_len); /* unterminated last line */
        r->line_len = 0;
    }
    if (r->out_fd >= 0) {
        close(r->out_fd);
        r->out_fd = -1;
    }
}

/* Did the child end in a way the options count as success (listed status,
 * and no QEMU error message if non-zero)? Prints why not. */
static bool child_ok(const struct run *r)
{
    if (WIFSIGNALED(r->status)) {
        fprintf(stderr, "qrun: %s killed by signal %d\n", r->o->cmd[0], WTERMSIG(r->status));
        return false;
    }
    int code = WEXITSTATUS(r->status);
    bool listed = false;
    for (int i = 0; i < r->o->n_exit_ok; i++) {
        listed = listed || code == r->o->exit_ok[i];
    }
    if (!listed) {
        fprintf(stderr, "qrun: %s exited with status %d\n", r->o->cmd[0], code);
        return false;
    }
    if (code != 0 && r->qemu_error != NULL) {
        fprintf(stderr, "qrun: %s failed (status %d): %s\n", r->o->cmd[0], code, r->qemu_error);
        return false;
    }
    return true;
}

/* Decide the exit status from the run's outcome, printing one line per failure. */
static int verdict(const struct run *r)
{
    const struct opts *o = r->o;
    if (r->stop == STOP_SIGNAL) {
        fprintf(stderr, "qrun: interrupted by signal %d\n", r->signal);
        return 128 + r->signal;
    }
    if (r->stop == STOP_TIMEOUT) {
        fprintf(stderr, "qrun: timeout after %ld s\n", o->timeout_s);
        return EXIT_TIMEOUT;
    }
    int rc = 0;
    if (r->rejected != NULL) {
        fprintf(stderr, "qrun: rejected output: %s\n", r->rejected);
        rc = EXIT_FAIL;
    }
    if (r->expect_next < o->expect.n) {
        fprintf(stderr, "qrun: missing expected output: %s\n", o->expect.src[r->expect_next]);
        rc = EXIT_FAIL;
    }
    if (r->stop == STOP_IDLE_FAIL) {
        fprintf(stderr, "qrun: idle check failed: %s\n", r->idle_line);
        return EXIT_FAIL;
    }
    if (r->stop == STOP_IDLE_ERROR) {
        fprintf(stderr, "qrun: idle check failed: no answer from the QEMU monitor\n");
        return EXIT_FAIL;
    }
    if (r->stop == STOP_UNTIL && o->idle.n > 0) {
        fprintf(stderr, "qrun: idle check did not run: an --until line came first\n");
        return EXIT_FAIL;
    }
    if (r->stop != STOP_NONE) {
        return rc; /* until matched or idle check passed */
    }
    if (!child_ok(r)) {
        rc = EXIT_FAIL;
    } else if (o->idle.n > 0) {
        fprintf(stderr, "qrun: idle check did not run: %s exited first\n", o->cmd[0]);
        rc = EXIT_FAIL;
    }
    return rc;
}

/* Install on_signal for the signals qrun handles, and ignore SIGPIPE. */
static int install_signals(void)
{
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        perror("qrun: pipe");
        return -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

/* Prepare the run state: buffers, log file, tmpdir, terminal; -1 on failure. */
static int setup_run(struct run *r, const struct opts *o)
{
    r->o = o;
    const char *slash = strrchr(o->cmd[0], '/');
    r->progname = slash != NULL ? slash + 1 : o->cmd[0];
    r->log_fd = -1;
    r->out_fd = -1;
    r->echo = o->echo;
    r->matching = true;
    r->deadline = o->timeout_s > 0 ? now_ms() + o->timeout_s * 1000 : LLONG_MAX;
    r->line = malloc(LINE_CAP);
    r->clean = malloc(LINE_CAP);
    if (r->line == NULL || r->clean == NULL) {
        perror("qrun: malloc");
        return -1;
    }
    if (o->log_path != NULL) {
        r->log_fd = open(o->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (r->log_fd < 0) {
            fprintf(stderr, "qrun: cannot open log %s: %s\n", o->log_path, strerror(errno));
            return -1;
        }
    }
    if (o->idle.n > 0 && make_tmpdir(r) < 0) {
        return -1;
    }
    r->tty = o->interactive && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &r->tio) == 0;
    return 0;
}

/* Entry point: parse options, run the child, and turn the outcome into an exit status. */
int main(int argc, char **argv)
{
    static struct opts o;
    static struct run r;
    int rc = parse_args(&o, argc, argv);
    if (rc != 0) {
        return rc;
    }
    if (install_signals() < 0 || setup_run(&r, &o) < 0 || start_child(&r) < 0) {
        remove_tmpdir(&r);
        return EXIT_FAIL;
    }
    main_loop(&r);
    finish_child(&r);
    restore_tty(&r);
    remove_tmpdir(&r);
    if (r.log_fd >= 0) {
        close(r.log_fd);
    }
    return verdict(&r);
}

/*
 * Scheduler tests: sel4test's scheduler.c (SCHED0000, SCHED0002-0005,
 * SCHED0020, SCHED0021) and queue-order details of seL4's scheduler
 * (SCHEDQ0001-0003): Yield and slice expiry go to the tail, Resume puts a
 * thread at the head, a preempted thread keeps its place at the head, a
 * higher-priority Resume preempts at once and an equal one does not.
 *
 * There is no IPC yet: where sel4test blocks on an endpoint, the waiter polls
 * a flag, running at a priority at which it still gets the CPU (so every wait
 * is bounded), and helpers report failures through memory.
 */
#include <string.h>

#include "thread_helpers.h"

/* The first failed helper check (its line), 0 if none. */
static volatile seL4_Word sched_fail;

/* Record `line` as the failure unless one is recorded already. */
static void fail_at(seL4_Word line)
{
    seL4_Word zero = 0;
    __atomic_compare_exchange_n(&sched_fail, &zero, line, false, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
}

/* A check inside a helper: remember the first failure and carry on (as sel4test's test_check). */
#define H_CHECK(cond)                                                             \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fail_at(__LINE__);                                                    \
        }                                                                         \
    } while (0)

/* sel4test's CHECK_STEP: the step must be x; then it becomes x + 1. */
#define CHECK_STEP(var, x)                                                        \
    do {                                                                          \
        H_CHECK((var) == (x));                                                    \
        (var) = (x) + 1;                                                          \
    } while (0)

/* A reason if a helper check failed. */
static const char *helper_failures(void)
{
    if (sched_fail) {
        return systest_reason("a helper check failed at %s line %lu", __FILE__,
                              (unsigned long)sched_fail);
    }
    return NULL;
}

static volatile seL4_Word counter;

/* Count for up to 5 s, then only yield (a bare thread; bounded so that a broken
 * timer makes the test fail instead of hang). */
static void count_forever(void)
{
    uint64_t end = deadline_ms(5000);
    while (!deadline_passed(end)) {
        counter++;
    }
    for (;;) {
        seL4_Yield();
    }
}

/* sel4test SCHED0000, adapted (no timer service): a counter thread at the root's
 * priority advances while the root only spins, i.e. through time-slice preemption;
 * suspended, it makes no progress while the root yields and spins; resumed, it does. */
THREAD_TEST(SCHED0000)
{
    seL4_CPtr t;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &t));
    counter = 0;
    TRY(thread_start(t, (void *)count_forever, bare_stack_top(0), 0, 0, 0));
    if (!SPIN_UNTIL(counter != 0, 2000)) {
        return "the counter thread did not run while the root spun (no preemption)";
    }
    seL4_Word old = counter;
    if (!SPIN_UNTIL(counter != old, 2000)) {
        return "the counter thread ran only once while the root spun";
    }
    EXPECT_OK(seL4_TCB_Suspend(t));
    for (int round = 0; round < 2; round++) {
        old = counter;
        for (int i = 0; i < 10; i++) {
            seL4_Yield();
        }
        (void)SPIN_UNTIL(false, 30);
        if (counter != old) {
            return "the suspended counter thread made progress";
        }
    }
    EXPECT_OK(seL4_TCB_Resume(t));
    old = counter;
    if (!SPIN_UNTIL(counter != old, 2000)) {
        return "the resumed counter thread made no progress";
    }
    return NULL;
}

/* sel4test SCHED0002: resuming ourselves succeeds and does nothing. */
SYSTEST(SCHED0002)
{
    EXPECT_OK(seL4_TCB_Resume(seL4_CapInitThreadTCB));
    return NULL;
}

static volatile seL4_Word step;

/* SCHED0003, thread 2a (101): steps 0 and 2; suspends 2b, then itself. */
static seL4_Word suspend_helper_2a(seL4_Word t1, seL4_Word t2a, seL4_Word t2b, seL4_Word a3)
{
    (void)t1, (void)a3;
    CHECK_STEP(step, 0);
    /* Only a timer tick lets 2b (same priority) run and move the step on. */
    H_CHECK(SPIN_UNTIL(step != 1, 5000));
    H_CHECK(seL4_TCB_Suspend(t2b) == seL4_NoError);
    CHECK_STEP(step, 2);
    /* Suspend ourselves: the low-priority thread runs and resumes 2b. */
    H_CHECK(seL4_TCB_Suspend(t2a) == seL4_NoError);
    fail_at(__LINE__); /* not reached */
    return 0;
}

/* SCHED0003, thread 2b (101): step 1 after a tick, step 4 after being resumed. */
static seL4_Word suspend_helper_2b(seL4_Word t1, seL4_Word t2a, seL4_Word t2b, seL4_Word a3)
{
    (void)t1, (void)t2a, (void)t2b, (void)a3;
    H_CHECK(step == 0 || step == 1);
    H_CHECK(YIELD_UNTIL(step != 0, 5000));
    CHECK_STEP(step, 1);
    /* Yield until 2a suspends us; when we come back the step is 4. */
    H_CHECK(YIELD_UNTIL(step != 2, 5000));
    CHECK_STEP(step, 4);
    return 0;
}

/* SCHED0003, thread 1 (100): step 3, resumes 2b (which preempts it), step 5. */
static seL4_Word suspend_helper_1(seL4_Word t1, seL4_Word t2a, seL4_Word t2b, seL4_Word a3)
{
    (void)t1, (void)t2a, (void)a3;
    CHECK_STEP(step, 3);
    H_CHECK(seL4_TCB_Resume(t2b) == seL4_NoError);
    /* 2b (higher) preempted us at once and finished. */
    CHECK_STEP(step, 5);
    return 0;
}

/* sel4test SCHED0003: t1 at 100, t2a and t2b at 101.  Equal priorities share the CPU
 * only through time-slice expiry; Suspend of another thread and of oneself take
 * effect at once; Resume of a higher-priority thread preempts the resumer at once.
 * Adapted: the root waits at priority 100 (with t1) instead of blocking on IPC. */
THREAD_TEST(SCHED0003)
{
    helper_t t1, t2a, t2b;
    sched_fail = 0;
    step = 0;
    TRY(helper_create(&t1, 0));
    TRY(helper_create(&t2a, 1));
    TRY(helper_create(&t2b, 2));
    seL4_Word a = t1.tcb, b = t2a.tcb, c = t2b.tcb;
    TRY(helper_start(&t1, suspend_helper_1, a, b, c, 0));
    TRY(helper_start(&t2a, suspend_helper_2a, a, b, c, 0));
    TRY(helper_start(&t2b, suspend_helper_2b, a, b, c, 0));
    EXPECT_OK(seL4_TCB_SetPriority(t1.tcb, seL4_CapInitThreadTCB, 100));
    EXPECT_OK(seL4_TCB_SetPriority(t2a.tcb, seL4_CapInitThreadTCB, 101));
    EXPECT_OK(seL4_TCB_SetPriority(t2b.tcb, seL4_CapInitThreadTCB, 101));
    TRY(root_set_prio(100));
    if (!YIELD_UNTIL(t1.done && t2b.done, 20000)) {
        return systest_reason("helpers did not finish (step %lu)", (unsigned long)step);
    }
    TRY(root_set_prio(ROOT_PRIO));
    TRY(helper_failures());
    EXPECT_EQ(step, 6);
    return NULL;
}

#define NUM_PRIOS (ROOT_PRIO) /* helpers at 0 .. ROOT_PRIO - 1 */
static volatile seL4_Word last_prio, prio_done;

/* One per priority: the previous one to run must have had priority + 1 (a bare thread). */
static void prio_thread(seL4_Word my_prio, seL4_Word tcb)
{
    if (last_prio - 1 != my_prio) {
        fail_at(1000 + my_prio);
    }
    last_prio = my_prio;
    __atomic_add_fetch(&prio_done, 1, __ATOMIC_SEQ_CST);
    seL4_TCB_Suspend(tcb);
}

/* sel4test SCHED0004: one thread at every priority below the root's, all started while
 * the root runs; they run strictly from the highest down.  Adapted: instead of blocking
 * on an endpoint the root drops to priority 0, behind all of them but the last. */
THREAD_TEST(SCHED0004)
{
    sched_fail = 0;
    prio_done = 0;
    last_prio = NUM_PRIOS;
    for (seL4_Word p = 0; p < NUM_PRIOS; p++) {
        seL4_CPtr t;
        TRY(thread_new(p, 0, seL4_CapNull, &t));
        TRY(thread_start(t, (void *)prio_thread, bare_stack_top(p), p, t, 0));
    }
    EXPECT_EQ(prio_done, 0);
    TRY(root_set_prio(0));
    if (!YIELD_UNTIL(prio_done == NUM_PRIOS, 10000)) {
        return systest_reason("only %lu of %d threads ran", (unsigned long)prio_done, NUM_PRIOS);
    }
    TRY(root_set_prio(ROOT_PRIO));
    if (sched_fail) {
        return systest_reason("the thread at priority %lu ran out of order",
                              (unsigned long)sched_fail - 1000);
    }
    EXPECT_EQ(last_prio, 0);
    return NULL;
}

#define SCHED0005_HIGHEST_PRIO (seL4_MaxPrio - 2)

/* SCHED0005, thread 1: steps 0 and 2, and the MCP checks on itself. */
static seL4_Word set_priority_helper_1(seL4_Word t1, seL4_Word t2, seL4_Word a2, seL4_Word a3)
{
    (void)t2, (void)a2, (void)a3;
    CHECK_STEP(step, 0);
    /* Lower ourselves below t2: t2 runs before this call returns. */
    H_CHECK(seL4_TCB_SetPriority(t1, t1, SCHED0005_HIGHEST_PRIO - 4) == seL4_NoError);
    CHECK_STEP(step, 2);
    /* Back up: allowed, our MCP is unchanged. */
    H_CHECK(seL4_TCB_SetPriority(t1, t1, SCHED0005_HIGHEST_PRIO) == seL4_NoError);
    H_CHECK(seL4_TCB_SetMCPriority(t1, t1, SCHED0005_HIGHEST_PRIO - 4) == seL4_NoError);
    /* Above our new MCP, though below our priority: refused, and the MCP cannot go back. */
    H_CHECK(seL4_TCB_SetPriority(t1, t1, SCHED0005_HIGHEST_PRIO - 3) == seL4_RangeError);
    H_CHECK(seL4_TCB_SetMCPriority(t1, t1, SCHED0005_HIGHEST_PRIO) == seL4_RangeError);
    return 0;
}

/* SCHED0005, thread 2: step 1, raises thread 1, drops below it, step 3. */
static seL4_Word set_priority_helper_2(seL4_Word t1, seL4_Word t2, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    H_CHECK(step == 1);
    /* Our MCP (HIGHEST - 2) does not allow HIGHEST - 1. */
    H_CHECK(seL4_TCB_SetPriority(t1, t2, SCHED0005_HIGHEST_PRIO - 1) == seL4_RangeError);
    /* Raise t1 to just below us. */
    H_CHECK(seL4_TCB_SetPriority(t1, t2, SCHED0005_HIGHEST_PRIO - 2) == seL4_NoError);
    /* Drop below t1: t1 runs at once. */
    step = 2;
    H_CHECK(seL4_TCB_SetPriority(t2, t2, SCHED0005_HIGHEST_PRIO - 3) == seL4_NoError);
    CHECK_STEP(step, 3);
    return 0;
}

/* sel4test SCHED0005: t1 (priority and MCP 253) and t2 (priority 252, MCP 251) move
 * their own and each other's priorities; every change preempts or not exactly as the
 * new priorities say, and the MCP rules hold.  Adapted: the root waits at 248. */
THREAD_TEST(SCHED0005)
{
    helper_t h1, h2;
    sched_fail = 0;
    step = 0;
    TRY(helper_create(&h1, SCHED0005_HIGHEST_PRIO));
    EXPECT_OK(seL4_TCB_SetMCPriority(h1.tcb, seL4_CapInitThreadTCB, SCHED0005_HIGHEST_PRIO));
    TRY(helper_create(&h2, SCHED0005_HIGHEST_PRIO - 1));
    EXPECT_OK(seL4_TCB_SetMCPriority(h2.tcb, seL4_CapInitThreadTCB, SCHED0005_HIGHEST_PRIO - 2));
    TRY(helper_start(&h1, set_priority_helper_1, h1.tcb, h2.tcb, 0, 0));
    TRY(helper_start(&h2, set_priority_helper_2, h1.tcb, h2.tcb, 0, 0));
    TRY(root_set_prio(SCHED0005_HIGHEST_PRIO - 5));
    if (!YIELD_UNTIL(h1.done && h2.done, 10000)) {
        return systest_reason("helpers did not finish (step %lu)", (unsigned long)step);
    }
    TRY(root_set_prio(ROOT_PRIO));
    TRY(helper_failures());
    EXPECT_EQ(step, 4);
    return NULL;
}

/* SCHED0020's helper: yield once, then set *state to 2. */
static seL4_Word set_higher_prio_helper(seL4_Word state, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    /* If a tick picked us before the root raised us, give the CPU straight back. */
    seL4_Yield();
    *(volatile seL4_Word *)state = 2;
    return 0;
}

/* sel4test SCHED0020: a helper started at the root's (lowered) priority does not
 * preempt it; raising the helper above the root runs it before SetPriority returns. */
THREAD_TEST(SCHED0020)
{
    helper_t h;
    volatile seL4_Word state = 0;
    TRY(root_set_prio(ROOT_PRIO - 1));
    TRY(helper_run(&h, ROOT_PRIO - 1, set_higher_prio_helper, (seL4_Word)&state, 0, 0, 0));
    EXPECT_EQ(state, 0);
    EXPECT_OK(seL4_TCB_SetPriority(h.tcb, seL4_CapInitThreadTCB, ROOT_PRIO));
    EXPECT_EQ(state, 2);
    return NULL;
}

#define PREEMPTION_THREADS 4
static volatile seL4_Word preempt_data[PREEMPTION_THREADS];
static volatile seL4_Word preempt_start;

/* SCHED0021's runner: bump our count once, then spin until the previous thread has
 * bumped its count again; only time-slice expiry moves the CPU between runners. */
static seL4_Word preempt_runner(seL4_Word id, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word prev = (id + PREEMPTION_THREADS - 1) % PREEMPTION_THREADS;
    /* Every spin gives up after 5 s, so that a broken timer fails the test, not hangs it. */
    if (!SPIN_UNTIL(preempt_start != 0, 5000)) {
        return 1;
    }
    seL4_Word prev_data = preempt_data[prev];
    while (preempt_start) {
        preempt_data[id] = preempt_data[id] + 1;
        if (!SPIN_UNTIL(preempt_data[prev] > prev_data, 5000)) {
            return 1;
        }
        prev_data = preempt_data[prev];
    }
    return 0;
}

/* One round of SCHED0021: four runners at the root's priority; one Yield of the root
 * lets each of them run exactly once, the CPU passing from one to the next only when
 * its time slice runs out.  Leaves the counts in `seen`. */
static const char *sched0021_round(seL4_Word seen[PREEMPTION_THREADS])
{
    helper_t h[PREEMPTION_THREADS];
    preempt_start = 0;
    for (seL4_Word i = 0; i < PREEMPTION_THREADS; i++) {
        preempt_data[i] = 0;
        TRY(helper_create(&h[i], ROOT_PRIO));
        char name[32];
        snprintf(name, sizeof(name), "Pre-empt #%lu", (unsigned long)i);
        seL4_DebugNameThread(h[i].tcb, name);
        TRY(helper_start(&h[i], preempt_runner, i, 0, 0, 0));
    }
    /* Let every runner reach its start loop (each spins out one time slice). */
    seL4_Yield();
    preempt_start = 1;
    seL4_Yield();
    preempt_start = 0;
    for (int i = 0; i < PREEMPTION_THREADS; i++) {
        seen[i] = preempt_data[i];
    }
    /* The root runs at the runners' priority, so deleting them is never starved. */
    for (int i = 0; i < PREEMPTION_THREADS; i++) {
        TRY(helper_destroy(&h[i]));
    }
    return NULL;
}

/* sel4test SCHED0021 (no timed bound: no timer service).  A round can legitimately
 * give one runner a second turn: a runner switched in just before a timer tick gets a
 * slice that ends before it has bumped its count, and its successor then sees that
 * bump one slice late.  seL4 behaves the same; a broken time slice fails every round,
 * so three rounds are allowed before the counts are reported. */
THREAD_TEST(SCHED0021)
{
    seL4_Word seen[PREEMPTION_THREADS];
    for (int round = 0; round < 3; round++) {
        TRY(sched0021_round(seen));
        bool all_once = true;
        for (int i = 0; i < PREEMPTION_THREADS; i++) {
            all_once = all_once && seen[i] == 1;
        }
        if (all_once) {
            return NULL;
        }
    }
    return systest_reason("runner counts after one Yield: %lu %lu %lu %lu in three rounds, "
                          "expected 1 1 1 1",
                          (unsigned long)seen[0], (unsigned long)seen[1],
                          (unsigned long)seen[2], (unsigned long)seen[3]);
}

/* ---- queue order ---------------------------------------------------------------------- */

#define LOG_MAX 64
static volatile char sched_log[LOG_MAX];
static volatile seL4_Word sched_log_len;

/* Append one letter to the run log. */
static void log_char(char c)
{
    seL4_Word i = __atomic_fetch_add(&sched_log_len, 1, __ATOMIC_SEQ_CST);
    if (i < LOG_MAX - 1) {
        sched_log[i] = c;
    }
}

/* Empty the run log. */
static void log_reset(void)
{
    memset((void *)sched_log, 0, sizeof(sched_log));
    sched_log_len = 0;
}

/* Log our letter, yield, `rounds` times. */
static seL4_Word yield_logger(seL4_Word letter, seL4_Word rounds, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word i = 0; i < rounds; i++) {
        log_char((char)letter);
        seL4_Yield();
    }
    return 0;
}

/* Yield goes to the tail, and Resume of a stopped thread puts it at the head of its
 * queue (seL4's restart enqueues before possibleSwitchTo, and the equal-priority
 * candidate's append is then a no-op): helpers a, b, c started in that order at
 * priority 100 run c, b, a; with the root joining at 100, each of the root's Yields
 * lets all three run once, always in the order c, b, a. */
/*
 * One round of SCHEDQ0001.  A time-slice expiry that lands inside one of the
 * short run windows legitimately sends that thread to the tail (seL4 does
 * the same), so the caller allows a few rounds before reporting the order.
 */
static const char *schedq0001_round(void)
{
    helper_t h[3];
    log_reset();
    for (int i = 0; i < 3; i++) {
        TRY(helper_run(&h[i], 100, yield_logger, 'a' + i, 3, 0, 0));
    }
    TRY(root_set_prio(100));
    for (int i = 0; i < 3; i++) {
        seL4_Yield();
        log_char('R');
    }
    for (int i = 0; i < 3; i++) {
        TRY(helper_wait(&h[i], 2000));
    }
    TRY(root_set_prio(ROOT_PRIO));
    for (int i = 0; i < 3; i++) {
        helper_destroy(&h[i]);
    }
    return NULL;
}

THREAD_TEST(SCHEDQ0001)
{
    for (int round = 0; round < 3; round++) {
        TRY(schedq0001_round());
        if (strcmp((const char *)sched_log, "cbaRcbaRcbaR") == 0) {
            return NULL;
        }
    }
    return systest_reason("run order %s in three rounds, expected cbaRcbaRcbaR",
                          (const char *)sched_log);
}

/* Log our letter and return (the helper then suspends itself). */
static seL4_Word logger(seL4_Word letter, seL4_Word yield_first, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    if (yield_first) {
        seL4_Yield();
    }
    log_char((char)letter);
    return 0;
}

/* Resume of a higher-priority thread preempts the resumer before Resume returns; of an
 * equal-priority one it does not (the resumer keeps the CPU until it yields); of a
 * lower-priority one it does not even then. */
THREAD_TEST(SCHEDQ0002)
{
    helper_t hi, eq, lo;
    log_reset();
    TRY(root_set_prio(200));
    TRY(helper_create(&hi, 201));
    TRY(helper_create(&eq, 200));
    TRY(helper_create(&lo, 199));
    if (sched_log_len != 0) {
        return "a created (inactive) thread ran when its priority was set above the root's";
    }
    TRY(helper_start(&hi, logger, 'H', 0, 0, 0));
    if (strcmp((const char *)sched_log, "H") != 0) {
        return systest_reason("after resuming a higher thread the log is '%s', expected 'H'",
                              (const char *)sched_log);
    }
    /* It yields first, so a tick that happened to switch to it changes nothing. */
    TRY(helper_start(&eq, logger, 'E', 1, 0, 0));
    TRY(helper_start(&lo, logger, 'L', 0, 0, 0));
    if (strcmp((const char *)sched_log, "H") != 0) {
        return systest_reason("an equal or lower thread ran at Resume: log '%s'",
                              (const char *)sched_log);
    }
    if (!YIELD_UNTIL(sched_log_len >= 2, 2000)) {
        return "the equal-priority thread never ran although the root yielded";
    }
    for (int i = 0; i < 10; i++) {
        seL4_Yield();
    }
    if (strcmp((const char *)sched_log, "HE") != 0) {
        return systest_reason("log '%s' while the root yields at 200, expected 'HE'",
                              (const char *)sched_log);
    }
    TRY(root_set_prio(198));
    if (strcmp((const char *)sched_log, "HEL") != 0) {
        return systest_reason("log '%s' after the root dropped below it, expected 'HEL'",
                              (const char *)sched_log);
    }
    return NULL;
}

/* A thread preempted by a higher-priority one goes back to the head of its queue: the
 * root (100) resumes B (100, queued behind it) and then H (150); H runs at once, and
 * when H stops the root, not B, continues. */
THREAD_TEST(SCHEDQ0003)
{
    helper_t b, hi;
    log_reset();
    TRY(helper_create(&b, 100));
    TRY(helper_create(&hi, 150));
    TRY(root_set_prio(100));
    TRY(helper_start(&b, logger, 'B', 0, 0, 0));
    TRY(helper_start(&hi, logger, 'H', 0, 0, 0));
    log_char('R');
    if (strcmp((const char *)sched_log, "HR") != 0) {
        return systest_reason("log '%s', expected 'HR' (the preempted root first, then B)",
                              (const char *)sched_log);
    }
    seL4_Yield();
    if (strcmp((const char *)sched_log, "HRB") != 0) {
        return systest_reason("log '%s' after the root's Yield, expected 'HRB'",
                              (const char *)sched_log);
    }
    return NULL;
}

/*
 * FPU tests: sel4test's fpu.c (FPU0000-0004) and the initial FPU state of a
 * new thread (FPUINIT0001).  The kernel keeps one FXSAVE image per thread;
 * seL4_TCBFlag_fpuDisabled makes the thread's next FPU/SSE instruction a user
 * exception.  There are no fault handlers yet, so FPU0004 sees the faulting
 * thread stop (and the scheduler dump, checked on the console, shows it
 * inactive) and restarts it with Resume instead of a fault reply.
 */
#include <string.h>

#include "thread_helpers.h"

/* sel4test's calculation with a known result. */
static double fpu_calculation(void)
{
    double a = (double)3.141;
    for (int i = 0; i < 10000; i++) {
        a = a * 1.123 + (a / 3);
        a /= 1.111;
        while (a > 100.0) {
            a /= 3.1234563212;
        }
        while (a < 2.0) {
            a += 1.1232132131;
        }
    }
    return a;
}

/* The same kind of work on the x87 stack (long double), to cover x87 state too. */
static long double x87_calculation(void)
{
    long double a = 2.718281828L;
    for (int i = 0; i < 2000; i++) {
        a = a * 1.0001L + 1.0L / (a + 3.0L);
        if (a > 50.0L) {
            a /= 7.0L;
        }
    }
    return a;
}

/* sel4test FPU0000: simple floating point works in the root thread. */
SYSTEST(FPU0000)
{
    volatile double b;
    double a = (double)3.141592653589793238462643383279;
    for (int i = 0; i < 100; i++) {
        a = a * 3 + (a / 3);
    }
    b = a;
    SYSTEST_CHECK(b > 1e50);
    volatile double c = fpu_calculation();
    SYSTEST_CHECK(c == fpu_calculation());
    return NULL;
}

static volatile seL4_Word preemption_counter;

/* FPU0001's worker: repeat the calculation; count the runs during which another worker
 * ran (the shared counter moved), i.e. we were preempted mid-calculation. */
static seL4_Word fpu_worker(seL4_Word state, seL4_Word iterations, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    volatile double *out = (volatile double *)state;
    seL4_Word preemptions = 0;
    for (long n = (long)iterations; n >= 0; n--) {
        seL4_Word before = preemption_counter;
        double a = fpu_calculation();
        *out = a;
        if (before != preemption_counter) {
            preemptions++;
        }
        preemption_counter++;
    }
    return preemptions;
}

/* sel4test FPU0001: four threads at priority 100 doing floating point, preempted by the
 * timer in mid-calculation at least 20 times in all, all get the same (right) result.
 * Adapted (no IPC): the root waits at priority 100 by yielding. */
THREAD_TEST(FPU0001)
{
    enum { N = 4 };
    volatile double state[N];
    double expected = fpu_calculation();
    seL4_Word iterations = 1, preemptions = 0;
    TRY(root_set_prio(100));
    while (preemptions < 20) {
        if (iterations > 4096) {
            return systest_reason("only %lu preemptions seen with %lu iterations",
                                  (unsigned long)preemptions, (unsigned long)iterations);
        }
        helper_t h[N];
        for (int i = 0; i < N; i++) {
            state[i] = 0;
            TRY(helper_run(&h[i], 100, fpu_worker, (seL4_Word)&state[i], iterations, 0, 0));
        }
        preemptions = 0;
        for (int i = 0; i < N; i++) {
            TRY(helper_wait(&h[i], 60000));
            preemptions += h[i].result;
            TRY(helper_destroy(&h[i]));
        }
        for (int i = 0; i < N; i++) {
            if (state[i] != expected) {
                return systest_reason("worker %d got %f, expected %f (FPU state corrupted)", i,
                                      state[i], expected);
            }
        }
        iterations *= 2;
    }
    return NULL;
}

static volatile seL4_Word fpu_run;

/* FPU0002's worker: compare every result bit for bit with the expected one. */
static seL4_Word exact_worker(seL4_Word ex, seL4_Word ex87, seL4_Word rounds, seL4_Word a3)
{
    (void)a3;
    seL4_Word n = 0;
    uint64_t end = deadline_ms(20000); /* bounded even if the root never runs again */
    while (fpu_run && !deadline_passed(end)) {
        double a = fpu_calculation();
        long double b = x87_calculation();
        if (memcmp(&a, (const void *)ex, sizeof(a)) != 0 ||
            memcmp(&b, (const void *)ex87, 10) != 0) {
            return 1;
        }
        __atomic_add_fetch((volatile seL4_Word *)rounds, 1, __ATOMIC_SEQ_CST);
        n++;
    }
    return n ? 0 : 2;
}

/* sel4test FPU0002, adapted (one core, so no migration): three workers and the root, all
 * at the same priority, calculate with SSE and x87 for a while; the CPU passes between
 * them only by time-slice expiry, and every result stays bit-for-bit right. */
THREAD_TEST(FPU0002)
{
    enum { N = 3 };
    double ex = fpu_calculation();
    long double ex87 = x87_calculation();
    volatile seL4_Word rounds = 0;
    helper_t h[N];
    fpu_run = 1;
    for (int i = 0; i < N; i++) {
        TRY(helper_run(&h[i], ROOT_PRIO, exact_worker, (seL4_Word)&ex, (seL4_Word)&ex87,
                       (seL4_Word)&rounds, 0));
    }
    /* At least 300 ms and three results per worker; at most 10 s. */
    uint64_t soft = deadline_ms(300), hard = deadline_ms(10000);
    while ((!deadline_passed(soft) || rounds < 3 * N) && !deadline_passed(hard)) {
        double a = fpu_calculation();
        long double b = x87_calculation();
        if (memcmp(&a, &ex, sizeof(a)) != 0 || memcmp(&b, &ex87, 10) != 0) {
            fpu_run = 0;
            return "the root's own FPU result changed while others used the FPU";
        }
    }
    fpu_run = 0;
    for (int i = 0; i < N; i++) {
        TRY(helper_wait(&h[i], 10000));
        if (h[i].result != 0) {
            return systest_reason("worker %d: %s", i,
                                  h[i].result == 1 ? "wrong result (FPU state corrupted)"
                                                   : "never completed a calculation");
        }
    }
    return NULL;
}

/* sel4test FPU0003: SetFlags reports the flags: 0 at first, fpuDisabled once set, 0 again
 * once cleared. */
THREAD_TEST(FPU0003)
{
    helper_t h;
    TRY(helper_create(&h, 100));
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(h.tcb, 0, 0);
    EXPECT_EQ(r.error, seL4_NoError);
    EXPECT_EQ(r.flags, 0);
    r = seL4_TCB_SetFlags(h.tcb, 0, seL4_TCBFlag_fpuDisabled);
    EXPECT_EQ(r.error, seL4_NoError);
    EXPECT_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    r = seL4_TCB_SetFlags(h.tcb, seL4_TCBFlag_fpuDisabled, 0);
    EXPECT_EQ(r.error, seL4_NoError);
    EXPECT_EQ(r.flags, 0);
    return NULL;
}

static volatile seL4_Word fpu_stop, fpu_iters;

/* FPU0004's worker: calculate and check until told to stop (then twice more). */
static seL4_Word fpu_worker2(seL4_Word ex, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    int run = 2;
    uint64_t end = deadline_ms(20000); /* bounded even if the root never runs again */
    do {
        if (deadline_passed(end)) {
            return 2;
        }
        double a = fpu_calculation();
        if (memcmp(&a, (const void *)ex, sizeof(a)) != 0) {
            return 1;
        }
        fpu_iters++;
        if (fpu_stop) {
            run--;
        }
    } while (run);
    return 0;
}

/* sel4test FPU0004, adapted (no fault handler yet): disabling the FPU of a thread in
 * the middle of its calculations makes its next FPU instruction fault; with no handler
 * the kernel reports it and the thread stops (no progress; the dump between the
 * "FPU0004 probe" lines shows it inactive).  Re-enabled and resumed it re-executes the
 * instruction and finishes with the right results (its FPU state was kept). */
THREAD_TEST(FPU0004)
{
    helper_t h;
    double ex = fpu_calculation();
    fpu_stop = fpu_iters = 0;
    TRY(helper_create(&h, ROOT_PRIO));
    seL4_DebugNameThread(h.tcb, "fpu0004-worker");
    TRY(helper_start(&h, fpu_worker2, (seL4_Word)&ex, 0, 0, 0));
    /* The root spins, so the worker gets the CPU only through time-slice expiry. */
    if (!SPIN_UNTIL(fpu_iters >= 2, 5000)) {
        return "the FPU worker did not get going";
    }
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(h.tcb, 0, seL4_TCBFlag_fpuDisabled);
    EXPECT_EQ(r.error, seL4_NoError);
    EXPECT_EQ(r.flags, seL4_TCBFlag_fpuDisabled);
    for (int i = 0; i < 5; i++) {
        seL4_Yield();
    }
    seL4_Word iters = fpu_iters;
    seL4_UserContext r1, r2;
    EXPECT_OK(seL4_TCB_ReadRegisters(h.tcb, false, 0, 20, &r1));
    for (int i = 0; i < 20; i++) {
        seL4_Yield();
    }
    (void)SPIN_UNTIL(false, 30);
    EXPECT_OK(seL4_TCB_ReadRegisters(h.tcb, false, 0, 20, &r2));
    if (fpu_iters != iters || r1.rip != r2.rip || h.done) {
        return "the worker kept running with its FPU disabled";
    }
    printf("FPU0004 probe\n");
    seL4_DebugDumpScheduler();
    printf("FPU0004 probe end\n");
    fpu_stop = 1;
    r = seL4_TCB_SetFlags(h.tcb, seL4_TCBFlag_fpuDisabled, 0);
    EXPECT_EQ(r.error, seL4_NoError);
    EXPECT_EQ(r.flags, 0);
    EXPECT_OK(seL4_TCB_Resume(h.tcb));
    TRY(helper_wait(&h, 10000));
    if (h.result != 0) {
        return "the worker's results were wrong after the FPU came back";
    }
    SYSTEST_CHECK(fpu_iters >= iters + 2);
    return NULL;
}

static volatile seL4_Word init_mxcsr, init_fcw;

/* Report the FPU control state this new thread starts with. */
static seL4_Word fpu_state_reporter(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    uint32_t mxcsr;
    uint16_t fcw;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    __asm__ volatile("fnstcw %0" : "=m"(fcw));
    init_mxcsr = mxcsr;
    init_fcw = fcw;
    return 0;
}

/* A new thread starts with the reset FPU state (x87 control word 0x37f, MXCSR 0x1f80),
 * not with its creator's; the creator's own control state survives the switch. */
THREAD_TEST(FPUINIT0001)
{
    uint32_t mxcsr0, mxcsr1, mine = 0x1f80 | (3u << 13); /* round toward zero */
    uint16_t fcw0, fcw1, mine_cw = 0x0f7f;               /* x87 round toward zero */
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr0));
    __asm__ volatile("fnstcw %0" : "=m"(fcw0));
    __asm__ volatile("ldmxcsr %0" ::"m"(mine));
    __asm__ volatile("fldcw %0" ::"m"(mine_cw));
    helper_t h;
    init_mxcsr = init_fcw = 0;
    const char *why = helper_run(&h, ROOT_PRIO, fpu_state_reporter, 0, 0, 0, 0);
    if (!why) {
        why = helper_wait(&h, 2000);
    }
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr1));
    __asm__ volatile("fnstcw %0" : "=m"(fcw1));
    __asm__ volatile("ldmxcsr %0" ::"m"(mxcsr0));
    __asm__ volatile("fldcw %0" ::"m"(fcw0));
    TRY(why);
    EXPECT_EQ(init_mxcsr, 0x1f80);
    EXPECT_EQ(init_fcw, 0x37f);
    EXPECT_EQ(mxcsr1, mine);
    EXPECT_EQ(fcw1, mine_cw);
    return NULL;
}

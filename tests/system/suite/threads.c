/*
 * Thread tests: sel4test's threads.c (THREADS0004-0005) and tls.c (TLS0001,
 * TLS0002, TLS0006), and the threads tutorial's flow (THREADS_TUTORIAL0001,
 * checked on the console too).  Register access is in regs.c.
 *
 * There is no IPC yet: where sel4test waits on an endpoint, these tests poll a
 * volatile flag with a bounded wait instead.
 */
#include <string.h>

#include "thread_helpers.h"

#define N_REGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))

/* A helper's failure code: the line of the failed check (0 = success). */
#define HELPER_CHECK(cond)                                                        \
    do {                                                                          \
        if (!(cond)) {                                                            \
            return __LINE__;                                                      \
        }                                                                         \
    } while (0)

/* A reason if helper h returned nonzero (the line of its failed check). */
static const char *helper_verdict(const helper_t *h, const char *what)
{
    if (h->result != 0) {
        return systest_reason("%s (helper %u): check at %s line %lu failed", what, h->index,
                              __FILE__, (unsigned long)h->result);
    }
    return NULL;
}

/* ---- THREADS0004-0005 --------------------------------------------------------- */

/* sel4test THREADS0004: Configure with a null CSpace root fails (seL4: IllegalOperation). */
THREAD_TEST(THREADS0004)
{
    seL4_CPtr tcb;
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    EXPECT_ERR(seL4_TCB_Configure(tcb, 0, seL4_CapNull, 0, seL4_CapInitThreadVSpace, 0, 0, 0),
               seL4_IllegalOperation);
    return NULL;
}

/* sel4test THREADS0005: SetSpace with a null CSpace root fails (seL4: IllegalOperation). */
THREAD_TEST(THREADS0005)
{
    seL4_CPtr tcb;
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    EXPECT_ERR(seL4_TCB_SetSpace(tcb, 0, seL4_CapNull, 0, seL4_CapInitThreadVSpace, 0),
               seL4_IllegalOperation);
    return NULL;
}

/* ---- TLS ------------------------------------------------------------------------------- */

static __thread seL4_Word tls_bss[6] = {0};
static __thread seL4_Word tls_data[6] = {1, 2, 3, 4, 5, 6};

/* sel4test TLS0001: the root thread's __thread .tbss and .tdata start as the image says. */
SYSTEST(TLS0001)
{
    for (seL4_Word i = 0; i < 6; i++) {
        EXPECT_EQ(tls_bss[i], 0);
        EXPECT_EQ(tls_data[i], i + 1);
    }
    return NULL;
}

static volatile seL4_Word tls_ready, tls_go;

/* TLS0002's helper: check the initial image, write its own values, wait, check them again. */
static seL4_Word tls_helper(seL4_Word id, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    for (seL4_Word i = 0; i < 6; i++) {
        HELPER_CHECK(tls_bss[i] == 0);
        HELPER_CHECK(tls_data[i] == i + 1);
    }
    for (seL4_Word i = 0; i < 6; i++) {
        tls_bss[i] = i + id;
        tls_data[i] = id * 6 + i;
    }
    __atomic_add_fetch(&tls_ready, 1, __ATOMIC_SEQ_CST);
    HELPER_CHECK(YIELD_UNTIL(tls_go, 5000));
    for (seL4_Word i = 0; i < 6; i++) {
        HELPER_CHECK(tls_bss[i] == i + id);
        HELPER_CHECK(tls_data[i] == id * 6 + i);
    }
    return 0;
}

/* sel4test TLS0002: four helpers with their own TLS blocks write their own values and
 * still see them after all have written.  No IPC: a shared counter and flag, polled. */
THREAD_TEST(TLS0002)
{
    helper_t h[4];
    tls_ready = tls_go = 0;
    for (seL4_Word i = 0; i < 4; i++) {
        TRY(helper_run(&h[i], ROOT_PRIO, tls_helper, i, 0, 0, 0));
    }
    if (!YIELD_UNTIL(tls_ready == 4, 5000)) {
        return systest_reason("only %lu of 4 helpers got ready", (unsigned long)tls_ready);
    }
    tls_go = 1;
    for (int i = 0; i < 4; i++) {
        TRY(helper_wait(&h[i], 5000));
        TRY(helper_verdict(&h[i], "TLS0002"));
    }
    /* The root's own copies were not touched. */
    for (seL4_Word i = 0; i < 6; i++) {
        EXPECT_EQ(tls_bss[i], 0);
        EXPECT_EQ(tls_data[i], i + 1);
    }
    return NULL;
}

#define TLS_INITIAL 42
#define TLS_ITERATIONS 10000
static __thread int tls_value = TLS_INITIAL;

/* TLS0006's helper: atomic, then plain increments of its own tls_value. */
static seL4_Word tls_count_helper(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    HELPER_CHECK(tls_value == TLS_INITIAL);
    int last = tls_value;
    for (int i = 0; i < TLS_ITERATIONS; i++) {
        int next = __sync_add_and_fetch(&tls_value, 1);
        HELPER_CHECK(next == last + 1);
        last = next;
    }
    HELPER_CHECK(tls_value == TLS_INITIAL + TLS_ITERATIONS);
    last = tls_value;
    for (int i = 0; i < TLS_ITERATIONS; i++) {
        int next = ++tls_value;
        HELPER_CHECK(next == last + 1);
        last = next;
    }
    HELPER_CHECK(tls_value == TLS_INITIAL + 2 * TLS_ITERATIONS);
    return 0;
}

/* sel4test TLS0006: eight helpers with distinct TLS blocks do not see each other's counts. */
THREAD_TEST(TLS0006)
{
    helper_t h[8];
    for (int i = 0; i < 8; i++) {
        TRY(helper_run(&h[i], ROOT_PRIO, tls_count_helper, 0, 0, 0, 0));
    }
    for (int i = 0; i < 8; i++) {
        TRY(helper_wait(&h[i], 10000));
        TRY(helper_verdict(&h[i], "TLS0006"));
    }
    EXPECT_EQ(tls_value, TLS_INITIAL);
    return NULL;
}

/* ---- the threads tutorial ---------------------------------------------------------------- */

static volatile seL4_Word tut_flag;
static seL4_CPtr tut_tcb;
static unsigned char tut_stack[16384] __attribute__((aligned(16)));
static seL4_IPCBuffer tut_ipc __attribute__((aligned(4096)));

/* The tutorial's new thread: print its arguments, raise the flag, stop. */
static void tut_thread(seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    printf("THREADS_TUTORIAL Hello2: arg1 %p, arg2 %p, arg3 %p\n", (void *)a1, (void *)a2,
           (void *)a3);
    tut_flag = 1;
    seL4_TCB_Suspend(tut_tcb);
}

/* Print the scheduler between two marker lines the console check looks for. */
static void tut_dump(int probe)
{
    printf("THREADS_TUTORIAL probe %d\n", probe);
    seL4_DebugDumpScheduler();
    printf("THREADS_TUTORIAL probe %d end\n", probe);
}

/* The threads tutorial: a TCB from a 2^11 untyped in the root's CSpace and VSpace at
 * priority 254; the root spins (never yields) at 254 too, and the thread still runs
 * (timer preemption).  Probe 1 shows "child of: 'systest-root'" at priority 0,
 * probe 2 the same at 254 (checked on the console). */
THREAD_TEST(THREADS_TUTORIAL0001)
{
    seL4_CPtr ut, tcb = slot_alloc();
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "systest-root");
    TRY(untyped_new(11, &ut));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_TCBObject, seL4_TCBBits, ROOT, 0, 0, tcb, 1));
    tut_tcb = tcb;
    tut_flag = 0;
    tut_dump(1);
    EXPECT_OK(seL4_TCB_Configure(tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0,
                                 seL4_CapInitThreadVSpace, 0, (seL4_Word)&tut_ipc,
                                 image_frame_cap(&tut_ipc)));
    EXPECT_OK(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254));
    tut_dump(2);
    seL4_UserContext regs;
    EXPECT_OK(seL4_TCB_ReadRegisters(tcb, false, 0, N_REGS, &regs));
    regs.rip = (seL4_Word)tut_thread;
    regs.rsp = (seL4_Word)&tut_stack[sizeof(tut_stack)] - 8;
    regs.rdi = 1;
    regs.rsi = 2;
    regs.rdx = 3;
    EXPECT_OK(seL4_TCB_WriteRegisters(tcb, false, 0, N_REGS, &regs));
    TRY(root_set_prio(254));
    EXPECT_OK(seL4_TCB_Resume(tcb));
    /* Spin without any syscall: only a time-slice expiry lets the new thread run. */
    if (!SPIN_UNTIL(tut_flag, 5000)) {
        return "the new thread at the root's priority did not run within 5 s of spinning";
    }
    TRY(root_set_prio(ROOT_PRIO));
    return NULL;
}


/*
 * The seL4 tutorial "fault-handlers" as a test (sel4-tutorials
 * tutorials/fault-handlers), with two faulters served by one handler.
 *
 * Each faulter has its own CSpace, an 8-slot CNode with a 61-bit guard (the
 * tutorial's cnode_faulter), laid out as in the tutorial:
 *   1  the sequencing endpoint (Read/Write/Grant; badged 1 or 2 here, so the
 *      handler can tell the faulters' first messages apart)
 *   2  empty: the handler puts the badged fault endpoint here
 *   3  empty: the faulter's NBRecv on it is the cap fault
 *   4  the faulter's own TCB
 * The faulters start without a fault endpoint (CPtr 0).  The handler runs in
 * the root CSpace.  The protocol, per faulter:
 *   faulter: Call(1) with MR0 = 2, the slot for its fault endpoint
 *   handler: Mint the fault endpoint with the faulter's badge (0xbeef or
 *            0xcafe), Copy it into the faulter's slot 2, SetSpace(fault_ep 2),
 *            Reply
 *   faulter: NBRecv(3) -> cap fault (receive phase, MissingCapability) sent
 *            with the badge
 *   handler: tells the faulters apart by badge, Copies the sequencing
 *            endpoint into that faulter's slot 3, Reply (a cap fault restarts)
 *   faulter: the NBRecv runs again and returns; "Faulter: Finished execution."
 * The printed lines are the tutorial's (the lead's console check matches
 * "Faulter: Finished execution." twice); a print lock keeps lines whole.
 */
#include <stdarg.h>

#include "fault_helpers.h"

#define FAULTERS 2
#define FAULTER_RADIX 3
#define SEQ_SLOT 1
#define FAULT_EP_SLOT 2
#define EMPTY_SLOT 3
#define TCB_SLOT 4

static const seL4_Word fault_badges[FAULTERS] = {0xbeef, 0xcafe};

/* What the handler needs, all CPtrs in the root CSpace. */
static struct tutorial {
    seL4_CPtr sequencing_ep, fault_ep;
    seL4_CPtr faulter_tcb[FAULTERS], faulter_cnode[FAULTERS], badged_fault_ep[FAULTERS];
    volatile seL4_Word handler_done, faulter_done[FAULTERS], faults_seen[FAULTERS];
} tut;

static volatile int print_lock;

/* printf one whole line under the lock (threads of equal priority share the CPU). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    while (__atomic_test_and_set(&print_lock, __ATOMIC_ACQUIRE)) {
        seL4_Yield();
    }
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    __atomic_clear(&print_lock, __ATOMIC_RELEASE);
}

/* Which faulter sent a badge (FAULTERS if none). */
static int faulter_of(seL4_Word badge, const seL4_Word *badges)
{
    int k = 0;
    while (k < FAULTERS && badges[k] != badge) {
        k++;
    }
    return k;
}

/* The handler's first half for one faulter: the fault endpoint goes into its CSpace. */
static seL4_Word handler_setup_one(void)
{
    static const seL4_Word seq_badges[FAULTERS] = {1, 2};
    say("Handler: About to wait for empty slot from faulter.\n");
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(tut.sequencing_ep, &badge);
    int k = faulter_of(badge, seq_badges);
    FH_CHECK(k < FAULTERS);
    FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), 1);
    seL4_Word slot = seL4_GetMR(0);
    FH_CHECK_EQ(slot, FAULT_EP_SLOT);
    say("Handler: Received init sequence msg: slot in faulter's cspace is %lu.\n",
        (unsigned long)slot);
    FH_CHECK_EQ(seL4_CNode_Mint(ROOT, tut.badged_fault_ep[k], ROOT_DEPTH, ROOT, tut.fault_ep,
                                ROOT_DEPTH, seL4_AllRights, fault_badges[k]),
                seL4_NoError);
    say("Handler: Successfully minted fault handling ep into local cspace.\n");
    FH_CHECK_EQ(seL4_CNode_Copy(tut.faulter_cnode[k], slot, seL4_WordBits, ROOT,
                                tut.badged_fault_ep[k], ROOT_DEPTH, seL4_AllRights),
                seL4_NoError);
    say("Handler: Successfully copied badged fault handling ep into faulter's cspace.\n");
    say("Handler: (Only necessary on Master kernel.)\n");
    FH_CHECK_EQ(seL4_TCB_SetSpace(tut.faulter_tcb[k], slot, tut.faulter_cnode[k], 0,
                                  seL4_CapInitThreadVSpace, 0),
                seL4_NoError);
    say("Handler: Successfully registered badged fault handling ep with the kernel.\n");
    say("Handler: About to wake the faulter thread.\n");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}

/* The handler's second half for one fault: fill the faulter's empty slot, reply. */
static seL4_Word handler_fix_one(void)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(tut.fault_ep, &badge);
    say("Handler: Received fault IPC message from the kernel.\n");
    int k = faulter_of(badge, fault_badges);
    FH_CHECK(k < FAULTERS);
    FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_CapFault);
    FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), 5);
    FH_CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    FH_CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    FH_CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
    seL4_Word addr = seL4_GetMR(seL4_CapFault_Addr);
    FH_CHECK_EQ(addr, EMPTY_SLOT);
    say("Handler: Fault occured at cap addr %lu within faulter's cspace.\n", (unsigned long)addr);
    tut.faults_seen[k]++;
    FH_CHECK_EQ(seL4_CNode_Copy(tut.faulter_cnode[k], addr, seL4_WordBits, ROOT,
                                tut.sequencing_ep, ROOT_DEPTH, seL4_AllRights),
                seL4_NoError);
    say("Handler: Successfully copied a cap into foreign faulting slot.\n");
    say("Handler: About to resume the faulter thread.\n");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    say("Handler: Successfully resumed faulter thread.\n");
    return 0;
}

/* The handler thread: both faulters' set-up first, then both faults. */
static seL4_Word tutorial_handler(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    say("Handler: Handler thread running!\n");
    for (int i = 0; i < FAULTERS; i++) {
        if (handler_setup_one()) {
            return 1;
        }
    }
    for (int i = 0; i < FAULTERS; i++) {
        if (handler_fix_one()) {
            return 1;
        }
    }
    say("Handler: Finished execution.\n");
    tut.handler_done = 1;
    return 0;
}

/* A faulter, in its own CSpace; it never returns (it suspends itself through slot 4). */
static seL4_Word tutorial_faulter(seL4_Word k, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    say("Faulter: Running. About to send empty slot CPtr to handler.\n");
    seL4_SetMR(0, FAULT_EP_SLOT);
    seL4_Call(SEQ_SLOT, seL4_MessageInfo_new(0, 0, 0, 1));
    say("Faulter: Handler has minted fault EP into our cspace. Proceeding.\n");
    say("Faulter: About to touch fault vaddr.\n");
    seL4_Word sender = ~0ul;
    seL4_NBRecv(EMPTY_SLOT, &sender);
    /* Nothing was pending on the sequencing endpoint: NBRecv says so with badge 0. */
    if (sender != 0) {
        fh_thread_fail(__FILE__, __LINE__, "faulter %lu: NBRecv badge %#lx after the fix",
                       (unsigned long)k, (unsigned long)sender);
    }
    /* Let the handler finish its lines first, so that the transcript reads as the
     * tutorial's. */
    (void)YIELD_UNTIL(tut.handler_done, FH_TIMEOUT_MS);
    say("Faulter: Successfully executed past the fault.\n");
    say("Faulter: Finished execution.\n");
    tut.faulter_done[k] = 1;
    seL4_TCB_Suspend(TCB_SLOT);
    fh_thread_fail(__FILE__, __LINE__, "faulter %lu: Suspend through its slot 4 failed",
                   (unsigned long)k);
    return 1;
}

/* Build one faulter: its CNode (guard 61), slots 1 and 4, a thread in that CSpace. */
static const char *make_faulter(int k, helper_t *h)
{
    seL4_CPtr cnode;
    TRY(fh_cnode(FAULTER_RADIX, 0, seL4_WordBits - FAULTER_RADIX, &cnode, &tut.faulter_cnode[k]));
    TRY(helper_create(h, FH_WAIT_PRIO));
    tut.faulter_tcb[k] = h->tcb;
    tut.badged_fault_ep[k] = slot_alloc();
    TRY(fh_put(tut.faulter_cnode[k], SEQ_SLOT, seL4_WordBits, tut.sequencing_ep, seL4_AllRights,
               (seL4_Word)k + 1));
    TRY(fh_put(tut.faulter_cnode[k], TCB_SLOT, seL4_WordBits, h->tcb, seL4_AllRights, 0));
    TRY(fh_set_space(h->tcb, 0, tut.faulter_cnode[k], 0));
    return NULL;
}

/* The fault-handlers tutorial's flow with two faulters told apart by badge. */
THREAD_TEST(FAULTHANDLERS_TUTORIAL0001)
{
    static helper_t handler, faulter[FAULTERS];
    fh_reset();
    tut.handler_done = 0;
    TRY(pool_object(seL4_EndpointObject, 0, &tut.sequencing_ep));
    TRY(pool_object(seL4_EndpointObject, 0, &tut.fault_ep));
    for (int k = 0; k < FAULTERS; k++) {
        tut.faulter_done[k] = tut.faults_seen[k] = 0;
        TRY(make_faulter(k, &faulter[k]));
    }
    TRY(helper_create(&handler, FH_WAIT_PRIO));
    TRY(fh_root_wait_prio());
    for (int k = 0; k < FAULTERS; k++) {
        TRY(helper_start(&faulter[k], tutorial_faulter, (seL4_Word)k, 0, 0, 0));
    }
    TRY(helper_start(&handler, tutorial_handler, 0, 0, 0, 0));
    bool done = YIELD_UNTIL(tut.faulter_done[0] && tut.faulter_done[1] && handler.done,
                            FH_TIMEOUT_MS);
    FH_TRY_THREADS();
    if (!done) {
        return systest_reason("not finished: handler %lu, faulters %lu %lu (faults seen %lu %lu)",
                              (unsigned long)handler.done, (unsigned long)tut.faulter_done[0],
                              (unsigned long)tut.faulter_done[1],
                              (unsigned long)tut.faults_seen[0], (unsigned long)tut.faults_seen[1]);
    }
    EXPECT_EQ(tut.faults_seen[0], 1);
    EXPECT_EQ(tut.faults_seen[1], 1);
    /* Each faulter's slot 3 now holds the endpoint the handler copied there. */
    for (int k = 0; k < FAULTERS; k++) {
        EXPECT_EQ(cap_tag_in(tut.faulter_cnode[k], EMPTY_SLOT, seL4_WordBits), TAG_ENDPOINT);
    }
    return NULL;
}

/*
 * Cap faults, message by message (seL4 src/api/faults.c setMRs_fault and
 * setMRs_lookup_failure, src/api/syscall.c handleInvocation/handleRecv):
 * label 1, MR0 FaultIP, MR1 the CPtr, MR2 InRecvPhase, MR3 the lookup
 * failure type and its words, so 4 to 7 MRs.
 *
 * The victim thread has a CSpace of its own, CNode A (radix 4, a 58-bit
 * guard G), so that every kind of lookup failure is reachable; a CPtr is
 *
 *    63                    6 5        2 1  0
 *   +-----------------------+----------+----+
 *   |      guard (58)       | A's slot |  x |   2 bits are left after A
 *   +-----------------------+----------+----+
 *
 *   A[0] CNode B (radix 4, no guard): 4 bits needed, 2 left -> DepthMismatch
 *   A[1] the badged fault endpoint (RWG)      A[2] empty -> Recv: MissingCapability
 *   A[3] an endpoint (RWG) to send to         A[4] a notification without Read
 *   A[5] a notification bound to another TCB  A[6] the victim's own TCB
 *   A[7] an endpoint without Read
 *   another guard -> GuardMismatch(bitsLeft 64, guardFound G, bitsFound 58)
 *
 * The victim is started right at a `syscall` instruction (fh_sys_insn) with
 * the registers of the call, so FaultIP is known exactly.
 */
#include "fault_helpers.h"

#define GUARD 0x2abcdeful
#define GUARD_BITS 58
#define CPTR(slot) ((GUARD << 6) | ((seL4_Word)(slot) << 2))
/* The slot's index for CNode operations on A (depth 62). */
#define SLOT(slot) ((GUARD << 4) | (seL4_Word)(slot))
#define SLOT_DEPTH 62
#define BAD_GUARD_CPTR (((GUARD ^ 0x10) << 6) | (3 << 2))
#define FAULT_BADGE 0xfa17

/* The victim, its CNode A (guarded cap), and the endpoint the root receives on. */
static helper_t victim;
static seL4_CPtr cnode_a, fault_ep;

/* Build CNode A and B, the victim and its fault endpoint (see the top of the file). */
static const char *setup(void)
{
    seL4_CPtr a, b, b_guarded, ep, ntfn, other_ntfn;
    static helper_t other;
    fh_reset();
    TRY(fh_cnode(4, GUARD, GUARD_BITS, &a, &cnode_a));
    TRY(fh_cnode(4, 0, 0, &b, &b_guarded));
    TRY(pool_object(seL4_EndpointObject, 0, &fault_ep));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(pool_object(seL4_NotificationObject, 0, &other_ntfn));
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    TRY(helper_create(&other, FH_WAIT_PRIO));
    EXPECT_OK(seL4_TCB_BindNotification(other.tcb, other_ntfn));
    TRY(fh_put(cnode_a, SLOT(0), SLOT_DEPTH, b, seL4_AllRights, 0));
    TRY(fh_put(cnode_a, SLOT(1), SLOT_DEPTH, fault_ep, seL4_AllRights, FAULT_BADGE));
    TRY(fh_put(cnode_a, SLOT(3), SLOT_DEPTH, ep, seL4_AllRights, 0));
    TRY(fh_put(cnode_a, SLOT(4), SLOT_DEPTH, ntfn, seL4_CanWrite, 0));
    TRY(fh_put(cnode_a, SLOT(5), SLOT_DEPTH, other_ntfn, seL4_AllRights, 0));
    TRY(fh_put(cnode_a, SLOT(6), SLOT_DEPTH, victim.tcb, seL4_AllRights, 0));
    TRY(fh_put(cnode_a, SLOT(7), SLOT_DEPTH, ep, seL4_NoRead, 0));
    TRY(fh_set_space(victim.tcb, CPTR(1), cnode_a, 0));
    return fh_root_wait_prio();
}

/* Start the victim at the syscall instruction with RDX = sys, RDI = cptr and RSI = a
 * message info with `extra_caps` extra caps, and receive its fault (badge checked). */
static const char *run_syscall(long sys, seL4_Word cptr, seL4_Word extra_caps,
                               seL4_MessageInfo_t *got)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, extra_caps, 0);
    seL4_UserContext ctx;
    fh_regs_init(&ctx, fh_sys_insn, 0, victim.tls_base);
    ctx.rdx = (seL4_Word)sys;
    ctx.rdi = cptr;
    ctx.rsi = info.words[0];
    fh_after_stack = fh_stack_top(1);
    TRY(fh_start_regs(victim.tcb, &ctx));
    seL4_Word badge = 0;
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, got, &badge));
    EXPECT_EQ(badge, FAULT_BADGE);
    return NULL;
}

/* Send on a CPtr whose guard does not match: GuardMismatch, send phase, 7 MRs.  The
 * reply restarts the thread whatever its label: the same fault comes again. */
THREAD_TEST(CAPFAULT_MSG0001)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysSend, BAD_GUARD_CPTR, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 7, (seL4_Word)fh_sys_insn, BAD_GUARD_CPTR, 0,
                  seL4_GuardMismatch, 64, GUARD, GUARD_BITS);
    /* A cap fault is always restarted: label 5 makes no difference. */
    seL4_Reply(seL4_MessageInfo_new(5, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 7, (seL4_Word)fh_sys_insn, BAD_GUARD_CPTR, 0,
                  seL4_GuardMismatch, 64, GUARD, GUARD_BITS);
    return NULL;
}

/* Call through A[0] = CNode B with 2 bits left: DepthMismatch(bitsLeft 2, bitsFound 4). */
THREAD_TEST(CAPFAULT_MSG0002)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysCall, CPTR(0) | 2, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 6, (seL4_Word)fh_sys_insn, CPTR(0) | 2, 0,
                  seL4_DepthMismatch, 2, 4);
    return NULL;
}

/* Recv on the empty A[2] (resolves to a null cap): MissingCapability(0), receive phase. */
THREAD_TEST(CAPFAULT_MSG0003)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysRecv, CPTR(2), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(2), 1,
                  seL4_MissingCapability, 0);
    /* NBRecv the same. */
    TRY(run_syscall(seL4_SysNBRecv, CPTR(2), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(2), 1,
                  seL4_MissingCapability, 0);
    return NULL;
}

/* Recv with lookup failures carries them in the receive phase: guard and depth. */
THREAD_TEST(CAPFAULT_MSG0004)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysRecv, BAD_GUARD_CPTR, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 7, (seL4_Word)fh_sys_insn, BAD_GUARD_CPTR, 1,
                  seL4_GuardMismatch, 64, GUARD, GUARD_BITS);
    TRY(run_syscall(seL4_SysNBRecv, CPTR(0), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 6, (seL4_Word)fh_sys_insn, CPTR(0), 1,
                  seL4_DepthMismatch, 2, 4);
    /* ReplyRecv: nothing to reply to, then the receive phase faults. */
    TRY(run_syscall(seL4_SysReplyRecv, CPTR(2), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(2), 1,
                  seL4_MissingCapability, 0);
    return NULL;
}

/* An extra cap that cannot be looked up: a send-phase CapFault on that CPtr (the
 * invoked endpoint A[3] is fine). */
THREAD_TEST(CAPFAULT_MSG0005)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    victim.ipc->caps_or_badges[0] = BAD_GUARD_CPTR;
    TRY(run_syscall(seL4_SysSend, CPTR(3), 1, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 7, (seL4_Word)fh_sys_insn, BAD_GUARD_CPTR, 0,
                  seL4_GuardMismatch, 64, GUARD, GUARD_BITS);
    victim.ipc->caps_or_badges[0] = CPTR(0) | 1;
    TRY(run_syscall(seL4_SysCall, CPTR(3), 1, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 6, (seL4_Word)fh_sys_insn, CPTR(0) | 1, 0,
                  seL4_DepthMismatch, 2, 4);
    return NULL;
}

/* Receiving on caps that cannot receive: a TCB cap, an endpoint without Read, a
 * notification without Read, a notification bound to another thread. */
THREAD_TEST(CAPFAULT_MSG0006)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysRecv, CPTR(6), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(6), 1,
                  seL4_MissingCapability, 0);
    TRY(run_syscall(seL4_SysRecv, CPTR(7), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(7), 1,
                  seL4_MissingCapability, 0);
    TRY(run_syscall(seL4_SysRecv, CPTR(4), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(4), 1,
                  seL4_MissingCapability, 0);
    TRY(run_syscall(seL4_SysRecv, CPTR(5), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_CapFault, 5, (seL4_Word)fh_sys_insn, CPTR(5), 1,
                  seL4_MissingCapability, 0);
    return NULL;
}

/* NBSend on an unresolvable CPtr raises no fault: the thread runs on to the
 * stub's end (a UserException at fh_sys_end). */
THREAD_TEST(CAPFAULT_MSG0007)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysNBSend, BAD_GUARD_CPTR, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_sys_end);
    return NULL;
}

/* Invoking a null cap is an error, not a fault: Send on A[2] returns to the thread
 * (which reaches fh_sys_end); Call gets an InvalidCapability reply. */
THREAD_TEST(CAPFAULT_MSG0008)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(run_syscall(seL4_SysSend, CPTR(2), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_sys_end);
    TRY(run_syscall(seL4_SysCall, CPTR(2), 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_sys_end);
    /* The Call's error reply as the thread saw it: RSI label InvalidCapability. */
    EXPECT_EQ(seL4_MessageInfo_get_label((seL4_MessageInfo_t){{fh_after[4]}}),
              seL4_InvalidCapability);
    return NULL;
}

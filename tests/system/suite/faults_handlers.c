/*
 * Who gets a fault, and what happens to the faulter (seL4 non-MCS,
 * src/kernel/faulthandler.c, src/object/tcb.c restart): the fault-endpoint
 * CPtr is looked up in the faulter's CSpace when the fault happens; without
 * a usable endpoint the kernel prints its report and the thread stops; a
 * handler's own fault goes to the handler's handler; Resume and
 * WriteRegisters(resume) restart a thread that waits for a fault reply.
 *
 * The victim has its own CSpace, a 64-slot CNode with a 58-bit zero guard,
 * so its CPtrs (and the kernel's report lines) do not depend on how many
 * root slots other tests used:
 *
 *   0x2a  empty                      0x30  E, badge 0xf00d, Write + Grant
 *   0x2b  a notification             0x31  E, badge 0xbeef, Write + GrantReply
 *   0x2c  E, Read + Write            0x3f  the victim's TCB
 *   0x2d  E, Read + Grant + GrantReply (no Write)
 *
 * E is an endpoint the root receives on.  The no-handler tests print a line
 * "FAULTS <TEST>: ..." right before the kernel's report (see the lead's
 * checks in tests/run_all.sh).
 */
#include <string.h>

#include "fault_helpers.h"

#define VICTIM_NAME "faults-victim"
#define SLOT_EMPTY 0x2a
#define SLOT_NTFN 0x2b
#define SLOT_EP_NO_GRANT 0x2c
#define SLOT_EP_NO_WRITE 0x2d
#define SLOT_EP_GRANT 0x30
#define SLOT_EP_GRANT_REPLY 0x31
#define SLOT_TCB 0x3f
#define BADGE_GRANT 0xf00d
#define BADGE_GRANT_REPLY 0xbeef

static helper_t victim;
static seL4_CPtr victim_cnode, victim_cnode_guarded, ep;

/* The victim (prio FH_WAIT_PRIO, named VICTIM_NAME), its CSpace and E; the root waits. */
static const char *setup(seL4_Word fault_ep)
{
    seL4_CPtr ntfn;
    fh_reset();
    TRY(fh_cnode(6, 0, 58, &victim_cnode, &victim_cnode_guarded));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    seL4_DebugNameThread(victim.tcb, VICTIM_NAME);
    seL4_CPtr c = victim_cnode_guarded;
    TRY(fh_put(c, SLOT_NTFN, 64, ntfn, seL4_AllRights, 0));
    TRY(fh_put(c, SLOT_EP_NO_GRANT, 64, ep, seL4_ReadWrite, 0));
    TRY(fh_put(c, SLOT_EP_NO_WRITE, 64, ep, seL4_CapRights_new(1, 1, 1, 0), 0));
    TRY(fh_put(c, SLOT_EP_GRANT, 64, ep, seL4_CapRights_new(0, 1, 0, 1), BADGE_GRANT));
    TRY(fh_put(c, SLOT_EP_GRANT_REPLY, 64, ep, seL4_CapRights_new(1, 0, 0, 1),
               BADGE_GRANT_REPLY));
    TRY(fh_put(c, SLOT_TCB, 64, victim.tcb, seL4_AllRights, 0));
    TRY(fh_set_space(victim.tcb, fault_ep, c, 0));
    fh_after_stack = fh_stack_top(1);
    return fh_root_wait_prio();
}

/* Registers for the victim at `rip` (stack 0, its TLS). */
static seL4_UserContext regs_at(void *rip)
{
    seL4_UserContext ctx;
    fh_regs_init(&ctx, rip, 0, victim.tls_base);
    return ctx;
}

/* Expect UserException #UD at `ip` from the victim on E with `badge`. */
static const char *expect_ud(seL4_Word ip, seL4_Word badge)
{
    seL4_MessageInfo_t got;
    seL4_Word b = 0;
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, &b));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, ip);
    EXPECT_EQ(seL4_GetMR(seL4_UserException_Number), 6);
    EXPECT_EQ(b, badge);
    return NULL;
}

/* ---- no usable handler --------------------------------------------------------- */

/*
 * The victim executes `ud2` with fault-endpoint CPtr `fault_ep` that is not
 * usable: the kernel prints its report (after our marker line), and the
 * victim stops there: it does not run on, E gets nothing, its FaultIP is the
 * `ud2`.  With a usable fault endpoint set afterwards, Resume makes it fault
 * again, and this time the fault arrives.
 */
static const char *no_handler(const char *test, seL4_Word fault_ep, const char *what)
{
    TRY(setup(fault_ep));
    printf("FAULTS %s: %s; the kernel reports the #UD of \"%s\" at %p and stops it\n", test,
           what, VICTIM_NAME, (void *)fh_ud2_insn);
    fh_after[16] = 0;
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(fh_expect_silence(ep, 100));
    if (fh_after[16] != 0) {
        return "the thread ran on after a fault nobody could handle";
    }
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)fh_ud2_insn);
    EXPECT_OK(seL4_TCB_SetSpace(victim.tcb, SLOT_EP_GRANT, victim_cnode_guarded, 0,
                                seL4_CapInitThreadVSpace, 0));
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    return expect_ud((seL4_Word)fh_ud2_insn, BADGE_GRANT);
}

/* Fault-endpoint CPtr 0 (never set): the report, plus Mica's hint line. */
THREAD_TEST(NOHANDLER0001)
{
    return no_handler("NOHANDLER0001", 0, "fault endpoint CPtr 0 (none set)");
}

/* The CPtr names an empty slot. */
THREAD_TEST(NOHANDLER0002)
{
    return no_handler("NOHANDLER0002", SLOT_EMPTY, "fault endpoint CPtr 0x2a names an empty slot");
}

/* The CPtr names a notification. */
THREAD_TEST(NOHANDLER0003)
{
    return no_handler("NOHANDLER0003", SLOT_NTFN, "fault endpoint CPtr 0x2b names a notification");
}

/* An endpoint with Read and Write but neither Grant nor GrantReply. */
THREAD_TEST(NOHANDLER0004)
{
    return no_handler("NOHANDLER0004", SLOT_EP_NO_GRANT,
                      "fault endpoint CPtr 0x2c is an endpoint without Grant or GrantReply");
}

/* An endpoint with Grant and GrantReply but without Write. */
THREAD_TEST(NOHANDLER0005)
{
    return no_handler("NOHANDLER0005", SLOT_EP_NO_WRITE,
                      "fault endpoint CPtr 0x2d is an endpoint without Write");
}

/*
 * The victim's CSpace root is gone (its CNode revoked): its Send on 0x2c is a
 * cap fault (InvalidRoot), and looking up its fault endpoint 0x30 fails the
 * same way, so the kernel reports a cap fault while handling a cap fault.
 */
THREAD_TEST(NOHANDLER0006)
{
    TRY(setup(SLOT_EP_GRANT));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, victim_cnode, ROOT_DEPTH));
    printf("FAULTS NOHANDLER0006: the CSpace root of \"%s\" is gone; the kernel reports a cap "
           "fault at 0x30 while handling its send on 0x2c at %p\n",
           VICTIM_NAME, (void *)fh_sys_insn);
    fh_after[16] = 1;
    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = (seL4_Word)seL4_SysSend;
    ctx.rdi = SLOT_EP_NO_GRANT;
    ctx.rsi = 0;
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(fh_expect_silence(ep, 100));
    if (fh_after[16] != 1) {
        return "the thread ran on after a fault nobody could handle";
    }
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)fh_sys_insn);
    return NULL;
}

/* ---- the fault endpoint is looked up when the fault happens --------------------- */

/* The slot named at SetSpace time is empty then; the cap put there later (and its
 * badge) is what counts; a cap with Write + GrantReply (no Grant) serves too, and
 * the handler's reply works through it. */
THREAD_TEST(FAULTEP0001)
{
    TRY(setup(SLOT_EMPTY));
    TRY(fh_put(victim_cnode_guarded, SLOT_EMPTY, 64, ep, seL4_AllRights, 0x77));
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(expect_ud((seL4_Word)fh_ud2_insn, 0x77));
    /* Another cap in the same slot: the next fault carries its badge. */
    EXPECT_OK(seL4_CNode_Delete(victim_cnode_guarded, SLOT_EMPTY, 64));
    TRY(fh_put(victim_cnode_guarded, SLOT_EMPTY, 64, ep, seL4_CapRights_new(1, 0, 0, 1), 0x78));
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(expect_ud((seL4_Word)fh_ud2_insn, 0x78));
    seL4_SetMR(0, (seL4_Word)fh_ud2_after);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return expect_ud((seL4_Word)fh_ud2_end, 0x78);
}

/* SetSpace on a thread waiting for a fault reply changes where its next fault goes,
 * not the pending one: the reply still reaches it. */
THREAD_TEST(FAULTEP0002)
{
    TRY(setup(SLOT_EP_GRANT));
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(expect_ud((seL4_Word)fh_ud2_insn, BADGE_GRANT));
    EXPECT_OK(seL4_TCB_SetSpace(victim.tcb, SLOT_EP_GRANT_REPLY, victim_cnode_guarded, 0,
                                seL4_CapInitThreadVSpace, 0));
    seL4_SetMR(0, (seL4_Word)fh_ud2_after);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return expect_ud((seL4_Word)fh_ud2_end, BADGE_GRANT_REPLY);
}

/* ---- restarting a thread that waits for a fault reply ------------------------------ */

/* The victim reads FH_BAD_VADDR: a VM fault on E; the root keeps the reply cap. */
static const char *vm_fault_victim(seL4_UserContext *ctx)
{
    TRY(setup(SLOT_EP_GRANT));
    *ctx = regs_at(fh_read_insn);
    ctx->rdi = FH_BAD_VADDR;
    TRY(fh_start_regs(victim.tcb, ctx));
    seL4_MessageInfo_t got;
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U);
    return NULL;
}

/* Reason unless the root's reply cap (tcbCaller) is gone: restarting the faulter
 * must delete it (seL4 cancelIPC on BlockedOnReply).  SaveCaller moves it out if
 * it is still there. */
static const char *expect_reply_cap_gone(void)
{
    seL4_CPtr probe = slot_alloc();
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, probe, ROOT_DEPTH));
    if (cap_tag(probe) != TAG_NULL) {
        return systest_reason("the handler still holds a reply cap (tag %lu) to the restarted "
                              "thread",
                              (unsigned long)cap_tag(probe));
    }
    return NULL;
}

/* TCB_Resume restarts a thread blocked on a fault reply (here after WriteRegisters
 * moved it past the faulting read); the handler's reply cap goes away. */
THREAD_TEST(FAULTRESUME0001)
{
    seL4_UserContext ctx;
    TRY(vm_fault_victim(&ctx));
    ctx.rip = (seL4_Word)fh_read_after;
    ctx.rax = 0x600d;
    EXPECT_OK(seL4_TCB_WriteRegisters(victim.tcb, false, 0, 20, &ctx));
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(expect_reply_cap_gone());
    TRY(expect_ud((seL4_Word)fh_read_end, BADGE_GRANT));
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RAX], 0x600d);
    return NULL;
}

/* WriteRegisters with resume does the same in one step (sel4test IOPORTS1000 uses it). */
THREAD_TEST(FAULTRESUME0002)
{
    seL4_UserContext ctx;
    TRY(vm_fault_victim(&ctx));
    ctx.rip = (seL4_Word)fh_read_after;
    ctx.rax = 0x600e;
    EXPECT_OK(seL4_TCB_WriteRegisters(victim.tcb, true, 0, 20, &ctx));
    TRY(expect_reply_cap_gone());
    TRY(expect_ud((seL4_Word)fh_read_end, BADGE_GRANT));
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RAX], 0x600e);
    return NULL;
}

/* Resume alone: the thread runs the faulting instruction again and faults again
 * (a fresh fault message); Suspend then Resume does the same. */
THREAD_TEST(FAULTRESUME0003)
{
    seL4_UserContext ctx;
    seL4_MessageInfo_t got;
    TRY(vm_fault_victim(&ctx));
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(expect_reply_cap_gone());
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U);
    EXPECT_OK(seL4_TCB_Suspend(victim.tcb));
    TRY(expect_reply_cap_gone());
    TRY(fh_expect_silence(ep, 20));
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U);
    return NULL;
}

/* An UnknownSyscall waiting for its reply: Resume runs the syscall again. */
THREAD_TEST(FAULTRESUME0004)
{
    seL4_MessageInfo_t got;
    TRY(setup(SLOT_EP_GRANT));
    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = 0x5151;
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UnknownSyscall, 19, ctx.rax, ctx.rbx);
    EXPECT_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)fh_sys_insn);
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(expect_reply_cap_gone());
    TRY(fh_recv(ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UnknownSyscall, 19, ctx.rax, ctx.rbx);
    EXPECT_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), 0x5151);
    return NULL;
}

/* ---- a fault inside a fault handler ------------------------------------------- */

/* nested_ud2(): a `ud2` the root skips by replying FaultIP = nested_ud2_after. */
void nested_ud2(void);
extern char nested_ud2_insn[], nested_ud2_after[];
__asm__("    .text\n"
        "    .globl nested_ud2, nested_ud2_insn, nested_ud2_after\n"
        "nested_ud2:\n"
        "nested_ud2_insn:\n"
        "    ud2\n"
        "nested_ud2_after:\n"
        "    ret\n");

/* The victim's handler: receive its fault, fault itself, then reply to the victim. */
static seL4_Word faulty_handler(seL4_Word ep_cptr, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(ep_cptr, &badge);
    FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UserException);
    FH_CHECK_EQ(badge, BADGE_GRANT);
    nested_ud2();
    seL4_SetMR(0, (seL4_Word)fh_ud2_after);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

/* A handler that faults while it handles a fault: its fault goes to its own fault
 * endpoint (the root, badge 0x4e57), the victim keeps waiting; once the root
 * repairs the handler, the handler's reply still reaches the victim. */
THREAD_TEST(FAULTNESTED0001)
{
    static helper_t handler;
    seL4_CPtr handler_ep, handler_ep_badged;
    TRY(setup(SLOT_EP_GRANT));
    TRY(pool_object(seL4_EndpointObject, 0, &handler_ep));
    TRY(mint_new(handler_ep, seL4_AllRights, 0x4e57, &handler_ep_badged));
    TRY(helper_create(&handler, FH_WAIT_PRIO + 1));
    TRY(fh_set_fault_ep(handler.tcb, handler_ep_badged));
    TRY(helper_start(&handler, faulty_handler, ep, 0, 0, 0));
    fh_after[16] = 0;
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(fh_start_regs(victim.tcb, &ctx));

    seL4_MessageInfo_t got;
    seL4_Word badge = 0;
    const char *why = fh_recv(handler_ep, FH_TIMEOUT_MS, &got, &badge);
    FH_TRY_THREADS();
    TRY(why);
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)nested_ud2_insn);
    EXPECT_EQ(seL4_GetMR(seL4_UserException_Number), 6);
    EXPECT_EQ(badge, 0x4e57);
    if (fh_after[16] != 0) {
        return "the victim ran on while its handler was stuck";
    }
    /* Skip the handler's ud2; it then replies to the victim. */
    seL4_SetMR(0, (seL4_Word)nested_ud2_after);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    if (!YIELD_UNTIL(handler.done, FH_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the repaired handler did not finish";
    }
    FH_TRY_THREADS();
    /* The victim went on to fh_ud2_end; that fault waits on E for a receiver. */
    return expect_ud((seL4_Word)fh_ud2_end, BADGE_GRANT);
}

/* A handler that faults with no handler of its own: the kernel reports the handler's
 * fault (named "faults-handler") and stops it; the victim stays blocked. */
THREAD_TEST(FAULTNESTED0002)
{
    static helper_t handler;
    TRY(setup(SLOT_EP_GRANT));
    TRY(helper_create(&handler, FH_WAIT_PRIO + 1));
    seL4_DebugNameThread(handler.tcb, "faults-handler");
    printf("FAULTS FAULTNESTED0002: the handler \"faults-handler\" has no fault endpoint; the "
           "kernel reports its #UD at %p and stops it\n",
           (void *)nested_ud2_insn);
    TRY(helper_start(&handler, faulty_handler, ep, 0, 0, 0));
    fh_after[16] = 0;
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(fh_start_regs(victim.tcb, &ctx));
    TRY(fh_expect_silence(ep, 100));
    FH_TRY_THREADS();
    if (handler.done || fh_after[16] != 0) {
        return "the handler or the victim ran on";
    }
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(handler.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)nested_ud2_insn);
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)fh_ud2_insn);
    return NULL;
}

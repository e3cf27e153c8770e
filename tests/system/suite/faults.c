/*
 * sel4test's fault tests in one address space (apps/sel4test-tests/src/tests/):
 * faults.c PAGEFAULT0001-0005, ioports.c IOPORTS1000, fpu.c FPU0004 (here
 * FPU0004_FAULT), ipc_rights.c IPCRIGHTS0002 (here IPCRIGHTS0002_FAULT) and
 * cspace.c CSPACE0001 with a thread (here CSPACE0001_FAULT; fpu.c, ipc_rights.c
 * and cspace.c of this suite have tests of those names).  A faulter and a
 * handler thread: the fault goes on the faulter's fault endpoint as a Call, the
 * handler repairs the faulter with Read/WriteRegisters and replies or not.
 *
 * The root only starts threads and waits (at FH_WAIT_PRIO, bounded); the
 * threads record their first failed check with FH_CHECK.
 */
#include <string.h>

#include "fault_helpers.h"

#define GOOD_MAGIC 0x15831851
#define BAD_MAGIC (~GOOD_MAGIC)
#define BAD_SYSCALL_NUMBER 0xc1

/*
 * The faulting code, one function per fault (System V calls; the labels
 * mark the faulting instruction and where the handler restarts it):
 *   uint32_t pf_read(addr, val)   eax = val; eax = *addr           -> eax
 *   uint32_t pf_write(addr, val)  eax = val; *addr = eax           -> eax
 *   uint32_t pf_exec(addr, val)   eax = val; jump to addr          -> eax
 *   uint32_t pf_syscall(val)      ebx = val; syscall 0xc1; r12 keeps RSP -> ebx
 *   void pf_ud2(int *val, seL4_Word *sp, seL4_Word *flags)
 *                                 save RSP and RFLAGS, RSP = val, ud2; the
 *                                 handler restarts it with the saved RSP
 */
uint32_t pf_read(seL4_Word addr, uint32_t val);
uint32_t pf_write(seL4_Word addr, uint32_t val);
uint32_t pf_exec(seL4_Word addr, uint32_t val);
uint32_t pf_syscall(uint32_t val);
void pf_ud2(volatile int *val, seL4_Word *sp, seL4_Word *flags);
extern char read_fault_address[], read_fault_restart_address[];
extern char write_fault_address[], write_fault_restart_address[];
extern char instruction_fault_restart_address[];
extern char bad_syscall_address[], bad_syscall_restart_address[];
extern char bad_instruction_address[], bad_instruction_restart_address[];

__asm__("    .text\n"
        "    .globl pf_read, read_fault_address, read_fault_restart_address\n"
        "pf_read:\n"
        "    movl %esi, %eax\n"
        "read_fault_address:\n"
        "    movl (%rdi), %eax\n"
        "read_fault_restart_address:\n"
        "    ret\n"
        "    .globl pf_write, write_fault_address, write_fault_restart_address\n"
        "pf_write:\n"
        "    movl %esi, %eax\n"
        "write_fault_address:\n"
        "    movl %eax, (%rdi)\n"
        "write_fault_restart_address:\n"
        "    ret\n"
        "    .globl pf_exec, instruction_fault_restart_address\n"
        "pf_exec:\n"
        "    movl %esi, %eax\n"
        "    jmp *%rdi\n"
        "instruction_fault_restart_address:\n"
        "    ret\n"
        "    .globl pf_syscall, bad_syscall_address, bad_syscall_restart_address\n"
        "pf_syscall:\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    movl %edi, %ebx\n"
        "    movq $0xc1, %rdx\n"
        "    movq %rsp, %r12\n"
        "bad_syscall_address:\n"
        "    syscall\n"
        "bad_syscall_restart_address:\n"
        "    movq %r12, %rsp\n"
        "    movl %ebx, %eax\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    ret\n"
        "    .globl pf_ud2, bad_instruction_address, bad_instruction_restart_address\n"
        "pf_ud2:\n"
        "    movq %rsp, (%rsi)\n"
        "    pushfq\n"
        "    popq %rax\n"
        "    movq %rax, (%rdx)\n"
        "    movq %rdi, %rsp\n"
        "bad_instruction_address:\n"
        "    ud2\n"
        "bad_instruction_restart_address:\n"
        "    ret\n");

static seL4_Word bad_instruction_sp, bad_instruction_flags;

/* sel4test cause_fault: after a restart the handler's value must be there. */
seL4_Word pf_cause_fault(seL4_Word kind)
{
    volatile int val = BAD_MAGIC;
    switch (kind) {
    case FAULT_DATA_READ_PAGEFAULT:
        val = (int)pf_read(FH_BAD_VADDR, BAD_MAGIC);
        break;
    case FAULT_DATA_WRITE_PAGEFAULT:
        val = (int)pf_write(FH_BAD_VADDR, BAD_MAGIC);
        break;
    case FAULT_INSTRUCTION_PAGEFAULT:
        val = (int)pf_exec(FH_BAD_VADDR, BAD_MAGIC);
        break;
    case FAULT_BAD_SYSCALL:
        val = (int)pf_syscall(BAD_MAGIC);
        break;
    case FAULT_BAD_INSTRUCTION:
        pf_ud2(&val, &bad_instruction_sp, &bad_instruction_flags);
        break;
    }
    FH_CHECK_EQ((uint32_t)val, GOOD_MAGIC);
    return 0;
}

/* sel4test's set_good_magic_and_set_pc: RAX = GOOD_MAGIC and RIP = new_pc, not resumed. */
static seL4_Word set_good_magic_and_set_pc(seL4_CPtr tcb, seL4_Word new_pc)
{
    seL4_UserContext ctx;
    seL4_Word n = sizeof(ctx) / sizeof(seL4_Word);
    FH_CHECK_EQ(seL4_TCB_ReadRegisters(tcb, false, 0, n, &ctx), seL4_NoError);
    FH_CHECK_EQ((uint32_t)ctx.rax, (uint32_t)BAD_MAGIC);
    ctx.rax = GOOD_MAGIC;
    ctx.rip = new_pc;
    FH_CHECK_EQ(seL4_TCB_WriteRegisters(tcb, false, 0, n, &ctx), seL4_NoError);
    return 0;
}

/* The VM-fault half of handle_fault: check the message, repair, maybe reply. */
static seL4_Word handle_vm_fault(seL4_MessageInfo_t tag, seL4_CPtr tcb, seL4_Word kind,
                                 bool restart)
{
    static const seL4_Word ip[] = {0, (seL4_Word)read_fault_address,
                                   (seL4_Word)write_fault_address, FH_BAD_VADDR};
    static const seL4_Word resume_at[] = {0, (seL4_Word)read_fault_restart_address,
                                          (seL4_Word)write_fault_restart_address,
                                          (seL4_Word)instruction_fault_restart_address};
    FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_VMFault);
    FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_VMFault_Length);
    FH_CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), ip[kind]);
    FH_CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), FH_BAD_VADDR);
    /* sel4test checks PrefetchFault only on ARM/RISC-V; x86 reports it too. */
    FH_CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault),
                kind == FAULT_INSTRUCTION_PAGEFAULT ? 1 : 0);
    bool write = (seL4_GetMR(seL4_VMFault_FSR) & FSR_W) != 0;
    FH_CHECK_EQ(write, kind == FAULT_DATA_WRITE_PAGEFAULT);
    /* Clear an MR so that stale MRs would show in the next round. */
    seL4_SetMR(seL4_VMFault_Addr, 0);
    if (set_good_magic_and_set_pc(tcb, resume_at[kind])) {
        return 1;
    }
    if (restart) {
        seL4_Reply(tag);
    }
    return 0;
}

/* sel4test handle_fault: one fault, checked, repaired and maybe replied to. */
seL4_Word pf_handle_fault(seL4_Word ep, seL4_Word tcb, seL4_Word kind, seL4_Word flags)
{
    bool badged = flags & HANDLER_BADGED, restart = flags & HANDLER_RESTART;
    seL4_Word badge = ~0ul;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    FH_CHECK_EQ(badge, badged ? EXPECTED_BADGE : 0);

    switch (kind) {
    case FAULT_DATA_READ_PAGEFAULT:
    case FAULT_DATA_WRITE_PAGEFAULT:
    case FAULT_INSTRUCTION_PAGEFAULT:
        return handle_vm_fault(tag, tcb, kind, restart);
    case FAULT_BAD_SYSCALL:
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UnknownSyscall);
        FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_UnknownSyscall_Length);
        FH_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)bad_syscall_address);
        FH_CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), BAD_SYSCALL_NUMBER);
        FH_CHECK_EQ((uint32_t)seL4_GetMR(seL4_UnknownSyscall_RBX), (uint32_t)BAD_MAGIC);
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)bad_syscall_restart_address);
        seL4_SetMR(seL4_UnknownSyscall_RBX, GOOD_MAGIC);
        seL4_Reply(seL4_MessageInfo_set_label(tag, restart ? 0 : 1));
        return 0;
    case FAULT_BAD_INSTRUCTION: {
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UserException);
        FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_UserException_Length);
        FH_CHECK_EQ(seL4_GetMR(0), (seL4_Word)bad_instruction_address);
        volatile int *valptr = (volatile int *)seL4_GetMR(1);
        FH_CHECK_EQ((uint32_t)*valptr, (uint32_t)BAD_MAGIC);
        /* The resume flag (bit 16) may be set on hardware; sel4test ignores it. */
        FH_CHECK_EQ((seL4_GetMR(2) ^ bad_instruction_flags) & ~(1ul << 16), 0);
        FH_CHECK_EQ(seL4_GetMR(3), 6);
        FH_CHECK_EQ(seL4_GetMR(4), 0);
        *valptr = GOOD_MAGIC;
        seL4_SetMR(0, (seL4_Word)bad_instruction_restart_address);
        seL4_SetMR(1, bad_instruction_sp);
        seL4_Reply(seL4_MessageInfo_set_label(tag, restart ? 0 : 1));
        return 0;
    }
    default:
        FH_CHECK(!"unknown fault kind");
        return 1;
    }
}

/* The faulter thread: cause the fault. */
static seL4_Word cause_fault(seL4_Word kind, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    return pf_cause_fault(kind);
}

/* The handler thread (sel4test handle_fault): one fault on `ep`, then return. */
static seL4_Word handle_fault(seL4_Word ep, seL4_Word tcb, seL4_Word kind, seL4_Word flags)
{
    return pf_handle_fault(ep, tcb, kind, flags);
}

/* One round: start handler and faulter, wait for the handler (and the faulter if restarted). */
static const char *fault_round(helper_t *handler, helper_t *faulter, seL4_CPtr fault_ep,
                               seL4_Word kind, seL4_Word flags)
{
    TRY(helper_start(handler, handle_fault, fault_ep, faulter->tcb, kind, flags));
    TRY(helper_start(faulter, cause_fault, kind, 0, 0, 0));
    if (!YIELD_UNTIL(handler->done, FH_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the handler did not see and handle the fault in time";
    }
    if ((flags & HANDLER_RESTART) && !YIELD_UNTIL(faulter->done, FH_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the faulter did not finish after the reply";
    }
    FH_TRY_THREADS();
    if (!(flags & HANDLER_RESTART) && faulter->done) {
        return "the faulter ran on although the handler did not restart it";
    }
    return NULL;
}

/*
 * sel4test test_fault (same address space): unbadged and badged fault
 * endpoint, no reply and reply, faulter priority 100, 101, 102 against a
 * handler at 101.
 */
static const char *test_fault(seL4_Word kind)
{
    static helper_t handler, faulter;
    fh_reset();
    TRY(fh_root_wait_prio());
    for (int badged = 0; badged <= 1; badged++) {
        seL4_CPtr ep, fault_ep;
        TRY(pool_object(seL4_EndpointObject, 0, &ep));
        fault_ep = ep;
        if (badged) {
            TRY(mint_new(ep, seL4_AllRights, EXPECTED_BADGE, &fault_ep));
        }
        TRY(helper_create(&faulter, 100));
        TRY(helper_create(&handler, 101));
        TRY(fh_set_fault_ep(faulter.tcb, fault_ep));
        for (int restart = 0; restart <= 1; restart++) {
            seL4_Word flags = (badged ? HANDLER_BADGED : 0) | (restart ? HANDLER_RESTART : 0);
            for (seL4_Word prio = 100; prio <= 102; prio++) {
                EXPECT_OK(seL4_TCB_SetPriority(faulter.tcb, seL4_CapInitThreadTCB, prio));
                const char *why = fault_round(&handler, &faulter, fault_ep, kind, flags);
                if (why) {
                    char detail[200];
                    snprintf(detail, sizeof(detail), "%s", why);
                    return systest_reason("%s, restart %d, faulter prio %lu: %s",
                                          badged ? "badged" : "unbadged", restart,
                                          (unsigned long)prio, detail);
                }
            }
        }
        TRY(helper_destroy(&handler));
        TRY(helper_destroy(&faulter));
    }
    return NULL;
}

THREAD_TEST(PAGEFAULT0001)
{
    return test_fault(FAULT_DATA_READ_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT0002)
{
    return test_fault(FAULT_DATA_WRITE_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT0003)
{
    return test_fault(FAULT_INSTRUCTION_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT0004)
{
    return test_fault(FAULT_BAD_SYSCALL);
}

THREAD_TEST(PAGEFAULT0005)
{
    return test_fault(FAULT_BAD_INSTRUCTION);
}

/* ---- IOPORTS1000 ------------------------------------------------------------ */

#define IOPORT_STRIDE 256
#define IOPORT_FAULTS (0x10000 / IOPORT_STRIDE)

static volatile int ioport_faults;

/* Every fault: a #GP UserException at an `inb %dx,%al`; set AL = 1, skip it, resume. */
static seL4_Word ioport_handler(seL4_Word ep, seL4_Word tcb, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (;;) {
        seL4_MessageInfo_t tag = seL4_Recv(ep, NULL);
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UserException);
        FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), seL4_UserException_Length);
        FH_CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 13);
        FH_CHECK_EQ(seL4_GetMR(seL4_UserException_Code), 0);
        FH_CHECK_EQ(*(const uint8_t *)seL4_GetMR(seL4_UserException_FaultIP), 0xec);
        seL4_Word ip = seL4_GetMR(seL4_UserException_FaultIP);
        ioport_faults++;
        seL4_UserContext ctx;
        seL4_Word n = sizeof(ctx) / sizeof(seL4_Word);
        FH_CHECK_EQ(seL4_TCB_ReadRegisters(tcb, false, 0, n, &ctx), seL4_NoError);
        FH_CHECK_EQ(ctx.rip, ip);
        ctx.rax = 1;
        ctx.rip += 1;
        /* No reply: WriteRegisters with resume restarts the thread blocked on the reply. */
        FH_CHECK_EQ(seL4_TCB_WriteRegisters(tcb, true, 0, n, &ctx), seL4_NoError);
    }
}

/* `inb` from every 256th port without an I/O port cap. */
static seL4_Word ioport_user(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    for (unsigned port = 0; port < 0x10000; port += IOPORT_STRIDE) {
        volatile uint8_t value = 0;
        __asm__ volatile("inb %%dx, %%al" : "=a"(value) : "d"((uint16_t)port));
        FH_CHECK_EQ(value, 1);
    }
    return 0;
}

/* sel4test IOPORTS1000: direct port I/O is a #GP user exception, 256 of them. */
THREAD_TEST(IOPORTS1000)
{
    static helper_t handler, faulter;
    seL4_CPtr ep;
    fh_reset();
    ioport_faults = 0;
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(helper_create(&faulter, 100));
    TRY(helper_create(&handler, 100));
    TRY(fh_set_fault_ep(faulter.tcb, ep));
    TRY(fh_root_wait_prio());
    TRY(helper_start(&handler, ioport_handler, ep, faulter.tcb, 0, 0));
    TRY(helper_start(&faulter, ioport_user, 0, 0, 0, 0));
    bool done = YIELD_UNTIL(faulter.done, FH_LONG_TIMEOUT_MS);
    FH_TRY_THREADS();
    if (!done) {
        return systest_reason("the port loop did not finish (%d faults handled)", ioport_faults);
    }
    EXPECT_EQ(ioport_faults, IOPORT_FAULTS);
    return NULL;
}

/* ---- FPU0004 ----------------------------------------------------------------- */

/* sel4test's fpu_calculation. */
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

static volatile seL4_Word fpu_rounds;

/* sel4test fpu_worker2: compute until told to stop (two more rounds); 1 on a wrong result. */
static seL4_Word fpu_worker(seL4_Word ex, seL4_Word stop, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    int run = 2;
    do {
        double a = fpu_calculation();
        if (memcmp(&a, (const void *)ex, sizeof(double)) != 0) {
            fh_thread_fail(__FILE__, __LINE__, "the FPU result changed");
            return 1;
        }
        fpu_rounds++;
        if (*(volatile seL4_Word *)stop) {
            run--;
        }
    } while (run);
    return 0;
}

/*
 * sel4test FPU0004: fpuDisabled makes FPU use a UserException (#NM, 7) sent to
 * the thread's fault endpoint; the handler enables the FPU again and replies, and
 * the thread goes on with its FPU state intact.  Here the worker is stopped in
 * the middle of its calculations (the root shares its priority and takes the CPU
 * back at a time-slice end), so its FPU registers are live when disabled.
 */
THREAD_TEST(FPU0004_FAULT)
{
    static helper_t t;
    static volatile seL4_Word stop;
    static volatile double ex;
    seL4_CPtr ep;
    fh_reset();
    stop = fpu_rounds = 0;
    ex = fpu_calculation();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(helper_create(&t, FH_WAIT_PRIO));
    TRY(fh_set_fault_ep(t.tcb, ep));
    TRY(fh_root_wait_prio());
    TRY(helper_start(&t, fpu_worker, (seL4_Word)&ex, (seL4_Word)&stop, 0, 0));
    if (!YIELD_UNTIL(fpu_rounds >= 2, FH_LONG_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the FPU worker did not get going";
    }

    seL4_TCB_SetFlags_t res = seL4_TCB_SetFlags(t.tcb, 0, seL4_TCBFlag_fpuDisabled);
    EXPECT_EQ(res.error, seL4_NoError);
    EXPECT_EQ(res.flags, seL4_TCBFlag_fpuDisabled);
    stop = 1;

    seL4_MessageInfo_t tag;
    const char *why = fh_recv(ep, FH_TIMEOUT_MS, &tag, NULL);
    FH_TRY_THREADS();
    TRY(why);
    EXPECT_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_UserException);
    EXPECT_EQ(seL4_MessageInfo_get_length(tag), seL4_UserException_Length);
    EXPECT_EQ(seL4_GetMR(seL4_UserException_Number), 7);
    EXPECT_EQ(seL4_GetMR(seL4_UserException_Code), 0);

    res = seL4_TCB_SetFlags(t.tcb, seL4_TCBFlag_fpuDisabled, 0);
    EXPECT_EQ(res.error, seL4_NoError);
    EXPECT_EQ(res.flags, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));

    bool done = YIELD_UNTIL(t.done, FH_LONG_TIMEOUT_MS);
    FH_TRY_THREADS();
    if (!done) {
        return "the FPU worker did not finish after the FPU was enabled again";
    }
    EXPECT_EQ(t.result, 0);
    return NULL;
}

/* ---- IPCRIGHTS0002 ---------------------------------------------------------- */

#define MAGIC1 42

/* sel4test check_recv: receive MAGIC1, then a second message (a rendezvous). */
static seL4_Word check_recv(seL4_Word ep, seL4_Word val, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Recv(ep, NULL);
    FH_CHECK_EQ(seL4_GetMR(0), val);
    seL4_Recv(ep, NULL);
    return 0;
}

/* One rights combination: with Read the messages arrive; without, a receive-phase CapFault. */
static const char *recv_with_rights(seL4_CPtr ep, seL4_CPtr fault_ep, seL4_Word rights_word)
{
    static helper_t t;
    seL4_CapRights_t rights = {{rights_word}};
    seL4_CPtr ep_mint;
    TRY(mint_new(ep, rights, 0, &ep_mint));
    /* Above the root: it runs at once, and each message sends it back into Recv
     * before the root sends the next one. */
    TRY(helper_create(&t, FH_WAIT_PRIO + 1));
    TRY(fh_set_fault_ep(t.tcb, fault_ep));
    TRY(helper_start(&t, check_recv, ep_mint, MAGIC1, 0, 0));
    if (!YIELD_UNTIL(t.started, FH_TIMEOUT_MS)) {
        return "the helper did not start";
    }
    if (seL4_CapRights_get_capAllowRead(rights)) {
        seL4_SetMR(0, MAGIC1);
        seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        if (!YIELD_UNTIL(t.done, FH_TIMEOUT_MS)) {
            return "with Read, the helper did not receive both messages";
        }
        TRY(fh_expect_silence(fault_ep, 1));
    } else {
        seL4_MessageInfo_t tag;
        const char *why = fh_recv(fault_ep, FH_TIMEOUT_MS, &tag, NULL);
        FH_TRY_THREADS();
        TRY(why);
        FH_EXPECT_MSG(tag, seL4_Fault_CapFault, 5, seL4_GetMR(0), ep_mint, 1,
                      seL4_MissingCapability, 0);
        if (t.done) {
            return "without Read, the helper received a message";
        }
    }
    FH_TRY_THREADS();
    TRY(helper_destroy(&t));
    EXPECT_OK(seL4_CNode_Delete(ROOT, ep_mint, ROOT_DEPTH));
    return NULL;
}

/* sel4test IPCRIGHTS0002 (ipc_rights.c has it too; this one bounds every wait and
 * checks the whole fault message): seL4_Recv needs Read; without it, a CapFault. */
THREAD_TEST(IPCRIGHTS0002_FAULT)
{
    seL4_CPtr ep, fault_ep;
    fh_reset();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_EndpointObject, 0, &fault_ep));
    TRY(fh_root_wait_prio());
    for (seL4_Word i = 0; i < 16; i++) {
        const char *why = recv_with_rights(ep, fault_ep, i);
        if (why) {
            char detail[200];
            snprintf(detail, sizeof(detail), "%s", why);
            return systest_reason("rights %#lx: %s", (unsigned long)i, detail);
        }
    }
    return NULL;
}

/* ---- CSPACE0001 with a thread ------------------------------------------------ */

#define READY_MAGIC 0x12374153
#define SUCCESS_MAGIC 0x12374151

/* sel4test ipc_caller: after the switch, every CPtr but the full path is a null cap.
 * (It says "ready" with a Call, not sel4test's Send: the root, at the same priority,
 * replies once it has switched the CSpace, so the thread cannot run ahead.) */
static seL4_Word ipc_caller(seL4_Word ep0, seL4_Word ep1, seL4_Word word_bits, seL4_Word a3)
{
    (void)a3;
    seL4_SetMR(0, READY_MAGIC);
    seL4_Call(ep0, seL4_MessageInfo_new(0, 0, 0, 1));
    for (seL4_Word i = 0; i < word_bits; i++) {
        seL4_MessageInfo_t tag = seL4_Call(i, seL4_MessageInfo_new(0, 0, 0, 0));
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_InvalidCapability);
    }
    for (seL4_Word i = 0; i < word_bits; i++) {
        seL4_MessageInfo_t tag = seL4_Call(ep1 ^ (1ul << i), seL4_MessageInfo_new(0, 0, 0, 0));
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_InvalidCapability);
    }
    seL4_SetMR(0, SUCCESS_MAGIC);
    seL4_Send(ep1, seL4_MessageInfo_new(0, 0, 0, 1));
    /* Its CSpace is not the root's any more: stay here until the test deletes it. */
    seL4_Recv(ep1, NULL);
    return 0;
}

/*
 * sel4test CSPACE0001 (the thread half; cspace.c CSPACE0001 checks the same
 * chain through CNode operations): 64 one-bit CNodes chained into alternating
 * slots become a thread's CSpace; its Calls on CPtrs 0..63 and on the full
 * path with one bit flipped resolve to null caps (InvalidCapability replies,
 * no fault), and the full path reaches the endpoint.  The thread's fault
 * endpoint is the chain's endpoint, so a fault would arrive where the root
 * waits for SUCCESS_MAGIC and be reported.
 */
THREAD_TEST(CSPACE0001_FAULT)
{
    static helper_t t;
    seL4_CPtr ut, cnodes, ep;
    fh_reset();
    TRY(untyped_new(13, &ut));
    TRY(objects_new(ut, seL4_CapTableObject, 1, seL4_WordBits, &cnodes));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    seL4_Word slot = 0, ep_pos = 1;
    for (seL4_Word i = 1; i < seL4_WordBits; i++) {
        EXPECT_OK(seL4_CNode_Copy(cnodes + i - 1, slot, 1, ROOT, cnodes + i, ROOT_DEPTH,
                                  seL4_AllRights));
        ep_pos |= slot << i;
        slot ^= 1;
    }
    EXPECT_OK(seL4_CNode_Copy(cnodes + seL4_WordBits - 1, slot, 1, ROOT, ep, ROOT_DEPTH,
                              seL4_AllRights));

    TRY(helper_create(&t, 100));
    TRY(fh_root_wait_prio());
    TRY(helper_start(&t, ipc_caller, ep, ep_pos, seL4_WordBits, 0));
    seL4_MessageInfo_t tag;
    const char *why = fh_recv(ep, FH_TIMEOUT_MS, &tag, NULL);
    FH_TRY_THREADS();
    TRY(why);
    FH_EXPECT_MSG(tag, 0, 1, READY_MAGIC);

    EXPECT_OK(seL4_TCB_SetSpace(t.tcb, ep_pos, cnodes, 0, seL4_CapInitThreadVSpace, 0));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    why = fh_recv(ep, FH_TIMEOUT_MS, &tag, NULL);
    FH_TRY_THREADS();
    TRY(why);
    FH_EXPECT_MSG(tag, 0, 1, SUCCESS_MAGIC);
    return NULL;
}

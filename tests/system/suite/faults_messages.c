/*
 * UnknownSyscall, UserException and VMFault messages, word by word, and
 * what a reply to each does (seL4 src/api/faults.c setMRs_fault and
 * handleFaultReply, src/arch/x86/c_traps.c, src/arch/x86/64/c_traps.c).
 *
 * The victim thread is started right at the faulting instruction with every
 * register chosen by the test (fh_start_regs), so each MR is known exactly,
 * including the "stale" RCX, R11 and RSP slots of a `syscall` entry: the
 * kernel does not save them there, so they still hold the values the
 * starting WriteRegisters put in.  The root handles the faults itself
 * (fh_recv on the fault endpoint, badged FAULT_BADGE).
 */
#include "fault_helpers.h"

#define FAULT_BADGE 0x5ca1ab1e
/* A flags value that survives sanitising: CF, PF, ZF, SF, OF, bit 1, IF. */
#define START_FLAGS 0xac7ul
#define UNKNOWN_SYSCALL 0x7e57ul

static helper_t victim;
static seL4_CPtr fault_ep;

/* The victim and its badged fault endpoint; the root waits at the victim's priority. */
static const char *setup(void)
{
    seL4_CPtr badged;
    fh_reset();
    TRY(pool_object(seL4_EndpointObject, 0, &fault_ep));
    TRY(mint_new(fault_ep, seL4_AllRights, FAULT_BADGE, &badged));
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    TRY(fh_set_fault_ep(victim.tcb, badged));
    fh_after_stack = fh_stack_top(1);
    return fh_root_wait_prio();
}

/* Registers for a start at `rip`: fh_regs_init's values and START_FLAGS. */
static seL4_UserContext regs_at(void *rip)
{
    seL4_UserContext ctx;
    fh_regs_init(&ctx, rip, 0, victim.tls_base);
    ctx.rflags = START_FLAGS;
    return ctx;
}

/* Start the victim with ctx and receive its fault (badge checked). */
static const char *run(const seL4_UserContext *ctx, seL4_MessageInfo_t *got)
{
    TRY(fh_start_regs(victim.tcb, ctx));
    seL4_Word badge = 0;
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, got, &badge));
    EXPECT_EQ(badge, FAULT_BADGE);
    return NULL;
}

/* ---- UnknownSyscall ----------------------------------------------------------- */

/* The 19 MRs of an UnknownSyscall from ctx at `syscall`: RAX..R15 (RCX, R11 and SP
 * as the stale slots hold them), FaultIP, SP, FLAGS, the number. */
static void syscall_message(const seL4_UserContext *c, seL4_Word *mr)
{
    const seL4_Word regs[] = {c->rax, c->rbx, c->rcx, c->rdx, c->rsi, c->rdi, c->rbp,
                              c->r8,  c->r9,  c->r10, c->r11, c->r12, c->r13, c->r14,
                              c->r15, c->rip, c->rsp, fh_sanitise_flags(c->rflags), c->rdx};
    for (int i = 0; i < 19; i++) {
        mr[i] = regs[i];
    }
}

/* Compare the received message with mr[0..19), except MRs whose bit is set in `skip`. */
static const char *check_19_except(seL4_MessageInfo_t got, const seL4_Word *mr, seL4_Word skip)
{
    seL4_Word want[19];
    for (int i = 0; i < 19; i++) {
        want[i] = (skip & (1ul << i)) ? seL4_GetMR(i) : mr[i];
    }
    FH_EXPECT_MSG(got, seL4_Fault_UnknownSyscall, seL4_UnknownSyscall_Length, want[0], want[1],
                  want[2], want[3], want[4], want[5], want[6], want[7], want[8], want[9],
                  want[10], want[11], want[12], want[13], want[14], want[15], want[16],
                  want[17], want[18]);
    return NULL;
}

/* Compare the received message with mr[0..19). */
static const char *check_19(seL4_MessageInfo_t got, const seL4_Word *mr)
{
    return check_19_except(got, mr, 0);
}

/* All 19 MRs of an UnknownSyscall; a label-0 reply of 19 MRs with FaultIP + 2 sets the
 * registers and the thread goes on after the syscall (sysret: RCX = the new IP, R11 =
 * RFLAGS = the sanitised FLAGS, RSP = 0). */
THREAD_TEST(UNKNOWNSYSCALL_MSG0001)
{
    seL4_MessageInfo_t got;
    seL4_Word mr[19];
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = UNKNOWN_SYSCALL;
    syscall_message(&ctx, mr);
    TRY(run(&ctx, &got));
    TRY(check_19(got, mr));

    /* Reply: every register a new value, FaultIP past the syscall, TF and bit 3 set. */
    for (int i = 0; i < 15; i++) {
        seL4_SetMR(i, 0x5500 + (seL4_Word)i);
    }
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)fh_sys_insn + 2);
    seL4_SetMR(seL4_UnknownSyscall_SP, fh_stack_top(2) - 8);
    seL4_SetMR(seL4_UnknownSyscall_FLAGS, 0x8d5 | 0x100 | 0x8);
    seL4_SetMR(seL4_UnknownSyscall_Syscall, 0x1234);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Length));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_sys_end, fh_after_stack);
    seL4_Word flags = fh_sanitise_flags(0x8d5 | 0x100 | 0x8);
    for (int i = 0; i < 15; i++) {
        seL4_Word want = 0x5500 + (seL4_Word)i;
        if (i == seL4_UnknownSyscall_RCX) {
            want = (seL4_Word)fh_sys_after; /* sysretq takes RIP from RCX */
        } else if (i == seL4_UnknownSyscall_R11) {
            want = flags; /* and RFLAGS from R11 */
        }
        if (fh_after[i] != want) {
            return systest_reason("after the reply register %d (MR order) = %#lx, expected %#lx",
                                  i, (unsigned long)fh_after[i], (unsigned long)want);
        }
    }
    EXPECT_EQ(fh_after[16], 0); /* seL4 clears RSP on the sysretq path */
    EXPECT_EQ(fh_after[17], flags);
    return NULL;
}

/* A reply with label 1 writes the registers but leaves the thread inactive; Resume
 * then starts it at the FaultIP of the reply. */
THREAD_TEST(UNKNOWNSYSCALL_MSG0002)
{
    seL4_MessageInfo_t got;
    seL4_Word mr[19];
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = (seL4_Word)-100;
    syscall_message(&ctx, mr);
    TRY(run(&ctx, &got));
    TRY(check_19(got, mr));
    seL4_SetMR(seL4_UnknownSyscall_RBX, 0xb0b);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)fh_sys_after);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, seL4_UnknownSyscall_Length));
    TRY(fh_expect_silence(fault_ep, 50));
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)fh_sys_after);
    EXPECT_EQ(now.rbx, 0xb0b);
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_sys_end);
    EXPECT_EQ(fh_after[1], 0xb0b);
    return NULL;
}

/* A reply shorter than 18 MRs writes only that many registers (here RAX, RBX). */
THREAD_TEST(UNKNOWNSYSCALL_MSG0003)
{
    seL4_MessageInfo_t got;
    seL4_Word mr[19];
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = UNKNOWN_SYSCALL;
    syscall_message(&ctx, mr);
    TRY(run(&ctx, &got));
    TRY(check_19(got, mr));
    seL4_SetMR(0, 0xaa);
    seL4_SetMR(1, 0xbb);
    seL4_SetMR(2, 0xcc);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 2));
    /* FaultIP was not written: the syscall runs again, with the new RAX and RBX.  The
     * stale RCX, R11 and RSP slots are not compared: an interrupt taken between the
     * sysretq and the syscall would have refreshed them. */
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    mr[0] = 0xaa;
    mr[1] = 0xbb;
    return check_19_except(got, mr, (1ul << seL4_UnknownSyscall_RCX) |
                                        (1ul << seL4_UnknownSyscall_R11) |
                                        (1ul << seL4_UnknownSyscall_SP));
}

/* `int $200` (a trap gate open to user level, above the IRQ vectors) is an unknown
 * syscall (200 << 24 | RAX & 0xffffff) at the `int`; every register is saved. */
THREAD_TEST(UNKNOWNSYSCALL_MSG0004)
{
    seL4_MessageInfo_t got;
    seL4_Word mr[19];
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_int200_insn);
    ctx.rax = 0xabcdef123456ul;
    syscall_message(&ctx, mr);
    mr[18] = (200ul << 24) | 0x123456;
    TRY(run(&ctx, &got));
    TRY(check_19(got, mr));
    /* Resume after the `int` with a new RSP: an exception-style return restores it. */
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)fh_int200_after);
    seL4_SetMR(seL4_UnknownSyscall_SP, fh_stack_top(2) - 16);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Length));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_int200_end);
    EXPECT_EQ(fh_after[16], fh_stack_top(2) - 16);
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RAX], 0xabcdef123456ul);
    return NULL;
}

/* ---- UserException ------------------------------------------------------------ */

/* RFLAGS as a fault saved them: x86 hardware sets RF (bit 16) in the image pushed
 * for a fault-class exception (QEMU does not); sel4test ignores it, so do we. */
#define FLAGS_RF (1ul << 16)

/* Start with ctx and expect UserException(number, code) at `ip` with ctx's SP and FLAGS. */
static const char *expect_exception(seL4_UserContext *ctx, seL4_Word ip, seL4_Word number,
                                    seL4_Word code)
{
    seL4_MessageInfo_t got;
    TRY(run(ctx, &got));
    seL4_Word flags = seL4_GetMR(seL4_UserException_FLAGS);
    if ((flags & ~FLAGS_RF) != fh_sanitise_flags(ctx->rflags)) {
        return systest_reason("UserException FLAGS = %#lx, expected %#lx (label %lu, number %lu)",
                              (unsigned long)flags, (unsigned long)fh_sanitise_flags(ctx->rflags),
                              (unsigned long)seL4_MessageInfo_get_label(got),
                              (unsigned long)seL4_GetMR(seL4_UserException_Number));
    }
    FH_EXPECT_MSG(got, seL4_Fault_UserException, seL4_UserException_Length, ip, ctx->rsp, flags,
                  number, code);
    return NULL;
}

/* #UD: FaultIP, SP, FLAGS, 6, 0.  A label-0 reply sets FaultIP, SP and FLAGS (TF and
 * bit 5 dropped) and the thread goes on there; the other registers are untouched. */
THREAD_TEST(USEREXC_MSG0001)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(expect_exception(&ctx, (seL4_Word)fh_ud2_insn, 6, 0));
    seL4_Word sp = fh_stack_top(2) - 24, flags = 0x8d5 | 0x100 | 0x20;
    seL4_SetMR(0, (seL4_Word)fh_ud2_after);
    seL4_SetMR(1, sp);
    seL4_SetMR(2, flags);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_ud2_end, fh_after_stack);
    EXPECT_EQ(fh_after[16], sp);
    EXPECT_EQ(fh_after[17], fh_sanitise_flags(flags));
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RAX], ctx.rax);
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_R15], ctx.r15);
    return NULL;
}

/* A reply of length 1 writes FaultIP only; label 1 leaves the thread inactive until
 * a Resume. */
THREAD_TEST(USEREXC_MSG0002)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_ud2_insn);
    TRY(expect_exception(&ctx, (seL4_Word)fh_ud2_insn, 6, 0));
    seL4_SetMR(0, (seL4_Word)fh_ud2_after);
    seL4_SetMR(1, 0x1234);
    seL4_SetMR(2, 0);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 1));
    TRY(fh_expect_silence(fault_ep, 50));
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rip, (seL4_Word)fh_ud2_after);
    EXPECT_EQ(now.rsp, ctx.rsp);
    EXPECT_EQ(now.rflags & ~FLAGS_RF, fh_sanitise_flags(START_FLAGS));
    EXPECT_OK(seL4_TCB_Resume(victim.tcb));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_ud2_end);
    EXPECT_EQ(fh_after[16], ctx.rsp);
    return NULL;
}

/* #DE from `div` by zero: number 0, no error code. */
THREAD_TEST(USEREXC_MSG0003)
{
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_div_insn);
    ctx.rcx = 0;
    ctx.rdx = 0;
    return expect_exception(&ctx, (seL4_Word)fh_div_insn, 0, 0);
}

/* #GP (13, code 0): `in` and `out` without an I/O port cap, `hlt`, and a read of a
 * non-canonical address; `int $0x20` (a gate closed to user level) gives #GP with
 * the IDT error code 0x20 << 3 | 2. */
THREAD_TEST(USEREXC_MSG0004)
{
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_in_insn);
    ctx.rdx = 0x80;
    TRY(expect_exception(&ctx, (seL4_Word)fh_in_insn, 13, 0));
    ctx = regs_at(fh_out_insn);
    ctx.rdx = 0x80;
    TRY(expect_exception(&ctx, (seL4_Word)fh_out_insn, 13, 0));
    ctx = regs_at(fh_hlt_insn);
    TRY(expect_exception(&ctx, (seL4_Word)fh_hlt_insn, 13, 0));
    ctx = regs_at(fh_read_insn);
    ctx.rdi = 0x8000000000000000ul;
    TRY(expect_exception(&ctx, (seL4_Word)fh_read_insn, 13, 0));
    /* The IDT error code is vector << 3 | 2; QEMU's TCG (do_interrupt64) computes
     * vector << 4 | 2 instead, so that value is accepted as well. */
    ctx = regs_at(fh_int32_insn);
    seL4_MessageInfo_t got;
    TRY(run(&ctx, &got));
    seL4_Word code = seL4_GetMR(seL4_UserException_Code);
    if (code == ((0x20 << 4) | 2)) {
        code = (0x20 << 3) | 2;
    }
    FH_EXPECT_MSG(got, seL4_Fault_UserException, seL4_UserException_Length,
                  (seL4_Word)fh_int32_insn, ctx.rsp, seL4_GetMR(seL4_UserException_FLAGS), 13);
    EXPECT_EQ(code, (0x20 << 3) | 2);
    return NULL;
}

/* int3 without the debug API: UserException 3 with FaultIP after the `int3`; a
 * label-0 reply of length 0 goes on from there.  (With the debug API it is a
 * DebugException: breakpoints.c, BREAK_REQUEST_001.) */
#ifndef CONFIG_HARDWARE_DEBUG_API
THREAD_TEST(USEREXC_MSG0005)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_int3_insn);
    TRY(expect_exception(&ctx, (seL4_Word)fh_int3_after, 3, 0));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_int3_end);
    EXPECT_EQ(fh_after[16], ctx.rsp);
    return NULL;
}
#endif

/* An unmasked x87 exception: #MF (16) at the next waiting instruction. */
THREAD_TEST(USEREXC_MSG0006)
{
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_x87_start);
    return expect_exception(&ctx, (seL4_Word)fh_x87_insn, 16, 0);
}

/* An unmasked SSE exception.  seL4 leaves CR4.OSXMMEXCPT clear (src/arch/x86/machine/
 * fpu.c sets only OSFXSR), so the CPU raises #UD (6) at the instruction instead of
 * #XM (19).  QEMU's TCG raises no SIMD floating-point exception at all: then the
 * thread reaches the `ud2` after the instruction, and there is nothing to check. */
THREAD_TEST(USEREXC_MSG0007)
{
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_sse_start);
    seL4_MessageInfo_t got;
    TRY(run(&ctx, &got));
    if (seL4_MessageInfo_get_label(got) == seL4_Fault_UserException &&
        seL4_GetMR(seL4_UserException_FaultIP) == (seL4_Word)fh_sse_end) {
        printf("USEREXC_MSG0007: this CPU raised no SIMD floating-point exception "
               "(QEMU TCG does not emulate them); nothing checked\n");
        return NULL;
    }
    seL4_Word flags = seL4_GetMR(seL4_UserException_FLAGS);
    FH_EXPECT_MSG(got, seL4_Fault_UserException, seL4_UserException_Length,
                  (seL4_Word)fh_sse_insn, ctx.rsp, flags, 6, 0);
    EXPECT_EQ(flags & ~FLAGS_RF, fh_sanitise_flags(ctx.rflags));
    return NULL;
}

/* seL4_TCBFlag_fpuDisabled: the first SSE instruction is #NM (7); cleared and
 * replied to with label 0, the instruction runs again and works. */
THREAD_TEST(USEREXC_MSG0008)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    seL4_TCB_SetFlags_t r = seL4_TCB_SetFlags(victim.tcb, 0, seL4_TCBFlag_fpuDisabled);
    EXPECT_EQ(r.error, seL4_NoError);
    seL4_UserContext ctx = regs_at(fh_fpu_insn);
    ctx.rax = 0x0123456789abcdeful;
    TRY(expect_exception(&ctx, (seL4_Word)fh_fpu_insn, 7, 0));
    r = seL4_TCB_SetFlags(victim.tcb, seL4_TCBFlag_fpuDisabled, 0);
    EXPECT_EQ(r.flags, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_fpu_end);
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RBX], 0x0123456789abcdeful);
    return NULL;
}

/* ---- VMFault ------------------------------------------------------------------ */

/* Start with ctx and expect VMFault(ip, addr, prefetch, fsr). */
static const char *expect_vm_fault(const seL4_UserContext *ctx, seL4_Word ip, seL4_Word addr,
                                   seL4_Word prefetch, seL4_Word fsr)
{
    seL4_MessageInfo_t got;
    TRY(run(ctx, &got));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, seL4_VMFault_Length, ip, addr, prefetch, fsr);
    return NULL;
}

/* Unmapped user memory: read (U), write (U|W), execute (U|I/D, prefetch 1), address 0. */
THREAD_TEST(VMFAULT_MSG0001)
{
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_read_insn);
    ctx.rdi = FH_BAD_VADDR;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U));
    ctx.rdi = 0;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_read_insn, 0, 0, FSR_U));
    ctx = regs_at(fh_write_insn);
    ctx.rdi = FH_BAD_VADDR + 8;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_write_insn, FH_BAD_VADDR + 8, 0, FSR_U | FSR_W));
    ctx = regs_at((void *)FH_BAD_VADDR);
    TRY(expect_vm_fault(&ctx, FH_BAD_VADDR, FH_BAD_VADDR, 1, FSR_U | FSR_ID));
    /* WriteRegisters makes a non-canonical RIP 0: the thread faults fetching at 0. */
    ctx = regs_at((void *)0x0000800000001000ul);
    return expect_vm_fault(&ctx, 0, 0, 1, FSR_U | FSR_ID);
}

/* Kernel memory is present but supervisor-only: P is set in the FSR. */
THREAD_TEST(VMFAULT_MSG0002)
{
    const seL4_Word kernel = 0xffffff8000000000ul;
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_read_insn);
    ctx.rdi = kernel;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_read_insn, kernel, 0, FSR_P | FSR_U));
    ctx = regs_at(fh_write_insn);
    ctx.rdi = kernel;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_write_insn, kernel, 0, FSR_P | FSR_U | FSR_W));
    ctx = regs_at((void *)kernel);
    return expect_vm_fault(&ctx, kernel, kernel, 1, FSR_P | FSR_U | FSR_ID);
}

/* A reply to a VM fault restarts the thread whatever the label and length: it
 * runs the faulting instruction again and faults again; no register is written. */
THREAD_TEST(VMFAULT_MSG0003)
{
    seL4_MessageInfo_t got;
    TRY(setup());
    seL4_UserContext ctx = regs_at(fh_read_insn);
    ctx.rdi = FH_BAD_VADDR;
    TRY(expect_vm_fault(&ctx, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U));
    seL4_SetMR(0, (seL4_Word)fh_read_after);
    seL4_SetMR(1, 0);
    seL4_SetMR(2, 0);
    seL4_SetMR(3, 0);
    seL4_Reply(seL4_MessageInfo_new(3, 0, 0, 4));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_read_insn, FH_BAD_VADDR, 0, FSR_U);
    seL4_UserContext now;
    EXPECT_OK(seL4_TCB_ReadRegisters(victim.tcb, false, 0, 20, &now));
    EXPECT_EQ(now.rsp, ctx.rsp);
    EXPECT_EQ(now.rax, ctx.rax);
    return NULL;
}

/* ---- a handler without an IPC buffer ------------------------------------------- */

/* Start the victim with ctx; a receiver with no IPC buffer gets the fault: return
 * its info word after checking the badge (MR0..3 in fh_raw_msg[2..5]). */
static const char *run_raw(const seL4_UserContext *ctx, seL4_MessageInfo_t *got)
{
    seL4_Word before = fh_raw_msg[6];
    TRY(fh_start_regs(victim.tcb, ctx));
    if (!YIELD_UNTIL(fh_raw_msg[6] != before, FH_TIMEOUT_MS)) {
        return "the receiver without an IPC buffer got no fault message";
    }
    EXPECT_EQ(fh_raw_msg[1], FAULT_BADGE);
    got->words[0] = fh_raw_msg[0];
    return NULL;
}

/* Reason unless the raw receiver's message is `label` with 4 MRs mr0..mr3. */
static const char *check_raw(seL4_MessageInfo_t got, seL4_Word label, seL4_Word mr0,
                             seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    EXPECT_EQ(seL4_MessageInfo_get_label(got), label);
    EXPECT_EQ(seL4_MessageInfo_get_length(got), 4);
    EXPECT_EQ(fh_raw_msg[2], mr0);
    EXPECT_EQ(fh_raw_msg[3], mr1);
    EXPECT_EQ(fh_raw_msg[4], mr2);
    EXPECT_EQ(fh_raw_msg[5], mr3);
    return NULL;
}

/* A handler with no IPC buffer gets only the four register MRs: seL4's setMR stops
 * at the registers, so the length says 4 for an UnknownSyscall (19), a
 * UserException (5) and a CapFault (7) alike. */
THREAD_TEST(FAULTMSG_NOBUFFER0001)
{
    seL4_CPtr receiver;
    seL4_MessageInfo_t got;
    TRY(setup());
    TRY(thread_new(FH_WAIT_PRIO + 1, 0, 0, &receiver));
    seL4_UserContext rctx;
    fh_regs_init(&rctx, fh_raw_receiver, 3, 0);
    rctx.rdi = fault_ep;
    TRY(fh_start_regs(receiver, &rctx));

    seL4_UserContext ctx = regs_at(fh_sys_insn);
    ctx.rdx = UNKNOWN_SYSCALL;
    TRY(run_raw(&ctx, &got));
    TRY(check_raw(got, seL4_Fault_UnknownSyscall, ctx.rax, ctx.rbx, ctx.rcx, ctx.rdx));
    ctx = regs_at(fh_ud2_insn);
    TRY(run_raw(&ctx, &got));
    TRY(check_raw(got, seL4_Fault_UserException, (seL4_Word)fh_ud2_insn, ctx.rsp,
                  fh_sanitise_flags(ctx.rflags) | (fh_raw_msg[4] & FLAGS_RF), 6));
    ctx = regs_at(fh_sys_insn);
    ctx.rdx = (seL4_Word)seL4_SysSend;
    ctx.rdi = 1ul << 40; /* the root CNode's 48-bit guard does not match */
    ctx.rsi = 0;
    TRY(run_raw(&ctx, &got));
    return check_raw(got, seL4_Fault_CapFault, (seL4_Word)fh_sys_insn, 1ul << 40, 0,
                     seL4_GuardMismatch);
}

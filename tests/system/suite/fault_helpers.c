/*
 * Helpers for the fault tests (see fault_helpers.h): thread failure records,
 * bounded fault-message receipt, CSpaces for helper threads, message checks,
 * and the assembly stubs that fault at known addresses.
 */
#include <stdarg.h>
#include <string.h>

#include "fault_helpers.h"

/* ---- failures seen by helper threads ---------------------------------------- */

static char thread_failure[256];
static volatile int thread_failed;

void fh_reset(void)
{
    thread_failed = 0;
    thread_failure[0] = '\0';
}

/* The file name without its directories. */
static const char *short_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void fh_thread_fail(const char *file, int line, const char *fmt, ...)
{
    if (__atomic_exchange_n(&thread_failed, 1, __ATOMIC_SEQ_CST)) {
        return;
    }
    int n = snprintf(thread_failure, sizeof(thread_failure), "%s:%d: ", short_name(file), line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(thread_failure + n, sizeof(thread_failure) - (size_t)n, fmt, ap);
    va_end(ap);
}

const char *fh_failure(void)
{
    return thread_failed ? thread_failure : NULL;
}

/* ---- the root waiting ------------------------------------------------------- */

const char *fh_root_wait_prio(void)
{
    return root_set_prio(FH_WAIT_PRIO);
}

/* One seL4_NBRecv on ep with RSI preset to FH_NO_MESSAGE: true if a message came. */
static bool nb_recv_once(seL4_CPtr ep, seL4_MessageInfo_t *info, seL4_Word *badge)
{
    libsel4_regs_t regs = {ep, FH_NO_MESSAGE, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysNBRecv, &regs);
    if (regs.rsi == FH_NO_MESSAGE) {
        return false;
    }
    libsel4_regs_to_buffer(&regs);
    if (info) {
        info->words[0] = regs.rsi;
    }
    if (badge) {
        *badge = regs.rdi;
    }
    return true;
}

const char *fh_recv(seL4_CPtr ep, seL4_Word ms, seL4_MessageInfo_t *info, seL4_Word *badge)
{
    uint64_t deadline = deadline_ms(ms);
    for (;;) {
        if (nb_recv_once(ep, info, badge)) {
            return NULL;
        }
        if (deadline_passed(deadline)) {
            return systest_reason("no message on endpoint slot %lu within %lu ms",
                                  (unsigned long)ep, (unsigned long)ms);
        }
        seL4_Yield();
    }
}

const char *fh_expect_silence(seL4_CPtr ep, seL4_Word ms)
{
    uint64_t deadline = deadline_ms(ms);
    seL4_MessageInfo_t info;
    seL4_Word badge;
    while (!deadline_passed(deadline)) {
        if (nb_recv_once(ep, &info, &badge)) {
            seL4_Word label = seL4_MessageInfo_get_label(info);
            return systest_reason("unexpected message on slot %lu: label %lu (%s), length %lu, "
                                  "badge %#lx, MR0 %#lx, MR1 %#lx",
                                  (unsigned long)ep, (unsigned long)label, fh_fault_name(label),
                                  (unsigned long)seL4_MessageInfo_get_length(info),
                                  (unsigned long)badge, (unsigned long)seL4_GetMR(0),
                                  (unsigned long)seL4_GetMR(1));
        }
        seL4_Yield();
    }
    return NULL;
}

/* ---- threads, CSpaces ------------------------------------------------------- */

const char *fh_set_space(seL4_CPtr tcb, seL4_Word fault_ep, seL4_CPtr cspace,
                         seL4_Word cspace_data)
{
    seL4_Error err = seL4_TCB_SetSpace(tcb, fault_ep, cspace, cspace_data,
                                       seL4_CapInitThreadVSpace, 0);
    if (err != seL4_NoError) {
        return systest_reason("TCB_SetSpace(fault_ep %#lx, cspace slot %lu): %s",
                              (unsigned long)fault_ep, (unsigned long)cspace, error_name(err));
    }
    return NULL;
}

const char *fh_set_fault_ep(seL4_CPtr tcb, seL4_Word fault_ep)
{
    return fh_set_space(tcb, fault_ep, seL4_CapInitThreadCNode, 0);
}

const char *fh_cnode(seL4_Word radix, seL4_Word guard, seL4_Word guard_bits, seL4_CPtr *cnode,
                     seL4_CPtr *guarded)
{
    TRY(pool_object(seL4_CapTableObject, radix, cnode));
    seL4_Word data = seL4_CNode_CapData_new(guard, guard_bits).words[0];
    TRY(mint_new(*cnode, seL4_AllRights, data, guarded));
    return NULL;
}

const char *fh_put(seL4_CPtr dest, seL4_Word index, seL4_Word depth, seL4_CPtr src,
                   seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_Error err;
    if (badge) {
        err = seL4_CNode_Mint(dest, index, (seL4_Uint8)depth, ROOT, src, ROOT_DEPTH, rights, badge);
    } else {
        err = seL4_CNode_Copy(dest, index, (seL4_Uint8)depth, ROOT, src, ROOT_DEPTH, rights);
    }
    if (err != seL4_NoError) {
        return systest_reason("copying slot %lu into slot %#lx of CNode slot %lu: %s",
                              (unsigned long)src, (unsigned long)index, (unsigned long)dest,
                              error_name(err));
    }
    return NULL;
}

static unsigned char fh_stacks[FH_STACKS][FH_STACK] __attribute__((aligned(16)));

seL4_Word fh_stack_top(unsigned i)
{
    return (seL4_Word)&fh_stacks[i][FH_STACK];
}

void fh_regs_init(seL4_UserContext *ctx, void *rip, unsigned stack, seL4_Word tls_base)
{
    memset(ctx, 0, sizeof(*ctx));
    seL4_Word *w = (seL4_Word *)ctx;
    /* rax .. r15 get 0x1100 + index, so a stray value is easy to place. */
    for (unsigned i = 3; i < 18; i++) {
        w[i] = 0x1100 + i;
    }
    ctx->rip = (seL4_Word)rip;
    ctx->rsp = fh_stack_top(stack) - 64;
    ctx->rflags = 0x202;
    ctx->fs_base = tls_base;
}

const char *fh_start_regs(seL4_CPtr tcb, const seL4_UserContext *ctx)
{
    seL4_UserContext copy = *ctx;
    seL4_Word n = sizeof(copy) / sizeof(seL4_Word);
    seL4_Error err = seL4_TCB_WriteRegisters(tcb, false, 0, n, &copy);
    if (err != seL4_NoError) {
        return systest_reason("TCB_WriteRegisters: %s", error_name(err));
    }
    err = seL4_TCB_Resume(tcb);
    if (err != seL4_NoError) {
        return systest_reason("TCB_Resume: %s", error_name(err));
    }
    return NULL;
}

/* ---- message checks ---------------------------------------------------------- */

const char *fh_fault_name(seL4_Word label)
{
    switch (label) {
    case seL4_Fault_NullFault:
        return "no fault";
    case seL4_Fault_CapFault:
        return "CapFault";
    case seL4_Fault_UnknownSyscall:
        return "UnknownSyscall";
    case seL4_Fault_UserException:
        return "UserException";
    case seL4_Fault_VMFault:
        return "VMFault";
    default:
        return "?";
    }
}

const char *fh_check_msg(const char *file, int line, seL4_MessageInfo_t info, seL4_Word label,
                         seL4_Word length, const seL4_Word *mrs, int n)
{
    seL4_Word got_label = seL4_MessageInfo_get_label(info);
    seL4_Word got_len = seL4_MessageInfo_get_length(info);
    if (got_label != label) {
        return systest_reason("%s:%d: message label %lu (%s), expected %lu (%s); length %lu, "
                              "MR0 %#lx MR1 %#lx MR2 %#lx MR3 %#lx",
                              short_name(file), line, (unsigned long)got_label,
                              fh_fault_name(got_label), (unsigned long)label, fh_fault_name(label),
                              (unsigned long)got_len, (unsigned long)seL4_GetMR(0),
                              (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2),
                              (unsigned long)seL4_GetMR(3));
    }
    for (int i = 0; i < n; i++) {
        if (seL4_GetMR(i) != mrs[i]) {
            return systest_reason("%s:%d: %s message MR%d = %#lx, expected %#lx",
                                  short_name(file), line, fh_fault_name(label), i,
                                  (unsigned long)seL4_GetMR(i), (unsigned long)mrs[i]);
        }
    }
    if (got_len != length) {
        return systest_reason("%s:%d: %s message length %lu, expected %lu", short_name(file),
                              line, fh_fault_name(label), (unsigned long)got_len,
                              (unsigned long)length);
    }
    return NULL;
}

/* ---- assembly stubs ----------------------------------------------------------
 * Entry points for threads started with fh_start_regs.  FH_RECORD saves the
 * registers as the thread was resumed into fh_after[] (RIP-relative stores
 * need no register), then moves to fh_after_stack to read RFLAGS.
 */
volatile seL4_Word fh_after[18];
seL4_Word fh_after_stack;
volatile seL4_Word fh_raw_msg[7];

__asm__(
    ".macro FH_RECORD\n"
    "    movq %rax, fh_after+0(%rip)\n"
    "    movq %rbx, fh_after+8(%rip)\n"
    "    movq %rcx, fh_after+16(%rip)\n"
    "    movq %rdx, fh_after+24(%rip)\n"
    "    movq %rsi, fh_after+32(%rip)\n"
    "    movq %rdi, fh_after+40(%rip)\n"
    "    movq %rbp, fh_after+48(%rip)\n"
    "    movq %r8, fh_after+56(%rip)\n"
    "    movq %r9, fh_after+64(%rip)\n"
    "    movq %r10, fh_after+72(%rip)\n"
    "    movq %r11, fh_after+80(%rip)\n"
    "    movq %r12, fh_after+88(%rip)\n"
    "    movq %r13, fh_after+96(%rip)\n"
    "    movq %r14, fh_after+104(%rip)\n"
    "    movq %r15, fh_after+112(%rip)\n"
    "    movq %rsp, fh_after+128(%rip)\n"
    "    movq fh_after_stack(%rip), %rsp\n"
    "    pushfq\n"
    "    popq fh_after+136(%rip)\n"
    ".endm\n"
    "    .section .rodata\n"
    "    .balign 8\n"
    "fh_x87_cw:    .word 0x37a\n"  /* x87 control word: invalid and zero-divide unmasked */
    "    .balign 8\n"
    "fh_sse_mxcsr: .long 0x1d00\n" /* MXCSR: invalid and zero-divide unmasked */
    "    .text\n"
    "    .balign 16\n"
    "    .globl fh_sys_insn, fh_sys_after, fh_sys_end\n"
    "fh_sys_insn: syscall\n"
    "fh_sys_after: FH_RECORD\n"
    "fh_sys_end: ud2\n"
    "    .globl fh_ud2_insn, fh_ud2_after, fh_ud2_end\n"
    "fh_ud2_insn: ud2\n"
    "fh_ud2_after: FH_RECORD\n"
    "fh_ud2_end: ud2\n"
    "    .globl fh_read_insn, fh_read_after, fh_read_end\n"
    "fh_read_insn: movq (%rdi), %rax\n"
    "fh_read_after: FH_RECORD\n"
    "fh_read_end: ud2\n"
    "    .globl fh_write_insn, fh_write_after, fh_write_end\n"
    "fh_write_insn: movq %rax, (%rdi)\n"
    "fh_write_after: FH_RECORD\n"
    "fh_write_end: ud2\n"
    "    .globl fh_div_insn, fh_div_end\n"
    "fh_div_insn: divq %rcx\n"
    "fh_div_end: ud2\n"
    "    .globl fh_in_insn, fh_in_after, fh_in_end\n"
    "fh_in_insn: inb %dx, %al\n"
    "fh_in_after: FH_RECORD\n"
    "fh_in_end: ud2\n"
    "    .globl fh_out_insn, fh_out_end\n"
    "fh_out_insn: outb %al, %dx\n"
    "fh_out_end: ud2\n"
    "    .globl fh_hlt_insn, fh_hlt_end\n"
    "fh_hlt_insn: hlt\n"
    "fh_hlt_end: ud2\n"
    "    .globl fh_int3_insn, fh_int3_after, fh_int3_end\n"
    "fh_int3_insn: int3\n"
    "fh_int3_after: FH_RECORD\n"
    "fh_int3_end: ud2\n"
    "    .globl fh_int32_insn, fh_int32_end\n"
    "fh_int32_insn: int $0x20\n"
    "fh_int32_end: ud2\n"
    "    .globl fh_int200_insn, fh_int200_after, fh_int200_end\n"
    "fh_int200_insn: int $200\n"
    "fh_int200_after: FH_RECORD\n"
    "fh_int200_end: ud2\n"
    "    .globl fh_x87_start, fh_x87_insn, fh_x87_end\n"
    "fh_x87_start: fldcw fh_x87_cw(%rip)\n"
    "    fldz\n"
    "    fldz\n"
    "    fdiv %st(1), %st\n" /* 0/0: invalid operation, now pending */
    "fh_x87_insn: fwait\n"    /* #MF is raised here */
    "fh_x87_end: ud2\n"
    "    .globl fh_sse_start, fh_sse_insn, fh_sse_end\n"
    "fh_sse_start: ldmxcsr fh_sse_mxcsr(%rip)\n"
    "    xorps %xmm0, %xmm0\n"
    "    xorps %xmm1, %xmm1\n"
    "fh_sse_insn: divss %xmm1, %xmm0\n" /* 0/0 with the invalid exception unmasked */
    "fh_sse_end: ud2\n"
    "    .globl fh_raw_receiver\n"
    "fh_raw_receiver: movq %rdi, %r12\n"
    "1:  movq %r12, %rdi\n"
    "    movq $-5, %rdx\n" /* seL4_SysRecv */
    "    syscall\n"
    "    movq %rsi, fh_raw_msg+0(%rip)\n"
    "    movq %rdi, fh_raw_msg+8(%rip)\n"
    "    movq %r10, fh_raw_msg+16(%rip)\n"
    "    movq %r8, fh_raw_msg+24(%rip)\n"
    "    movq %r9, fh_raw_msg+32(%rip)\n"
    "    movq %r15, fh_raw_msg+40(%rip)\n"
    "    lock incq fh_raw_msg+48(%rip)\n"
    "    jmp 1b\n"
    "    .globl fh_fpu_insn, fh_fpu_after, fh_fpu_end\n"
    "fh_fpu_insn: movq %rax, %xmm0\n" /* the first SSE use: #NM while fpuDisabled */
    "    movq %xmm0, %rbx\n"
    "fh_fpu_after: FH_RECORD\n"
    "fh_fpu_end: ud2\n");

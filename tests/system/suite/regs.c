/*
 * Register access: sel4test's regressions.c (REGRESSIONS0001) and
 *   TCBREGS0001  Read/WriteRegisters with seL4's sanitising
 *   TCBREGS0002  suspend/resume, and a thread stopped by a fault
 *   TCBREGS0003  CopyRegisters
 *   TCBREGS0004  every register surviving a timer preemption
 *   TCBREGS0005  what a syscall entry does not save
 * The checker and probe threads are written in assembly so that no compiler
 * code touches a register under test; they report through memory (no IPC).
 */
#include <string.h>

#include "thread_helpers.h"

#define N_REGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))

/* ---- REGRESSIONS0001 ---------------------------------------------------------------- */

/* Shared with the assembly checker below (hence not static). */
volatile uint32_t tcbregs_check_step = ~0u; /* 0: every register was right, else the failed check */
volatile seL4_Word tcbregs_check_done;
seL4_Word tcbregs_check_stack_top;
seL4_CPtr tcbregs_check_tcb;
static unsigned char regs_check_stack[4096] __attribute__((aligned(16)));

/* Called by the checker on its own stack: report and stop for good. */
__attribute__((used, noreturn)) void tcbregs_check_report(void)
{
    tcbregs_check_done = 1;
    seL4_TCB_Suspend(tcbregs_check_tcb);
    for (;;) {
    }
}

/*
 * tcbregs_check: the thread starts here with every register as WriteRegisters set
 * it.  Each check first records its number in memory (no register is touched),
 * so a mismatch leaves the number of the failed check.  rsp is 4, so the stack
 * is not used until the checks are done.
 */
__asm__(".text\n"
        ".globl tcbregs_check\n"
        "tcbregs_check:\n"
        "    movl $1, tcbregs_check_step(%rip)\n"
        "    jnc 1f\n" /* CF must be set (rflags = 1 written) */
        "    movl $2, tcbregs_check_step(%rip)\n"
        "    cmpq $0x0a, %rax\n"
        "    jne 1f\n"
        "    movl $3, tcbregs_check_step(%rip)\n"
        "    cmpq $0x0b, %rbx\n"
        "    jne 1f\n"
        "    movl $4, tcbregs_check_step(%rip)\n"
        "    cmpq $0x0c, %rcx\n"
        "    jne 1f\n"
        "    movl $5, tcbregs_check_step(%rip)\n"
        "    cmpq $0x0d, %rdx\n"
        "    jne 1f\n"
        "    movl $6, tcbregs_check_step(%rip)\n"
        "    cmpq $0x05, %rsi\n"
        "    jne 1f\n"
        "    movl $7, tcbregs_check_step(%rip)\n"
        "    cmpq $0x02, %rdi\n"
        "    jne 1f\n"
        "    movl $8, tcbregs_check_step(%rip)\n"
        "    cmpq $0x03, %rbp\n"
        "    jne 1f\n"
        "    movl $9, tcbregs_check_step(%rip)\n"
        "    cmpq $0x04, %rsp\n"
        "    jne 1f\n"
        "    movl $10, tcbregs_check_step(%rip)\n"
        "    cmpq $0x88, %r8\n"
        "    jne 1f\n"
        "    movl $11, tcbregs_check_step(%rip)\n"
        "    cmpq $0x99, %r9\n"
        "    jne 1f\n"
        "    movl $12, tcbregs_check_step(%rip)\n"
        "    cmpq $0x10, %r10\n"
        "    jne 1f\n"
        "    movl $13, tcbregs_check_step(%rip)\n"
        "    cmpq $0x11, %r11\n"
        "    jne 1f\n"
        "    movl $14, tcbregs_check_step(%rip)\n"
        "    cmpq $0x12, %r12\n"
        "    jne 1f\n"
        "    movl $15, tcbregs_check_step(%rip)\n"
        "    cmpq $0x13, %r13\n"
        "    jne 1f\n"
        "    movl $16, tcbregs_check_step(%rip)\n"
        "    cmpq $0x14, %r14\n"
        "    jne 1f\n"
        "    movl $17, tcbregs_check_step(%rip)\n"
        "    cmpq $0x15, %r15\n"
        "    jne 1f\n"
        "    movl $0, tcbregs_check_step(%rip)\n"
        "1:  movq tcbregs_check_stack_top(%rip), %rsp\n"
        "    call tcbregs_check_report\n"
        "    ud2\n");
void tcbregs_check(void);

/* Get the checker's report state ready for thread `tcb`. */
static const char *regs_check_prepare(seL4_CPtr tcb)
{
    tcbregs_check_tcb = tcb;
    tcbregs_check_step = ~0u;
    tcbregs_check_done = 0;
    tcbregs_check_stack_top = (seL4_Word)&regs_check_stack[sizeof(regs_check_stack)];
    return NULL;
}

/* sel4test's register values for the checker. */
static seL4_UserContext regs_check_context(void)
{
    return (seL4_UserContext){
        .rip = (seL4_Word)tcbregs_check, .rsp = 0x4, .rax = 0xa, .rbx = 0xb, .rcx = 0xc,
        .rdx = 0xd, .rsi = 0x5, .rdi = 0x2, .rbp = 0x3, .rflags = 0x1, .r8 = 0x88, .r9 = 0x99,
        .r10 = 0x10, .r11 = 0x11, .r12 = 0x12, .r13 = 0x13, .r14 = 0x14, .r15 = 0x15,
    };
}

/* Wait (yielding) for the checker's report; a reason unless every register was right. */
static const char *regs_check_verdict(void)
{
    if (!YIELD_UNTIL(tcbregs_check_done, 5000)) {
        return "the register checker thread did not report within 5 s";
    }
    if (tcbregs_check_step != 0) {
        return systest_reason("register check %u failed (1 = CF, 2.. = rax, rbx, rcx, rdx, rsi, "
                              "rdi, rbp, rsp, r8..r15)",
                              (unsigned)tcbregs_check_step);
    }
    return NULL;
}

/* sel4test REGRESSIONS0001: WriteRegisters(resume) of all registers starts the
 * thread with every one of them exactly as written (rcx and r11 too, so the
 * kernel must return through iret) and CF set.  No IPC: the checker reports
 * through memory and suspends itself. */
THREAD_TEST(REGRESSIONS0001)
{
    seL4_CPtr tcb;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &tcb));
    TRY(regs_check_prepare(tcb));
    seL4_UserContext ctx = regs_check_context();
    EXPECT_OK(seL4_TCB_WriteRegisters(tcb, true, 0, N_REGS, &ctx));
    return regs_check_verdict();
}

/* ---- register access ------------------------------------------------------------------------ */

/* The context as an array of 20 words, in seL4_UserContext order. */
static seL4_Word *ctx_words(seL4_UserContext *c)
{
    return (seL4_Word *)c;
}

/* Write all 20 registers of stopped thread t, read them back; a reason unless every one
 * but rflags (register 2, checked by the caller) came back as written. */
static const char *write_read_all(seL4_CPtr t, seL4_UserContext *w, seL4_UserContext *r)
{
    EXPECT_OK(seL4_TCB_WriteRegisters(t, false, 0, N_REGS, w));
    memset(r, 0, sizeof(*r));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, r));
    for (seL4_Word i = 0; i < N_REGS; i++) {
        if (i != 2 && ctx_words(r)[i] != ctx_words(w)[i]) {
            return systest_reason("register %lu read back %#lx, written %#lx", (unsigned long)i,
                                  (unsigned long)ctx_words(r)[i], (unsigned long)ctx_words(w)[i]);
        }
    }
    return NULL;
}

/* The sanitising rules, on stopped thread t. */
static const char *check_sanitising(seL4_CPtr t)
{
    seL4_UserContext w, r;
    for (seL4_Word i = 0; i < N_REGS; i++) {
        ctx_words(&w)[i] = 0x1111111111110000ul + i * 0x101;
    }
    w.rip = 0x401000;
    w.rsp = 0x8000000000000008ul; /* rsp is never sanitised */
    w.rflags = ~0ul;
    w.fs_base = 0x00007ffffffff000ul;
    w.gs_base = 0xffff800000001000ul;
    TRY(write_read_all(t, &w, &r));
    EXPECT_EQ(r.rflags, 0xed7); /* 0xfff & ~(bit 3 | bit 5 | TF), with IF and bit 1 */
    /* Non-canonical addresses become 0; rflags 0 gets bit 1 and IF. */
    w.rip = 0x0000800000000000ul;
    w.rflags = 0;
    w.fs_base = 0xffff7ffffffffffful;
    w.gs_base = 0x1234567890abcdeful;
    EXPECT_OK(seL4_TCB_WriteRegisters(t, false, 0, N_REGS, &w));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, 0);
    EXPECT_EQ(r.rflags, 0x202);
    EXPECT_EQ(r.fs_base, 0);
    EXPECT_EQ(r.gs_base, 0);
    EXPECT_EQ(r.rsp, w.rsp);
    /* A canonical kernel-half rip stays; TF goes, DF (10) and OF (11) stay, bits 12+ go. */
    w.rip = 0xffff800000000000ul;
    w.rflags = (1ul << 8) | (1ul << 10) | (1ul << 11) | (1ul << 12) | (1ul << 21);
    EXPECT_OK(seL4_TCB_WriteRegisters(t, false, 0, 3, &w));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, 0xffff800000000000ul);
    EXPECT_EQ(r.rflags, (1ul << 10) | (1ul << 11) | (1ul << 9) | (1ul << 1));
    return NULL;
}

/* Counts, on stopped thread t: WriteRegisters count 3 writes rip, rsp, rflags only;
 * ReadRegisters count n replies with n words; a WriteRegisters count of 25 (with 27
 * words) is clamped to the 20 registers. */
static const char *check_counts(seL4_CPtr t)
{
    seL4_UserContext p, r;
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &p));
    seL4_Word rax = p.rax;
    p.rip = 0x402000;
    p.rsp = 0x7000;
    p.rflags = 0;
    p.rax = rax + 1;
    EXPECT_OK(seL4_TCB_WriteRegisters(t, false, 0, 3, &p));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, 0x402000);
    EXPECT_EQ(r.rsp, 0x7000);
    EXPECT_EQ(r.rax, rax);
    for (seL4_Word n = 1; n <= N_REGS; n++) {
        seL4_MessageInfo_t info = raw_invoke(t, TCBReadRegisters, 0, NULL, 2, (seL4_Word[]){0, n});
        EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_NoError);
        EXPECT_EQ(seL4_MessageInfo_get_length(info), n);
    }
    seL4_Word words[27] = {0, 25};
    for (seL4_Word i = 0; i < 25; i++) {
        words[i + 2] = 0x2000 + i;
    }
    words[2] = 0x403000; /* rip */
    words[4] = 0x200;    /* rflags */
    seL4_MessageInfo_t info = raw_invoke(t, TCBWriteRegisters, 0, NULL, 27, words);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_NoError);
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, 0x403000);
    EXPECT_EQ(r.rflags, 0x202);
    EXPECT_EQ(r.r15, 0x2000 + 17);
    EXPECT_EQ(r.gs_base, 0x2000 + 19);
    return NULL;
}

/* Read/WriteRegisters round trip on a stopped thread, with seL4's sanitising: a
 * non-canonical rip/fs_base/gs_base becomes 0 (canonical kernel-half values stay),
 * rflags gets bit 1 and IF set, bits 3, 5 and TF cleared, and only its low 12 bits kept;
 * rsp and the other registers are stored as written.  A short count writes and reads a
 * prefix only; a count above 20 is clamped. */
THREAD_TEST(TCBREGS0001)
{
    seL4_CPtr t;
    TRY(thread_new(100, 0, seL4_CapNull, &t));
    TRY(check_sanitising(t));
    return check_counts(t);
}

static volatile seL4_Word spin_counter;

/* Count for up to 5 s, then only yield (a bare thread; bounded so that a broken
 * timer makes the test fail instead of hang). */
static void counter_thread(void)
{
    uint64_t end = deadline_ms(5000);
    while (!deadline_passed(end)) {
        spin_counter++;
    }
    for (;;) {
        seL4_Yield();
    }
}

/* Yield 20 times; a reason if the counter moved meanwhile (the counter thread should be stopped). */
static const char *counter_stays(const char *what)
{
    seL4_Word c = spin_counter;
    for (int i = 0; i < 20; i++) {
        seL4_Yield();
    }
    if (spin_counter != c) {
        return systest_reason("%s: the stopped counter thread made progress", what);
    }
    return NULL;
}

/* Start a bare counter thread at the root's priority on bare stack `stack`; wait until it counts. */
static const char *counter_start(seL4_CPtr t, unsigned stack)
{
    spin_counter = 0;
    TRY(thread_start(t, (void *)counter_thread, bare_stack_top(stack), 0, 0, 0));
    if (!YIELD_UNTIL(spin_counter > 0, 2000)) {
        return "the counter thread did not start";
    }
    return NULL;
}

/* Shared with the assembly below. */
volatile seL4_Word tcbregs_fault_flag;
seL4_CPtr tcbregs_fault_tcb;

/* Called by the fault thread once past its ud2: report and stop. */
__attribute__((used, noreturn)) void tcbregs_fault_done(void)
{
    tcbregs_fault_flag = 1;
    seL4_TCB_Suspend(tcbregs_fault_tcb);
    for (;;) {
    }
}

/* tcbregs_fault_thread: an undefined instruction, then report.  tcbregs_fault_after skips it. */
__asm__(".text\n"
        ".globl tcbregs_fault_thread, tcbregs_fault_after\n"
        "tcbregs_fault_thread:\n"
        "    ud2\n"
        "tcbregs_fault_after:\n"
        "    andq $-16, %rsp\n"
        "    call tcbregs_fault_done\n"
        "    ud2\n");
void tcbregs_fault_thread(void);
void tcbregs_fault_after(void);

/* A thread that faults with no handler stops (the kernel prints the fault) with rip at
 * the faulting instruction; Resume re-executes it; after WriteRegisters moves rip past
 * it, Resume lets it continue. */
static const char *check_fault_restart(void)
{
    seL4_CPtr f;
    seL4_UserContext r;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &f));
    tcbregs_fault_tcb = f;
    tcbregs_fault_flag = 0;
    TRY(thread_start(f, (void *)tcbregs_fault_thread, bare_stack_top(1), 0, 0, 0));
    for (int i = 0; i < 20; i++) {
        seL4_Yield();
    }
    EXPECT_EQ(tcbregs_fault_flag, 0);
    EXPECT_OK(seL4_TCB_ReadRegisters(f, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, (seL4_Word)tcbregs_fault_thread);
    EXPECT_OK(seL4_TCB_Resume(f)); /* it re-executes ud2 and stops again */
    for (int i = 0; i < 20; i++) {
        seL4_Yield();
    }
    EXPECT_EQ(tcbregs_fault_flag, 0);
    r.rip = (seL4_Word)tcbregs_fault_after;
    EXPECT_OK(seL4_TCB_WriteRegisters(f, false, 0, N_REGS, &r));
    EXPECT_OK(seL4_TCB_Resume(f));
    if (!YIELD_UNTIL(tcbregs_fault_flag, 2000)) {
        return "the faulted thread did not continue after WriteRegisters and Resume";
    }
    return NULL;
}

/* Suspend stops a running thread where it is (no progress, rip fixed) and Resume
 * continues it; Resume of a running thread is a no-op; ReadRegisters with
 * suspend_source stops it too.  Then a thread stopped by a fault (check_fault_restart). */
THREAD_TEST(TCBREGS0002)
{
    seL4_CPtr t;
    seL4_UserContext r1, r2;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &t));
    TRY(counter_start(t, 0));
    EXPECT_OK(seL4_TCB_Suspend(t));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r1));
    TRY(counter_stays("after Suspend"));
    (void)SPIN_UNTIL(false, 30); /* three ticks in which it could run if it were not stopped */
    TRY(counter_stays("after Suspend and spinning"));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r2));
    EXPECT_EQ(r2.rip, r1.rip);
    SYSTEST_CHECK(r1.rip >= (seL4_Word)counter_thread && r1.rip < (seL4_Word)counter_thread + 256);
    seL4_Word c = spin_counter;
    EXPECT_OK(seL4_TCB_Resume(t));
    if (!YIELD_UNTIL(spin_counter > c, 2000)) {
        return "the resumed counter thread made no progress";
    }
    EXPECT_OK(seL4_TCB_Resume(t)); /* running: nothing happens */
    c = spin_counter;
    if (!YIELD_UNTIL(spin_counter > c, 2000)) {
        return "Resume of a running thread stopped it";
    }
    EXPECT_OK(seL4_TCB_ReadRegisters(t, true, 0, N_REGS, &r1));
    TRY(counter_stays("after ReadRegisters(suspend_source)"));
    return check_fault_restart();
}

static volatile seL4_Word copy_flag;
static seL4_CPtr copy_tcb;

/* Set copy_flag to the first argument and stop (a bare thread). */
static void copy_target(seL4_Word v)
{
    copy_flag = v;
    seL4_TCB_Suspend(copy_tcb);
}

/* transfer_frame copies registers 0-17 only, transfer_integer fs_base and gs_base. */
static const char *check_copy_parts(seL4_CPtr s, seL4_CPtr d)
{
    seL4_UserContext ws, wd, r;
    for (seL4_Word i = 0; i < N_REGS; i++) {
        ctx_words(&ws)[i] = 0x5000 + i;
        ctx_words(&wd)[i] = 0x9000 + i;
    }
    ws.rflags = wd.rflags = 0x202;
    EXPECT_OK(seL4_TCB_WriteRegisters(s, false, 0, N_REGS, &ws));
    EXPECT_OK(seL4_TCB_WriteRegisters(d, false, 0, N_REGS, &wd));
    EXPECT_OK(seL4_TCB_CopyRegisters(d, s, false, false, true, false, 0));
    EXPECT_OK(seL4_TCB_ReadRegisters(d, false, 0, N_REGS, &r));
    for (seL4_Word i = 0; i < N_REGS; i++) {
        seL4_Word want = i < 18 ? ctx_words(&ws)[i] : ctx_words(&wd)[i];
        if (ctx_words(&r)[i] != want) {
            return systest_reason("after a frame copy, register %lu = %#lx, expected %#lx",
                                  (unsigned long)i, (unsigned long)ctx_words(&r)[i],
                                  (unsigned long)want);
        }
    }
    EXPECT_OK(seL4_TCB_CopyRegisters(d, s, false, false, false, true, 0));
    EXPECT_OK(seL4_TCB_ReadRegisters(d, false, 0, N_REGS, &r));
    EXPECT_EQ(r.fs_base, ws.fs_base);
    EXPECT_EQ(r.gs_base, ws.gs_base);
    return NULL;
}

/* CopyRegisters: transfer_frame copies the 18 frame registers, transfer_integer fs/gs
 * base; resume_target starts the destination; suspend_source stops the source; a
 * destination started with a copied frame runs with every register exact. */
THREAD_TEST(TCBREGS0003)
{
    seL4_CPtr s, d;
    TRY(thread_new(100, 0, seL4_CapNull, &s));
    TRY(thread_new(100, 0, seL4_CapNull, &d));
    copy_tcb = d;
    TRY(check_copy_parts(s, d));
    /* resume_target: d starts at copy_target(0x77) with the registers it was given. */
    seL4_UserContext w;
    memset(&w, 0, sizeof(w));
    copy_flag = 0;
    w.rip = (seL4_Word)copy_target;
    w.rsp = bare_stack_top(2) - 8;
    w.rdi = 0x77;
    EXPECT_OK(seL4_TCB_WriteRegisters(d, false, 0, N_REGS, &w));
    EXPECT_OK(seL4_TCB_SetPriority(d, seL4_CapInitThreadTCB, ROOT_PRIO));
    EXPECT_OK(seL4_TCB_CopyRegisters(d, s, false, true, false, false, 0));
    if (!YIELD_UNTIL(copy_flag == 0x77, 2000)) {
        return "CopyRegisters with resume_target did not start the destination";
    }
    /* suspend_source: a running counter thread stops. */
    EXPECT_OK(seL4_TCB_SetPriority(s, seL4_CapInitThreadTCB, ROOT_PRIO));
    TRY(counter_start(s, 3));
    EXPECT_OK(seL4_TCB_CopyRegisters(d, s, true, false, false, false, 0));
    TRY(counter_stays("after CopyRegisters(suspend_source)"));
    /* REGRESSIONS0001's checker, its registers copied from a thread that never ran. */
    seL4_CPtr src, dst;
    TRY(thread_new(100, 0, seL4_CapNull, &src));
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &dst));
    TRY(regs_check_prepare(dst));
    seL4_UserContext ctx = regs_check_context();
    EXPECT_OK(seL4_TCB_WriteRegisters(src, false, 0, N_REGS, &ctx));
    EXPECT_OK(seL4_TCB_CopyRegisters(dst, src, false, true, true, true, 0));
    return regs_check_verdict();
}

/* Shared with the assembly below. */
volatile seL4_Word tcbregs_clobber_ran;
volatile seL4_Word tcbregs_clobber_budget;
volatile seL4_Word tcbregs_preempt_budget;
seL4_Word tcbregs_saved[16];
uint64_t tcbregs_xmm_saved[32] __attribute__((aligned(16)));
const uint64_t tcbregs_xmm_init[32] __attribute__((aligned(16))) = {
    0x0101010101010101ul, 0x1010101010101010ul, 0x0202020202020202ul, 0x2020202020202020ul,
    0x0303030303030303ul, 0x3030303030303030ul, 0x0404040404040404ul, 0x4040404040404040ul,
    0x0505050505050505ul, 0x5050505050505050ul, 0x0606060606060606ul, 0x6060606060606060ul,
    0x0707070707070707ul, 0x7070707070707070ul, 0x0808080808080808ul, 0x8080808080808080ul,
    0x0909090909090909ul, 0x9090909090909090ul, 0x0a0a0a0a0a0a0a0aul, 0xa0a0a0a0a0a0a0a0ul,
    0x0b0b0b0b0b0b0b0bul, 0xb0b0b0b0b0b0b0b0ul, 0x0c0c0c0c0c0c0c0cul, 0xc0c0c0c0c0c0c0c0ul,
    0x0d0d0d0d0d0d0d0dul, 0xd0d0d0d0d0d0d0d0ul, 0x0e0e0e0e0e0e0e0eul, 0xe0e0e0e0e0e0e0e0ul,
    0x0f0f0f0f0f0f0f0ful, 0xf0f0f0f0f0f0f0f0ul, 0x1212121212121212ul, 0x2121212121212121ul,
};

/*
 * tcbregs_preempt_probe: load magic values into every general register but rsp and into
 * xmm0-15, spin without touching a register until the clobber thread has run (so
 * a timer interrupt switched away and back), then store everything to memory.
 * The budget in memory bounds the spin.  Callee-saved registers are restored.
 */
__asm__(".text\n"
        ".globl tcbregs_preempt_probe\n"
        "tcbregs_preempt_probe:\n"
        "    pushq %rbx\n    pushq %rbp\n    pushq %r12\n    pushq %r13\n    pushq %r14\n"
        "    pushq %r15\n"
        "    movdqa tcbregs_xmm_init+0(%rip), %xmm0\n"
        "    movdqa tcbregs_xmm_init+16(%rip), %xmm1\n"
        "    movdqa tcbregs_xmm_init+32(%rip), %xmm2\n"
        "    movdqa tcbregs_xmm_init+48(%rip), %xmm3\n"
        "    movdqa tcbregs_xmm_init+64(%rip), %xmm4\n"
        "    movdqa tcbregs_xmm_init+80(%rip), %xmm5\n"
        "    movdqa tcbregs_xmm_init+96(%rip), %xmm6\n"
        "    movdqa tcbregs_xmm_init+112(%rip), %xmm7\n"
        "    movdqa tcbregs_xmm_init+128(%rip), %xmm8\n"
        "    movdqa tcbregs_xmm_init+144(%rip), %xmm9\n"
        "    movdqa tcbregs_xmm_init+160(%rip), %xmm10\n"
        "    movdqa tcbregs_xmm_init+176(%rip), %xmm11\n"
        "    movdqa tcbregs_xmm_init+192(%rip), %xmm12\n"
        "    movdqa tcbregs_xmm_init+208(%rip), %xmm13\n"
        "    movdqa tcbregs_xmm_init+224(%rip), %xmm14\n"
        "    movdqa tcbregs_xmm_init+240(%rip), %xmm15\n"
        "    movq $0xa0a0a0a0a0a0a001, %rax\n"
        "    movq $0xa0a0a0a0a0a0a002, %rbx\n"
        "    movq $0xa0a0a0a0a0a0a003, %rcx\n"
        "    movq $0xa0a0a0a0a0a0a004, %rdx\n"
        "    movq $0xa0a0a0a0a0a0a005, %rsi\n"
        "    movq $0xa0a0a0a0a0a0a006, %rdi\n"
        "    movq $0xa0a0a0a0a0a0a007, %rbp\n"
        "    movq $0xa0a0a0a0a0a0a008, %r8\n"
        "    movq $0xa0a0a0a0a0a0a009, %r9\n"
        "    movq $0xa0a0a0a0a0a0a00a, %r10\n"
        "    movq $0xa0a0a0a0a0a0a00b, %r11\n"
        "    movq $0xa0a0a0a0a0a0a00c, %r12\n"
        "    movq $0xa0a0a0a0a0a0a00d, %r13\n"
        "    movq $0xa0a0a0a0a0a0a00e, %r14\n"
        "    movq $0xa0a0a0a0a0a0a00f, %r15\n"
        "1:  cmpq $0, tcbregs_clobber_ran(%rip)\n"
        "    jne 2f\n"
        "    decq tcbregs_preempt_budget(%rip)\n"
        "    jnz 1b\n"
        "2:  movq %rax, tcbregs_saved+0(%rip)\n"
        "    movq %rbx, tcbregs_saved+8(%rip)\n"
        "    movq %rcx, tcbregs_saved+16(%rip)\n"
        "    movq %rdx, tcbregs_saved+24(%rip)\n"
        "    movq %rsi, tcbregs_saved+32(%rip)\n"
        "    movq %rdi, tcbregs_saved+40(%rip)\n"
        "    movq %rbp, tcbregs_saved+48(%rip)\n"
        "    movq %r8, tcbregs_saved+56(%rip)\n"
        "    movq %r9, tcbregs_saved+64(%rip)\n"
        "    movq %r10, tcbregs_saved+72(%rip)\n"
        "    movq %r11, tcbregs_saved+80(%rip)\n"
        "    movq %r12, tcbregs_saved+88(%rip)\n"
        "    movq %r13, tcbregs_saved+96(%rip)\n"
        "    movq %r14, tcbregs_saved+104(%rip)\n"
        "    movq %r15, tcbregs_saved+112(%rip)\n"
        "    movdqa %xmm0, tcbregs_xmm_saved+0(%rip)\n"
        "    movdqa %xmm1, tcbregs_xmm_saved+16(%rip)\n"
        "    movdqa %xmm2, tcbregs_xmm_saved+32(%rip)\n"
        "    movdqa %xmm3, tcbregs_xmm_saved+48(%rip)\n"
        "    movdqa %xmm4, tcbregs_xmm_saved+64(%rip)\n"
        "    movdqa %xmm5, tcbregs_xmm_saved+80(%rip)\n"
        "    movdqa %xmm6, tcbregs_xmm_saved+96(%rip)\n"
        "    movdqa %xmm7, tcbregs_xmm_saved+112(%rip)\n"
        "    movdqa %xmm8, tcbregs_xmm_saved+128(%rip)\n"
        "    movdqa %xmm9, tcbregs_xmm_saved+144(%rip)\n"
        "    movdqa %xmm10, tcbregs_xmm_saved+160(%rip)\n"
        "    movdqa %xmm11, tcbregs_xmm_saved+176(%rip)\n"
        "    movdqa %xmm12, tcbregs_xmm_saved+192(%rip)\n"
        "    movdqa %xmm13, tcbregs_xmm_saved+208(%rip)\n"
        "    movdqa %xmm14, tcbregs_xmm_saved+224(%rip)\n"
        "    movdqa %xmm15, tcbregs_xmm_saved+240(%rip)\n"
        "    popq %r15\n    popq %r14\n    popq %r13\n    popq %r12\n    popq %rbp\n"
        "    popq %rbx\n"
        "    ret\n"
        /* tcbregs_clobber_thread: trash every register and xmm0-15 and say so, again and again
         * (tcbregs_clobber_budget times, then it only yields). */
        ".globl tcbregs_clobber_thread\n"
        "tcbregs_clobber_thread:\n"
        "    movq $0x5555555555555555, %rax\n"
        "    movq %rax, %rbx\n    movq %rax, %rcx\n    movq %rax, %rdx\n    movq %rax, %rsi\n"
        "    movq %rax, %rdi\n    movq %rax, %rbp\n    movq %rax, %r8\n    movq %rax, %r9\n"
        "    movq %rax, %r10\n    movq %rax, %r11\n    movq %rax, %r12\n    movq %rax, %r13\n"
        "    movq %rax, %r14\n    movq %rax, %r15\n"
        "    movq %rax, %xmm0\n    movq %rax, %xmm1\n    movq %rax, %xmm2\n    movq %rax, %xmm3\n"
        "    movq %rax, %xmm4\n    movq %rax, %xmm5\n    movq %rax, %xmm6\n    movq %rax, %xmm7\n"
        "    movq %rax, %xmm8\n    movq %rax, %xmm9\n    movq %rax, %xmm10\n    movq %rax, %xmm11\n"
        "    movq %rax, %xmm12\n    movq %rax, %xmm13\n    movq %rax, %xmm14\n    movq %rax, %xmm15\n"
        "    std\n" /* and the direction flag */
        "    movq $1, tcbregs_clobber_ran(%rip)\n"
        "    decq tcbregs_clobber_budget(%rip)\n"
        "    jnz tcbregs_clobber_thread\n"
        "1:  movq $-7, %rdx\n" /* out of budget: seL4_Yield for ever */
        "    syscall\n"
        "    jmp 1b\n");
void tcbregs_preempt_probe(void);
void tcbregs_clobber_thread(void);

/* Every general register (rcx and r11 included) and xmm0-15 survive a timer
 * preemption by an equal-priority thread that trashes them all: the interrupted
 * thread comes back through the full (iret) path with its own FPU state. */
THREAD_TEST(TCBREGS0004)
{
    seL4_CPtr t;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &t));
    tcbregs_clobber_ran = 0;
    tcbregs_clobber_budget = 20ul * 1000 * 1000;
    TRY(thread_start(t, (void *)tcbregs_clobber_thread, bare_stack_top(0), 0, 0, 0));
    tcbregs_preempt_budget = 20ul * 1000 * 1000 * 1000; /* seconds of spinning; only a bound */
    tcbregs_preempt_probe();
    if (!tcbregs_clobber_ran) {
        return "the clobber thread never ran while the root spun (no time-slice preemption)";
    }
    EXPECT_OK(seL4_TCB_Suspend(t));
    for (int i = 0; i < 15; i++) {
        seL4_Word want = 0xa0a0a0a0a0a0a001ul + (seL4_Word)i;
        if (tcbregs_saved[i] != want) {
            static const char *const names[] = {"rax", "rbx", "rcx", "rdx", "rsi",
                                                "rdi", "rbp", "r8",  "r9",  "r10",
                                                "r11", "r12", "r13", "r14", "r15"};
            return systest_reason("%s = %#lx after preemption, expected %#lx", names[i],
                                  (unsigned long)tcbregs_saved[i], (unsigned long)want);
        }
    }
    for (int i = 0; i < 32; i++) {
        if (tcbregs_xmm_saved[i] != tcbregs_xmm_init[i]) {
            return systest_reason("xmm%d (%s half) = %#lx after preemption, expected %#lx",
                                  i / 2, i % 2 ? "high" : "low",
                                  (unsigned long)tcbregs_xmm_saved[i],
                                  (unsigned long)tcbregs_xmm_init[i]);
        }
    }
    seL4_Word flags;
    __asm__ volatile("pushfq; popq %0" : "=r"(flags));
    SYSTEST_CHECK((flags & (1ul << 10)) == 0); /* the clobber thread's DF is not ours */
    return NULL;
}

/* Shared with the assembly below. */
volatile seL4_Word tcbregs_stale_count;
seL4_Word tcbregs_stale_msginfo;

/*
 * tcbregs_stale_thread: change rsp, rcx and r11, count, then suspend itself with a raw
 * Call (rdi = its TCB cap, given in rdi; rsi = tcbregs_stale_msginfo, TCBSuspend's).
 */
__asm__(".text\n"
        ".globl tcbregs_stale_thread, tcbregs_stale_syscall\n"
        "tcbregs_stale_thread:\n"
        "    movq $0x1111, %rsp\n"
        "    movq $0x2222, %rcx\n"
        "    movq $0x3333, %r11\n"
        "    lock incq tcbregs_stale_count(%rip)\n"
        "    movq tcbregs_stale_msginfo(%rip), %rsi\n"
        "    movq $-1, %rdx\n" /* seL4_SysCall */
        "tcbregs_stale_syscall:\n"
        "    syscall\n"
        "    ud2\n");
void tcbregs_stale_thread(void);
void tcbregs_stale_syscall(void);

/* The registers tcbregs_stale_thread starts with (rdi: its own TCB cap). */
static seL4_UserContext stale_context(seL4_CPtr t)
{
    seL4_UserContext w;
    memset(&w, 0, sizeof(w));
    w.rip = (seL4_Word)tcbregs_stale_thread;
    w.rsp = 0x5550;
    w.rcx = 0x5551;
    w.r11 = 0x5552;
    w.rdi = t;
    w.rflags = 0x202;
    return w;
}

/* Start stopped thread t as tcbregs_stale_thread and wait until it has suspended itself. */
static const char *stale_run(seL4_CPtr t)
{
    seL4_UserContext w = stale_context(t);
    tcbregs_stale_count = 0;
    tcbregs_stale_msginfo = seL4_MessageInfo_new(TCBSuspend, 0, 0, 0).words[0];
    EXPECT_OK(seL4_TCB_WriteRegisters(t, true, 0, N_REGS, &w));
    if (!YIELD_UNTIL(tcbregs_stale_count == 1, 2000)) {
        return "the thread did not run";
    }
    for (int i = 0; i < 5; i++) {
        seL4_Yield();
    }
    return NULL;
}

/* A syscall saves neither rsp nor the rcx and r11 slots (syscall itself uses rcx and
 * r11 for the return address and flags), as on seL4: a thread that suspended itself
 * shows the rsp, rcx and r11 it last had at a WriteRegisters, and rip at its syscall
 * instruction (the decoder set it to Restart before it was suspended).  Resumed, it
 * re-executes that syscall and so suspends itself again at once.  After Write- or
 * CopyRegisters such a thread still gets every register exactly (iret, not sysret). */
THREAD_TEST(TCBREGS0005)
{
    seL4_CPtr t, u, src;
    seL4_UserContext r;
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &t));
    TRY(stale_run(t));
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, (seL4_Word)tcbregs_stale_syscall);
    EXPECT_EQ(r.rsp, 0x5550);
    EXPECT_EQ(r.rcx, 0x5551);
    EXPECT_EQ(r.r11, 0x5552);
    EXPECT_EQ(r.rdx, (seL4_Word)-1);
    EXPECT_EQ(r.rdi, t);
    EXPECT_EQ(r.rflags & 0x302, 0x202); /* the user's flags at the syscall: IF, bit 1, no TF */
    EXPECT_OK(seL4_TCB_Resume(t));
    for (int i = 0; i < 10; i++) {
        seL4_Yield();
    }
    EXPECT_EQ(tcbregs_stale_count, 1);
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.rip, (seL4_Word)tcbregs_stale_syscall);
    /* Last entered by syscall, it must still come back with every register as
     * written (rcx and r11 included): the kernel has to leave by iret. */
    TRY(regs_check_prepare(t));
    seL4_UserContext ctx = regs_check_context();
    EXPECT_OK(seL4_TCB_WriteRegisters(t, true, 0, N_REGS, &ctx));
    TRY(regs_check_verdict());
    /* The same for CopyRegisters into such a thread. */
    TRY(thread_new(ROOT_PRIO, 0, seL4_CapNull, &u));
    TRY(thread_new(100, 0, seL4_CapNull, &src));
    TRY(stale_run(u));
    EXPECT_OK(seL4_TCB_WriteRegisters(src, false, 0, N_REGS, &ctx));
    TRY(regs_check_prepare(u));
    EXPECT_OK(seL4_TCB_CopyRegisters(u, src, false, true, true, true, 0));
    return regs_check_verdict();
}

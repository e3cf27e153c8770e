/*
 * C side of kernel entry on x86-64: syscalls, CPU exceptions, interrupts,
 * and the exit paths (sysretq for threads that entered by syscall, iretq
 * otherwise).  A CPU exception in ring 0 is a kernel bug: dump and halt.
 */
#include "../../include/kernel.h"
#include "../../include/printf.h"
#include "../../include/thread.h"
#include "../../include/util.h"
#include "arch_fastpath.h"
#include "debug.h"
#include "machine.h"

/* Where traps.S saves a syscall's registers: ks_cur_thread->arch.regs. */
uint64_t *x86_cur_regs;

/* The frame x86_trap_common builds on the kernel stack (lowest address first). */
typedef struct trap_frame {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
} trap_frame_t;

extern NORETURN void x86_restore_user(uint64_t *regs);
extern NORETURN void x86_idle_loop(void);
extern uint8_t kernel_stack[];

#define VECTOR_DEBUG 1
#define VECTOR_BREAKPOINT 3
#define VECTOR_PAGE_FAULT 14
#define VECTOR_SPURIOUS 255

/* FS/GS base MSRs as last written, and the thread that has run in user mode since.
 * Only that thread can have changed the bases behind our back (by loading an FS or GS
 * selector), so the cached values are trusted for it alone: FUZZBUG0002. */
word_t x86_cur_fs_base, x86_cur_gs_base;
tcb_t *x86_fsgs_owner;

static bool is_canonical(word_t v)
{
    return v < 0x0000800000000000ul || v >= 0xffff800000000000ul;
}

/* With SMAP on, kernel code must run with RFLAGS.AC clear, or SMAP is off for that entry
 * (syscalls clear AC through FMASK, traps in traps.S).  Checked in invariant builds. */
static inline void check_entry_flags(void)
{
    if (config_set(CONFIG_CHECK_INVARIANTS) && x86_smap_on && (read_rflags() & FLAGS_AC)) {
        kernel_fail("kernel entered with RFLAGS.AC set: SMAP is off for this entry", __FILE__,
                    __LINE__, __func__);
    }
}

/*
 * The slowpath of every syscall: entered from traps.S after the registers
 * (and FaultIP = the syscall instruction) were saved, or from the fastpath
 * when it does not apply.
 */
NORETURN void c_handle_syscall(word_t cptr, word_t msginfo, sword_t syscall)
{
    (void)cptr;
    (void)msginfo;
    check_entry_flags();
    handle_syscall(syscall);
    kernel_exit();
}

/* seL4's KERNEL EXCEPTION report, then halt. */
static NORETURN void kernel_exception(const trap_frame_t *f)
{
    kprintf("\n========== KERNEL EXCEPTION ==========\n");
    kprintf("Vector:  0x%lx\n", f->vector);
    kprintf("ErrCode: 0x%lx\n", f->error);
    kprintf("IP:      0x%lx\n", f->rip);
    kprintf("SP:      0x%lx\n", f->rsp);
    kprintf("FLAGS:   0x%lx\n", f->rflags);
    kprintf("CR0:     0x%lx\n", read_cr0());
    kprintf("CR2:     0x%lx (page-fault address)\n", read_cr2());
    kprintf("CR3:     0x%lx (page-directory physical address)\n", read_cr3());
    kprintf("CR4:     0x%lx\n", read_cr4());
    kprintf("\nStack Dump:\n");
    word_t stack_top = (word_t)kernel_stack + BIT(KERNEL_STACK_BITS);
    for (word_t i = 0; i < 20; i++) {
        word_t a = f->rsp + i * sizeof(word_t);
        if (a + sizeof(word_t) > stack_top || a < (word_t)kernel_stack) {
            break;
        }
        kprintf("*0x%lx == 0x%lx\n", a, *(word_t *)a);
    }
    kprintf("\nHalting...\n");
    arch_halt();
}

/* Copy a trap frame from user mode into the current TCB's saved context. */
static void save_user_frame(tcb_t *t, const trap_frame_t *f)
{
    uint64_t *r = t->arch.regs;
    r[REG_RAX] = f->rax;
    r[REG_RBX] = f->rbx;
    r[REG_RCX] = f->rcx;
    r[REG_RDX] = f->rdx;
    r[REG_RSI] = f->rsi;
    r[REG_RDI] = f->rdi;
    r[REG_RBP] = f->rbp;
    r[REG_R8] = f->r8;
    r[REG_R9] = f->r9;
    r[REG_R10] = f->r10;
    r[REG_R11] = f->r11;
    r[REG_R12] = f->r12;
    r[REG_R13] = f->r13;
    r[REG_R14] = f->r14;
    r[REG_R15] = f->r15;
    r[REG_FAULTIP] = f->rip;
    r[REG_NEXTIP] = f->rip;
    r[REG_FLAGS] = f->rflags;
    r[REG_RSP] = f->rsp;
    /*
     * CS/SS stay seL4's 0x2b/0x33: after a sysretq the CPU reports CS = 0x3b
     * (STAR + 16), which names no code segment for a later iretq.
     */
    r[REG_CS] = SEL_CS_3;
    r[REG_SS] = SEL_DS_3;
    r[REG_ERROR] = f->error;
}

/* Dispatch an exception or software trap raised by user code. */
static void handle_user_trap(tcb_t *t, const trap_frame_t *f)
{
    word_t v = f->vector;
    if (v == VECTOR_PAGE_FAULT) {
        handle_vm_fault(read_cr2(), f->error & 0x1f, f->error & BIT(4));
    } else if ((v == VECTOR_DEBUG || v == VECTOR_BREAKPOINT) &&
               config_set(CONFIG_HARDWARE_DEBUG_API)) {
        /* With the debug API, #DB and int3 are DebugExceptions (debug.c). */
        x86_handle_debug_exception(t, v);
    } else if (v < IRQ_VECTOR_BASE) {
        handle_user_exception(v, f->error);
    } else if (v >= VECTOR_SW_TRAP_MIN && v <= VECTOR_SW_TRAP_MAX) {
        /* int N: an unknown syscall, restart PC at the int instruction. */
        tcb_set_reg(t, REG_FAULTIP, f->rip - 2);
        handle_unknown_syscall((v << 24) | (f->rax & 0xffffff));
    } else if (v != VECTOR_SPURIOUS) {
        handle_interrupt(v - IRQ_VECTOR_BASE);
    }
}

/*
 * Entered from x86_trap_common for every vector.  Returns (and traps.S
 * resumes the interrupted kernel code) only for a ring-0 #DB that the debug
 * API dismisses; everything else leaves through kernel_exit or halts.
 */
void x86_handle_trap(trap_frame_t *f)
{
    check_entry_flags();
    if ((f->cs & 3) == 0) {
        if (f->vector == VECTOR_DEBUG && config_set(CONFIG_HARDWARE_DEBUG_API)) {
            x86_debug_kernel_exception(&f->rflags);
            return;
        }
        /* Ring 0: only interrupts of the idle loop are expected. */
        if (f->vector >= IRQ_VECTOR_BASE && ks_cur_thread == ks_idle_thread) {
            if (f->vector != VECTOR_SPURIOUS) {
                handle_interrupt(f->vector - IRQ_VECTOR_BASE);
            }
            kernel_exit();
        }
        kernel_exception(f);
    }
    tcb_t *t = ks_cur_thread;
    save_user_frame(t, f);
    handle_user_trap(t, f);
    kernel_exit();
}

void arch_init_user_context(tcb_t *t)
{
    uint64_t *r = t->arch.regs;
    r[REG_FLAGS] = FLAGS_USER_DEFAULT;
    r[REG_CS] = SEL_CS_3;
    r[REG_SS] = SEL_DS_3;
    r[REG_ERROR] = 0; /* first entry to user goes through iretq */
    /* FXSAVE image of a reset FPU: x87 control word 0x37f, MXCSR 0x1f80. */
    t->arch.fpu[0] = 0x7f;
    t->arch.fpu[1] = 0x03;
    t->arch.fpu[24] = 0x80;
    t->arch.fpu[25] = 0x1f;
}

word_t arch_get_restart_pc(const tcb_t *t)
{
    return tcb_reg(t, REG_FAULTIP);
}

word_t arch_get_sp(const tcb_t *t)
{
    return tcb_reg(t, REG_RSP);
}

/* A non-canonical base would fault in the kernel's wrmsr: it becomes 0, as WriteRegisters does. */
void arch_set_tls_base(tcb_t *t, word_t base)
{
    tcb_set_reg(t, REG_FS_BASE, arch_sanitise_register(REG_FS_BASE, base));
}

#define FLAGS_USER_MASK 0xffful /* no IOPL, NT, RF, VM, AC, ID from user level */

word_t arch_sanitise_register(int reg, word_t v)
{
    if (reg == REG_FAULTIP || reg == REG_NEXTIP || reg == REG_FS_BASE || reg == REG_GS_BASE) {
        return is_canonical(v) ? v : 0;
    }
    if (reg == REG_FLAGS) {
        v |= BIT(1) | FLAGS_IF;
        v &= ~(BIT(3) | BIT(5) | FLAGS_TF);
        return v & FLAGS_USER_MASK;
    }
    return v;
}

void arch_post_modify_registers(tcb_t *t)
{
    if (t != ks_cur_thread) {
        tcb_set_reg(t, REG_ERROR, 0);
    }
}

NORETURN void arch_restore_user_context(tcb_t *t)
{
    if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
        x86_debug_restore(t);
    }
    uint64_t *r = t->arch.regs;
    x86_load_fsgs_base(t, r);
    x86_cur_regs = r;
    x86_restore_user(r);
}

NORETURN void arch_idle(void)
{
    x86_cur_regs = ks_idle_thread->arch.regs;
    x86_idle_loop();
}

word_t arch_read_tsc(void)
{
    return rdtsc();
}

/* Halt for good; under QEMU with isa-debug-exit at 0xf4, end the emulator too. */
NORETURN void arch_halt(void)
{
    out32(0xf4, 0);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

/* A kernel bug: report where, then halt. */
NORETURN void kernel_fail(const char *what, const char *file, int line, const char *func)
{
    kprintf("\nMica kernel bug: %s\n  at %s:%d in %s()\nHalting...\n", what, file, line, func);
    arch_halt();
}

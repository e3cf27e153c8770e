/*
 * Hardware breakpoints, watchpoints and single stepping on x86-64: seL4's
 * debug API (CONFIG_HARDWARE_DEBUG_API), after seL4's x86 breakpoint.c.
 *
 * DR0-DR3 hold four dual-function breakpoints (instruction or data); DR7
 * selects and enables them; DR6 says what fired:
 *
 *   DR7  bit 2n+1     Gn: register n enabled (seL4 uses the global enables;
 *                     bit 2n, Ln, stays clear)
 *        bit 10       reserved, reads as 1 (kept as found at boot)
 *        bits 17:16+4n  R/Wn: 00 execute, 01 write, 11 read or write (10, I/O, unused)
 *        bits 19:18+4n  LENn: 00 1 byte, 01 2, 11 4, 10 8 (00 for execute)
 *   DR6  bit n        Bn: register n matched
 *        bit 14       BS: single-step trap
 *
 * Each thread has its own copy (arch_tcb_t.debug).  When a thread that uses
 * breakpoints leaves the kernel, its values are loaded unless they are the
 * live ones already; a thread that uses none leaves with DR7 disarmed.
 * Single stepping is RFLAGS.TF, forced on at every exit while configured.
 *
 * The kernel itself takes no #DB: breakpoint addresses must be user
 * addresses and the kernel reaches user memory only through its own window
 * (arch_lookup_ipc_buffer, arch_read_user_word), and TF is cleared on every
 * entry (FMASK for syscall, interrupt gates for the rest).  A ring-0 #DB is
 * still dismissed rather than fatal, as seL4 dismisses the one it can get.
 */
#include <sel4/config.h>

#ifdef CONFIG_HARDWARE_DEBUG_API

#include <sel4/constants.h>
#include <sel4/errors.h>

#include "../../include/kernel.h"
#include "../../include/printf.h"
#include "debug.h"
#include "machine.h"

#define N_BREAKPOINTS seL4_NumHWBreakpoints
compile_assert(four_debug_registers, N_BREAKPOINTS == 4);

#define DR7_ENABLE(n) BIT(2 * (n) + 1)
#define DR7_ENABLES (DR7_ENABLE(0) | DR7_ENABLE(1) | DR7_ENABLE(2) | DR7_ENABLE(3))
#define DR7_RW_SHIFT(n) (16 + 4 * (n))
#define DR7_LEN_SHIFT(n) (18 + 4 * (n))
#define DR7_FIELDS(n) ((3ul << DR7_RW_SHIFT(n)) | (3ul << DR7_LEN_SHIFT(n)))
#define DR7_ALL_BREAKPOINT_BITS 0xffff00fful /* every Ln, Gn, R/Wn and LENn */
#define DR7_RW_EXECUTE 0ul
#define DR7_RW_WRITE 1ul
#define DR7_RW_READ_WRITE 3ul
#define DR6_HIT(n) BIT(n)
#define DR6_HITS 0xful
#define DR6_BS BIT(14)
#define FLAGS_RF BIT(16)
#define VECTOR_BREAKPOINT 3

bool x86_debug_armed;        /* DR7 as last written enables some register */
static tcb_t *loaded;        /* whose DR0-DR3/DR7 are live; NULL once they may be stale */
static word_t dr6_clear;     /* DR6 with no status bit, as found at boot */
static word_t dr7_base;      /* DR7 with no breakpoint field, as found at boot */
static bool byte8_supported; /* LEN 10 means 8 bytes on this CPU model */

static inline word_t read_dr6(void)
{
    word_t v;
    __asm__ volatile("mov %%dr6, %0" : "=r"(v));
    return v;
}

static inline void write_dr6(word_t v)
{
    __asm__ volatile("mov %0, %%dr6" ::"r"(v));
}

static inline word_t read_dr7(void)
{
    word_t v;
    __asm__ volatile("mov %%dr7, %0" : "=r"(v));
    return v;
}

static inline void write_dr7(word_t v)
{
    __asm__ volatile("mov %0, %%dr7" ::"r"(v));
}

/* Make DR0-DR3, a clean DR6 and (last: it arms them) DR7 those of state d. */
static void load_registers(const x86_debug_state_t *d)
{
    __asm__ volatile("mov %0, %%dr0\n"
                     "mov %1, %%dr1\n"
                     "mov %2, %%dr2\n"
                     "mov %3, %%dr3\n" ::"r"(d->dr[0]),
                     "r"(d->dr[1]), "r"(d->dr[2]), "r"(d->dr[3]));
    write_dr6(dr6_clear);
    write_dr7(dr7_base | d->dr7);
}

/*
 * Boot: DR6 and DR7 as the CPU left them, minus status and breakpoints, and
 * the CPU models whose LEN 10 means 8 bytes (seL4's list: Intel SDM vol. 3,
 * 17.2.4), with the family and model as Intel's display values.
 */
void x86_debug_init(void)
{
    dr6_clear = read_dr6() & ~(DR6_HITS | DR6_BS);
    dr7_base = read_dr7() & ~DR7_ALL_BREAKPOINT_BITS;
    write_dr7(dr7_base);
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    word_t family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
    if (family == 0xf) {
        family += (a >> 20) & 0xff;
    }
    if (family == 0x6 || family == 0xf) {
        model += ((a >> 16) & 0xf) << 4;
    }
    byte8_supported = (family == 15 && (model == 3 || model == 4 || model == 6)) ||
                      (family == 6 && (model == 15 || model == 23 || model == 0x1c));
}

/* GetBreakpoint/UnsetBreakpoint: registers 0..3 only (seL4's Arch_decode*Breakpoint). */
exception_t arch_decode_breakpoint_num(word_t bp_num)
{
    if (bp_num >= N_BREAKPOINTS) {
        userError("Debug: invalid bp_num %u.", (unsigned)bp_num);
        return syscall_range_error(0, N_BREAKPOINTS - 1);
    }
    return EXCEPTION_NONE;
}

/* SetBreakpoint: the register number, and 8-byte watchpoints only where LEN 10 means 8. */
exception_t arch_decode_set_breakpoint(word_t bp_num, word_t size)
{
    exception_t e = arch_decode_breakpoint_num(bp_num);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    if (size == 8 && !byte8_supported) {
        userError("Debug: 8-byte breakpoints/watchpoints unsupported on this CPU.");
        return syscall_invalid_argument(3);
    }
    return EXCEPTION_NONE;
}

/* Single stepping is RFLAGS.TF and takes no breakpoint register: nothing to check. */
exception_t arch_decode_configure_single_stepping(tcb_t *t, word_t bp_num, word_t n, bool is_reply)
{
    (void)t;
    (void)bp_num;
    (void)n;
    (void)is_reply;
    return EXCEPTION_NONE;
}

/* LEN field of a watchpoint size (1, 2, 4 or 8 bytes), and back. */
static word_t len_field(word_t size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 8 ? 2 : 3;
}

static word_t len_size(word_t field)
{
    static const word_t sizes[4] = {1, 2, 8, 4};
    return sizes[field & 3];
}

/* Program register n (arguments checked): R/W and LEN from type, size, rw; enabled. */
void arch_set_breakpoint(tcb_t *t, word_t n, word_t vaddr, word_t type, word_t size, word_t rw)
{
    x86_debug_state_t *d = &t->arch.debug;
    word_t rw_field = DR7_RW_EXECUTE, len = 0;
    if (type == seL4_DataBreakpoint) {
        /* x86 has no read-only watchpoint: BreakOnRead watches reads and writes. */
        rw_field = rw == seL4_BreakOnWrite ? DR7_RW_WRITE : DR7_RW_READ_WRITE;
        len = len_field(size);
    }
    d->dr[n] = vaddr;
    d->dr7 &= ~DR7_FIELDS(n);
    d->dr7 |= (rw_field << DR7_RW_SHIFT(n)) | (len << DR7_LEN_SHIFT(n)) | DR7_ENABLE(n);
    loaded = NULL;
}

/* Register n of t as seL4 reports it: an R/W of 00 reads as an instruction breakpoint. */
arch_breakpoint_t arch_get_breakpoint(const tcb_t *t, word_t n)
{
    const x86_debug_state_t *d = &t->arch.debug;
    word_t rw_field = (d->dr7 >> DR7_RW_SHIFT(n)) & 3;
    arch_breakpoint_t b = {.vaddr = d->dr[n], .enabled = (d->dr7 & DR7_ENABLE(n)) != 0};
    if (rw_field == DR7_RW_EXECUTE) {
        b.type = seL4_InstructionBreakpoint;
        b.rw = seL4_BreakOnRead;
        b.size = 0;
    } else {
        b.type = seL4_DataBreakpoint;
        b.rw = rw_field == DR7_RW_WRITE ? seL4_BreakOnWrite : seL4_BreakOnReadWrite;
        b.size = len_size(d->dr7 >> DR7_LEN_SHIFT(n));
    }
    return b;
}

void arch_unset_breakpoint(tcb_t *t, word_t n)
{
    x86_debug_state_t *d = &t->arch.debug;
    d->dr7 &= ~(DR7_ENABLE(n) | DR7_FIELDS(n));
    d->dr[n] = 0;
    loaded = NULL;
}

/*
 * Step n instructions between faults; 0 stops stepping and clears TF now
 * (TF is set again at every exit while stepping).  x86 uses no breakpoint
 * register for it, so none is ever consumed.
 */
bool arch_configure_single_stepping(tcb_t *t, word_t bp_num, word_t n, bool is_reply)
{
    (void)bp_num;
    (void)is_reply;
    x86_debug_state_t *d = &t->arch.debug;
    d->single_step = n != 0;
    if (n == 0) {
        t->arch.regs[REG_FLAGS] &= ~FLAGS_TF;
    }
    d->n_instructions = n;
    return false;
}

/*
 * seL4's used-breakpoints bitfield: while it is non-zero the thread's
 * registers are loaded, else DR7 is disarmed for it.  It is 32 bits wide,
 * so a larger number (ConfigureSingleStepping takes any) marks nothing.
 */
void arch_set_breakpoint_used(tcb_t *t, word_t bp_num, bool used)
{
    uint32_t bit = bp_num < 32 ? (uint32_t)BIT(bp_num) : 0;
    if (used) {
        t->arch.debug.used |= bit;
    } else {
        t->arch.debug.used &= ~bit;
    }
    loaded = NULL;
}

void x86_debug_restore(tcb_t *t)
{
    x86_debug_state_t *d = &t->arch.debug;
    if (d->used != 0 && loaded != t) {
        load_registers(d);
        x86_debug_armed = (d->dr7 & DR7_ENABLES) != 0;
        loaded = t;
    } else if (d->used == 0 && x86_debug_armed) {
        write_dr7(dr7_base);
        x86_debug_armed = false;
        loaded = NULL;
    }
    if (d->single_step) {
        t->arch.regs[REG_FLAGS] |= FLAGS_TF;
    }
}

/*
 * seL4's handleUserLevelDebugException: int3 is a SoftwareBreakRequest at
 * the address after it.  A #DB is the lowest-numbered register DR6 names
 * (a watchpoint reports the trigger address and the register; its bit is
 * cleared), else a single step (RF set so an instruction breakpoint at the
 * next instruction does not fire at once) that faults only when the step
 * count reaches 0; with neither bit set nothing is reported.
 */
void x86_handle_debug_exception(tcb_t *t, word_t vector)
{
    if (vector == VECTOR_BREAKPOINT) {
        handle_debug_exception(seL4_SoftwareBreakRequest, arch_get_restart_pc(t), 0);
        return;
    }
    x86_debug_state_t *d = &t->arch.debug;
    word_t dr6 = read_dr6();
    for (word_t n = 0; n < N_BREAKPOINTS; n++) {
        if (dr6 & DR6_HIT(n)) {
            write_dr6(dr6 & ~DR6_HIT(n));
            loaded = NULL; /* as on seL4, DR6 is clean again when t's registers next load */
            word_t rw_field = (d->dr7 >> DR7_RW_SHIFT(n)) & 3;
            handle_debug_exception(rw_field == DR7_RW_EXECUTE ? seL4_InstructionBreakpoint
                                                              : seL4_DataBreakpoint,
                                   d->dr[n], n);
            return;
        }
    }
    if (dr6 & DR6_BS) {
        write_dr6(dr6 & ~DR6_BS);
        t->arch.regs[REG_FLAGS] |= FLAGS_RF;
        if (d->n_instructions > 0) {
            d->n_instructions--;
        }
        if (d->n_instructions == 0) {
            handle_debug_exception(seL4_SingleStep, arch_get_restart_pc(t), 0);
        }
    }
}

/*
 * A #DB in ring 0.  seL4 gets one only from TF left set by sysenter and
 * dismisses it by clearing TF; here none is expected at all (see the top
 * of this file), and any is dismissed the same way: status cleared, TF off,
 * RF on (so an instruction breakpoint could not fire again), kernel resumed.
 */
void x86_debug_kernel_exception(uint64_t *rflags)
{
    write_dr6(read_dr6() & ~(DR6_HITS | DR6_BS));
    *rflags = (*rflags & ~FLAGS_TF) | FLAGS_RF;
}

void x86_debug_forget(tcb_t *t)
{
    if (loaded == t) {
        loaded = NULL;
    }
}

#endif /* CONFIG_HARDWARE_DEBUG_API */

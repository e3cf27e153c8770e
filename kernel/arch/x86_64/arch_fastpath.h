/*
 * x86-64 helpers for the IPC fastpath (kernel/fastpath/fastpath.c), inline
 * so the common case is straight-line code: the VSpace root, the switch and
 * the exit.  Same decisions as arch_switch_to_thread and
 * arch_restore_user_context.
 */
#pragma once

#include "../../include/structures.h"
#include "debug.h"
#include "fpu.h"
#include "machine.h"
#include "vspace.h"

extern uint64_t *x86_cur_regs;
extern word_t x86_cur_fs_base, x86_cur_gs_base;
extern tcb_t *x86_fsgs_owner;

/* Load t's FS and GS bases (r: its registers) on the way out to user mode.  A thread
 * that loads an FS or GS selector replaces the hardware base with the descriptor's,
 * which is 0 for every descriptor in our GDT (AMD may instead keep the base on a null
 * selector), without the kernel seeing it.  So the hardware base is the cached value
 * or 0: a write is skipped when t is the thread that last ran in user mode and its
 * base did not change, or when the base wanted and the cached one are both 0. */
static inline __attribute__((always_inline)) void x86_load_fsgs_base(tcb_t *t, const uint64_t *r)
{
    bool other = t != x86_fsgs_owner;
    if (r[REG_FS_BASE] != x86_cur_fs_base || (other && r[REG_FS_BASE] != 0)) {
        wrmsr(MSR_FS_BASE, r[REG_FS_BASE]);
        x86_cur_fs_base = r[REG_FS_BASE];
    }
    if (r[REG_GS_BASE] != x86_cur_gs_base || (other && r[REG_GS_BASE] != 0)) {
        wrmsr(MSR_GS_BASE, r[REG_GS_BASE]);
        x86_cur_gs_base = r[REG_GS_BASE];
    }
    x86_fsgs_owner = t;
}
extern NORETURN void x86_restore_user(uint64_t *regs);

/* Physical address of t's PML4 if its VTable cap's PML4 still owns the cap's ASID, else 0. */
static inline __attribute__((always_inline)) paddr_t arch_fp_vspace_root(const tcb_t *t)
{
    const cap_t *c = &tcb_cte(t, tcbVTable)->cap;
    word_t w0 = c->words[0], pml4 = c->words[1];
    word_t asid = cap_vm_asid(*c);
    const word_t *pool = (const word_t *)x86_asid_table[(asid >> ASID_POOL_BITS) & (N_ASID_POOLS - 1)];
    /* ASID 0 is never handed out: its pool entry is 0 and cannot match a PML4. */
    if (unlikely((w0 >> 59) != cap_pml4_cap || !pool || pool[asid & MASK(ASID_POOL_BITS)] != pml4)) {
        return 0;
    }
    return pptr_to_paddr(pml4);
}

/*
 * The fastpath leaves the debug registers alone (CONFIG_HARDWARE_DEBUG_API):
 * it gives way to the slowpath unless no breakpoint is armed and t neither
 * uses breakpoints nor single-steps.  Without the option: always true.
 */
static inline __attribute__((always_inline)) bool arch_fp_debug_ok(const tcb_t *t)
{
    if (!config_set(CONFIG_HARDWARE_DEBUG_API)) {
        return true;
    }
    return !x86_debug_armed && !t->arch.debug.used && !t->arch.debug.single_step;
}

/* Switch FPU state and address space to t (root from arch_fp_vspace_root). */
static inline __attribute__((always_inline)) void arch_fp_switch(tcb_t *t, paddr_t root)
{
    x86_fpu_switch_inline(t);
    if (read_cr3() != root) {
        write_cr3(root);
    }
}

/* Leave the kernel into t (which entered by syscall or otherwise). */
static inline __attribute__((always_inline)) NORETURN void arch_fp_exit(tcb_t *t)
{
    uint64_t *r = t->arch.regs;
    x86_load_fsgs_base(t, r);
    x86_cur_regs = r;
    x86_restore_user(r);
}

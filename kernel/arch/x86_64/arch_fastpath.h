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
    if (unlikely(r[REG_FS_BASE] != x86_cur_fs_base)) {
        wrmsr(MSR_FS_BASE, r[REG_FS_BASE]);
        x86_cur_fs_base = r[REG_FS_BASE];
    }
    if (unlikely(r[REG_GS_BASE] != x86_cur_gs_base)) {
        wrmsr(MSR_GS_BASE, r[REG_GS_BASE]);
        x86_cur_gs_base = r[REG_GS_BASE];
    }
    x86_cur_regs = r;
    x86_restore_user(r);
}

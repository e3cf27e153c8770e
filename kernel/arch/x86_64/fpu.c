/*
 * FPU/SSE state: one FXSAVE image per thread, switched eagerly but only when
 * another thread's state must become live (the owner keeps it across idle).
 * A thread with seL4_TCBFlag_fpuDisabled runs with CR0.TS set, so its first
 * FPU/SSE instruction raises #NM, a user exception (vector 7).
 */
#include <sel4/constants.h>

#include "../../include/thread.h"
#include "arch_fastpath.h"
#include "debug.h"
#include "fpu.h"
#include "machine.h"

tcb_t *x86_fpu_owner; /* whose state is in the FPU registers */
bool x86_fpu_ts;      /* CR0.TS as last written (the kernel never uses the FPU) */

void x86_fpu_switch_to(tcb_t *t)
{
    x86_fpu_switch_inline(t);
}

/* seL4_TCB_SetFlags changed t's flags: apply them now if t is running. */
void arch_fpu_flags_changed(tcb_t *t)
{
    if (t == ks_cur_thread) {
        x86_fpu_switch_to(t);
    }
}

/* A deleted TCB must not stay the FPU or debug-register owner (its memory may be reused). */
void arch_forget_thread(tcb_t *t)
{
    if (x86_fpu_owner == t) {
        x86_fpu_owner = NULL;
    }
    if (x86_fsgs_owner == t) {
        x86_fsgs_owner = NULL;
    }
    if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
        x86_debug_forget(t);
    }
}

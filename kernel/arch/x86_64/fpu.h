/* Eager FPU switching (fpu.c), inline for the fastpath. */
#pragma once

#include <sel4/constants.h>

#include "../../include/structures.h"
#include "machine.h"

extern tcb_t *x86_fpu_owner;
extern bool x86_fpu_ts;

/* Make t's FPU state live, or set CR0.TS for a thread with fpuDisabled. */
static inline __attribute__((always_inline)) void x86_fpu_switch_inline(tcb_t *t)
{
    bool disabled = (t->flags & seL4_TCBFlag_fpuDisabled) != 0;
    if (unlikely(disabled != x86_fpu_ts)) {
        word_t cr0 = read_cr0();
        write_cr0(disabled ? (cr0 | CR0_TS) : (cr0 & ~CR0_TS));
        x86_fpu_ts = disabled;
    }
    if (!disabled && x86_fpu_owner != t) {
        if (x86_fpu_owner) {
            fxsave(x86_fpu_owner->arch.fpu);
        }
        fxrstor(t->arch.fpu);
        x86_fpu_owner = t;
    }
}

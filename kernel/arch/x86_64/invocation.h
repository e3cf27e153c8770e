/*
 * x86-64 invocation decoders (arch-private) and the small helpers they share
 * for filling in current_syscall_error.  Each decoder follows seL4's check
 * order; only the last step before the invoke sets the caller to Restart.
 */
#pragma once

#include <sel4/errors.h>

#include "../../include/cspace.h"
#include "../../include/structures.h"

/* Frames: X86_Page_Map / Unmap / GetAddress (vspace_invocation.c). */
exception_t decode_x86_frame_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                        bool call, word_t *buffer);
/* PT, PD, PDPT: X86_*_Map / X86_*_Unmap (vspace_invocation.c). */
exception_t decode_x86_table_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                        word_t *buffer);
/* X86_ASIDControl_MakePool (asid.c). */
exception_t decode_x86_asid_control_invocation(word_t label, word_t length, word_t *buffer);
/* X86_ASIDPool_Assign (asid.c). */
exception_t decode_x86_asid_pool_invocation(word_t label, cap_t cap);

/* Reject with a plain error code (no MRs). */
static inline exception_t arch_syscall_error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

/* InvalidCapability, MR0 = which cap (0 = the invoked one, 1.. = extra caps). */
static inline exception_t arch_invalid_capability(word_t n)
{
    current_syscall_error.invalid_cap_number = n;
    return arch_syscall_error(seL4_InvalidCapability);
}

/* InvalidArgument, MR0 = which argument. */
static inline exception_t arch_invalid_argument(word_t n)
{
    current_syscall_error.invalid_argument_number = n;
    return arch_syscall_error(seL4_InvalidArgument);
}

/* FailedLookup of a destination (MR0 = 0) with the lookup failure lf. */
static inline exception_t arch_failed_lookup(lookup_fault_t lf)
{
    current_lookup_fault = lf;
    current_syscall_error.failed_lookup_was_source = false;
    return arch_syscall_error(seL4_FailedLookup);
}

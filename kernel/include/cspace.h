/*
 * CSpace addressing (seL4's resolveAddressBits) and the syscall error state.
 *
 * Lookups return a status plus values in a struct; the reason for a failure
 * is left in current_lookup_fault, and decode errors in current_syscall_error,
 * exactly where seL4 keeps them, so fault and error messages can be built
 * from them.
 */
#pragma once

#include <sel4/errors.h>

#include "structures.h"

typedef enum exception {
    EXCEPTION_NONE = 0,
    EXCEPTION_FAULT,
    EXCEPTION_LOOKUP_FAULT,
    EXCEPTION_SYSCALL_ERROR,
    EXCEPTION_PREEMPTED,
} exception_t;

/* The error a decode function reports (seL4_Error and its reply MRs). */
typedef struct syscall_error {
    word_t type; /* seL4_Error */
    word_t invalid_argument_number;
    word_t invalid_cap_number;
    word_t range_min, range_max;
    word_t memory_left;
    bool failed_lookup_was_source;
} syscall_error_t;

/* The extra caps of the invocation being decoded (looked up from the IPC buffer). */
#define MAX_EXTRA_CAPS 3
typedef struct extra_caps {
    cte_t *excaprefs[MAX_EXTRA_CAPS];
} extra_caps_t;

extern extra_caps_t current_extra_caps;
extern syscall_error_t current_syscall_error;
extern lookup_fault_t current_lookup_fault;
extern fault_t current_fault;

typedef struct resolve_ret {
    exception_t status;
    cte_t *slot;
    word_t bits_remaining;
} resolve_ret_t;

typedef struct lookup_slot_ret {
    exception_t status;
    cte_t *slot;
} lookup_slot_ret_t;

typedef struct lookup_cap_ret {
    exception_t status;
    cap_t cap;
    cte_t *slot;
} lookup_cap_ret_t;

resolve_ret_t resolve_address_bits(cap_t node_cap, word_t cptr, word_t n_bits);
lookup_slot_ret_t lookup_slot(const tcb_t *thread, word_t cptr);
lookup_cap_ret_t lookup_cap_and_slot(const tcb_t *thread, word_t cptr);
lookup_slot_ret_t lookup_slot_for_cnode_op(bool is_source, cap_t root, word_t cptr,
                                           word_t depth);

/* Set current_syscall_error and say so: the decoders' one way to reject. */
static inline exception_t syscall_error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}

/* seL4_RangeError with its two reply MRs. */
static inline exception_t syscall_range_error(word_t min, word_t max)
{
    current_syscall_error.range_min = min;
    current_syscall_error.range_max = max;
    return syscall_error(seL4_RangeError);
}

/* seL4_InvalidArgument naming argument n. */
static inline exception_t syscall_invalid_argument(word_t n)
{
    current_syscall_error.invalid_argument_number = n;
    return syscall_error(seL4_InvalidArgument);
}

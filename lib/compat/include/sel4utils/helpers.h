/*
 * <sel4utils/helpers.h>: prepare a seL4_UserContext so that a new thread
 * starts in a C function.  (seL4's version also has process helpers that
 * need its allocators; Mica provides the context helpers only.)
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <sel4utils/thread.h>
#include <utils/stack.h>

/*
 * Start at entry_point with the stack pointer at stack_top (no arguments,
 * RDX cleared).  Returns 0.
 */
int sel4utils_arch_init_context(void *entry_point, void *stack_top, seL4_UserContext *context);

/*
 * Start in the C function entry_point(arg0, arg1, arg2) on the stack that
 * ends at stack_top, which must be 16-byte aligned: RSP is set 8 bytes
 * below it, as if a call had pushed a return address.  local_stack, vka
 * and the vspaces are accepted for seL4 compatibility and not used (the
 * arguments travel in registers on x86-64).  Returns 0, or -1 with an
 * error line if stack_top is misaligned.
 */
int sel4utils_arch_init_context_with_args(sel4utils_thread_entry_fn entry_point, void *arg0,
                                          void *arg1, void *arg2, bool local_stack,
                                          void *stack_top, seL4_UserContext *context, void *vka,
                                          void *local_vspace, void *remote_vspace);

/* The usual case: a thread in the caller's own address space. */
static inline int sel4utils_arch_init_local_context(sel4utils_thread_entry_fn entry_point,
                                                    void *arg0, void *arg1, void *arg2,
                                                    void *stack_top, seL4_UserContext *context)
{
    return sel4utils_arch_init_context_with_args(entry_point, arg0, arg1, arg2, true, stack_top,
                                                 context, NULL, NULL, NULL);
}

/*
 * Kernel configuration: seL4's CONFIG_* knobs come from libsel4's config.h (one
 * source of truth for kernel and user).  Test a boolean option in C code with
 * `if (config_set(CONFIG_X))`, never with #ifdef inside a function body.
 */
#pragma once

#include <sel4/config.h>

/* Kernel-only constants derived from the configuration. */
#define TCB_BITS 11               /* seL4_TCBBits with FXSAVE */
#define TCB_CNODE_SLOTS 5         /* tcbCTable, tcbVTable, tcbReply, tcbCaller, tcbBuffer */
#define TCB_NAME_LENGTH 848       /* debug name bytes inside the TCB's first half */

/*
 * CONFIG_CHECK_INVARIANTS (kernel-only boolean, same convention as libsel4's):
 * check the kernel's invariants on every kernel exit (core/invariants.c).
 * On by default in this debug build; benchmark builds turn it off.
 */
#ifndef CONFIG_CHECK_INVARIANTS
#define CONFIG_CHECK_INVARIANTS 1
#elif !CONFIG_CHECK_INVARIANTS
#undef CONFIG_CHECK_INVARIANTS
#endif

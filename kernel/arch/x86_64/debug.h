/*
 * x86-64 debug registers for seL4's hardware debug API (debug.c), arch-private.
 * Everything here exists only with CONFIG_HARDWARE_DEBUG_API; callers test
 * config_set(CONFIG_HARDWARE_DEBUG_API) first.
 */
#pragma once

#include "../../include/structures.h"

/* True while DR7 enables some breakpoint (read inline by the fastpath). */
extern bool x86_debug_armed;

/* Boot: the DR6/DR7 values with no breakpoint, and whether 8-byte watchpoints exist. */
void x86_debug_init(void);
/* Leaving the kernel into t: load t's breakpoints (or disarm), force TF if it steps. */
void x86_debug_restore(tcb_t *t);
/* #DB (vector 1) or int3 (vector 3) from thread t in user mode: a DebugException, or nothing. */
void x86_handle_debug_exception(tcb_t *t, word_t vector);
/* #DB in ring 0, interrupted RFLAGS at *rflags: dismissed, the kernel resumes. */
void x86_debug_kernel_exception(uint64_t *rflags);
/* TCB t is going away: it no longer owns the loaded registers. */
void x86_debug_forget(tcb_t *t);

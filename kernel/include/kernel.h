/*
 * Entry points between the arch layer and the generic kernel: what a trap or
 * syscall calls, and the common kernel exit.
 */
#pragma once

#include <sel4/shared_types.h>

#include "cspace.h"
#include "structures.h"

/* api/syscall.c */
void handle_syscall(sword_t syscall);
void handle_unknown_syscall(word_t w);
void reply_from_kernel_error(tcb_t *t);
void reply_from_kernel_success_empty(tcb_t *t);
exception_t lookup_extra_caps(tcb_t *t, const word_t *buffer, seL4_MessageInfo_t info);

/* api/faults.c */
void handle_fault(tcb_t *t);
void handle_user_exception(word_t number, word_t code);
void handle_vm_fault(word_t addr, word_t fsr, bool instruction_fault);
void handle_debug_exception(word_t reason, word_t address, word_t bp_num);
fault_t fault_cap_new(word_t addr, bool in_recv_phase);
word_t set_mrs_lookup_failure(tcb_t *t, word_t *buffer, lookup_fault_t lf, word_t offset);
word_t set_mrs_fault(tcb_t *sender, tcb_t *receiver, word_t *buf);
bool handle_fault_reply(tcb_t *receiver, tcb_t *sender);

/* api/debug.c */
void debug_dump_scheduler(void);
bool handle_debug_syscall(word_t w);

/* object/objecttype.c */
exception_t decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                              bool is_blocking, bool is_call, word_t *buffer);

/* object/cnode.c, object/untyped.c */
exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer);
exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer);

/* object/tcb.c */
exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot,
                                  bool is_call, word_t *buffer);

/* object/tcb_debug.c: the hardware debug API, defined only with CONFIG_HARDWARE_DEBUG_API */
exception_t decode_tcb_debug_invocation(word_t label, cap_t cap, bool is_call, word_t *buffer);
word_t set_mrs_debug_exception(tcb_t *sender, tcb_t *receiver, word_t *buf);
bool handle_debug_exception_reply(tcb_t *receiver, tcb_t *sender, word_t label, word_t length);

/* interrupts (core/interrupt.c) */
void handle_interrupt(word_t irq);

/* The one way out of the kernel: schedule, activate, return to user or idle. */
NORETURN void kernel_exit(void);

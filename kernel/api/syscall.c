/*
 * System-call dispatch (seL4's handleSyscall) and the invocation contract
 * (handleInvocation): look up the invoked cap (failure = cap fault), read the
 * message, decode (failure = error reply to a Call, nothing to a Send), and
 * reply success to a Call whose decoder left the caller in Restart.
 */
#include <sel4/errors.h>
#include <sel4/syscall.h>

#include "../include/endpoint.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/printf.h"
#include "../include/thread.h"

/* Write current_syscall_error's MRs into t's message; returns the length. */
static word_t set_mrs_syscall_error(tcb_t *t, word_t *buffer)
{
    syscall_error_t *e = &current_syscall_error;
    switch (e->type) {
    case seL4_InvalidArgument:
        return set_mr(t, buffer, 0, e->invalid_argument_number);
    case seL4_InvalidCapability:
        return set_mr(t, buffer, 0, e->invalid_cap_number);
    case seL4_RangeError:
        set_mr(t, buffer, 0, e->range_min);
        return set_mr(t, buffer, 1, e->range_max);
    case seL4_FailedLookup:
        set_mr(t, buffer, 0, e->failed_lookup_was_source ? 1 : 0);
        return set_mrs_lookup_failure(t, buffer, current_lookup_fault, 1);
    case seL4_NotEnoughMemory:
        return set_mr(t, buffer, 0, e->memory_left);
    default:
        return 0;
    }
}

/* Reply to a Call with seL4's error label and MRs, badge 0. */
void reply_from_kernel_error(tcb_t *t)
{
    word_t *buffer = arch_lookup_ipc_buffer(t, true);
    word_t len = set_mrs_syscall_error(t, buffer);
    tcb_set_reg(t, REG_BADGE, 0);
    tcb_set_reg(t, REG_MSGINFO, seL4_MessageInfo_new(current_syscall_error.type, 0, 0, len).words[0]);
}

/* Reply to a Call that succeeded with no data: label 0, length 0, badge 0. */
void reply_from_kernel_success_empty(tcb_t *t)
{
    tcb_set_reg(t, REG_BADGE, 0);
    tcb_set_reg(t, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, 0).words[0]);
}

/*
 * Look up the message's extra caps (CPtrs at IPC-buffer words 122..124) in
 * the thread's CSpace.  No buffer: no extra caps.  A failed lookup is a cap
 * fault on that CPtr.
 */
exception_t lookup_extra_caps(tcb_t *t, const word_t *buffer, seL4_MessageInfo_t info)
{
    for (word_t i = 0; i < MAX_EXTRA_CAPS; i++) {
        current_extra_caps.excaprefs[i] = NULL;
    }
    if (!buffer) {
        return EXCEPTION_NONE;
    }
    word_t n = seL4_MessageInfo_get_extraCaps(info);
    for (word_t i = 0; i < n; i++) {
        word_t cptr = buffer[seL4_MsgMaxLength + 2 + i];
        lookup_slot_ret_t lu = lookup_slot(t, cptr);
        if (lu.status != EXCEPTION_NONE) {
            current_fault = fault_cap_new(cptr, false);
            return EXCEPTION_LOOKUP_FAULT;
        }
        current_extra_caps.excaprefs[i] = lu.slot;
    }
    return EXCEPTION_NONE;
}

/* Send, NBSend and Call on the cap in the cap register. */
static void handle_invocation(bool is_call, bool is_blocking)
{
    tcb_t *t = ks_cur_thread;
    seL4_MessageInfo_t info = message_info_from_word(tcb_reg(t, REG_MSGINFO));
    word_t cptr = tcb_reg(t, REG_CAP);

    lookup_cap_ret_t lu = lookup_cap_and_slot(t, cptr);
    if (lu.status != EXCEPTION_NONE) {
        userError("Invocation of invalid cap #%lu.", cptr);
        if (is_blocking) {
            current_fault = fault_cap_new(cptr, false);
            handle_fault(t);
        }
        return;
    }

    word_t *buffer = arch_lookup_ipc_buffer(t, false);
    if (lookup_extra_caps(t, buffer, info) != EXCEPTION_NONE) {
        userError("Lookup of extra caps failed.");
        if (is_blocking) {
            handle_fault(t);
        }
        return;
    }
    word_t length = seL4_MessageInfo_get_length(info);
    if (length > N_MSG_REGISTERS && !buffer) {
        userError("Warning: No IPC buffer for thread. Truncating message length to: %d.",
                  N_MSG_REGISTERS);
        length = N_MSG_REGISTERS;
    }

    exception_t status = decode_invocation(seL4_MessageInfo_get_label(info), length, cptr,
                                           lu.slot, lu.cap, is_blocking, is_call, buffer);
    if (status == EXCEPTION_PREEMPTED) {
        return;
    }
    if (status == EXCEPTION_SYSCALL_ERROR) {
        if (is_call) {
            reply_from_kernel_error(t);
        }
        return;
    }
    if (t->state == ThreadState_Restart) {
        if (is_call) {
            reply_from_kernel_success_empty(t);
        }
        set_thread_state(t, ThreadState_Running);
    }
}

/* A cap fault in the receive phase; the lookup failure is already in current_lookup_fault. */
static void recv_cap_fault(tcb_t *t, word_t cptr, bool missing)
{
    if (missing) {
        current_lookup_fault = (lookup_fault_t){lookup_fault_missing_capability, 0, 0, 0};
    }
    current_fault = fault_cap_new(cptr, true);
    handle_fault(t);
}

/*
 * Recv and NBRecv (seL4's handleRecv): an endpoint cap with Read (an unused
 * caller cap is dropped first), or a notification cap with Read that is not
 * bound to another thread; anything else is a cap fault in the receive phase.
 */
static void handle_recv(bool is_blocking)
{
    tcb_t *t = ks_cur_thread;
    word_t cptr = tcb_reg(t, REG_CAP);
    lookup_cap_ret_t lu = lookup_cap_and_slot(t, cptr);
    if (lu.status != EXCEPTION_NONE) {
        recv_cap_fault(t, cptr, false);
        return;
    }
    bool can_read = (cap_ep_rights(lu.cap) & CAP_RIGHT_READ) != 0;
    switch (cap_get_type(lu.cap)) {
    case cap_endpoint_cap:
        if (!can_read) {
            recv_cap_fault(t, cptr, true);
            return;
        }
        delete_caller_cap(t);
        receive_ipc(t, lu.cap, is_blocking);
        return;
    case cap_notification_cap: {
        tcb_t *bound = ntfn_bound_tcb((notification_t *)cap_ptr48(lu.cap));
        if (!can_read || (bound && bound != t)) {
            recv_cap_fault(t, cptr, true);
            return;
        }
        receive_signal(t, lu.cap, is_blocking);
        return;
    }
    default:
        recv_cap_fault(t, cptr, true);
        return;
    }
}

/* Reply through the caller cap in tcbCaller; no caller cap: nothing happens. */
static void handle_reply(void)
{
    tcb_t *t = ks_cur_thread;
    cte_t *slot = tcb_cte(t, tcbCaller);
    cap_t c = slot->cap;
    if (cap_get_type(c) == cap_reply_cap && !cap_reply_master(c)) {
        do_reply_transfer(t, (tcb_t *)cap_ptr48(c), slot, cap_reply_can_grant(c));
    }
}

/* seL4's handleSyscall, master numbering; debug numbers go to handle_unknown_syscall. */
void handle_syscall(sword_t syscall)
{
    switch (syscall) {
    case seL4_SysSend:
        handle_invocation(false, true);
        break;
    case seL4_SysNBSend:
        handle_invocation(false, false);
        break;
    case seL4_SysCall:
        handle_invocation(true, true);
        break;
    case seL4_SysRecv:
        handle_recv(true);
        break;
    case seL4_SysNBRecv:
        handle_recv(false);
        break;
    case seL4_SysReply:
        handle_reply();
        break;
    case seL4_SysReplyRecv:
        handle_reply();
        handle_recv(true);
        break;
    case seL4_SysYield:
        handle_yield();
        break;
    default:
        handle_unknown_syscall((word_t)syscall);
        break;
    }
}

/* Debug syscalls, SetTLSBase, and otherwise an UnknownSyscall fault. */
void handle_unknown_syscall(word_t w)
{
    if (handle_debug_syscall(w)) {
        return;
    }
    if (config_set(CONFIG_ENABLE_BENCHMARKS) && w == (word_t)seL4_SysBenchmarkNullSyscall) {
        return; /* benchmark kernels: a kernel entry and exit, nothing else */
    }
    if (w == (word_t)seL4_SysSetTLSBase) {
        arch_set_tls_base(ks_cur_thread, tcb_reg(ks_cur_thread, REG_CAP));
        return;
    }
    current_fault = (fault_t){.type = fault_unknown_syscall, .w = {w}};
    handle_fault(ks_cur_thread);
}

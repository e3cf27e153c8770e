/*
 * TCB invocations (seL4's decodeTCBInvocation).  Every decoder checks all of
 * its arguments first, then sets the caller to Restart and invokes.
 */
#include <sel4/errors.h>
#include <sel4/invocation.h>

#include "../include/kernel.h"
#include "../include/printf.h"
#include "../include/thread.h"

/* TCB_Suspend: the target stops; a thread may suspend itself. */
static exception_t invoke_tcb_suspend(tcb_t *t)
{
    suspend_thread(t);
    return EXCEPTION_NONE;
}

/* TCB_Resume: a stopped target restarts (re-running a pending syscall). */
static exception_t invoke_tcb_resume(tcb_t *t)
{
    restart_thread(t);
    return EXCEPTION_NONE;
}

exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot,
                                  bool is_call, word_t *buffer)
{
    (void)length;
    (void)slot;
    (void)is_call;
    (void)buffer;
    tcb_t *t = (tcb_t *)cap_ptr48(cap);
    switch (label) {
    case TCBSuspend:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        return invoke_tcb_suspend(t);
    case TCBResume:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        return invoke_tcb_resume(t);
    default:
        if (label >= TCBReadRegisters && label <= TCBSetFlags) {
            userError("TCB: invocation %lu is not implemented yet in Mica.", label);
        } else {
            userError("TCB: Illegal operation.");
        }
        current_syscall_error.type = seL4_IllegalOperation;
        return EXCEPTION_SYSCALL_ERROR;
    }
}

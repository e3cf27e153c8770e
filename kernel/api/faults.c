/*
 * Faults (seL4 non-MCS): a faulting thread's fault-endpoint CPtr is looked
 * up in its own CSpace at fault time.  Fault IPC to a handler arrives with
 * the faults issue; without a usable handler the kernel prints seL4's
 * "Caught ... while trying to handle ..." block and the thread becomes
 * Inactive.
 */
#include <sel4/constants.h>

#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/printf.h"
#include "../include/thread.h"

fault_t fault_cap_new(word_t addr, bool in_recv_phase)
{
    fault_t f = {.type = fault_cap, .w = {addr, in_recv_phase}};
    f.lookup = current_lookup_fault;
    return f;
}

/* Write a lookup failure at MR offset (3 in a cap fault, 1 in an error reply); returns next index. */
word_t set_mrs_lookup_failure(tcb_t *t, word_t *buffer, lookup_fault_t lf, word_t offset)
{
    word_t i = set_mr(t, buffer, offset, lf.type);
    switch (lf.type) {
    case lookup_fault_missing_capability:
        return set_mr(t, buffer, offset + 1, lf.bits_left);
    case lookup_fault_depth_mismatch:
        set_mr(t, buffer, offset + 1, lf.bits_left);
        return set_mr(t, buffer, offset + 2, lf.bits_found);
    case lookup_fault_guard_mismatch:
        set_mr(t, buffer, offset + 1, lf.bits_left);
        set_mr(t, buffer, offset + 2, lf.guard_found);
        return set_mr(t, buffer, offset + 3, lf.bits_found);
    default:
        return i;
    }
}

/* print_fault: one line of seL4's text for a fault, without the newline. */
static void print_fault(const fault_t *f)
{
    switch (f->type) {
    case fault_null:
        kprintf("null fault");
        break;
    case fault_cap:
        kprintf("cap fault in %s phase at address %p", f->w[1] ? "receive" : "send",
                (void *)f->w[0]);
        break;
    case fault_vm:
        kprintf("vm fault on %s at address %p with status %p", f->w[1] ? "code" : "data",
                (void *)f->w[0], (void *)f->w[2]);
        break;
    case fault_unknown_syscall:
        kprintf("unknown syscall %p", (void *)f->w[0]);
        break;
    case fault_user_exception:
        kprintf("user exception %p code %p", (void *)f->w[0], (void *)f->w[1]);
        break;
    default:
        kprintf("unknown fault");
        break;
    }
}

/* The words at the thread's stack pointer, as seL4's Arch_userStackTrace prints them. */
static void user_stack_trace(const tcb_t *t)
{
    if (cap_get_type(tcb_cte(t, tcbVTable)->cap) != cap_pml4_cap) {
        kprintf("Invalid vspace\n");
        return;
    }
    word_t sp = arch_get_sp(t);
    if (!IS_ALIGNED(sp, 3)) {
        kprintf("RSP not aligned\n");
        return;
    }
    for (word_t i = 0; i < CONFIG_USER_STACK_TRACE_LENGTH; i++) {
        word_t addr = sp + i * sizeof(word_t);
        word_t value;
        if (arch_read_user_word(t, addr, &value)) {
            kprintf("0x%lx: 0x%lx\n", addr, value);
        } else {
            kprintf("0x%lx: INVALID\n", addr);
        }
    }
}

/* No usable handler: print both faults as seL4 does and stop the thread. */
static void handle_double_fault(tcb_t *t, const fault_t *ex1)
{
    if (config_set(CONFIG_PRINTING)) {
        fault_t ex2 = current_fault;
        kprintf("Caught ");
        print_fault(&ex2);
        kprintf("\nwhile trying to handle:\n");
        print_fault(ex1);
        if (config_set(CONFIG_DEBUG_BUILD)) {
            kprintf("\nin thread %p \"%s\" ", (void *)t, tcb_name(t));
        }
        kprintf("at address %p\n", (void *)arch_get_restart_pc(t));
        kprintf("With stack:\n");
        user_stack_trace(t);
        if (t->fault_handler == 0 && ex2.type == fault_cap) {
            kprintf("(Mica: this thread has no fault endpoint; set one with seL4_TCB_SetSpace or "
                    "seL4_TCB_Configure to handle its faults.)\n");
        }
    }
    set_thread_state(t, ThreadState_Inactive);
}

/*
 * Deliver current_fault for thread t.  The handler CPtr is resolved in t's
 * CSpace; a lookup failure, or a cap that is not an endpoint with Send and
 * Grant/GrantReply, is a second (cap) fault.  Sending the fault IPC comes
 * with endpoints (faults issue); until then no cap can qualify.
 */
void handle_fault(tcb_t *t)
{
    fault_t ex1 = current_fault;
    word_t handler = t->fault_handler;
    lookup_cap_ret_t lu = lookup_cap_and_slot(t, handler);
    if (lu.status == EXCEPTION_NONE) {
        current_lookup_fault = (lookup_fault_t){lookup_fault_missing_capability, 0, 0, 0};
    }
    current_fault = fault_cap_new(handler, false);
    handle_double_fault(t, &ex1);
}

/* A CPU exception in user mode (not a page fault): UserException(number, code). */
void handle_user_exception(word_t number, word_t code)
{
    current_fault = (fault_t){.type = fault_user_exception, .w = {number, code & MASK(28)}};
    handle_fault(ks_cur_thread);
}

/* A user page fault: VMFault(address, prefetch, FSR). */
void handle_vm_fault(word_t addr, word_t fsr, bool instruction_fault)
{
    current_fault = (fault_t){.type = fault_vm, .w = {addr, instruction_fault, fsr}};
    handle_fault(ks_cur_thread);
}

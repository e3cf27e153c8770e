/*
 * Faults (seL4 non-MCS): a faulting thread's fault-endpoint CPtr is looked
 * up in its own CSpace at fault time and the fault is sent as a Call on that
 * endpoint; without a usable handler the kernel prints seL4's "Caught ...
 * while trying to handle ..." block and the thread becomes Inactive.
 */
#include <sel4/constants.h>

#include "../include/endpoint.h"
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
 * Deliver current_fault for thread t (seL4's handleFault/sendFaultIPC): the
 * handler CPtr is resolved in t's own CSpace and must name an endpoint cap
 * with Send and Grant or GrantReply.  The fault goes as a Call carrying that
 * cap's badge; otherwise the lookup is a second fault and t stops.
 */
void handle_fault(tcb_t *t)
{
    fault_t ex1 = current_fault;
    word_t handler = t->fault_handler;
    lookup_cap_ret_t lu = lookup_cap_and_slot(t, handler);
    if (lu.status == EXCEPTION_NONE) {
        cap_t c = lu.cap;
        word_t r = cap_ep_rights(c);
        if (cap_get_type(c) == cap_endpoint_cap && (r & CAP_RIGHT_WRITE) &&
            (r & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY))) {
            t->fault = ex1;
            send_ipc(true, true, cap_ep_badge(c), (r & CAP_RIGHT_GRANT) != 0, true, t,
                     (endpoint_t *)cap_ptr48(c));
            return;
        }
        current_lookup_fault = (lookup_fault_t){lookup_fault_missing_capability, 0, 0, 0};
    }
    current_fault = fault_cap_new(handler, false);
    handle_double_fault(t, &ex1);
}

/* seL4's fault message register orders (x86_64). */
static const int syscall_message[] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
                                      REG_RBP, REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12,
                                      REG_R13, REG_R14, REG_R15, REG_FAULTIP, REG_RSP, REG_FLAGS};
static const int exception_message[] = {REG_FAULTIP, REG_RSP, REG_FLAGS};
#define N_SYSCALL_MESSAGE ARRAY_SIZE(syscall_message)
#define N_EXCEPTION_MESSAGE ARRAY_SIZE(exception_message)

/* Copy registers of the faulting sender into MR0.. of the receiver; returns the next MR. */
static word_t set_mrs_regs(tcb_t *sender, tcb_t *receiver, word_t *buf, const int *regs, word_t n)
{
    word_t i = 0;
    for (word_t k = 0; k < n; k++) {
        i = set_mr(receiver, buf, k, tcb_reg(sender, regs[k]));
    }
    return i;
}

/* The fault message of sender's recorded fault, written to receiver (seL4's setMRs_fault). */
word_t set_mrs_fault(tcb_t *sender, tcb_t *receiver, word_t *buf)
{
    const fault_t *f = &sender->fault;
    switch (f->type) {
    case fault_cap:
        set_mr(receiver, buf, seL4_CapFault_IP, arch_get_restart_pc(sender));
        set_mr(receiver, buf, seL4_CapFault_Addr, f->w[0]);
        set_mr(receiver, buf, seL4_CapFault_InRecvPhase, f->w[1]);
        return set_mrs_lookup_failure(receiver, buf, f->lookup, seL4_CapFault_LookupFailureType);
    case fault_unknown_syscall:
        set_mrs_regs(sender, receiver, buf, syscall_message, N_SYSCALL_MESSAGE);
        return set_mr(receiver, buf, N_SYSCALL_MESSAGE, f->w[0]);
    case fault_user_exception:
        set_mrs_regs(sender, receiver, buf, exception_message, N_EXCEPTION_MESSAGE);
        set_mr(receiver, buf, N_EXCEPTION_MESSAGE, f->w[0]);
        return set_mr(receiver, buf, N_EXCEPTION_MESSAGE + 1, f->w[1]);
    case fault_vm:
        set_mr(receiver, buf, seL4_VMFault_IP, arch_get_restart_pc(sender));
        set_mr(receiver, buf, seL4_VMFault_Addr, f->w[0]);
        set_mr(receiver, buf, seL4_VMFault_PrefetchFault, f->w[1]);
        return set_mr(receiver, buf, seL4_VMFault_FSR, f->w[2]);
    case fault_debug_exception:
        if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
            return set_mrs_debug_exception(sender, receiver, buf);
        }
        return 0;
    default:
        return 0;
    }
}

/* Write min(length, n) registers of receiver from the replier's MRs, sanitised. */
static void copy_mrs_fault_reply(tcb_t *sender, tcb_t *receiver, const int *regs, word_t length)
{
    const word_t *buf = length > N_MSG_REGISTERS ? arch_lookup_ipc_buffer(sender, false) : NULL;
    for (word_t i = 0; i < length; i++) {
        word_t v;
        if (i < N_MSG_REGISTERS) {
            v = tcb_reg(sender, msg_registers[i]);
        } else if (buf) {
            v = buf[i + 1];
        } else {
            break;
        }
        tcb_set_reg(receiver, regs[i], arch_sanitise_register(regs[i], v));
    }
}

/*
 * A reply to a fault (seL4's handleFaultReply): cap and VM faults always
 * restart; unknown-syscall and user-exception replies set registers and
 * restart only with label 0; so do debug-exception replies, which also say
 * how far a single-stepping thread goes.  Returns whether the faulter restarts.
 */
bool handle_fault_reply(tcb_t *receiver, tcb_t *sender)
{
    seL4_MessageInfo_t tag = message_info_from_word(tcb_reg(sender, REG_MSGINFO));
    word_t label = seL4_MessageInfo_get_label(tag), length = seL4_MessageInfo_get_length(tag);
    switch (receiver->fault.type) {
    case fault_unknown_syscall:
        copy_mrs_fault_reply(sender, receiver, syscall_message, MIN(length, N_SYSCALL_MESSAGE));
        return label == 0;
    case fault_user_exception:
        copy_mrs_fault_reply(sender, receiver, exception_message, MIN(length, N_EXCEPTION_MESSAGE));
        return label == 0;
    case fault_debug_exception:
        if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
            return handle_debug_exception_reply(receiver, sender, label, length);
        }
        return true;
    default:
        return true;
    }
}

/* A CPU exception in user mode (not a page fault): UserException(number, code). */
void handle_user_exception(word_t number, word_t code)
{
    current_fault = (fault_t){.type = fault_user_exception, .w = {number, code & MASK(28)}};
    handle_fault(ks_cur_thread);
}

/*
 * A debug exception in user mode (CONFIG_HARDWARE_DEBUG_API): DebugException
 * with seL4_BreakpointType `reason`, the breakpoint's (or restart) address and
 * the breakpoint register number.
 */
void handle_debug_exception(word_t reason, word_t address, word_t bp_num)
{
    current_fault = (fault_t){.type = fault_debug_exception, .w = {address, bp_num, reason}};
    handle_fault(ks_cur_thread);
}

/* A user page fault: VMFault(address, prefetch, FSR). */
void handle_vm_fault(word_t addr, word_t fsr, bool instruction_fault)
{
    current_fault = (fault_t){.type = fault_vm, .w = {addr, instruction_fault, fsr}};
    handle_fault(ks_cur_thread);
}

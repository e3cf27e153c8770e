/*
 * TCB invocations (seL4's decodeTCBInvocation, non-MCS).  Every decoder
 * checks all of its arguments first, sets the caller to Restart, then
 * invokes; invokes that return data reply themselves and set Running.
 */
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>

#include "../include/cdt.h"
#include "../include/endpoint.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/objecttype.h"
#include "../include/printf.h"
#include "../include/tcb.h"
#include "../include/thread.h"

static const int frame_registers[N_FRAME_REGISTERS] = FRAME_REGISTER_LIST;
static const int gp_registers[N_GP_REGISTERS] = GP_REGISTER_LIST;
#define N_USER_REGISTERS (N_FRAME_REGISTERS + N_GP_REGISTERS)

static tcb_t *cap_tcb(cap_t c)
{
    return (tcb_t *)cap_ptr48(c);
}

/* Register i of seL4_UserContext order. */
static int user_register(word_t i)
{
    return i < N_FRAME_REGISTERS ? frame_registers[i] : gp_registers[i - N_FRAME_REGISTERS];
}

/* ReadRegisters: the first n registers of the target as the reply MRs. */
static exception_t decode_read_registers(cap_t cap, word_t length, bool call, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *t = cap_tcb(cap);
    if (length < 2) {
        userError("TCB ReadRegisters: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(cur, 0, buffer), n = get_syscall_arg(cur, 1, buffer);
    if (n < 1 || n > N_USER_REGISTERS) {
        userError("TCB ReadRegisters: Attempted to read an invalid number of registers (%d).", (int)n);
        return syscall_range_error(1, N_USER_REGISTERS);
    }
    if (t == cur) {
        userError("TCB ReadRegisters: Attempted to read our own registers.");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(cur, ThreadState_Restart);
    if (flags & 1) {
        suspend_thread(t);
    }
    if (call) {
        word_t *ipc = arch_lookup_ipc_buffer(cur, true);
        word_t len = 0;
        for (word_t i = 0; i < n; i++) {
            len = set_mr(cur, ipc, i, tcb_reg(t, user_register(i)));
        }
        tcb_set_reg(cur, REG_BADGE, 0);
        tcb_set_reg(cur, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, len).words[0]);
    }
    set_thread_state(cur, ThreadState_Running);
    return EXCEPTION_NONE;
}

/* WriteRegisters: n registers from MR2.., sanitised; optionally resume the target. */
static exception_t decode_write_registers(cap_t cap, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *t = cap_tcb(cap);
    if (length < 2) {
        userError("TCB WriteRegisters: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(cur, 0, buffer), n = get_syscall_arg(cur, 1, buffer);
    if (length - 2 < n) {
        userError("TCB WriteRegisters: Message too short for requested write size (%d/%d).",
                  (int)(length - 2), (int)n);
        return syscall_error(seL4_TruncatedMessage);
    }
    if (t == cur) {
        userError("TCB WriteRegisters: Attempted to write our own registers.");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(cur, ThreadState_Restart);
    n = MIN(n, (word_t)N_USER_REGISTERS);
    for (word_t i = 0; i < n; i++) {
        int r = user_register(i);
        tcb_set_reg(t, r, arch_sanitise_register(r, get_syscall_arg(cur, i + 2, buffer)));
    }
    tcb_set_reg(t, REG_NEXTIP, arch_get_restart_pc(t));
    arch_post_modify_registers(t);
    if (flags & 1) {
        restart_thread(t);
    }
    return EXCEPTION_NONE;
}

/* CopyRegisters: frame and/or gp registers from the source TCB (extra cap 0). */
static exception_t decode_copy_registers(cap_t cap, word_t length, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *dest = cap_tcb(cap);
    if (length < 1 || !current_extra_caps.excaprefs[0]) {
        userError("TCB CopyRegisters: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t flags = get_syscall_arg(cur, 0, buffer);
    cap_t src_cap = current_extra_caps.excaprefs[0]->cap;
    if (cap_get_type(src_cap) != cap_thread_cap) {
        userError("TCB CopyRegisters: Invalid source TCB.");
        current_syscall_error.invalid_cap_number = 1;
        return syscall_error(seL4_InvalidCapability);
    }
    tcb_t *src = cap_tcb(src_cap);
    set_thread_state(cur, ThreadState_Restart);
    if (flags & BIT(0)) {
        suspend_thread(src);
    }
    if (flags & BIT(1)) {
        restart_thread(dest);
    }
    if (flags & BIT(2)) {
        for (word_t i = 0; i < N_FRAME_REGISTERS; i++) {
            tcb_set_reg(dest, frame_registers[i], tcb_reg(src, frame_registers[i]));
        }
        tcb_set_reg(dest, REG_NEXTIP, arch_get_restart_pc(dest));
    }
    if (flags & BIT(3)) {
        for (word_t i = 0; i < N_GP_REGISTERS; i++) {
            tcb_set_reg(dest, gp_registers[i], tcb_reg(src, gp_registers[i]));
        }
    }
    arch_post_modify_registers(dest);
    if (dest == cur) {
        reschedule_required();
    }
    return EXCEPTION_NONE;
}

/* checkPrio: a priority above the authority's MCP is a RangeError(0, MCP). */
static exception_t check_prio(word_t prio, const tcb_t *auth)
{
    if (prio > auth->mcp) {
        return syscall_range_error(0, auth->mcp);
    }
    return EXCEPTION_NONE;
}

/* The authority TCB of SetPriority/SetMCPriority/SetSchedParams (extra cap 0). */
static tcb_t *authority(const char *what)
{
    cap_t a = current_extra_caps.excaprefs[0]->cap;
    if (cap_get_type(a) != cap_thread_cap) {
        userError("%s: authority cap not a TCB.", what);
        current_syscall_error.invalid_cap_number = 1;
        current_syscall_error.type = seL4_InvalidCapability;
        return NULL;
    }
    return cap_tcb(a);
}

/* seL4's setPriority: requeue; a runnable thread may now win the CPU. */
static void set_priority(tcb_t *t, word_t prio)
{
    sched_dequeue(t);
    t->priority = (uint8_t)prio;
    if (is_runnable(t)) {
        if (t == ks_cur_thread) {
            reschedule_required();
        } else {
            possible_switch_to(t);
        }
    }
}

/* SetPriority, SetMCPriority, SetSchedParams: values checked against the authority's MCP. */
static exception_t decode_sched(word_t label, cap_t cap, word_t length, word_t *buffer)
{
    static const char *const names[] = {"TCB SetPriority", "TCB SetMCPriority", "TCB SetSchedParams"};
    word_t which = label == TCBSetPriority ? 0 : label == TCBSetMCPriority ? 1 : 2;
    tcb_t *cur = ks_cur_thread;
    if (length < (which == 2 ? 2u : 1u) || !current_extra_caps.excaprefs[0]) {
        userError("%s: Truncated message.", names[which]);
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t a0 = get_syscall_arg(cur, 0, buffer);
    word_t mcp = which == 0 ? 0 : a0;
    word_t prio = which == 1 ? 0 : (which == 0 ? a0 : get_syscall_arg(cur, 1, buffer));
    tcb_t *auth = authority(which == 0 ? "Set priority" : names[which]);
    if (!auth) {
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (which != 0 && check_prio(mcp, auth) != EXCEPTION_NONE) {
        userError("%s: Requested maximum controlled priority %lu too high (max %lu).", names[which],
                  mcp, (word_t)auth->mcp);
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (which != 1 && check_prio(prio, auth) != EXCEPTION_NONE) {
        userError("%s: Requested priority %lu too high (max %lu).", names[which], prio,
                  (word_t)auth->mcp);
        return EXCEPTION_SYSCALL_ERROR;
    }
    set_thread_state(cur, ThreadState_Restart);
    tcb_t *t = cap_tcb(cap);
    if (which != 0) {
        t->mcp = (uint8_t)mcp;
    }
    if (which != 1) {
        set_priority(t, prio);
    }
    return EXCEPTION_NONE;
}

/* checkValidIPCBuffer: a non-device frame cap and a 1 KiB aligned address. */
static exception_t check_ipc_buffer(vptr_t addr, cap_t cap)
{
    if (cap_get_type(cap) != cap_frame_cap) {
        userError("IPC Buffer is an invalid cap.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (cap_frame_is_device(cap)) {
        userError("Specifying a device frame as an IPC buffer is not permitted.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (!IS_ALIGNED(addr, seL4_IPCBufferSizeBits)) {
        userError("IPC Buffer vaddr 0x%x is not aligned.", (int)addr);
        return syscall_error(seL4_AlignmentError);
    }
    return EXCEPTION_NONE;
}

/* Derive the buffer frame cap (if addr != 0) and check it; *slot = NULL for no buffer. */
static exception_t decode_buffer(vptr_t addr, cte_t **slot, cap_t *cap)
{
    if (addr == 0) {
        *slot = NULL;
        return EXCEPTION_NONE;
    }
    derive_ret_t d = derive_cap(*slot, *cap);
    if (d.status != EXCEPTION_NONE) {
        return d.status;
    }
    *cap = d.cap;
    return check_ipc_buffer(addr, *cap);
}

/* seL4's slotCapLongRunningDelete: the last cap to a thread, CNode or Zombie. */
static bool long_running_delete(const cte_t *slot)
{
    enum cap_tag t = cap_get_type(slot->cap);
    return (t == cap_thread_cap || t == cap_zombie_cap || t == cap_cnode_cap) &&
           is_final_capability(slot);
}

/* The CSpace and VSpace roots of SetSpace/Configure, updated and derived and checked. */
static exception_t decode_roots(const char *what, tcb_t *t, thread_control_t *tc,
                                word_t cdata, word_t vdata)
{
    if (long_running_delete(tcb_cte(t, tcbCTable)) || long_running_delete(tcb_cte(t, tcbVTable))) {
        userError("%s: CSpace or VSpace currently being deleted.", what);
        return syscall_error(seL4_IllegalOperation);
    }
    cap_t c = cdata ? update_cap_data(false, cdata, tc->croot_slot->cap) : tc->croot_slot->cap;
    derive_ret_t d = derive_cap(tc->croot_slot, c);
    if (d.status != EXCEPTION_NONE) {
        return d.status;
    }
    if (cap_get_type(d.cap) != cap_cnode_cap) {
        userError("%s: CSpace cap is invalid.", what);
        return syscall_error(seL4_IllegalOperation);
    }
    tc->croot = d.cap;
    c = vdata ? update_cap_data(false, vdata, tc->vroot_slot->cap) : tc->vroot_slot->cap;
    d = derive_cap(tc->vroot_slot, c);
    if (d.status != EXCEPTION_NONE) {
        return d.status;
    }
    if (cap_get_type(d.cap) != cap_pml4_cap || cap_vm_asid(d.cap) == 0) {
        userError("%s: VSpace cap is invalid.", what);
        return syscall_error(seL4_IllegalOperation);
    }
    tc->vroot = d.cap;
    return EXCEPTION_NONE;
}

/* Replace one of the TCB's own slots with a derived cap, if its source is still there. */
static exception_t install(tcb_t *t, cte_t *tcb_slot, enum tcb_cnode_index i, cap_t cap,
                           cte_t *src)
{
    exception_t e = cte_delete(tcb_cte(t, i), true);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    if (src && same_object_as(cap, src->cap) && same_object_as(cap_thread_cap_new((word_t)t), tcb_slot->cap)) {
        cte_insert(cap, src, tcb_cte(t, i));
    }
    return EXCEPTION_NONE;
}

/* seL4's invokeTCB_ThreadControl for the space and IPC-buffer updates. */
static exception_t invoke_thread_control(tcb_t *t, cte_t *slot, const thread_control_t *tc)
{
    exception_t e;
    if (tc->flags & TC_UPDATE_SPACE) {
        t->fault_handler = tc->fault_ep;
        e = install(t, slot, tcbCTable, tc->croot, tc->croot_slot);
        if (e == EXCEPTION_NONE) {
            e = install(t, slot, tcbVTable, tc->vroot, tc->vroot_slot);
        }
        if (e != EXCEPTION_NONE) {
            return e;
        }
    }
    if (tc->flags & TC_UPDATE_IPC_BUFFER) {
        e = cte_delete(tcb_cte(t, tcbBuffer), true);
        if (e != EXCEPTION_NONE) {
            return e;
        }
        t->ipc_buffer = tc->buffer_addr;
        e = install(t, slot, tcbBuffer, tc->buffer_cap, tc->buffer_slot);
        if (t == ks_cur_thread) {
            reschedule_required();
        }
    }
    return EXCEPTION_NONE;
}

/* Configure (master): fault EP CPtr, CSpace, VSpace and IPC buffer in one go. */
static exception_t decode_configure(cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    extra_caps_t *x = &current_extra_caps;
    if (length < 4 || !x->excaprefs[0] || !x->excaprefs[1] || !x->excaprefs[2]) {
        userError("TCB Configure: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    thread_control_t tc = {.flags = TC_UPDATE_SPACE | TC_UPDATE_IPC_BUFFER,
                           .fault_ep = get_syscall_arg(cur, 0, buffer),
                           .croot_slot = x->excaprefs[0],
                           .vroot_slot = x->excaprefs[1],
                           .buffer_addr = get_syscall_arg(cur, 3, buffer),
                           .buffer_slot = x->excaprefs[2],
                           .buffer_cap = x->excaprefs[2]->cap};
    exception_t e = decode_buffer(tc.buffer_addr, &tc.buffer_slot, &tc.buffer_cap);
    if (e == EXCEPTION_NONE) {
        e = decode_roots("TCB Configure", cap_tcb(cap), &tc, get_syscall_arg(cur, 1, buffer),
                         get_syscall_arg(cur, 2, buffer));
    }
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(cur, ThreadState_Restart);
    return invoke_thread_control(cap_tcb(cap), slot, &tc);
}

static exception_t decode_set_space(cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    extra_caps_t *x = &current_extra_caps;
    if (length < 3 || !x->excaprefs[0] || !x->excaprefs[1]) {
        userError("TCB SetSpace: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    thread_control_t tc = {.flags = TC_UPDATE_SPACE,
                           .fault_ep = get_syscall_arg(cur, 0, buffer),
                           .croot_slot = x->excaprefs[0],
                           .vroot_slot = x->excaprefs[1]};
    exception_t e = decode_roots("TCB SetSpace", cap_tcb(cap), &tc, get_syscall_arg(cur, 1, buffer),
                                 get_syscall_arg(cur, 2, buffer));
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(cur, ThreadState_Restart);
    return invoke_thread_control(cap_tcb(cap), slot, &tc);
}

/* SetIPCBuffer: a failed check leaves the old buffer in place. */
static exception_t decode_set_ipc_buffer(cap_t cap, word_t length, cte_t *slot, word_t *buffer)
{
    if (length < 1 || !current_extra_caps.excaprefs[0]) {
        userError("TCB SetIPCBuffer: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    thread_control_t tc = {.flags = TC_UPDATE_IPC_BUFFER,
                           .buffer_addr = get_syscall_arg(ks_cur_thread, 0, buffer),
                           .buffer_slot = current_extra_caps.excaprefs[0],
                           .buffer_cap = current_extra_caps.excaprefs[0]->cap};
    exception_t e = decode_buffer(tc.buffer_addr, &tc.buffer_slot, &tc.buffer_cap);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    return invoke_thread_control(cap_tcb(cap), slot, &tc);
}

/* BindNotification: a notification with Receive right, not bound, with no waiters. */
static exception_t decode_bind_notification(cap_t cap)
{
    if (!current_extra_caps.excaprefs[0]) {
        userError("TCB BindNotification: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    tcb_t *t = cap_tcb(cap);
    if (t->bound_notification) {
        userError("TCB BindNotification: TCB already has a bound notification.");
        return syscall_error(seL4_IllegalOperation);
    }
    cap_t ncap = current_extra_caps.excaprefs[0]->cap;
    if (cap_get_type(ncap) != cap_notification_cap) {
        userError("TCB BindNotification: Notification is invalid.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (!(cap_ep_rights(ncap) & CAP_RIGHT_READ)) {
        userError("TCB BindNotification: Insufficient access rights");
        return syscall_error(seL4_IllegalOperation);
    }
    notification_t *n = (notification_t *)cap_ptr48(ncap);
    if (n->queue.head || n->bound_tcb) {
        userError("TCB BindNotification: Notification cannot be bound.");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    bind_notification(t, n);
    return EXCEPTION_NONE;
}

static exception_t decode_unbind_notification(cap_t cap)
{
    tcb_t *t = cap_tcb(cap);
    if (!t->bound_notification) {
        userError("TCB UnbindNotification: TCB already has no bound Notification.");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    unbind_notification(t);
    return EXCEPTION_NONE;
}

static exception_t decode_set_tls_base(cap_t cap, word_t length, word_t *buffer)
{
    if (length < 1) {
        userError("TCB SetTLSBase: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t base = get_syscall_arg(ks_cur_thread, 0, buffer);
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    arch_set_tls_base(cap_tcb(cap), base);
    if (cap_tcb(cap) == ks_cur_thread) {
        reschedule_required();
    }
    return EXCEPTION_NONE;
}

/* SetFlags(clear, set): the reply carries the new flags in MR0. */
static exception_t decode_set_flags(cap_t cap, word_t length, bool call, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *t = cap_tcb(cap);
    if (length < 2) {
        userError("TCB SetFlags: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t clear = get_syscall_arg(cur, 0, buffer), set = get_syscall_arg(cur, 1, buffer);
    set_thread_state(cur, ThreadState_Restart);
    t->flags = (t->flags & ~clear) | (set & seL4_TCBFlag_fpuDisabled);
    arch_fpu_flags_changed(t);
    if (call) {
        word_t len = set_mr(cur, arch_lookup_ipc_buffer(cur, true), 0, t->flags);
        tcb_set_reg(cur, REG_BADGE, 0);
        tcb_set_reg(cur, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, len).words[0]);
    }
    set_thread_state(cur, ThreadState_Running);
    return EXCEPTION_NONE;
}

exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot,
                                  bool is_call, word_t *buffer)
{
    switch (label) {
    case TCBReadRegisters:
        return decode_read_registers(cap, length, is_call, buffer);
    case TCBWriteRegisters:
        return decode_write_registers(cap, length, buffer);
    case TCBCopyRegisters:
        return decode_copy_registers(cap, length, buffer);
    case TCBSuspend:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        suspend_thread(cap_tcb(cap));
        return EXCEPTION_NONE;
    case TCBResume:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        restart_thread(cap_tcb(cap));
        return EXCEPTION_NONE;
    case TCBConfigure:
        return decode_configure(cap, length, slot, buffer);
    case TCBSetPriority:
    case TCBSetMCPriority:
    case TCBSetSchedParams:
        return decode_sched(label, cap, length, buffer);
    case TCBSetIPCBuffer:
        return decode_set_ipc_buffer(cap, length, slot, buffer);
    case TCBSetSpace:
        return decode_set_space(cap, length, slot, buffer);
    case TCBBindNotification:
        return decode_bind_notification(cap);
    case TCBUnbindNotification:
        return decode_unbind_notification(cap);
    case TCBSetTLSBase:
        return decode_set_tls_base(cap, length, buffer);
    case TCBSetFlags:
        return decode_set_flags(cap, length, is_call, buffer);
    default:
        if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
            /* TCBSetBreakpoint .. TCBConfigureSingleStepping (object/tcb_debug.c) */
            return decode_tcb_debug_invocation(label, cap, is_call, buffer);
        }
        userError("TCB: Illegal operation.");
        return syscall_error(seL4_IllegalOperation);
    }
}

/*
 * Per-type capability operations and invocation dispatch (seL4's
 * src/object/objecttype.c).  Arch caps (odd tags) go to arch_* twins.
 */
#include "../include/objecttype.h"

#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>

#include "../include/cdt.h"
#include "../include/domain.h"
#include "../include/endpoint.h"
#include "../include/kernel.h"
#include "../include/printf.h"
#include "../include/thread.h"
#include "../include/util.h"

derive_ret_t derive_cap(cte_t *slot, cap_t cap)
{
    if (is_arch_cap(cap)) {
        return arch_derive_cap(slot, cap);
    }
    switch (cap_get_type(cap)) {
    case cap_zombie_cap:
    case cap_irq_control_cap:
    case cap_reply_cap:
        return (derive_ret_t){EXCEPTION_NONE, cap_null_cap_new()};
    case cap_untyped_cap: {
        exception_t status = ensure_no_children(slot);
        return (derive_ret_t){status, status == EXCEPTION_NONE ? cap : cap_null_cap_new()};
    }
    default:
        return (derive_ret_t){EXCEPTION_NONE, cap};
    }
}

static finalise_ret_t finalised(cap_t remainder, cap_t cleanup)
{
    return (finalise_ret_t){remainder, cleanup};
}

/* The last cap to a TCB goes: the thread stops and its CNode becomes a Zombie. */
static finalise_ret_t finalise_tcb(tcb_t *t)
{
    unbind_notification(t);
    suspend_thread(t);
    tcb_debug_remove(t);
    arch_forget_thread(t);
    return finalised(cap_zombie_cap_new((word_t)tcb_cte(t, 0), ZOMBIE_TYPE_TCB, TCB_CNODE_SLOTS),
                     cap_null_cap_new());
}

finalise_ret_t finalise_cap(cap_t cap, bool final, bool exposed)
{
    if (is_arch_cap(cap)) {
        return arch_finalise_cap(cap, final);
    }
    switch (cap_get_type(cap)) {
    case cap_endpoint_cap:
        if (final) {
            cancel_all_ipc((endpoint_t *)cap_ptr48(cap));
        }
        return finalised(cap_null_cap_new(), cap_null_cap_new());
    case cap_notification_cap:
        if (final) {
            notification_t *n = (notification_t *)cap_ptr48(cap);
            unbind_maybe_notification(n);
            cancel_all_signals(n);
        }
        return finalised(cap_null_cap_new(), cap_null_cap_new());
    case cap_reply_cap:
    case cap_null_cap:
    case cap_domain_cap:
        return finalised(cap_null_cap_new(), cap_null_cap_new());
    default:
        break;
    }
    assert(!exposed);
    switch (cap_get_type(cap)) {
    case cap_cnode_cap:
        if (final) {
            word_t radix = cap_cnode_radix(cap);
            return finalised(cap_zombie_cap_new(cap_cnode_ptr(cap), radix, BIT(radix)),
                             cap_null_cap_new());
        }
        break;
    case cap_thread_cap:
        if (final) {
            return finalise_tcb((tcb_t *)cap_ptr48(cap));
        }
        break;
    case cap_zombie_cap:
        return finalised(cap, cap_null_cap_new());
    case cap_irq_handler_cap:
        if (final) {
            return finalised(cap_null_cap_new(), cap);
        }
        break;
    default:
        break;
    }
    return finalised(cap_null_cap_new(), cap_null_cap_new());
}

/* After the last IRQ handler cap is gone, the IRQ is free again (IRQ issue). */
void post_cap_deletion(cap_t cleanup)
{
    (void)cleanup;
}

/* Physical extent of a cap to memory: [base, base + 2^bits). */
bool cap_physical_extent(cap_t c, word_t *base, word_t *bits)
{
    switch (cap_get_type(c)) {
    case cap_untyped_cap:
        *base = cap_untyped_ptr(c);
        *bits = cap_untyped_size_bits(c);
        return true;
    case cap_endpoint_cap:
        *base = cap_ptr48(c);
        *bits = seL4_EndpointBits;
        return true;
    case cap_notification_cap:
        *base = cap_ptr48(c);
        *bits = seL4_NotificationBits;
        return true;
    case cap_cnode_cap:
        *base = cap_cnode_ptr(c);
        *bits = cap_cnode_radix(c) + seL4_SlotBits;
        return true;
    case cap_thread_cap:
        *base = cap_ptr48(c) & ~MASK(seL4_TCBBits);
        *bits = seL4_TCBBits;
        return true;
    case cap_zombie_cap: /* points at the slots: the CNode, or the start of the TCB object */
        *base = cap_ptr48(c);
        *bits = cap_zombie_type(c) == ZOMBIE_TYPE_TCB ? seL4_TCBBits
                                                       : cap_zombie_type(c) + seL4_SlotBits;
        return true;
    case cap_frame_cap:
        *base = cap_vm_ptr(c);
        *bits = 12 + 9 * (word_t)cap_frame_size(c);
        return true;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
    case cap_asid_pool_cap:
        *base = cap_vm_ptr(c);
        *bits = 12;
        return true;
    default:
        return false;
    }
}

bool same_region_as(cap_t a, cap_t b)
{
    enum cap_tag ta = cap_get_type(a), tb = cap_get_type(b);
    switch (ta) {
    case cap_untyped_cap: {
        word_t base, bits;
        if (!cap_physical_extent(b, &base, &bits)) {
            return false;
        }
        word_t a_base = cap_untyped_ptr(a), a_top = a_base + MASK(cap_untyped_size_bits(a));
        word_t b_top = base + MASK(bits);
        return a_base <= base && b_top <= a_top && base <= b_top;
    }
    case cap_endpoint_cap:
    case cap_notification_cap:
    case cap_thread_cap:
    case cap_reply_cap:
        return tb == ta && cap_ptr48(a) == cap_ptr48(b);
    case cap_cnode_cap:
        return tb == ta && cap_cnode_ptr(a) == cap_cnode_ptr(b) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case cap_domain_cap:
        return tb == cap_domain_cap;
    case cap_irq_control_cap:
        return tb == cap_irq_control_cap || tb == cap_irq_handler_cap;
    case cap_irq_handler_cap:
        return tb == cap_irq_handler_cap && a.words[1] == b.words[1];
    default:
        return is_arch_cap(a) && is_arch_cap(b) && arch_same_region_as(a, b);
    }
}

bool same_object_as(cap_t a, cap_t b)
{
    if (cap_get_type(a) == cap_untyped_cap || cap_get_type(a) == cap_irq_control_cap) {
        return false;
    }
    if (is_arch_cap(a) && is_arch_cap(b)) {
        return arch_same_object_as(a, b);
    }
    return same_region_as(a, b);
}

/* Mint/Mutate data: a badge for an unbadged endpoint/notification, a guard for a CNode. */
cap_t update_cap_data(bool preserve, word_t data, cap_t cap)
{
    switch (cap_get_type(cap)) {
    case cap_endpoint_cap:
    case cap_notification_cap:
        if (!preserve && cap_ep_badge(cap) == 0) {
            cap_ep_set_badge(&cap, data);
            return cap;
        }
        return cap_null_cap_new();
    case cap_cnode_cap: {
        word_t guard_size = data & MASK(6);
        if (guard_size + cap_cnode_radix(cap) > 64) {
            return cap_null_cap_new();
        }
        cap_cnode_set_guard(&cap, guard_size, (data >> 6) & MASK(guard_size));
        return cap;
    }
    default:
        return cap;
    }
}

cap_t mask_cap_rights(word_t rights, cap_t cap)
{
    if (is_arch_cap(cap)) {
        return arch_mask_cap_rights(rights, cap);
    }
    switch (cap_get_type(cap)) {
    case cap_endpoint_cap:
        cap_ep_set_rights(&cap, cap_ep_rights(cap) & rights);
        return cap;
    case cap_notification_cap: /* Read and Write only */
        cap_ep_set_rights(&cap, cap_ep_rights(cap) & rights & (CAP_RIGHT_READ | CAP_RIGHT_WRITE));
        return cap;
    case cap_reply_cap:
        cap_reply_set_can_grant(&cap, cap_reply_can_grant(cap) && (rights & CAP_RIGHT_GRANT));
        return cap;
    default:
        return cap;
    }
}

bool has_cancel_send_rights(cap_t cap)
{
    return cap_get_type(cap) == cap_endpoint_cap && cap_ep_rights(cap) == CAP_RIGHTS_ALL;
}

word_t get_object_size(word_t type, word_t user_size)
{
    switch (type) {
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return seL4_SlotBits + user_size;
    case seL4_UntypedObject:
        return user_size;
    default:
        return arch_get_object_size(type);
    }
}

/* A new TCB: priority and MCP 0, current domain, full time slice, "child of: '<creator>'". */
static cap_t create_tcb(word_t region)
{
    tcb_t *t = (tcb_t *)(region + BIT(seL4_TCBBits - 1));
    char name[TCB_NAME_LENGTH];
    strlcpy(name, "child of: '", sizeof(name));
    size_t n = strlen(name);
    n += strlcpy(name + n, tcb_name(ks_cur_thread), sizeof(name) - n);
    if (n + 1 < sizeof(name)) {
        name[n] = '\'';
        name[n + 1] = '\0';
    }
    thread_init_tcb(t, name);
    return cap_thread_cap_new((word_t)t);
}

/* Make one object in zeroed memory at region (kernel window address) and return its cap. */
cap_t create_object(word_t type, word_t region, word_t user_size, bool device)
{
    switch (type) {
    case seL4_TCBObject:
        return create_tcb(region);
    case seL4_EndpointObject:
        return cap_endpoint_cap_new(region, 0, CAP_RIGHTS_ALL);
    case seL4_NotificationObject:
        return cap_notification_cap_new(region, 0, CAP_RIGHT_READ | CAP_RIGHT_WRITE);
    case seL4_CapTableObject:
        return cap_cnode_cap_new(region, user_size, 0, 0);
    case seL4_UntypedObject:
        return cap_untyped_cap_new(region, user_size, device, 0);
    default:
        return arch_create_object(type, region, device);
    }
}

/* Object types whose invocations later issues add; named so the userError is plain. */
static const char *pending_type_name(enum cap_tag t)
{
    switch (t) {
    case cap_irq_control_cap:
    case cap_irq_handler_cap:
        return "IRQ";
    default:
        return "this";
    }
}

/* decodeInvocation: the decoder of the invoked cap's type (seL4's order of cases). */
exception_t decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                              bool is_blocking, bool is_call, word_t *buffer)
{
    (void)is_blocking;
    switch (cap_get_type(cap)) {
    case cap_null_cap:
        userError("Attempted to invoke a null cap #%lu.", cptr);
        current_syscall_error.type = seL4_InvalidCapability;
        current_syscall_error.invalid_cap_number = 0;
        return EXCEPTION_SYSCALL_ERROR;
    case cap_zombie_cap:
        userError("Attempted to invoke a zombie cap #%lu.", cptr);
        current_syscall_error.type = seL4_InvalidCapability;
        current_syscall_error.invalid_cap_number = 0;
        return EXCEPTION_SYSCALL_ERROR;
    case cap_endpoint_cap:
        if (!(cap_ep_rights(cap) & CAP_RIGHT_WRITE)) {
            userError("Attempted to invoke a read-only endpoint cap #%lu.", cptr);
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        send_ipc(is_blocking, is_call, cap_ep_badge(cap), cap_ep_rights(cap) & CAP_RIGHT_GRANT,
                 cap_ep_rights(cap) & CAP_RIGHT_GRANT_REPLY, ks_cur_thread,
                 (endpoint_t *)cap_ptr48(cap));
        return EXCEPTION_NONE;
    case cap_notification_cap:
        if (!(cap_ep_rights(cap) & CAP_RIGHT_WRITE)) {
            userError("Attempted to invoke a read-only notification cap #%lu.", cptr);
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        send_signal((notification_t *)cap_ptr48(cap), cap_ep_badge(cap));
        return EXCEPTION_NONE;
    case cap_reply_cap:
        if (cap_reply_master(cap)) {
            userError("Attempted to invoke an invalid reply cap #%lu.", cptr);
            current_syscall_error.type = seL4_InvalidCapability;
            current_syscall_error.invalid_cap_number = 0;
            return EXCEPTION_SYSCALL_ERROR;
        }
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        do_reply_transfer(ks_cur_thread, (tcb_t *)cap_ptr48(cap), slot, cap_reply_can_grant(cap));
        return EXCEPTION_NONE;
    case cap_thread_cap:
        return decode_tcb_invocation(label, length, cap, slot, is_call, buffer);
    case cap_cnode_cap:
        return decode_cnode_invocation(label, length, cap, buffer);
    case cap_untyped_cap:
        return decode_untyped_invocation(label, length, slot, cap, buffer);
    case cap_domain_cap:
        return decode_domain_invocation(label, length, buffer);
    default:
        if (is_arch_cap(cap)) {
            return arch_decode_invocation(label, length, cptr, slot, cap, is_call, buffer);
        }
        userError("%s invocations are not implemented yet in Mica (label %lu).",
                  pending_type_name(cap_get_type(cap)), label);
        current_syscall_error.type = seL4_IllegalOperation;
        return EXCEPTION_SYSCALL_ERROR;
    }
}

/*
 * CNode invocations (seL4's decodeCNodeInvocation): the target slot is
 * looked up first, then each operation checks its arguments in seL4's
 * order; the invoke functions only rearrange the derivation tree.
 */
#include <sel4/errors.h>
#include <sel4/invocation.h>

#include "../include/cdt.h"
#include "../include/endpoint.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/objecttype.h"
#include "../include/printf.h"
#include "../include/thread.h"

/* An empty source slot is a FailedLookup naming the source (or not) with MissingCapability. */
static exception_t missing_cap(bool is_source, word_t depth)
{
    current_syscall_error.failed_lookup_was_source = is_source;
    current_lookup_fault = (lookup_fault_t){lookup_fault_missing_capability, depth, 0, 0};
    return syscall_error(seL4_FailedLookup);
}

/* Copy, Mint, Move, Mutate: into the empty dest from a slot named through extra cap 0. */
static exception_t decode_copy_family(word_t label, word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 4 || !current_extra_caps.excaprefs[0]) {
        userError("CNode Copy/Mint/Move/Mutate: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t src_index = get_syscall_arg(t, 2, buffer);
    word_t src_depth = get_syscall_arg(t, 3, buffer);
    cap_t src_root = current_extra_caps.excaprefs[0]->cap;
    if (ensure_empty_slot(dest) != EXCEPTION_NONE) {
        userError("CNode Copy/Mint/Move/Mutate: Destination not empty.");
        return EXCEPTION_SYSCALL_ERROR;
    }
    lookup_slot_ret_t lu = lookup_slot_for_cnode_op(true, src_root, src_index, src_depth);
    if (lu.status != EXCEPTION_NONE) {
        userError("CNode Copy/Mint/Move/Mutate: Invalid source slot.");
        return lu.status;
    }
    cte_t *src = lu.slot;
    if (cap_is_null(src->cap)) {
        userError("CNode Copy/Mint/Move/Mutate: Source slot invalid or empty.");
        return missing_cap(true, src_depth);
    }
    cap_t new_cap;
    bool is_move = label == CNodeMove || label == CNodeMutate;
    if (label == CNodeCopy || label == CNodeMint) {
        word_t need = label == CNodeCopy ? 5 : 6;
        if (length < need) {
            userError("CNode %s: Truncated message.", label == CNodeCopy ? "Copy" : "Mint");
            return syscall_error(seL4_TruncatedMessage);
        }
        cap_t c = mask_cap_rights(get_syscall_arg(t, 4, buffer), src->cap);
        if (label == CNodeMint) {
            c = update_cap_data(false, get_syscall_arg(t, 5, buffer), c);
        }
        derive_ret_t d = derive_cap(src, c);
        if (d.status != EXCEPTION_NONE) {
            userError("Error deriving cap for CNode %s operation.", label == CNodeCopy ? "Copy" : "Mint");
            return d.status;
        }
        new_cap = d.cap;
    } else if (label == CNodeMutate) {
        if (length < 5) {
            userError("CNode Mutate: Truncated message.");
            return syscall_error(seL4_TruncatedMessage);
        }
        new_cap = update_cap_data(true, get_syscall_arg(t, 4, buffer), src->cap);
    } else {
        new_cap = src->cap;
    }
    if (cap_is_null(new_cap)) {
        userError("CNode Copy/Mint/Move/Mutate: Mutated cap would be invalid.");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(t, ThreadState_Restart);
    if (is_move) {
        cte_move(new_cap, src, dest);
    } else {
        cte_insert(new_cap, src, dest);
    }
    return EXCEPTION_NONE;
}

/* Rotate: src -> pivot -> dest, with new data for both; dest may equal src (a swap). */
static exception_t decode_rotate(word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 8 || !current_extra_caps.excaprefs[0] || !current_extra_caps.excaprefs[1]) {
        userError("CNode Rotate: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t pivot_data = get_syscall_arg(t, 2, buffer), pivot_index = get_syscall_arg(t, 3, buffer);
    word_t pivot_depth = get_syscall_arg(t, 4, buffer), src_data = get_syscall_arg(t, 5, buffer);
    word_t src_index = get_syscall_arg(t, 6, buffer), src_depth = get_syscall_arg(t, 7, buffer);
    cap_t pivot_root = current_extra_caps.excaprefs[0]->cap;
    cap_t src_root = current_extra_caps.excaprefs[1]->cap;
    lookup_slot_ret_t lu = lookup_slot_for_cnode_op(true, src_root, src_index, src_depth);
    if (lu.status != EXCEPTION_NONE) {
        return lu.status;
    }
    cte_t *src = lu.slot;
    lu = lookup_slot_for_cnode_op(true, pivot_root, pivot_index, pivot_depth);
    if (lu.status != EXCEPTION_NONE) {
        return lu.status;
    }
    cte_t *pivot = lu.slot;
    if (pivot == src || pivot == dest) {
        userError("CNode Rotate: Pivot slot the same as source or dest slot.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (src != dest && ensure_empty_slot(dest) != EXCEPTION_NONE) {
        return EXCEPTION_SYSCALL_ERROR;
    }
    if (cap_is_null(src->cap)) {
        return missing_cap(true, src_depth);
    }
    if (cap_is_null(pivot->cap)) {
        return missing_cap(false, pivot_depth);
    }
    cap_t new_src = update_cap_data(true, src_data, src->cap);
    cap_t new_pivot = update_cap_data(true, pivot_data, pivot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot)) {
        userError("CNode Rotate: %s cap invalid.", cap_is_null(new_src) ? "Source" : "Pivot");
        return syscall_error(seL4_IllegalOperation);
    }
    set_thread_state(t, ThreadState_Restart);
    if (src == dest) {
        cte_swap(new_src, src, new_pivot, pivot);
    } else {
        cte_move(new_pivot, pivot, dest);
        cte_move(new_src, src, pivot);
    }
    return EXCEPTION_NONE;
}

/* SaveCaller: move the caller's reply cap (if any) into the empty dest. */
static exception_t decode_save_caller(cte_t *dest)
{
    if (ensure_empty_slot(dest) != EXCEPTION_NONE) {
        userError("CNode SaveCaller: Destination slot not empty.");
        return EXCEPTION_SYSCALL_ERROR;
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    cte_t *caller = tcb_cte(ks_cur_thread, tcbCaller);
    if (cap_is_null(caller->cap)) {
        userError("CNode SaveCaller: Reply cap not present.");
    } else if (cap_get_type(caller->cap) == cap_reply_cap && !cap_reply_master(caller->cap)) {
        cte_move(caller->cap, caller, dest);
    }
    return EXCEPTION_NONE;
}

exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label < CNodeRevoke || label > CNodeSaveCaller) {
        userError("CNodeCap: Illegal Operation attempted.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (length < 2) {
        userError("CNode operation: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    lookup_slot_ret_t lu = lookup_slot_for_cnode_op(false, cap, get_syscall_arg(t, 0, buffer),
                                                    get_syscall_arg(t, 1, buffer));
    if (lu.status != EXCEPTION_NONE) {
        userError("CNode operation: Target slot invalid.");
        return lu.status;
    }
    cte_t *dest = lu.slot;
    switch (label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_copy_family(label, length, dest, buffer);
    case CNodeRevoke:
        set_thread_state(t, ThreadState_Restart);
        return cte_revoke(dest);
    case CNodeDelete:
        set_thread_state(t, ThreadState_Restart);
        return cte_delete(dest, true);
    case CNodeSaveCaller:
        return decode_save_caller(dest);
    case CNodeCancelBadgedSends:
        if (!has_cancel_send_rights(dest->cap)) {
            userError("CNode CancelBadgedSends: Target cap invalid.");
            return syscall_error(seL4_IllegalOperation);
        }
        set_thread_state(t, ThreadState_Restart);
        if (cap_ep_badge(dest->cap) != 0) {
            cancel_badged_sends((endpoint_t *)cap_ptr48(dest->cap), cap_ep_badge(dest->cap));
        }
        return EXCEPTION_NONE;
    default: /* CNodeRotate */
        return decode_rotate(length, dest, buffer);
    }
}

/*
 * Untyped_Retype (seL4's decodeUntypedInvocation): every check in seL4's
 * order, then objects are carved from the untyped's free space.
 *
 * Invariant: memory of an untyped above its free index is zero.  Boot
 * untypeds start full (free index = max), so their first retype resets
 * (zeroes) them; a reset happens whenever the untyped has no children.
 */
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>

#include "../include/cdt.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/objecttype.h"
#include "../include/printf.h"
#include "../include/thread.h"
#include "../include/untyped.h"
#include "../include/util.h"

#define RESET_CHUNK_BITS 8 /* CONFIG_RESET_CHUNK_BITS: zero 256 bytes between preemption points */


typedef struct retype_args {
    word_t type, user_size, object_bits;
    cte_t *dest_cnode;
    word_t offset, count;
} retype_args_t;

/* Type and size checks (seL4's first group). */
static exception_t check_type_and_size(retype_args_t *a)
{
    if (a->type >= seL4_ObjectTypeCount) {
        userError("Untyped Retype: Invalid object type.");
        return syscall_invalid_argument(0);
    }
    a->object_bits = get_object_size(a->type, a->user_size);
    if (a->user_size >= 64 || a->object_bits > seL4_MaxUntypedBits) {
        userError("Untyped Retype: Invalid object size.");
        return syscall_range_error(0, seL4_MaxUntypedBits);
    }
    if (a->type == seL4_CapTableObject && a->user_size == 0) {
        userError("Untyped Retype: Requested CapTable size too small.");
        return syscall_invalid_argument(1);
    }
    if (a->type == seL4_UntypedObject && a->user_size < seL4_MinUntypedBits) {
        userError("Untyped Retype: Requested UntypedItem size too small.");
        return syscall_invalid_argument(1);
    }
    return EXCEPTION_NONE;
}

/* Destination CNode and window checks (seL4's second group). */
static exception_t check_destination(retype_args_t *a, word_t index, word_t depth)
{
    cap_t node = current_extra_caps.excaprefs[0]->cap;
    if (depth != 0) {
        lookup_slot_ret_t lu = lookup_slot_for_cnode_op(false, node, index, depth);
        if (lu.status != EXCEPTION_NONE) {
            userError("Untyped Retype: Invalid destination address.");
            return lu.status;
        }
        node = lu.slot->cap;
    }
    if (cap_get_type(node) != cap_cnode_cap) {
        userError("Untyped Retype: Destination cap invalid or read-only.");
        current_syscall_error.failed_lookup_was_source = false;
        current_lookup_fault = (lookup_fault_t){lookup_fault_missing_capability, depth, 0, 0};
        return syscall_error(seL4_FailedLookup);
    }
    word_t size = BIT(cap_cnode_radix(node));
    if (a->offset > size - 1) {
        userError("Untyped Retype: Destination node offset #%d too large.", (int)a->offset);
        return syscall_range_error(0, size - 1);
    }
    if (a->count < 1 || a->count > CONFIG_RETYPE_FAN_OUT_LIMIT) {
        userError("Untyped Retype: Number of requested objects (%d) too small or large.",
                  (int)a->count);
        return syscall_range_error(1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    }
    if (a->count > size - a->offset) {
        userError("Untyped Retype: Requested destination window overruns size of node.");
        return syscall_range_error(1, size - a->offset);
    }
    a->dest_cnode = (cte_t *)cap_cnode_ptr(node);
    for (word_t i = a->offset; i < a->offset + a->count; i++) {
        if (ensure_empty_slot(&a->dest_cnode[i]) != EXCEPTION_NONE) {
            userError("Untyped Retype: Slot #%d in destination window non-empty.", (int)i);
            return EXCEPTION_SYSCALL_ERROR;
        }
    }
    return EXCEPTION_NONE;
}

/* Zero the used part of an untyped from the top down, 256 bytes per step. */
static exception_t reset_untyped(cte_t *slot)
{
    cap_t cap = slot->cap;
    word_t bits = cap_untyped_size_bits(cap), base = cap_untyped_ptr(cap);
    word_t offset = FREE_INDEX_TO_OFFSET(cap_untyped_free_index(cap));
    if (offset == 0) {
        return EXCEPTION_NONE;
    }
    if (cap_untyped_is_device(cap) || bits < RESET_CHUNK_BITS) {
        if (!cap_untyped_is_device(cap)) {
            memset((void *)base, 0, BIT(bits));
        }
        cap_untyped_set_free_index(&slot->cap, 0);
        return EXCEPTION_NONE;
    }
    for (offset = ROUND_DOWN(offset - 1, RESET_CHUNK_BITS);; offset -= BIT(RESET_CHUNK_BITS)) {
        memset((void *)(base + offset), 0, BIT(RESET_CHUNK_BITS));
        cap_untyped_set_free_index(&slot->cap, OFFSET_TO_FREE_INDEX(offset));
        if (offset == 0) {
            return EXCEPTION_NONE;
        }
        exception_t status = preemption_point();
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
}

/* Commit: reset if asked, move the watermark, create the objects and their caps. */
static exception_t invoke_untyped_retype(cte_t *slot, bool reset, const retype_plan_t *plan,
                                         const retype_args_t *a)
{
    if (reset) {
        exception_t status = reset_untyped(slot);
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
    word_t base = plan->first;
    cap_untyped_set_free_index(&slot->cap, plan->new_free_index);
    bool device = cap_untyped_is_device(slot->cap);
    for (word_t i = 0; i < a->count; i++) {
        cap_t c = create_object(a->type, base + (i << a->object_bits), a->user_size, device);
        insert_new_cap(slot, &a->dest_cnode[a->offset + i], c);
    }
    return EXCEPTION_NONE;
}

exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label != UntypedRetype) {
        userError("Untyped cap: Illegal operation attempted.");
        return syscall_error(seL4_IllegalOperation);
    }
    if (length < 6 || !current_extra_caps.excaprefs[0]) {
        userError("Untyped invocation: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    retype_args_t a = {.type = get_syscall_arg(t, 0, buffer),
                       .user_size = get_syscall_arg(t, 1, buffer),
                       .offset = get_syscall_arg(t, 4, buffer),
                       .count = get_syscall_arg(t, 5, buffer)};
    exception_t status = check_type_and_size(&a);
    if (status == EXCEPTION_NONE) {
        status = check_destination(&a, get_syscall_arg(t, 2, buffer), get_syscall_arg(t, 3, buffer));
    }
    if (status != EXCEPTION_NONE) {
        return status;
    }
    bool reset = ensure_no_children(slot) == EXCEPTION_NONE;
    retype_plan_t plan = retype_plan(cap_untyped_ptr(cap), cap_untyped_size_bits(cap),
                                     reset ? 0 : cap_untyped_free_index(cap), a.object_bits, a.count);
    if (!plan.fits) {
        userError("Untyped Retype: Insufficient memory (%lu * %lu bytes needed, %lu bytes available).",
                  a.count, a.object_bits >= 64 ? ~0ul : BIT(a.object_bits), plan.free_bytes);
        current_syscall_error.memory_left = plan.free_bytes;
        return syscall_error(seL4_NotEnoughMemory);
    }
    if (cap_untyped_is_device(cap) && !arch_is_frame_type(a.type) && a.type != seL4_UntypedObject) {
        userError("Untyped Retype: Creating kernel objects with device untyped");
        return syscall_invalid_argument(1);
    }
    set_thread_state(t, ThreadState_Restart);
    return invoke_untyped_retype(slot, reset, &plan, &a);
}

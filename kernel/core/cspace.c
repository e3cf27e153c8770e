/*
 * CSpace addressing: walk a CPtr through CNode caps, guard then radix at each
 * level, most significant bits first (seL4-abi.md §3.2).
 *
 *   cptr (n_bits to resolve)
 *   |<- guardSize ->|<- radix ->|<- rest, resolved by the next CNode ->|
 */
#include "../include/cspace.h"

#include <sel4/errors.h>

extra_caps_t current_extra_caps;
syscall_error_t current_syscall_error;
lookup_fault_t current_lookup_fault;
fault_t current_fault;

static lookup_fault_t lf_new(enum lookup_fault_type type, word_t left, word_t found,
                             word_t guard)
{
    return (lookup_fault_t){type, left, found, guard};
}

/*
 * Resolve n_bits of cptr starting at node_cap.  Stops early (no error) at the
 * first slot that does not hold a CNode; on failure sets current_lookup_fault.
 */
resolve_ret_t resolve_address_bits(cap_t node_cap, word_t cptr, word_t n_bits)
{
    resolve_ret_t ret = {EXCEPTION_NONE, NULL, n_bits};
    if (cap_get_type(node_cap) != cap_cnode_cap) {
        current_lookup_fault = lf_new(lookup_fault_invalid_root, 0, 0, 0);
        ret.status = EXCEPTION_LOOKUP_FAULT;
        return ret;
    }
    /* Common case: one CNode whose guard and radix take exactly the bits asked for. */
    word_t radix0 = cap_cnode_radix(node_cap), guard0 = cap_cnode_guard_size(node_cap);
    if (likely(radix0 + guard0 == n_bits && radix0 < 64 && (cptr & ~MASK(n_bits)) == 0 &&
               (cptr >> radix0) == cap_cnode_guard(node_cap))) {
        ret.slot = (cte_t *)cap_cnode_ptr(node_cap) + (cptr & MASK(radix0));
        ret.bits_remaining = 0;
        return ret;
    }
    for (;;) {
        word_t radix = cap_cnode_radix(node_cap);
        word_t guard_size = cap_cnode_guard_size(node_cap);
        word_t level_bits = radix + guard_size;
        word_t cap_guard = cap_cnode_guard(node_cap);
        /* A guard of size 0 reads no bits (the shift by 64 is masked away). */
        word_t guard = (cptr >> ((n_bits - guard_size) & 63)) & MASK(guard_size);
        if (guard_size > n_bits || guard != cap_guard) {
            current_lookup_fault =
                lf_new(lookup_fault_guard_mismatch, n_bits, guard_size, cap_guard);
            ret.status = EXCEPTION_LOOKUP_FAULT;
            return ret;
        }
        if (level_bits > n_bits) {
            current_lookup_fault = lf_new(lookup_fault_depth_mismatch, n_bits, level_bits, 0);
            ret.status = EXCEPTION_LOOKUP_FAULT;
            return ret;
        }
        word_t index = (cptr >> (n_bits - level_bits)) & MASK(radix);
        cte_t *slot = (cte_t *)cap_cnode_ptr(node_cap) + index;
        if (n_bits == level_bits) {
            ret.slot = slot;
            ret.bits_remaining = 0;
            return ret;
        }
        n_bits -= level_bits;
        node_cap = slot->cap;
        if (cap_get_type(node_cap) != cap_cnode_cap) {
            ret.slot = slot;
            ret.bits_remaining = n_bits;
            return ret;
        }
    }
}

/* A thread's CPtr lookup: 64 bits from its CSpace root, leftover bits ignored. */
lookup_slot_ret_t lookup_slot(const tcb_t *thread, word_t cptr)
{
    resolve_ret_t r = resolve_address_bits(tcb_cte(thread, tcbCTable)->cap, cptr, 64);
    return (lookup_slot_ret_t){r.status, r.slot};
}

lookup_cap_ret_t lookup_cap_and_slot(const tcb_t *thread, word_t cptr)
{
    lookup_slot_ret_t s = lookup_slot(thread, cptr);
    if (s.status != EXCEPTION_NONE) {
        return (lookup_cap_ret_t){s.status, cap_null_cap_new(), NULL};
    }
    return (lookup_cap_ret_t){EXCEPTION_NONE, s.slot->cap, s.slot};
}

/*
 * A CNode-operation lookup: exactly depth bits (1..64) from root.  Failures
 * are syscall errors (RangeError, FailedLookup) with current_lookup_fault set.
 */
lookup_slot_ret_t lookup_slot_for_cnode_op(bool is_source, cap_t root, word_t cptr, word_t depth)
{
    lookup_slot_ret_t ret = {EXCEPTION_SYSCALL_ERROR, NULL};
    if (cap_get_type(root) != cap_cnode_cap) {
        current_syscall_error.type = seL4_FailedLookup;
        current_syscall_error.failed_lookup_was_source = is_source;
        current_lookup_fault = lf_new(lookup_fault_invalid_root, 0, 0, 0);
        return ret;
    }
    if (depth < 1 || depth > 64) {
        current_syscall_error.type = seL4_RangeError;
        current_syscall_error.range_min = 1;
        current_syscall_error.range_max = 64;
        return ret;
    }
    resolve_ret_t r = resolve_address_bits(root, cptr, depth);
    if (r.status != EXCEPTION_NONE) {
        current_syscall_error.type = seL4_FailedLookup;
        current_syscall_error.failed_lookup_was_source = is_source;
        return ret;
    }
    if (r.bits_remaining != 0) {
        current_syscall_error.type = seL4_FailedLookup;
        current_syscall_error.failed_lookup_was_source = is_source;
        current_lookup_fault = lf_new(lookup_fault_depth_mismatch, r.bits_remaining, 0, 0);
        return ret;
    }
    ret.status = EXCEPTION_NONE;
    ret.slot = r.slot;
    return ret;
}

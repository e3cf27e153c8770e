/*
 * ASID control and ASID pools (seL4's decodeX86MMUInvocation for
 * cap_asid_control_cap and cap_asid_pool_cap).
 *
 *   ASID (12 bits):  11..9 pool index (x86KSASIDTable) | 8..0 slot in the pool
 *
 * A pool is one 4 KiB object of 512 words, each the kernel-window address of
 * the PML4 holding that ASID, or 0.  ASID 0 is never handed out (it means
 * "not mapped" in caps); the root task holds ASID 1 of pool 0.
 */
#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "../../include/cdt.h"
#include "../../include/message.h"
#include "../../include/printf.h"
#include "../../include/thread.h"
#include "../../include/util.h"
#include "invocation.h"
#include "vspace.h"

/* Free index (16-byte units) of a full untyped: seL4's MAX_FREE_INDEX. */
#define MAX_FREE_INDEX(bits) (BIT(bits) >> seL4_MinUntypedBits)

/*
 * Turn the untyped's memory into a zeroed pool whose cap becomes the
 * untyped's child, mark the untyped full, and enter the pool in the table.
 */
static exception_t invoke_asid_control_make_pool(cte_t *parent, cte_t *dest, word_t pool_index)
{
    word_t frame = cap_untyped_ptr(parent->cap);
    cap_untyped_set_free_index(&parent->cap, MAX_FREE_INDEX(cap_untyped_size_bits(parent->cap)));
    memset((void *)frame, 0, BIT(seL4_ASIDPoolBits));
    cte_insert(cap_asid_pool_cap_new(frame, pool_index << ASID_POOL_BITS), parent, dest);
    x86_set_asid_pool(pool_index, frame);
    return EXCEPTION_NONE;
}

/* The first free index of the ASID table, or N_ASID_POOLS if all are taken. */
static word_t free_pool_index(void)
{
    word_t i = 0;
    while (i < N_ASID_POOLS && x86_asid_pool_at(i) != 0) {
        i++;
    }
    return i;
}

/*
 * X86_ASIDControl_MakePool(untyped, root, index, depth): a free pool slot
 * first, then an unused, non-device 4 KiB untyped, then an empty destination.
 */
exception_t decode_x86_asid_control_invocation(word_t label, word_t length, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label != X86ASIDControlMakePool) {
        userError("ASIDControl: Illegal operation.");
        return arch_syscall_error(seL4_IllegalOperation);
    }
    if (length < 2 || !current_extra_caps.excaprefs[0] || !current_extra_caps.excaprefs[1]) {
        userError("ASIDControlMakePool: Truncated message.");
        return arch_syscall_error(seL4_TruncatedMessage);
    }
    word_t index = get_syscall_arg(t, 0, buffer);
    word_t depth = get_syscall_arg(t, 1, buffer);
    cte_t *parent = current_extra_caps.excaprefs[0];
    cap_t untyped = parent->cap;
    cap_t root = current_extra_caps.excaprefs[1]->cap;
    word_t pool_index = free_pool_index();
    if (pool_index == N_ASID_POOLS) {
        userError("ASIDControlMakePool: No unallocated pools found.");
        return arch_syscall_error(seL4_DeleteFirst);
    }
    if (cap_get_type(untyped) != cap_untyped_cap ||
        cap_untyped_size_bits(untyped) != seL4_ASIDPoolBits || cap_untyped_is_device(untyped)) {
        userError("ASIDControlMakePool: The untyped must be a non-device 4 KiB untyped.");
        return arch_invalid_capability(1);
    }
    exception_t status = ensure_no_children(parent);
    if (status != EXCEPTION_NONE) {
        userError("ASIDControlMakePool: The untyped has children.");
        return status;
    }
    lookup_slot_ret_t lu = lookup_slot_for_cnode_op(false, root, index, depth);
    if (lu.status != EXCEPTION_NONE) {
        userError("ASIDControlMakePool: Invalid destination slot.");
        return lu.status;
    }
    status = ensure_empty_slot(lu.slot);
    if (status != EXCEPTION_NONE) {
        userError("ASIDControlMakePool: Destination slot is not empty.");
        return status;
    }
    set_thread_state(t, ThreadState_Restart);
    return invoke_asid_control_make_pool(parent, lu.slot, pool_index);
}

/* Give the PML4 in `slot` the ASID and enter it in the pool. */
static exception_t invoke_asid_pool_assign(word_t *pool, word_t asid, cte_t *slot)
{
    cap_vm_set_mapping(&slot->cap, asid, 0);
    pool[asid & MASK(ASID_POOL_BITS)] = cap_vm_ptr(slot->cap);
    return EXCEPTION_NONE;
}

/*
 * X86_ASIDPool_Assign(vspace): an unassigned PML4, a pool still in the
 * table, then its first free ASID (never ASID 0).
 */
exception_t decode_x86_asid_pool_invocation(word_t label, cap_t cap)
{
    if (label != X86ASIDPoolAssign) {
        userError("ASIDPool: Illegal operation.");
        return arch_syscall_error(seL4_IllegalOperation);
    }
    if (!current_extra_caps.excaprefs[0]) {
        userError("ASIDPool: Truncated message.");
        return arch_syscall_error(seL4_TruncatedMessage);
    }
    cte_t *vspace_slot = current_extra_caps.excaprefs[0];
    cap_t vspace = vspace_slot->cap;
    if (cap_get_type(vspace) != cap_pml4_cap || cap_vm_asid(vspace) != 0) {
        userError("X86ASIDPool: Invalid vspace root.");
        return arch_invalid_capability(1);
    }
    word_t base = cap_asid_pool_base(cap);
    word_t *pool = (word_t *)x86_asid_pool_at((base >> ASID_POOL_BITS) & (N_ASID_POOLS - 1));
    if (!pool) {
        userError("ASIDPool: The pool has been deleted.");
        return arch_failed_lookup((lookup_fault_t){lookup_fault_invalid_root, 0, 0, 0});
    }
    if ((word_t)pool != cap_vm_ptr(cap)) {
        userError("ASIDPool: The pool's ASIDs belong to another pool now.");
        return arch_invalid_capability(0);
    }
    word_t i = 0;
    while (i < ASID_POOL_SIZE && (base + i == 0 || pool[i] != 0)) {
        i++;
    }
    if (i == ASID_POOL_SIZE) {
        userError("ASIDPool: The pool has no free ASID.");
        return arch_syscall_error(seL4_DeleteFirst);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    return invoke_asid_pool_assign(pool, base + i, vspace_slot);
}

/*
 * The capability derivation tree: all CTEs in one doubly-linked list in
 * which a cap's descendants follow it directly (seL4's MDB).  Parenthood is
 * not stored; is_mdb_parent_of derives it from neighbouring caps.
 *
 * Deletion follows seL4: finalising the last cap to a CNode or TCB turns it
 * into a Zombie naming the slots still to clear; the Zombie is reduced one
 * slot at a time, so deleting any CSpace, cycles included, is bounded work
 * between preemption points.
 */
#include "../include/cdt.h"

#include <sel4/errors.h>

#include "../include/invariants.h"
#include "../include/objecttype.h"
#include "../include/util.h"

#define MAX_WORK_UNITS_PER_PREEMPTION 100

static word_t ks_work_units;

void cte_write_root(cte_t *slot, cap_t cap)
{
    assert(cap_is_null(slot->cap));
    slot->cap = cap;
    slot->mdb.prev = 0;
    slot->mdb.next = 0;
    mdb_set_flags(slot, true, true);
    invariants_touch(slot);
}

/* Badged copies of endpoints/notifications, IRQ handlers and untypeds are revocable. */
static bool is_cap_revocable(cap_t derived, cap_t src)
{
    switch (cap_get_type(derived)) {
    case cap_endpoint_cap:
    case cap_notification_cap:
        return cap_ep_badge(derived) != cap_ep_badge(src);
    case cap_irq_handler_cap:
        return cap_get_type(src) == cap_irq_control_cap;
    case cap_untyped_cap:
        return true;
    default:
        return false;
    }
}

void cte_insert(cap_t new_cap, cte_t *src, cte_t *dest)
{
    assert(cap_is_null(dest->cap) && !mdb_next(dest) && !mdb_prev(dest));
    bool revocable = is_cap_revocable(new_cap, src->cap);
    /* A copy of a whole untyped takes over its free space: the source counts as full. */
    if (cap_get_type(src->cap) == cap_untyped_cap && cap_get_type(new_cap) == cap_untyped_cap &&
        cap_untyped_ptr(src->cap) == cap_untyped_ptr(new_cap) &&
        cap_untyped_size_bits(src->cap) == cap_untyped_size_bits(new_cap)) {
        cap_untyped_set_free_index(&src->cap, BIT(cap_untyped_size_bits(src->cap)) >> 4);
    }
    dest->cap = new_cap;
    dest->mdb.prev = 0;
    mdb_set_prev(dest, src);
    mdb_set_next(dest, mdb_next(src));
    mdb_set_flags(dest, revocable, revocable);
    if (mdb_next(src)) {
        mdb_set_prev(mdb_next(src), dest);
    }
    mdb_set_next(src, dest);
    invariants_touch(src);
    invariants_touch(dest);
}

void insert_new_cap(cte_t *parent, cte_t *slot, cap_t cap)
{
    cte_t *next = mdb_next(parent);
    slot->cap = cap;
    slot->mdb.prev = 0;
    mdb_set_prev(slot, parent);
    mdb_set_next(slot, next);
    mdb_set_flags(slot, true, true);
    if (next) {
        mdb_set_prev(next, slot);
    }
    mdb_set_next(parent, slot);
    invariants_touch(parent);
    invariants_touch(slot);
}

void cte_move(cap_t new_cap, cte_t *src, cte_t *dest)
{
    assert(cap_is_null(dest->cap) && !mdb_next(dest) && !mdb_prev(dest));
    mdb_node_t m = src->mdb;
    dest->cap = new_cap;
    dest->mdb = m;
    src->cap = cap_null_cap_new();
    src->mdb = (mdb_node_t){0, 0};
    if (mdb_prev(dest)) {
        mdb_set_next(mdb_prev(dest), dest);
    }
    if (mdb_next(dest)) {
        mdb_set_prev(mdb_next(dest), dest);
    }
    invariants_touch(src);
    invariants_touch(dest);
}

void cte_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2)
{
    slot1->cap = cap2;
    slot2->cap = cap1;
    mdb_node_t m1 = slot1->mdb;
    if (mdb_prev(slot1)) {
        mdb_set_next(mdb_prev(slot1), slot2);
    }
    if (mdb_next(slot1)) {
        mdb_set_prev(mdb_next(slot1), slot2);
    }
    mdb_node_t m2 = slot2->mdb;
    slot1->mdb = m2;
    slot2->mdb = m1;
    if (mdb_prev(slot1)) {
        mdb_set_next(mdb_prev(slot1), slot1);
    }
    if (mdb_next(slot1)) {
        mdb_set_prev(mdb_next(slot1), slot1);
    }
    invariants_touch(slot1);
    invariants_touch(slot2);
}

/* Is b (just after a in the list) a descendant of a?  seL4's isMDBParentOf. */
bool is_mdb_parent_of(const cte_t *a, const cte_t *b)
{
    if (!mdb_revocable(a) || !same_region_as(a->cap, b->cap)) {
        return false;
    }
    switch (cap_get_type(a->cap)) {
    case cap_endpoint_cap:
    case cap_notification_cap: {
        word_t badge = cap_ep_badge(a->cap);
        if (badge == 0) {
            return true;
        }
        return badge == cap_ep_badge(b->cap) && !mdb_first_badged(b);
    }
    default:
        return true;
    }
}

exception_t ensure_no_children(const cte_t *slot)
{
    if (mdb_next(slot) && is_mdb_parent_of(slot, mdb_next(slot))) {
        current_syscall_error.type = seL4_RevokeFirst;
        return EXCEPTION_SYSCALL_ERROR;
    }
    return EXCEPTION_NONE;
}

exception_t ensure_empty_slot(const cte_t *slot)
{
    if (!cap_is_null(slot->cap)) {
        current_syscall_error.type = seL4_DeleteFirst;
        return EXCEPTION_SYSCALL_ERROR;
    }
    return EXCEPTION_NONE;
}

/* No neighbour in the list refers to the same object: this is the last cap. */
bool is_final_capability(const cte_t *slot)
{
    if (mdb_prev(slot) && same_object_as(mdb_prev(slot)->cap, slot->cap)) {
        return false;
    }
    return !mdb_next(slot) || !same_object_as(slot->cap, mdb_next(slot)->cap);
}

exception_t preemption_point(void)
{
    if (++ks_work_units < MAX_WORK_UNITS_PER_PREEMPTION) {
        return EXCEPTION_NONE;
    }
    ks_work_units = 0;
    return arch_irq_pending() ? EXCEPTION_PREEMPTED : EXCEPTION_NONE;
}

/* Unlink a slot from the tree and clear it; its badge-first mark passes on. */
static void empty_slot(cte_t *slot, cap_t cleanup)
{
    if (cap_is_null(slot->cap)) {
        return;
    }
    cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);
    if (prev) {
        mdb_set_next(prev, next);
    }
    if (next) {
        mdb_set_prev(next, prev);
        mdb_set_flags(next, mdb_revocable(next), mdb_first_badged(next) || mdb_first_badged(slot));
    }
    slot->cap = cap_null_cap_new();
    slot->mdb = (mdb_node_t){0, 0};
    invariants_touch(slot);
    if (prev) {
        invariants_touch(prev);
    }
    if (next) {
        invariants_touch(next);
    }
    post_cap_deletion(cleanup);
}

/* Can a finalised remainder be dropped from this slot? */
static bool cap_removable(cap_t cap, const cte_t *slot)
{
    if (cap_is_null(cap)) {
        return true;
    }
    assert(cap_get_type(cap) == cap_zombie_cap);
    word_t n = cap_zombie_number(cap);
    return n == 0 || (n == 1 && (cte_t *)cap_ptr48(cap) == slot);
}

static bool cap_cyclic_zombie(cap_t cap, const cte_t *slot)
{
    return cap_get_type(cap) == cap_zombie_cap && (cte_t *)cap_ptr48(cap) == slot;
}

static exception_t reduce_zombie(cte_t *slot, bool immediate);

typedef struct finalise_slot_ret {
    exception_t status;
    bool success;
    cap_t cleanup;
} finalise_slot_ret_t;

/* Finalise until the slot's cap can be removed (or a cyclic Zombie is parked). */
static finalise_slot_ret_t finalise_slot(cte_t *slot, bool immediate)
{
    while (!cap_is_null(slot->cap)) {
        finalise_ret_t fc = finalise_cap(slot->cap, is_final_capability(slot), false);
        if (cap_removable(fc.remainder, slot)) {
            return (finalise_slot_ret_t){EXCEPTION_NONE, true, fc.cleanup};
        }
        slot->cap = fc.remainder;
        if (!immediate && cap_cyclic_zombie(fc.remainder, slot)) {
            return (finalise_slot_ret_t){EXCEPTION_NONE, false, fc.cleanup};
        }
        exception_t status = reduce_zombie(slot, immediate);
        if (status == EXCEPTION_NONE) {
            status = preemption_point();
        }
        if (status != EXCEPTION_NONE) {
            return (finalise_slot_ret_t){status, false, cap_null_cap_new()};
        }
    }
    return (finalise_slot_ret_t){EXCEPTION_NONE, true, cap_null_cap_new()};
}

/*
 * One step of clearing a Zombie: exposed (immediate), delete its last slot;
 * otherwise swap it into the slot it refers to, so it becomes cyclic there.
 */
static exception_t reduce_zombie(cte_t *slot, bool immediate)
{
    cte_t *ptr = (cte_t *)cap_ptr48(slot->cap);
    word_t n = cap_zombie_number(slot->cap), type = cap_zombie_type(slot->cap);
    assert(n > 0);
    if (!immediate) {
        assert(ptr != slot);
        if (ptr != slot) {
            cte_swap(ptr->cap, ptr, slot->cap, slot);
        }
        return EXCEPTION_NONE;
    }
    cte_t *end = &ptr[n - 1];
    exception_t status = cte_delete(end, false);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    cap_t c = slot->cap;
    if (cap_get_type(c) == cap_zombie_cap && (cte_t *)cap_ptr48(c) == ptr &&
        cap_zombie_number(c) == n && cap_zombie_type(c) == type) {
        assert(cap_is_null(end->cap));
        slot->cap = cap_zombie_cap_new((word_t)ptr, type, n - 1);
    }
    return EXCEPTION_NONE;
}

exception_t cte_delete(cte_t *slot, bool exposed)
{
    finalise_slot_ret_t fs = finalise_slot(slot, exposed);
    if (fs.status != EXCEPTION_NONE) {
        return fs.status;
    }
    if (exposed || fs.success) {
        empty_slot(slot, fs.cleanup);
    }
    return EXCEPTION_NONE;
}

void cte_delete_one(cte_t *slot)
{
    if (cap_is_null(slot->cap)) {
        return;
    }
    finalise_ret_t fc = finalise_cap(slot->cap, is_final_capability(slot), true);
    assert(cap_removable(fc.remainder, slot) && cap_is_null(fc.cleanup));
    empty_slot(slot, cap_null_cap_new());
}

exception_t cte_revoke(cte_t *slot)
{
    for (cte_t *next = mdb_next(slot); next && is_mdb_parent_of(slot, next); next = mdb_next(slot)) {
        exception_t status = cte_delete(next, true);
        if (status == EXCEPTION_NONE) {
            status = preemption_point();
        }
        if (status != EXCEPTION_NONE) {
            return status;
        }
    }
    return EXCEPTION_NONE;
}

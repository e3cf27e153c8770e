/*
 * Capability derivation tree: all CTEs in one doubly-linked list where a
 * cap's descendants follow it directly (seL4's MDB).  Issue 3 adds
 * deletion, revocation and the parent/child tests.
 */
#include "../include/cdt.h"

#include "../include/util.h"

void cte_write_root(cte_t *slot, cap_t cap)
{
    assert(cap_is_null(slot->cap));
    slot->cap = cap;
    slot->mdb.prev = 0;
    slot->mdb.next = 0;
    mdb_set_flags(slot, true, true);
}

/* Badged copies of endpoints/notifications, and untypeds, are revocable (seL4's isCapRevocable). */
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
    assert(cap_is_null(dest->cap));
    bool revocable = is_cap_revocable(new_cap, src->cap);
    bool first_badged = revocable && (cap_get_type(new_cap) == cap_endpoint_cap ||
                                      cap_get_type(new_cap) == cap_notification_cap);
    dest->cap = new_cap;
    dest->mdb.prev = 0;
    mdb_set_prev(dest, src);
    mdb_set_next(dest, mdb_next(src));
    mdb_set_flags(dest, revocable, first_badged);
    if (mdb_next(src)) {
        mdb_set_prev(mdb_next(src), dest);
    }
    mdb_set_next(src, dest);
}

/*
 * Kernel invariants, checked at every kernel exit when
 * CONFIG_CHECK_INVARIANTS is on.  Each check returns NULL or a static
 * description of what broke; kernel_exit turns a description into a
 * kernel-bug report.  Host tests break each invariant on purpose.
 *
 *   ready queues  links, bitmap bits, and every queued thread runnable in
 *                 that queue's domain and priority
 *   threads       the current thread runnable or idle; every other runnable
 *                 thread queued; a blocked thread in its object's queue and
 *                 that queue consistent; bound notifications pointing back
 *   derivation    touched slots: list links, empty slots unlinked; a cap
 *   tree          whose object lies inside an untyped found before it in the
 *                 list is in that untyped's descendant run (parent/child
 *                 order) and below its free index (not dangling);
 *                 touched untypeds: children inside the used part, object
 *                 children not overlapping, free index in range
 */
#include "../include/invariants.h"

#include <sel4/constants.h>

#include "../include/cdt.h"
#include "../include/endpoint.h"
#include "../include/objecttype.h"
#include "../include/printf.h"
#include "../include/thread.h"

#define MAX_THREADS_CHECKED 4096
#define MAX_CHILDREN_CHECKED 512
#define MAX_ANCESTRY_WALK 256

cte_t *inv_touched[INVARIANT_TOUCH_MAX];
word_t inv_n_touched;

static char why[160];

/* Format a description into the static buffer and return it. */
static const char *broken(const char *fmt, word_t a, word_t b)
{
    ksnprintf(why, sizeof(why), fmt, a, b);
    return why;
}

/* One ready queue: links, and every member runnable, queued, in this (dom, prio). */
static const char *check_queue(word_t dom, word_t prio)
{
    const ready_queue_t *q = sched_queue(dom, prio);
    const tcb_t *prev = NULL;
    word_t n = 0;
    for (const tcb_t *t = q->head; t; prev = t, t = t->sched_next) {
        if (t->sched_prev != prev) {
            return broken("ready queue prio %lu: thread %p has a wrong prev link", prio, (word_t)t);
        }
        if (!t->queued || !is_runnable(t)) {
            return broken("ready queue prio %lu: thread %p is not queued-and-runnable", prio, (word_t)t);
        }
        if (t->priority != prio || t->domain != dom) {
            return broken("ready queue prio %lu: thread %p has another priority or domain", prio,
                          (word_t)t);
        }
        if (++n > MAX_THREADS_CHECKED) {
            return broken("ready queue prio %lu: a cycle (more than %lu threads)", prio,
                          MAX_THREADS_CHECKED);
        }
    }
    if (q->tail != prev) {
        return broken("ready queue prio %lu: the tail is %p, not the last thread", prio,
                      (word_t)q->tail);
    }
    bool bit = (ks_l2_bitmap[dom][L2_BITMAP_SIZE - 1 - prio / L2_BITMAP_BITS] >> (prio % L2_BITMAP_BITS)) & 1;
    if (bit != (q->head != NULL)) {
        return broken("ready queue prio %lu: bitmap bit %lu disagrees with the queue", prio, bit);
    }
    return NULL;
}

const char *check_ready_queues(void)
{
    for (word_t dom = 0; dom < CONFIG_NUM_DOMAINS; dom++) {
        for (word_t i = 0; i < L2_BITMAP_SIZE; i++) {
            bool l1 = (ks_l1_bitmap[dom] >> i) & 1;
            if (l1 != (ks_l2_bitmap[dom][L2_BITMAP_SIZE - 1 - i] != 0)) {
                return broken("ready queues of domain %lu: L1 bit %lu disagrees with L2", dom, i);
            }
        }
        for (word_t prio = 0; prio < CONFIG_NUM_PRIORITIES; prio++) {
            const char *e = check_queue(dom, prio);
            if (e) {
                return e;
            }
        }
    }
    return NULL;
}

/* t is blocked on an endpoint or notification queue q: it is a member and q is consistent. */
static const char *check_blocked_in(const tcb_t *t, const tcb_queue_t *q, thread_state_t kind)
{
    bool found = false;
    const tcb_t *prev = NULL;
    word_t n = 0;
    for (const tcb_t *m = q->head; m; prev = m, m = m->ep_next) {
        found |= m == t;
        if (m->ep_prev != prev || m->state != kind || m->blocking_object != t->blocking_object) {
            return broken("IPC queue of %p: thread %p is inconsistent with the queue",
                          t->blocking_object, (word_t)m);
        }
        if (++n > MAX_THREADS_CHECKED) {
            return broken("IPC queue of %p: a cycle (more than %lu threads)", t->blocking_object,
                          MAX_THREADS_CHECKED);
        }
    }
    if (q->tail != prev) {
        return broken("IPC queue of %p: the tail is %p, not the last thread", t->blocking_object,
                      (word_t)q->tail);
    }
    if (!found) {
        return broken("thread %p is blocked on %p but not in its queue", (word_t)t, t->blocking_object);
    }
    return NULL;
}

/* One thread's state against the scheduler and the object it waits on. */
static const char *check_tcb(const tcb_t *t)
{
    if (t == ks_idle_thread) {
        return NULL;
    }
    if (t->queued != (is_runnable(t) && t != ks_cur_thread)) {
        return broken("thread %p: queued %lu but runnable-and-not-current differs", (word_t)t,
                      (word_t)t->queued);
    }
    switch (t->state) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive:
        return check_blocked_in(t, &((const endpoint_t *)t->blocking_object)->queue, t->state);
    case ThreadState_BlockedOnNotification: {
        const notification_t *n = (const notification_t *)t->blocking_object;
        if (n->state != NTFN_WAITING) {
            return broken("thread %p waits on notification %p, which is not waiting", (word_t)t,
                          (word_t)n);
        }
        return check_blocked_in(t, &n->queue, t->state);
    }
    default:
        break;
    }
    const notification_t *bound = (const notification_t *)t->bound_notification;
    if (bound && ntfn_bound_tcb(bound) != t) {
        return broken("thread %p is bound to notification %p, which is bound elsewhere", (word_t)t,
                      (word_t)bound);
    }
    return NULL;
}

const char *check_tcbs(void)
{
    const tcb_t *cur = ks_cur_thread;
    if (cur != ks_idle_thread && !is_runnable(cur)) {
        return broken("the current thread %p is not runnable (state %lu)", (word_t)cur, cur->state);
    }
    word_t n = 0;
    for (const tcb_t *t = ks_debug_tcbs; t; t = tcb_debug(t)->debug_next) {
        const char *e = check_tcb(t);
        if (e) {
            return e;
        }
        if (++n > MAX_THREADS_CHECKED) {
            return broken("the TCB list has a cycle (more than %lu TCBs)", MAX_THREADS_CHECKED, 0);
        }
    }
    return NULL;
}

const char *check_cte(const cte_t *slot)
{
    const cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);
    if (cap_is_null(slot->cap)) {
        if (prev || next || slot->mdb.prev) {
            return broken("empty slot %p is still linked into the derivation tree", (word_t)slot, 0);
        }
        return NULL;
    }
    if (prev && mdb_next(prev) != slot) {
        return broken("slot %p: its prev %p does not link back", (word_t)slot, (word_t)prev);
    }
    if (next && mdb_prev(next) != slot) {
        return broken("slot %p: its next %p does not link back", (word_t)slot, (word_t)next);
    }
    if ((prev && cap_is_null(prev->cap)) || (next && cap_is_null(next->cap))) {
        return broken("slot %p: a neighbour in the derivation tree is empty", (word_t)slot, 0);
    }
    return NULL;
}

static bool extents_overlap(word_t a, word_t abits, word_t b, word_t bbits)
{
    return a < b + BIT(bbits) && b < a + BIT(abits);
}

/* May two descendants of one untyped overlap?  Copies of one object, or an untyped holding the other. */
static bool overlap_allowed(cap_t x, word_t xb, word_t xbits, cap_t y, word_t yb, word_t ybits)
{
    if (same_object_as(x, y) || (xb == yb && xbits == ybits && cap_get_type(x) == cap_get_type(y))) {
        return true;
    }
    if (cap_get_type(x) == cap_untyped_cap && xb <= yb && yb + BIT(ybits) <= xb + BIT(xbits)) {
        return true;
    }
    return cap_get_type(y) == cap_untyped_cap && yb <= xb && xb + BIT(xbits) <= yb + BIT(ybits);
}

/*
 * An untyped's descendants lie inside the part below its free index, and
 * distinct objects among them do not overlap (checked for up to 64).
 */
const char *check_untyped_children(const cte_t *slot)
{
    cap_t ut = slot->cap;
    word_t base = cap_untyped_ptr(ut), bits = cap_untyped_size_bits(ut);
    word_t used = cap_untyped_free_index(ut) << 4;
    if (used > BIT(bits)) {
        return broken("untyped %p: free index beyond its size (%lu bytes used)", base, used);
    }
    static const cte_t *kids[64];
    word_t n = 0;
    for (const cte_t *c = mdb_next(slot); c && is_mdb_parent_of(slot, c); c = mdb_next(c)) {
        word_t b, cb;
        if (!cap_physical_extent(c->cap, &b, &cb)) {
            continue;
        }
        if (b < base || b + BIT(cb) > base + used) {
            return broken("untyped %p: a child object at %p lies outside its used part", base, b);
        }
        for (word_t i = 0; i < n && n < ARRAY_SIZE(kids); i++) {
            word_t ob, obits;
            cap_physical_extent(kids[i]->cap, &ob, &obits);
            if (extents_overlap(b, cb, ob, obits) &&
                !overlap_allowed(c->cap, b, cb, kids[i]->cap, ob, obits)) {
                return broken("untyped's children at %p and %p overlap", b, ob);
            }
        }
        if (n < ARRAY_SIZE(kids)) {
            kids[n++] = c;
        }
        if (n >= ARRAY_SIZE(kids)) {
            break;
        }
    }
    return NULL;
}

/* Does [b, b + 2^bits) lie inside [ub, ub + 2^ubits)?  (No overflow at the top of memory.) */
static bool extent_inside(word_t b, word_t bits, word_t ub, word_t ubits)
{
    return bits <= ubits && b >= ub && b - ub <= BIT(ubits) - BIT(bits);
}

/*
 * Parent/child order and dangling references, seen from a cap (seL4's
 * untyped_mdb): if the nearest untyped before the slot in the derivation
 * list (at most MAX_ANCESTRY_WALK back) covers the slot's object, the slot
 * is in that untyped's descendant run, so revoking the untyped deletes it,
 * and the object lies below the untyped's free index, so a retype cannot
 * hand its memory out again.  Caps with no covering untyped before them
 * (boot objects, or children of a deleted untyped) are not judged.
 */
const char *check_ancestry(const cte_t *slot)
{
    word_t b, bits;
    if (cap_is_null(slot->cap) || !cap_physical_extent(slot->cap, &b, &bits)) {
        return NULL;
    }
    const cte_t *u = mdb_prev(slot);
    for (word_t n = 0; u && n < MAX_ANCESTRY_WALK; u = mdb_prev(u), n++) {
        if (cap_get_type(u->cap) != cap_untyped_cap) {
            continue;
        }
        word_t ub = cap_untyped_ptr(u->cap), ubits = cap_untyped_size_bits(u->cap);
        if (!extent_inside(b, bits, ub, ubits)) {
            continue;
        }
        for (const cte_t *c = mdb_next(u);; c = mdb_next(c)) {
            if (!is_mdb_parent_of(u, c)) {
                return broken("slot %p: its object lies inside untyped %p, which comes before it, "
                              "but it is not that untyped's descendant",
                              (word_t)slot, ub);
            }
            if (c == slot) {
                break;
            }
        }
        word_t used = cap_untyped_free_index(u->cap) << 4;
        if (b - ub >= used || b - ub + BIT(bits) > used) {
            return broken("slot %p: its object at %p lies above its untyped's free index "
                          "(a dangling reference)",
                          (word_t)slot, b);
        }
        return NULL;
    }
    return NULL;
}

/* The slots touched during this kernel entry, and untypeds among them. */
static const char *check_touched(void)
{
    word_t n = MIN(inv_n_touched, (word_t)INVARIANT_TOUCH_MAX);
    for (word_t i = 0; i < n; i++) {
        const cte_t *s = inv_touched[i];
        const char *e = check_cte(s);
        if (!e) {
            e = check_ancestry(s);
        }
        if (!e && cap_get_type(s->cap) == cap_untyped_cap) {
            e = check_untyped_children(s);
        }
        if (e) {
            return e;
        }
    }
    inv_n_touched = 0;
    return NULL;
}

const char *invariants_check(void)
{
    const char *e = check_touched();
    if (!e) {
        e = check_ready_queues();
    }
    if (!e) {
        e = check_tcbs();
    }
    return e;
}

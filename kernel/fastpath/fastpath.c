/*
 * IPC fastpath for Call and ReplyRecv (CONFIG_FASTPATH), after seL4's
 * fastpath_call / fastpath_reply_recv: a chain of cheap guards, each falling
 * back to the slowpath (which then does the full job), a point of no return,
 * and a commit that touches only what the common case changes.  Observable
 * behaviour is identical to the slowpath; `make test FASTPATH=0` runs every
 * test without it.
 *
 * Common case (Call): a message of at most 4 MRs and no caps, through an
 * endpoint cap with Write and Grant/GrantReply found in the first CNode
 * level, to a receiver already waiting, in the same domain, with a usable
 * VSpace, that may run now (not outranked by a ready thread).
 */
#include <sel4/syscall.h>

#include "../include/cdt.h"
#include "../include/endpoint.h"
#include "../include/invariants.h"
#include "../include/util.h"
#include "../include/fastpath.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/thread.h"
#include "arch_fastpath.h"

/* At most 4 MRs and no extra caps: bits 0..6 (length) and 7..8 (extra caps) of the info. */
static inline bool fp_message_ok(word_t info)
{
    return (info & 0x1ff) <= N_MSG_REGISTERS;
}

/*
 * A thread's CPtr resolved through CNode levels as the slowpath does (guard
 * then radix, most significant bits first), consuming the CPtr by shifting
 * it left; anything unusual gives up and leaves it to the slowpath.
 */
static inline __attribute__((always_inline)) cte_t *fp_lookup(const tcb_t *t, word_t cptr)
{
    cap_t node = tcb_cte(t, tcbCTable)->cap;
    word_t bits = 0;
    /* The common case: one CNode whose guard and radix take all 64 bits. */
    word_t radix0 = (node.words[0] >> 53) & 63, guard0 = (node.words[0] >> 47) & 63;
    if (likely((node.words[0] >> 59) == cap_cnode_cap && radix0 + guard0 == 64 && radix0)) {
        word_t guard = node.words[1];
        if (unlikely((cptr >> radix0) != guard)) {
            return NULL;
        }
        /* The guard bits matched: clearing them leaves the index. */
        return (cte_t *)cap_cnode_ptr(node) + (cptr ^ (guard << radix0));
    }
    for (;;) {
        word_t w0 = node.words[0];
        word_t radix = (w0 >> 53) & 63, guard_size = (w0 >> 47) & 63;
        if (unlikely((w0 >> 59) != cap_cnode_cap || radix == 0 || bits + radix + guard_size > 64)) {
            return NULL;
        }
        if (likely(guard_size)) {
            if (unlikely((cptr >> (64 - guard_size)) != node.words[1])) {
                return NULL;
            }
            cptr <<= guard_size;
        }
        cte_t *slot = (cte_t *)cap_cnode_ptr(node) + (cptr >> (64 - radix));
        bits += radix + guard_size;
        if (likely(bits == 64) || (slot->cap.words[0] >> 59) != cap_cnode_cap) {
            return slot;
        }
        cptr <<= radix;
        node = slot->cap;
    }
}

/* Copy MR0..len-1 (registers only: len <= 4). */
static inline void fp_copy_mrs(tcb_t *from, tcb_t *to, word_t len)
{
    for (word_t i = 0; i < len; i++) {
        tcb_set_reg(to, msg_registers[i], tcb_reg(from, msg_registers[i]));
    }
}

/* Switch to `to` and leave the kernel: the last step of both fastpaths. */
static inline __attribute__((always_inline)) NORETURN void fp_switch_and_exit(tcb_t *to, paddr_t root)
{
    arch_fp_switch(to, root);
    ks_cur_thread = to;
    if (config_set(CONFIG_CHECK_INVARIANTS)) {
        const char *broken = invariants_check();
        if (broken) {
            kernel_fail(broken, "invariant", 0, "fastpath");
        }
    }
    arch_fp_exit(to);
}

/* The common prologue: a fastpath-sized message and an endpoint cap at cptr, or NULL. */
static inline __attribute__((always_inline)) const cap_t *fp_endpoint_cap(const tcb_t *cur,
                                                                          word_t cptr, word_t info)
{
    if (unlikely(!fp_message_ok(info))) {
        return NULL;
    }
    const cte_t *slot = fp_lookup(cur, cptr);
    if (unlikely(!slot || cap_get_type(slot->cap) != cap_endpoint_cap)) {
        return NULL;
    }
    return &slot->cap;
}

#define SLOWPATH() c_handle_syscall(cptr, info, syscall)

void fastpath_call(word_t cptr, word_t info, sword_t syscall)
{
    tcb_t *cur = ks_cur_thread;
    const cap_t *found = fp_endpoint_cap(cur, cptr, info);
    if (unlikely(!found)) {
        SLOWPATH();
    }
    cap_t ep_cap = *found;
    word_t rights = cap_ep_rights(ep_cap);
    if (unlikely(!(rights & CAP_RIGHT_WRITE) || !(rights & (CAP_RIGHT_GRANT | CAP_RIGHT_GRANT_REPLY)))) {
        SLOWPATH();
    }
    endpoint_t *ep = (endpoint_t *)cap_ptr48(ep_cap);
    tcb_t *dest = ep->queue.head;
    if (unlikely(!dest || dest->state != ThreadState_BlockedOnReceive)) {
        SLOWPATH();
    }
    if (unlikely(dest->priority < cur->priority && !sched_is_highest_prio(dest->priority))) {
        SLOWPATH();
    }
    paddr_t root = arch_fp_vspace_root(dest);
    cte_t *caller_slot = tcb_cte(dest, tcbCaller);
    if (unlikely((CONFIG_NUM_DOMAINS > 1 && dest->domain != ks_cur_domain) || !root ||
                 !cap_is_null(caller_slot->cap) || !arch_fp_debug_ok(dest))) {
        SLOWPATH();
    }
    /* ---- point of no return ---- */
    ep->queue.head = dest->ep_next;
    if (dest->ep_next) {
        dest->ep_next->ep_prev = NULL;
    } else {
        ep->queue.tail = NULL;
    }
    dest->ep_next = NULL;
    cur->state = ThreadState_BlockedOnReply;
    /* The reply cap, a child of the caller's master reply cap (seL4's setupCallerCap). */
    cte_t *master = tcb_cte(cur, tcbReply), *next = mdb_next(master);
    caller_slot->cap = cap_reply_cap_new((word_t)cur, false, dest->blocking_can_grant);
    caller_slot->mdb.prev = (word_t)master; /* not revocable, not first badged */
    caller_slot->mdb.next = (word_t)next;
    if (next) {
        mdb_set_prev(next, caller_slot);
    }
    mdb_set_next(master, caller_slot);
    invariants_touch(master);
    invariants_touch(caller_slot);
    word_t len = info & 0x7f;
    fp_copy_mrs(cur, dest, len);
    tcb_set_reg(dest, REG_BADGE, cap_ep_badge(ep_cap));
    tcb_set_reg(dest, REG_MSGINFO, info & ~0xf80ul); /* no caps, none unwrapped */
    dest->state = ThreadState_Running;
    fp_switch_and_exit(dest, root);
}

void fastpath_reply_recv(word_t cptr, word_t info, sword_t syscall)
{
    tcb_t *cur = ks_cur_thread;
    const cap_t *found = fp_endpoint_cap(cur, cptr, info);
    if (unlikely(!found || !(cap_ep_rights(*found) & CAP_RIGHT_READ))) {
        SLOWPATH();
    }
    cap_t ep_cap = *found;
    endpoint_t *ep = (endpoint_t *)cap_ptr48(ep_cap);
    if (unlikely(ep_get_state(ep) == EP_SEND)) {
        SLOWPATH();
    }
    notification_t *bound = (notification_t *)cur->bound_notification;
    if (unlikely(bound && bound->state == NTFN_ACTIVE)) {
        SLOWPATH();
    }
    cte_t *caller_slot = tcb_cte(cur, tcbCaller);
    cap_t reply = caller_slot->cap;
    if (unlikely(cap_get_type(reply) != cap_reply_cap || cap_reply_master(reply))) {
        SLOWPATH();
    }
    tcb_t *caller = (tcb_t *)cap_ptr48(reply);
    if (unlikely(caller->fault.type != fault_null || caller->state != ThreadState_BlockedOnReply)) {
        SLOWPATH();
    }
    paddr_t root = arch_fp_vspace_root(caller);
    if (unlikely(!sched_is_highest_prio(caller->priority) ||
                 (CONFIG_NUM_DOMAINS > 1 && caller->domain != ks_cur_domain) || !root ||
                 !arch_fp_debug_ok(caller))) {
        SLOWPATH();
    }
    /* ---- point of no return ---- */
    cur->blocking_object = (word_t)ep;
    cur->blocking_can_grant = (cap_ep_rights(ep_cap) & CAP_RIGHT_GRANT) != 0;
    cur->state = ThreadState_BlockedOnReceive;
    tcb_queue_append(&ep->queue, cur);
    /* The reply cap is the only child of the caller's master reply cap: unlink it. */
    cte_t *master = mdb_prev(caller_slot), *next = mdb_next(caller_slot);
    mdb_set_next(master, next);
    if (next) {
        mdb_set_prev(next, master);
    }
    caller_slot->cap = cap_null_cap_new();
    caller_slot->mdb = (mdb_node_t){0, 0};
    invariants_touch(caller_slot);
    invariants_touch(master);
    word_t len = info & 0x7f;
    fp_copy_mrs(cur, caller, len);
    tcb_set_reg(caller, REG_BADGE, 0);
    tcb_set_reg(caller, REG_MSGINFO, info & ~0xf80ul);
    caller->state = ThreadState_Running;
    fp_switch_and_exit(caller, root);
}

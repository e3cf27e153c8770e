/*
 * Kernel object layouts that generic code shares: CTEs (capability slots),
 * thread states and TCBs.
 */
#pragma once

#include "../arch/arch.h"
#include "cap.h"
#include "config.h"
#include "types.h"

/*
 * Derivation-tree node: the CTEs form one doubly-linked list in which every
 * cap's descendants directly follow it (seL4's MDB).  CTEs are 32-byte aligned,
 * so the low bits of the prev word carry the two flags.
 *   prev: [63:5] previous CTE, bit 0 revocable, bit 1 firstBadged
 *   next: next CTE or 0
 */
typedef struct mdb_node {
    word_t prev;
    word_t next;
} mdb_node_t;

#define MDB_REVOCABLE 1ul
#define MDB_FIRST_BADGED 2ul
#define MDB_FLAGS 3ul

typedef struct cte {
    cap_t cap;
    mdb_node_t mdb;
} cte_t;

compile_assert(cte_is_32_bytes, sizeof(cte_t) == 32);

static inline cte_t *mdb_prev(const cte_t *c) { return (cte_t *)(c->mdb.prev & ~MDB_FLAGS); }
static inline cte_t *mdb_next(const cte_t *c) { return (cte_t *)c->mdb.next; }
static inline void mdb_set_prev(cte_t *c, cte_t *p)
{
    c->mdb.prev = (word_t)p | (c->mdb.prev & MDB_FLAGS);
}
static inline void mdb_set_next(cte_t *c, cte_t *n) { c->mdb.next = (word_t)n; }
static inline bool mdb_revocable(const cte_t *c) { return c->mdb.prev & MDB_REVOCABLE; }
static inline bool mdb_first_badged(const cte_t *c) { return c->mdb.prev & MDB_FIRST_BADGED; }
static inline void mdb_set_flags(cte_t *c, bool revocable, bool first_badged)
{
    c->mdb.prev = (c->mdb.prev & ~MDB_FLAGS) | (revocable ? MDB_REVOCABLE : 0) |
                  (first_badged ? MDB_FIRST_BADGED : 0);
}

/*
 * Endpoint (2^4 bytes) and notification (2^5 bytes) objects: a FIFO queue of
 * waiting TCBs (linked through tcb_t.ep_next/ep_prev) and a state.  The IPC
 * operations on them are in object/endpoint.c and object/notification.c.
 */
enum ep_state { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };
enum ntfn_state { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

typedef struct tcb_queue {
    struct tcb *head;
    struct tcb *tail;
} tcb_queue_t;

typedef struct endpoint {
    tcb_queue_t queue; /* senders or receivers, by state */
} endpoint_t;

typedef struct notification {
    tcb_queue_t queue;       /* waiters while NTFN_WAITING */
    word_t msg_identifier;   /* accumulated badges while NTFN_ACTIVE */
    word_t state : 2;
    word_t bound_tcb : 62;   /* tcb_t pointer >> 2 (TCBs are 1 KiB aligned) */
} notification_t;

/* Thread states, seL4's values (ThreadState_*). */
typedef enum thread_state {
    ThreadState_Inactive = 0,
    ThreadState_Running = 1,
    ThreadState_Restart = 2,
    ThreadState_BlockedOnReceive = 3,
    ThreadState_BlockedOnSend = 4,
    ThreadState_BlockedOnReply = 5,
    ThreadState_BlockedOnNotification = 6,
    ThreadState_IdleThreadState = 7,
} thread_state_t;

/* Slots of the TCB's own CNode (non-MCS). */
enum tcb_cnode_index {
    tcbCTable = 0,
    tcbVTable = 1,
    tcbReply = 2,
    tcbCaller = 3,
    tcbBuffer = 4,
};

/* Fault kinds recorded in a TCB (values = seL4 fault labels, non-MCS). */
enum fault_type {
    fault_null = 0,
    fault_cap = 1,
    fault_unknown_syscall = 2,
    fault_user_exception = 3,
    fault_debug_exception = 4,
    fault_vm = 5,
};

/* Lookup failures, seL4_LookupFailureType values. */
enum lookup_fault_type {
    lookup_fault_none = 0,
    lookup_fault_invalid_root = 1,
    lookup_fault_missing_capability = 2,
    lookup_fault_depth_mismatch = 3,
    lookup_fault_guard_mismatch = 4,
};

typedef struct lookup_fault {
    enum lookup_fault_type type;
    word_t bits_left;
    word_t bits_found;
    word_t guard_found;
} lookup_fault_t;

/* The fault a thread is reporting (valid while it waits for its handler). */
typedef struct fault {
    enum fault_type type;
    word_t w[3]; /* cap: addr, inRecvPhase; vm: addr, prefetch, fsr;
                    user exception: number, code; unknown syscall: number;
                    debug exception: address, breakpoint number, reason */
    lookup_fault_t lookup;
} fault_t;

/*
 * A TCB object is 2^TCB_BITS bytes: the first half holds the TCB's CNode
 * (TCB_CNODE_SLOTS CTEs), the debug list links and the name; tcb_t sits at
 * offset 2^(TCB_BITS-1), and TCB pointers (ksCurThread, thread caps) point to
 * it, as in seL4.
 */
typedef struct tcb tcb_t;

typedef struct tcb_debug {
    cte_t slots[TCB_CNODE_SLOTS];
    tcb_t *debug_next; /* ksDebugTCBs list, newest first */
    tcb_t *debug_prev;
    char name[TCB_NAME_LENGTH];
} tcb_debug_t;

struct tcb {
    arch_tcb_t arch;       /* user context and FPU state: written on every kernel entry */
    thread_state_t state;  /* changed only through set_thread_state() */
    bool queued;           /* in a ready queue; changed by the sched_* queue functions */
    uint8_t domain;
    uint8_t priority;      /* tcbPriority: changed with the thread dequeued */
    uint8_t mcp;           /* maximum controlled priority */
    word_t time_slice;     /* remaining ticks */
    word_t fault_handler;  /* CPtr, looked up in the thread's CSpace at fault time */
    vptr_t ipc_buffer;     /* tcbIPCBuffer user address */
    word_t flags;          /* seL4_TCBFlag_* */
    fault_t fault;
    word_t blocking_object; /* endpoint/notification while blocked on it */
    word_t blocking_badge;
    bool blocking_can_grant, blocking_can_grant_reply, blocking_is_call;
    tcb_t *sched_next, *sched_prev; /* ready queue links */
    tcb_t *ep_next, *ep_prev;       /* endpoint/notification queue links */
    word_t bound_notification;
};

compile_assert(tcb_debug_fits_half, sizeof(tcb_debug_t) <= BIT(TCB_BITS - 1));
compile_assert(tcb_fits_half, sizeof(tcb_t) <= BIT(TCB_BITS - 1));

/* The TCB's CNode slot i, and its debug block, from a tcb_t pointer. */
static inline tcb_debug_t *tcb_debug(const tcb_t *t)
{
    return (tcb_debug_t *)((word_t)t & ~MASK(TCB_BITS));
}
static inline cte_t *tcb_cte(const tcb_t *t, enum tcb_cnode_index i)
{
    return &tcb_debug(t)->slots[i];
}
static inline char *tcb_name(const tcb_t *t) { return tcb_debug(t)->name; }

static inline word_t tcb_reg(const tcb_t *t, int r) { return t->arch.regs[r]; }
static inline void tcb_set_reg(tcb_t *t, int r, word_t v) { t->arch.regs[r] = v; }

/* An endpoint's state is that of its queue: empty, or all senders, or all receivers. */
static inline enum ep_state ep_get_state(const endpoint_t *ep)
{
    if (!ep->queue.head) {
        return EP_IDLE;
    }
    return ep->queue.head->state == ThreadState_BlockedOnSend ? EP_SEND : EP_RECV;
}

compile_assert(endpoint_size, sizeof(endpoint_t) == 16);
compile_assert(notification_size, sizeof(notification_t) == 32);

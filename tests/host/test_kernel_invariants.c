/*
 * Host tests: the invariant checker (core/invariants.c) accepts consistent
 * kernel states and catches each invariant broken on purpose.
 */
#include <sel4/objecttype.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/include/cdt.h"
#include "../../kernel/include/endpoint.h"
#include "../../kernel/include/invariants.h"
#include "../../kernel/include/objecttype.h"
#include "../../kernel/include/thread.h"
#include "harness.h"

#define UT_BITS 16

static uint8_t *mem;     /* what the untyped in cn[0] covers */
static cte_t *cn;        /* 64 slots */
static tcb_t *a, *b;     /* two threads made from the untyped */
static endpoint_t *ep;
static notification_t *ntfn;

/* Clear every scheduler queue a previous test may have used. */
static void reset_scheduler(void)
{
    for (word_t p = 0; p < CONFIG_NUM_PRIORITIES; p++) {
        const ready_queue_t *q = sched_queue(0, p);
        while (q->head) {
            sched_dequeue(q->head);
        }
    }
    ks_debug_tcbs = NULL;
    ks_scheduler_action = SCHED_RESUME_CURRENT;
}

/* A consistent world: idle current, a and b retyped, an endpoint and a notification. */
static void setup(void)
{
    static uint8_t idle_obj[2048] __attribute__((aligned(2048)));
    if (!cn) {
        cn = aligned_alloc(64 * sizeof(cte_t), 64 * sizeof(cte_t));
        mem = aligned_alloc(1ul << UT_BITS, 1ul << UT_BITS);
    }
    reset_scheduler();
    memset(cn, 0, 64 * sizeof(cte_t));
    memset(mem, 0, 1ul << UT_BITS);
    memset(idle_obj, 0, sizeof(idle_obj));
    ks_idle_thread = ks_cur_thread = (tcb_t *)(idle_obj + 1024);
    ks_idle_thread->state = ThreadState_IdleThreadState;
    cte_write_root(&cn[0], cap_untyped_cap_new((word_t)mem, UT_BITS, false, 0));
    word_t off = 0;
    const word_t types[] = {seL4_TCBObject, seL4_TCBObject, seL4_EndpointObject, seL4_NotificationObject};
    const word_t sizes[] = {2048, 2048, 16, 32};
    for (int i = 0; i < 4; i++) {
        insert_new_cap(&cn[0], &cn[1 + i], create_object(types[i], (word_t)mem + off, 0, false));
        off += sizes[i];
    }
    cap_untyped_set_free_index(&cn[0].cap, off >> 4);
    a = (tcb_t *)cap_ptr48(cn[1].cap);
    b = (tcb_t *)cap_ptr48(cn[2].cap);
    ep = (endpoint_t *)cap_ptr48(cn[3].cap);
    ntfn = (notification_t *)cap_ptr48(cn[4].cap);
    inv_n_touched = 0;
}

/* Make a runnable and queued at prio 10, b blocked receiving on ep. */
static void populate(void)
{
    a->priority = 10;
    a->state = ThreadState_Running;
    sched_enqueue(a);
    b->blocking_object = (word_t)ep;
    b->state = ThreadState_BlockedOnReceive;
    tcb_queue_append(&ep->queue, b);
}

HOST_TEST(INVARIANT0000)
{
    setup();
    populate();
    for (int i = 0; i < 5; i++) {
        invariants_touch(&cn[i]);
    }
    const char *e = invariants_check();
    if (e) {
        host_fail(__FILE__, __LINE__, "a consistent state was reported: %s", e);
    }
}

/* Ready queues: a thread in the wrong queue, a stale bitmap bit, a broken link. */
HOST_TEST(INVARIANT0001)
{
    setup();
    populate();
    a->priority = 11; /* changed without requeueing */
    CHECK(check_ready_queues() != NULL);
    a->priority = 10;
    CHECK(check_ready_queues() == NULL);
    ks_l2_bitmap[0][L2_BITMAP_SIZE - 1] |= 1ul << 20; /* priority 20 marked ready, queue empty */
    CHECK(check_ready_queues() != NULL);
    ks_l2_bitmap[0][L2_BITMAP_SIZE - 1] &= ~(1ul << 20);
    a->state = ThreadState_BlockedOnReply; /* queued but not runnable */
    CHECK(check_ready_queues() != NULL);
}

/* Threads: runnable but not queued; current not runnable. */
HOST_TEST(INVARIANT0002)
{
    setup();
    populate();
    sched_dequeue(a); /* a still Running */
    CHECK(check_tcbs() != NULL);
    sched_enqueue(a);
    CHECK(check_tcbs() == NULL);
    sched_dequeue(a);
    ks_cur_thread = a;
    a->state = ThreadState_BlockedOnSend; /* the current thread is blocked */
    CHECK(check_tcbs() != NULL);
}

/* IPC queues: a blocked thread missing from its queue, or the queue's tail wrong. */
HOST_TEST(INVARIANT0003)
{
    setup();
    populate();
    ep->queue.head = ep->queue.tail = NULL; /* b lost from the queue */
    CHECK(check_tcbs() != NULL);
    setup();
    populate();
    ep->queue.tail = NULL;
    CHECK(check_tcbs() != NULL);
    setup();
    b->blocking_object = (word_t)ntfn;
    b->state = ThreadState_BlockedOnNotification;
    tcb_queue_append(&ntfn->queue, b);
    ntfn->state = NTFN_IDLE; /* waiters, but the notification says idle */
    CHECK(check_tcbs() != NULL);
}

/* Bound notifications point both ways. */
HOST_TEST(INVARIANT0004)
{
    setup();
    bind_notification(b, ntfn);
    CHECK(check_tcbs() == NULL);
    ntfn->bound_tcb = 0;
    CHECK(check_tcbs() != NULL);
}

/* Derivation tree: a link that does not point back; an empty slot left linked. */
HOST_TEST(INVARIANT0005)
{
    setup();
    cte_insert(cn[3].cap, &cn[3], &cn[10]);
    CHECK(check_cte(&cn[10]) == NULL);
    mdb_set_prev(&cn[10], &cn[4]); /* cn[4] does not link to cn[10] */
    CHECK(check_cte(&cn[10]) != NULL);
    setup();
    cte_insert(cn[3].cap, &cn[3], &cn[10]);
    cn[10].cap = cap_null_cap_new(); /* emptied without unlinking */
    CHECK(check_cte(&cn[10]) != NULL);
    invariants_touch(&cn[10]);
    CHECK(invariants_check() != NULL);
}

/* Untyped: children beyond the free index, overlapping objects, free index too big. */
HOST_TEST(INVARIANT0006)
{
    setup();
    CHECK(check_untyped_children(&cn[0]) == NULL);
    cap_untyped_set_free_index(&cn[0].cap, 16); /* 256 bytes: the TCBs lie beyond */
    CHECK(check_untyped_children(&cn[0]) != NULL);
    setup();
    insert_new_cap(&cn[0], &cn[5], create_object(seL4_EndpointObject, (word_t)mem + 8, 0, false));
    CHECK(check_untyped_children(&cn[0]) != NULL); /* overlaps TCB a */
    setup();
    cap_untyped_set_free_index(&cn[0].cap, (1ul << (UT_BITS - 4)) + 1);
    CHECK(check_untyped_children(&cn[0]) != NULL);
}

/*
 * Derivation tree, seen from a cap: an object inside an untyped that comes
 * before it must be in that untyped's descendant run (parent/child order)
 * and below its free index (no dangling reference).
 */
HOST_TEST(INVARIANT0007)
{
    static endpoint_t outside __attribute__((aligned(16)));
    setup();
    for (int i = 0; i < 5; i++) {
        CHECK(check_ancestry(&cn[i]) == NULL);
    }
    /* A nested untyped with a child, then the untyped's own children: nothing to report. */
    insert_new_cap(&cn[0], &cn[6], create_object(seL4_UntypedObject, (word_t)mem + 0x4000, 12, false));
    insert_new_cap(&cn[6], &cn[7], create_object(seL4_EndpointObject, (word_t)mem + 0x4000, 0, false));
    cap_untyped_set_free_index(&cn[6].cap, 1);
    cap_untyped_set_free_index(&cn[0].cap, 0x5000 >> 4);
    for (int i = 1; i < 8; i++) {
        CHECK(check_ancestry(&cn[i]) == NULL);
    }
    /* A cap to an object elsewhere spliced in after the untyped cuts its run: its children
     * after that point would survive a revoke of the untyped. */
    setup();
    cte_insert(cap_endpoint_cap_new((word_t)&outside, 0, 0xf), &cn[0], &cn[10]);
    CHECK(check_ancestry(&cn[10]) == NULL); /* not inside the untyped: not judged */
    CHECK(check_ancestry(&cn[4]) != NULL);
    invariants_touch(&cn[4]);
    CHECK(invariants_check() != NULL);
    /* A descendant whose object lies above the free index: its memory can be handed out again. */
    setup();
    insert_new_cap(&cn[0], &cn[5], create_object(seL4_EndpointObject, (word_t)mem + 0x8000, 0, false));
    CHECK(check_ancestry(&cn[5]) != NULL);
    cap_untyped_set_free_index(&cn[0].cap, 0x8010 >> 4);
    CHECK(check_ancestry(&cn[5]) == NULL);
}

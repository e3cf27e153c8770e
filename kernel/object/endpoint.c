/*
 * Endpoints and notifications: their wait queues and what deleting them
 * does.  Sending and receiving arrive with the IPC issue; until then no
 * thread can be queued, and these walks find empty queues.
 */
#include "../include/endpoint.h"

#include "../include/thread.h"

void tcb_queue_remove(tcb_queue_t *q, tcb_t *t)
{
    if (t->ep_prev) {
        t->ep_prev->ep_next = t->ep_next;
    } else {
        q->head = t->ep_next;
    }
    if (t->ep_next) {
        t->ep_next->ep_prev = t->ep_prev;
    } else {
        q->tail = t->ep_prev;
    }
    t->ep_next = t->ep_prev = NULL;
}

/* Every queued thread restarts (its syscall runs again); the queue empties. */
static void restart_all(tcb_queue_t *q)
{
    bool any = q->head != NULL;
    for (tcb_t *t = q->head; t;) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
        t = next;
    }
    q->head = q->tail = NULL;
    if (any) {
        reschedule_required();
    }
}

void cancel_all_ipc(endpoint_t *ep)
{
    restart_all(&ep->queue);
}

void cancel_all_signals(notification_t *ntfn)
{
    if (ntfn->state == NTFN_WAITING) {
        restart_all(&ntfn->queue);
        ntfn->state = NTFN_IDLE;
    }
}

/* A notification going away leaves its bound TCB unbound. */
void unbind_maybe_notification(notification_t *ntfn)
{
    tcb_t *t = (tcb_t *)((word_t)ntfn->bound_tcb << 2);
    if (ntfn->bound_tcb) {
        t->bound_notification = 0;
        ntfn->bound_tcb = 0;
    }
}

/* Cancel senders on ep with this badge (CNode_CancelBadgedSends): they restart. */
void cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (ep_get_state(ep) != EP_SEND) {
        return;
    }
    bool any = false;
    for (tcb_t *t = ep->queue.head; t;) {
        tcb_t *next = t->ep_next;
        if (t->blocking_badge == badge) {
            tcb_queue_remove(&ep->queue, t);
            set_thread_state(t, ThreadState_Restart);
            sched_enqueue(t);
            any = true;
        }
        t = next;
    }
    if (any) {
        reschedule_required();
    }
}

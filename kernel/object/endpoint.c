/*
 * Endpoints (seL4's sendIPC/receiveIPC, non-MCS).  An endpoint is a FIFO of
 * blocked senders or of blocked receivers; its state is that of its queue.
 * A send meets the first waiting receiver (or queues), a receive meets the
 * first waiting sender (or queues); the transfer itself is in core/ipc.c.
 */
#include "../include/endpoint.h"

#include "../include/cdt.h"
#include "../include/thread.h"
#include "../include/util.h"

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

/* Block t on ep in state s with the blocking details, at the queue's tail. */
static void block_on(tcb_t *t, endpoint_t *ep, thread_state_t s)
{
    t->blocking_object = (word_t)ep;
    set_thread_state(t, s);
    tcb_queue_append(&ep->queue, t);
}

void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *thread, endpoint_t *ep)
{
    if (ep_get_state(ep) != EP_RECV) {
        if (blocking) {
            thread->blocking_badge = badge;
            thread->blocking_can_grant = can_grant;
            thread->blocking_can_grant_reply = can_grant_reply;
            thread->blocking_is_call = do_call;
            block_on(thread, ep, ThreadState_BlockedOnSend);
        }
        return;
    }
    tcb_t *dest = ep->queue.head;
    tcb_queue_remove(&ep->queue, dest);
    do_ipc_transfer(thread, ep, badge, can_grant, dest);
    bool reply_can_grant = dest->blocking_can_grant;
    set_thread_state(dest, ThreadState_Running);
    possible_switch_to(dest);
    if (do_call) {
        if (can_grant || can_grant_reply) {
            setup_caller_cap(thread, dest, reply_can_grant);
        } else {
            set_thread_state(thread, ThreadState_Inactive);
        }
    }
}

void receive_ipc(tcb_t *thread, cap_t cap, bool blocking)
{
    endpoint_t *ep = (endpoint_t *)cap_ptr48(cap);
    notification_t *n = (notification_t *)thread->bound_notification;
    if (n && n->state == NTFN_ACTIVE) {
        complete_signal(n, thread);
        return;
    }
    if (ep_get_state(ep) != EP_SEND) {
        if (blocking) {
            thread->blocking_can_grant = (cap_ep_rights(cap) & CAP_RIGHT_GRANT) != 0;
            block_on(thread, ep, ThreadState_BlockedOnReceive);
        } else {
            do_nb_recv_failed_transfer(thread);
        }
        return;
    }
    tcb_t *sender = ep->queue.head;
    tcb_queue_remove(&ep->queue, sender);
    do_ipc_transfer(sender, ep, sender->blocking_badge, sender->blocking_can_grant, thread);
    if (sender->blocking_is_call) {
        if (sender->blocking_can_grant || sender->blocking_can_grant_reply) {
            setup_caller_cap(sender, thread, (cap_ep_rights(cap) & CAP_RIGHT_GRANT) != 0);
        } else {
            set_thread_state(sender, ThreadState_Inactive);
        }
    } else {
        set_thread_state(sender, ThreadState_Running);
        possible_switch_to(sender);
    }
}

/* Take a blocked thread out of whatever IPC it waits in (seL4's cancelIPC). */
void cancel_ipc(tcb_t *t)
{
    switch (t->state) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive:
        tcb_queue_remove(&((endpoint_t *)t->blocking_object)->queue, t);
        set_thread_state(t, ThreadState_Inactive);
        break;
    case ThreadState_BlockedOnNotification:
        cancel_signal(t, (notification_t *)t->blocking_object);
        break;
    case ThreadState_BlockedOnReply: {
        t->fault.type = fault_null;
        /* The caller cap made from this thread's master reply cap is its child. */
        cte_t *caller = mdb_next(tcb_cte(t, tcbReply));
        if (caller) {
            cte_delete_one(caller);
        }
        break;
    }
    default:
        break;
    }
}

/* Every thread of a wait queue restarts (its syscall runs again); the queue empties. */
void restart_queue(tcb_queue_t *q)
{
    tcb_t *t = q->head;
    if (!t) {
        return;
    }
    q->head = q->tail = NULL;
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
        t = next;
    }
    reschedule_required();
}

void cancel_all_ipc(endpoint_t *ep)
{
    restart_queue(&ep->queue);
}

/* CNode_CancelBadgedSends: senders with this badge restart. */
void cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (ep_get_state(ep) != EP_SEND) {
        return;
    }
    for (tcb_t *t = ep->queue.head; t;) {
        tcb_t *next = t->ep_next;
        if (t->blocking_badge == badge) {
            tcb_queue_remove(&ep->queue, t);
            set_thread_state(t, ThreadState_Restart);
            sched_enqueue(t);
        }
        t = next;
    }
    reschedule_required();
}

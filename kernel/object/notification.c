/*
 * Notifications (seL4 non-MCS): a word of badge bits and a FIFO of waiters.
 * Signal ORs the badge in (Active), wakes the first waiter, or wakes a bound
 * thread that is receiving on an endpoint; Wait consumes the bits or blocks.
 * Only the badge register is written on delivery.
 */
#include "../include/endpoint.h"

#include "../include/thread.h"

static void set_active(notification_t *n, word_t badge)
{
    n->state = NTFN_ACTIVE;
    n->msg_identifier = badge;
}

void send_signal(notification_t *n, word_t badge)
{
    switch (n->state) {
    case NTFN_IDLE: {
        tcb_t *t = ntfn_bound_tcb(n);
        if (t && t->state == ThreadState_BlockedOnReceive) {
            cancel_ipc(t);
            set_thread_state(t, ThreadState_Running);
            tcb_set_reg(t, REG_BADGE, badge);
            possible_switch_to(t);
        } else {
            set_active(n, badge);
        }
        break;
    }
    case NTFN_WAITING: {
        tcb_t *dest = n->queue.head;
        tcb_queue_remove(&n->queue, dest);
        if (!n->queue.head) {
            n->state = NTFN_IDLE;
        }
        set_thread_state(dest, ThreadState_Running);
        tcb_set_reg(dest, REG_BADGE, badge);
        possible_switch_to(dest);
        break;
    }
    default:
        n->msg_identifier |= badge;
        break;
    }
}

void receive_signal(tcb_t *thread, cap_t cap, bool blocking)
{
    notification_t *n = (notification_t *)cap_ptr48(cap);
    if (n->state == NTFN_ACTIVE) {
        tcb_set_reg(thread, REG_BADGE, n->msg_identifier);
        n->state = NTFN_IDLE;
        return;
    }
    if (!blocking) {
        do_nb_recv_failed_transfer(thread);
        return;
    }
    thread->blocking_object = (word_t)n;
    set_thread_state(thread, ThreadState_BlockedOnNotification);
    tcb_queue_append(&n->queue, thread);
    n->state = NTFN_WAITING;
}

/* A Recv on an endpoint finds its bound notification active: take the bits. */
void complete_signal(notification_t *n, tcb_t *t)
{
    tcb_set_reg(t, REG_BADGE, n->msg_identifier);
    n->state = NTFN_IDLE;
}

void cancel_signal(tcb_t *t, notification_t *n)
{
    tcb_queue_remove(&n->queue, t);
    if (!n->queue.head) {
        n->state = NTFN_IDLE;
    }
    set_thread_state(t, ThreadState_Inactive);
}

void cancel_all_signals(notification_t *n)
{
    if (n->state == NTFN_WAITING) {
        n->state = NTFN_IDLE;
        restart_queue(&n->queue);
    }
}

void bind_notification(tcb_t *t, notification_t *n)
{
    n->bound_tcb = (word_t)t >> 2;
    t->bound_notification = (word_t)n;
}

void unbind_notification(tcb_t *t)
{
    notification_t *n = (notification_t *)t->bound_notification;
    if (n) {
        n->bound_tcb = 0;
        t->bound_notification = 0;
    }
}

/* A notification going away leaves its bound TCB unbound. */
void unbind_maybe_notification(notification_t *n)
{
    tcb_t *t = ntfn_bound_tcb(n);
    if (t) {
        n->bound_tcb = 0;
        t->bound_notification = 0;
    }
}

/*
 * IPC (seL4 non-MCS): endpoints, notifications, the transfer of a message
 * and its caps, reply caps, and cancelling a blocked thread's IPC.
 */
#pragma once

#include "cspace.h"
#include "structures.h"

/* Append t to a FIFO of blocked threads (endpoint or notification queue). */
static inline void tcb_queue_append(tcb_queue_t *q, tcb_t *t)
{
    t->ep_prev = q->tail;
    t->ep_next = NULL;
    if (q->tail) {
        q->tail->ep_next = t;
    } else {
        q->head = t;
    }
    q->tail = t;
}

/* object/endpoint.c */
void tcb_queue_remove(tcb_queue_t *q, tcb_t *t);
void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *thread, endpoint_t *ep);
void receive_ipc(tcb_t *thread, cap_t cap, bool blocking);
void cancel_ipc(tcb_t *t);
void restart_queue(tcb_queue_t *q);
void cancel_all_ipc(endpoint_t *ep);
void cancel_badged_sends(endpoint_t *ep, word_t badge);

/* object/notification.c */
void send_signal(notification_t *n, word_t badge);
void receive_signal(tcb_t *thread, cap_t cap, bool blocking);
void complete_signal(notification_t *n, tcb_t *t);
void cancel_signal(tcb_t *t, notification_t *n);
void cancel_all_signals(notification_t *n);
void unbind_maybe_notification(notification_t *n);
void unbind_notification(tcb_t *t);
void bind_notification(tcb_t *t, notification_t *n);
static inline tcb_t *ntfn_bound_tcb(const notification_t *n)
{
    return (tcb_t *)((word_t)n->bound_tcb << 2);
}

/* core/ipc.c */
void do_ipc_transfer(tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver);
void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant);
void do_nb_recv_failed_transfer(tcb_t *t);
void setup_caller_cap(tcb_t *sender, tcb_t *receiver, bool can_grant);
void delete_caller_cap(tcb_t *receiver);
void setup_reply_master(tcb_t *t);

/* Endpoint and notification queues (object/endpoint.c). */
#pragma once

#include "structures.h"

void tcb_queue_remove(tcb_queue_t *q, tcb_t *t);
void cancel_all_ipc(endpoint_t *ep);
void cancel_all_signals(notification_t *ntfn);
void unbind_maybe_notification(notification_t *ntfn);
void cancel_badged_sends(endpoint_t *ep, word_t badge);

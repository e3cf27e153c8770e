/*
 * Thread states and the scheduler (seL4 non-MCS semantics, DESIGN §4.5).
 *
 * Wake-ups only record a candidate (possible_switch_to) or ask for a new
 * choice (reschedule_required); schedule() makes the one scheduling decision
 * per kernel exit.
 */
#pragma once

#include "structures.h"

/* ksSchedulerAction: resume the current thread, choose anew, or switch to a TCB. */
#define SCHED_RESUME_CURRENT ((tcb_t *)0)
#define SCHED_CHOOSE_NEW ((tcb_t *)1)

extern tcb_t *ks_cur_thread;   /* the thread running (or the idle thread) */
extern tcb_t *ks_idle_thread;
extern tcb_t *ks_scheduler_action;
extern word_t ks_cur_domain;
extern tcb_t *ks_debug_tcbs;   /* every TCB, newest first (seL4_DebugDumpScheduler) */

typedef struct ready_queue {
    tcb_t *head;
    tcb_t *tail;
} ready_queue_t;

const ready_queue_t *sched_queue(word_t dom, word_t prio);

/* The ready-queue bitmaps (thread.c): L1 bit i = some priority in [64i, 64i+63] is ready. */
#define L2_BITMAP_BITS 64
#define L2_BITMAP_SIZE ((CONFIG_NUM_PRIORITIES + L2_BITMAP_BITS - 1) / L2_BITMAP_BITS)
extern word_t ks_l1_bitmap[CONFIG_NUM_DOMAINS];
extern word_t ks_l2_bitmap[CONFIG_NUM_DOMAINS][L2_BITMAP_SIZE];

/* Highest priority with a ready thread in dom; only valid if one exists. */
static inline word_t sched_highest_prio(word_t dom)
{
    word_t l1 = 63 - (word_t)__builtin_clzl(ks_l1_bitmap[dom]);
    word_t l2 = 63 - (word_t)__builtin_clzl(ks_l2_bitmap[dom][L2_BITMAP_SIZE - 1 - l1]);
    return l1 * L2_BITMAP_BITS + l2;
}

/* No ready thread of the current domain outranks prio (the fastpath's test). */
static inline bool sched_is_highest_prio(word_t prio)
{
    return ks_l1_bitmap[ks_cur_domain] == 0 || prio >= sched_highest_prio(ks_cur_domain);
}

static inline bool is_runnable(const tcb_t *t)
{
    return t->state == ThreadState_Running || t->state == ThreadState_Restart;
}

/* Inactive or blocked on something: what TCB_Resume acts on. */
static inline bool is_stopped(const tcb_t *t)
{
    switch (t->state) {
    case ThreadState_Inactive:
    case ThreadState_BlockedOnReceive:
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnNotification:
    case ThreadState_BlockedOnReply:
        return true;
    default:
        return false;
    }
}

void set_thread_state(tcb_t *t, thread_state_t s);
void sched_enqueue(tcb_t *t);
void sched_append(tcb_t *t);
void sched_dequeue(tcb_t *t);
void reschedule_required(void);
void possible_switch_to(tcb_t *t);
void schedule(void);
void activate_thread(void);
void thread_init_tcb(tcb_t *t, const char *name);
void tcb_debug_append(tcb_t *t);
void tcb_debug_remove(tcb_t *t);
void thread_set_name(tcb_t *t, const char *name);
void handle_yield(void);
void timer_tick(void);
void suspend_thread(tcb_t *t);
void restart_thread(tcb_t *t);
const char *thread_state_name(thread_state_t s);

/*
 * Thread states and scheduling, as seL4 non-MCS does it:
 * - ready queues per (domain, priority), each a doubly-linked list, and a
 *   two-level bitmap per domain so the highest ready priority is two clz away;
 * - sched_enqueue puts a thread at the head (it keeps its turn), sched_append
 *   at the tail (Yield, slice expiry, equal-priority wake-up);
 * - one decision per kernel exit in schedule().
 */
#include "../include/thread.h"

#include "../include/printf.h"
#include "../include/domain.h"
#include "../include/endpoint.h"
#include "../include/invariants.h"
#include "../include/kernel.h"
#include "../include/util.h"

#define NUM_PRIOS CONFIG_NUM_PRIORITIES

tcb_t *ks_cur_thread;
tcb_t *ks_idle_thread;
tcb_t *ks_scheduler_action = SCHED_RESUME_CURRENT;
word_t ks_cur_domain;
tcb_t *ks_debug_tcbs;

static ready_queue_t ks_ready_queues[CONFIG_NUM_DOMAINS * NUM_PRIOS];

/* The ready queue of (dom, prio), for the invariant checker. */
const ready_queue_t *sched_queue(word_t dom, word_t prio)
{
    return &ks_ready_queues[dom * NUM_PRIOS + prio];
}
word_t ks_l1_bitmap[CONFIG_NUM_DOMAINS];
/* L2 index is inverted so that high priorities share a cache line (as seL4). */
word_t ks_l2_bitmap[CONFIG_NUM_DOMAINS][L2_BITMAP_SIZE];

static ready_queue_t *queue_of(const tcb_t *t)
{
    return &ks_ready_queues[t->domain * NUM_PRIOS + t->priority];
}

static void bitmap_set(word_t dom, word_t prio)
{
    word_t l1 = prio / L2_BITMAP_BITS;
    ks_l1_bitmap[dom] |= BIT(l1);
    ks_l2_bitmap[dom][L2_BITMAP_SIZE - 1 - l1] |= BIT(prio % L2_BITMAP_BITS);
}

static void bitmap_clear(word_t dom, word_t prio)
{
    word_t l1 = prio / L2_BITMAP_BITS;
    word_t *l2 = &ks_l2_bitmap[dom][L2_BITMAP_SIZE - 1 - l1];
    *l2 &= ~BIT(prio % L2_BITMAP_BITS);
    if (*l2 == 0) {
        ks_l1_bitmap[dom] &= ~BIT(l1);
    }
}

static word_t highest_prio(word_t dom)
{
    return sched_highest_prio(dom);
}

static bool is_highest_prio(word_t dom, word_t prio)
{
    return ks_l1_bitmap[dom] == 0 || prio >= highest_prio(dom);
}

/* Put a runnable thread at the head of its ready queue (no-op if queued). */
void sched_enqueue(tcb_t *t)
{
    if (t->queued) {
        return;
    }
    ready_queue_t *q = queue_of(t);
    if (!q->tail) {
        bitmap_set(t->domain, t->priority);
        q->tail = t;
    } else {
        q->head->sched_prev = t;
    }
    t->sched_prev = NULL;
    t->sched_next = q->head;
    q->head = t;
    t->queued = true;
}

/* Put a runnable thread at the tail of its ready queue (no-op if queued). */
void sched_append(tcb_t *t)
{
    if (t->queued) {
        return;
    }
    ready_queue_t *q = queue_of(t);
    if (!q->head) {
        bitmap_set(t->domain, t->priority);
        q->head = t;
    } else {
        q->tail->sched_next = t;
    }
    t->sched_prev = q->tail;
    t->sched_next = NULL;
    q->tail = t;
    t->queued = true;
}

/* Remove a thread from its ready queue (no-op if not queued). */
void sched_dequeue(tcb_t *t)
{
    if (!t->queued) {
        return;
    }
    ready_queue_t *q = queue_of(t);
    if (t->sched_prev) {
        t->sched_prev->sched_next = t->sched_next;
    } else {
        q->head = t->sched_next;
    }
    if (t->sched_next) {
        t->sched_next->sched_prev = t->sched_prev;
    } else {
        q->tail = t->sched_prev;
    }
    if (!q->head) {
        bitmap_clear(t->domain, t->priority);
    }
    t->queued = false;
}

/* The current choice is void: pick anew at kernel exit (the candidate is queued). */
void reschedule_required(void)
{
    tcb_t *cand = ks_scheduler_action;
    if (cand != SCHED_RESUME_CURRENT && cand != SCHED_CHOOSE_NEW) {
        sched_enqueue(cand);
    }
    ks_scheduler_action = SCHED_CHOOSE_NEW;
}

/* Record t (just made runnable) as a switch candidate, or queue it. */
void possible_switch_to(tcb_t *t)
{
    if (t->domain != ks_cur_domain) {
        sched_enqueue(t);
    } else if (ks_scheduler_action != SCHED_RESUME_CURRENT) {
        reschedule_required();
        sched_enqueue(t);
    } else {
        ks_scheduler_action = t;
    }
}

/* Change a thread's state; if the current thread stops running, choose anew. */
void set_thread_state(tcb_t *t, thread_state_t s)
{
    t->state = s;
    if (!is_runnable(t) && t == ks_cur_thread &&
        ks_scheduler_action == SCHED_RESUME_CURRENT) {
        reschedule_required();
    }
}

static void switch_to_thread(tcb_t *t)
{
    arch_switch_to_thread(ks_cur_thread, t);
    sched_dequeue(t);
    ks_cur_thread = t;
}

/* Pick the head of the highest ready priority in the current domain, or idle. */
static void choose_thread(void)
{
    if (ks_domain_time == 0) {
        domain_next();
    }
    word_t dom = ks_cur_domain;
    if (ks_l1_bitmap[dom]) {
        tcb_t *t = ks_ready_queues[dom * NUM_PRIOS + highest_prio(dom)].head;
        assert(t && is_runnable(t));
        switch_to_thread(t);
    } else {
        arch_switch_to_thread(ks_cur_thread, ks_idle_thread);
        ks_cur_thread = ks_idle_thread;
    }
}

/* The one scheduling decision of a kernel exit (seL4's schedule()). */
void schedule(void)
{
    tcb_t *action = ks_scheduler_action;
    if (action == SCHED_RESUME_CURRENT) {
        return;
    }
    bool was_runnable = is_runnable(ks_cur_thread);
    if (was_runnable) {
        sched_enqueue(ks_cur_thread);
    }
    if (action == SCHED_CHOOSE_NEW) {
        choose_thread();
    } else {
        tcb_t *cand = action;
        bool fastfail = ks_cur_thread == ks_idle_thread || cand->priority < ks_cur_thread->priority;
        if (fastfail && !is_highest_prio(ks_cur_domain, cand->priority)) {
            sched_enqueue(cand);
            choose_thread();
        } else if (was_runnable && cand->priority == ks_cur_thread->priority) {
            sched_append(cand);
            choose_thread();
        } else {
            switch_to_thread(cand);
        }
    }
    ks_scheduler_action = SCHED_RESUME_CURRENT;
}

/* Make the current thread ready to return to user: a Restart re-runs its syscall. */
void activate_thread(void)
{
    tcb_t *t = ks_cur_thread;
    if (t->state == ThreadState_Restart) {
        tcb_set_reg(t, REG_NEXTIP, arch_get_restart_pc(t));
        set_thread_state(t, ThreadState_Running);
    }
}

/*
 * A timer tick (seL4's timerTick): a running thread uses up its time slice
 * and then goes to the tail of its queue; the domain's time runs down.
 */
void timer_tick(void)
{
    tcb_t *t = ks_cur_thread;
    if (t->state == ThreadState_Running) {
        if (t->time_slice > 1) {
            t->time_slice--;
        } else {
            t->time_slice = CONFIG_TIME_SLICE;
            sched_append(t);
            reschedule_required();
        }
    }
    if (CONFIG_NUM_DOMAINS > 1) {
        ks_domain_time--;
        if (ks_domain_time == 0) {
            reschedule_required();
        }
    }
}

/* seL4_Yield: go to the tail of the own priority's queue. */
void handle_yield(void)
{
    sched_dequeue(ks_cur_thread);
    sched_append(ks_cur_thread);
    reschedule_required();
}

/* Stop a thread (TCB_Suspend): it becomes Inactive and leaves the ready queue. */
void suspend_thread(tcb_t *t)
{
    cancel_ipc(t);
    if (t->state == ThreadState_Running) {
        /* A suspended running thread resumes after its syscall, not inside it. */
        tcb_set_reg(t, REG_FAULTIP, tcb_reg(t, REG_NEXTIP));
    }
    set_thread_state(t, ThreadState_Inactive);
    sched_dequeue(t);
}

/* Start a stopped thread again (TCB_Resume): Restart, queued, maybe switched to. */
void restart_thread(tcb_t *t)
{
    if (is_stopped(t)) {
        cancel_ipc(t);
        setup_reply_master(t);
        set_thread_state(t, ThreadState_Restart);
        sched_enqueue(t);
        possible_switch_to(t);
    }
}

/* Fill in a fresh TCB's scheduling fields and put it on the debug list. */
void thread_init_tcb(tcb_t *t, const char *name)
{
    t->state = ThreadState_Inactive;
    t->domain = (uint8_t)ks_cur_domain;
    t->time_slice = CONFIG_TIME_SLICE;
    arch_init_user_context(t);
    thread_set_name(t, name);
    tcb_debug_append(t);
}

void thread_set_name(tcb_t *t, const char *name)
{
    strlcpy(tcb_name(t), name, TCB_NAME_LENGTH);
}

/* Prepend to the debug list (seL4 prints newest first). */
void tcb_debug_append(tcb_t *t)
{
    tcb_debug_t *d = tcb_debug(t);
    d->debug_prev = NULL;
    d->debug_next = ks_debug_tcbs;
    if (ks_debug_tcbs) {
        tcb_debug(ks_debug_tcbs)->debug_prev = t;
    }
    ks_debug_tcbs = t;
}

void tcb_debug_remove(tcb_t *t)
{
    tcb_debug_t *d = tcb_debug(t);
    if (d->debug_prev) {
        tcb_debug(d->debug_prev)->debug_next = d->debug_next;
    } else {
        ks_debug_tcbs = d->debug_next;
    }
    if (d->debug_next) {
        tcb_debug(d->debug_next)->debug_prev = d->debug_prev;
    }
}

const char *thread_state_name(thread_state_t s)
{
    static const char *const names[] = {
        [ThreadState_Inactive] = "inactive",
        [ThreadState_Running] = "running",
        [ThreadState_Restart] = "restart",
        [ThreadState_BlockedOnReceive] = "blocked on recv",
        [ThreadState_BlockedOnSend] = "blocked on send",
        [ThreadState_BlockedOnReply] = "blocked on reply",
        [ThreadState_BlockedOnNotification] = "blocked on ntfn",
        [ThreadState_IdleThreadState] = "idle",
    };
    return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "unknown";
}

/* The one way out of the kernel: decide, activate, and leave to user or idle. */
void kernel_exit(void)
{
    schedule();
    activate_thread();
    if (config_set(CONFIG_CHECK_INVARIANTS)) {
        const char *broken = invariants_check();
        if (broken) {
            kernel_fail(broken, "invariant", 0, "kernel_exit");
        }
    }
    if (ks_cur_thread == ks_idle_thread) {
        arch_idle();
    }
    arch_restore_user_context(ks_cur_thread);
}

/*
 * The domain schedule and DomainSet invocations (seL4 16's run-time
 * schedule: DomainSet_Set, ScheduleConfigure, ScheduleSetStart).
 */
#include "../include/domain.h"

#include <sel4/errors.h>
#include <sel4/invocation.h>

#include "../include/message.h"
#include "../include/printf.h"
#include "../include/thread.h"

static word_t ks_dom_schedule[NUM_DOMAIN_SCHEDULES];
static word_t ks_dom_schedule_idx, ks_dom_schedule_start;
word_t ks_domain_time;

static word_t entry_domain(word_t e) { return e >> DSCHED_DOMAIN_SHIFT; }
static word_t entry_duration(word_t e) { return e & DSCHED_MAX_DURATION; }

/* Boot: one entry, domain 0 for the longest possible time. */
void domain_init(void)
{
    ks_dom_schedule[0] = DSCHED_MAX_DURATION;
    ks_dom_schedule_idx = 0;
    ks_dom_schedule_start = 0;
    ks_cur_domain = 0;
    ks_domain_time = DSCHED_MAX_DURATION;
}

void domain_next(void)
{
    ks_dom_schedule_idx++;
    if (ks_dom_schedule[ks_dom_schedule_idx] == 0) {
        ks_dom_schedule_idx = ks_dom_schedule_start;
    }
    ks_cur_domain = entry_domain(ks_dom_schedule[ks_dom_schedule_idx]);
    ks_domain_time = entry_duration(ks_dom_schedule[ks_dom_schedule_idx]);
}

/* Move a thread to another domain; it keeps its place rules (seL4's setDomain). */
static void set_domain(tcb_t *t, word_t dom)
{
    sched_dequeue(t);
    t->domain = (uint8_t)dom;
    if (is_runnable(t)) {
        sched_enqueue(t);
    }
    if (t == ks_cur_thread) {
        reschedule_required();
    }
}

static exception_t decode_set(word_t length, word_t *buffer)
{
    if (length == 0) {
        userError("Domain Configure: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t dom = get_syscall_arg(ks_cur_thread, 0, buffer);
    if (dom >= CONFIG_NUM_DOMAINS) {
        userError("Domain Configure: invalid domain (%lu >= %u).", dom, CONFIG_NUM_DOMAINS);
        return syscall_invalid_argument(0);
    }
    if (!current_extra_caps.excaprefs[0]) {
        userError("Domain Configure: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    cap_t tcap = current_extra_caps.excaprefs[0]->cap;
    if (cap_get_type(tcap) != cap_thread_cap) {
        userError("Domain Configure: thread cap required.");
        return syscall_invalid_argument(1);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    set_domain((tcb_t *)cap_ptr48(tcap), dom);
    return EXCEPTION_NONE;
}

static exception_t decode_configure(word_t length, word_t *buffer)
{
    if (length < 3) {
        userError("Domain Schedule Configure: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t index = get_syscall_arg(ks_cur_thread, 0, buffer);
    word_t dom = get_syscall_arg(ks_cur_thread, 1, buffer);
    word_t duration = get_syscall_arg(ks_cur_thread, 2, buffer);
    if (index >= NUM_DOMAIN_SCHEDULES - 1) {
        userError("Domain Schedule Configure: Invalid index.");
        return syscall_range_error(0, NUM_DOMAIN_SCHEDULES - 2);
    }
    if (dom >= CONFIG_NUM_DOMAINS) {
        userError("Domain Schedule Configure: Invalid domain.");
        return syscall_range_error(0, CONFIG_NUM_DOMAINS - 1);
    }
    if (duration > DSCHED_MAX_DURATION) {
        userError("Domain Schedule Configure: Duration must fit in 56 bits.");
        return syscall_invalid_argument(2);
    }
    if (duration == 0 && dom != 0) {
        userError("Domain Schedule Configure: Both domain and duration must be zero for end markers.");
        return syscall_invalid_argument(1);
    }
    if (index == ks_dom_schedule_start && duration == 0) {
        userError("Domain Schedule Configure: Starting schedule's duration must not be zero.");
        return syscall_invalid_argument(2);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    ks_dom_schedule[index] = (dom << DSCHED_DOMAIN_SHIFT) | duration;
    return EXCEPTION_NONE;
}

static exception_t decode_set_start(word_t length, word_t *buffer)
{
    if (length < 1) {
        userError("Domain Schedule Configure: Truncated message.");
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t index = get_syscall_arg(ks_cur_thread, 0, buffer);
    if (index >= NUM_DOMAIN_SCHEDULES) {
        userError("Domain Schedule Set Start: Invalid index.");
        return syscall_range_error(0, NUM_DOMAIN_SCHEDULES - 1);
    }
    if (ks_dom_schedule[index] == 0) {
        userError("Domain Schedule Set Start: Starting schedule must not be an end marker.");
        return syscall_invalid_argument(0);
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    /* End the current entry now and restart the schedule at the new start. */
    ks_dom_schedule_start = index;
    ks_domain_time = 0;
    ks_dom_schedule_idx = NUM_DOMAIN_SCHEDULES - 2;
    reschedule_required();
    return EXCEPTION_NONE;
}

exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer)
{
    switch (label) {
    case DomainSetSet:
        return decode_set(length, buffer);
    case DomainScheduleConfigure:
        return decode_configure(length, buffer);
    case DomainScheduleSetStart:
        return decode_set_start(length, buffer);
    default:
        userError("Domain: Illegal operation.");
        return syscall_error(seL4_IllegalOperation);
    }
}

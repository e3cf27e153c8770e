/*
 * Domain tests: sel4test's domains.cxx (DOMAINS0001-0004 always; DOMAINS0000,
 * DOMAINS0005 and DOMAINS9999 only with CONFIG_NUM_DOMAINS > 1) and the
 * exact errors of the DomainSet invocations for this build's configuration
 * (DOMSCHED0001-0002), as seL4 16's src/object/domain.c gives them:
 * NUM_DOMAIN_SCHEDULES entries (2 with one domain, else 100), the last one
 * always an end marker.
 */
#include <string.h>

#include "thread_helpers.h"

#define N_SCHED (CONFIG_NUM_DOMAINS > 1 ? 100 : 2)
#define DSCHED_MAX_DURATION 0x00fffffffffffffful
#define DOM seL4_CapDomain

/* A busy helper in domain `id`'s slot: spin 50 times for 4 ms (sel4test's fdom1). */
static seL4_Word domain_spinner(seL4_Word id, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)id, (void)a1, (void)a2, (void)a3;
    for (int countdown = 50; countdown > 0; countdown--) {
        (void)SPIN_UNTIL(false, 4);
    }
    return 0;
}

/* One helper per domain at priority 64, thread 0 moved to the last domain after a
 * while if `shift`; the root waits (yielding, at 64) for all of them. */
static const char *run_domains(bool shift)
{
    helper_t h[CONFIG_NUM_DOMAINS];
    for (seL4_Word i = 0; i < CONFIG_NUM_DOMAINS; i++) {
        TRY(helper_create(&h[i], 64));
        EXPECT_OK(seL4_DomainSet_Set(DOM, (seL4_Uint8)i, h[i].tcb));
    }
    for (seL4_Word i = 0; i < CONFIG_NUM_DOMAINS; i++) {
        TRY(helper_start(&h[i], domain_spinner, i, 0, 0, 0));
    }
    TRY(root_set_prio(64));
    if (CONFIG_NUM_DOMAINS > 1 && shift) {
        (void)YIELD_UNTIL(false, 8);
        EXPECT_OK(seL4_DomainSet_Set(DOM, CONFIG_NUM_DOMAINS - 1, h[0].tcb));
    }
    for (int i = 0; i < CONFIG_NUM_DOMAINS; i++) {
        TRY(helper_wait(&h[i], 30000));
    }
    return NULL;
}

#if CONFIG_NUM_DOMAINS > 1
#define D0 10
#define D1 4
#define D2 3
#define D3 2
#define OFF (N_SCHED - CONFIG_NUM_DOMAINS - 1)

/* sel4test DOMAINS0000: the schedule's error paths, then one entry per domain at the
 * end of the schedule (10, 4, 3, 2, 2, ... ticks), started at once. */
SYSTEST(DOMAINS0000)
{
    static const seL4_Word duration[] = {D0, D1, D2};
    EXPECT_OK(seL4_DomainSet_ScheduleSetStart(DOM, 0));
    EXPECT_ERR(seL4_DomainSet_ScheduleSetStart(DOM, ~0ul), seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleSetStart(DOM, N_SCHED), seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleSetStart(DOM, 1), seL4_InvalidArgument);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, ~0ul, 0, D0), seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, N_SCHED - 1, 0, D0), seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 0), seL4_InvalidArgument);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, 0, (seL4_Uint8)-1, D0), seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, 0, CONFIG_NUM_DOMAINS + 1, D0),
               seL4_RangeError);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, 1, 1, 0), seL4_InvalidArgument);
    EXPECT_ERR(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 1ul << 56), seL4_InvalidArgument);
    for (seL4_Word i = 1; i < OFF; i++) {
        EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, i, 0, DSCHED_MAX_DURATION));
    }
    for (seL4_Word i = 0; i < CONFIG_NUM_DOMAINS; i++) {
        EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, i + OFF, (seL4_Uint8)i,
                                                   i < 3 ? duration[i] : D3));
    }
    EXPECT_OK(seL4_DomainSet_ScheduleSetStart(DOM, OFF));
    return NULL;
}

/* sel4test DOMAINS9999: back to the boot schedule (entry 0: domain 0 for ever). */
SYSTEST(DOMAINS9999)
{
    EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, DSCHED_MAX_DURATION));
    EXPECT_OK(seL4_DomainSet_ScheduleSetStart(DOM, 0));
    EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, 1, 0, 0));
    return NULL;
}

/* sel4test DOMAINS0005: as DOMAINS0004, with thread 0 moved to the last domain mid-run
 * (adapted: the root yields for 8 ms instead of sleeping). */
THREAD_TEST(DOMAINS0005)
{
    return run_domains(true);
}
#endif

/* sel4test DOMAINS0001: the root moves itself to the last domain and back. */
SYSTEST(DOMAINS0001)
{
    seL4_Error e1 = seL4_DomainSet_Set(DOM, CONFIG_NUM_DOMAINS - 1, seL4_CapInitThreadTCB);
    seL4_Error e2 = seL4_DomainSet_Set(DOM, 0, seL4_CapInitThreadTCB);
    EXPECT_EQ(e1, seL4_NoError);
    EXPECT_EQ(e2, seL4_NoError);
    return NULL;
}

/* sel4test DOMAINS0002: a domain that does not exist is InvalidArgument (argument 0). */
SYSTEST(DOMAINS0002)
{
    EXPECT_ERR_MRS(seL4_DomainSet_Set(DOM, CONFIG_NUM_DOMAINS + 10, seL4_CapInitThreadTCB),
                   seL4_InvalidArgument, 0);
    return NULL;
}

/* sel4test DOMAINS0003: the DomainSet_Set call on a TCB cap is IllegalOperation. */
SYSTEST(DOMAINS0003)
{
    EXPECT_ERR(seL4_DomainSet_Set(seL4_CapInitThreadTCB, 0, seL4_CapInitThreadTCB),
               seL4_IllegalOperation);
    return NULL;
}

/* sel4test DOMAINS0004: one busy thread per domain at priority 64 runs to the end in its
 * domain's time (adapted: counted spins instead of the timer service's sleep). */
THREAD_TEST(DOMAINS0004)
{
    return run_domains(false);
}

/* DomainSet_Set: no word is TruncatedMessage; the domain is checked (InvalidArgument(0),
 * any value, not just its low byte) before the cap is looked at (none: TruncatedMessage;
 * not a TCB: InvalidArgument(1)).  An unknown label is IllegalOperation. */
THREAD_TEST(DOMSCHED0001)
{
    seL4_CPtr empty = slot_alloc(), self = seL4_CapInitThreadTCB;
    seL4_MessageInfo_t info = raw_invoke(DOM, DomainSetSet, 1, (seL4_CPtr[]){self}, 0, NULL);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    info = raw_invoke(DOM, DomainSetSet, 0, NULL, 1, (seL4_Word[]){0});
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    info = raw_invoke(DOM, DomainSetSet, 0, NULL, 1, (seL4_Word[]){CONFIG_NUM_DOMAINS});
    EXPECT_REPLY(info, seL4_InvalidArgument, 1, 0);
    info = raw_invoke(DOM, DomainSetSet, 1, (seL4_CPtr[]){self}, 1, (seL4_Word[]){256});
    EXPECT_REPLY(info, seL4_InvalidArgument, 1, 0);
    info = raw_invoke(DOM, DomainSetSet, 1, (seL4_CPtr[]){ROOT}, 1, (seL4_Word[]){0});
    EXPECT_REPLY(info, seL4_InvalidArgument, 1, 1);
    EXPECT_ERR_MRS(seL4_DomainSet_Set(DOM, 0, empty), seL4_InvalidArgument, 1);
    EXPECT_ERR_MRS(seL4_DomainSet_Set(DOM, 0, seL4_CapInitThreadVSpace), seL4_InvalidArgument, 1);
    EXPECT_OK(seL4_DomainSet_Set(DOM, 0, self));
    info = raw_invoke(DOM, TCBSuspend, 0, NULL, 0, NULL);
    EXPECT_REPLY0(info, seL4_IllegalOperation);
    /* A new thread is in the current domain (0) and can be moved within range. */
    helper_t h;
    TRY(helper_create(&h, 10));
    EXPECT_OK(seL4_DomainSet_Set(DOM, CONFIG_NUM_DOMAINS - 1, h.tcb));
    EXPECT_OK(seL4_DomainSet_Set(DOM, 0, h.tcb));
    return NULL;
}

/* ScheduleConfigure: fewer than 3 words is TruncatedMessage; an index past the last
 * configurable entry is RangeError(0, N-2); a domain out of range RangeError(0,
 * NUM_DOMAINS-1); a duration over 56 bits InvalidArgument(2); a zero duration with a
 * nonzero domain InvalidArgument(1); a zero duration for the start entry
 * InvalidArgument(2), checked in that order.  ScheduleSetStart: no word is
 * TruncatedMessage; an index past the end RangeError(0, N-1); an end marker
 * InvalidArgument(0).  The boot schedule is restored at the end. */
SYSTEST(DOMSCHED0002)
{
    seL4_MessageInfo_t info;
    info = raw_invoke(DOM, DomainScheduleConfigure, 0, NULL, 2, (seL4_Word[]){0, 0});
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, N_SCHED - 1, 0, 5), seL4_RangeError, 0,
                   N_SCHED - 2);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, ~0ul, 0, 5), seL4_RangeError, 0,
                   N_SCHED - 2);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, N_SCHED - 1, CONFIG_NUM_DOMAINS, 0),
                   seL4_RangeError, 0, N_SCHED - 2);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, CONFIG_NUM_DOMAINS, 5),
                   seL4_RangeError, 0, CONFIG_NUM_DOMAINS - 1);
    info = raw_invoke(DOM, DomainScheduleConfigure, 0, NULL, 3, (seL4_Word[]){0, 256, 5});
    EXPECT_REPLY(info, seL4_RangeError, 2, 0, CONFIG_NUM_DOMAINS - 1);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, CONFIG_NUM_DOMAINS, 1ul << 56),
                   seL4_RangeError, 0, CONFIG_NUM_DOMAINS - 1);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 1ul << 56), seL4_InvalidArgument,
                   2);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, ~0ul), seL4_InvalidArgument, 2);
    if (CONFIG_NUM_DOMAINS > 1) {
        EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 1, 1, 0), seL4_InvalidArgument, 1);
        EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, 1, 0), seL4_InvalidArgument, 1);
    }
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 0), seL4_InvalidArgument, 2);
    EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 5));
    EXPECT_OK(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, DSCHED_MAX_DURATION));

    info = raw_invoke(DOM, DomainScheduleSetStart, 0, NULL, 0, NULL);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleSetStart(DOM, N_SCHED), seL4_RangeError, 0,
                   N_SCHED - 1);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleSetStart(DOM, ~0ul), seL4_RangeError, 0, N_SCHED - 1);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleSetStart(DOM, N_SCHED - 1), seL4_InvalidArgument, 0);
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleSetStart(DOM, 1), seL4_InvalidArgument, 0);
    EXPECT_OK(seL4_DomainSet_ScheduleSetStart(DOM, 0));
    /* The start entry is 0 again: its duration still may not be 0. */
    EXPECT_ERR_MRS(seL4_DomainSet_ScheduleConfigure(DOM, 0, 0, 0), seL4_InvalidArgument, 2);
    return NULL;
}

/*
 * Notifications (seL4's notification.c, non-MCS): sel4test's NBWAIT0001 and
 * BIND0001-0004, then badge OR-ing and Poll, FIFO waiters, a bound
 * notification waking a thread blocked in Recv on an endpoint, the
 * Bind/Unbind rules, and what deletion and suspension do to waiters.
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

#define ASYNC 1
#define SYNC 2
#define NUM_RUNS 10

/* Send one word `msg` on ep (NBWAIT0001's helper). */
static seL4_Word nbwait_send(seL4_Word ep, seL4_Word msg, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetMR(0, msg);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

/*
 * NBWAIT0001: NBRecv and Poll.  Nothing pending: badge 0.  A signal to the
 * caller's bound notification is returned by Poll on it and by NBRecv on an
 * endpoint; a blocked sender is returned by NBRecv with its badge.
 */
IPC_TEST(NBWAIT0001)
{
    seL4_CPtr ep, ntfn, badged_ntfn, badged_ep;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    EXPECT_OK(seL4_TCB_BindNotification(self->tcb, ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, 2, &badged_ntfn));
    TRY(mint_new(ep, seL4_AllRights, 1, &badged_ep));

    seL4_Word badge = 0x55;
    seL4_NBRecv(ep, &badge);
    EXPECT_EQ(badge, 0);
    badge = 0x55;
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    seL4_Signal(badged_ntfn);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 2);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    seL4_Signal(badged_ntfn);
    seL4_NBRecv(ep, &badge);
    EXPECT_EQ(badge, 2);
    seL4_NBRecv(ep, &badge);
    EXPECT_EQ(badge, 0);

    /* A helper at main's priority; main steps down so that it runs and blocks in Send. */
    worker_t helper;
    TRY(worker_run(&helper, MAIN_PRIO, nbwait_send, badged_ep, 0xdeadbeef, 0, 0));
    TRY(worker_set_prio(self, MAIN_PRIO - 1));
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge);
    EXPECT_EQ(badge, 1);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 1);
    EXPECT_EQ(seL4_GetMR(0), 0xdeadbeef);
    seL4_NBRecv(ep, &badge);
    EXPECT_EQ(badge, 0);
    TRY(worker_join(&helper));
    EXPECT_OK(seL4_TCB_UnbindNotification(self->tcb));
    return NULL;
}

/* sel4test's sender: `runs` empty Sends on a cap (a signal if it is a notification). */
static seL4_Word sender(seL4_Word cap, seL4_Word id, seL4_Word runs, seL4_Word a3)
{
    (void)id, (void)a3;
    for (seL4_Word i = 0; i < runs; i++) {
        seL4_Send(cap, seL4_MessageInfo_new(0, 0, 0, 0));
    }
    return 0;
}

/* BIND0001: a thread bound to a notification and waiting on an endpoint gets
 * both the endpoint's messages and the notification's signals. */
IPC_TEST(BIND0001)
{
    seL4_CPtr sync_ep, ntfn, badged_ntfn, badged_ep;
    TRY(new_endpoint(&sync_ep));
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, ASYNC, &badged_ntfn));
    TRY(mint_new(sync_ep, seL4_AllRights, SYNC, &badged_ep));
    EXPECT_OK(seL4_TCB_BindNotification(self->tcb, ntfn));
    worker_t sync, async;
    TRY(worker_run(&async, MAIN_PRIO - 1, sender, badged_ntfn, ASYNC, NUM_RUNS, 0));
    TRY(worker_run(&sync, MAIN_PRIO - 1, sender, badged_ep, SYNC, NUM_RUNS, 0));
    int n_async = 0, n_sync = 0, n_other = 0;
    for (int i = 0; i < NUM_RUNS * 2; i++) {
        seL4_Word badge = 0;
        seL4_Wait(sync_ep, &badge);
        if (badge == ASYNC) {
            n_async++;
        } else if (badge == SYNC) {
            n_sync++;
        } else {
            n_other++;
        }
    }
    EXPECT_EQ(n_async, NUM_RUNS);
    EXPECT_EQ(n_sync, NUM_RUNS);
    EXPECT_EQ(n_other, 0);
    EXPECT_OK(seL4_TCB_UnbindNotification(self->tcb));
    TRY(worker_join(&sync));
    return worker_join(&async);
}

/* BIND0002: a bound thread waiting on its own notification gets the signals. */
IPC_TEST(BIND0002)
{
    seL4_CPtr ntfn, badged_ntfn;
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, ASYNC, &badged_ntfn));
    EXPECT_OK(seL4_TCB_BindNotification(self->tcb, ntfn));
    worker_t async;
    TRY(worker_run(&async, MAIN_PRIO - 1, sender, badged_ntfn, ASYNC, NUM_RUNS, 0));
    int n = 0;
    for (int i = 0; i < NUM_RUNS; i++) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn, &badge);
        n += badge == ASYNC;
    }
    EXPECT_EQ(n, NUM_RUNS);
    EXPECT_OK(seL4_TCB_UnbindNotification(self->tcb));
    return worker_join(&async);
}

/* Wait once on a notification. */
static seL4_Word waiter(seL4_Word ntfn, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Wait(ntfn, &badge);
    return 0;
}

/* A bound waiter at waiter_prio and a one-signal sender at sender_prio both finish. */
static const char *bind_prio(seL4_Word waiter_prio, seL4_Word sender_prio)
{
    seL4_CPtr ntfn;
    worker_t w, s;
    TRY(new_notification(&ntfn));
    TRY(worker_create(&w, waiter_prio));
    TRY(worker_create(&s, sender_prio));
    EXPECT_OK(seL4_TCB_BindNotification(w.tcb, ntfn));
    TRY(worker_start(&w, waiter, ntfn, 0, 0, 0));
    TRY(worker_start(&s, sender, ntfn, 0, 1, 0));
    TRY(worker_join(&w));
    return worker_join(&s);
}

/* BIND0003: the bound thread waits first, then the other signals. */
IPC_TEST(BIND0003)
{
    (void)self;
    return bind_prio(10, 9);
}

/* BIND0004: the signal comes first, then the bound thread waits. */
IPC_TEST(BIND0004)
{
    (void)self;
    return bind_prio(9, 10);
}

/* ---- badges, Poll, FIFO ------------------------------------------------------- */

/*
 * NTFN0001: signals OR their badges into the notification's word until a
 * Wait takes it; Poll with nothing pending returns badge 0 and leaves the
 * notification idle; repeating a badge changes nothing.
 */
IPC_TEST(NTFN0001)
{
    (void)self;
    static const seL4_Word bits[] = {1, 2, 4, 0x8000000000000000ul};
    seL4_CPtr ntfn, caps[4];
    TRY(new_notification(&ntfn));
    for (int i = 0; i < 4; i++) {
        TRY(mint_new(ntfn, seL4_AllRights, bits[i], &caps[i]));
    }
    seL4_Word badge = 0x77;
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    for (int i = 0; i < 4; i++) {
        seL4_Signal(caps[i]);
    }
    seL4_Wait(ntfn, &badge);
    EXPECT_EQ(badge, 0x8000000000000007ul);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    for (int i = 0; i < 3; i++) {
        seL4_Signal(caps[0]);
    }
    seL4_Signal(caps[2]);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 5);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    return NULL;
}

static volatile seL4_Word wait_got[3];

/* Wait once; record the badge in wait_got[index]. */
static seL4_Word wait_record(seL4_Word ntfn, seL4_Word index, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge = 0;
    seL4_Wait(ntfn, &badge);
    wait_got[index] = badge;
    return 0;
}

/*
 * NTFN0002: waiters are woken one per signal in the order they began to wait,
 * each with the badge of its signal; with the queue empty the notification is
 * idle again (Poll: 0).
 */
IPC_TEST(NTFN0002)
{
    (void)self;
    seL4_CPtr ntfn, caps[3];
    worker_t w[3];
    static const int order[3] = {2, 0, 1};
    TRY(new_notification(&ntfn));
    for (int k = 0; k < 3; k++) {
        TRY(mint_new(ntfn, seL4_AllRights, 0x10 * (seL4_Word)(k + 1), &caps[k]));
        wait_got[k] = 0;
    }
    for (int k = 0; k < 3; k++) {
        TRY(worker_run(&w[order[k]], 150, wait_record, ntfn, (seL4_Word)order[k], 0, 0));
        TRY(settle());
    }
    for (int k = 0; k < 3; k++) {
        seL4_Signal(caps[k]);
    }
    for (int k = 0; k < 3; k++) {
        TRY(worker_join(&w[k]));
    }
    for (int k = 0; k < 3; k++) {
        EXPECT_EQ(wait_got[order[k]], 0x10 * (seL4_Word)(k + 1));
    }
    seL4_Word badge = 0x77;
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    return NULL;
}

/* ---- bound notifications and endpoints -------------------------------------------- */

/* What a bound thread's receives returned: (badge, RSI) pairs. */
static volatile seL4_Word bound_seen[6];
#define RSI_SENTINEL 0x5e5e5e5e5e5e5e5eul

/* Recv on ep with RSI preset to a sentinel; record badge and RSI at bound_seen[2k]. */
static void recv_raw(seL4_Word ep, int k)
{
    libsel4_regs_t r = {ep, RSI_SENTINEL, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysRecv, &r);
    bound_seen[2 * k] = r.rdi;
    bound_seen[2 * k + 1] = r.rsi;
}

/* The bound thread of NTFN0003: Recv; Call main; Recv; Recv. */
static seL4_Word bound_receiver(seL4_Word ep, seL4_Word call_ep, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    recv_raw(ep, 0);
    seL4_Call(call_ep, seL4_MessageInfo_new(0, 0, 0, 0));
    recv_raw(ep, 1);
    recv_raw(ep, 2);
    return 0;
}

/*
 * NTFN0003: a signal to a bound notification wakes its thread blocked in Recv
 * on an endpoint, with the badge in RDI and RSI untouched.  A thread blocked
 * on reply is not woken: the notification stays active, and its next Recv on
 * the endpoint returns the signal at once, before a sender waiting there.
 */
IPC_TEST(NTFN0003)
{
    (void)self;
    seL4_CPtr ep, call_ep, ntfn, sig40, sig08, badged_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&call_ep));
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, 0x40, &sig40));
    TRY(mint_new(ntfn, seL4_AllRights, 0x08, &sig08));
    TRY(mint_new(ep, seL4_AllRights, 0x99, &badged_ep));
    worker_t w, s;
    TRY(worker_create(&w, 150));
    EXPECT_OK(seL4_TCB_BindNotification(w.tcb, ntfn));
    TRY(worker_start(&w, bound_receiver, ep, call_ep, 0, 0));
    TRY(settle()); /* w blocks in Recv on ep */
    seL4_Signal(sig40);
    seL4_Word badge;
    seL4_Recv(call_ep, &badge); /* w woke up and Calls us */
    EXPECT_EQ(bound_seen[0], 0x40);
    EXPECT_EQ(bound_seen[1], RSI_SENTINEL);
    seL4_Signal(sig08); /* w is blocked on reply: not woken */
    TRY(worker_run(&s, 160, nbwait_send, badged_ep, 0x1234, 0, 0)); /* blocks on ep */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(worker_join(&w));
    EXPECT_EQ(bound_seen[2], 0x08);
    EXPECT_EQ(bound_seen[3], RSI_SENTINEL);
    EXPECT_EQ(bound_seen[4], 0x99);
    EXPECT_EQ(bound_seen[5], seL4_MessageInfo_new(0, 0, 0, 1).words[0]);
    return worker_join(&s);
}

/* ---- Bind/Unbind rules ------------------------------------------------------------- */

/*
 * NTFN0004: BindNotification needs a notification cap (else IllegalOperation)
 * with Read, not bound, without waiters, to a TCB not yet bound; no cap at
 * all is TruncatedMessage.  UnbindNotification needs a bound TCB.  Waiting
 * on a notification bound to another thread is a cap fault; after Unbind it
 * is fine.
 */
IPC_TEST(NTFN0004)
{
    (void)self;
    seL4_CPtr ntfn, ntfn2, busy, ep, read_less, fault_ep;
    TRY(new_notification(&ntfn));
    TRY(new_notification(&ntfn2));
    TRY(new_notification(&busy));
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&fault_ep));
    TRY(mint_new(ntfn2, rights_of(1), 0, &read_less)); /* Write only */
    worker_t a, b, busy_waiter;
    TRY(worker_create(&a, 150));
    TRY(worker_create(&b, 150));
    TRY(worker_set_fault_ep(&b, fault_ep));

    EXPECT_OK(seL4_TCB_BindNotification(a.tcb, ntfn));
    EXPECT_ERR(seL4_TCB_BindNotification(a.tcb, ntfn2), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(b.tcb, ntfn), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(b.tcb, ep), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(b.tcb, read_less), seL4_IllegalOperation);
    seL4_MessageInfo_t info = raw_invoke(b.tcb, TCBBindNotification, 0, NULL, 0, NULL);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_UnbindNotification(b.tcb), seL4_IllegalOperation);
    TRY(worker_run(&busy_waiter, 150, waiter, busy, 0, 0, 0));
    TRY(settle());
    EXPECT_ERR(seL4_TCB_BindNotification(b.tcb, busy), seL4_IllegalOperation);

    /* a waits on its own bound notification; b on a's: a cap fault. */
    TRY(worker_start(&a, waiter, ntfn, 0, 0, 0));
    TRY(worker_start(&b, waiter, ntfn, 0, 0, 0));
    seL4_Word badge;
    info = seL4_Recv(fault_ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    seL4_Signal(ntfn);
    TRY(worker_join(&a));
    EXPECT_OK(seL4_TCB_UnbindNotification(a.tcb));
    EXPECT_ERR(seL4_TCB_UnbindNotification(a.tcb), seL4_IllegalOperation);
    /* Unbound now: b may wait on it (its faulted Wait runs again when resumed). */
    EXPECT_OK(seL4_TCB_Suspend(b.tcb));
    EXPECT_OK(seL4_TCB_Resume(b.tcb));
    TRY(settle());
    seL4_Signal(ntfn);
    TRY(worker_join(&b));
    seL4_Signal(busy);
    return worker_join(&busy_waiter);
}

/* ---- deletion and suspension ------------------------------------------------------- */

/* Wait on a notification `n` times; record the last badge in wait_got[index]. */
static seL4_Word wait_n(seL4_Word ntfn, seL4_Word index, seL4_Word n, seL4_Word a3)
{
    (void)a3;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word badge = 0;
        seL4_Wait(ntfn, &badge);
        wait_got[index] = badge;
    }
    return 0;
}

/*
 * NTFN0005: deleting the last cap to a notification restarts its waiters:
 * their Wait runs again on the now empty slot, a cap fault (receive phase,
 * MissingCapability).  Deleting a bound notification unbinds its thread.
 */
IPC_TEST(NTFN0005)
{
    (void)self;
    seL4_CPtr ntfn, ntfn2, bound, fault_ep;
    TRY(new_notification(&ntfn));
    TRY(new_notification(&ntfn2));
    TRY(new_notification(&bound));
    TRY(new_endpoint(&fault_ep));
    worker_t w[2], t;
    for (int i = 0; i < 2; i++) {
        TRY(worker_create(&w[i], 150));
        TRY(worker_set_fault_ep(&w[i], fault_ep));
        TRY(worker_start(&w[i], wait_n, ntfn, 0, 1, 0));
    }
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, ntfn, ROOT_DEPTH));
    for (int i = 0; i < 2; i++) {
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
        EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
        EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn);
        EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
        EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    }
    TRY(worker_create(&t, 150));
    EXPECT_OK(seL4_TCB_BindNotification(t.tcb, bound));
    EXPECT_OK(seL4_CNode_Delete(ROOT, bound, ROOT_DEPTH));
    EXPECT_ERR(seL4_TCB_UnbindNotification(t.tcb), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_BindNotification(t.tcb, ntfn2));
    return NULL;
}

/*
 * NTFN0006: a suspended waiter leaves the queue: the next signal finds no
 * waiter and stays pending, and the waiter, resumed, waits again and takes it
 * at once.  Deleting a waiting thread also leaves the queue empty.
 */
IPC_TEST(NTFN0006)
{
    (void)self;
    seL4_CPtr ntfn, sig;
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, 0x21, &sig));
    worker_t w, gone;
    wait_got[0] = wait_got[1] = 0;
    TRY(worker_run(&w, 150, wait_n, ntfn, 0, 1, 0));
    TRY(settle());
    EXPECT_OK(seL4_TCB_Suspend(w.tcb));
    seL4_Signal(sig);
    EXPECT_EQ(wait_got[0], 0);
    EXPECT_OK(seL4_TCB_Resume(w.tcb));
    TRY(worker_join(&w));
    EXPECT_EQ(wait_got[0], 0x21);

    TRY(worker_run(&gone, 150, wait_n, ntfn, 1, 1, 0));
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, gone.tcb, ROOT_DEPTH));
    seL4_Signal(sig);
    seL4_Word badge = 0;
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0x21);
    EXPECT_EQ(wait_got[1], 0);
    return NULL;
}

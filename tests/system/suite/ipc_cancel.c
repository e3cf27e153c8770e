/*
 * Cancelling IPC: sel4test's CANCEL_BADGED_SENDS_0001-0002, CNode
 * CancelBadgedSends and SaveCaller with real blocked threads (the IPC half of
 * CNODEOP0006 and CNODEOP0009; cnode.c has the no-IPC half), deleting an
 * endpoint that has blocked threads, and suspending or deleting blocked
 * threads.
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

#define NUM_BADGED_CLIENTS 32

/* Call once (expect ~msg back), then again (expect InvalidCapability); *done tracks it. */
static seL4_Word cbs_call(seL4_Word ep, seL4_Word msg, seL4_Word done_ptr, seL4_Word a3)
{
    (void)a3;
    volatile seL4_Word *done = (volatile seL4_Word *)done_ptr;
    const char *why = NULL;
    seL4_SetMR(0, msg);
    seL4_MessageInfo_t tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    if (seL4_MessageInfo_get_length(tag) != 1 || seL4_GetMR(0) != ~msg) {
        why = systest_reason("client %#lx: first reply length %lu MR0 %#lx", (unsigned long)msg,
                             (unsigned long)seL4_MessageInfo_get_length(tag),
                             (unsigned long)seL4_GetMR(0));
    }
    *done = 0;
    seL4_SetMR(0, msg);
    tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    if (seL4_MessageInfo_get_label(tag) != seL4_InvalidCapability && !why) {
        why = systest_reason("client %#lx: second Call got label %lu, expected "
                             "InvalidCapability",
                             (unsigned long)msg, (unsigned long)seL4_MessageInfo_get_label(tag));
    }
    *done = 1;
    return (seL4_Word)why;
}

static struct cbs_sender {
    worker_t w;
    seL4_CPtr badged, derived, sync_ep;
    volatile seL4_Word done;
} cbs[NUM_BADGED_CLIENTS];

/* Mint badge i + 200 of ep for each client and copy it (the client uses the copy). */
static const char *cbs_caps(seL4_CPtr ep)
{
    for (seL4_Word i = 0; i < NUM_BADGED_CLIENTS; i++) {
        TRY(mint_new(ep, seL4_AllRights, i + 200, &cbs[i].badged));
        TRY(copy_new(cbs[i].badged, &cbs[i].derived));
        cbs[i].done = ~0ul;
    }
    return NULL;
}

/* Reason unless client j's done flag is 1 for j <= last and 0 after it. */
static const char *cbs_expect_done(int last)
{
    for (int j = 0; j < NUM_BADGED_CLIENTS; j++) {
        seL4_Word want = j <= last ? 1 : 0;
        if (cbs[j].done != want) {
            return systest_reason("after cancelling badges 200..%d: client %d done = %lu, "
                                  "expected %lu",
                                  200 + last, j, (unsigned long)cbs[j].done, (unsigned long)want);
        }
    }
    return NULL;
}

/*
 * CANCEL_BADGED_SENDS_0001: 32 clients each Call through a copy of their own
 * badged cap, are answered, and Call again (blocking: nobody receives).
 * Revoking a badged cap (deleting the client's copy) and CancelBadgedSends on
 * it restarts exactly that client, whose Call on the now empty slot fails
 * with InvalidCapability.
 */
IPC_TEST(CANCEL_BADGED_SENDS_0001)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    TRY(cbs_caps(ep));
    for (seL4_Word i = 0; i < NUM_BADGED_CLIENTS; i++) {
        TRY(worker_run(&cbs[i].w, 100, cbs_call, cbs[i].derived, i + 100,
                       (seL4_Word)&cbs[i].done, 0));
    }
    TRY(settle());
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        seL4_Word badge;
        seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_MessageInfo_get_length(tag), 1);
        EXPECT_EQ(seL4_GetMR(0), badge - 100);
        seL4_SetMR(0, ~seL4_GetMR(0));
        seL4_Reply(tag);
    }
    TRY(settle());
    TRY(cbs_expect_done(-1));
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        EXPECT_OK(seL4_CNode_Revoke(ROOT, cbs[i].badged, ROOT_DEPTH));
        EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, cbs[i].badged, ROOT_DEPTH));
        TRY(settle());
        TRY(cbs_expect_done(i));
    }
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        TRY(worker_join(&cbs[i].w));
    }
    return NULL;
}

/* Answer every Call on ep with an empty reply, forever. */
static seL4_Word bouncer_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    for (;;) {
        seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
    }
    return 0;
}

/* On each Call on sync_ep: Call test_ep, record whether it worked, answer. */
static seL4_Word ep_test_fn(seL4_Word sync_ep, seL4_Word test_ep, seL4_Word status_ptr,
                            seL4_Word a3)
{
    (void)a3;
    volatile seL4_Word *status = (volatile seL4_Word *)status_ptr;
    seL4_Word badge;
    for (;;) {
        seL4_Recv(sync_ep, &badge);
        seL4_MessageInfo_t tag = seL4_Call(test_ep, seL4_MessageInfo_new(0, 0, 0, 0));
        *status = seL4_MessageInfo_get_label(tag) != seL4_InvalidCapability;
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    return 0;
}

/*
 * CANCEL_BADGED_SENDS_0002: the clients' copies really go: after Revoke +
 * CancelBadgedSends of badge i, clients 0..i fail (InvalidCapability) and the
 * others still get through to the bouncer.
 */
IPC_TEST(CANCEL_BADGED_SENDS_0002)
{
    (void)self;
    seL4_CPtr ep;
    worker_t reply_thread;
    TRY(new_endpoint(&ep));
    TRY(worker_run(&reply_thread, MAIN_PRIO - 1, bouncer_fn, ep, 0, 0, 0));
    TRY(cbs_caps(ep));
    for (seL4_Word i = 0; i < NUM_BADGED_CLIENTS; i++) {
        TRY(new_endpoint(&cbs[i].sync_ep));
        TRY(worker_run(&cbs[i].w, MAIN_PRIO - 1, ep_test_fn, cbs[i].sync_ep, cbs[i].derived,
                       (seL4_Word)&cbs[i].done, 0));
    }
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        seL4_Call(cbs[i].sync_ep, seL4_MessageInfo_new(0, 0, 0, 0));
    }
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        EXPECT_EQ(cbs[i].done, 1);
    }
    for (int i = 0; i < NUM_BADGED_CLIENTS; i++) {
        EXPECT_OK(seL4_CNode_Revoke(ROOT, cbs[i].badged, ROOT_DEPTH));
        EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, cbs[i].badged, ROOT_DEPTH));
        for (int j = 0; j < NUM_BADGED_CLIENTS; j++) {
            seL4_Call(cbs[j].sync_ep, seL4_MessageInfo_new(0, 0, 0, 0));
        }
        for (int j = 0; j < NUM_BADGED_CLIENTS; j++) {
            if (cbs[j].done != (j > i)) {
                return systest_reason("after cancelling badges 200..%d: client %d's Call %s",
                                      200 + i, j, cbs[j].done ? "still works" : "fails");
            }
        }
    }
    return NULL;
}

/* Send one word `id` through `cap`. */
static seL4_Word send_id(seL4_Word cap, seL4_Word id, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetMR(0, id);
    seL4_Send(cap, seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

/* Receive `n` messages on ep; their MR0s (ids) go to got[]. */
static void recv_ids(seL4_CPtr ep, seL4_Word *got, int n)
{
    for (int i = 0; i < n; i++) {
        seL4_Word badge;
        seL4_Recv(ep, &badge);
        got[i] = seL4_GetMR(0);
    }
}

/* Reason unless got[0..n) equals want[0..n). */
static const char *expect_ids(const char *what, const seL4_Word *got, const seL4_Word *want, int n)
{
    for (int i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            char g[64], w[64];
            size_t gn = 0, wn = 0;
            for (int k = 0; k < n; k++) {
                gn += (size_t)snprintf(g + gn, sizeof(g) - gn, " %lu", (unsigned long)got[k]);
                wn += (size_t)snprintf(w + wn, sizeof(w) - wn, " %lu", (unsigned long)want[k]);
            }
            return systest_reason("%s: received ids%s, expected%s", what, g, w);
        }
    }
    return NULL;
}

/*
 * CNODEOP0006_IPC: CancelBadgedSends with senders queued.  Queue A(badge 1)
 * B(2) C(1) D(3) E(unbadged) F(1): badge 1 at the head, inside and at the
 * tail.  A cap without all rights: IllegalOperation, nothing changes; the
 * unbadged cap: NoError and nothing is cancelled (badge 0 cancels nothing);
 * badge 1: A, C and F restart and send again after the others.  seL4 puts
 * restarted threads at the head of their ready queue in endpoint order, so
 * F runs (and sends) first, then C, then A: B D E F C A.
 */
IPC_TEST(CNODEOP0006_IPC)
{
    (void)self;
    seL4_CPtr ep, b1, b2, b3, b0, b1_rw = slot_alloc();
    TRY(new_endpoint(&ep));
    TRY(mint_new(ep, seL4_AllRights, 1, &b1));
    TRY(mint_new(ep, seL4_AllRights, 2, &b2));
    TRY(mint_new(ep, seL4_AllRights, 3, &b3));
    TRY(copy_new(ep, &b0));
    EXPECT_OK(seL4_CNode_Copy(ROOT, b1_rw, ROOT_DEPTH, ROOT, b1, ROOT_DEPTH, seL4_ReadWrite));
    const seL4_CPtr via[6] = {b1, b2, b1, b3, b0, b1};
    worker_t s[6];
    for (int i = 0; i < 6; i++) {
        TRY(worker_run(&s[i], 150, send_id, via[i], (seL4_Word)i + 1, 0, 0));
        TRY(settle());
    }
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, b1_rw, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, b0, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, b1, ROOT_DEPTH));
    EXPECT_TAG(b1, TAG_ENDPOINT);
    seL4_Word got[6] = {0};
    recv_ids(ep, got, 6);
    static const seL4_Word want[6] = {2, 4, 5, 6, 3, 1};
    TRY(expect_ids("after CancelBadgedSends(badge 1)", got, want, 6));
    for (int i = 0; i < 6; i++) {
        TRY(worker_join(&s[i]));
    }
    return NULL;
}

/* Call ep once with MR0 = id; the reply's MR0 must be `want`. */
static seL4_Word call_expect(seL4_Word ep, seL4_Word id, seL4_Word want, seL4_Word a3)
{
    (void)a3;
    seL4_SetMR(0, id);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    if (seL4_GetMR(0) != want) {
        return (seL4_Word)systest_reason("caller %lu: reply MR0 %#lx, expected %#lx",
                                         (unsigned long)id, (unsigned long)seL4_GetMR(0),
                                         (unsigned long)want);
    }
    return 0;
}

/*
 * CNODEOP0009_IPC: SaveCaller of a real caller.  It moves the reply cap into
 * an empty slot (a second SaveCaller then saves nothing, NoError); with an
 * occupied destination it fails with DeleteFirst and the reply cap stays
 * where seL4_Reply finds it.  The saved cap answers its caller.
 */
IPC_TEST(CNODEOP0009_IPC)
{
    (void)self;
    seL4_CPtr ep, saved = slot_alloc(), saved2 = slot_alloc(), occupied;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&occupied));
    worker_t c1, c2;
    TRY(worker_run(&c1, 150, call_expect, ep, 1, 0x22, 0));
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_GetMR(0), 1);
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    EXPECT_TAG(saved, TAG_REPLY);
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved2, ROOT_DEPTH));
    EXPECT_TAG(saved2, TAG_NULL);

    TRY(worker_run(&c2, 150, call_expect, ep, 2, 0x33, 0));
    seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_GetMR(0), 2);
    EXPECT_ERR(seL4_CNode_SaveCaller(ROOT, occupied, ROOT_DEPTH), seL4_DeleteFirst);
    EXPECT_TAG(occupied, TAG_NOTIFICATION);
    seL4_SetMR(0, 0x33);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    TRY(worker_join(&c2));
    SYSTEST_CHECK(!c1.done);
    seL4_SetMR(0, 0x22);
    seL4_Send(saved, seL4_MessageInfo_new(0, 0, 0, 1));
    EXPECT_TAG(saved, TAG_NULL);
    return worker_join(&c1);
}

/* ---- deleting an endpoint under blocked threads ---------------------------------- */

static volatile seL4_Word call_label;

/* Call ep once; record the reply's label. */
static seL4_Word call_label_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_MessageInfo_t tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    call_label = seL4_MessageInfo_get_label(tag);
    return 0;
}

/* Receive once on ep. */
static seL4_Word recv_once(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    return 0;
}

/*
 * IPCCANCEL0001: deleting the last cap to an endpoint restarts every thread
 * blocked on it: each runs its syscall again on the now empty slot.  A Send
 * is then dropped (the sender goes on), a Call gets InvalidCapability, and a
 * Recv is a cap fault in the receive phase.
 */
IPC_TEST(IPCCANCEL0001)
{
    (void)self;
    seL4_CPtr ep, ep2, fault_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&ep2));
    TRY(new_endpoint(&fault_ep));
    worker_t s, c, r;
    call_label = ~0ul;
    TRY(worker_run(&s, 150, send_id, ep, 1, 0, 0));
    TRY(settle());
    TRY(worker_run(&c, 150, call_label_fn, ep, 0, 0, 0));
    TRY(settle());
    SYSTEST_CHECK(!s.done && !c.done);
    EXPECT_OK(seL4_CNode_Delete(ROOT, ep, ROOT_DEPTH));
    TRY(worker_join(&s));
    TRY(worker_join(&c));
    EXPECT_EQ(call_label, seL4_InvalidCapability);

    TRY(worker_create(&r, 150));
    TRY(worker_set_fault_ep(&r, fault_ep));
    TRY(worker_start(&r, recv_once, ep2, 0, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, ep2, ROOT_DEPTH));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), ep2);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    return NULL;
}

/*
 * IPCCANCEL0002: the restarted syscall is the same one, with the same
 * registers: with a new endpoint put into the slot before they run, two
 * restarted senders block again on it and their messages arrive intact
 * (the later restarted runs first: B then A).
 */
IPC_TEST(IPCCANCEL0002)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    worker_t a, b;
    TRY(worker_run(&a, 150, send_id, ep, 0xa, 0, 0));
    TRY(settle());
    TRY(worker_run(&b, 150, send_id, ep, 0xb, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, ep, ROOT_DEPTH));
    EXPECT_OK(seL4_Untyped_Retype(pool_untyped(), seL4_EndpointObject, 0, ROOT, 0, 0, ep, 1));
    seL4_Word got[2] = {0}, want[2] = {0xb, 0xa};
    recv_ids(ep, got, 2);
    TRY(expect_ids("the restarted senders", got, want, 2));
    TRY(worker_join(&a));
    return worker_join(&b);
}

static volatile seL4_Word recv_got;

/* Receive once on ep; record MR0. */
static seL4_Word recv_record(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    recv_got = seL4_GetMR(0);
    return 0;
}

/*
 * IPCSUSPEND0001: suspending a thread blocked on send or receive takes it off
 * the endpoint (a suspended sender's message is not received; an NBSend finds
 * no suspended receiver); resumed, it runs the syscall again.  Deleting a
 * blocked thread takes it off too.
 */
IPC_TEST(IPCSUSPEND0001)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    seL4_MessageInfo_t info;
    seL4_Word badge;
    worker_t s, r, gone_s, gone_r, r3;

    TRY(worker_run(&s, 150, send_id, ep, 7, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_TCB_Suspend(s.tcb));
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));
    EXPECT_OK(seL4_TCB_Resume(s.tcb));
    seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_GetMR(0), 7);
    TRY(worker_join(&s));
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));

    recv_got = 0;
    TRY(worker_run(&r, 150, recv_record, ep, 0, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_TCB_Suspend(r.tcb));
    seL4_SetMR(0, 8);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    EXPECT_OK(seL4_TCB_Resume(r.tcb));
    TRY(settle());
    SYSTEST_CHECK(!r.done);
    seL4_SetMR(0, 9);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    TRY(worker_join(&r));
    EXPECT_EQ(recv_got, 9);

    TRY(worker_run(&gone_s, 150, send_id, ep, 0x10, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, gone_s.tcb, ROOT_DEPTH));
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));
    TRY(worker_run(&gone_r, 150, recv_record, ep, 0, 0, 0));
    TRY(settle());
    EXPECT_OK(seL4_CNode_Delete(ROOT, gone_r.tcb, ROOT_DEPTH));
    seL4_SetMR(0, 0x11);
    seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    recv_got = 0;
    TRY(worker_run(&r3, 150, recv_record, ep, 0, 0, 0));
    TRY(settle());
    seL4_SetMR(0, 0x12);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    TRY(worker_join(&r3));
    EXPECT_EQ(recv_got, 0x12);
    return NULL;
}

/*
 * IPCSUSPEND0002: suspending the middle one of three queued senders takes it
 * out of the queue and keeps the others' order; resumed, it sends again, last.
 */
IPC_TEST(IPCSUSPEND0002)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    worker_t s[3];
    for (int i = 0; i < 3; i++) {
        TRY(worker_run(&s[i], 150, send_id, ep, (seL4_Word)i + 1, 0, 0));
        TRY(settle());
    }
    EXPECT_OK(seL4_TCB_Suspend(s[1].tcb));
    EXPECT_OK(seL4_TCB_Resume(s[1].tcb)); /* queued to run, not yet sending again */
    seL4_Word got[3] = {0};
    static const seL4_Word want[3] = {1, 3, 2};
    recv_ids(ep, got, 3);
    TRY(expect_ids("after suspending and resuming the middle sender", got, want, 3));
    for (int i = 0; i < 3; i++) {
        TRY(worker_join(&s[i]));
    }
    return NULL;
}

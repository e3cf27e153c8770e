/*
 * Rights on endpoint and notification caps (sel4test's ipc_rights.c):
 * sending needs Write, receiving needs Read, caps travel only with Grant, a
 * Call leaves a reply cap only with Grant or GrantReply, and a reply carries
 * caps only if the receiver's cap had Grant.
 *
 * sel4test walks rights 0..3 (Write and Read only: its loop bound is
 * BIT(seL4_MsgExtraCapBits)); these tests walk all 16 combinations, which
 * include sel4test's four.
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

#define MAGIC1 42
#define MAGIC2 0xDEADBEEF
#define MAGIC3 666

#define R_WRITE 1u
#define R_READ 2u
#define R_GRANT 4u
#define R_GRANT_REPLY 8u
#define ALL_RIGHTS 16

/* The info of a one-word message with label 0 and no caps. */
static seL4_MessageInfo_t one_word(void)
{
    return seL4_MessageInfo_new(0, 0, 0, 1);
}

/* Receive twice on ep; the first message must carry `want` (the second is a rendezvous). */
static seL4_Word check_recv(seL4_Word ep, seL4_Word want, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_Word got = seL4_GetMR(0);
    seL4_Recv(ep, &badge);
    if (got != want) {
        return (seL4_Word)systest_reason("received MR0 %#lx, expected %#lx", (unsigned long)got,
                                         (unsigned long)want);
    }
    return 0;
}

/* IPCRIGHTS0001: a Send through a cap without Write is dropped without error or fault. */
IPC_TEST(IPCRIGHTS0001)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
        seL4_CPtr minted;
        worker_t t;
        TRY(worker_run(&t, MAIN_PRIO - 1, check_recv, ep, MAGIC1, 0, 0));
        TRY(mint_new(ep, rights_of(r), 0, &minted));
        if (!(r & R_WRITE)) {
            seL4_SetMR(0, MAGIC2);
            seL4_Send(minted, one_word());
        }
        seL4_SetMR(0, MAGIC1);
        seL4_Send(ep, one_word());
        seL4_Send(ep, one_word());
        const char *why = worker_join(&t);
        if (why) {
            return reason_with(why, "rights %#lx", (unsigned long)r);
        }
        EXPECT_OK(seL4_CNode_Delete(ROOT, minted, ROOT_DEPTH));
    }
    return NULL;
}

/*
 * IPCRIGHTS0002: a Recv through a cap without Read is a cap fault in the
 * receive phase (MissingCapability, 0 bits left) on that CPtr.
 */
IPC_TEST(IPCRIGHTS0002)
{
    (void)self;
    seL4_CPtr ep, fault_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&fault_ep));
    for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
        seL4_CPtr minted;
        worker_t t;
        TRY(mint_new(ep, rights_of(r), 0, &minted));
        TRY(worker_create(&t, MAIN_PRIO - 1));
        TRY(worker_set_fault_ep(&t, fault_ep));
        TRY(worker_start(&t, check_recv, minted, MAGIC1, 0, 0));
        if (r & R_READ) {
            seL4_SetMR(0, MAGIC1);
            seL4_Send(ep, one_word());
            seL4_Send(ep, one_word());
            const char *why = worker_join(&t);
            if (why) {
                return reason_with(why, "rights %#lx", (unsigned long)r);
            }
        } else {
            seL4_Word badge;
            seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
            EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
            EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), minted);
            EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
            EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
            EXPECT_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
            EXPECT_OK(seL4_CNode_Delete(ROOT, t.tcb, ROOT_DEPTH));
        }
        EXPECT_OK(seL4_CNode_Delete(ROOT, minted, ROOT_DEPTH));
    }
    return NULL;
}

/* Receive a message with a cap into `slot`; use the cap if it came; then report on ep. */
static seL4_Word check_recv_cap(seL4_Word ep, seL4_Word slot, seL4_Word should_recv,
                                seL4_Word a3)
{
    (void)a3;
    const char *why = NULL;
    seL4_Word badge;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_Recv(ep, &badge);
    if (seL4_GetMR(0) != MAGIC1) {
        why = systest_reason("received MR0 %#lx, expected MAGIC1", (unsigned long)seL4_GetMR(0));
    }
    bool got_cap = cap_tag(slot) != TAG_NULL;
    if (got_cap != (bool)should_recv && !why) {
        why = systest_reason("the receive slot is %s", got_cap ? "full" : "empty");
    }
    if (got_cap) {
        seL4_SetMR(0, MAGIC2);
        seL4_Send(slot, one_word());
        seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH);
    }
    seL4_SetMR(0, MAGIC3);
    seL4_Send(ep, one_word());
    return (seL4_Word)why;
}

/* IPCRIGHTS0003: caps in a Send are transferred only through a cap with Grant;
 * the message itself arrives either way. */
IPC_TEST(IPCRIGHTS0003)
{
    (void)self;
    seL4_CPtr ep, return_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&return_ep));
    for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
        if (!(r & R_WRITE)) {
            continue;
        }
        bool grant = r & R_GRANT;
        seL4_CPtr minted, slot = slot_alloc();
        worker_t t;
        TRY(mint_new(ep, rights_of(r), 0, &minted));
        TRY(worker_run(&t, MAIN_PRIO - 1, check_recv_cap, ep, slot, grant, 0));
        seL4_SetMR(0, MAGIC1);
        seL4_SetCap(0, return_ep);
        seL4_Send(minted, seL4_MessageInfo_new(0, 0, 1, 1));
        seL4_Word badge;
        if (grant) {
            seL4_Recv(return_ep, &badge);
            EXPECT_EQ(seL4_GetMR(0), MAGIC2);
        }
        seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), MAGIC3);
        const char *why = worker_join(&t);
        if (why) {
            return reason_with(why, "rights %#lx", (unsigned long)r);
        }
        EXPECT_OK(seL4_CNode_Delete(ROOT, minted, ROOT_DEPTH));
    }
    return NULL;
}

enum reply_mode { MODE_REPLY, MODE_SAVE_CALLER, MODE_REPLY_RECV, N_MODES };
static const char *const mode_names[] = {"Reply", "SaveCaller", "ReplyRecv"};

/* Call (twice with reply_recv); expect MAGIC2 back, then Send MAGIC2 on ep. */
static seL4_Word check_call(seL4_Word ep, seL4_Word reply_recv, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetMR(0, MAGIC1);
    seL4_Call(ep, one_word());
    if (reply_recv) {
        seL4_Call(ep, one_word());
    }
    const char *why = NULL;
    if (seL4_GetMR(0) != MAGIC2) {
        why = systest_reason("the reply's MR0 is %#lx, expected MAGIC2",
                             (unsigned long)seL4_GetMR(0));
    }
    seL4_SetMR(0, MAGIC2);
    seL4_Send(ep, one_word());
    return (seL4_Word)why;
}

/* Answer a received Call in `mode`; afterwards the reply-cap slot `reply` must be empty. */
static const char *answer_call(enum reply_mode mode, seL4_CPtr ep, seL4_CPtr reply)
{
    switch (mode) {
    case MODE_REPLY:
        seL4_SetMR(0, MAGIC2);
        seL4_Reply(one_word());
        break;
    case MODE_SAVE_CALLER:
        EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
        EXPECT_TAG(reply, TAG_REPLY);
        seL4_SetMR(0, MAGIC2);
        seL4_Send(reply, one_word());
        break;
    default:
        seL4_ReplyRecv(ep, one_word(), NULL);
        seL4_SetMR(0, MAGIC2);
        seL4_Reply(one_word());
        break;
    }
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
    EXPECT_TAG(reply, TAG_NULL);
    return NULL;
}

/* One IPCRIGHTS0004 case: a caller through a copy of ep with rights r. */
static const char *call_case(seL4_CPtr ep, seL4_Word r, enum reply_mode mode)
{
    seL4_CPtr minted = slot_alloc(), reply = slot_alloc();
    worker_t t;
    bool can_reply = r & (R_GRANT | R_GRANT_REPLY);
    EXPECT_OK(seL4_CNode_Copy(ROOT, minted, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, rights_of(r)));
    TRY(worker_run(&t, MAIN_PRIO - 1, check_call, minted, mode == MODE_REPLY_RECV, 0, 0));
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_GetMR(0), MAGIC1);
    if (can_reply) {
        TRY(answer_call(mode, ep, reply));
        seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), MAGIC2);
        TRY(worker_join(&t));
    } else {
        /* No reply cap, and the caller is Inactive: resumed, it runs its Call again. */
        EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
        EXPECT_TAG(reply, TAG_NULL);
        TRY(settle());
        SYSTEST_CHECK(!t.done);
        EXPECT_OK(seL4_CNode_Delete(ROOT, minted, ROOT_DEPTH));
        EXPECT_OK(seL4_CNode_Copy(ROOT, minted, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
        EXPECT_OK(seL4_TCB_Resume(t.tcb));
        seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), MAGIC1);
        EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
        EXPECT_TAG(reply, TAG_REPLY);
        EXPECT_OK(seL4_TCB_Suspend(t.tcb));
        EXPECT_TAG(reply, TAG_NULL); /* cancelling the caller's IPC deleted its reply cap */
    }
    EXPECT_OK(seL4_CNode_Delete(ROOT, t.tcb, ROOT_DEPTH));
    return NULL;
}

/* IPCRIGHTS0004: a Call through a cap with neither Grant nor GrantReply is
 * delivered but leaves no reply cap and an Inactive caller. */
IPC_TEST(IPCRIGHTS0004)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    for (int mode = 0; mode < N_MODES; mode++) {
        for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
            if (!(r & R_WRITE)) {
                continue;
            }
            const char *why = call_case(ep, r, (enum reply_mode)mode);
            if (why) {
                return reason_with(why, "%s, rights %#lx", mode_names[mode], (unsigned long)r);
            }
        }
    }
    return NULL;
}

/* Call ep (twice with reply_recv) with receive slot `slot`; the reply brings a cap iff
 * should_recv; use it (MAGIC3), then Send MAGIC3 on ep. */
static seL4_Word check_call_return_cap(seL4_Word ep, seL4_Word slot, seL4_Word should_recv,
                                       seL4_Word reply_recv)
{
    const char *why = NULL;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_SetMR(0, MAGIC1);
    seL4_Call(ep, one_word());
    if (reply_recv) {
        seL4_Call(ep, one_word());
    }
    if (seL4_GetMR(0) != MAGIC2) {
        why = systest_reason("the reply's MR0 is %#lx, expected MAGIC2",
                             (unsigned long)seL4_GetMR(0));
    }
    bool got_cap = cap_tag(slot) != TAG_NULL;
    if (got_cap != (bool)should_recv && !why) {
        why = systest_reason("the reply %s a cap", got_cap ? "brought" : "did not bring");
    }
    if (got_cap) {
        seL4_SetMR(0, MAGIC3);
        seL4_Send(slot, one_word());
        seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH);
    }
    seL4_SetMR(0, MAGIC3);
    seL4_Send(ep, one_word());
    return (seL4_Word)why;
}

/* One IPCRIGHTS0005 case: main receives through a copy of ep with rights r. */
static const char *reply_grant_case(seL4_CPtr ep, seL4_CPtr return_ep, seL4_Word r,
                                    enum reply_mode mode)
{
    seL4_CPtr minted = slot_alloc(), reply = slot_alloc(), slot = slot_alloc();
    bool grant = r & R_GRANT;
    worker_t t;
    EXPECT_OK(seL4_CNode_Copy(ROOT, minted, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, rights_of(r)));
    TRY(worker_run(&t, MAIN_PRIO - 1, check_call_return_cap, ep, slot, grant,
                   mode == MODE_REPLY_RECV));
    seL4_Word badge;
    seL4_Recv(minted, &badge);
    EXPECT_EQ(seL4_GetMR(0), MAGIC1);
    seL4_MessageInfo_t with_cap = seL4_MessageInfo_new(0, 0, 1, 1);
    if (mode == MODE_SAVE_CALLER) {
        EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
        EXPECT_TAG(reply, TAG_REPLY);
        seL4_SetMR(0, MAGIC2);
        seL4_SetCap(0, return_ep);
        seL4_Send(reply, with_cap);
        EXPECT_TAG(reply, TAG_NULL);
    } else {
        if (mode == MODE_REPLY_RECV) {
            seL4_ReplyRecv(minted, one_word(), NULL);
        }
        seL4_SetMR(0, MAGIC2);
        seL4_SetCap(0, return_ep);
        seL4_Reply(with_cap);
    }
    if (grant) {
        seL4_Recv(return_ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), MAGIC3);
    }
    seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_GetMR(0), MAGIC3);
    TRY(worker_join(&t));
    EXPECT_OK(seL4_CNode_Delete(ROOT, minted, ROOT_DEPTH));
    return NULL;
}

/* IPCRIGHTS0005: a reply carries caps iff the receiver's Recv cap had Grant. */
IPC_TEST(IPCRIGHTS0005)
{
    (void)self;
    seL4_CPtr ep, return_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&return_ep));
    for (int mode = 0; mode < N_MODES; mode++) {
        for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
            if (!(r & R_READ)) {
                continue;
            }
            const char *why = reply_grant_case(ep, return_ep, r, (enum reply_mode)mode);
            if (why) {
                return reason_with(why, "%s, rights %#lx", mode_names[mode], (unsigned long)r);
            }
        }
    }
    return NULL;
}

/* Wait on a notification (a0) once. */
static seL4_Word wait_once(seL4_Word ntfn, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Wait(ntfn, &badge);
    return 0;
}

/*
 * IPCRIGHTS0006: the other senders and receivers.  A Call through an endpoint
 * cap without Write gets InvalidCapability (cap 0) and delivers nothing; an
 * NBSend through it is dropped.  A notification cap without Write signals
 * nothing (Call: InvalidCapability); with Write, a Call on it is a signal
 * with an empty success reply.  A Wait through a notification cap without
 * Read is a cap fault in the receive phase.
 */
IPC_TEST(IPCRIGHTS0006)
{
    (void)self;
    seL4_CPtr ep, read_only, ntfn, ntfn_ro, ntfn_wo, fault_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&fault_ep));
    TRY(new_notification(&ntfn));
    TRY(mint_new(ep, rights_of(R_READ | R_GRANT | R_GRANT_REPLY), 0, &read_only));
    TRY(mint_new(ntfn, rights_of(R_READ), 5, &ntfn_ro));
    TRY(mint_new(ntfn, rights_of(R_WRITE), 6, &ntfn_wo));

    worker_t receiver;
    TRY(worker_run(&receiver, MAIN_PRIO - 1, check_recv, ep, MAGIC1, 0, 0));
    TRY(settle());
    seL4_SetMR(0, MAGIC2);
    EXPECT_ERR_MRS(seL4_MessageInfo_get_label(seL4_Call(read_only, one_word())),
                   seL4_InvalidCapability, 0);
    seL4_SetMR(0, MAGIC2);
    seL4_NBSend(read_only, one_word());
    TRY(settle());
    SYSTEST_CHECK(!receiver.done);
    seL4_SetMR(0, MAGIC1);
    seL4_Send(ep, one_word());
    seL4_Send(ep, one_word());
    TRY(worker_join(&receiver));

    seL4_Word badge = 0xff;
    seL4_Signal(ntfn_ro);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 0);
    EXPECT_ERR_MRS(seL4_MessageInfo_get_label(seL4_Call(ntfn_ro, seL4_MessageInfo_new(0, 0, 0, 0))),
                   seL4_InvalidCapability, 0);
    seL4_MessageInfo_t info = seL4_Call(ntfn_wo, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_EQ(info.words[0], 0);
    seL4_Poll(ntfn, &badge);
    EXPECT_EQ(badge, 6);

    worker_t waiter;
    TRY(worker_create(&waiter, MAIN_PRIO - 1));
    TRY(worker_set_fault_ep(&waiter, fault_ep));
    TRY(worker_start(&waiter, wait_once, ntfn_wo, 0, 0, 0));
    info = seL4_Recv(fault_ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn_wo);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    return NULL;
}

/* Call ep once with MAGIC1; the reply must carry MAGIC2. */
static seL4_Word call_once(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_SetMR(0, MAGIC1);
    seL4_Call(ep, one_word());
    if (seL4_GetMR(0) != MAGIC2) {
        return (seL4_Word)systest_reason("the reply's MR0 is %#lx, expected MAGIC2",
                                         (unsigned long)seL4_GetMR(0));
    }
    return 0;
}

/*
 * IPCRIGHTS0007: IPCRIGHTS0004 with the caller queued on the endpoint before
 * the receiver comes (seL4's receiveIPC path rather than sendIPC's): the
 * reply cap exists iff the caller's cap had Grant or GrantReply; without it
 * the caller is left Inactive.
 */
IPC_TEST(IPCRIGHTS0007)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    for (seL4_Word r = 0; r < ALL_RIGHTS; r++) {
        if (!(r & R_WRITE)) {
            continue;
        }
        bool can_reply = r & (R_GRANT | R_GRANT_REPLY);
        seL4_CPtr minted = slot_alloc(), reply = slot_alloc();
        EXPECT_OK(seL4_CNode_Copy(ROOT, minted, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, rights_of(r)));
        worker_t t;
        TRY(worker_run(&t, 150, call_once, minted, 0, 0, 0));
        TRY(settle()); /* the caller waits in the endpoint's queue */
        seL4_Word badge;
        seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), MAGIC1);
        EXPECT_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
        if (cap_tag(reply) != (can_reply ? TAG_REPLY : TAG_NULL)) {
            return systest_reason("rights %#lx: SaveCaller found %s", (unsigned long)r,
                                  can_reply ? "no reply cap" : "a reply cap");
        }
        if (can_reply) {
            seL4_SetMR(0, MAGIC2);
            seL4_Send(reply, one_word());
            const char *why = worker_join(&t);
            if (why) {
                return reason_with(why, "rights %#lx", (unsigned long)r);
            }
        } else {
            TRY(settle());
            SYSTEST_CHECK(!t.done);
        }
        EXPECT_OK(seL4_CNode_Delete(ROOT, t.tcb, ROOT_DEPTH));
    }
    return NULL;
}

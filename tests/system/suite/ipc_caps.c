/*
 * Caps in messages and reply caps (seL4's transferCaps and the non-MCS
 * caller-cap protocol):
 *   IPCCAP0001  the receive slot, one cap per message, unwrapping of caps to
 *               the endpoint itself, Grant, derive failures, extraCaps and
 *               capsUnwrapped as the receiver sees them
 *   IPCCAP0002  an extra cap that cannot be looked up at send time
 *   IPCCAP0003  receive paths into other CNodes or with a bad depth; a cap
 *               deleted while its sender waits
 *   IPCCAP0004  a reply cap as an extra cap
 *   IPCREPLY*   reply caps: one shot, SaveCaller, Reply without a caller,
 *               the next Recv dropping an unused one, no copies, deletion of
 *               the reply cap, the caller or the server, Grant of a reply
 */
#include <sel4/sel4.h>
#include <string.h>

#include "ipc_helpers.h"

/* One message of IPCCAP0001: sent through `via` with caps[0..ncaps). */
typedef struct cap_case {
    seL4_CPtr via;
    seL4_Word ncaps;
    seL4_CPtr caps[3];
} cap_case_t;

#define MAX_CASES 16
static cap_case_t cases[MAX_CASES];

/* Send each case in turn: label 0x10 + i, MR0 = i. */
static seL4_Word send_cases(seL4_Word n, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    for (seL4_Word i = 0; i < n; i++) {
        for (seL4_Word k = 0; k < cases[i].ncaps; k++) {
            seL4_SetCap((int)k, cases[i].caps[k]);
        }
        seL4_SetMR(0, i);
        seL4_Send(cases[i].via, seL4_MessageInfo_new(0x10 + i, 0, cases[i].ncaps, 1));
    }
    return 0;
}

/* What the receiver expects of case i. */
typedef struct cap_expect {
    seL4_Word badge;         /* the badge of `via` */
    seL4_Word extra_caps;    /* extraCaps in the delivered info */
    seL4_Word unwrapped;     /* capsUnwrapped */
    seL4_Word badges[3];     /* caps_or_badges where bit i of unwrapped is set */
    seL4_Word slot_tag;      /* what the receive slot holds afterwards */
} cap_expect_t;

/* Receive the next case into `slot` (through cnode/depth); reason unless as expected. */
static const char *recv_case(seL4_CPtr ep, seL4_Word i, seL4_CPtr cnode, seL4_CPtr slot,
                             const cap_expect_t *e)
{
    seL4_IPCBuffer *buf = seL4_GetIPCBuffer();
    for (int k = 0; k < 3; k++) {
        buf->caps_or_badges[k] = MR_POISON;
    }
    seL4_SetCapReceivePath(cnode, slot, ROOT_DEPTH);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    seL4_Word ec = seL4_MessageInfo_get_extraCaps(info);
    seL4_Word cu = seL4_MessageInfo_get_capsUnwrapped(info);
    if (seL4_MessageInfo_get_label(info) != 0x10 + i || seL4_MessageInfo_get_length(info) != 1 ||
        seL4_GetMR(0) != i || badge != e->badge || ec != e->extra_caps || cu != e->unwrapped) {
        return systest_reason("case %lu: label %#lx length %lu MR0 %lu badge %#lx extraCaps %lu "
                              "capsUnwrapped %#lx; expected label %#lx length 1 MR0 %lu badge "
                              "%#lx extraCaps %lu capsUnwrapped %#lx",
                              (unsigned long)i, (unsigned long)seL4_MessageInfo_get_label(info),
                              (unsigned long)seL4_MessageInfo_get_length(info),
                              (unsigned long)seL4_GetMR(0), (unsigned long)badge,
                              (unsigned long)ec, (unsigned long)cu, (unsigned long)(0x10 + i),
                              (unsigned long)i, (unsigned long)e->badge,
                              (unsigned long)e->extra_caps, (unsigned long)e->unwrapped);
    }
    for (int k = 0; k < 3; k++) {
        seL4_Word want = (e->unwrapped & (1u << k)) ? e->badges[k] : MR_POISON;
        if (buf->caps_or_badges[k] != want) {
            return systest_reason("case %lu: caps_or_badges[%d] = %#lx, expected %#lx",
                                  (unsigned long)i, k, (unsigned long)buf->caps_or_badges[k],
                                  (unsigned long)want);
        }
    }
    if (cap_tag(slot) != e->slot_tag) {
        return systest_reason("case %lu: the receive slot holds cap tag %lu, expected %lu",
                              (unsigned long)i, (unsigned long)cap_tag(slot),
                              (unsigned long)e->slot_tag);
    }
    return NULL;
}

/* Reason unless a signal through `cap` shows up on `ntfn` with `badge`. */
static const char *check_signal_badge(seL4_CPtr cap, seL4_CPtr ntfn, seL4_Word badge)
{
    seL4_Signal(cap);
    seL4_Word got = 0;
    seL4_Poll(ntfn, &got);
    if (got != badge) {
        return systest_reason("a signal through slot %lu arrived with badge %#lx, expected %#lx",
                              (unsigned long)cap, (unsigned long)got, (unsigned long)badge);
    }
    return NULL;
}

/* The objects IPCCAP0001 sends around. */
typedef struct cap_objs {
    seL4_CPtr ep, grant, no_grant, ep55, ep66, ep77, other_ep, n, m, n1, m2, busy_ut;
} cap_objs_t;

/* Make IPCCAP0001's endpoints, notifications, badged copies and busy untyped. */
static const char *make_cap_objs(cap_objs_t *o)
{
    TRY(new_endpoint(&o->ep));
    TRY(new_endpoint(&o->other_ep));
    TRY(new_notification(&o->n));
    TRY(new_notification(&o->m));
    TRY(mint_new(o->ep, seL4_AllRights, 0x10, &o->grant));
    TRY(mint_new(o->ep, rights_of(0xb), 0x11, &o->no_grant)); /* GrantReply, Read, Write */
    TRY(mint_new(o->ep, seL4_AllRights, 0x55, &o->ep55));
    TRY(mint_new(o->ep, seL4_AllRights, 0x66, &o->ep66));
    TRY(mint_new(o->ep, seL4_AllRights, 0x77, &o->ep77));
    TRY(mint_new(o->n, seL4_AllRights, 1, &o->n1));
    TRY(mint_new(o->m, seL4_AllRights, 2, &o->m2));
    /* An untyped with a child cannot be derived (RevokeFirst): it stops the transfer. */
    seL4_CPtr child;
    TRY(untyped_new(12, &o->busy_ut));
    TRY(object_new(o->busy_ut, seL4_EndpointObject, 0, &child));
    return NULL;
}

#define CASE(VIA, N, ...) ((cap_case_t){.via = (VIA), .ncaps = (N), .caps = {__VA_ARGS__}})

/*
 * IPCCAP0001: the receiver (main) gets each case in a fresh empty slot unless
 * said otherwise.  Sent through a cap with Grant (badge 0x10) unless said
 * otherwise.
 */
IPC_TEST(IPCCAP0001)
{
    (void)self;
    cap_objs_t o;
    TRY(make_cap_objs(&o));
    seL4_CPtr occupied;
    TRY(copy_new(o.other_ep, &occupied));
    const seL4_Word G = 0x10, NG = 0x11;
    static const char *const what[] = {
        "one notification cap: transferred",
        "receive slot occupied: nothing transferred",
        "two caps: only the first is transferred",
        "[own endpoint 0x55, notification]: unwrapped + transferred",
        "[notification, own endpoint 0x66]: transferred + unwrapped",
        "three caps to the endpoint itself: all unwrapped, slot unused",
        "a cap to another endpoint: transferred, not unwrapped",
        "the unbadged cap to the endpoint itself: unwrapped with badge 0",
        "sender's cap without Grant: no cap",
        "sender's cap without Grant: no unwrapping either",
        "an untyped with children: derive fails, nothing transferred",
        "receive path names no CNode: nothing transferred",
        "slot occupied, then an unwrappable cap: the loop stops at the first",
    };
    cases[0] = CASE(o.grant, 1, o.n1);
    cases[1] = CASE(o.grant, 1, o.n1);
    cases[2] = CASE(o.grant, 2, o.n1, o.m2);
    cases[3] = CASE(o.grant, 2, o.ep55, o.n1);
    cases[4] = CASE(o.grant, 2, o.n1, o.ep66);
    cases[5] = CASE(o.grant, 3, o.ep55, o.ep66, o.ep77);
    cases[6] = CASE(o.grant, 1, o.other_ep);
    cases[7] = CASE(o.grant, 1, o.ep);
    cases[8] = CASE(o.no_grant, 1, o.n1);
    cases[9] = CASE(o.no_grant, 1, o.ep55);
    cases[10] = CASE(o.grant, 1, o.busy_ut);
    cases[11] = CASE(o.grant, 1, o.n1);
    cases[12] = CASE(o.grant, 2, o.n1, o.ep55);
    const cap_expect_t expect[] = {
        {G, 1, 0, {0}, TAG_NOTIFICATION},        {G, 0, 0, {0}, TAG_ENDPOINT},
        {G, 1, 0, {0}, TAG_NOTIFICATION},        {G, 2, 1, {0x55}, TAG_NOTIFICATION},
        {G, 2, 2, {0, 0x66}, TAG_NOTIFICATION},  {G, 3, 7, {0x55, 0x66, 0x77}, TAG_NULL},
        {G, 1, 0, {0}, TAG_ENDPOINT},            {G, 1, 1, {0}, TAG_NULL},
        {NG, 0, 0, {0}, TAG_NULL},               {NG, 0, 0, {0}, TAG_NULL},
        {G, 0, 0, {0}, TAG_NULL},                {G, 0, 0, {0}, TAG_NULL},
        {G, 0, 0, {0}, TAG_ENDPOINT},
    };
    const seL4_Word n = sizeof(expect) / sizeof(expect[0]);
    worker_t sender;
    TRY(worker_run(&sender, MAIN_PRIO - 1, send_cases, n, 0, 0, 0));
    for (seL4_Word i = 0; i < n; i++) {
        bool busy = i == 1 || i == 12;
        seL4_CPtr slot = busy ? occupied : slot_alloc();
        seL4_CPtr cnode = i == 11 ? o.ep : ROOT;
        const char *why = recv_case(o.ep, i, cnode, slot, &expect[i]);
        if (why) {
            return reason_with(why, "%s", what[i]);
        }
        if (i == 0) {
            /* It is n1's badged copy, and a child of it: Revoke removes it. */
            TRY(check_signal_badge(slot, o.n, 1));
            EXPECT_OK(seL4_CNode_Revoke(ROOT, o.n1, ROOT_DEPTH));
            EXPECT_TAG(slot, TAG_NULL);
        }
        if (i == 2) {
            TRY(check_signal_badge(slot, o.n, 1)); /* the first cap, not m2 */
        }
    }
    return worker_join(&sender);
}

/* Send with an extra-cap CPtr that does not resolve (then a plain message). */
static seL4_Word send_bad_extra(seL4_Word ep, seL4_Word blocking, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetCap(0, 1ul << 63); /* guard mismatch in the root CNode */
    seL4_SetMR(0, 0xbad);
    if (blocking) {
        seL4_Send(ep, seL4_MessageInfo_new(1, 0, 1, 1));
        return (seL4_Word) "a Send with an unresolvable extra cap returned";
    }
    seL4_NBSend(ep, seL4_MessageInfo_new(1, 0, 1, 1));
    seL4_SetMR(0, 0x99);
    seL4_Send(ep, seL4_MessageInfo_new(2, 0, 0, 1));
    return 0;
}

/*
 * IPCCAP0002: an extra-cap CPtr that cannot be looked up when the message is
 * sent: a Send raises a cap fault (send phase, that CPtr) and sends nothing;
 * an NBSend sends nothing and raises nothing.
 */
IPC_TEST(IPCCAP0002)
{
    (void)self;
    seL4_CPtr ep, fault_ep;
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&fault_ep));
    worker_t blocking, nonblocking;
    TRY(worker_create(&blocking, MAIN_PRIO - 1));
    TRY(worker_set_fault_ep(&blocking, fault_ep));
    TRY(worker_start(&blocking, send_bad_extra, ep, 1, 0, 0));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_Addr), 1ul << 63);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
    EXPECT_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));

    TRY(worker_run(&nonblocking, MAIN_PRIO - 1, send_bad_extra, ep, 0, 0, 0));
    info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 2);
    EXPECT_EQ(seL4_GetMR(0), 0x99);
    return worker_join(&nonblocking);
}

/* ---- reply caps --------------------------------------------------------------- */

#define CALLS_MAX 4
static volatile seL4_Word call_got[CALLS_MAX];

/* Call `n` times (MR0 = round); record each reply's MR0 in call_got. */
static seL4_Word call_n(seL4_Word ep, seL4_Word n, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetMR(0, i);
        seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        call_got[i] = seL4_GetMR(0);
    }
    return 0;
}

/* Start a worker calling `ep` n times at priority 150 (it calls once main waits). */
static const char *start_caller(worker_t *w, seL4_CPtr ep, seL4_Word n)
{
    for (int i = 0; i < CALLS_MAX; i++) {
        call_got[i] = MR_POISON;
    }
    return worker_run(w, 150, call_n, ep, n, 0, 0);
}

/* Receive the next Call on ep; reason unless its MR0 is `round`. */
static const char *recv_call(seL4_CPtr ep, seL4_Word round)
{
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    if (seL4_GetMR(0) != round) {
        return systest_reason("received MR0 %#lx, expected the caller's round %lu",
                              (unsigned long)seL4_GetMR(0), (unsigned long)round);
    }
    return NULL;
}

/* Answer through a reply-cap slot (Send) or the caller slot (Reply) with MR0 = v. */
static void answer(seL4_CPtr reply_slot, seL4_Word v)
{
    seL4_SetMR(0, v);
    if (reply_slot) {
        seL4_Send(reply_slot, seL4_MessageInfo_new(0, 0, 0, 1));
    } else {
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    }
}

/*
 * IPCREPLY0001: SaveCaller moves the reply cap out (a second SaveCaller finds
 * none, and seL4_Reply then does nothing); the saved cap answers once and is
 * gone: a Send through the empty slot is dropped, a Call gets
 * InvalidCapability (cap 0).
 */
IPC_TEST(IPCREPLY0001)
{
    (void)self;
    seL4_CPtr ep, saved = slot_alloc(), saved2 = slot_alloc();
    worker_t caller;
    TRY(new_endpoint(&ep));
    TRY(start_caller(&caller, ep, 2));
    TRY(recv_call(ep, 0));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    EXPECT_TAG(saved, TAG_REPLY);
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved2, ROOT_DEPTH));
    EXPECT_TAG(saved2, TAG_NULL);
    answer(0, 0xbad); /* no caller cap left: nothing happens */
    TRY(settle());
    EXPECT_EQ(call_got[0], MR_POISON);
    answer(saved, 0x100);
    EXPECT_TAG(saved, TAG_NULL);
    TRY(recv_call(ep, 1));
    EXPECT_EQ(call_got[0], 0x100);
    answer(saved, 0xbad); /* a Send on an empty slot: dropped */
    EXPECT_ERR_MRS(seL4_MessageInfo_get_label(seL4_Call(saved, seL4_MessageInfo_new(0, 0, 0, 0))),
                   seL4_InvalidCapability, 0);
    EXPECT_EQ(call_got[1], MR_POISON);
    answer(0, 0x101);
    TRY(worker_join(&caller));
    EXPECT_EQ(call_got[1], 0x101);
    return NULL;
}

/*
 * IPCREPLY0002: a Recv first drops an unused reply cap; the caller stays
 * blocked on reply.  Suspending and resuming it makes it Call again.
 */
IPC_TEST(IPCREPLY0002)
{
    (void)self;
    seL4_CPtr ep, saved = slot_alloc();
    worker_t caller;
    TRY(new_endpoint(&ep));
    TRY(start_caller(&caller, ep, 1));
    TRY(recv_call(ep, 0));
    seL4_MessageInfo_t info;
    seL4_Word badge;
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    EXPECT_TAG(saved, TAG_NULL);
    TRY(settle());
    SYSTEST_CHECK(!caller.done);
    EXPECT_EQ(call_got[0], MR_POISON);
    EXPECT_OK(seL4_TCB_Suspend(caller.tcb));
    EXPECT_OK(seL4_TCB_Resume(caller.tcb));
    TRY(recv_call(ep, 0));
    answer(0, 0x55);
    TRY(worker_join(&caller));
    EXPECT_EQ(call_got[0], 0x55);
    return NULL;
}

/*
 * IPCREPLY0003: a saved reply cap cannot be copied or minted (it derives to
 * nothing: IllegalOperation) but can be moved, and the moved cap answers.
 * Deleting a saved reply cap answers nothing: the caller stays blocked.
 */
IPC_TEST(IPCREPLY0003)
{
    (void)self;
    seL4_CPtr ep, s1 = slot_alloc(), s2 = slot_alloc(), s3 = slot_alloc();
    worker_t caller;
    TRY(new_endpoint(&ep));
    TRY(start_caller(&caller, ep, 2));
    TRY(recv_call(ep, 0));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, s1, ROOT_DEPTH));
    EXPECT_ERR(seL4_CNode_Copy(ROOT, s2, ROOT_DEPTH, ROOT, s1, ROOT_DEPTH, seL4_AllRights),
               seL4_IllegalOperation);
    EXPECT_ERR(seL4_CNode_Mint(ROOT, s2, ROOT_DEPTH, ROOT, s1, ROOT_DEPTH, seL4_AllRights, 0),
               seL4_IllegalOperation);
    EXPECT_TAG(s2, TAG_NULL);
    EXPECT_OK(seL4_CNode_Move(ROOT, s2, ROOT_DEPTH, ROOT, s1, ROOT_DEPTH));
    EXPECT_TAG(s1, TAG_NULL);
    EXPECT_TAG(s2, TAG_REPLY);
    answer(s2, 0x77);
    TRY(recv_call(ep, 1));
    EXPECT_EQ(call_got[0], 0x77);
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, s3, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_Delete(ROOT, s3, ROOT_DEPTH));
    TRY(settle());
    SYSTEST_CHECK(!caller.done);
    EXPECT_EQ(call_got[1], MR_POISON);
    return NULL;
}

/* What the caller of IPCREPLY0004 found in its receive slot after the reply. */
static volatile seL4_Word reply_slot_tag;

/* Call ep once with receive slot `slot`; record the slot's tag afterwards. */
static seL4_Word call_for_cap(seL4_Word ep, seL4_Word slot, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    reply_slot_tag = cap_tag(slot);
    return 0;
}

/*
 * IPCREPLY0004: a reply carries caps only if the reply cap can grant, i.e.
 * if the receiver's endpoint cap had Grant: through seL4_Reply and through a
 * saved reply cap, whether the caller or the receiver came first.
 */
IPC_TEST(IPCREPLY0004)
{
    (void)self;
    seL4_CPtr ep, grant, no_grant, gift, saved = slot_alloc();
    TRY(new_endpoint(&ep));
    TRY(new_notification(&gift));
    TRY(mint_new(ep, seL4_AllRights, 0, &grant));
    TRY(mint_new(ep, rights_of(0xb), 0, &no_grant)); /* no Grant */
    for (int mode = 0; mode < 8; mode++) {
        bool can_grant = mode & 1, save = mode & 2, caller_first = mode & 4;
        worker_t caller;
        seL4_CPtr slot = slot_alloc();
        reply_slot_tag = ~0ul;
        TRY(worker_run(&caller, 150, call_for_cap, ep, slot, 0, 0));
        if (caller_first) {
            TRY(settle());
        }
        seL4_Word badge;
        seL4_Recv(can_grant ? grant : no_grant, &badge);
        if (save) {
            EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
        }
        seL4_SetCap(0, gift);
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 1, 0);
        if (save) {
            seL4_Send(saved, reply);
        } else {
            seL4_Reply(reply);
        }
        TRY(worker_join(&caller));
        if (reply_slot_tag != (can_grant ? TAG_NOTIFICATION : TAG_NULL)) {
            return systest_reason("Recv cap %s Grant, reply %s, %s first: the caller's slot "
                                  "holds tag %lu",
                                  can_grant ? "with" : "without",
                                  save ? "through a saved cap" : "with seL4_Reply",
                                  caller_first ? "caller" : "receiver",
                                  (unsigned long)reply_slot_tag);
        }
    }
    return NULL;
}

/* Send one message with one extra cap `cap` on ep (blocks until received). */
static seL4_Word send_with_cap(seL4_Word ep, seL4_Word cap, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetCap(0, cap);
    seL4_SetMR(0, 0x3c);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 1));
    return 0;
}

/* Receive on ep with the given receive path; reason unless extraCaps is `want`. */
static const char *recv_into(seL4_CPtr ep, seL4_CPtr cnode, seL4_Word index, seL4_Word depth,
                             seL4_Word want)
{
    seL4_SetCapReceivePath(cnode, index, depth);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    if (seL4_GetMR(0) != 0x3c || seL4_MessageInfo_get_extraCaps(info) != want) {
        return systest_reason("receive path (%lu, %lu, depth %lu): MR0 %#lx extraCaps %lu, "
                              "expected 0x3c and %lu",
                              (unsigned long)cnode, (unsigned long)index, (unsigned long)depth,
                              (unsigned long)seL4_GetMR(0),
                              (unsigned long)seL4_MessageInfo_get_extraCaps(info),
                              (unsigned long)want);
    }
    return NULL;
}

/*
 * IPCCAP0003: the receive path may name a slot of another CNode (index and
 * depth within it; here the sender blocked first, where IPCCAP0001's
 * receiver waited first); a path whose depth does not fit gives no slot (no
 * transfer).  A cap deleted while its sender was blocked is looked up again
 * when the message goes: the slot is empty, so nothing is transferred.
 */
IPC_TEST(IPCCAP0003)
{
    (void)self;
    seL4_CPtr ep, ntfn, cnode, doomed;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    worker_t s1, s2, s3;
    TRY(worker_run(&s1, MAIN_PRIO - 1, send_with_cap, ep, ntfn, 0, 0));
    TRY(settle()); /* this time the sender is queued first (receiveIPC's path) */
    TRY(recv_into(ep, cnode, 3, 4, 1));
    SYSTEST_CHECK(cap_tag_in(cnode, 3, 4) == TAG_NOTIFICATION);
    TRY(worker_join(&s1));

    TRY(worker_run(&s2, MAIN_PRIO - 1, send_with_cap, ep, ntfn, 0, 0));
    TRY(recv_into(ep, cnode, 3, 65, 0));
    TRY(worker_join(&s2));

    TRY(copy_new(ntfn, &doomed));
    TRY(worker_run(&s3, MAIN_PRIO - 1, send_with_cap, ep, doomed, 0, 0));
    TRY(settle()); /* s3 is blocked in Send, its cap looked up */
    EXPECT_OK(seL4_CNode_Delete(ROOT, doomed, ROOT_DEPTH));
    seL4_CPtr slot = slot_alloc();
    TRY(recv_into(ep, ROOT, slot, ROOT_DEPTH, 0));
    EXPECT_TAG(slot, TAG_NULL);
    return worker_join(&s3);
}

/* Receive one Call on ep, then wait on a notification nobody signals (keeping the
 * reply cap: only a Recv on an endpoint drops it). */
static seL4_Word recv_and_hold(seL4_Word ep, seL4_Word never, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_Wait(never, &badge);
    return 0;
}

/*
 * IPCREPLY0005: deleting a caller blocked on reply deletes the reply cap its
 * server holds (SaveCaller finds none, Reply does nothing).  Deleting the
 * server that holds a reply cap leaves its caller blocked; suspended and
 * resumed, the caller Calls again.
 */
IPC_TEST(IPCREPLY0005)
{
    (void)self;
    seL4_CPtr ep, never, saved = slot_alloc();
    TRY(new_endpoint(&ep));
    TRY(new_notification(&never));
    worker_t caller, server, caller2;
    TRY(start_caller(&caller, ep, 1));
    TRY(recv_call(ep, 0));
    EXPECT_OK(seL4_CNode_Delete(ROOT, caller.tcb, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    EXPECT_TAG(saved, TAG_NULL);
    answer(0, 1);

    TRY(worker_run(&server, 150, recv_and_hold, ep, never, 0, 0));
    TRY(settle());
    TRY(start_caller(&caller2, ep, 1));
    TRY(settle()); /* caller2 is blocked on reply, server holds the reply cap */
    EXPECT_OK(seL4_CNode_Delete(ROOT, server.tcb, ROOT_DEPTH));
    TRY(settle());
    SYSTEST_CHECK(!caller2.done);
    EXPECT_OK(seL4_TCB_Suspend(caller2.tcb));
    EXPECT_OK(seL4_TCB_Resume(caller2.tcb));
    TRY(recv_call(ep, 0));
    answer(0, 0x66);
    TRY(worker_join(&caller2));
    EXPECT_EQ(call_got[0], 0x66);
    return NULL;
}

static volatile seL4_Word cap4_seen[2];

/* Receive once into `slot`; record extraCaps and the slot's tag. */
static seL4_Word recv_cap_record(seL4_Word ep, seL4_Word slot, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    cap4_seen[0] = seL4_MessageInfo_get_extraCaps(info);
    cap4_seen[1] = cap_tag(slot);
    return 0;
}

/*
 * IPCCAP0004: a (non-MCS) reply cap cannot travel in a message: it derives
 * to a null cap, which stops the transfer (extraCaps 0, slot empty), and the
 * sender keeps it and can still answer with it.
 */
IPC_TEST(IPCCAP0004)
{
    (void)self;
    seL4_CPtr ep, ep2, saved = slot_alloc(), slot = slot_alloc();
    TRY(new_endpoint(&ep));
    TRY(new_endpoint(&ep2));
    worker_t caller, receiver;
    TRY(start_caller(&caller, ep, 1));
    TRY(recv_call(ep, 0));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    cap4_seen[0] = cap4_seen[1] = ~0ul;
    TRY(worker_run(&receiver, MAIN_PRIO - 1, recv_cap_record, ep2, slot, 0, 0));
    TRY(settle());
    seL4_SetCap(0, saved);
    seL4_Send(ep2, seL4_MessageInfo_new(0, 0, 1, 0));
    TRY(worker_join(&receiver));
    EXPECT_EQ(cap4_seen[0], 0);
    EXPECT_EQ(cap4_seen[1], TAG_NULL);
    EXPECT_TAG(saved, TAG_REPLY);
    answer(saved, 0x44);
    TRY(worker_join(&caller));
    EXPECT_EQ(call_got[0], 0x44);
    return NULL;
}

/*
 * Call and ReplyRecv in the situations where seL4's fastpath must step aside
 * (or must not get the CSpace wrong): the results have to be the slowpath's.
 * They pass trivially with CONFIG_FASTPATH=0 and pin the fastpath's guards
 * with it.
 *   IPCFAST0001  ReplyRecv with the bound notification already active
 *   IPCFAST0002  Call and ReplyRecv through a two-level CSpace
 *   IPCFAST0003  a Call or a reply that wakes a thread outranked by a ready one
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

static volatile seL4_Word fast_seen[4];

/* Serve one Call, signal its own bound notification, then ReplyRecv: that Recv must
 * return the signal at once (badge in fast_seen[0]); then serve one more Call. */
static seL4_Word bound_server(seL4_Word ep, seL4_Word sig, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_Signal(sig);
    seL4_SetMR(0, 0x71);
    seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    fast_seen[0] = badge;
    seL4_Recv(ep, &badge);
    fast_seen[1] = badge;
    seL4_SetMR(0, 0x72);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return 0;
}

/*
 * IPCFAST0001: a server whose bound notification is active when it does
 * ReplyRecv: the reply goes out and the receive returns the notification's
 * badge at once, not the next Call.
 */
IPC_TEST(IPCFAST0001)
{
    (void)self;
    seL4_CPtr ep, ntfn, sig, badged;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, 0x40, &sig));
    TRY(mint_new(ep, seL4_AllRights, 0x99, &badged));
    worker_t server;
    TRY(worker_create(&server, MAIN_PRIO + 10));
    EXPECT_OK(seL4_TCB_BindNotification(server.tcb, ntfn));
    TRY(worker_start(&server, bound_server, ep, sig, 0, 0));
    fast_seen[0] = fast_seen[1] = 0;
    seL4_Call(badged, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_EQ(seL4_GetMR(0), 0x71);
    EXPECT_EQ(fast_seen[0], 0x40);
    seL4_Call(badged, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_EQ(seL4_GetMR(0), 0x72);
    EXPECT_EQ(fast_seen[1], 0x99);
    return worker_join(&server);
}

/* The two-level CSpace of IPCFAST0002: a root CNode of 4 slots (no guard) whose slot 1
 * holds a CNode of 16 slots with a 58-bit guard of 0; CPtrs name its slots. */
#define L2(i) ((1ul << 62) | (i))
enum { L2_EP = 5, L2_SELF = 6, L2_DONE = 7, L2_FAULT = 8 };

/* Call L2(L2_EP) `rounds` times with MR0..3 = round + k; expect them back + 1. */
static seL4_Word l2_client(seL4_Word ep, seL4_Word rounds, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word i = 0; i < rounds; i++) {
        seL4_Word mr[4] = {i, i + 1, i + 2, i + 3};
        seL4_MessageInfo_t info = seL4_CallWithMRs(ep, seL4_MessageInfo_new(i, 0, 0, 4), &mr[0],
                                                   &mr[1], &mr[2], &mr[3]);
        if (seL4_MessageInfo_get_label(info) != i + 1 || mr[0] != i + 1 || mr[3] != i + 4) {
            return (seL4_Word)systest_reason("round %lu: reply label %lu MR0 %lu MR3 %lu",
                                             (unsigned long)i,
                                             (unsigned long)seL4_MessageInfo_get_label(info),
                                             (unsigned long)mr[0], (unsigned long)mr[3]);
        }
    }
    return 0;
}

/* Serve `rounds` Calls on ep: check the badge, answer label + 1 and MRs + 1. */
static seL4_Word l2_server(seL4_Word ep, seL4_Word rounds, seL4_Word badge, seL4_Word a3)
{
    (void)a3;
    seL4_Word got, mr[4];
    seL4_MessageInfo_t info = seL4_RecvWithMRs(ep, &got, &mr[0], &mr[1], &mr[2], &mr[3]);
    for (seL4_Word i = 0; i < rounds; i++) {
        if (got != badge || seL4_MessageInfo_get_label(info) != i || mr[0] != i) {
            return (seL4_Word)systest_reason("server, round %lu: badge %#lx label %lu MR0 %lu",
                                             (unsigned long)i, (unsigned long)got,
                                             (unsigned long)seL4_MessageInfo_get_label(info),
                                             (unsigned long)mr[0]);
        }
        for (int k = 0; k < 4; k++) {
            mr[k]++;
        }
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(i + 1, 0, 0, 4);
        if (i + 1 < rounds) {
            info = seL4_ReplyRecvWithMRs(ep, reply, &got, &mr[0], &mr[1], &mr[2], &mr[3]);
        } else {
            seL4_ReplyWithMRs(reply, &mr[0], &mr[1], &mr[2], &mr[3]);
        }
    }
    return 0;
}

/* Fill the empty slots of a 16-slot CNode with copies of `cap`. */
static const char *fill_with(seL4_CPtr cnode, seL4_CPtr cap)
{
    for (seL4_Word i = 0; i < 16; i++) {
        if (cap_tag_in(cnode, i, 4) == TAG_NULL) {
            EXPECT_OK(seL4_CNode_Copy(cnode, i, 4, ROOT, cap, ROOT_DEPTH, seL4_AllRights));
        }
    }
    return NULL;
}

/* Put a copy of CNode `cnode` with a 58-bit guard of 0 into slot `index` of `top`. */
static const char *hang_leaf(seL4_CPtr top, seL4_Word index, seL4_CPtr cnode)
{
    seL4_CPtr guarded = slot_alloc();
    EXPECT_OK(seL4_CNode_Mint(ROOT, guarded, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH, seL4_AllRights,
                              seL4_CNode_CapData_new(0, 58).words[0]));
    EXPECT_OK(seL4_CNode_Move(top, index, 2, ROOT, guarded, ROOT_DEPTH));
    return NULL;
}

/* Give worker w (created, not started) the two-level CSpace, its endpoint cap
 * being a copy of root slot `ep`.  Every other slot of both levels leads to a
 * decoy endpoint nobody serves, so a lookup that takes a wrong turn blocks the
 * caller (the supervisor reports it) instead of going unnoticed. */
static const char *two_level_cspace(worker_t *w, seL4_CPtr ep)
{
    seL4_CPtr top, leaf, decoy_leaf, decoy, fault;
    TRY(pool_object(seL4_CapTableObject, 2, &top));
    TRY(pool_object(seL4_CapTableObject, 4, &leaf));
    TRY(pool_object(seL4_CapTableObject, 4, &decoy_leaf));
    TRY(new_endpoint(&decoy));
    TRY(worker_fault_cap(w, &fault));
    const seL4_CPtr give[4][2] = {{L2_EP, ep}, {L2_SELF, w->tcb}, {L2_DONE, ipct.done_ntfn},
                                  {L2_FAULT, fault}};
    for (int i = 0; i < 4; i++) {
        EXPECT_OK(seL4_CNode_Copy(leaf, give[i][0], 4, ROOT, give[i][1], ROOT_DEPTH,
                                  seL4_AllRights));
    }
    TRY(fill_with(leaf, decoy));
    TRY(fill_with(decoy_leaf, decoy));
    TRY(hang_leaf(top, 1, leaf));
    for (seL4_Word i = 0; i < 4; i++) {
        if (i != 1) {
            TRY(hang_leaf(top, i, decoy_leaf));
        }
    }
    EXPECT_OK(seL4_TCB_SetSpace(w->tcb, L2(L2_FAULT), top, 0, seL4_CapInitThreadVSpace, 0));
    w->self_cptr = L2(L2_SELF);
    w->done_cptr = L2(L2_DONE);
    return NULL;
}

#define L2_ROUNDS 200

/*
 * IPCFAST0002: a client and a server whose CSpaces have two levels (guard and
 * radix of both consumed, most significant bits first) run 200 Call /
 * ReplyRecv rounds of 4 MRs each with main, in both roles.
 */
IPC_TEST(IPCFAST0002)
{
    (void)self;
    seL4_CPtr ep, badged;
    TRY(new_endpoint(&ep));
    TRY(mint_new(ep, seL4_AllRights, 0x2a, &badged));
    worker_t client, server;
    TRY(worker_create(&client, MAIN_PRIO - 1));
    TRY(two_level_cspace(&client, badged));
    TRY(worker_start(&client, l2_client, L2(L2_EP), L2_ROUNDS, 0, 0));
    TRY((const char *)l2_server(ep, L2_ROUNDS, 0x2a, 0));
    TRY(worker_join(&client));

    TRY(worker_create(&server, MAIN_PRIO - 1));
    TRY(two_level_cspace(&server, ep));
    TRY(worker_start(&server, l2_server, L2(L2_EP), L2_ROUNDS, 0x2b, 0));
    seL4_CPtr badged2;
    TRY(mint_new(ep, seL4_AllRights, 0x2b, &badged2));
    TRY((const char *)l2_client(badged2, L2_ROUNDS, 0, 0));
    return worker_join(&server);
}

static volatile seL4_Word order_log[4];
static volatile seL4_Word order_n;

/* Note in order_log that thread `id` ran. */
static void ran(seL4_Word id)
{
    order_log[order_n++] = id;
}

/* Note `id`, nothing else. */
static seL4_Word note(seL4_Word id, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    ran(id);
    return 0;
}

/* Serve one Call: note `id`, reply. */
static seL4_Word serve_one(seL4_Word ep, seL4_Word id, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    ran(id);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    return 0;
}

/* Serve one Call: make `other` (a TCB) ready, then ReplyRecv; note `id` if it ever
 * receives again (it does not). */
static seL4_Word serve_resume(seL4_Word ep, seL4_Word other, seL4_Word id, seL4_Word a3)
{
    (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_TCB_Resume(other);
    seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
    ran(id);
    return 0;
}

/* Call ep once, then note `id`. */
static seL4_Word call_note(seL4_Word ep, seL4_Word id, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    ran(id);
    return 0;
}

/*
 * IPCFAST0003: the one scheduling decision is the slowpath's even where a
 * fastpath would switch straight to the woken thread.  (a) main Calls a
 * server of priority 100 while a thread of 150 is ready: the 150 thread runs
 * first.  (b) a server replies (ReplyRecv) to a caller of 100 while a thread
 * of 120 is ready: the 120 thread runs first.
 */
IPC_TEST(IPCFAST0003)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    worker_t server, middle, server2, caller, middle2;
    order_n = 0;
    TRY(worker_run(&server, 100, serve_one, ep, 1, 0, 0));
    TRY(settle()); /* the server waits */
    TRY(worker_run(&middle, 150, note, 2, 0, 0, 0)); /* ready, not running: main is higher */
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(worker_join(&server));
    TRY(worker_join(&middle));
    EXPECT_EQ(order_n, 2);
    if (order_log[0] != 2) {
        return "(a) the server of priority 100 ran before the ready thread of 150";
    }

    order_n = 0;
    TRY(worker_create(&middle2, 120));
    TRY(worker_run(&server2, 150, serve_resume, ep, middle2.tcb, 9, 0));
    TRY(settle());
    /* middle2 must start where worker_start would put it: start it, then stop it. */
    TRY(worker_start(&middle2, note, 4, 0, 0, 0));
    EXPECT_OK(seL4_TCB_Suspend(middle2.tcb));
    TRY(worker_run(&caller, 100, call_note, ep, 3, 0, 0));
    TRY(worker_join(&caller));
    TRY(worker_join(&middle2));
    EXPECT_EQ(order_n, 2);
    if (order_log[0] != 4) {
        return "(b) the caller of priority 100 ran before the ready thread of 120";
    }
    return NULL;
}

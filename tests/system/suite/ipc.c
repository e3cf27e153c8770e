/*
 * Endpoint IPC within the root task's address space: sel4test's IPC0001-0004
 * and IPC0010, a 10,000-message ping-pong, badges, FIFO order of blocked
 * senders and receivers, threads without a (writable) IPC buffer, the
 * length limit, and who runs after an IPC wakes a thread.  The same message
 * functions run between address spaces in ipc_vspace.c (IPC1001-1004).
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

#define MAX_LEN seL4_MsgMaxLength

/* Put seed, seed + 1, ... into MR0..len-1; returns the seed after them. */
static seL4_Word put_words(seL4_Word seed, seL4_Word len)
{
    for (seL4_Word i = 0; i < len; i++) {
        seL4_SetMR((int)i, seed + i);
    }
    return seed + len;
}

/* Reason unless `info` has length `len` and MR0..len-1 are seed, seed + 1, ... */
static const char *check_words(const char *who, seL4_MessageInfo_t info, seL4_Word len,
                               seL4_Word seed)
{
    seL4_Word got = seL4_MessageInfo_get_length(info);
    if (got != len) {
        return systest_reason("%s: a message of %lu words arrived with length %lu", who,
                              (unsigned long)len, (unsigned long)got);
    }
    for (seL4_Word i = 0; i < len; i++) {
        if (seL4_GetMR((int)i) != seed + i) {
            return systest_reason("%s, length %lu: MR%lu = %#lx, expected %#lx", who,
                                  (unsigned long)len, (unsigned long)i,
                                  (unsigned long)seL4_GetMR((int)i), (unsigned long)(seed + i));
        }
    }
    return NULL;
}

/* ---- sel4test's message functions (shared with ipc_vspace.c) ----------------- */

/* Send messages of every length 0..120 (blocking). */
seL4_Word ipc_fn_send(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        seed = put_words(seed, len);
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, len));
    }
    return 0;
}

/* NBSend messages of every length: each is dropped unless the receiver waits. */
seL4_Word ipc_fn_nbsend(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        seed = put_words(seed, len);
        seL4_NBSend(ep, seL4_MessageInfo_new(0, 0, 0, len));
    }
    return 0;
}

/* Call with every length; the reply must be the next `len` words of the sequence. */
seL4_Word ipc_fn_call(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        seed = put_words(seed, len);
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, len));
        const char *why = check_words("the reply to a Call", info, len, seed);
        if (why) {
            return (seL4_Word)why;
        }
        seed += len;
    }
    return 0;
}

/* Receive messages of every length 0..120 in order. */
seL4_Word ipc_fn_recv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        const char *why = check_words("Recv", info, len, seed);
        if (why) {
            return (seL4_Word)why;
        }
        seed += len;
    }
    return 0;
}

/* As ipc_fn_recv, but only if the NBSends can find it waiting (sel4test's nbwait_func). */
seL4_Word ipc_fn_nbrecv(seL4_Word ep, seL4_Word seed, seL4_Word should_wait, seL4_Word a3)
{
    return should_wait ? ipc_fn_recv(ep, seed, 0, a3) : 0;
}

/* Serve every length with Recv, then ReplyRecv; the reply continues the sequence. */
seL4_Word ipc_fn_replyrecv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        const char *why = check_words("Recv/ReplyRecv", info, len, seed);
        if (why) {
            return (seL4_Word)why;
        }
        seed = put_words(seed + len, len);
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, len);
        if (len < MAX_LEN) {
            info = seL4_ReplyRecv(ep, reply, &badge);
        } else {
            seL4_Reply(reply);
        }
    }
    return 0;
}

/* Serve every length with separate Reply and Recv calls. */
seL4_Word ipc_fn_reply_then_recv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word len = 0; len <= MAX_LEN; len++) {
        if (len > 0) {
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, len - 1));
        }
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        const char *why = check_words("Recv (then Reply)", info, len, seed);
        if (why) {
            return (seL4_Word)why;
        }
        seed = put_words(seed + len, len);
    }
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, MAX_LEN));
    return 0;
}

const char *ipc_pair_run(worker_t *a, worker_t *b, seL4_Word a_ep, seL4_Word b_ep,
                         worker_fn_t fa, worker_fn_t fb)
{
    seL4_Word seed = 0xabbacafe;
    for (seL4_Word prio = 98; prio <= 102; prio++) {
        for (int sender_first = 0; sender_first <= 1; sender_first++) {
            TRY(worker_set_prio(a, prio));
            TRY(worker_set_prio(b, 100));
            seL4_Word should_wait = prio < 100;
            /* Among equals the thread started last runs first (restart queues at the head). */
            if (sender_first) {
                TRY(worker_start(b, fb, b_ep, seed, should_wait, 0));
                TRY(worker_start(a, fa, a_ep, seed, should_wait, 0));
            } else {
                TRY(worker_start(a, fa, a_ep, seed, should_wait, 0));
                TRY(worker_start(b, fb, b_ep, seed, should_wait, 0));
            }
            const char *why = worker_join(a);
            if (why) {
                return reason_with(why, "sender prio %lu vs 100, %s first: sender",
                                   (unsigned long)prio, sender_first ? "sender" : "receiver");
            }
            why = worker_join(b);
            if (why) {
                return reason_with(why, "sender prio %lu vs 100, %s first: receiver",
                                   (unsigned long)prio, sender_first ? "sender" : "receiver");
            }
            seed += 0x71717171;
        }
    }
    return NULL;
}

/* Two threads in the root VSpace on one endpoint. */
static const char *pair_in_root(worker_fn_t fa, worker_fn_t fb)
{
    seL4_CPtr ep;
    worker_t a, b;
    TRY(new_endpoint(&ep));
    TRY(worker_create(&a, 100));
    TRY(worker_create(&b, 100));
    return ipc_pair_run(&a, &b, ep, ep, fa, fb);
}

IPC_TEST(IPC0001)
{
    (void)self;
    return pair_in_root(ipc_fn_send, ipc_fn_recv);
}

IPC_TEST(IPC0002)
{
    (void)self;
    return pair_in_root(ipc_fn_call, ipc_fn_replyrecv);
}

IPC_TEST(IPC0003)
{
    (void)self;
    return pair_in_root(ipc_fn_call, ipc_fn_reply_then_recv);
}

/* NBSend + Recv; afterwards nothing is left on the endpoint: an NBSend that
 * found no receiver was dropped, not queued. */
IPC_TEST(IPC0004)
{
    (void)self;
    seL4_CPtr ep;
    worker_t a, b;
    TRY(new_endpoint(&ep));
    TRY(worker_create(&a, 100));
    TRY(worker_create(&b, 100));
    TRY(ipc_pair_run(&a, &b, ep, ep, ipc_fn_nbsend, ipc_fn_nbrecv));
    seL4_MessageInfo_t info;
    seL4_Word badge;
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));
    return NULL;
}

/*
 * IPC0010: suspend a thread mid-Call (BlockedOnReply), resume it, suspend it
 * again.  Also: the suspension deletes the receiver's reply cap (SaveCaller
 * finds none), and a resumed caller runs its Call again from the start.
 */
IPC_TEST(IPC0010)
{
    (void)self;
    seL4_CPtr ep, saved = slot_alloc();
    worker_t a;
    TRY(new_endpoint(&ep));
    TRY(worker_run(&a, 100, ipc_fn_call, ep, 0xabbacafe, 0, 0));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 0);
    EXPECT_OK(seL4_TCB_Suspend(a.tcb));
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    EXPECT_TAG(saved, TAG_NULL);
    EXPECT_OK(seL4_TCB_Resume(a.tcb));
    EXPECT_OK(seL4_TCB_Suspend(a.tcb));
    /* It never ran between Resume and Suspend (it is lower): nothing was sent. */
    SYSTEST_CHECK(!nb_recv(ep, &info, &badge));
    SYSTEST_CHECK(!a.done);

    /* Resumed for real, it calls again with its first message (length 0). */
    EXPECT_OK(seL4_TCB_Resume(a.tcb));
    info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    /* Its next Call has length 1 and the first word of its sequence. */
    info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 1);
    EXPECT_EQ(seL4_GetMR(0), 0xabbacafe);
    EXPECT_OK(seL4_TCB_Suspend(a.tcb));
    SYSTEST_CHECK(!a.done);
    return NULL;
}

/* ---- ping-pong ---------------------------------------------------------------- */

/* Word k of message i. */
static seL4_Word pp_word(seL4_Word i, seL4_Word k)
{
    return (0x9e3779b97f4a7c15ul * (i + 1)) ^ (k << 56) ^ k;
}

/* Call `rounds` times, checking every reply (see ipc_helpers.h). */
seL4_Word ipc_fn_pingpong_client(seL4_Word ep, seL4_Word rounds, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (seL4_Word i = 0; i < rounds; i++) {
        seL4_Word len = i % 10, label = (i & 0xfff) + 1;
        for (seL4_Word k = 0; k < len; k++) {
            seL4_SetMR((int)k, pp_word(i, k));
        }
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(label, 0, 0, len));
        if (seL4_MessageInfo_get_label(info) != label + 0x1000 ||
            seL4_MessageInfo_get_length(info) != len) {
            return (seL4_Word)systest_reason(
                "client, round %lu: reply label %#lx length %lu, expected %#lx and %lu",
                (unsigned long)i, (unsigned long)seL4_MessageInfo_get_label(info),
                (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)(label + 0x1000),
                (unsigned long)len);
        }
        for (seL4_Word k = 0; k < len; k++) {
            if (seL4_GetMR((int)k) != ~pp_word(i, k)) {
                return (seL4_Word)systest_reason("client, round %lu: reply MR%lu = %#lx, expected "
                                                 "%#lx",
                                                 (unsigned long)i, (unsigned long)k,
                                                 (unsigned long)seL4_GetMR((int)k),
                                                 (unsigned long)~pp_word(i, k));
            }
        }
    }
    return 0;
}

/* Reason if message i is not as the client sent it (badge, label, length, words). */
static const char *pp_check(seL4_Word i, seL4_MessageInfo_t info, seL4_Word got_badge,
                            seL4_Word badge)
{
    seL4_Word len = i % 10, label = (i & 0xfff) + 1;
    if (got_badge != badge || seL4_MessageInfo_get_label(info) != label ||
        seL4_MessageInfo_get_length(info) != len) {
        return systest_reason("server, round %lu: badge %#lx label %#lx length %lu, expected "
                              "%#lx %#lx %lu",
                              (unsigned long)i, (unsigned long)got_badge,
                              (unsigned long)seL4_MessageInfo_get_label(info),
                              (unsigned long)seL4_MessageInfo_get_length(info),
                              (unsigned long)badge, (unsigned long)label, (unsigned long)len);
    }
    for (seL4_Word k = 0; k < len; k++) {
        if (seL4_GetMR((int)k) != pp_word(i, k)) {
            return systest_reason("server, round %lu: MR%lu = %#lx, expected %#lx",
                                  (unsigned long)i, (unsigned long)k,
                                  (unsigned long)seL4_GetMR((int)k), (unsigned long)pp_word(i, k));
        }
    }
    return NULL;
}

/* The server keeps answering after a bad message (so the client never hangs) and
 * reports the first one at the end. */
seL4_Word ipc_fn_pingpong_server(seL4_Word ep, seL4_Word rounds, seL4_Word badge, seL4_Word a3)
{
    (void)a3;
    const char *first = NULL;
    seL4_Word got_badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &got_badge);
    for (seL4_Word i = 0; i < rounds; i++) {
        const char *why = pp_check(i, info, got_badge, badge);
        if (why && !first) {
            first = why;
        }
        seL4_Word len = i % 10, label = (i & 0xfff) + 1;
        for (seL4_Word k = 0; k < len; k++) {
            seL4_SetMR((int)k, ~pp_word(i, k));
        }
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(label + 0x1000, 0, 0, len);
        if (i + 1 < rounds) {
            info = seL4_ReplyRecv(ep, reply, &got_badge);
        } else {
            seL4_Reply(reply);
        }
    }
    return (seL4_Word)first;
}

#define PINGPONG_ROUNDS 10000
#define PINGPONG_BADGE 0x5050ul

/* IPCPINGPONG0001: 10,000 Call/ReplyRecv round trips between two threads of the root task. */
IPC_TEST(IPCPINGPONG0001)
{
    (void)self;
    seL4_CPtr ep, badged;
    worker_t server, client;
    TRY(new_endpoint(&ep));
    TRY(mint_new(ep, seL4_AllRights, PINGPONG_BADGE, &badged));
    TRY(worker_run(&server, 150, ipc_fn_pingpong_server, ep, PINGPONG_ROUNDS, PINGPONG_BADGE, 0));
    TRY(worker_run(&client, 150, ipc_fn_pingpong_client, badged, PINGPONG_ROUNDS, 0, 0));
    TRY(worker_join(&client));
    return worker_join(&server);
}

/* ---- badges ------------------------------------------------------------------ */

static const seL4_Word test_badges[] = {0, 1, 0x7fffffffffffffff, 0xfedcba9876543210ul, ~0ul};
#define N_BADGES (sizeof(test_badges) / sizeof(test_badges[0]))

/* Send one message through each cap caps[0..n): MR0 = its index. */
static seL4_Word send_each(seL4_Word caps, seL4_Word n, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    const seL4_CPtr *c = (const seL4_CPtr *)caps;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_SetMR(0, i);
        seL4_Send(c[i], seL4_MessageInfo_new(0, 0, 0, 1));
    }
    return 0;
}

/* Call through `cap` with raw registers; reason unless the reply's RDI (badge) is 0. */
static seL4_Word call_check_reply_badge(seL4_Word cap, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    libsel4_regs_t regs = {cap, seL4_MessageInfo_new(7, 0, 0, 1).words[0], {0x77, 0, 0, 0}};
    libsel4_syscall(seL4_SysCall, &regs);
    if (regs.rdi != 0 || regs.mr[0] != 0x88) {
        return (seL4_Word)systest_reason("Call's reply: badge register %#lx, MR0 %#lx; expected "
                                         "0 and 0x88",
                                         (unsigned long)regs.rdi, (unsigned long)regs.mr[0]);
    }
    return 0;
}

/*
 * IPCBADGE0001: the receiver gets the badge of the sender's cap in RDI
 * (seL4_Recv's sender argument), all 64 bits of it, 0 for an unbadged cap;
 * a Call's receiver gets the caller's badge, and the caller gets badge 0
 * with the reply.
 */
IPC_TEST(IPCBADGE0001)
{
    (void)self;
    seL4_CPtr ep;
    static seL4_CPtr caps[N_BADGES];
    TRY(new_endpoint(&ep));
    for (seL4_Word i = 0; i < N_BADGES; i++) {
        TRY(mint_new(ep, seL4_AllRights, test_badges[i], &caps[i]));
    }
    worker_t sender, caller;
    TRY(worker_run(&sender, MAIN_PRIO - 1, send_each, (seL4_Word)caps, N_BADGES, 0, 0));
    for (seL4_Word i = 0; i < N_BADGES; i++) {
        seL4_Word badge = 0x1234;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_GetMR(0), i);
        EXPECT_EQ(seL4_MessageInfo_get_length(info), 1);
        EXPECT_EQ(badge, test_badges[i]);
    }
    TRY(worker_join(&sender));

    TRY(worker_run(&caller, MAIN_PRIO - 1, call_check_reply_badge, caps[3], 0, 0, 0));
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    EXPECT_EQ(badge, test_badges[3]);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 7);
    EXPECT_EQ(seL4_GetMR(0), 0x77);
    seL4_SetMR(0, 0x88);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return worker_join(&caller);
}

/* ---- FIFO order ----------------------------------------------------------------- */

static volatile seL4_Word fifo_got[3];

/* Receive once; record MR0 in fifo_got[index]. */
static seL4_Word recv_one(seL4_Word ep, seL4_Word index, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    fifo_got[index] = seL4_GetMR(0);
    return 0;
}

/*
 * IPCFIFO0001: blocked senders are received in the order they blocked, and
 * waiting receivers get messages in the order they started waiting, whatever
 * their (equal) priorities' ready-queue order.
 */
IPC_TEST(IPCFIFO0001)
{
    (void)self;
    seL4_CPtr ep, caps[3];
    worker_t s[3], r[3];
    TRY(new_endpoint(&ep));
    for (int i = 0; i < 3; i++) {
        TRY(mint_new(ep, seL4_AllRights, 0x100 + (seL4_Word)i, &caps[i]));
    }
    /* Senders block one after the other: 2, 0, 1. */
    static const int order[3] = {2, 0, 1};
    for (int k = 0; k < 3; k++) {
        int i = order[k];
        TRY(worker_run(&s[i], 150, send_each, (seL4_Word)&caps[i], 1, 0, 0));
        TRY(settle());
    }
    for (int k = 0; k < 3; k++) {
        seL4_Word badge;
        seL4_Recv(ep, &badge);
        EXPECT_EQ(badge, 0x100 + (seL4_Word)order[k]);
    }
    for (int i = 0; i < 3; i++) {
        TRY(worker_join(&s[i]));
    }
    /* Receivers wait one after the other: 1, 2, 0. */
    static const int rorder[3] = {1, 2, 0};
    for (int k = 0; k < 3; k++) {
        fifo_got[k] = 0;
    }
    for (int k = 0; k < 3; k++) {
        int i = rorder[k];
        TRY(worker_run(&r[i], 150, recv_one, ep, (seL4_Word)i, 0, 0));
        TRY(settle());
    }
    for (int k = 0; k < 3; k++) {
        seL4_SetMR(0, 0x200 + (seL4_Word)k);
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    }
    for (int i = 0; i < 3; i++) {
        TRY(worker_join(&r[i]));
    }
    for (int k = 0; k < 3; k++) {
        EXPECT_EQ(fifo_got[rorder[k]], 0x200 + (seL4_Word)k);
    }
    return NULL;
}

/* ---- threads without an IPC buffer ------------------------------------------ */

/* What a bare receiver saw: RSI, RDI, MR0..3, and 1 when it is done. */
static volatile seL4_Word bare_seen[7];

/* A bare thread stops itself with a raw TCB_Suspend on its own cap (no TLS needed). */
static _Noreturn void bare_stop(seL4_Word self_tcb)
{
    for (;;) {
        libsel4_regs_t r = {self_tcb, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0).words[0],
                            {0, 0, 0, 0}};
        libsel4_syscall(seL4_SysCall, &r);
    }
}

/* Send a 10-word message from registers only (no IPC buffer). */
static _Noreturn void bare_sender(seL4_Word ep, seL4_Word self_tcb, seL4_Word a2)
{
    (void)a2;
    libsel4_regs_t r = {ep, seL4_MessageInfo_new(0x42, 0, 0, 10).words[0], {11, 12, 13, 14}};
    libsel4_syscall(seL4_SysSend, &r);
    bare_stop(self_tcb);
}

/* Receive one message into registers only and record it in bare_seen. */
static _Noreturn void bare_receiver(seL4_Word ep, seL4_Word self_tcb, seL4_Word a2)
{
    (void)a2;
    libsel4_regs_t r = {ep, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysRecv, &r);
    bare_seen[0] = r.rsi;
    bare_seen[1] = r.rdi;
    for (int i = 0; i < 4; i++) {
        bare_seen[2 + i] = r.mr[i];
    }
    bare_seen[6] = 1;
    bare_stop(self_tcb);
}

/*
 * IPCBUF0001: MRs beyond the four registers need both IPC buffers.  A sender
 * without one delivers 4 words (length 4) and leaves the receiver's buffer
 * MRs alone; a receiver without one gets length 4, MR0..3 in registers and no
 * caps (extraCaps 0).
 */
IPC_TEST(IPCBUF0001)
{
    (void)self;
    seL4_CPtr ep, ntfn, tcb;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    TRY(thread_new(150, 0, seL4_CapNull, &tcb));
    TRY(thread_start(tcb, (void *)bare_sender, bare_stack_top(0), ep, tcb, 0));
    for (int i = 0; i < 10; i++) {
        seL4_SetMR(i, MR_POISON);
    }
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 0x42);
    EXPECT_EQ(seL4_MessageInfo_get_length(info), 4);
    for (int i = 0; i < 4; i++) {
        EXPECT_EQ(seL4_GetMR(i), 11 + (seL4_Word)i);
    }
    for (int i = 4; i < 10; i++) {
        EXPECT_EQ(seL4_GetMR(i), MR_POISON);
    }

    TRY(thread_new(150, 0, seL4_CapNull, &tcb));
    TRY(thread_start(tcb, (void *)bare_receiver, bare_stack_top(1), ep, tcb, 0));
    TRY(settle()); /* it waits now */
    for (int i = 0; i < 10; i++) {
        seL4_SetMR(i, 21 + (seL4_Word)i);
    }
    seL4_SetCap(0, ntfn);
    seL4_Send(ep, seL4_MessageInfo_new(0x43, 0, 1, 10));
    TRY(settle());
    EXPECT_EQ(bare_seen[6], 1);
    EXPECT_EQ(bare_seen[0], seL4_MessageInfo_new(0x43, 0, 0, 4).words[0]);
    EXPECT_EQ(bare_seen[1], 0);
    for (int i = 0; i < 4; i++) {
        EXPECT_EQ(bare_seen[2 + i], 21 + (seL4_Word)i);
    }
    return NULL;
}

/* ---- lengths and scheduling ---------------------------------------------------- */

/* Send a message whose info says length 127: MR i = 0x1000 + i for i < 120. */
static seL4_Word send_127(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    for (int i = 0; i < MAX_LEN; i++) {
        seL4_SetMR(i, 0x1000 + (seL4_Word)i);
    }
    seL4_Send(ep, seL4_MessageInfo_new(5, 0, 0, 127));
    return 0;
}

/* IPCLEN0001: a length above 120 is taken as 120 (all 120 words arrive). */
IPC_TEST(IPCLEN0001)
{
    (void)self;
    seL4_CPtr ep;
    worker_t s;
    TRY(new_endpoint(&ep));
    TRY(worker_run(&s, MAIN_PRIO - 1, send_127, ep, 0, 0, 0));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    EXPECT_EQ(seL4_MessageInfo_get_label(info), 5);
    TRY(check_words("a message of length 127", info, MAX_LEN, 0x1000));
    return worker_join(&s);
}

/* The order in which IPCSCHED0001's threads ran. */
static volatile seL4_Word sched_ran;

/* Receive once on ep, then note that it ran. */
static seL4_Word sched_receiver(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    sched_ran = 1;
    return 0;
}

/* Call ep once, then note that it ran. */
static seL4_Word sched_caller(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    sched_ran = 1;
    return 0;
}

/* Main Sends to a receiver at `prio` already waiting; did it run before Send returned? */
static const char *wake_receiver(seL4_CPtr ep, seL4_Word prio, bool runs_at_once)
{
    worker_t r;
    TRY(worker_run(&r, prio, sched_receiver, ep, 0, 0, 0));
    if (prio == MAIN_PRIO) {
        seL4_Yield(); /* let it block in Recv */
    } else {
        TRY(settle());
    }
    sched_ran = 0;
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    if (sched_ran != runs_at_once) {
        return systest_reason("a receiver at priority %lu woken by a sender at %d %s before the "
                              "Send returned",
                              (unsigned long)prio, MAIN_PRIO, sched_ran ? "ran" : "did not run");
    }
    return worker_join(&r);
}

/*
 * IPCSCHED0001: who runs after an IPC wakes a thread (seL4's possibleSwitchTo
 * and schedule): a higher-priority receiver at once; one of equal or lower
 * priority only when the sender blocks or yields.  Same for a Reply waking a
 * higher-priority caller.
 */
IPC_TEST(IPCSCHED0001)
{
    (void)self;
    seL4_CPtr ep;
    TRY(new_endpoint(&ep));
    TRY(wake_receiver(ep, MAIN_PRIO + 50, true));
    TRY(wake_receiver(ep, MAIN_PRIO, false));
    TRY(wake_receiver(ep, MAIN_PRIO - 50, false));

    worker_t c;
    TRY(worker_run(&c, MAIN_PRIO + 50, sched_caller, ep, 0, 0, 0)); /* runs, blocks in Call */
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    sched_ran = 0;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_EQ(sched_ran, 1);
    return worker_join(&c);
}

static volatile seL4_Word ro_seen[3];

/* Receive once (MR4 poisoned first); record length, extraCaps and MR4 as the buffer shows. */
static seL4_Word ro_receiver(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_SetMR(4, MR_POISON);
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    ro_seen[0] = seL4_MessageInfo_get_length(info);
    ro_seen[1] = seL4_MessageInfo_get_extraCaps(info);
    ro_seen[2] = seL4_GetMR(4);
    return 0;
}

/* Send ten words 51..60. */
static seL4_Word ro_sender(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    put_words(51, 10);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 10));
    return 0;
}

/*
 * IPCBUF0002: the kernel reaches IPC buffers through the TCB's frame cap, and
 * a read-only frame cap is a buffer for sending but none for receiving: such
 * a receiver gets 4 MRs (length 4) and no caps, while as a sender it sends
 * all its words.
 */
IPC_TEST(IPCBUF0002)
{
    (void)self;
    seL4_CPtr ep, ntfn, ro = slot_alloc(), recv_slot = slot_alloc();
    worker_t w;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    TRY(worker_create(&w, MAIN_PRIO - 1));
    EXPECT_OK(seL4_CNode_Copy(ROOT, ro, ROOT_DEPTH, ROOT, image_frame_cap(w.ipc), ROOT_DEPTH,
                              seL4_CanRead));
    EXPECT_OK(seL4_TCB_SetIPCBuffer(w.tcb, (seL4_Word)w.ipc, ro));
    w.ipc->receiveCNode = ROOT;
    w.ipc->receiveIndex = recv_slot;
    w.ipc->receiveDepth = ROOT_DEPTH;
    TRY(worker_start(&w, ro_receiver, ep, 0, 0, 0));
    TRY(settle());
    put_words(31, 10);
    seL4_SetCap(0, ntfn);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 10));
    TRY(worker_join(&w));
    EXPECT_EQ(ro_seen[0], 4);
    EXPECT_EQ(ro_seen[1], 0);
    EXPECT_EQ(ro_seen[2], MR_POISON);
    EXPECT_TAG(recv_slot, TAG_NULL);

    TRY(worker_start(&w, ro_sender, ep, 0, 0, 0));
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    TRY(check_words("from a read-only IPC buffer", info, 10, 51));
    return worker_join(&w);
}

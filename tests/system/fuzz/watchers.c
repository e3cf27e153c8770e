/*
 * Watchers (see watchers.h).  Every object a watcher checks belongs to the
 * root; fuzz threads hold at most copies with fewer rights (the public
 * server's endpoint, Write only; the counter's notification, Write only and
 * another badge; the exposed pattern page, read-only; the shared objects in
 * the caps watcher's CNode), never a cap that lets them legitimately break
 * the check.  So any failure is the kernel's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "watchers.h"
#include "world.h"

watch_t watches[WATCH_COUNT] = {
    {.name = "FUZZ_WATCH0001", .what = "ping-pong over a private endpoint: payloads, badge, a cap"},
    {.name = "FUZZ_WATCH0002", .what = "notification counter (fuzz threads signal another badge)"},
    {.name = "FUZZ_WATCH0003", .what = "pattern pages (one mapped read-only by fuzz threads), image"},
    {.name = "FUZZ_WATCH0004", .what = "cap tags and badges in a watcher CNode, the root's caps"},
    {.name = "FUZZ_WATCH0005", .what = "public server: its client's payloads, no caps from fuzzers"},
};
volatile int watch_stop;

/* Threads: which watcher each belongs to, and whether it drives (reports done). */
enum { T_PP_CLIENT, T_PP_SERVER, T_CNT_SIGNAL, T_CNT_WAIT, T_MEMORY, T_CAPS, T_PUB_CLIENT,
       T_PUB_SERVER, T_COUNT };
static const unsigned thread_watch[T_COUNT] = {WATCH_PINGPONG, WATCH_PINGPONG, WATCH_COUNTER,
                                               WATCH_COUNTER,  WATCH_MEMORY,   WATCH_CAPS,
                                               WATCH_PUBLIC,   WATCH_PUBLIC};
static const char *const thread_names[T_COUNT] = {
    "watch-pp-client", "watch-pp-server", "watch-cnt-signal", "watch-cnt-wait",
    "watch-memory",    "watch-caps",      "watch-pub-client", "watch-pub-server"};
static rthread_t threads[T_COUNT];

#define QUIT_LABEL 0xfff
#define PP_BADGE 0x77
#define PUB_BADGE 0x55
#define CAPS_BITS 6

/* Objects (root slots), made once by watchers_start. */
static struct {
    seL4_CPtr done;                      /* the root's notification, badge BADGE_WATCH_DONE */
    seL4_CPtr pp_ep, pp_client, pp_ntfn; /* ping-pong endpoint, the client's badged cap, a cap to send */
    seL4_CPtr pp_probe;                  /* the server's receive slot */
    seL4_CPtr cnt_ntfn, cnt_badge1, cnt_ack;
    seL4_CPtr pub_client, pub_probe;
    seL4_CPtr caps_cnode, caps_ntfn, caps_probe;
    seL4_Word caps_tag[1u << CAPS_BITS];
    seL4_Word root_tag[16];
    uint64_t image_sum;
} wo;

static volatile uint64_t cnt_received;
static volatile int cnt_quit;

static uint64_t watch_pattern_pub[512] __attribute__((aligned(4096)));
static uint64_t watch_pattern_priv[512] __attribute__((aligned(4096)));

/* Record watcher w's first failure. */
void watch_fail(unsigned w, const char *fmt, ...)
{
    if (watches[w].failed) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(watches[w].reason, sizeof(watches[w].reason), fmt, ap);
    va_end(ap);
    watches[w].failed = 1;
}

/* A watcher thread faulted: its watcher fails (the thread stays blocked). */
void watchers_thread_faulted(unsigned t, seL4_Word label, seL4_Word ip, seL4_Word addr)
{
    if (t < T_COUNT) {
        watch_fail(thread_watch[t], "thread %s took fault %lu at ip %#lx (%#lx)", thread_names[t],
                   (unsigned long)label, (unsigned long)ip, (unsigned long)addr);
    }
}

/* Thread i's thread pointer: a hint fuzz threads aim FS-base attacks at. */
seL4_Word watchers_tls(unsigned i)
{
    return threads[i % T_COUNT].tls;
}

/* Mark watcher w done and tell the root. */
static void finish(unsigned w)
{
    watches[w].done = 1;
    seL4_Signal(wo.done);
}

/* Payload word i of round r. */
static seL4_Word pp_word(seL4_Word r, seL4_Word i)
{
    return fz_mix(r * 131 + i);
}

/* ---- FUZZ_WATCH0001: ping-pong --------------------------------------------------- */

static void pp_client(seL4_Word arg)
{
    (void)arg;
    for (seL4_Word r = 1;; r++) {
        bool quit = watch_stop && watches[WATCH_PINGPONG].rounds > 0 && r > 2;
        seL4_Word len = 1 + (r * 7) % 120, cap = (r % 8 == 0);
        for (seL4_Word i = 0; i < len; i++) {
            seL4_SetMR(i, i ? pp_word(r, i) : r);
        }
        if (cap) {
            seL4_SetCap(0, wo.pp_ntfn);
        }
        seL4_Word label = quit ? QUIT_LABEL : 0x100 + r % 0x100;
        seL4_MessageInfo_t reply = seL4_Call(wo.pp_client, seL4_MessageInfo_new(label, 0, cap, len));
        if (quit) {
            break;
        }
        if (seL4_MessageInfo_get_label(reply) != 0x200 + r % 0x100 ||
            seL4_MessageInfo_get_length(reply) != len) {
            watch_fail(WATCH_PINGPONG, "round %lu: reply label %#lx length %lu, expected %#lx %lu",
                       (unsigned long)r, (unsigned long)seL4_MessageInfo_get_label(reply),
                       (unsigned long)seL4_MessageInfo_get_length(reply),
                       (unsigned long)(0x200 + r % 0x100), (unsigned long)len);
        }
        for (seL4_Word i = 0; i < len; i++) {
            if (seL4_GetMR(i) != ~(i ? pp_word(r, i) : r)) {
                watch_fail(WATCH_PINGPONG, "round %lu: reply MR%lu is %#lx", (unsigned long)r,
                           (unsigned long)i, (unsigned long)seL4_GetMR(i));
                break;
            }
        }
        watches[WATCH_PINGPONG].rounds++;
        seL4_Yield();
    }
    finish(WATCH_PINGPONG);
}

/* Check one ping-pong message; returns the reply length (0 after the quit message). */
static seL4_Word pp_check(seL4_MessageInfo_t info, seL4_Word badge, seL4_Word r)
{
    seL4_Word len = seL4_MessageInfo_get_length(info), label = seL4_MessageInfo_get_label(info);
    if (badge != PP_BADGE) {
        watch_fail(WATCH_PINGPONG, "server: badge %#lx, expected %#x", (unsigned long)badge, PP_BADGE);
    }
    if (label == QUIT_LABEL) {
        return 0;
    }
    if (seL4_GetMR(0) != r || label != 0x100 + r % 0x100 || len != 1 + (r * 7) % 120) {
        watch_fail(WATCH_PINGPONG, "server: round %lu got MR0 %#lx label %#lx length %lu",
                   (unsigned long)r, (unsigned long)seL4_GetMR(0), (unsigned long)label,
                   (unsigned long)len);
    }
    for (seL4_Word i = 1; i < len; i++) {
        if (seL4_GetMR(i) != pp_word(r, i)) {
            watch_fail(WATCH_PINGPONG, "server: round %lu MR%lu is %#lx", (unsigned long)r,
                       (unsigned long)i, (unsigned long)seL4_GetMR(i));
        }
        seL4_SetMR(i, ~pp_word(r, i));
    }
    seL4_SetMR(0, ~r);
    seL4_Word tag = seL4_DebugCapIdentify(wo.pp_probe);
    bool want = (r % 8 == 0);
    if (seL4_MessageInfo_get_extraCaps(info) != want || seL4_MessageInfo_get_capsUnwrapped(info) ||
        tag != (want ? TAG_NOTIFICATION : TAG_NULL)) {
        watch_fail(WATCH_PINGPONG, "server: round %lu: %lu caps (unwrapped %lu), received slot tag %lu",
                   (unsigned long)r, (unsigned long)seL4_MessageInfo_get_extraCaps(info),
                   (unsigned long)seL4_MessageInfo_get_capsUnwrapped(info), (unsigned long)tag);
    }
    seL4_CNode_Delete(ROOT, wo.pp_probe, ROOT_DEPTH);
    return len;
}

/* The ping-pong server: check each message, reply with every word inverted. */
static void pp_server(seL4_Word arg)
{
    (void)arg;
    seL4_Word badge;
    seL4_SetCapReceivePath(ROOT, wo.pp_probe, ROOT_DEPTH);
    seL4_MessageInfo_t info = seL4_Recv(wo.pp_ep, &badge);
    for (seL4_Word r = 1;; r++) {
        seL4_Word len = pp_check(info, badge, r);
        if (len == 0) {
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
            return;
        }
        seL4_SetCapReceivePath(ROOT, wo.pp_probe, ROOT_DEPTH);
        info = seL4_ReplyRecv(wo.pp_ep, seL4_MessageInfo_new(0x200 + r % 0x100, 0, 0, len), &badge);
    }
}

/* ---- FUZZ_WATCH0002: notification counter ----------------------------------------- */

static void cnt_signaller(seL4_Word arg)
{
    (void)arg;
    for (uint64_t sent = 1;; sent++) {
        bool quit = watch_stop && watches[WATCH_COUNTER].rounds > 0;
        if (quit) {
            cnt_quit = 1;
        }
        seL4_Signal(wo.cnt_badge1);
        seL4_Wait(wo.cnt_ack, NULL);
        if (quit) {
            break;
        }
        if (cnt_received != sent) {
            watch_fail(WATCH_COUNTER, "sent %lu signals, the waiter counted %lu", (unsigned long)sent,
                       (unsigned long)cnt_received);
        }
        watches[WATCH_COUNTER].rounds++;
        seL4_Yield();
    }
    finish(WATCH_COUNTER);
}

/* The counter: count badge-1 signals, acknowledge each; other bits must be badge 2. */
static void cnt_waiter(seL4_Word arg)
{
    (void)arg;
    for (;;) {
        seL4_Word badge = 0;
        seL4_Wait(wo.cnt_ntfn, &badge);
        if (badge & ~3ul) {
            watch_fail(WATCH_COUNTER, "notification word %#lx has bits no cap can signal",
                       (unsigned long)badge);
        }
        if (badge & 1) {
            if (cnt_quit) {
                seL4_Signal(wo.cnt_ack);
                return;
            }
            cnt_received++;
            seL4_Signal(wo.cnt_ack);
        }
    }
}

/* ---- FUZZ_WATCH0003: memory ------------------------------------------------------ */

static uint64_t image_sum(void)
{
    seL4_Word start, end;
    image_ro_range(&start, &end);
    uint64_t sum = 0;
    for (const volatile uint64_t *p = (const uint64_t *)start; p < (const uint64_t *)end; p++) {
        sum = sum * 31 + *p;
    }
    return sum;
}

/* Check both pattern pages and the image checksum, round after round. */
static void memory_watcher(seL4_Word arg)
{
    (void)arg;
    for (bool last = false; !last;) {
        last = watch_stop;
        for (unsigned i = 0; i < 512; i++) {
            if (((volatile uint64_t *)watch_pattern_pub)[i] != fz_mix(i ^ 0x9a77e2)) {
                watch_fail(WATCH_MEMORY, "exposed pattern page word %u changed to %#lx", i,
                           (unsigned long)watch_pattern_pub[i]);
            }
            if (((volatile uint64_t *)watch_pattern_priv)[i] != fz_mix(i ^ 0x71e5)) {
                watch_fail(WATCH_MEMORY, "private pattern page word %u changed to %#lx", i,
                           (unsigned long)watch_pattern_priv[i]);
            }
        }
        if (image_sum() != wo.image_sum) {
            watch_fail(WATCH_MEMORY, "the image's read-only pages changed");
        }
        watches[WATCH_MEMORY].rounds++;
        seL4_Yield();
    }
    finish(WATCH_MEMORY);
}

/* ---- FUZZ_WATCH0004: caps ---------------------------------------------------------- */

/* One pass over the watcher CNode (copy out, tag, badge: every filled slot and two
 * empty ones, which must stay empty) and the root's first 16 slots. */
static void caps_round(uint64_t round)
{
    for (seL4_Word i = 0; i < (1u << CAPS_BITS); i++) {
        if (wo.caps_tag[i] == TAG_NULL && i != round % 64 && i != (round * 7 + 3) % 64) {
            continue;
        }
        seL4_Error err = seL4_CNode_Copy(ROOT, wo.caps_probe, ROOT_DEPTH, wo.caps_cnode, i, CAPS_BITS,
                                         seL4_AllRights);
        seL4_Word tag = seL4_DebugCapIdentify(wo.caps_probe);
        if ((err == seL4_NoError) != (wo.caps_tag[i] != TAG_NULL) || tag != wo.caps_tag[i]) {
            watch_fail(WATCH_CAPS, "slot %lu: copy error %d, tag %lu, expected tag %lu",
                       (unsigned long)i, (int)err, (unsigned long)tag, (unsigned long)wo.caps_tag[i]);
        }
        if (i >= 10 && i < 18 && err == seL4_NoError) {
            seL4_Word badge = 0;
            seL4_Poll(wo.caps_ntfn, NULL);
            seL4_Signal(wo.caps_probe);
            seL4_Poll(wo.caps_ntfn, &badge);
            if (badge != 1ul << (i - 10)) {
                watch_fail(WATCH_CAPS, "slot %lu: badge %#lx, expected %#lx", (unsigned long)i,
                           (unsigned long)badge, 1ul << (i - 10));
            }
        }
        if (err == seL4_NoError) {
            seL4_CNode_Delete(ROOT, wo.caps_probe, ROOT_DEPTH);
        }
    }
    for (seL4_Word s = 1; s < 16; s++) {
        if (seL4_DebugCapIdentify(s) != wo.root_tag[s]) {
            watch_fail(WATCH_CAPS, "root slot %lu: tag %lu, was %lu", (unsigned long)s,
                       (unsigned long)seL4_DebugCapIdentify(s), (unsigned long)wo.root_tag[s]);
        }
    }
}

/* caps_round until the stop, then once more. */
static void caps_watcher(seL4_Word arg)
{
    (void)arg;
    for (bool last = false; !last;) {
        last = watch_stop;
        caps_round(watches[WATCH_CAPS].rounds);
        watches[WATCH_CAPS].rounds++;
        seL4_Yield();
    }
    finish(WATCH_CAPS);
}

/* Fill the watcher CNode: copies of the shared objects (fuzz threads hold siblings),
 * a notification minted with badges 1..128, an untyped, an endpoint. */
static void caps_setup(seL4_CPtr ut)
{
    seL4_CPtr cn = wo.caps_cnode;
    const seL4_CPtr copies[] = {0, shared.ep[0], shared.ep[1], shared.ntfn[0], shared.ntfn[1],
                                shared.frame[0], shared.frame[1], shared.cnode, shared.pool_fuzz,
                                shared.watch_ep};
    for (seL4_Word i = 1; i < 10; i++) {
        check(seL4_CNode_Copy(cn, i, CAPS_BITS, ROOT, copies[i], ROOT_DEPTH, seL4_AllRights),
              "caps watcher: copy");
    }
    for (seL4_Word i = 10; i < 18; i++) {
        check(seL4_CNode_Mint(cn, i, CAPS_BITS, ROOT, wo.caps_ntfn, ROOT_DEPTH, seL4_AllRights,
                              1ul << (i - 10)),
              "caps watcher: mint");
    }
    check(seL4_Untyped_Retype(ut, seL4_UntypedObject, 12, ROOT, cn, ROOT_DEPTH, 18, 1),
          "caps watcher: untyped");
    check(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cn, ROOT_DEPTH, 19, 1),
          "caps watcher: endpoint");
    for (seL4_Word i = 0; i < (1u << CAPS_BITS); i++) {
        wo.caps_tag[i] = TAG_NULL;
        if (i >= 1 && i < 20 &&
            seL4_CNode_Copy(ROOT, wo.caps_probe, ROOT_DEPTH, cn, i, CAPS_BITS, seL4_AllRights) ==
                seL4_NoError) {
            wo.caps_tag[i] = seL4_DebugCapIdentify(wo.caps_probe);
            seL4_CNode_Delete(ROOT, wo.caps_probe, ROOT_DEPTH);
        }
    }
    for (seL4_Word s = 1; s < 16; s++) {
        wo.root_tag[s] = seL4_DebugCapIdentify(s);
    }
}

/* ---- FUZZ_WATCH0005: the public server ---------------------------------------------- */

static void pub_client(seL4_Word arg)
{
    (void)arg;
    for (seL4_Word r = 1;; r++) {
        bool quit = watch_stop && watches[WATCH_PUBLIC].rounds > 0;
        seL4_Word len = 1 + r % 40;
        for (seL4_Word i = 0; i < len; i++) {
            seL4_SetMR(i, pp_word(r ^ 0x5555, i));
        }
        seL4_MessageInfo_t reply =
            seL4_Call(wo.pub_client, seL4_MessageInfo_new(quit ? QUIT_LABEL : 7, 0, 0, len));
        if (quit) {
            break;
        }
        if (seL4_MessageInfo_get_label(reply) != 8 || seL4_MessageInfo_get_length(reply) != len) {
            watch_fail(WATCH_PUBLIC, "round %lu: reply label %lu length %lu", (unsigned long)r,
                       (unsigned long)seL4_MessageInfo_get_label(reply),
                       (unsigned long)seL4_MessageInfo_get_length(reply));
        }
        for (seL4_Word i = 0; i < len; i++) {
            if (seL4_GetMR(i) != pp_word(r ^ 0x5555, i) + 1) {
                watch_fail(WATCH_PUBLIC, "round %lu: reply MR%lu is %#lx", (unsigned long)r,
                           (unsigned long)i, (unsigned long)seL4_GetMR(i));
                break;
            }
        }
        watches[WATCH_PUBLIC].rounds++;
        seL4_Yield();
    }
    finish(WATCH_PUBLIC);
}

/* The public server: echo its client (+1), count fuzz threads' messages, no caps ever. */
static void pub_server(seL4_Word arg)
{
    (void)arg;
    seL4_Word badge;
    seL4_SetCapReceivePath(ROOT, wo.pub_probe, ROOT_DEPTH);
    seL4_MessageInfo_t info = seL4_Recv(shared.watch_ep, &badge);
    for (;;) {
        seL4_Word len = seL4_MessageInfo_get_length(info), out = 0;
        if (seL4_MessageInfo_get_extraCaps(info) || seL4_MessageInfo_get_capsUnwrapped(info) ||
            seL4_DebugCapIdentify(wo.pub_probe) != TAG_NULL) {
            watch_fail(WATCH_PUBLIC, "a message with badge %#lx carried caps (no sender may grant)",
                       (unsigned long)badge);
            seL4_CNode_Delete(ROOT, wo.pub_probe, ROOT_DEPTH);
        }
        if (badge == PUB_BADGE) {
            if (seL4_MessageInfo_get_label(info) == QUIT_LABEL) {
                seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
                return;
            }
            for (seL4_Word i = 0; i < len; i++) {
                seL4_SetMR(i, seL4_GetMR(i) + 1);
            }
            out = len;
        } else if (badge >= 0x1000 && badge < 0x1000 + FUZZ_MAX_WORLDS) {
            watches[WATCH_PUBLIC].foreign++;
        } else {
            watch_fail(WATCH_PUBLIC, "a message with badge %#lx, which no cap has",
                       (unsigned long)badge);
        }
        seL4_SetCapReceivePath(ROOT, wo.pub_probe, ROOT_DEPTH);
        info = seL4_ReplyRecv(shared.watch_ep, seL4_MessageInfo_new(out ? 8 : 0, 0, 0, out), &badge);
    }
}

/* ---- setup ------------------------------------------------------------------------- */

void watchers_start(seL4_CPtr fault_ep, seL4_CPtr done_ntfn)
{
    static const rthread_fn_t fns[T_COUNT] = {pp_client,  pp_server,     cnt_signaller,
                                              cnt_waiter, memory_watcher, caps_watcher,
                                              pub_client, pub_server};
    seL4_CPtr ut = untyped_new(16);
    wo.done = done_ntfn;
    wo.pp_ep = objects_new(ut, seL4_EndpointObject, 0, 1);
    wo.pp_client = mint_new(wo.pp_ep, seL4_AllRights, PP_BADGE);
    wo.pp_ntfn = objects_new(ut, seL4_NotificationObject, 0, 1);
    wo.pp_probe = slot_alloc();
    wo.cnt_ntfn = shared.watch_ntfn;
    wo.cnt_badge1 = mint_new(wo.cnt_ntfn, seL4_CanWrite, 1);
    wo.cnt_ack = objects_new(ut, seL4_NotificationObject, 0, 1);
    wo.pub_client = mint_new(shared.watch_ep, seL4_CapRights_new(1, 0, 0, 1), PUB_BADGE);
    wo.pub_probe = slot_alloc();
    wo.caps_cnode = objects_new(ut, seL4_CapTableObject, CAPS_BITS, 1);
    wo.caps_ntfn = objects_new(ut, seL4_NotificationObject, 0, 1);
    wo.caps_probe = slot_alloc();
    caps_setup(ut);
    for (unsigned i = 0; i < 512; i++) {
        watch_pattern_pub[i] = fz_mix(i ^ 0x9a77e2);
        watch_pattern_priv[i] = fz_mix(i ^ 0x71e5);
    }
    wo.image_sum = image_sum();
    for (unsigned t = 0; t < T_COUNT; t++) {
        seL4_CPtr ep = mint_new(fault_ep, seL4_CapRights_new(1, 0, 0, 1), BADGE_WATCHER + t);
        rthread_start(&threads[t], thread_names[t], FUZZ_PRIO, ep, fns[t], 0);
    }
}

/* The exposed pattern page's frame cap. */
seL4_CPtr watchers_pattern_frame(void)
{
    return image_frame_cap(watch_pattern_pub);
}

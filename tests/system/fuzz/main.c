/*
 * The fuzzer's root task (see fuzz.h for the roles, README.md for the
 * design): set up, then one loop that handles every fault, tick and report
 * until the fuzz threads have made the invocations asked for; then stop
 * them, let the watchers finish, check that resources came back, and print
 * the verdicts:
 *
 *   FUZZ_WATCH0001..0005  the watchers (watchers.c)
 *   FUZZ_WATCH0006        ASIDs and untypeds come back after the worlds are gone
 *   FUZZ0001 root checks  no access that must fault returned, enough invocations
 *
 * tests/system/fuzz/run.sh turns the last into "TEST FUZZ0001 passed|failed" together
 * with what only the runner can see (kernel exceptions, kernel bugs, hangs).
 */
#include <stdio.h>
#include <string.h>

#include "watchers.h"
#include "world.h"

const volatile struct fuzz_params fuzz_params __attribute__((section(".fuzz_params"), used)) = {
    .magic = FUZZ_PARAMS_MAGIC,
    .seed = FUZZ_SEED,
    .invocations = FUZZ_INVOCATIONS,
    .worlds = FUZZ_WORLDS,
    .flags = 0,
    .progress = 0,
};

struct fuzz_ctrl fuzz_ctrl_pages[FUZZ_MAX_WORLDS] __attribute__((aligned(4096)));

#define WATCHDOG_MS 100     /* a world with no invocation for this long is restarted */
#define FAULT_STRIKES 4     /* faults in a row without an invocation: rebuild */
#define STOP_WAIT_MS 20000  /* for the watchers' final rounds */

static const char *const fault_names[8] = {"null", "cap", "unknown-syscall", "user-exception",
                                           "debug", "vm", "6", "message"};
static const char *const op_names[OP_COUNT] = {"typed", "random", "raw",   "flags",
                                               "attack", "poke",   "spawn", "handler"};
static const char *const rebuild_names[RB_COUNT] = {"budget", "stalled", "faults", "restart"};

/* The run's statistics, summed over finished generations. */
static struct {
    uint64_t op[OP_COUNT], err[FUZZ_ERR_BUCKETS], tag[32], ok[64], restarts, generations, odd;
} stats;
static char root_failure[200];
static uint64_t stall_restarts; /* watchdog restarts that were not rebuilds */
static seL4_CPtr tick_cap, done_cap, ticker_fault_ep;
static rthread_t ticker;

/* Add a finished generation's counters; remember the first access that should have faulted. */
void fuzz_stats_collect(const world_t *w, const struct fuzz_ctrl *c)
{
    const volatile struct fuzz_ctrl *v = c;
    for (int i = 0; i < OP_COUNT; i++) {
        stats.op[i] += v->op_hist[i];
    }
    for (int i = 0; i < FUZZ_ERR_BUCKETS; i++) {
        stats.err[i] += v->err_hist[i];
    }
    for (int i = 0; i < 32; i++) {
        stats.tag[i] += v->tag_hist[i];
    }
    for (int i = 0; i < 64; i++) {
        stats.ok[i] += v->ok_hist[i];
    }
    stats.restarts += v->restarts;
    stats.odd += v->odd_tags;
    stats.generations++;
    if (v->violation && !root_failure[0]) {
        snprintf(root_failure, sizeof(root_failure),
                 "world %u generation %lu: an access to %#lx that must fault returned, or a cap "
                 "no world can have (slot | tag << 56)",
                 w->index, (unsigned long)w->generation, (unsigned long)v->violation_addr);
    }
}

/* The ticker: one signal to the root per round-robin turn at FUZZ_PRIO. */
static void ticker_fn(seL4_Word arg)
{
    (void)arg;
    for (;;) {
        seL4_Signal(tick_cap);
        seL4_Yield();
    }
}

/* Objects shared by the worlds and the watchers, the ASID pools, the root's notification. */
static void setup(void)
{
    seL4_CPtr ut = untyped_new(18);
    seL4_CPtr ntfn = objects_new(ut, seL4_NotificationObject, 0, 1);
    check(seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn), "bind the root's notification");
    tick_cap = mint_new(ntfn, seL4_CanWrite, BADGE_TICK);
    done_cap = mint_new(ntfn, seL4_CanWrite, BADGE_WATCH_DONE);
    shared.fault_ep = objects_new(ut, seL4_EndpointObject, 0, 1);
    ticker_fault_ep = mint_new(shared.fault_ep, seL4_CapRights_new(1, 0, 0, 1), BADGE_WATCHER + 15);

    seL4_CPtr pool_ut = objects_new(ut, seL4_UntypedObject, seL4_ASIDPoolBits, 2);
    shared.pool_harness = slot_alloc();
    check(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, pool_ut, ROOT, shared.pool_harness,
                                        ROOT_DEPTH),
          "MakePool");
    shared.pool_fuzz = slot_alloc();
    check(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, pool_ut + 1, ROOT, shared.pool_fuzz,
                                        ROOT_DEPTH),
          "MakePool");

    shared.ep[0] = objects_new(ut, seL4_EndpointObject, 0, 2);
    shared.ep[1] = shared.ep[0] + 1;
    shared.ntfn[0] = objects_new(ut, seL4_NotificationObject, 0, 2);
    shared.ntfn[1] = shared.ntfn[0] + 1;
    shared.frame[0] = objects_new(ut, seL4_X86_4K, 0, 2);
    shared.frame[1] = shared.frame[0] + 1;
    shared.cnode = objects_new(ut, seL4_CapTableObject, SHARED_CNODE_BITS, 1);
    shared.watch_ep = objects_new(ut, seL4_EndpointObject, 0, 1);
    shared.watch_ntfn = objects_new(ut, seL4_NotificationObject, 0, 1);
    shared.watch_frame = watchers_pattern_frame();
}

/* Rebuild world w (a new generation), counting why. */
static void rebuild(world_t *w, enum rebuild_reason why)
{
    w->rebuilds[why]++;
    world_build(w);
}

/* Invocations of all worlds so far. */
static uint64_t total_invocations(void)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < n_worlds; i++) {
        n += world_total(&worlds[i]);
    }
    return n;
}

/* Why a world keeps faulting: the fault and its last invocations (verbose runs). */
static void print_last(const world_t *w, seL4_MessageInfo_t info)
{
    const volatile struct fuzz_ctrl *c = &fuzz_ctrl_pages[w->index];
    printf("FUZZ verbose: world %u gen %lu dies: fault %lu mr %#lx %#lx %#lx %#lx after %lu\n",
           w->index, (unsigned long)w->generation, (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2),
           (unsigned long)seL4_GetMR(3), (unsigned long)c->count);
    for (uint64_t k = 4; k > 0; k--) {
        if (c->count < k) {
            continue;
        }
        const volatile struct fuzz_trace *t = &c->ring[(c->count - k) % FUZZ_TRACE_RING];
        printf("FUZZ verbose:   #%lu sys %ld cptr %#lx info %#lx mr %#lx %#lx %#lx %#lx\n",
               (unsigned long)t->n, (long)t->sys, (unsigned long)t->cptr, (unsigned long)t->info,
               (unsigned long)t->mr[0], (unsigned long)t->mr[1], (unsigned long)t->mr[2],
               (unsigned long)t->mr[3]);
    }
}

/* A fault (or any message) from a world's thread: restart it, or rebuild a world that
 * keeps faulting without getting anywhere. */
static void on_world_message(world_t *w, seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    w->faults[label < 7 ? label : 7]++;
    if (w->state != W_RUNNING) {
        return;
    }
    uint64_t n = world_count(w);
    w->strikes = (n == w->fault_count) ? w->strikes + 1 : 0;
    w->fault_count = n;
    if (w->strikes >= FAULT_STRIKES) {
        if (fuzz_params.flags & FUZZ_FLAG_VERBOSE) {
            print_last(w, info);
        }
        rebuild(w, RB_FAULTS);
    } else if (!world_restart(w)) {
        rebuild(w, RB_RESTART);
    }
}

/* A tick: rebuild worlds that are done or stuck. */
static void on_tick(void)
{
    uint64_t now = tsc_now();
    for (unsigned i = 0; i < n_worlds; i++) {
        world_t *w = &worlds[i];
        if (w->state != W_RUNNING) {
            continue;
        }
        uint64_t n = world_count(w);
        if (n >= w->budget) {
            rebuild(w, RB_BUDGET);
        } else if (n != w->last_count) {
            w->last_count = n;
            w->last_change = now;
            w->stalls = 0;
        } else if (now - w->last_change > WATCHDOG_MS * tsc_per_ms()) {
            /* Blocked or suspended: a restart (which cancels its IPC) first. */
            w->last_change = now;
            if (w->stalls++ > 0 || !world_restart(w)) {
                rebuild(w, RB_STALLED);
            } else {
                stall_restarts++;
            }
        }
    }
}

/* Sum a world counter over all worlds. */
static uint64_t sum_faults(int kind)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < n_worlds; i++) {
        n += worlds[i].faults[kind];
    }
    return n;
}

/* Rebuilds of all worlds for one reason. */
static uint64_t sum_rebuilds(int why)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < n_worlds; i++) {
        n += worlds[i].rebuilds[why];
    }
    return n;
}

/* One progress line: invocations, faults handled, rebuilds by reason, time. */
static void print_progress(uint64_t total, uint64_t start_tsc)
{
    uint64_t f = 0;
    for (int k = 0; k < 8; k++) {
        f += sum_faults(k);
    }
    printf("FUZZ: %lu invocations, %lu faults handled, worlds rebuilt %lu/%lu/%lu/%lu "
           "(budget/stalled/faults/restart), %lu ms\n",
           (unsigned long)total, (unsigned long)f, (unsigned long)sum_rebuilds(RB_BUDGET),
           (unsigned long)sum_rebuilds(RB_STALLED), (unsigned long)sum_rebuilds(RB_FAULTS),
           (unsigned long)sum_rebuilds(RB_RESTART),
           (unsigned long)((tsc_now() - start_tsc) / tsc_per_ms()));
}

/* Run the worlds until `target` invocations; the root's one Recv loop. */
static void run(uint64_t target, uint64_t progress)
{
    uint64_t next_print = progress, start = tsc_now();
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(shared.fault_ep, &badge);
        if (badge >= BADGE_TICK) {
            on_tick();
        } else if (badge >= BADGE_WORLD && badge < BADGE_WORLD + n_worlds) {
            on_world_message(&worlds[badge - BADGE_WORLD], info);
        } else if (badge >= BADGE_WATCHER && badge < BADGE_WATCHER + 16) {
            if (badge == BADGE_WATCHER + 15) {
                harness_fail("the ticker thread faulted (label %lu)",
                             (unsigned long)seL4_MessageInfo_get_label(info));
            }
            watchers_thread_faulted(badge - BADGE_WATCHER, seL4_MessageInfo_get_label(info),
                                    seL4_GetMR(0), seL4_GetMR(1));
        } else {
            harness_fail("a message with badge %#lx on the fault endpoint", (unsigned long)badge);
        }
        uint64_t total = total_invocations();
        if (total >= next_print) {
            print_progress(total, start);
            next_print += progress;
        }
        if (total >= target) {
            print_progress(total, start);
            return;
        }
    }
}

/* Wait (receiving faults and ticks) until every watcher that has not failed is done. */
static void stop_watchers(void)
{
    watch_stop = 1;
    uint64_t deadline = tsc_now() + STOP_WAIT_MS * tsc_per_ms();
    for (;;) {
        bool all = true;
        for (unsigned i = 0; i < WATCH_COUNT; i++) {
            all = all && (watches[i].done || watches[i].failed);
        }
        if (all) {
            return;
        }
        if (tsc_now() > deadline) {
            for (unsigned i = 0; i < WATCH_COUNT; i++) {
                if (!watches[i].done) {
                    watch_fail(i, "did not finish its last round within %d ms of the stop",
                               STOP_WAIT_MS);
                }
            }
            return;
        }
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(shared.fault_ep, &badge);
        if (badge >= BADGE_WATCHER && badge < BADGE_WATCHER + 15) {
            watchers_thread_faulted(badge - BADGE_WATCHER, seL4_MessageInfo_get_label(info),
                                    seL4_GetMR(0), seL4_GetMR(1));
        }
    }
}

/* Assign PML4s from `pool` until it refuses: how many ASIDs it has free. */
static seL4_Word free_asids(seL4_CPtr pool, seL4_CPtr ut, seL4_CPtr slots)
{
    seL4_Word n = 0;
    check(seL4_Untyped_Retype(ut, seL4_X64_PML4Object, 0, ROOT, 0, 0, slots, 256), "PML4s");
    check(seL4_Untyped_Retype(ut, seL4_X64_PML4Object, 0, ROOT, 0, 0, slots + 256, 256), "PML4s");
    while (n < 512 && seL4_X86_ASIDPool_Assign(pool, slots + n) == seL4_NoError) {
        n++;
    }
    check(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH), "revoke of the PML4s");
    return n;
}

/* FUZZ_WATCH0006: with every world gone, both ASID pools are empty again and each
 * world's untyped can be retyped whole. */
static const char *check_resources(void)
{
    static char why[160];
    seL4_CPtr ut = untyped_new(21), slots = slots_alloc(512), whole = slot_alloc();
    seL4_Word h = free_asids(shared.pool_harness, ut, slots);
    seL4_Word f = free_asids(shared.pool_fuzz, ut, slots);
    if (h != 512 || f != 512) {
        snprintf(why, sizeof(why), "free ASIDs after the run: harness pool %lu, fuzz pool %lu (512 each)",
                 (unsigned long)h, (unsigned long)f);
        return why;
    }
    for (unsigned i = 0; i < n_worlds; i++) {
        seL4_Error err = seL4_Untyped_Retype(worlds[i].ut, seL4_UntypedObject, WORLD_UT_BITS, ROOT, 0,
                                             0, whole, 1);
        seL4_CNode_Revoke(ROOT, worlds[i].ut, ROOT_DEPTH);
        if (err != seL4_NoError) {
            snprintf(why, sizeof(why), "world %u's untyped cannot be retyped whole: error %d", i,
                     (int)err);
            return why;
        }
    }
    return NULL;
}

/* The statistics lines (see README.md) and the watchers' round counts. */
static void print_stats(void)
{
    printf("FUZZ stats: generations %lu, thread restarts %lu (watchdog %lu), impossible cap "
           "tags seen once (not on asking again) %lu\n",
           (unsigned long)stats.generations, (unsigned long)stats.restarts,
           (unsigned long)stall_restarts, (unsigned long)stats.odd);
    printf("FUZZ stats: steps by kind:");
    for (int i = 0; i < OP_COUNT; i++) {
        printf(" %s %lu", op_names[i], (unsigned long)stats.op[i]);
    }
    printf("\nFUZZ stats: Call replies by label (0 ok, 1..10 seL4 errors):");
    for (int i = 0; i < FUZZ_ERR_BUCKETS; i++) {
        printf(" %d:%lu", i, (unsigned long)stats.err[i]);
    }
    printf("\nFUZZ stats: typed invocations by cap tag:");
    for (int i = 0; i < 32; i++) {
        if (stats.tag[i]) {
            printf(" %d:%lu", i, (unsigned long)stats.tag[i]);
        }
    }
    printf("\nFUZZ stats: typed Calls that succeeded, by invocation label:");
    for (int i = 0; i < 64; i++) {
        if (stats.ok[i]) {
            printf(" %d:%lu", i, (unsigned long)stats.ok[i]);
        }
    }
    printf("\nFUZZ stats: faults:");
    for (int k = 0; k < 8; k++) {
        printf(" %s %lu", fault_names[k], (unsigned long)sum_faults(k));
    }
    printf("\nFUZZ stats: worlds rebuilt:");
    for (int k = 0; k < RB_COUNT; k++) {
        printf(" %s %lu", rebuild_names[k], (unsigned long)sum_rebuilds(k));
    }
    printf("\n");
    for (unsigned i = 0; i < WATCH_COUNT; i++) {
        printf("FUZZ watcher %s: %lu rounds (%s)", watches[i].name, (unsigned long)watches[i].rounds,
               watches[i].what);
        if (i == WATCH_PUBLIC) {
            printf(", %lu messages from fuzz threads", (unsigned long)watches[i].foreign);
        }
        printf("\n");
    }
}

/* Set up, run, stop, check, report (see the top of this file); halts the machine. */
int main(void)
{
    if (fuzz_params.magic != FUZZ_PARAMS_MAGIC) {
        harness_fail("the .fuzz_params section is damaged");
    }
    n_worlds = fuzz_params.worlds;
    if (n_worlds < 1 || n_worlds > FUZZ_MAX_WORLDS) {
        harness_fail("worlds must be 1..%d", FUZZ_MAX_WORLDS);
    }
    uint64_t target = fuzz_params.invocations;
    uint64_t progress = fuzz_params.progress ? fuzz_params.progress : (target + 9) / 10;
    if (fuzz_params.flags & FUZZ_FLAG_TRACE) {
        progress = ~0ull; /* no progress lines in the middle of the fuzz threads' trace lines */
    }
    printf("FUZZ: seed %#lx, %lu invocations, %u fuzz threads, flags %#lx\n",
           (unsigned long)fuzz_params.seed, (unsigned long)target, n_worlds,
           (unsigned long)fuzz_params.flags);

    setup();
    watchers_start(shared.fault_ep, done_cap);
    for (unsigned i = 0; i < 8; i++) {
        shared.hint[i] = watchers_tls(i);
    }
    shared.hint[6] = (seL4_Word)seL4_GetBootInfo()->ipcBuffer;
    shared.hint[7] = 0xffffffff80100000ul;
    rthread_start(&ticker, "fuzz-ticker", FUZZ_PRIO, ticker_fault_ep, ticker_fn, 0);
    for (unsigned i = 0; i < n_worlds; i++) {
        world_init(&worlds[i], i);
    }
    for (unsigned i = 0; i < n_worlds; i++) {
        world_build(&worlds[i]);
    }

    run(target, progress);
    uint64_t total = total_invocations();
    for (unsigned i = 0; i < n_worlds; i++) {
        world_teardown(&worlds[i]);
        worlds[i].state = W_STOPPED;
    }
    printf("FUZZ: fuzz threads stopped; the watchers' last rounds\n");
    stop_watchers();

    const char *res = check_resources();
    print_stats();
    for (unsigned i = 0; i < WATCH_COUNT; i++) {
        if (watches[i].failed) {
            printf("TEST %s failed: %s\n", watches[i].name, watches[i].reason);
        } else if (watches[i].rounds == 0) {
            printf("TEST %s failed: made no checking round\n", watches[i].name);
        } else {
            printf("TEST %s passed\n", watches[i].name);
        }
    }
    if (res) {
        printf("TEST FUZZ_WATCH0006 failed: %s\n", res);
    } else {
        printf("TEST FUZZ_WATCH0006 passed\n");
    }
    printf("FUZZ scheduler dump\n");
    seL4_DebugDumpScheduler();
    printf("FUZZ scheduler dump end\n");
    printf("FUZZ SURVIVED %lu invocations (seed %#lx)\n", (unsigned long)total,
           (unsigned long)fuzz_params.seed);
    if (root_failure[0]) {
        printf("FUZZ ROOT CHECKS failed: %s\n", root_failure);
    } else if (total < target) {
        printf("FUZZ ROOT CHECKS failed: only %lu of %lu invocations\n", (unsigned long)total,
               (unsigned long)target);
    } else {
        printf("FUZZ ROOT CHECKS ok\n");
    }
    printf("FUZZ DONE\n");
    seL4_DebugHalt();
    return 0;
}

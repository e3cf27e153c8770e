/*
 * Fuzz worlds: one hostile thread each with its own CSpace and VSpace, all
 * made from one untyped, so revoking that untyped removes the whole world
 * however the thread left it (world.c).
 */
#pragma once

#include "root.h"

enum world_state {
    W_IDLE,     /* not built, or torn down */
    W_RUNNING,  /* its thread may run; faults restart it */
    W_STOPPED,  /* the run is over */
};

/* Why a world was rebuilt (statistics). */
enum rebuild_reason {
    RB_BUDGET,  /* its generation used up its invocation budget */
    RB_STALLED, /* no invocation for WATCHDOG_MS twice, a restart between (blocked for good,
                 * starved, no fault handler left) */
    RB_FAULTS,  /* faulted again and again without making an invocation */
    RB_RESTART, /* WriteRegisters on its TCB failed (it lost the cap's object) */
    RB_COUNT
};

/* The root's bookkeeping for one world.  Only the root thread touches it. */
typedef struct world {
    unsigned index;
    enum world_state state;
    seL4_CPtr ut;      /* the world's untyped (2^WORLD_UT_BITS) */
    seL4_CPtr cnode;   /* its CNode (the original cap, no guard) */
    seL4_CPtr hidden;  /* a CNode the thread cannot reach: image page caps, control page */
    seL4_CPtr tcb;     /* its thread (the original cap) */
    seL4_CPtr build;   /* WORLD_BUILD_SLOTS root slots for caps being set up */
    uint64_t generation;
    uint64_t budget;      /* this generation's budget (the root's copy) */
    uint64_t done;        /* invocations of its finished generations */
    uint64_t last_count;  /* watchdog: the count at last_change */
    uint64_t last_change; /* TSC */
    uint64_t fault_count; /* count at its last fault */
    unsigned strikes;     /* faults in a row without an invocation between them */
    unsigned stalls;      /* watchdog restarts in a row without an invocation between them */
    uint64_t faults[8];   /* by fault label (7: other messages) */
    uint64_t rebuilds[RB_COUNT];
} world_t;

#define WORLD_BUILD_SLOTS 16

/* Caps every world gets copies of (root slots), set up once by main.c. */
typedef struct shared {
    seL4_CPtr fault_ep;       /* the root's endpoint for faults */
    seL4_CPtr pool_harness;   /* ASID pool for the worlds' VSpaces */
    seL4_CPtr pool_fuzz;      /* ASID pool the fuzz threads hold */
    seL4_CPtr ep[2], ntfn[2], frame[2], cnode;
    seL4_CPtr watch_ep;       /* the public watcher server's endpoint */
    seL4_CPtr watch_ntfn;     /* the counting watcher's notification */
    seL4_CPtr watch_frame;    /* the watchers' pattern page (an image frame) */
    uint64_t hint[8];         /* for fuzz_ctrl.hint */
} shared_t;

extern world_t worlds[FUZZ_MAX_WORLDS];
extern unsigned n_worlds;
extern shared_t shared;

/* Allocate the world's root slots and untyped (once). */
void world_init(world_t *w, unsigned index);
/* Remove whatever the world holds (revoke its untyped); state -> W_IDLE. */
void world_teardown(world_t *w);
/* Tear down, then build generation w->generation + 1 and start its thread. */
void world_build(world_t *w);
/* Restart the thread at its entry (after a fault); false if that failed. */
bool world_restart(world_t *w);
/* Invocations the world made so far, all generations. */
uint64_t world_total(const world_t *w);
/* Invocations of the running generation (the control page's count, which the thread
 * could scribble on, clamped to its budget). */
uint64_t world_count(const world_t *w);

/* main.c: add a finished generation's histograms to the run's statistics. */
void fuzz_stats_collect(const world_t *w, const struct fuzz_ctrl *c);

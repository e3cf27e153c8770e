/*
 * The syscall fuzzer: a root task that attacks the kernel from user level
 * and checks that the kernel, and everything user level may rely on,
 * survives.  See tests/system/fuzz/README.md for the design; this header holds the
 * layout every part shares.
 *
 *   root (prio 255)      builds everything, handles every fault, rebuilds
 *                        dead or stuck fuzz worlds, stops the run, prints
 *                        the verdicts.  Bound to a notification, so one Recv
 *                        gets faults, ticks and watcher reports.
 *   ticker (FUZZ_PRIO)   signals the root once per round-robin turn: the
 *                        root's clock for the watchdog.
 *   fuzz worlds          one hostile thread each, in its own CSpace and
 *   (FUZZ_PRIO, MCP too) VSpace, full of real caps: see "world CNode" below.
 *   watchers (FUZZ_PRIO) threads in the root's CSpace and VSpace that check
 *                        their own objects and data (watchers.c).
 *
 * A fuzz thread runs code of this image, mapped read-only into its VSpace
 * at the same addresses; it never writes a global and never uses TLS.  Its
 * state lives on its stack and in its control page (struct fuzz_ctrl),
 * which the root also sees.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdint.h>

#include "../suite/cap_tags.h"

/* ---- run parameters --------------------------------------------------------- */

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x4d6963614675ull /* "MicaFu" */
#endif
#ifndef FUZZ_INVOCATIONS
#define FUZZ_INVOCATIONS 100000ull
#endif
#ifndef FUZZ_WORLDS
#define FUZZ_WORLDS 4
#endif

/*
 * The parameters of a run, in their own section so tests/system/fuzz/run.sh can
 * replace them in a copy of the ELF (objcopy --update-section) without a
 * rebuild.  All little-endian 64-bit words; magic first.
 */
struct fuzz_params {
    uint64_t magic;       /* FUZZ_PARAMS_MAGIC */
    uint64_t seed;
    uint64_t invocations; /* stop after at least this many, in total */
    uint64_t worlds;      /* fuzz threads, 1..FUZZ_MAX_WORLDS */
    uint64_t flags;       /* FUZZ_FLAG_* */
    uint64_t progress;    /* print a progress line every this many invocations (0: 10%) */
};
#define FUZZ_PARAMS_MAGIC 0x534d5241505a5546ull /* "FUZPARMS" */
#define FUZZ_FLAG_TRACE 1ull                    /* fuzz threads print every invocation */
#define FUZZ_FLAG_NO_ATTACKS 2ull               /* no hostile instruction sequences */
#define FUZZ_FLAG_VERBOSE 4ull                  /* the root explains every world it rebuilds */

/* Volatile: the values in the ELF are replaced after compilation (run.sh). */
extern const volatile struct fuzz_params fuzz_params;

/* ---- priorities ------------------------------------------------------------- */

#define FUZZ_MAX_WORLDS 8
#define FUZZ_PRIO 100 /* fuzz threads, their MCP, the watchers and the ticker */

/* ---- a fuzz world's VSpace ---------------------------------------------------
 *
 *   image       the pages of this ELF's read-only segments, at their own addresses
 *   0x10000000  stack, FUZZ_STACK_PAGES pages          \
 *   0x10008000  IPC buffer                              | one page table
 *   0x1000a000  control page (the root's ctrl[w])       | (0x10000000..0x101fffff)
 *   0x10100000  scratch: the fuzz thread maps here     /
 */
#define FUZZ_STACK_VADDR 0x10000000ul
#define FUZZ_STACK_PAGES 4
#define FUZZ_STACK_TOP (FUZZ_STACK_VADDR + FUZZ_STACK_PAGES * 4096ul)
#define FUZZ_IPC_VADDR 0x10008000ul
#define FUZZ_CTRL_VADDR 0x1000a000ul
#define FUZZ_SCRATCH_VADDR 0x10100000ul
#define FUZZ_REGION_PT_VADDR 0x10000000ul

/* ---- a fuzz world's CNode: 2^8 slots, guard 56, so CPtr n names slot n ------ */
#define WCN_BITS 8
#define WCN_SLOTS (1u << WCN_BITS)
enum world_slot {
    WS_NULL = 0,
    WS_TCB = 1,          /* its own TCB (a copy; the root keeps the original) */
    WS_CNODE = 2,        /* this CNode, guard 56 (CPtrs as above) */
    WS_PML4 = 3,         /* its own VSpace */
    WS_FAULT_EP = 4,     /* its fault endpoint: badged, Write + GrantReply */
    WS_IPC_FRAME = 5,    /* its IPC buffer frame (mapped) */
    WS_STACK = 6,        /* 6..9: its stack frames (mapped) */
    WS_PDPT = 10,        /* its paging structures (mapped) */
    WS_PD = 11,
    WS_PT_REGION = 12,   /* the page table of the stack/IPC/ctrl/scratch region */
    WS_PT_IMAGE = 13,    /* 13..14: the page tables of the image */
    WS_UNTYPED = 15,     /* a 2^WORLD_SUB_UT_BITS untyped of its own */
    WS_SUB_CNODE = 16,   /* 2^4 slots: a cap to itself and one to this CNode */
    WS_CNODE_G48 = 17,   /* this CNode again, guard 48 (two-level CPtrs) */
    WS_CNODE_G0 = 18,    /* this CNode again, no guard (depth 8) */
    WS_XTCB = 19,        /* 19..20: spare TCBs, never configured */
    WS_EP = 21,          /* 21..22: endpoints of its own */
    WS_NTFN = 23,        /* 23..24: notifications of its own */
    WS_FRAME = 25,       /* 25..28: 4 KiB frames, not mapped */
    WS_SPARE_PT = 29,    /* unmapped paging structures */
    WS_SPARE_PD = 30,
    WS_SPARE_PDPT = 31,
    WS_SPARE_PML4 = 32,  /* no ASID */
    WS_EP_BADGED = 33,   /* endpoint 21 minted with badge 5 */
    WS_NTFN_BADGED = 34, /* notification 23 minted with badge 9 */
    WS_SHARED_EP = 35,   /* 35..36: endpoints every fuzz world holds */
    WS_SHARED_NTFN = 37, /* 37..38: notifications every fuzz world holds */
    WS_SHARED_FRAME = 39,/* 39..40: frames every fuzz world holds */
    WS_SHARED_CNODE = 41,/* a CNode every fuzz world holds (2^6 slots) */
    WS_ASID_POOL = 42,   /* the fuzzers' ASID pool */
    WS_ASID_CONTROL = 43,
    WS_DOMAIN = 44,
    WS_WATCH_EP = 45,    /* the public watcher server's endpoint: badged, Write only */
    WS_WATCH_NTFN = 46,  /* the counting watcher's notification: badge 2, Write only */
    WS_WATCH_FRAME = 47, /* the watchers' pattern page: read-only */
    WS_OTHER_TCB = 48,   /* 48..48+FUZZ_MAX_WORLDS-1: the other fuzz threads' TCBs */
    WS_FREE = 64,        /* 64..255: empty at start */
};
#define SUB_CNODE_BITS 4
#define SHARED_CNODE_BITS 6
#define WORLD_UT_BITS 22     /* everything a world is made of */
#define WORLD_SUB_UT_BITS 21 /* WS_UNTYPED */

/* Badges on the root's fault endpoint (all < 2^16) and its notification (>= 2^32). */
#define BADGE_WORLD 0x100ul   /* + world index */
#define BADGE_WATCHER 0x200ul /* + watcher index */
#define BADGE_TICK (1ul << 32)
#define BADGE_WATCH_DONE (1ul << 33)

/* ---- the control page --------------------------------------------------------- */

/* What a fuzz thread does in one step (histogram index). */
enum fuzz_op {
    OP_TYPED,   /* a valid-looking invocation of a cap it holds */
    OP_RANDOM,  /* a random message on a random CPtr */
    OP_RAW,     /* any syscall number, random registers */
    OP_FLAGS,   /* a syscall with DF/NT/AC/TF... set in RFLAGS */
    OP_ATTACK,  /* a hostile instruction sequence (faults) */
    OP_POKE,    /* a write to an address it should not write */
    OP_SPAWN,   /* a second thread in its world, made from its own untyped */
    OP_HANDLER, /* fault handler for its spare thread: replies with random registers */
    OP_COUNT
};

#define FUZZ_ERR_BUCKETS 16 /* reply labels 0..14 of Calls, 15 = larger */
#define FUZZ_TRACE_RING 16

/* One entry of the last-invocations ring (for reports after a watcher failure). */
struct fuzz_trace {
    uint64_t n, sys, cptr, info, mr[4];
};

/*
 * A world's control page: the fuzz thread writes the counters and its random
 * state; the root writes the rest before it starts a generation.
 * Invariant: count only grows within a generation.
 */
struct fuzz_ctrl {
    union {
        struct {
            uint64_t magic;             /* FUZZ_CTRL_MAGIC once set up */
            uint64_t world, generation; /* root */
            uint64_t budget;            /* root: invocations this generation may make */
            uint64_t flags;             /* root: FUZZ_FLAG_* */
            uint64_t hint[8];           /* root: addresses worth attacking (watcher TLS, ...) */
            uint64_t rng[2];            /* fuzz thread: xorshift128+ state */
            uint64_t count;             /* fuzz thread: invocations issued this generation */
            uint64_t restarts;          /* fuzz thread: times it entered fuzz_thread_main */
            uint64_t violation;         /* fuzz thread: accesses that should have faulted, */
            uint64_t violation_addr;    /* or caps it cannot have (slot | tag << 56) */
            uint64_t odd_tags;          /* fuzz thread: impossible tags seen once (junk state) */
            uint64_t op_hist[OP_COUNT];
            uint64_t err_hist[FUZZ_ERR_BUCKETS];
            uint64_t tag_hist[32]; /* cap tags it invoked (typed) */
            uint64_t ok_hist[64];  /* Calls answered with label 0 (success), by invocation label */
            struct fuzz_trace ring[FUZZ_TRACE_RING];
        };
        uint8_t page[4096];
    };
};
_Static_assert(sizeof(struct fuzz_ctrl) == 4096, "a control page is one page");
#define FUZZ_CTRL_MAGIC 0x4c5254435a5a5546ull

extern struct fuzz_ctrl fuzz_ctrl_pages[FUZZ_MAX_WORLDS];

/* ---- code shared with the fuzz threads (runs in their VSpace) ------------------ */

/* The fuzz thread's entry; rdi = FUZZ_CTRL_VADDR.  Never returns. */
void fuzz_thread_main(struct fuzz_ctrl *c);
/* Spin forever (a WriteRegisters target that keeps a thread busy). */
void fuzz_spin(void);

/* xorshift128+ on the control page's state. */
static inline uint64_t fz_next(uint64_t s[2])
{
    uint64_t a = s[0], b = s[1];
    s[0] = b;
    a ^= a << 23;
    s[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
    return s[1] + b;
}

/* splitmix64: seeds from (seed, world, generation). */
static inline uint64_t fz_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* ---- attacks.S ------------------------------------------------------------------ */
#define FUZZ_N_ATTACKS 51
/* Run hostile sequence n (0..FUZZ_N_ATTACKS-1) with argument a; most never return. */
void fuzz_attack(uint64_t n, uint64_t a, uint64_t b);

/*
 * Inside a fuzz thread (fuzzer.c, fuzzer_typed.c).  This code runs in a fuzz
 * world's VSpace, where the image is mapped read-only: it writes only its
 * stack, its IPC buffer and its control page, and never uses TLS (a fuzz
 * thread may set its own FS base to anything).  Both files are compiled
 * with -mgeneral-regs-only, so a thread that left its FPU in a bad state
 * (unmasked exceptions, FPU disabled) still runs.
 */
#pragma once

#include <stdbool.h>

#include "fuzz.h"

/* The IPC buffer as words: 0 tag, 1..120 MRs, 121 user data, 122..124 caps,
 * 125 receive CNode, 126 receive index, 127 receive depth. */
#define IPCW ((volatile seL4_Word *)FUZZ_IPC_VADDR)
#define IPC_MR(i) IPCW[1 + (i)]
#define IPC_CAP(i) IPCW[122 + (i)]

/* Registers of one syscall, both ways (as libsel4_syscall). */
typedef struct fz_regs {
    seL4_Word rdi, rsi, mr[4];
} fz_regs_t;

#define FZ_MSG_MRS 24

/* One invocation being built. */
typedef struct fz_msg {
    seL4_Word sys;     /* syscall number */
    seL4_Word cptr;    /* invoked CPtr */
    seL4_Word label, len, ncaps;
    seL4_Word mr[FZ_MSG_MRS]; /* MR0..23 (later MRs are random) */
    seL4_Word cap[3];  /* extra-cap CPtrs */
} fz_msg_t;

static inline uint64_t rnd(struct fuzz_ctrl *c)
{
    return fz_next(c->rng);
}
static inline uint64_t below(struct fuzz_ctrl *c, uint64_t n)
{
    return rnd(c) % n;
}
static inline bool chance(struct fuzz_ctrl *c, uint64_t percent)
{
    return below(c, 100) < percent;
}

/* ---- fuzzer.c ------------------------------------------------------------------- */
/* A word that is often an edge case (limits, kernel and non-canonical addresses, hints). */
seL4_Word fz_word(struct fuzz_ctrl *c);
/* A CPtr: mostly a slot of its CNode, sometimes anything. */
seL4_Word fz_cptr(struct fuzz_ctrl *c);
/* A destination slot: mostly an empty one (WS_FREE..). */
seL4_Word fz_free_slot(struct fuzz_ctrl *c);
/* A depth for a CNode operation. */
seL4_Word fz_depth(struct fuzz_ctrl *c);
/* A virtual address worth mapping at or pointing to. */
seL4_Word fz_vaddr(struct fuzz_ctrl *c);
/* An instruction pointer for WriteRegisters (never one that reaches seL4_DebugHalt). */
seL4_Word fz_rip(struct fuzz_ctrl *c);
/* An RFLAGS value with interesting bits. */
seL4_Word fz_rflags(struct fuzz_ctrl *c);
/* Put the message into the IPC buffer and registers, issue it, count it; returns RDI after. */
seL4_Word fz_issue(struct fuzz_ctrl *c, fz_msg_t *m, unsigned op);

/* ---- fuzzer_typed.c ------------------------------------------------------------- */
/* Fill m with a plausible invocation of a cap with tag `tag` (the CPtr is set). */
void fz_typed(struct fuzz_ctrl *c, fz_msg_t *m, seL4_Word tag);

/*
 * Helper threads for the thread, scheduler, TLS, FPU and domain tests.
 *
 * Every helper runs in the root task's own CSpace and VSpace.  Its TCB is
 * retyped from the untyped pool (helpers.h) into a scratch slot, so a
 * THREAD_TEST deletes it when the test ends, pass or fail.
 *
 *   helper_t  a "full" helper: one of HELPER_MAX sets of a 16 KiB stack, a
 *             TLS block (a copy of the ELF's TLS image) and an IPC buffer,
 *             so it may call any libsel4 stub.  It runs fn(a0..a3), stores
 *             the result, sets `done` and suspends itself.
 *   bare      a thread with no IPC buffer and no TLS (thread_new and
 *             thread_start): only for code that makes no libsel4 call that
 *             could fail (a failing stub writes the error MRs through TLS).
 *
 * Waiting is always bounded: spin_until/yield_until give up after a number
 * of milliseconds measured with the TSC (frequency from the extra bootinfo).
 * A waiter only gets the CPU back if it runs at a priority at least as high
 * as the threads it waits for; tests arrange that with root_set_prio.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>
#include <stdint.h>

#include "helpers.h"

/* The root task's priority and MCP at boot (seL4: both seL4_MaxPrio). */
#define ROOT_PRIO seL4_MaxPrio

#define HELPER_MAX 8
#define HELPER_STACK_SIZE 16384
#define BARE_MAX 256
#define BARE_STACK_SIZE 1024

/* The function a helper runs; its result lands in helper_t.result. */
typedef seL4_Word (*helper_fn_t)(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3);

typedef struct helper {
    seL4_CPtr tcb;              /* its TCB cap (a scratch slot); 0 = not created */
    unsigned index;             /* which stack, TLS block and IPC buffer it owns */
    seL4_Word tls_base;         /* its thread pointer (FS base) */
    seL4_IPCBuffer *ipc;        /* its IPC buffer */
    helper_fn_t fn;
    seL4_Word arg[4];
    volatile seL4_Word started; /* set by the helper when it begins */
    volatile seL4_Word done;    /* set by the helper after fn returned */
    volatile seL4_Word result;  /* fn's return value */
} helper_t;

/* ---- full helpers -------------------------------------------------------- */

/* Create a helper (not started) at priority `prio` (authority: the root TCB). */
const char *helper_create(helper_t *h, seL4_Word prio);
/* Start a created helper: ReadRegisters, set rip/rsp/rdi, WriteRegisters, Resume. */
const char *helper_start(helper_t *h, helper_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                         seL4_Word a3);
/* helper_create + helper_start. */
const char *helper_run(helper_t *h, seL4_Word prio, helper_fn_t fn, seL4_Word a0, seL4_Word a1,
                       seL4_Word a2, seL4_Word a3);
/* Wait (yielding) until the helper's fn returned; a reason after `ms` milliseconds. */
const char *helper_wait(helper_t *h, seL4_Word ms);
/* Delete the helper's TCB cap (which stops the thread) and free its stack set. */
const char *helper_destroy(helper_t *h);

/* ---- bare threads -------------------------------------------------------- */

/* Retype a TCB into a scratch slot, Configure it into the root CSpace/VSpace with
 * no IPC buffer (or the given one) and set its priority.  Not started. */
const char *thread_new(seL4_Word prio, seL4_Word ipc_vaddr, seL4_CPtr ipc_frame, seL4_CPtr *tcb);
/* Point stopped thread `tcb` at entry(a0, a1, a2) with rsp = stack_top - 8 (stack_top
 * 16-byte aligned), keep its other registers, and Resume it. */
const char *thread_start(seL4_CPtr tcb, void *entry, seL4_Word stack_top, seL4_Word a0,
                         seL4_Word a1, seL4_Word a2);
/* The top of bare stack i (i < BARE_MAX), 16-byte aligned. */
seL4_Word bare_stack_top(unsigned i);

/* ---- the root task, memory and time ----------------------------------------- */

/* Set the root thread's priority (authority: itself). */
const char *root_set_prio(seL4_Word prio);
/* The frame cap of the root-image page holding `vaddr` (bootinfo userImageFrames). */
seL4_CPtr image_frame_cap(const void *vaddr);
/* A fresh TLS block (copy of the ELF TLS image) in `area`; returns the thread pointer. */
seL4_Word tls_block_init(void *area, seL4_Word size);
/* The TSC frequency in MHz from the extra bootinfo (2000 if it is missing). */
seL4_Word tsc_mhz(void);
static inline uint64_t rdtsc_now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
/* The TSC value `ms` milliseconds from now. */
uint64_t deadline_ms(seL4_Word ms);
static inline bool deadline_passed(uint64_t deadline)
{
    return rdtsc_now() >= deadline;
}

/* Busy-wait without any syscall until `cond` holds; false if `ms` ran out first. */
#define SPIN_UNTIL(cond, ms)                                                      \
    ({                                                                            \
        uint64_t d_ = deadline_ms(ms);                                            \
        bool ok_;                                                                 \
        while (!(ok_ = (cond)) && !deadline_passed(d_)) {                         \
            __asm__ volatile("pause" ::: "memory");                               \
        }                                                                         \
        ok_;                                                                      \
    })

/* seL4_Yield until `cond` holds; false if `ms` ran out first. */
#define YIELD_UNTIL(cond, ms)                                                     \
    ({                                                                            \
        uint64_t d_ = deadline_ms(ms);                                            \
        bool ok_;                                                                 \
        while (!(ok_ = (cond)) && !deadline_passed(d_)) {                         \
            seL4_Yield();                                                         \
        }                                                                         \
        ok_;                                                                      \
    })

/* ---- tests ----------------------------------------------------------------- */

/* Begin/end a thread test: a scratch region, and afterwards the root back at
 * ROOT_PRIO, every TCB deleted and every helper set free. */
void threads_begin(void);
const char *threads_end(bool report);

/* A test whose threads and objects are all removed after its body, pass or fail. */
#define THREAD_TEST(NAME)                                                         \
    static const char *thread_body_##NAME(void);                                  \
    SYSTEST(NAME)                                                                 \
    {                                                                             \
        threads_begin();                                                          \
        const char *why_ = thread_body_##NAME();                                  \
        const char *clean_ = threads_end(why_ == NULL);                           \
        return why_ ? why_ : clean_;                                              \
    }                                                                             \
    static const char *thread_body_##NAME(void)

/* Return a reason unless `got` == `want` (both printed as numbers). */
#define EXPECT_EQ(got, want)                                                      \
    do {                                                                          \
        seL4_Word g_ = (seL4_Word)(got), w_ = (seL4_Word)(want);                  \
        if (g_ != w_) {                                                           \
            return systest_reason("%s:%d: %s = %#lx, expected %#lx", __FILE__,    \
                                  __LINE__, #got, (unsigned long)g_,              \
                                  (unsigned long)w_);                             \
        }                                                                         \
    } while (0)

/*
 * The fuzzer's root-task side: slots, memory, threads in the root's own
 * CSpace and VSpace, and the harness's own failure channel.
 *
 * A harness call that fails is a harness bug or a kernel bug: it prints
 * "TEST FUZZ0001 failed: harness: ..." and halts, so the runner sees it.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>
#include <stdint.h>

#include "fuzz.h"

#define ROOT seL4_CapInitThreadCNode
#define ROOT_DEPTH seL4_WordBits

/* Print the harness failure verdict and halt the machine. */
_Noreturn void harness_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* harness_fail unless err == seL4_NoError. */
void check(seL4_Error err, const char *what);

/* The next `n` consecutive free root slots. */
seL4_CPtr slots_alloc(seL4_Word n);
static inline seL4_CPtr slot_alloc(void)
{
    return slots_alloc(1);
}

/* A child untyped of 2^bits bytes from the root's memory, in a fresh slot. */
seL4_CPtr untyped_new(seL4_Word bits);
/* `n` objects from `ut` into fresh consecutive root slots; returns the first. */
seL4_CPtr objects_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n);
/* Retype one object from `ut` into slot `dest` of the CNode at root slot `cnode`. */
void retype_into(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr cnode,
                 seL4_Word dest, seL4_Word n);
/* Mint the root cap `src` into a fresh root slot. */
seL4_CPtr mint_new(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge);

/* The frame cap of the root-image page holding vaddr. */
seL4_CPtr image_frame_cap(const void *vaddr);
/* [*start, *end): the page-aligned range of the image's read-only segments. */
void image_ro_range(seL4_Word *start, seL4_Word *end);

/* Time from the TSC. */
uint64_t tsc_now(void);
uint64_t tsc_per_ms(void);

/* ---- threads in the root's CSpace and VSpace ------------------------------------- */

#define RTHREAD_STACK 16384
#define RTHREAD_MAX 12

typedef void (*rthread_fn_t)(seL4_Word arg);

typedef struct rthread {
    seL4_CPtr tcb;
    seL4_IPCBuffer *ipc;
    seL4_Word tls;        /* its thread pointer (FS base) */
    volatile seL4_Word running;
} rthread_t;

/* Start fn(arg) on a new thread at `prio` with fault endpoint `fault_ep` (a root
 * CPtr, 0: none) and debug name `name`. */
void rthread_start(rthread_t *t, const char *name, seL4_Word prio, seL4_CPtr fault_ep,
                   rthread_fn_t fn, seL4_Word arg);

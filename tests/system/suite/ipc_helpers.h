/*
 * Workers for the IPC, notification and register tests (ipc*.c,
 * notification.c, syscall_regs.c).
 *
 * Why not thread_helpers.h's helper_t: these tests need up to 34 threads
 * at once (CANCEL_BADGED_SENDS_*), each with its own IPC buffer, and a
 * fault endpoint per thread; thread_helpers has 8.  Its generic pieces are
 * used here (image_frame_cap, tls_block_init, thread_new, thread_start,
 * deadline_ms, root_set_prio).
 *
 * Shape of every test (IPC_TEST):
 *   - the root task is the *supervisor*: it makes a done notification and a
 *     fault endpoint, starts the test body in a *main* worker at MAIN_PRIO,
 *     drops itself to priority 0 and waits.  At priority 0 it only runs when
 *     every thread of the test is blocked or finished, so its wait is
 *     bounded by a TSC deadline (a deadlock costs IPC_IDLE_MS, never a
 *     hang), and it polls the fault endpoint, so a worker that faults fails
 *     the test with the fault's label and MRs.  (What it cannot catch: a
 *     thread of the test that never blocks; no worker here loops without
 *     blocking.)
 *   - the main worker does what sel4test's test thread does (it may block
 *     in any IPC) and makes further workers (default priority MAIN_PRIO - 1).
 *   - afterwards every slot the test used is revoked and deleted (newest
 *     first: threads before the objects they wait on) and the root task is
 *     back at seL4_MaxPrio.
 *
 * Priorities 1..254 are free for workers; 0 is the supervisor's.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>

#include "helpers.h"
#include "thread_helpers.h"

#define WORKERS_MAX 40
#define WORKER_STACK_SIZE 8192
#define WORKER_TLS_SIZE 512
#define MAIN_PRIO 200
#define SUPERVISOR_PRIO 0
/* Idle time (everything of the test blocked) after which a test is declared stuck. */
#define IPC_IDLE_MS 1500

/* What a worker runs; a worker returns NULL or a reason (a const char *). */
typedef seL4_Word (*worker_fn_t)(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3);

typedef struct worker {
    seL4_CPtr tcb;           /* its TCB cap in the root CNode (0 = not created) */
    unsigned index;          /* its stack / TLS / IPC-buffer set; also its fault badge - 1 */
    seL4_Word prio;
    seL4_IPCBuffer *ipc;     /* its IPC buffer, as the thread sees it */
    seL4_Word stack_top;     /* initial stack top, as the thread sees it */
    seL4_Word tls_base;      /* its thread pointer; 0: the thread makes its own TLS at tls_area */
    seL4_Word tls_area;      /* where a thread without tls_base builds its TLS block */
    seL4_CPtr self_cptr;     /* its TCB, as its own CSpace names it */
    seL4_CPtr done_cptr;     /* the test's done notification, as its CSpace names it */
    void *entry;             /* where it starts (worker_entry for root-VSpace workers) */
    worker_fn_t fn;
    seL4_Word arg[4];
    volatile seL4_Word started;
    volatile seL4_Word done;
    volatile seL4_Word result;
} worker_t;

/* The running test's shared objects (root-CNode slots). */
typedef struct ipc_test_ctx {
    seL4_CPtr done_ntfn;     /* signalled by every worker that finishes */
    seL4_CPtr fault_ep;      /* the supervisor polls it; workers hold badged copies */
    worker_t main;           /* the worker running the test body */
} ipc_test_ctx_t;

extern ipc_test_ctx_t ipct;

/* The body of an IPC_TEST: runs in the main worker `self`; NULL or a reason. */
typedef const char *(*ipc_body_t)(worker_t *self);

/* Run `body` in a main worker under the supervisor (see above); NULL or a reason. */
const char *ipc_test_run(ipc_body_t body);

#define IPC_TEST(NAME)                                                            \
    static const char *ipc_body_##NAME(worker_t *self);                           \
    SYSTEST(NAME)                                                                 \
    {                                                                             \
        return ipc_test_run(ipc_body_##NAME);                              \
    }                                                                             \
    static const char *ipc_body_##NAME(worker_t *self)

/* ---- workers ----------------------------------------------------------------- */

/* Claim a stack/TLS/IPC set and make a TCB in the root CSpace and VSpace at `prio`,
 * its faults going to the test's fault endpoint (badge index + 1).  Not started. */
const char *worker_create(worker_t *w, seL4_Word prio);
/* Claim a set only (for threads whose TCB is made elsewhere, e.g. in ipc_vspace.c). */
const char *worker_claim(worker_t *w);
/* Mint the test's fault endpoint with this worker's badge into a new root slot. */
const char *worker_fault_cap(const worker_t *w, seL4_CPtr *out);
/* (Re)start a created worker: it runs fn(a0..a3), then sets done, signals and suspends. */
const char *worker_start(worker_t *w, worker_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                         seL4_Word a3);
/* worker_create + worker_start. */
const char *worker_run(worker_t *w, seL4_Word prio, worker_fn_t fn, seL4_Word a0, seL4_Word a1,
                       seL4_Word a2, seL4_Word a3);
/* Block (in a worker) until `w` finished; its result (NULL or a reason). */
const char *worker_join(worker_t *w);
/* Set a worker's priority (authority: the root TCB). */
const char *worker_set_prio(worker_t *w, seL4_Word prio);
/* Send a worker's faults to `fault_ep` (a root-CNode CPtr) instead. */
const char *worker_set_fault_ep(worker_t *w, seL4_CPtr fault_ep);
/* Where a root-VSpace worker begins (its TLS base is set by its creator). */
_Noreturn void worker_entry(worker_t *w);
/* What every worker does once its TLS and IPC buffer work: run fn, report, stop. */
_Noreturn void worker_body(worker_t *w);

/* ---- small tools ------------------------------------------------------------- */

/* A new endpoint / notification from the pool into a new root slot. */
const char *new_endpoint(seL4_CPtr *out);
const char *new_notification(seL4_CPtr *out);
/* seL4_CapRights_t from its word (bit 0 Write, 1 Read, 2 Grant, 3 GrantReply). */
static inline seL4_CapRights_t rights_of(seL4_Word w)
{
    seL4_CapRights_t r = {{w}};
    return r;
}

/* An NBRecv that tells "nothing there" apart from a message: RSI goes in as
 * NOTHING_INFO (which no delivered info can equal: its length field is 127) and
 * seL4 leaves RSI alone when nothing is pending.  MR0..3 go to the IPC buffer.
 * True if something was received (*info, *badge set). */
#define NOTHING_INFO (~0ul)
bool nb_recv(seL4_CPtr src, seL4_MessageInfo_t *info, seL4_Word *badge);

/* "<prefix>: <why>" where the prefix is printf-formatted; `why` may be the
 * shared reason buffer itself (it is copied first). */
const char *reason_with(const char *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* From a worker: let every thread of the test at priority 2 or more run until it
 * blocks or finishes (a Call to a bouncer worker at priority 1, made on first use). */
const char *settle(void);

/* ---- shared by ipc.c and ipc_vspace.c ------------------------------------------ */

/* sel4test's IPC helper functions (ipc.c): a0 = endpoint (as the thread's CSpace
 * names it), a1 = seed, a2 = "should wait" (nbrecv only).  NULL or a reason. */
seL4_Word ipc_fn_send(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_nbsend(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_call(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_recv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_nbrecv(seL4_Word ep, seL4_Word seed, seL4_Word should_wait, seL4_Word a3);
seL4_Word ipc_fn_replyrecv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_reply_then_recv(seL4_Word ep, seL4_Word seed, seL4_Word a2, seL4_Word a3);

/* sel4test's test_ipc_pair: for sender priorities 98..102 against a receiver at
 * 100, both start orders, start a (fa, a_ep) and b (fb, b_ep) and join both.
 * a and b are created workers (threads or processes). */
const char *ipc_pair_run(worker_t *a, worker_t *b, seL4_Word a_ep, seL4_Word b_ep,
                         worker_fn_t fa, worker_fn_t fb);

/* Ping-pong: the client Calls `rounds` times with a changing label, length
 * (0..9, so both register-only and IPC-buffer MRs) and payload; the server
 * checks each message and the badge and replies with the payload inverted;
 * the client checks each reply.  a0 = endpoint, a1 = rounds, a2 = badge the
 * server expects. */
seL4_Word ipc_fn_pingpong_client(seL4_Word ep, seL4_Word rounds, seL4_Word a2, seL4_Word a3);
seL4_Word ipc_fn_pingpong_server(seL4_Word ep, seL4_Word rounds, seL4_Word badge, seL4_Word a3);

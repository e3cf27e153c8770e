/*
 * Workers and the supervisor for the IPC tests (see ipc_helpers.h).
 */
#include <stdarg.h>
#include <string.h>

#include "ipc_helpers.h"

ipc_test_ctx_t ipct;

static unsigned char worker_stacks[WORKERS_MAX][WORKER_STACK_SIZE] __attribute__((aligned(16)));
static unsigned char worker_tls[WORKERS_MAX][WORKER_TLS_SIZE] __attribute__((aligned(64)));
/* Four 1 KiB buffers per page; the kernel reaches each through its page's frame cap. */
static seL4_IPCBuffer worker_ipc[WORKERS_MAX] __attribute__((aligned(4096)));
/* The worker holding each set during the running test (NULL: free). */
static worker_t *set_owner[WORKERS_MAX];

const char *worker_claim(worker_t *w)
{
    memset(w, 0, sizeof(*w));
    unsigned i = 0;
    while (i < WORKERS_MAX && set_owner[i]) {
        i++;
    }
    if (i == WORKERS_MAX) {
        return systest_reason("ipc_helpers: all %d worker sets are in use", WORKERS_MAX);
    }
    set_owner[i] = w;
    w->index = i;
    w->ipc = &worker_ipc[i];
    memset(w->ipc, 0, sizeof(*w->ipc));
    w->stack_top = (seL4_Word)&worker_stacks[i][WORKER_STACK_SIZE];
    w->tls_area = (seL4_Word)worker_tls[i];
    w->done_cptr = ipct.done_ntfn;
    w->entry = (void *)worker_entry;
    return NULL;
}

const char *worker_fault_cap(const worker_t *w, seL4_CPtr *out)
{
    return mint_new(ipct.fault_ep, seL4_AllRights, w->index + 1, out);
}

const char *worker_create(worker_t *w, seL4_Word prio)
{
    TRY(worker_claim(w));
    seL4_CPtr fault, tcb;
    TRY(worker_fault_cap(w, &fault));
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    seL4_Error err = seL4_TCB_Configure(tcb, fault, seL4_CapInitThreadCNode, 0,
                                        seL4_CapInitThreadVSpace, 0, (seL4_Word)w->ipc,
                                        image_frame_cap(w->ipc));
    if (err != seL4_NoError) {
        return systest_reason("worker %u: TCB_Configure: %s", w->index, error_name(err));
    }
    w->tcb = w->self_cptr = tcb;
    TRY(worker_set_prio(w, prio));
    w->tls_base = tls_block_init((void *)w->tls_area, WORKER_TLS_SIZE);
    err = seL4_TCB_SetTLSBase(tcb, w->tls_base);
    if (err != seL4_NoError) {
        return systest_reason("worker %u: TCB_SetTLSBase: %s", w->index, error_name(err));
    }
    return NULL;
}

const char *worker_set_prio(worker_t *w, seL4_Word prio)
{
    seL4_Error err = seL4_TCB_SetPriority(w->tcb, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError) {
        return systest_reason("worker %u: TCB_SetPriority(%lu): %s", w->index,
                              (unsigned long)prio, error_name(err));
    }
    w->prio = prio;
    return NULL;
}

const char *worker_set_fault_ep(worker_t *w, seL4_CPtr fault_ep)
{
    seL4_Error err = seL4_TCB_SetSpace(w->tcb, fault_ep, seL4_CapInitThreadCNode, 0,
                                       seL4_CapInitThreadVSpace, 0);
    if (err != seL4_NoError) {
        return systest_reason("worker %u: TCB_SetSpace: %s", w->index, error_name(err));
    }
    return NULL;
}

const char *worker_start(worker_t *w, worker_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                         seL4_Word a3)
{
    w->fn = fn;
    w->arg[0] = a0;
    w->arg[1] = a1;
    w->arg[2] = a2;
    w->arg[3] = a3;
    w->started = w->done = w->result = 0;
    return thread_start(w->tcb, w->entry, w->stack_top, (seL4_Word)w, 0, 0);
}

const char *worker_run(worker_t *w, seL4_Word prio, worker_fn_t fn, seL4_Word a0, seL4_Word a1,
                       seL4_Word a2, seL4_Word a3)
{
    TRY(worker_create(w, prio));
    return worker_start(w, fn, a0, a1, a2, a3);
}

const char *worker_join(worker_t *w)
{
    while (!__atomic_load_n(&w->done, __ATOMIC_SEQ_CST)) {
        seL4_Wait(ipct.done_ntfn, NULL);
    }
    return (const char *)w->result;
}

_Noreturn void worker_body(worker_t *w)
{
    w->started = 1;
    seL4_Word result = w->fn(w->arg[0], w->arg[1], w->arg[2], w->arg[3]);
    /* Once done is set the record may be reused at once (it often lives on the
     * joining thread's stack), so take what is still needed first. */
    seL4_CPtr self = w->self_cptr, done = w->done_cptr;
    w->result = result;
    __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
    seL4_Signal(done);
    seL4_TCB_Suspend(self);
    /* Not reached.  Should the Suspend fail, do not spin (that would starve the
     * supervisor): a Recv on the null slot is a cap fault it reports. */
    for (;;) {
        seL4_Word badge;
        seL4_Recv(seL4_CapNull, &badge);
    }
}

_Noreturn void worker_entry(worker_t *w)
{
    seL4_SetIPCBuffer(w->ipc);
    worker_body(w);
}

const char *new_endpoint(seL4_CPtr *out)
{
    return pool_object(seL4_EndpointObject, 0, out);
}

const char *new_notification(seL4_CPtr *out)
{
    return pool_object(seL4_NotificationObject, 0, out);
}

bool nb_recv(seL4_CPtr src, seL4_MessageInfo_t *info, seL4_Word *badge)
{
    libsel4_regs_t regs = {src, NOTHING_INFO, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysNBRecv, &regs);
    if (regs.rsi == NOTHING_INFO) {
        return false;
    }
    libsel4_regs_to_buffer(&regs);
    info->words[0] = regs.rsi;
    *badge = regs.rdi;
    return true;
}

const char *reason_with(const char *why, const char *fmt, ...)
{
    static char inner[256], prefix[128];
    snprintf(inner, sizeof(inner), "%s", why);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    return systest_reason("%s: %s", prefix, inner);
}

/* The bouncer of settle(): it replies to every Call at once, from priority 1. */
static worker_t bouncer;
static seL4_CPtr bouncer_ep;

/* The bouncer's loop: an empty reply to each Call, forever. */
static seL4_Word bounce_fn(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    seL4_RecvWithMRs(ep, NULL, NULL, NULL, NULL, NULL);
    for (;;) {
        seL4_ReplyRecvWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, 0), NULL, NULL, NULL, NULL, NULL);
    }
    return 0;
}

const char *settle(void)
{
    if (!bouncer_ep) {
        TRY(new_endpoint(&bouncer_ep));
        TRY(worker_run(&bouncer, 1, bounce_fn, bouncer_ep, 0, 0, 0));
    }
    seL4_CallWithMRs(bouncer_ep, seL4_MessageInfo_new(0, 0, 0, 0), NULL, NULL, NULL, NULL);
    return NULL;
}

/* The main worker's entry: a0 = the body, a1 = the worker itself. */
static seL4_Word main_trampoline(seL4_Word body, seL4_Word self, seL4_Word a2, seL4_Word a3)
{
    (void)a2;
    (void)a3;
    return (seL4_Word)((ipc_body_t)body)((worker_t *)self);
}

/* A worker faulted: its badge names it; the message is the fault. */
static const char *fault_reason(seL4_MessageInfo_t info, seL4_Word badge)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    unsigned set = (unsigned)(badge - 1);
    return systest_reason("worker %u%s faulted: fault label %lu, %lu MRs: %#lx %#lx %#lx %#lx "
                          "%#lx",
                          set, set == ipct.main.index ? " (main)" : "", (unsigned long)label,
                          (unsigned long)seL4_MessageInfo_get_length(info),
                          (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1),
                          (unsigned long)seL4_GetMR(2), (unsigned long)seL4_GetMR(3),
                          (unsigned long)seL4_GetMR(4));
}

/* Everything of the test is blocked and main is not done: say who is unfinished. */
static const char *stuck_reason(void)
{
    char list[96];
    size_t n = 0;
    list[0] = '\0';
    for (unsigned i = 0; i < WORKERS_MAX && n + 8 < sizeof(list); i++) {
        if (set_owner[i] && set_owner[i] != &ipct.main && set_owner[i]->tcb &&
            !set_owner[i]->done) {
            n += (size_t)snprintf(list + n, sizeof(list) - n, " %u%s", i,
                                  set_owner[i]->started ? "" : "(not started)");
        }
    }
    return systest_reason("stuck: every thread of the test blocked for %d ms and the main worker "
                          "(%s) is not done; unfinished workers:%s",
                          IPC_IDLE_MS, ipct.main.started ? "started" : "never ran",
                          n ? list : " none");
}

/* The supervisor: at priority 0, wait for main, watch for faults, give up when stuck. */
static const char *supervise(void)
{
    uint64_t deadline = deadline_ms(IPC_IDLE_MS);
    for (;;) {
        if (__atomic_load_n(&ipct.main.done, __ATOMIC_SEQ_CST)) {
            return (const char *)ipct.main.result;
        }
        seL4_MessageInfo_t info;
        seL4_Word badge;
        if (nb_recv(ipct.fault_ep, &info, &badge)) {
            return fault_reason(info, badge);
        }
        if (deadline_passed(deadline)) {
            const char *why = stuck_reason();
            seL4_DebugDumpScheduler();
            return why;
        }
        seL4_Yield();
    }
}

const char *ipc_test_run(ipc_body_t body)
{
    scratch_begin();
    memset(&ipct, 0, sizeof(ipct));
    bouncer_ep = 0;
    const char *why = new_notification(&ipct.done_ntfn);
    if (!why) {
        why = new_endpoint(&ipct.fault_ep);
    }
    if (!why) {
        why = worker_create(&ipct.main, MAIN_PRIO);
    }
    if (!why) {
        why = worker_start(&ipct.main, main_trampoline, (seL4_Word)body, (seL4_Word)&ipct.main, 0,
                           0);
    }
    if (!why) {
        why = root_set_prio(SUPERVISOR_PRIO);
        if (!why) {
            why = supervise();
        }
    }
    /* Back on top before anything is deleted, so no leftover thread runs in between. */
    const char *prio = root_set_prio(seL4_MaxPrio);
    const char *clean = scratch_end(why == NULL);
    for (unsigned i = 0; i < WORKERS_MAX; i++) {
        set_owner[i] = NULL;
    }
    if (why) {
        return why;
    }
    return prio ? prio : clean;
}

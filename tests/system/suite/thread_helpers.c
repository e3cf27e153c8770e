/*
 * Helper threads for the thread tests (see thread_helpers.h): TCBs in the
 * root task's CSpace and VSpace, static stacks, TLS blocks and IPC buffers,
 * and bounded waits measured with the TSC.
 */
#include <mica/bootinfo.h>
#include <mica/image.h>
#include <sel4runtime.h>
#include <string.h>

#include "thread_helpers.h"

#define TLS_AREA_SIZE 1024

static unsigned char helper_stacks[HELPER_MAX][HELPER_STACK_SIZE] __attribute__((aligned(16)));
static unsigned char helper_tls[HELPER_MAX][TLS_AREA_SIZE] __attribute__((aligned(64)));
static seL4_IPCBuffer helper_ipc[HELPER_MAX] __attribute__((aligned(4096)));
static unsigned char bare_stacks[BARE_MAX][BARE_STACK_SIZE] __attribute__((aligned(16)));

/* Which helper sets are in use (by which helper). */
static helper_t *helper_owner[HELPER_MAX];

_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "an IPC buffer is 1 KiB");

seL4_CPtr image_frame_cap(const void *vaddr)
{
    return seL4_GetBootInfo()->userImageFrames.start + (((seL4_Word)vaddr - mica_image_start()) >> 12);
}

seL4_Word tls_block_init(void *area, seL4_Word size)
{
    if (sel4runtime_get_tls_size() > size) {
        printf("thread_helpers: the TLS image does not fit in %lu bytes; halting\n",
               (unsigned long)size);
        seL4_DebugHalt();
    }
    memset(area, 0, size);
    return sel4runtime_write_tls_image(area);
}

seL4_Word tsc_mhz(void)
{
    static seL4_Word mhz;
    if (mhz == 0) {
        mhz = mica_bootinfo_tsc_mhz(seL4_GetBootInfo());
        mhz = mhz ? mhz : 2000;
    }
    return mhz;
}

uint64_t deadline_ms(seL4_Word ms)
{
    return rdtsc_now() + (uint64_t)ms * 1000 * tsc_mhz();
}

const char *root_set_prio(seL4_Word prio)
{
    seL4_Error err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError) {
        return systest_reason("root SetPriority(%lu): %s", (unsigned long)prio, error_name(err));
    }
    return NULL;
}

seL4_Word bare_stack_top(unsigned i)
{
    return (seL4_Word)&bare_stacks[i][BARE_STACK_SIZE];
}

const char *thread_new(seL4_Word prio, seL4_Word ipc_vaddr, seL4_CPtr ipc_frame, seL4_CPtr *tcb)
{
    seL4_CPtr t;
    TRY(pool_object(seL4_TCBObject, 0, &t));
    seL4_Error err = seL4_TCB_Configure(t, seL4_CapNull, seL4_CapInitThreadCNode, 0,
                                        seL4_CapInitThreadVSpace, 0, ipc_vaddr, ipc_frame);
    if (err != seL4_NoError) {
        return systest_reason("TCB_Configure of a new thread: %s", error_name(err));
    }
    err = seL4_TCB_SetPriority(t, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError) {
        return systest_reason("TCB_SetPriority(%lu) of a new thread: %s", (unsigned long)prio,
                              error_name(err));
    }
    *tcb = t;
    return NULL;
}

const char *thread_start(seL4_CPtr tcb, void *entry, seL4_Word stack_top, seL4_Word a0,
                         seL4_Word a1, seL4_Word a2)
{
    seL4_UserContext regs;
    seL4_Word n = sizeof(regs) / sizeof(seL4_Word);
    seL4_Error err = seL4_TCB_ReadRegisters(tcb, false, 0, n, &regs);
    if (err != seL4_NoError) {
        return systest_reason("TCB_ReadRegisters of a new thread: %s", error_name(err));
    }
    regs.rip = (seL4_Word)entry;
    regs.rsp = (stack_top & ~0xful) - 8; /* as if `call` had pushed a return address */
    regs.rdi = a0;
    regs.rsi = a1;
    regs.rdx = a2;
    err = seL4_TCB_WriteRegisters(tcb, false, 0, n, &regs);
    if (err != seL4_NoError) {
        return systest_reason("TCB_WriteRegisters of a new thread: %s", error_name(err));
    }
    err = seL4_TCB_Resume(tcb);
    if (err != seL4_NoError) {
        return systest_reason("TCB_Resume of a new thread: %s", error_name(err));
    }
    return NULL;
}

/* Where every full helper begins: its TLS base is already set by its creator. */
static _Noreturn void helper_entry(helper_t *h)
{
    seL4_SetIPCBuffer(h->ipc);
    h->started = 1;
    h->result = h->fn(h->arg[0], h->arg[1], h->arg[2], h->arg[3]);
    __atomic_store_n(&h->done, 1, __ATOMIC_SEQ_CST);
    seL4_TCB_Suspend(h->tcb);
    for (;;) {
        seL4_Yield(); /* not reached: a suspended thread does not come back */
    }
}

const char *helper_create(helper_t *h, seL4_Word prio)
{
    memset(h, 0, sizeof(*h));
    unsigned i = 0;
    while (i < HELPER_MAX && helper_owner[i]) {
        i++;
    }
    if (i == HELPER_MAX) {
        return systest_reason("thread_helpers: all %d helper sets are in use", HELPER_MAX);
    }
    h->index = i;
    h->ipc = &helper_ipc[i];
    memset(h->ipc, 0, sizeof(*h->ipc));
    TRY(thread_new(prio, (seL4_Word)h->ipc, image_frame_cap(h->ipc), &h->tcb));
    helper_owner[i] = h;
    h->tls_base = tls_block_init(helper_tls[i], TLS_AREA_SIZE);
    seL4_Error err = seL4_TCB_SetTLSBase(h->tcb, h->tls_base);
    if (err != seL4_NoError) {
        return systest_reason("TCB_SetTLSBase of a new helper: %s", error_name(err));
    }
    return NULL;
}

const char *helper_start(helper_t *h, helper_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                         seL4_Word a3)
{
    h->fn = fn;
    h->arg[0] = a0;
    h->arg[1] = a1;
    h->arg[2] = a2;
    h->arg[3] = a3;
    h->started = h->done = h->result = 0;
    return thread_start(h->tcb, (void *)helper_entry,
                        (seL4_Word)&helper_stacks[h->index][HELPER_STACK_SIZE], (seL4_Word)h, 0,
                        0);
}

const char *helper_run(helper_t *h, seL4_Word prio, helper_fn_t fn, seL4_Word a0, seL4_Word a1,
                       seL4_Word a2, seL4_Word a3)
{
    TRY(helper_create(h, prio));
    return helper_start(h, fn, a0, a1, a2, a3);
}

const char *helper_wait(helper_t *h, seL4_Word ms)
{
    if (!YIELD_UNTIL(h->done, ms)) {
        return systest_reason("helper %u (TCB slot %lu) did not finish within %lu ms", h->index,
                              (unsigned long)h->tcb, (unsigned long)ms);
    }
    return NULL;
}

const char *helper_destroy(helper_t *h)
{
    const char *why = NULL;
    if (h->tcb) {
        seL4_Error err = seL4_CNode_Delete(ROOT, h->tcb, ROOT_DEPTH);
        if (err != seL4_NoError) {
            why = systest_reason("CNode_Delete of helper TCB slot %lu: %s", (unsigned long)h->tcb,
                                 error_name(err));
        }
        h->tcb = 0;
    }
    if (h->index < HELPER_MAX && helper_owner[h->index] == h) {
        helper_owner[h->index] = NULL;
    }
    return why;
}

void threads_begin(void)
{
    scratch_begin();
}

const char *threads_end(bool report)
{
    const char *why = NULL;
    /* Back to the top first, so that no leftover thread can starve the cleanup. */
    seL4_Error err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, ROOT_PRIO);
    if (err != seL4_NoError && report) {
        why = systest_reason("cleanup: root SetPriority(%d): %s", ROOT_PRIO, error_name(err));
    }
    const char *clean = scratch_end(report);
    /* The helper_t records themselves were the test's; only the sets are ours. */
    for (unsigned i = 0; i < HELPER_MAX; i++) {
        helper_owner[i] = NULL;
    }
    return why ? why : clean;
}

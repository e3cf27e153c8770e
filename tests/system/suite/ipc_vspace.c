/*
 * IPC between address spaces: sel4test's IPC1001-1004 (the IPC0001-0004
 * message functions between two helper *processes*) and 10,000 Call/ReplyRecv
 * round trips between two processes (IPCPINGPONG1001).
 *
 * A process here: a new PML4 with an ASID from the root task's pool; the root
 * image's pages mapped at their own addresses through copies of the
 * bootinfo frame caps (so code and data are shared with the root task, which
 * is how the workers' records and results come back); private frames for its
 * IPC buffer, TLS block and stack at PROC_PRIV, which the root VSpace does
 * not have; and its own 16-slot CSpace holding only what it needs.  Both
 * processes of a test use the same private addresses for different frames,
 * so a missing address-space switch would mix their IPC buffers and stacks.
 *
 * These tests need seL4_X86_{PDPT,PageDirectory,PageTable,Page}_Map and
 * ASIDPool_Assign; if mapping fails the test fails at once with the call and
 * its error, and a process that faults (a mapping that "worked" but does not)
 * is reported by the supervisor with its fault.
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

/* The private area, in a 2 MiB region of its own:
 *   PROC_PRIV + 0x0000  IPC buffer page
 *   PROC_PRIV + 0x1000  TLS page
 *   PROC_PRIV + 0x2000  stack, PROC_STACK_PAGES pages, growing down from PROC_STACK_TOP */
#define PROC_PRIV 0x10000000ul
#define PROC_IPC PROC_PRIV
#define PROC_TLS (PROC_PRIV + 0x1000)
#define PROC_STACK_PAGES 4
#define PROC_STACK_TOP (PROC_PRIV + 0x2000 + PROC_STACK_PAGES * 0x1000)

/* The process's CSpace: one CNode of 2^PCS_RADIX slots, guard 0 of 64 - PCS_RADIX bits. */
#define PCS_RADIX 4
enum { PCS_EP = 1, PCS_SELF = 2, PCS_DONE = 3, PCS_FAULT = 4 };

typedef struct proc {
    worker_t w;
    seL4_CPtr pml4, cnode;
} proc_t;

extern const char __ehdr_start[];

/* Where a process begins: make its TLS in its own page, then run like any worker. */
static _Noreturn void proc_entry(worker_t *w)
{
    seL4_SetTLSBase(tls_block_init((void *)w->tls_area, 4096));
    seL4_SetIPCBuffer(w->ipc);
    worker_body(w);
}

/* Reason naming a failed mapping call. */
static const char *map_error(const char *what, seL4_Word vaddr, seL4_Error err)
{
    return systest_reason("%s at %#lx in a new VSpace: %s (are VSpace mappings implemented?)",
                          what, (unsigned long)vaddr, error_name(err));
}

/* Map a new paging structure of `type` covering vaddr, unless one is there already. */
static const char *map_table(seL4_CPtr pml4, seL4_Word vaddr, seL4_Word type, const char *what)
{
    seL4_CPtr table;
    TRY(pool_object(type, 0, &table));
    seL4_Error err;
    if (type == seL4_X86_PDPTObject) {
        err = seL4_X86_PDPT_Map(table, pml4, vaddr, seL4_X86_Default_VMAttributes);
    } else if (type == seL4_X86_PageDirectoryObject) {
        err = seL4_X86_PageDirectory_Map(table, pml4, vaddr, seL4_X86_Default_VMAttributes);
    } else {
        err = seL4_X86_PageTable_Map(table, pml4, vaddr, seL4_X86_Default_VMAttributes);
    }
    if (err == seL4_DeleteFirst) {
        seL4_CNode_Delete(ROOT, table, ROOT_DEPTH);
        return NULL;
    }
    return err == seL4_NoError ? NULL : map_error(what, vaddr, err);
}

/* Map frame cap `frame` at vaddr (read-write), with the PDPT/PD/PT it needs. */
static const char *map_frame(seL4_CPtr pml4, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_Error err = seL4_X86_Page_Map(frame, pml4, vaddr, seL4_ReadWrite,
                                       seL4_X86_Default_VMAttributes);
    if (err == seL4_FailedLookup) {
        TRY(map_table(pml4, vaddr, seL4_X86_PDPTObject, "seL4_X86_PDPT_Map"));
        TRY(map_table(pml4, vaddr, seL4_X86_PageDirectoryObject, "seL4_X86_PageDirectory_Map"));
        TRY(map_table(pml4, vaddr, seL4_X86_PageTableObject, "seL4_X86_PageTable_Map"));
        err = seL4_X86_Page_Map(frame, pml4, vaddr, seL4_ReadWrite, seL4_X86_Default_VMAttributes);
    }
    return err == seL4_NoError ? NULL : map_error("seL4_X86_Page_Map", vaddr, err);
}

/* A new VSpace with the root image shared and the private area fresh; *ipc_frame = its
 * IPC buffer's frame cap. */
static const char *proc_vspace(proc_t *p, seL4_CPtr *ipc_frame)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    TRY(pool_object(seL4_X64_PML4Object, 0, &p->pml4));
    seL4_Error err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, p->pml4);
    if (err != seL4_NoError) {
        return map_error("seL4_X86_ASIDPool_Assign", 0, err);
    }
    seL4_Word base = (seL4_Word)__ehdr_start & ~0xffful;
    for (seL4_CPtr f = bi->userImageFrames.start; f < bi->userImageFrames.end; f++) {
        seL4_CPtr copy;
        TRY(copy_new(f, &copy));
        TRY(map_frame(p->pml4, copy, base + (f - bi->userImageFrames.start) * 0x1000));
    }
    for (seL4_Word page = 0; page < 2 + PROC_STACK_PAGES; page++) {
        seL4_CPtr frame;
        TRY(pool_object(seL4_X86_4K, 0, &frame));
        TRY(map_frame(p->pml4, frame, PROC_PRIV + page * 0x1000));
        if (page == 0) {
            *ipc_frame = frame;
        }
    }
    return NULL;
}

/* Copy root slot `src` into slot `index` of the process's CNode. */
static const char *proc_give(proc_t *p, seL4_Word index, seL4_CPtr src)
{
    seL4_Error err = seL4_CNode_Copy(p->cnode, index, PCS_RADIX, ROOT, src, ROOT_DEPTH,
                                     seL4_AllRights);
    if (err != seL4_NoError) {
        return systest_reason("copying slot %lu into a process CSpace: %s", (unsigned long)src,
                              error_name(err));
    }
    return NULL;
}

/* A process at `prio` whose CSpace holds `ep` (a root slot) at PCS_EP; not started. */
static const char *proc_create(proc_t *p, seL4_Word prio, seL4_CPtr ep)
{
    worker_t *w = &p->w;
    seL4_CPtr ipc_frame = 0, fault, tcb;
    TRY(worker_claim(w));
    w->ipc = (seL4_IPCBuffer *)PROC_IPC;
    w->stack_top = PROC_STACK_TOP;
    w->tls_area = PROC_TLS;
    w->self_cptr = PCS_SELF;
    w->done_cptr = PCS_DONE;
    w->entry = (void *)proc_entry;
    TRY(proc_vspace(p, &ipc_frame));
    TRY(pool_object(seL4_CapTableObject, PCS_RADIX, &p->cnode));
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    TRY(worker_fault_cap(w, &fault));
    TRY(proc_give(p, PCS_EP, ep));
    TRY(proc_give(p, PCS_SELF, tcb));
    TRY(proc_give(p, PCS_DONE, ipct.done_ntfn));
    TRY(proc_give(p, PCS_FAULT, fault));
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - PCS_RADIX).words[0];
    seL4_Error err = seL4_TCB_Configure(tcb, PCS_FAULT, p->cnode, guard, p->pml4, 0, PROC_IPC,
                                        ipc_frame);
    if (err != seL4_NoError) {
        return systest_reason("TCB_Configure of a process: %s", error_name(err));
    }
    w->tcb = tcb;
    return worker_set_prio(w, prio);
}

/* Two processes on one endpoint, through ipc_pair_run (ipc.c). */
static const char *pair_between_vspaces(worker_fn_t fa, worker_fn_t fb)
{
    seL4_CPtr ep;
    static proc_t a, b;
    TRY(new_endpoint(&ep));
    TRY(proc_create(&a, 100, ep));
    TRY(proc_create(&b, 100, ep));
    return ipc_pair_run(&a.w, &b.w, PCS_EP, PCS_EP, fa, fb);
}

IPC_TEST(IPC1001)
{
    (void)self;
    return pair_between_vspaces(ipc_fn_send, ipc_fn_recv);
}

IPC_TEST(IPC1002)
{
    (void)self;
    return pair_between_vspaces(ipc_fn_call, ipc_fn_replyrecv);
}

IPC_TEST(IPC1003)
{
    (void)self;
    return pair_between_vspaces(ipc_fn_call, ipc_fn_reply_then_recv);
}

IPC_TEST(IPC1004)
{
    (void)self;
    return pair_between_vspaces(ipc_fn_nbsend, ipc_fn_nbrecv);
}

#define PINGPONG_ROUNDS 10000
#define PINGPONG_BADGE 0x6060ul

/* IPCPINGPONG1001: 10,000 Call/ReplyRecv round trips between two processes, the
 * client's endpoint cap badged. */
IPC_TEST(IPCPINGPONG1001)
{
    (void)self;
    seL4_CPtr ep, badged;
    static proc_t server, client;
    TRY(new_endpoint(&ep));
    TRY(mint_new(ep, seL4_AllRights, PINGPONG_BADGE, &badged));
    TRY(proc_create(&server, 150, ep));
    TRY(proc_create(&client, 150, badged));
    TRY(worker_start(&server.w, ipc_fn_pingpong_server, PCS_EP, PINGPONG_ROUNDS, PINGPONG_BADGE,
                     0));
    TRY(worker_start(&client.w, ipc_fn_pingpong_client, PCS_EP, PINGPONG_ROUNDS, 0, 0));
    TRY(worker_join(&client.w));
    return worker_join(&server.w);
}

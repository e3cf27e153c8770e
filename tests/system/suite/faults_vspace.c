/*
 * Fault tests that need VSpace mappings: sel4test's inter-address-space
 * PAGEFAULT1001-1004, FRAMEDIPC0003 (deleting a mapped frame cap unmaps the
 * frame), and handlers that repair a VM fault by mapping a page.
 *
 * Every mapping call that fails makes the test fail with a reason that says
 * so ("VSpace mapping: ..."); waits are bounded as everywhere else.
 *
 * A "process" here is a thread with its own CSpace (a 16-slot CNode with a
 * 60-bit guard) and its own VSpace (a new PML4 with an ASID from the root's
 * pool) in which every page of the root image is mapped again, at the same
 * address, through copies of the image's frame caps.  Code and data are
 * thus shared with the root (which reads the process's results directly),
 * but the address space, the CSpace and the fault endpoint are the
 * process's own, as in sel4test's helper processes.
 *
 *   process CSpace: 1 its own TCB, 2 the fault endpoint, 3 the other TCB
 *   root VSpace:    FV_AREA (PML4 entry 7) holds the pages these tests map
 */
#include "fault_helpers.h"

extern char __ehdr_start[];

#define FV_AREA 0x0000038000000000ul
#define PROC_SELF 1
#define PROC_EP 2
#define PROC_OTHER_TCB 3
#define ATTR seL4_X86_Default_VMAttributes

/* ---- mapping ------------------------------------------------------------------ */

/* A mapping call's failure as a reason. */
static const char *map_failed(const char *what, seL4_Word vaddr, seL4_Error err)
{
    return systest_reason("VSpace mapping: %s at %#lx failed: %s", what, (unsigned long)vaddr,
                          error_name(err));
}

/* New PDPT, PD and PT covering vaddr in `vspace`, each unless one is there already. */
static const char *map_tables(seL4_CPtr vspace, seL4_Word vaddr)
{
    static const struct {
        seL4_Word type;
        const char *name;
    } levels[] = {{seL4_X86_PDPTObject, "PDPT_Map"},
                  {seL4_X86_PageDirectoryObject, "PageDirectory_Map"},
                  {seL4_X86_PageTableObject, "PageTable_Map"}};
    for (unsigned i = 0; i < 3; i++) {
        seL4_CPtr obj;
        TRY(pool_object(levels[i].type, 0, &obj));
        seL4_Error err;
        if (i == 0) {
            err = seL4_X86_PDPT_Map(obj, vspace, vaddr, ATTR);
        } else if (i == 1) {
            err = seL4_X86_PageDirectory_Map(obj, vspace, vaddr, ATTR);
        } else {
            err = seL4_X86_PageTable_Map(obj, vspace, vaddr, ATTR);
        }
        if (err == seL4_DeleteFirst) {
            EXPECT_OK(seL4_CNode_Delete(ROOT, obj, ROOT_DEPTH));
        } else if (err != seL4_NoError) {
            return map_failed(levels[i].name, vaddr, err);
        }
    }
    return NULL;
}

/* A new 4 KiB frame mapped at vaddr of the root VSpace with `rights` (*frame: its cap). */
static const char *map_new_page(seL4_Word vaddr, seL4_CapRights_t rights, seL4_CPtr *frame)
{
    TRY(pool_object(seL4_X86_4K, 0, frame));
    seL4_Error err = seL4_X86_Page_Map(*frame, seL4_CapInitThreadVSpace, vaddr, rights, ATTR);
    if (err != seL4_NoError) {
        return map_failed("Page_Map", vaddr, err);
    }
    return NULL;
}

/* ---- processes ------------------------------------------------------------------ */

typedef struct process {
    helper_t thread;
    seL4_CPtr pml4, cnode;   /* cnode: its CSpace root (guarded cap) */
    volatile seL4_Word done; /* 1 + the result of its function, 0 while running */
} process_t;

/* Root slots for the frame-cap copies of the two processes (made once, reused). */
static seL4_CPtr frame_copies;
static seL4_Word image_pages;

/* Delete every frame-cap copy (unmapping it from its process). */
static void release_frame_copies(void)
{
    for (seL4_Word i = 0; frame_copies && i < 2 * image_pages; i++) {
        if (cap_tag(frame_copies + i) != TAG_NULL) {
            seL4_CNode_Delete(ROOT, frame_copies + i, ROOT_DEPTH);
        }
    }
}

/* Map every page of the root image at its address in `pml4`, through copies in
 * frame_copies[first ..]. */
static const char *map_image(seL4_CPtr pml4, seL4_CPtr first)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word base = (seL4_Word)__ehdr_start & ~0xffful, last_table = ~0ul;
    for (seL4_Word i = 0; i < image_pages; i++) {
        seL4_Word vaddr = base + i * 4096;
        if ((vaddr >> 21) != last_table) {
            TRY(map_tables(pml4, vaddr));
            last_table = vaddr >> 21;
        }
        EXPECT_OK(seL4_CNode_Copy(ROOT, first + i, ROOT_DEPTH, ROOT, bi->userImageFrames.start + i,
                                  ROOT_DEPTH, seL4_AllRights));
        seL4_Error err = seL4_X86_Page_Map(first + i, pml4, vaddr, seL4_ReadWrite, ATTR);
        if (err != seL4_NoError) {
            return map_failed("Page_Map of an image page in a new VSpace", vaddr, err);
        }
    }
    return NULL;
}

/* Process number `which` (0 or 1) at priority `prio`: VSpace, CSpace, thread. */
static const char *process_create(process_t *p, unsigned which, seL4_Word prio)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    if (!frame_copies) {
        image_pages = bi->userImageFrames.end - bi->userImageFrames.start;
        frame_copies = slots_alloc(2 * image_pages);
    }
    p->done = 0;
    TRY(pool_object(seL4_X64_PML4Object, 0, &p->pml4));
    seL4_Error err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, p->pml4);
    if (err != seL4_NoError) {
        return map_failed("ASIDPool_Assign of a new PML4", 0, err);
    }
    TRY(map_image(p->pml4, frame_copies + which * image_pages));
    seL4_CPtr cnode;
    TRY(fh_cnode(4, 0, 60, &cnode, &p->cnode));
    TRY(helper_create(&p->thread, prio));
    TRY(fh_put(p->cnode, PROC_SELF, seL4_WordBits, p->thread.tcb, seL4_AllRights, 0));
    return NULL;
}

/* Move process p into its own CSpace and VSpace, with fault endpoint CPtr fault_ep. */
static const char *process_enter(process_t *p, seL4_Word fault_ep)
{
    seL4_Error err = seL4_TCB_SetSpace(p->thread.tcb, fault_ep, p->cnode, 0, p->pml4, 0);
    if (err != seL4_NoError) {
        return systest_reason("TCB_SetSpace into a new CSpace and VSpace: %s", error_name(err));
    }
    return NULL;
}

/*
 * Delete process p's thread.  Its TCB cap has copies in process CNodes: they go
 * first (Revoke), else the last TCB cap would die inside a CNode when the test's
 * cleanup deletes that, which leaves the TCB as a parked Zombie (seL4 reduceZombie,
 * unexposed case) that keeps the untyped pool busy until the pool is revoked.
 */
static const char *process_destroy(process_t *p)
{
    EXPECT_OK(seL4_CNode_Revoke(ROOT, p->thread.tcb, ROOT_DEPTH));
    return helper_destroy(&p->thread);
}

/* Record a process function's result and stop (a process cannot return: its helper
 * record names its TCB by a root CPtr). */
static seL4_Word process_exit(volatile seL4_Word *done, seL4_Word result)
{
    *done = 1 + result;
    seL4_TCB_Suspend(PROC_SELF);
    fh_thread_fail(__FILE__, __LINE__, "a process could not suspend itself");
    return 1;
}

/* The faulter process: pf_cause_fault. */
static seL4_Word proc_faulter(seL4_Word kind, seL4_Word done, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    return process_exit((volatile seL4_Word *)done, pf_cause_fault(kind));
}

/* The handler process: pf_handle_fault on its endpoint, for the faulter in its slot 3. */
static seL4_Word proc_handler(seL4_Word kind, seL4_Word flags, seL4_Word done, seL4_Word a3)
{
    (void)a3;
    return process_exit((volatile seL4_Word *)done,
                        pf_handle_fault(PROC_EP, PROC_OTHER_TCB, kind, flags));
}

/* One round between the processes, as in faults.c fault_round. */
static const char *interas_round(process_t *handler, process_t *faulter, seL4_Word kind,
                                 seL4_Word flags)
{
    TRY(helper_start(&handler->thread, proc_handler, kind, flags, (seL4_Word)&handler->done, 0));
    TRY(helper_start(&faulter->thread, proc_faulter, kind, (seL4_Word)&faulter->done, 0, 0));
    if (!YIELD_UNTIL(handler->done, FH_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the handler process did not handle the fault in time";
    }
    if ((flags & HANDLER_RESTART) && !YIELD_UNTIL(faulter->done, FH_TIMEOUT_MS)) {
        FH_TRY_THREADS();
        return "the faulter process did not finish after the reply";
    }
    FH_TRY_THREADS();
    if (handler->done != 1 || ((flags & HANDLER_RESTART) && faulter->done != 1)) {
        return "a process reported a failed check";
    }
    if (!(flags & HANDLER_RESTART) && faulter->done) {
        return "the faulter ran on although the handler did not restart it";
    }
    handler->done = faulter->done = 0;
    return NULL;
}

/* Both processes for one badge setting: fault endpoint (maybe badged) in both CSpaces,
 * the faulter's TCB in the handler's. */
static const char *interas_pair(process_t *handler, process_t *faulter, bool badged)
{
    seL4_CPtr ep, ep_cap;
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    ep_cap = ep;
    if (badged) {
        TRY(mint_new(ep, seL4_AllRights, EXPECTED_BADGE, &ep_cap));
    }
    TRY(process_create(faulter, 0, 100));
    TRY(process_create(handler, 1, 101));
    TRY(fh_put(faulter->cnode, PROC_EP, seL4_WordBits, ep_cap, seL4_AllRights, 0));
    TRY(fh_put(handler->cnode, PROC_EP, seL4_WordBits, ep_cap, seL4_AllRights, 0));
    TRY(fh_put(handler->cnode, PROC_OTHER_TCB, seL4_WordBits, faulter->thread.tcb,
               seL4_AllRights, 0));
    TRY(process_enter(faulter, PROC_EP));
    return process_enter(handler, 0);
}

/* sel4test test_fault with inter_as: the same matrix as faults.c, between processes. */
static const char *test_fault_interas(seL4_Word kind)
{
    static process_t handler, faulter;
    fh_reset();
    TRY(fh_root_wait_prio());
    for (int badged = 0; badged <= 1; badged++) {
        TRY(interas_pair(&handler, &faulter, badged));
        for (int restart = 0; restart <= 1; restart++) {
            seL4_Word flags = (badged ? HANDLER_BADGED : 0) | (restart ? HANDLER_RESTART : 0);
            for (seL4_Word prio = 100; prio <= 102; prio++) {
                EXPECT_OK(seL4_TCB_SetPriority(faulter.thread.tcb, seL4_CapInitThreadTCB, prio));
                const char *why = interas_round(&handler, &faulter, kind, flags);
                if (why) {
                    char detail[200];
                    snprintf(detail, sizeof(detail), "%s", why);
                    return systest_reason("%s, restart %d, faulter prio %lu: %s",
                                          badged ? "badged" : "unbadged", restart,
                                          (unsigned long)prio, detail);
                }
            }
        }
        TRY(process_destroy(&handler));
        TRY(process_destroy(&faulter));
        release_frame_copies();
    }
    return NULL;
}

/* The frame-cap copies live outside the scratch region after the first test. */
static const char *interas_test(seL4_Word kind)
{
    const char *why = test_fault_interas(kind);
    release_frame_copies();
    return why;
}

THREAD_TEST(PAGEFAULT1001)
{
    return interas_test(FAULT_DATA_READ_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT1002)
{
    return interas_test(FAULT_DATA_WRITE_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT1003)
{
    return interas_test(FAULT_INSTRUCTION_PAGEFAULT);
}

THREAD_TEST(PAGEFAULT1004)
{
    return interas_test(FAULT_BAD_SYSCALL);
}

/* ---- faults on pages of the root VSpace ------------------------------------------ */

static helper_t victim;
static seL4_CPtr fault_ep;

/* The victim thread (root CSpace and VSpace) with fault endpoint fault_ep, and page
 * tables for FV_AREA. */
static const char *setup(void)
{
    fh_reset();
    TRY(pool_object(seL4_EndpointObject, 0, &fault_ep));
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    TRY(fh_set_fault_ep(victim.tcb, fault_ep));
    TRY(map_tables(seL4_CapInitThreadVSpace, FV_AREA));
    fh_after_stack = fh_stack_top(1);
    return fh_root_wait_prio();
}

/* Start the victim at `rip` with RDI = addr, RAX = rax; receive its first fault. */
static const char *run_at(void *rip, seL4_Word addr, seL4_Word rax, seL4_MessageInfo_t *got)
{
    seL4_UserContext ctx;
    fh_regs_init(&ctx, rip, 0, victim.tls_base);
    ctx.rdi = addr;
    ctx.rax = rax;
    TRY(fh_start_regs(victim.tcb, &ctx));
    return fh_recv(fault_ep, FH_TIMEOUT_MS, got, NULL);
}

/*
 * sel4test FRAMEDIPC0003: a frame mapped through a copy of its cap, used, then the
 * copy deleted: the mapping goes with it (TLB included), so a write there is a VM
 * fault at that address.  (sel4test's faulter executes an undefined instruction if
 * the write goes through; here the stub does: a UserException instead.)
 */
THREAD_TEST(FRAMEDIPC0003)
{
    seL4_CPtr frame, copy;
    seL4_MessageInfo_t got;
    seL4_Word vaddr = FV_AREA + 0x1000;
    TRY(setup());
    TRY(pool_object(seL4_X86_4K, 0, &frame));
    TRY(copy_new(frame, &copy));
    seL4_Error err = seL4_X86_Page_Map(copy, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite, ATTR);
    if (err != seL4_NoError) {
        return map_failed("Page_Map", vaddr, err);
    }
    *(volatile int *)vaddr = 0;
    EXPECT_EQ(*(volatile int *)vaddr, 0);
    EXPECT_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    TRY(run_at(fh_write_insn, vaddr, 42, &got));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_write_insn, vaddr, 0, FSR_U | FSR_W);
    return NULL;
}

/* A handler repairs a VM fault by mapping a page there (and filling it), then replies:
 * the read runs again and sees the data. */
THREAD_TEST(VMFAULT_MAP0001)
{
    seL4_CPtr frame;
    seL4_MessageInfo_t got;
    seL4_Word vaddr = FV_AREA + 0x2000;
    TRY(setup());
    TRY(run_at(fh_read_insn, vaddr + 8, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_read_insn, vaddr + 8, 0, FSR_U);
    TRY(map_new_page(vaddr, seL4_ReadWrite, &frame));
    *(volatile seL4_Word *)(vaddr + 8) = 0x1234abcd;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_read_end);
    EXPECT_EQ(fh_after[seL4_UnknownSyscall_RAX], 0x1234abcd);
    return NULL;
}

/* A write to a read-only page: FSR P|W|U.  Mapped again read-write and replied to,
 * the write goes through. */
THREAD_TEST(VMFAULT_MAP0002)
{
    seL4_CPtr frame;
    seL4_MessageInfo_t got;
    seL4_Word vaddr = FV_AREA + 0x3000;
    TRY(setup());
    TRY(map_new_page(vaddr, seL4_CanRead, &frame));
    EXPECT_EQ(*(volatile seL4_Word *)vaddr, 0);
    TRY(run_at(fh_write_insn, vaddr + 16, 0x77, &got));
    FH_EXPECT_MSG(got, seL4_Fault_VMFault, 4, (seL4_Word)fh_write_insn, vaddr + 16, 0,
                  FSR_P | FSR_W | FSR_U);
    seL4_Error err = seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                       ATTR);
    if (err != seL4_NoError) {
        return map_failed("Page_Map again (remap read-write)", vaddr, err);
    }
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, 5, (seL4_Word)fh_write_end);
    EXPECT_EQ(*(volatile seL4_Word *)(vaddr + 16), 0x77);
    return NULL;
}

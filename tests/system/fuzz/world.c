/*
 * Building, restarting and tearing down fuzz worlds (see world.h, fuzz.h).
 *
 * The root cannot invoke caps inside another CNode, so everything that
 * needs setting up (VSpace, mappings, the TCB) is made in the world's build
 * slots of the root CNode, set up there, then moved into the world's CNode.
 * Objects the thread only holds are retyped straight into its CNode.
 */
#include <stdio.h>
#include <string.h>

#include "world.h"

world_t worlds[FUZZ_MAX_WORLDS];
unsigned n_worlds;
shared_t shared;

#define LARGE_PAGE (1ul << 21)

/* Names "fuzz-w0".."fuzz-w7" (the scheduler dump shows them). */
static const char *const world_names[FUZZ_MAX_WORLDS] = {
    "fuzz-w0", "fuzz-w1", "fuzz-w2", "fuzz-w3", "fuzz-w4", "fuzz-w5", "fuzz-w6", "fuzz-w7",
};

/* Once per world: its untyped and its root slots. */
void world_init(world_t *w, unsigned index)
{
    memset(w, 0, sizeof(*w));
    w->index = index;
    w->ut = untyped_new(WORLD_UT_BITS);
    w->cnode = slot_alloc();
    w->hidden = slot_alloc();
    w->tcb = slot_alloc();
    w->build = slots_alloc(WORLD_BUILD_SLOTS);
}

/* Harvest the running generation's counters, then revoke the world's untyped. */
void world_teardown(world_t *w)
{
    if (w->state == W_RUNNING) {
        w->done += world_count(w);
        fuzz_stats_collect(w, &fuzz_ctrl_pages[w->index]);
    }
    w->state = W_IDLE;
    /* Every object of the world, and every cap to one anywhere, goes. */
    check(seL4_CNode_Revoke(ROOT, w->ut, ROOT_DEPTH), "Revoke of a world's untyped");
    for (unsigned i = 0; i < WORLD_BUILD_SLOTS; i++) {
        if (seL4_DebugCapIdentify(w->build + i) != TAG_NULL) {
            harness_fail("world %u: build slot %u not empty after teardown", w->index, i);
        }
    }
    if (seL4_DebugCapIdentify(w->tcb) != TAG_NULL || seL4_DebugCapIdentify(w->cnode) != TAG_NULL) {
        harness_fail("world %u: its TCB or CNode cap survived the revoke of its untyped", w->index);
    }
}

/* Move root slot `src` into slot `dest` of the world's CNode. */
static void move_in(world_t *w, seL4_CPtr src, seL4_Word dest)
{
    check(seL4_CNode_Move(w->cnode, dest, WCN_BITS, ROOT, src, ROOT_DEPTH), "move into a world");
}

/* Mint root slot `src` into slot `dest` of the world's CNode. */
static void mint_in(world_t *w, seL4_CPtr src, seL4_Word dest, seL4_CapRights_t rights,
                    seL4_Word badge)
{
    check(seL4_CNode_Mint(w->cnode, dest, WCN_BITS, ROOT, src, ROOT_DEPTH, rights, badge),
          "mint into a world");
}

/* A CNode cap's guard data: `size` guard bits of value 0. */
static seL4_Word guard(seL4_Word size)
{
    return seL4_CNode_CapData_new(0, size).words[0];
}

/* The world's VSpace: PML4 (build+0), PDPT (+1), PD (+2), region PT (+3), image PTs (+4, +5),
 * stack (+6..+9) and IPC buffer (+10) frames, the control page and the image pages. */
static void build_vspace(world_t *w)
{
    seL4_CPtr b = w->build;
    seL4_CapRights_t rw = seL4_AllRights, ro = seL4_CanRead;
    seL4_Word attr = seL4_X86_Default_VMAttributes;
    seL4_Word img_start, img_end;
    image_ro_range(&img_start, &img_end);
    if ((img_end - 1) / LARGE_PAGE - img_start / LARGE_PAGE > 1) {
        harness_fail("the image's read-only part spans more than two page tables");
    }

    retype_into(w->ut, seL4_X64_PML4Object, 0, ROOT, b + 0, 1);
    check(seL4_X86_ASIDPool_Assign(shared.pool_harness, b + 0),
          "ASIDPool_Assign of a world's PML4 (leaked ASIDs?)");
    retype_into(w->ut, seL4_X86_PDPTObject, 0, ROOT, b + 1, 1);
    check(seL4_X86_PDPT_Map(b + 1, b + 0, 0, attr), "PDPT_Map");
    retype_into(w->ut, seL4_X86_PageDirectoryObject, 0, ROOT, b + 2, 1);
    check(seL4_X86_PageDirectory_Map(b + 2, b + 0, 0, attr), "PageDirectory_Map");
    retype_into(w->ut, seL4_X86_PageTableObject, 0, ROOT, b + 3, 3);
    check(seL4_X86_PageTable_Map(b + 3, b + 0, FUZZ_REGION_PT_VADDR, attr), "PageTable_Map");
    check(seL4_X86_PageTable_Map(b + 4, b + 0, img_start & ~(LARGE_PAGE - 1), attr),
          "PageTable_Map (image)");
    if ((img_end - 1) / LARGE_PAGE != img_start / LARGE_PAGE) {
        check(seL4_X86_PageTable_Map(b + 5, b + 0, (img_end - 1) & ~(LARGE_PAGE - 1), attr),
              "PageTable_Map (image, second)");
    }

    retype_into(w->ut, seL4_X86_4K, 0, ROOT, b + 6, FUZZ_STACK_PAGES + 1);
    for (unsigned i = 0; i < FUZZ_STACK_PAGES; i++) {
        check(seL4_X86_Page_Map(b + 6 + i, b + 0, FUZZ_STACK_VADDR + i * 4096ul, rw, attr),
              "Page_Map (stack)");
    }
    check(seL4_X86_Page_Map(b + 10, b + 0, FUZZ_IPC_VADDR, rw, attr), "Page_Map (IPC buffer)");

    /* The control page and the image pages: copies of the root's frames, kept in the hidden CNode. */
    seL4_Word h = 0;
    check(seL4_CNode_Copy(ROOT, b + 11, ROOT_DEPTH, ROOT, image_frame_cap(&fuzz_ctrl_pages[w->index]),
                          ROOT_DEPTH, rw),
          "copy of the control page");
    check(seL4_X86_Page_Map(b + 11, b + 0, FUZZ_CTRL_VADDR, rw, attr), "Page_Map (control page)");
    check(seL4_CNode_Move(w->hidden, h++, 9, ROOT, b + 11, ROOT_DEPTH), "move into hidden");
    for (seL4_Word va = img_start; va < img_end; va += 4096) {
        check(seL4_CNode_Mint(ROOT, b + 11, ROOT_DEPTH, ROOT, image_frame_cap((void *)va), ROOT_DEPTH,
                              ro, 0),
              "copy of an image page");
        check(seL4_X86_Page_Map(b + 11, b + 0, va, ro, attr), "Page_Map (image)");
        check(seL4_CNode_Move(w->hidden, h++, 9, ROOT, b + 11, ROOT_DEPTH), "move into hidden");
    }
}

/* Objects the thread only holds: retyped straight into its CNode. */
static void build_objects(world_t *w)
{
    retype_into(w->ut, seL4_UntypedObject, 20, w->cnode, WS_UNTYPED, 1);
    retype_into(w->ut, seL4_TCBObject, 0, w->cnode, WS_XTCB, 2);
    retype_into(w->ut, seL4_EndpointObject, 0, w->cnode, WS_EP, 2);
    retype_into(w->ut, seL4_NotificationObject, 0, w->cnode, WS_NTFN, 2);
    retype_into(w->ut, seL4_X86_4K, 0, w->cnode, WS_FRAME, 4);
    retype_into(w->ut, seL4_X86_PageTableObject, 0, w->cnode, WS_SPARE_PT, 1);
    retype_into(w->ut, seL4_X86_PageDirectoryObject, 0, w->cnode, WS_SPARE_PD, 1);
    retype_into(w->ut, seL4_X86_PDPTObject, 0, w->cnode, WS_SPARE_PDPT, 1);
    retype_into(w->ut, seL4_X64_PML4Object, 0, w->cnode, WS_SPARE_PML4, 1);
    check(seL4_CNode_Mint(w->cnode, WS_EP_BADGED, WCN_BITS, w->cnode, WS_EP, WCN_BITS,
                          seL4_AllRights, 5),
          "badged endpoint");
    check(seL4_CNode_Mint(w->cnode, WS_NTFN_BADGED, WCN_BITS, w->cnode, WS_NTFN, WCN_BITS,
                          seL4_AllRights, 9),
          "badged notification");

    /* A small CNode holding a cap to itself and one to the world's CNode (two cycles). */
    seL4_CPtr sub = w->build + 12;
    retype_into(w->ut, seL4_CapTableObject, SUB_CNODE_BITS, ROOT, sub, 1);
    check(seL4_CNode_Mint(sub, 0, SUB_CNODE_BITS, ROOT, w->cnode, ROOT_DEPTH, seL4_AllRights,
                          guard(64 - WCN_BITS)),
          "sub-CNode: world CNode cap");
    check(seL4_CNode_Copy(sub, 1, SUB_CNODE_BITS, ROOT, sub, ROOT_DEPTH, seL4_AllRights),
          "sub-CNode: cap to itself");
    move_in(w, sub, WS_SUB_CNODE);
}

/* Copies of the shared objects and of the other fuzz threads' TCBs. */
static void build_shared(world_t *w)
{
    seL4_CapRights_t all = seL4_AllRights;
    for (unsigned i = 0; i < 2; i++) {
        mint_in(w, shared.ep[i], WS_SHARED_EP + i, all, 0);
        mint_in(w, shared.ntfn[i], WS_SHARED_NTFN + i, all, 0);
        mint_in(w, shared.frame[i], WS_SHARED_FRAME + i, all, 0);
    }
    mint_in(w, shared.cnode, WS_SHARED_CNODE, all, 0);
    mint_in(w, shared.pool_fuzz, WS_ASID_POOL, all, 0);
    mint_in(w, seL4_CapASIDControl, WS_ASID_CONTROL, all, 0);
    mint_in(w, seL4_CapDomain, WS_DOMAIN, all, 0);
    mint_in(w, shared.watch_ep, WS_WATCH_EP, seL4_CanWrite, 0x1000 + w->index);
    mint_in(w, shared.watch_ntfn, WS_WATCH_NTFN, seL4_CanWrite, 2);
    mint_in(w, shared.watch_frame, WS_WATCH_FRAME, seL4_CanRead, 0);
    mint_in(w, shared.fault_ep, WS_FAULT_EP, seL4_CapRights_new(1, 0, 0, 1),
            BADGE_WORLD + w->index);
    for (unsigned v = 0; v < n_worlds; v++) {
        world_t *o = &worlds[v];
        if (v == w->index || o->state != W_RUNNING) {
            continue;
        }
        /* Both ways; the other world may have filled its slot with something else. */
        (void)seL4_CNode_Copy(w->cnode, WS_OTHER_TCB + v, WCN_BITS, ROOT, o->tcb, ROOT_DEPTH, all);
        (void)seL4_CNode_Copy(o->cnode, WS_OTHER_TCB + w->index, WCN_BITS, ROOT, w->tcb,
                              ROOT_DEPTH, all);
    }
}

/* The control page for a new generation: counters cleared, random state seeded. */
static void init_ctrl(world_t *w)
{
    struct fuzz_ctrl *c = &fuzz_ctrl_pages[w->index];
    memset(c, 0, sizeof(*c));
    c->world = w->index;
    c->generation = w->generation;
    uint64_t s = fz_mix(fuzz_params.seed ^ fz_mix(w->index + 1) ^ fz_mix(w->generation << 20));
    c->rng[0] = s | 1;
    c->rng[1] = fz_mix(s);
    c->budget = w->budget = 1000 + fz_mix(s ^ 0xb0d6e7) % 4000;
    c->flags = fuzz_params.flags;
    memcpy(c->hint, shared.hint, sizeof(c->hint));
    c->magic = FUZZ_CTRL_MAGIC;
}

/* The registers a fuzz thread starts with. */
static void entry_regs(seL4_UserContext *regs)
{
    memset(regs, 0, sizeof(*regs));
    regs->rip = (seL4_Word)fuzz_thread_main;
    regs->rsp = FUZZ_STACK_TOP - 8;
    regs->rflags = 0x202;
    regs->rdi = FUZZ_CTRL_VADDR;
}

/* A new generation: CNodes, TCB, VSpace, objects, shared caps, control page; then start. */
void world_build(world_t *w)
{
    world_teardown(w);
    w->generation++;
    seL4_CPtr b = w->build;
    retype_into(w->ut, seL4_CapTableObject, WCN_BITS, ROOT, w->cnode, 1);
    retype_into(w->ut, seL4_CapTableObject, 9, ROOT, w->hidden, 1);
    retype_into(w->ut, seL4_TCBObject, 0, ROOT, w->tcb, 1);
    build_vspace(w);

    check(seL4_TCB_Configure(w->tcb, WS_FAULT_EP, w->cnode, guard(64 - WCN_BITS), b + 0, 0,
                             FUZZ_IPC_VADDR, b + 10),
          "Configure of a fuzz thread");
    check(seL4_TCB_SetMCPriority(w->tcb, seL4_CapInitThreadTCB, FUZZ_PRIO), "SetMCPriority");
    check(seL4_TCB_SetPriority(w->tcb, seL4_CapInitThreadTCB, FUZZ_PRIO), "SetPriority");
    seL4_DebugNameThread(w->tcb, world_names[w->index]);

    move_in(w, b + 0, WS_PML4);
    move_in(w, b + 1, WS_PDPT);
    move_in(w, b + 2, WS_PD);
    move_in(w, b + 3, WS_PT_REGION);
    move_in(w, b + 4, WS_PT_IMAGE);
    move_in(w, b + 5, WS_PT_IMAGE + 1);
    for (unsigned i = 0; i < FUZZ_STACK_PAGES; i++) {
        move_in(w, b + 6 + i, WS_STACK + i);
    }
    move_in(w, b + 10, WS_IPC_FRAME);
    check(seL4_CNode_Copy(w->cnode, WS_TCB, WCN_BITS, ROOT, w->tcb, ROOT_DEPTH, seL4_AllRights),
          "copy of the TCB");
    mint_in(w, w->cnode, WS_CNODE, seL4_AllRights, guard(64 - WCN_BITS));
    mint_in(w, w->cnode, WS_CNODE_G48, seL4_AllRights, guard(48));
    mint_in(w, w->cnode, WS_CNODE_G0, seL4_AllRights, guard(0));
    build_objects(w);
    build_shared(w);

    init_ctrl(w);
    w->last_count = 0;
    w->last_change = tsc_now();
    w->fault_count = 0;
    w->strikes = 0;
    w->stalls = 0;
    w->state = W_RUNNING;
    seL4_UserContext regs;
    entry_regs(&regs);
    check(seL4_TCB_WriteRegisters(w->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
          "WriteRegisters to start a fuzz thread");
}

/* Send the thread back to fuzz_thread_main (WriteRegisters, resume). */
bool world_restart(world_t *w)
{
    seL4_UserContext regs;
    entry_regs(&regs);
    return seL4_TCB_WriteRegisters(w->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs) ==
           seL4_NoError;
}

/* The control page's count, clamped: the thread may have scribbled on it. */
uint64_t world_count(const world_t *w)
{
    uint64_t n = ((volatile struct fuzz_ctrl *)&fuzz_ctrl_pages[w->index])->count;
    return n < w->budget + 2 ? n : w->budget + 2;
}

/* Finished generations plus the running one. */
uint64_t world_total(const world_t *w)
{
    return w->done + (w->state == W_RUNNING ? world_count(w) : 0);
}

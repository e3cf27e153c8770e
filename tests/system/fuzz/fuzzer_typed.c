/*
 * Typed invocations (runs in a fuzz thread, see fuzzer.h): given the tag of
 * the cap in a slot, a label that type knows (usually) with arguments in
 * the order libsel4 sends them, drawn mostly from values that get past the
 * first checks, so that the kernel really retypes, copies, maps, binds,
 * suspends and deletes.  One message in ten is then mutated a little.
 */
#include "fuzzer.h"

/* Rights bits (sometimes a whole junk word). */
static seL4_Word fz_rights(struct fuzz_ctrl *c)
{
    return below(c, 8) ? below(c, 16) : fz_word(c);
}

/* A CPtr to a slot of the kind named (one of a few), else anything. */
static seL4_Word pick(struct fuzz_ctrl *c, const seL4_Word *slots, unsigned n)
{
    return below(c, 5) ? slots[below(c, n)] : fz_cptr(c);
}

static const seL4_Word tcbs[] = {WS_TCB, WS_XTCB, WS_XTCB + 1, WS_OTHER_TCB, WS_OTHER_TCB + 1,
                                 WS_OTHER_TCB + 2, WS_OTHER_TCB + 3, WS_FREE, WS_FREE + 1};
static const seL4_Word cnodes[] = {WS_CNODE, WS_CNODE, WS_CNODE_G0, WS_CNODE_G48, WS_SUB_CNODE,
                                   WS_SHARED_CNODE};
static const seL4_Word vspaces[] = {WS_PML4, WS_PML4, WS_SPARE_PML4, WS_FREE, WS_FREE + 2};
static const seL4_Word frames[] = {WS_IPC_FRAME, WS_FRAME, WS_FRAME + 1, WS_SHARED_FRAME,
                                   WS_WATCH_FRAME, WS_STACK, 0};
static const seL4_Word ntfns[] = {WS_NTFN, WS_NTFN_BADGED, WS_SHARED_NTFN, WS_SHARED_NTFN + 1,
                                  WS_WATCH_NTFN};
static const seL4_Word untypeds[] = {WS_UNTYPED, WS_FREE, WS_FREE + 1, WS_FREE + 3};
static const seL4_Word eps[] = {WS_FAULT_EP, WS_EP, WS_SHARED_EP, WS_WATCH_EP, 0};

#define PICK(c, set) pick(c, set, sizeof(set) / sizeof(set[0]))

/* An index that goes with a depth: a slot for 64/8, a small one for 4/6, junk otherwise. */
static seL4_Word index_for(struct fuzz_ctrl *c, seL4_Word depth, bool dest)
{
    if (below(c, 10) == 0) {
        return fz_word(c);
    }
    switch (depth) {
    case 64:
    case 8:
        return dest ? fz_free_slot(c) : below(c, 2) ? below(c, WS_FREE) : fz_cptr(c) & 0xff;
    case 4:
        return below(c, 16);
    case 6:
        return below(c, 64);
    default:
        return fz_cptr(c);
    }
}

/* Untyped_Retype: a type and size that mostly pass, into a CNode it holds, 1..4 objects. */
static void untyped_retype(struct fuzz_ctrl *c, fz_msg_t *m)
{
    /* size_bits that pass for each type: untyped 4..20, CNode 1..10, others ignore it. */
    static const seL4_Word types[] = {seL4_UntypedObject, seL4_TCBObject, seL4_EndpointObject,
                                      seL4_NotificationObject, seL4_CapTableObject,
                                      seL4_X86_PDPTObject, seL4_X64_PML4Object,
                                      seL4_X64_HugePageObject, seL4_X86_4K, seL4_X86_LargePageObject,
                                      seL4_X86_PageTableObject, seL4_X86_PageDirectoryObject,
                                      seL4_TCBObject, seL4_EndpointObject, seL4_X86_4K, 12, 13, 255};
    seL4_Word type = below(c, 10) ? types[below(c, sizeof(types) / sizeof(types[0]))] : fz_word(c);
    seL4_Word bits = 0;
    if (type == seL4_UntypedObject) {
        bits = 4 + below(c, 17);
    } else if (type == seL4_CapTableObject) {
        bits = below(c, 11);
    }
    if (below(c, 10) == 0) {
        bits = fz_word(c);
    }
    seL4_Word depth = below(c, 2) ? 0 : fz_depth(c);
    m->label = UntypedRetype;
    m->len = 6;
    m->ncaps = 1;
    m->cap[0] = PICK(c, cnodes);
    m->mr[0] = type;
    m->mr[1] = bits;
    m->mr[2] = depth ? index_for(c, depth, false) : 0;
    m->mr[3] = depth;
    m->mr[4] = depth == 0 || below(c, 2) ? fz_free_slot(c) : below(c, 16);
    m->mr[5] = below(c, 8) ? 1 + below(c, 4) : fz_word(c);
}

/* The depth that addresses single slots of the CNode cap in `slot` (its guard and radix as
 * world.c made them); anything else for other slots. */
static seL4_Word depth_of(struct fuzz_ctrl *c, seL4_Word slot)
{
    switch (slot) {
    case WS_CNODE:
    case WS_CNODE_G48:
        return 64;
    case WS_CNODE_G0:
        return WCN_BITS;
    case WS_SUB_CNODE:
        return SUB_CNODE_BITS;
    case WS_SHARED_CNODE:
        return SHARED_CNODE_BITS;
    default:
        return fz_depth(c);
    }
}

/* A (CNode, depth) pair: usually one that fits, so the operation gets past its lookups. */
static seL4_Word root_and_depth(struct fuzz_ctrl *c, seL4_Word *depth)
{
    seL4_Word root = PICK(c, cnodes);
    *depth = below(c, 4) ? depth_of(c, root) : fz_depth(c);
    return root;
}

/* A CNode operation with (root, index, depth) triples that mostly resolve. */
static void cnode_op(struct fuzz_ctrl *c, fz_msg_t *m)
{
    static const seL4_Word labels[] = {CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends, CNodeCopy,
                                       CNodeCopy, CNodeMint, CNodeMint, CNodeMove, CNodeMutate,
                                       CNodeRotate, CNodeSaveCaller, CNodeDelete, CNodeRevoke};
    seL4_Word d0 = below(c, 4) ? depth_of(c, m->cptr) : fz_depth(c), d1, d2;
    m->label = labels[below(c, sizeof(labels) / sizeof(labels[0]))];
    m->mr[0] = index_for(c, d0, m->label != CNodeRevoke && m->label != CNodeDelete &&
                                    m->label != CNodeCancelBadgedSends);
    m->mr[1] = d0;
    switch (m->label) {
    case CNodeRevoke:
    case CNodeDelete:
    case CNodeCancelBadgedSends:
    case CNodeSaveCaller:
        if (m->label != CNodeSaveCaller && below(c, 4) == 0) {
            m->mr[0] = WS_UNTYPED; /* revoke its untyped under whatever runs on it */
            m->mr[1] = 64;
        }
        m->len = 2;
        break;
    case CNodeRotate:
        m->len = 8;
        m->ncaps = 2;
        m->cap[0] = root_and_depth(c, &d1);
        m->cap[1] = root_and_depth(c, &d2);
        m->mr[2] = fz_word(c);
        m->mr[3] = index_for(c, d1, false);
        m->mr[4] = d1;
        m->mr[5] = fz_word(c);
        m->mr[6] = index_for(c, d2, false);
        m->mr[7] = d2;
        break;
    default: /* Copy, Mint, Move, Mutate */
        m->ncaps = 1;
        m->cap[0] = root_and_depth(c, &d1);
        m->mr[2] = index_for(c, d1, false);
        m->mr[3] = d1;
        m->mr[4] = m->label == CNodeMutate ? fz_word(c) : fz_rights(c);
        m->mr[5] = below(c, 2) ? below(c, 256) : fz_word(c); /* badge or guard data */
        m->len = m->label == CNodeMint ? 6 : m->label == CNodeMove ? 4 : 5;
        break;
    }
}

/* Registers for WriteRegisters (MR 2 + seL4_UserContext index): rip, rsp, rflags and the
 * FS/GS bases aimed at the kernel, rdi often the control page (for fuzz_thread_main). */
static void user_context(struct fuzz_ctrl *c, fz_msg_t *m)
{
    m->mr[2] = fz_rip(c);
    m->mr[3] = below(c, 2) ? FUZZ_STACK_TOP - 8 * (1 + below(c, 64)) : fz_word(c);
    m->mr[4] = fz_rflags(c);
    for (int i = 5; i < 22; i++) {
        m->mr[i] = fz_word(c);
    }
    if (m->mr[2] == (seL4_Word)fuzz_thread_main && below(c, 4)) {
        m->mr[2 + 8] = FUZZ_CTRL_VADDR; /* rdi: a proper restart */
    }
}

/* Any TCB invocation, arguments aimed at the kernel (registers, spaces, buffers, priorities). */
static void tcb_op(struct fuzz_ctrl *c, fz_msg_t *m)
{
    static const seL4_Word labels[] = {
        TCBReadRegisters, TCBWriteRegisters, TCBWriteRegisters, TCBCopyRegisters, TCBConfigure,
        TCBSetPriority,   TCBSetMCPriority,  TCBSetSchedParams, TCBSetIPCBuffer,  TCBSetSpace,
        TCBSuspend,       TCBResume,         TCBResume,         TCBBindNotification,
        TCBUnbindNotification, TCBSetTLSBase, TCBSetFlags,
    };
    m->label = labels[below(c, sizeof(labels) / sizeof(labels[0]))];
    switch (m->label) {
    case TCBReadRegisters:
        m->len = 2;
        m->mr[0] = below(c, 4) ? below(c, 2) : fz_word(c);
        m->mr[1] = below(c, 4) ? below(c, 24) : fz_word(c);
        break;
    case TCBWriteRegisters:
        m->len = 22;
        m->mr[0] = below(c, 4) ? below(c, 2) : fz_word(c);
        m->mr[1] = below(c, 4) ? below(c, 21) : fz_word(c);
        user_context(c, m);
        break;
    case TCBCopyRegisters:
        m->len = 1;
        m->ncaps = 1;
        m->cap[0] = PICK(c, tcbs);
        m->mr[0] = below(c, 4) ? below(c, 16) : fz_word(c);
        break;
    case TCBConfigure:
        m->len = 4;
        m->ncaps = 3;
        m->cap[0] = PICK(c, cnodes);
        m->cap[1] = PICK(c, vspaces);
        m->cap[2] = PICK(c, frames);
        m->mr[0] = below(c, 2) ? WS_FAULT_EP : PICK(c, eps);
        m->mr[1] = below(c, 2) ? seL4_CNode_CapData_new(0, 56).words[0] : fz_word(c);
        m->mr[2] = fz_word(c);
        m->mr[3] = below(c, 2) ? FUZZ_IPC_VADDR : fz_vaddr(c);
        break;
    case TCBSetPriority:
    case TCBSetMCPriority:
        m->len = 1;
        m->ncaps = 1;
        m->cap[0] = PICK(c, tcbs);
        m->mr[0] = below(c, 4) ? below(c, 256) : fz_word(c);
        break;
    case TCBSetSchedParams:
        m->len = 2;
        m->ncaps = 1;
        m->cap[0] = PICK(c, tcbs);
        m->mr[0] = below(c, 4) ? below(c, 256) : fz_word(c);
        m->mr[1] = below(c, 4) ? below(c, 256) : fz_word(c);
        break;
    case TCBSetIPCBuffer:
        m->len = 1;
        m->ncaps = 1;
        m->cap[0] = PICK(c, frames);
        m->mr[0] = below(c, 2) ? fz_vaddr(c) : FUZZ_IPC_VADDR + below(c, 4) * 512;
        break;
    case TCBSetSpace:
        m->len = 3;
        m->ncaps = 2;
        m->cap[0] = PICK(c, cnodes);
        m->cap[1] = PICK(c, vspaces);
        m->mr[0] = below(c, 2) ? WS_FAULT_EP : fz_cptr(c);
        m->mr[1] = below(c, 2) ? seL4_CNode_CapData_new(0, below(c, 65)).words[0] : fz_word(c);
        m->mr[2] = fz_word(c);
        break;
    case TCBBindNotification:
        m->len = 0;
        m->ncaps = 1;
        m->cap[0] = PICK(c, ntfns);
        break;
    case TCBSetTLSBase:
        m->len = 1;
        m->mr[0] = fz_word(c);
        break;
    case TCBSetFlags:
        m->len = 2;
        m->mr[0] = below(c, 2) ? below(c, 4) : fz_word(c);
        m->mr[1] = below(c, 2) ? below(c, 4) : fz_word(c);
        break;
    default: /* Suspend, Resume, Unbind */
        m->len = 0;
        break;
    }
}

/* Map/Unmap of a page, page table, page directory or PDPT. */
static void vm_op(struct fuzz_ctrl *c, fz_msg_t *m, seL4_Word map, seL4_Word unmap, bool page)
{
    if (below(c, 3) == 0) {
        m->label = unmap;
        return;
    }
    if (page && below(c, 4) == 0) {
        m->label = X86PageGetAddress;
        return;
    }
    m->label = map;
    m->ncaps = 1;
    m->cap[0] = PICK(c, vspaces);
    m->mr[0] = fz_vaddr(c);
    if (page) {
        m->len = 3;
        m->mr[1] = fz_rights(c);
        m->mr[2] = below(c, 4) ? 0 : fz_word(c);
    } else {
        m->len = 2;
        m->mr[1] = below(c, 4) ? 0 : fz_word(c);
    }
}

/* IPC on an endpoint, notification or reply cap: mostly non-blocking. */
static void ipc_op(struct fuzz_ctrl *c, fz_msg_t *m, seL4_Word tag)
{
    static const seL4_Word ep_sys[] = {
        (seL4_Word)seL4_SysNBSend, (seL4_Word)seL4_SysNBSend, (seL4_Word)seL4_SysNBSend,
        (seL4_Word)seL4_SysNBRecv, (seL4_Word)seL4_SysNBRecv, (seL4_Word)seL4_SysCall,
        (seL4_Word)seL4_SysSend,   (seL4_Word)seL4_SysRecv,   (seL4_Word)seL4_SysReplyRecv,
        (seL4_Word)seL4_SysReply,
    };
    m->sys = ep_sys[below(c, tag == TAG_REPLY ? 6 : 10)];
    if (tag == TAG_REPLY) {
        m->sys = below(c, 2) ? (seL4_Word)seL4_SysSend : (seL4_Word)seL4_SysCall;
    }
    /* A blocking receive on one of its own objects only returns if someone sends: rare. */
    if (m->sys == (seL4_Word)seL4_SysRecv && below(c, 4)) {
        m->sys = (seL4_Word)seL4_SysNBRecv;
    }
    m->label = below(c, 4) ? below(c, 8) : fz_word(c);
    m->len = below(c, 3) ? below(c, 8) : below(c, 128);
    m->ncaps = below(c, 4);
    for (int i = 0; i < FZ_MSG_MRS; i++) {
        m->mr[i] = fz_word(c);
    }
    for (int i = 0; i < 3; i++) {
        m->cap[i] = below(c, 2) ? below(c, WS_FREE) : fz_cptr(c); /* real caps: grants */
    }
}

/* ASID pool, ASID control and domain invocations; anything on other caps. */
static void other_op(struct fuzz_ctrl *c, fz_msg_t *m, seL4_Word tag)
{
    switch (tag) {
    case TAG_ASID_POOL:
        m->label = X86ASIDPoolAssign;
        m->ncaps = 1;
        m->cap[0] = PICK(c, vspaces);
        break;
    case TAG_ASID_CONTROL:
        m->label = X86ASIDControlMakePool;
        m->len = 2;
        m->ncaps = 2;
        m->cap[0] = PICK(c, untypeds);
        m->cap[1] = PICK(c, cnodes);
        m->mr[1] = fz_depth(c);
        m->mr[0] = index_for(c, m->mr[1], true);
        break;
    case TAG_DOMAIN:
        m->label = DomainSetSet + below(c, 3);
        m->len = m->label == DomainScheduleConfigure ? 3 : 1;
        m->ncaps = m->label == DomainSetSet ? 1 : 0;
        m->cap[0] = PICK(c, tcbs);
        m->mr[0] = below(c, 2) ? below(c, 4) : fz_word(c);
        m->mr[1] = below(c, 2) ? below(c, 2) : fz_word(c);
        m->mr[2] = fz_word(c);
        break;
    default: /* null, PML4, IRQ/IO-port control, zombies: anything */
        m->label = below(c, 64);
        m->len = below(c, 12);
        m->ncaps = below(c, 4);
        for (int i = 0; i < 10; i++) {
            m->mr[i] = fz_word(c);
        }
        for (int i = 0; i < 3; i++) {
            m->cap[i] = fz_cptr(c);
        }
        break;
    }
}

/* One in ten messages: change one thing (label, length, caps, an argument, the syscall). */
static void mutate(struct fuzz_ctrl *c, fz_msg_t *m)
{
    switch (below(c, 6)) {
    case 0:
        m->label += below(c, 2) ? 1 : (seL4_Word)-1;
        break;
    case 1:
        m->len = below(c, 2) && m->len ? m->len - 1 : below(c, 128);
        break;
    case 2:
        m->ncaps = below(c, 4);
        break;
    case 3:
        m->mr[below(c, FZ_MSG_MRS)] = fz_word(c);
        break;
    case 4:
        m->cap[below(c, 3)] = fz_cptr(c);
        break;
    default:
        m->sys = below(c, 2) ? (seL4_Word)seL4_SysNBSend : (seL4_Word)seL4_SysSend;
        break;
    }
}

/* Slots whose loss kills the thread at once (its VSpace, stack, IPC buffer, fault endpoint). */
static bool vital(seL4_Word slot)
{
    return slot == WS_PML4 || slot == WS_FAULT_EP || slot == WS_IPC_FRAME ||
           (slot >= WS_STACK && slot < WS_STACK + FUZZ_STACK_PAGES) ||
           (slot >= WS_PDPT && slot <= WS_PT_IMAGE + 1);
}

/* Would this invocation kill its own thread (or another fuzz thread)?  Such things are
 * done, but rarely: a thread that kills itself every few invocations mostly measures
 * how fast the root rebuilds worlds. */
static bool harmful(const fz_msg_t *m, seL4_Word tag)
{
    switch (tag) {
    case TAG_FRAME:
        if (m->label == X86PageMap && m->mr[0] < FUZZ_CTRL_VADDR + 4096 &&
            (m->mr[0] >= FUZZ_STACK_VADDR || (m->mr[0] >= 0x400000 && m->mr[0] < 0x800000))) {
            return true; /* a mapping over its stack, IPC buffer, control page or code */
        }
        return vital(m->cptr) && m->label != X86PageGetAddress;
    case TAG_PAGE_TABLE:
    case TAG_PAGE_DIRECTORY:
    case TAG_PDPT:
        return vital(m->cptr) && m->label != X86PageGetAddress;
    case TAG_CNODE:
        switch (m->label) {
        case CNodeRevoke:
        case CNodeDelete:
            return vital(m->mr[0]) || m->mr[0] == WS_TCB;
        case CNodeMove:
        case CNodeMutate:
            return vital(m->mr[2]);
        case CNodeRotate:
            return vital(m->mr[3]) || vital(m->mr[6]);
        default:
            return false;
        }
    case TAG_THREAD:
        if (m->cptr != WS_TCB && (m->cptr < WS_OTHER_TCB || m->cptr >= WS_OTHER_TCB + 8)) {
            return false;
        }
        switch (m->label) {
        case TCBSuspend:
        case TCBConfigure:
        case TCBSetSpace:
        case TCBSetIPCBuffer:
        case TCBWriteRegisters:
        case TCBCopyRegisters:
        case TCBSetPriority:
        case TCBSetSchedParams:
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

/* The invocation for a cap of this tag, vital targets mostly swapped for spares, one in ten
 * mutated. */
void fz_typed(struct fuzz_ctrl *c, fz_msg_t *m, seL4_Word tag)
{
    m->sys = (seL4_Word)seL4_SysCall;
    switch (tag) {
    case TAG_UNTYPED:
        untyped_retype(c, m);
        break;
    case TAG_CNODE:
        cnode_op(c, m);
        break;
    case TAG_THREAD:
        tcb_op(c, m);
        break;
    case TAG_FRAME:
        vm_op(c, m, X86PageMap, X86PageUnmap, true);
        break;
    case TAG_PAGE_TABLE:
        vm_op(c, m, X86PageTableMap, X86PageTableUnmap, false);
        break;
    case TAG_PAGE_DIRECTORY:
        vm_op(c, m, X86PageDirectoryMap, X86PageDirectoryUnmap, false);
        break;
    case TAG_PDPT:
        vm_op(c, m, X86PDPTMap, X86PDPTUnmap, false);
        break;
    case TAG_ENDPOINT:
    case TAG_NOTIFICATION:
    case TAG_REPLY:
        ipc_op(c, m, tag);
        break;
    default:
        other_op(c, m, tag);
        break;
    }
    if (harmful(m, tag) && below(c, 100) != 0) {
        /* The same invocation on a spare object, or on slots that hold nothing vital. */
        static const seL4_Word spare[] = {WS_XTCB, WS_XTCB + 1, WS_FRAME, WS_FRAME + 1,
                                          WS_SPARE_PT, WS_SPARE_PD, WS_SPARE_PDPT, WS_FREE};
        if (tag == TAG_FRAME && m->label == X86PageMap) {
            m->mr[0] = FUZZ_SCRATCH_VADDR + below(c, 256) * 4096;
        } else if (tag == TAG_CNODE) {
            m->mr[0] = fz_free_slot(c);
            m->mr[2] = fz_free_slot(c);
            m->mr[3] = m->label == CNodeRotate ? fz_free_slot(c) : m->mr[3];
            m->mr[6] = fz_free_slot(c);
        } else {
            m->cptr = spare[below(c, sizeof(spare) / sizeof(spare[0]))];
        }
    }
    if (below(c, 10) == 0) {
        mutate(c, m);
    }
}

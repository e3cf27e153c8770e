/*
 * The fuzz thread (see fuzzer.h for what this code may and may not touch).
 *
 * fuzz_thread_main runs steps forever: each step draws an operation and its
 * arguments from the thread's random stream (fuzz_ctrl.rng) and issues one
 * or a few syscalls.  The stream is seeded from (seed, world, generation),
 * so a generation always draws the same numbers; what they turn into can
 * depend on what the kernel answered (cap tags, earlier results).
 */
#include "fuzzer.h"

/* Edge-case words.  The -11 (DebugHalt) and -14 (DebugNameThread) syscall numbers are
 * left out on purpose: fz_word feeds registers of threads that may execute `syscall`.
 * So is the control page's address: a thread sent to random bytes must not find it in a
 * register (the root trusts the page's counters, within limits). */
static const seL4_Word edge_words[] = {
    0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 31, 32, 33, 47, 48, 52, 56, 63, 64, 65, 119, 120, 121,
    122, 127, 128, 255, 256, 257, 511, 512, 1023, 1024, 4095, 4096, 4097, 0x7fff, 0x8000,
    0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ul, 0x3ffffffffful,
    FUZZ_STACK_VADDR, FUZZ_STACK_TOP - 8, FUZZ_IPC_VADDR,
    FUZZ_SCRATCH_VADDR, 0x7fffffffe000ul, 0x7ffffffff000ul, 0x7ffffffffff8ul, 0x7ffffffffffful,
    0x800000000000ul, 0xffff800000000000ul, 0xffff7ffffffffffful, 0xffffff8000000000ul,
    0xffffff8000100000ul, 0xffffff8000001000ul, 0xffffffff80000000ul, 0xffffffff80100000ul,
    0xfffffffffffff000ul, 0x8000000000000000ul, 0x7ffffffffffffffful, ~0ul, ~0ul - 1,
    (seL4_Word)-2, (seL4_Word)-7, (seL4_Word)-9, (seL4_Word)-30, (seL4_Word)-31,
};
#define N_EDGE (sizeof(edge_words) / sizeof(edge_words[0]))

/* A word: an edge case, a small number, a power of two (or one less), a hint, or anything. */
seL4_Word fz_word(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    switch (r % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
        return edge_words[(r >> 8) % N_EDGE];
    case 4:
    case 5:
        return (r >> 8) % 300;
    case 6:
        return (r >> 16) & 1 ? (1ul << ((r >> 8) & 63)) : (1ul << ((r >> 8) & 63)) - 1;
    case 7:
        return c->hint[(r >> 8) & 7] + ((r >> 12) & 1 ? 0 : ((r >> 16) & 0xff8));
    default: {
        seL4_Word v = rnd(c);
        return (v == (seL4_Word)-11 || v == (seL4_Word)-14) ? 0 : v;
    }
    }
}

/* A CPtr: usually a slot below WS_FREE, sometimes any slot, a two-level CPtr or junk. */
seL4_Word fz_cptr(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    switch (r % 20) {
    case 0:
        return fz_word(c);
    case 1:
        return rnd(c);
    case 2: /* two-level: a slot of the CNode in slot s when the root is looked up with guard 48 */
        return ((r >> 8) & 0x3f) << 8 | ((r >> 16) & 0xff);
    case 3:
    case 4:
        return (r >> 8) % WCN_SLOTS;
    default:
        return (r >> 8) % WS_FREE;
    }
}

/* A destination slot: one of the slots that start empty, one time in ten anything. */
seL4_Word fz_free_slot(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    if (r % 10 == 0) {
        return fz_cptr(c);
    }
    return WS_FREE + (r >> 8) % (WCN_SLOTS - WS_FREE);
}

/* A depth: mostly ones that fit its CNodes (64, 8, 4, 6), sometimes anything. */
seL4_Word fz_depth(struct fuzz_ctrl *c)
{
    static const seL4_Word depths[] = {64, 64, 64, 64, 64, 8, 8, 4, 6, 56, 48, 0, 1, 63, 65, 72, 255};
    seL4_Word r = rnd(c);
    if (r % 16 == 0) {
        return rnd(c);
    }
    return depths[(r >> 8) % (sizeof(depths) / sizeof(depths[0]))];
}

/* A virtual address: its scratch area, its own stack/IPC/control pages, the image, the next
 * table over, a hint, any user address, or a word. */
seL4_Word fz_vaddr(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    switch (r % 12) {
    case 0:
    case 1:
    case 2:
    case 3:
        return FUZZ_SCRATCH_VADDR + ((r >> 8) % 256) * 4096;
    case 4:
        return FUZZ_STACK_VADDR + ((r >> 8) % (FUZZ_STACK_PAGES + 4)) * 4096;
    case 5:
        return (r >> 8) & 1 ? FUZZ_IPC_VADDR : FUZZ_CTRL_VADDR;
    case 6:
        return 0x400000 + ((r >> 8) % 512) * 4096;
    case 7: /* the next page table, directory, PDPT and PML4 entry over */
        return (seL4_Word[]){0x10200000ul, 0x40000000ul, 0x8000000000ul, 0x10000000000ul}[(r >> 8) & 3];
    case 8:
        return c->hint[(r >> 8) & 7] & ~0xffful;
    case 9:
        return (rnd(c) & 0x7ffffffff000ul);
    default:
        return fz_word(c);
    }
}

/* Code addresses a thread may be sent to with WriteRegisters: the fuzz entry, a spin loop,
 * and the attack dispatcher; or addresses where no reachable code could call DebugHalt. */
seL4_Word fz_rip(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    switch (r % 10) {
    case 0:
    case 1:
    case 2:
        return (seL4_Word)fuzz_thread_main;
    case 3:
        return (seL4_Word)fuzz_spin;
    case 4:
        return (seL4_Word)fuzz_attack;
    case 5:
        return FUZZ_IPC_VADDR + ((r >> 8) & 0x3f8); /* random bytes */
    case 6:
        return 0;
    default: {
        seL4_Word v = fz_word(c);
        /* Never into the image: a random address there may reach seL4_DebugHalt. */
        return (v >= 0x400000 && v < 0x10000000) ? v | 0xffff800000000000ul : v;
    }
    }
}

/* RFLAGS: 0x202 with up to three bits set or cleared, one time in eight anything. */
seL4_Word fz_rflags(struct fuzz_ctrl *c)
{
    static const seL4_Word bits[] = {
        0x1, 0x4, 0x10, 0x40, 0x80, 0x100 /* TF */, 0x200 /* IF */, 0x400 /* DF */, 0x800,
        0x3000 /* IOPL */, 0x4000 /* NT */, 0x10000 /* RF */, 0x20000 /* VM */, 0x40000 /* AC */,
        0x80000, 0x100000, 0x200000 /* ID */, 0x8 /* reserved */, 0x2, 0xffc00000,
    };
    seL4_Word r = rnd(c);
    if (r % 8 == 0) {
        return rnd(c);
    }
    seL4_Word v = 0x202;
    for (unsigned i = 0; i < 3; i++) {
        r = rnd(c);
        if (r & 1) {
            v |= bits[(r >> 8) % (sizeof(bits) / sizeof(bits[0]))];
        } else if (r & 2) {
            v &= ~bits[(r >> 8) % (sizeof(bits) / sizeof(bits[0]))];
        }
    }
    return v;
}

/* ---- issuing ------------------------------------------------------------------------ */

static inline void fz_syscall(seL4_Word sys, fz_regs_t *r)
{
    register seL4_Word r10 asm("r10") = r->mr[0];
    register seL4_Word r8 asm("r8") = r->mr[1];
    register seL4_Word r9 asm("r9") = r->mr[2];
    register seL4_Word r15 asm("r15") = r->mr[3];
    asm volatile("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 : "+D"(r->rdi), "+S"(r->rsi), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
                 : "d"(sys)
                 : "rbx", "rcx", "r11", "memory");
    r->mr[0] = r10;
    r->mr[1] = r8;
    r->mr[2] = r9;
    r->mr[3] = r15;
}

/* Print through seL4_DebugPutChar (trace mode only). */
static void fz_putc(char ch)
{
    fz_regs_t r = {(seL4_Word)(unsigned char)ch, 0, {0, 0, 0, 0}};
    fz_syscall((seL4_Word)seL4_SysDebugPutChar, &r);
}

/* Print " " and v as 16 hex digits (trace mode only). */
static void fz_puthex(seL4_Word v)
{
    fz_putc(' ');
    for (int s = 60; s >= 0; s -= 4) {
        fz_putc("0123456789abcdef"[(v >> s) & 0xf]);
    }
}

/* "FZT w.g #n sys cptr info mr0": one line per invocation in trace mode. */
static void fz_trace_line(struct fuzz_ctrl *c, const fz_msg_t *m, seL4_Word info)
{
    fz_putc('F');
    fz_putc('Z');
    fz_putc('T');
    fz_puthex(c->world << 32 | c->generation);
    fz_puthex(c->count);
    fz_puthex(m->sys);
    fz_puthex(m->cptr);
    fz_puthex(info);
    fz_puthex(m->mr[0]);
    fz_putc('\n');
}

/* Keep a debug syscall's console output small: PutChar prints NULs, the dump and
 * the snapshot are rare. */
static seL4_Word tame_debug(struct fuzz_ctrl *c, fz_msg_t *m)
{
    switch ((long)m->sys) {
    case seL4_SysDebugPutChar:
        m->cptr &= ~0xfful;
        return m->sys;
    case seL4_SysDebugDumpScheduler:
        return below(c, 100) == 0 ? m->sys : (seL4_Word)seL4_SysYield;
    case seL4_SysDebugSnapshot:
        return below(c, 20) == 0 ? m->sys : (seL4_Word)seL4_SysYield;
    case seL4_SysDebugHalt:
    case seL4_SysDebugNameThread:
        return (seL4_Word)seL4_SysYield; /* halt the machine by design: never issued */
    default:
        return m->sys;
    }
}

/* Fill the IPC buffer (arguments, random words past them, extra caps, a receive path),
 * record the invocation in the trace ring, count it, issue it; RDI after the syscall. */
seL4_Word fz_issue(struct fuzz_ctrl *c, fz_msg_t *m, unsigned op)
{
    volatile seL4_Word *ipc = IPCW;
    /* MRs: the arguments, then random words past them (the kernel must not read them). */
    for (seL4_Word i = 0; i < FZ_MSG_MRS; i++) {
        ipc[1 + i] = m->mr[i];
    }
    seL4_Word extra = m->len + below(c, 8);
    for (seL4_Word i = FZ_MSG_MRS; i < extra && i < 120; i++) {
        ipc[1 + i] = fz_word(c);
    }
    for (seL4_Word i = 0; i < 3; i++) {
        ipc[122 + i] = m->cap[i];
    }
    /* Receive path: usually a free slot of its own CNode, sometimes junk. */
    switch (below(c, 8)) {
    case 0:
        ipc[125] = fz_cptr(c);
        ipc[126] = fz_word(c);
        ipc[127] = fz_depth(c);
        break;
    case 1:
        ipc[125] = 0;
        ipc[126] = 0;
        ipc[127] = 0;
        break;
    case 2:
        break; /* whatever is there */
    default:
        ipc[125] = WS_CNODE;
        ipc[126] = fz_free_slot(c);
        ipc[127] = 64;
        break;
    }
    ipc[121] = fz_word(c);
    m->sys = tame_debug(c, m);

    seL4_Word info = (m->label << 12) | ((m->ncaps & 3) << 7) | (m->len & 0x7f);
    if (below(c, 64) == 0) {
        info = fz_word(c); /* capsUnwrapped bits and junk above the label */
    }
    fz_regs_t r = {m->cptr, info, {m->mr[0], m->mr[1], m->mr[2], m->mr[3]}};
    struct fuzz_trace *t = &c->ring[c->count % FUZZ_TRACE_RING];
    t->n = c->count;
    t->sys = m->sys;
    t->cptr = m->cptr;
    t->info = info;
    for (int i = 0; i < 4; i++) {
        t->mr[i] = m->mr[i];
    }
    if (c->flags & FUZZ_FLAG_TRACE) {
        fz_trace_line(c, m, info);
    }
    c->count++;
    c->op_hist[op]++;
    fz_syscall(m->sys, &r);
    if (m->sys == (seL4_Word)seL4_SysCall) {
        seL4_Word label = r.rsi >> 12;
        c->err_hist[label < FUZZ_ERR_BUCKETS - 1 ? label : FUZZ_ERR_BUCKETS - 1]++;
        if (label == 0 && op == OP_TYPED && m->label < 64) {
            c->ok_hist[m->label]++;
        }
    }
    return r.rdi;
}

/* ---- the operations ------------------------------------------------------------------- */

/* The API syscalls and every other number the kernel knows (but the two that halt). */
static seL4_Word fz_sysno(struct fuzz_ctrl *c)
{
    seL4_Word r = rnd(c);
    switch (r % 8) {
    case 0:
        return (seL4_Word)(-1 - (long)((r >> 8) % 30)); /* every listed number */
    case 1:
        return (seL4_Word)((long)((r >> 8) % 201) - 100);
    case 2:
        return fz_word(c);
    default:
        return (seL4_Word)(-1 - (long)((r >> 8) % 8)); /* the API block */
    }
}

/* A typed invocation of whatever cap a slot holds (seL4_DebugCapIdentify first). */
static void op_typed(struct fuzz_ctrl *c)
{
    fz_msg_t m = {0};
    seL4_Word slot = below(c, 4) ? below(c, WS_FREE) : fz_cptr(c);
    m.sys = (seL4_Word)seL4_SysDebugCapIdentify;
    m.cptr = slot;
    seL4_Word tag = fz_issue(c, &m, OP_TYPED);
    c->tag_hist[tag < 32 ? tag : 31]++;
    if ((tag >= 14 && tag <= 19 && tag != 18) || tag > 20) {
        /* A type no world is given or can make (IRQ, I/O port and I/O space caps).  A thread
         * whose registers another one rewrote can compute junk: ask the kernel again. */
        fz_regs_t again = {slot, 0, {0, 0, 0, 0}};
        fz_syscall((seL4_Word)seL4_SysDebugCapIdentify, &again);
        c->odd_tags++;
        if (again.rdi == tag) {
            c->violation++;
            c->violation_addr = slot | tag << 56;
        }
    }
    fz_msg_t t = {0};
    t.cptr = slot;
    fz_typed(c, &t, tag);
    fz_issue(c, &t, OP_TYPED);
}

/* The rest of a random message, after its syscall, cptr and label: length, extra caps,
 * message words and cap CPtrs (in this order: a seed's sequence depends on it). */
static void fz_random_rest(struct fuzz_ctrl *c, fz_msg_t *m)
{
    m->len = below(c, 128);
    m->ncaps = below(c, 4);
    for (int i = 0; i < FZ_MSG_MRS; i++) {
        m->mr[i] = fz_word(c);
    }
    for (int i = 0; i < 3; i++) {
        m->cap[i] = fz_cptr(c);
    }
}

/* A random message on a random CPtr. */
static void op_random(struct fuzz_ctrl *c)
{
    fz_msg_t m = {0};
    static const seL4_Word api[] = {(seL4_Word)seL4_SysCall, (seL4_Word)seL4_SysCall,
                                    (seL4_Word)seL4_SysNBSend, (seL4_Word)seL4_SysSend,
                                    (seL4_Word)seL4_SysNBRecv};
    m.sys = api[below(c, 5)];
    m.cptr = fz_cptr(c);
    m.label = below(c, 4) ? below(c, 64) : fz_word(c);
    fz_random_rest(c, &m);
    fz_issue(c, &m, OP_RANDOM);
}

/* Any syscall number with random registers. */
static void op_raw(struct fuzz_ctrl *c)
{
    fz_msg_t m = {0};
    m.sys = fz_sysno(c);
    m.cptr = fz_cptr(c);
    m.label = below(c, 64);
    fz_random_rest(c, &m);
    fz_issue(c, &m, OP_RAW);
}

/* A syscall entered with DF, NT, AC, TF or other flags set (attacks.S). */
void fuzz_flags_syscall(seL4_Word flags, seL4_Word sys, fz_regs_t *r);

/* A syscall (Yield, a ReadRegisters Call, NBRecv, ...) entered with odd RFLAGS bits set. */
static void op_flags(struct fuzz_ctrl *c)
{
    static const seL4_Word flag_sets[] = {0x602, 0x4202, 0x40202, 0x4602, 0x44602, 0x3202, 0x302,
                                          0x10202, 0x200202};
    static const seL4_Word calls[] = {(seL4_Word)seL4_SysYield, (seL4_Word)seL4_SysCall,
                                      (seL4_Word)seL4_SysNBRecv, (seL4_Word)seL4_SysNBSend,
                                      (seL4_Word)seL4_SysDebugCapIdentify,
                                      (seL4_Word)seL4_SysSetTLSBase};
    seL4_Word flags = below(c, 4) ? flag_sets[below(c, 9)] : fz_rflags(c);
    seL4_Word sys = calls[below(c, 6)];
    /* A Call is a ReadRegisters of itself: the kernel writes 20 MRs into its IPC buffer. */
    fz_regs_t r = {below(c, 2) ? WS_TCB : fz_cptr(c), (TCBReadRegisters << 12) | 2,
                   {0, 20, 0, 0}};
    c->count++;
    c->op_hist[OP_FLAGS]++;
    fuzz_flags_syscall(flags, sys, &r);
}

/* A hostile instruction sequence; most fault and the root restarts the thread. */
static void op_attack(struct fuzz_ctrl *c)
{
    if (c->flags & FUZZ_FLAG_NO_ATTACKS) {
        return;
    }
    seL4_Word n = below(c, FUZZ_N_ATTACKS);
    seL4_Word a = below(c, 2) ? c->hint[below(c, 8)] : fz_word(c);
    seL4_Word b = n == 27 ? (seL4_Word)c->hint : fz_word(c);
    c->count++;
    c->op_hist[OP_ATTACK]++;
    fuzz_attack(n, a, b);
}

/* A read or write that must fault: kernel addresses, non-canonical ones, its own code. */
static void op_poke(struct fuzz_ctrl *c)
{
    static const seL4_Word targets[] = {
        0xffffff8000000000ul, 0xffffff8000100000ul, 0xffffffff80000000ul, 0xffffffff80100000ul,
        0xfffffffffffff000ul, 0x800000000000ul, 0x8000000000000000ul, 0xffff800000000000ul,
    };
    seL4_Word r = rnd(c);
    volatile seL4_Word *p;
    if (r & 1) {
        p = (volatile seL4_Word *)(targets[(r >> 8) & 7] + ((r >> 16) & 0xff8));
    } else {
        p = (volatile seL4_Word *)(((seL4_Word)fuzz_thread_main & ~0xffful) + ((r >> 16) & 0xff8));
    }
    c->count++;
    c->op_hist[OP_POKE]++;
    c->violation_addr = (seL4_Word)p;
    bool must_fault = (r & 1) || (r & 2); /* kernel/non-canonical, or a write to its code */
    if (r & 2) {
        *p = r;
    } else {
        (void)*p;
    }
    if (must_fault) {
        c->violation++; /* the access returned: the root fails the run */
    }
}

/*
 * A second thread in its own world: a TCB retyped from its untyped, configured into its
 * CSpace and VSpace, started in the fuzz loop on the lowest stack page.  It shares the
 * control page (and so the random stream); revoking the untyped deletes it while it runs.
 */
static void op_spawn(struct fuzz_ctrl *c)
{
    seL4_Word slot = fz_free_slot(c);
    fz_msg_t m = {.sys = (seL4_Word)seL4_SysCall, .cptr = WS_UNTYPED, .label = UntypedRetype,
                  .len = 6, .ncaps = 1, .cap = {WS_CNODE},
                  .mr = {seL4_TCBObject, 0, 0, 0, slot, 1}};
    fz_issue(c, &m, OP_SPAWN);
    fz_msg_t k = {.sys = (seL4_Word)seL4_SysCall, .cptr = slot, .label = TCBConfigure, .len = 4,
                  .ncaps = 3, .cap = {WS_CNODE, WS_PML4, WS_IPC_FRAME},
                  .mr = {WS_FAULT_EP, seL4_CNode_CapData_new(0, 64 - WCN_BITS).words[0], 0,
                         FUZZ_IPC_VADDR}};
    fz_issue(c, &k, OP_SPAWN);
    fz_msg_t p = {.sys = (seL4_Word)seL4_SysCall, .cptr = slot, .label = TCBSetPriority,
                  .len = 1, .ncaps = 1, .cap = {WS_TCB}, .mr = {FUZZ_PRIO}};
    fz_issue(c, &p, OP_SPAWN);
    fz_msg_t w = {.sys = (seL4_Word)seL4_SysCall, .cptr = slot, .label = TCBWriteRegisters,
                  .len = 22,
                  .mr = {1, 9, (seL4_Word)fuzz_thread_main, FUZZ_STACK_VADDR + 0x800 - 8, 0x202, 0, 0,
                         0, 0, 0, FUZZ_CTRL_VADDR}};
    fz_issue(c, &w, OP_SPAWN);
}

/*
 * Be the fault handler of its spare thread: point the spare's fault endpoint at a shared
 * endpoint, send it into a sequence that faults, pick the fault message up and reply with
 * random registers (an UnknownSyscall or UserException reply writes them into the faulter).
 */
static void op_handler(struct fuzz_ctrl *c)
{
    static const seL4_Word faulting[] = {0, 1, 15, 17, 19, 20, 35, 36, 50, 50};
    seL4_Word spare = WS_XTCB + below(c, 2), ep = WS_SHARED_EP + below(c, 2);
    fz_msg_t k = {.sys = (seL4_Word)seL4_SysCall, .cptr = spare, .label = TCBConfigure, .len = 4,
                  .ncaps = 3, .cap = {WS_CNODE, WS_PML4, WS_IPC_FRAME},
                  .mr = {ep, seL4_CNode_CapData_new(0, 64 - WCN_BITS).words[0], 0, FUZZ_IPC_VADDR}};
    fz_issue(c, &k, OP_HANDLER);
    fz_msg_t p = {.sys = (seL4_Word)seL4_SysCall, .cptr = spare, .label = TCBSetPriority,
                  .len = 1, .ncaps = 1, .cap = {WS_TCB}, .mr = {FUZZ_PRIO}};
    fz_issue(c, &p, OP_HANDLER);
    fz_msg_t w = {.sys = (seL4_Word)seL4_SysCall, .cptr = spare, .label = TCBWriteRegisters,
                  .len = 22,
                  .mr = {1, 9, (seL4_Word)fuzz_attack, FUZZ_STACK_VADDR + 0x600 - 8, 0x202, 0, 0,
                         0, 0, fz_word(c), faulting[below(c, 10)]}};
    fz_issue(c, &w, OP_HANDLER);
    fz_msg_t y = {.sys = (seL4_Word)seL4_SysYield};
    fz_issue(c, &y, OP_HANDLER);
    fz_msg_t r = {.sys = (seL4_Word)seL4_SysNBRecv, .cptr = ep};
    fz_issue(c, &r, OP_HANDLER);
    fz_msg_t rep = {.sys = (seL4_Word)seL4_SysReply, .label = below(c, 4) ? 0 : below(c, 4),
                    .len = below(c, 2) ? 3 : 18 + below(c, 4)};
    for (int i = 0; i < FZ_MSG_MRS; i++) {
        rep.mr[i] = fz_word(c);
    }
    rep.mr[0] = fz_rip(c);     /* UserException reply: FaultIP, SP, FLAGS */
    rep.mr[2] = fz_rflags(c);
    rep.mr[15] = fz_rip(c);    /* UnknownSyscall reply: RAX..R15, FaultIP, SP, FLAGS */
    rep.mr[17] = fz_rflags(c);
    fz_issue(c, &rep, OP_HANDLER);
}

/* The fuzz loop: one step after another until the generation's budget is spent, then
 * yield until the root rebuilds the world.  Restarts (after faults) come back here. */
void fuzz_thread_main(struct fuzz_ctrl *c)
{
    if (c->magic != FUZZ_CTRL_MAGIC) {
        __asm__ volatile("ud2"); /* sent here with a bad argument: fault, the root restarts */
    }
    c->restarts++;
    for (;;) {
        /* Another thread may have set DF in our RFLAGS (WriteRegisters keeps it): the ABI,
         * and the compiled code's rep stos/movs, need it clear. */
        __asm__ volatile("cld");
        if (c->count >= c->budget) {
            fz_regs_t r = {0, 0, {0, 0, 0, 0}};
            fz_syscall((seL4_Word)seL4_SysYield, &r); /* done: the root rebuilds the world */
            continue;
        }
        seL4_Word r = below(c, 100);
        if (r < 55) {
            op_typed(c);
        } else if (r < 75) {
            op_random(c);
        } else if (r < 87) {
            op_raw(c);
        } else if (r < 92) {
            op_flags(c);
        } else if (r < 96) {
            op_attack(c);
        } else if (r < 98) {
            op_poke(c);
        } else if (r < 99) {
            op_spawn(c);
        } else {
            op_handler(c);
        }
    }
}

/* A loop with no syscall: a WriteRegisters target that keeps a thread busy. */
void fuzz_spin(void)
{
    for (;;) {
        __asm__ volatile("pause");
    }
}

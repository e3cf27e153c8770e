/*
 * Root-task helpers of the fuzzer (see root.h): slot allocation, memory,
 * image pages, the TSC, and threads in the root's CSpace and VSpace.
 */
#include <mica/bootinfo.h>
#include <mica/image.h>
#include <sel4runtime.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "root.h"

/* The harness's own failure: a FUZZ0001 verdict, a marker line for run.sh, and a halt. */
_Noreturn void harness_fail(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf("TEST FUZZ0001 failed: harness: %s\n", buf);
    printf("FUZZ HARNESS FAILED\n");
    seL4_DebugHalt();
    for (;;) {
    }
}

/* harness_fail unless the call succeeded. */
void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        harness_fail("%s: error %d", what, (int)err);
    }
}

/* The next n free root slots (bootinfo's empty range, never reused). */
seL4_CPtr slots_alloc(seL4_Word n)
{
    static seL4_CPtr next;
    seL4_BootInfo *bi = seL4_GetBootInfo();
    if (next == 0) {
        next = bi->empty.start;
    }
    if (n > bi->empty.end - next) {
        harness_fail("no %lu free root slots left", (unsigned long)n);
    }
    seL4_CPtr first = next;
    next += n;
    return first;
}

/* The largest RAM untyped of the boot info: all the harness's memory comes from it. */
static seL4_CPtr memory_untyped(void)
{
    static seL4_CPtr mem;
    if (mem) {
        return mem;
    }
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word best_bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > best_bits) {
            best_bits = u->sizeBits;
            mem = bi->untyped.start + i;
        }
    }
    if (best_bits < 26) {
        harness_fail("no RAM untyped of 64 MiB or more (largest 2^%lu)", (unsigned long)best_bits);
    }
    return mem;
}

/* n objects from ut into fresh root slots; the first slot. */
seL4_CPtr objects_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n)
{
    seL4_CPtr first = slots_alloc(n);
    seL4_Error err = seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, first, n);
    if (err != seL4_NoError) {
        harness_fail("Retype of %lu objects of type %lu (2^%lu): error %d", (unsigned long)n,
                     (unsigned long)type, (unsigned long)size_bits, (int)err);
    }
    return first;
}

/* A fresh 2^bits untyped carved from the harness's memory. */
seL4_CPtr untyped_new(seL4_Word bits)
{
    return objects_new(memory_untyped(), seL4_UntypedObject, bits, 1);
}

/* n objects from ut into slots dest.. of the CNode whose cap is in root slot cnode. */
void retype_into(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr cnode,
                 seL4_Word dest, seL4_Word n)
{
    seL4_Error err = seL4_Untyped_Retype(ut, type, size_bits, ROOT, cnode, ROOT_DEPTH, dest, n);
    if (err != seL4_NoError) {
        harness_fail("Retype of type %lu into CNode %lu slot %lu: error %d", (unsigned long)type,
                     (unsigned long)cnode, (unsigned long)dest, (int)err);
    }
}

/* A minted copy of root slot src in a fresh root slot. */
seL4_CPtr mint_new(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr s = slot_alloc();
    check(seL4_CNode_Mint(ROOT, s, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, badge), "mint_new");
    return s;
}

/* The bootinfo frame cap of the image page at vaddr (the image is mapped in order). */
seL4_CPtr image_frame_cap(const void *vaddr)
{
    return seL4_GetBootInfo()->userImageFrames.start + (((seL4_Word)vaddr - mica_image_start()) >> 12);
}

/* From the ELF headers in memory: the pages of the loadable segments without PF_W. */
void image_ro_range(seL4_Word *start, seL4_Word *end)
{
    const mica_elf_phdr_t *ph = mica_image_phdrs();
    *start = mica_image_start();
    *end = *start;
    for (unsigned i = 0; i < mica_image_phnum(); i++) {
        if (ph[i].p_type == MICA_PT_LOAD && !(ph[i].p_flags & MICA_PF_W)) {
            seL4_Word e = (ph[i].p_vaddr + ph[i].p_memsz + 0xfff) & ~0xffful;
            if (e > *end) {
                *end = e;
            }
        }
    }
}

/* The time stamp counter. */
uint64_t tsc_now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks per millisecond, from the extra bootinfo (2 GHz if it is missing). */
uint64_t tsc_per_ms(void)
{
    static uint64_t per_ms;
    if (per_ms == 0) {
        seL4_Word mhz = mica_bootinfo_tsc_mhz(seL4_GetBootInfo());
        per_ms = (mhz ? mhz : 2000) * 1000ull;
    }
    return per_ms;
}

/* ---- threads ------------------------------------------------------------------------ */

static unsigned char rthread_stacks[RTHREAD_MAX][RTHREAD_STACK] __attribute__((aligned(16)));
static unsigned char rthread_tls[RTHREAD_MAX][512] __attribute__((aligned(64)));
static seL4_IPCBuffer rthread_ipc[RTHREAD_MAX] __attribute__((aligned(4096)));
static unsigned rthread_count;

/* Where every root-space thread begins: its IPC buffer pointer, then fn(arg). */
static void rthread_entry(rthread_t *t, rthread_fn_t fn, seL4_Word arg)
{
    seL4_SetIPCBuffer(t->ipc);
    t->running = 1;
    fn(arg);
    t->running = 0;
    for (;;) {
        seL4_TCB_Suspend(t->tcb);
    }
}

/* A thread in the root's CSpace and VSpace with its own stack, TLS and IPC buffer. */
void rthread_start(rthread_t *t, const char *name, seL4_Word prio, seL4_CPtr fault_ep,
                   rthread_fn_t fn, seL4_Word arg)
{
    static seL4_CPtr ut;
    if (rthread_count >= RTHREAD_MAX) {
        harness_fail("more than %d root threads", RTHREAD_MAX);
    }
    if (sel4runtime_get_tls_size() > sizeof(rthread_tls[0])) {
        harness_fail("the TLS block needs %lu bytes", (unsigned long)sel4runtime_get_tls_size());
    }
    if (!ut) {
        ut = untyped_new(16);
    }
    unsigned i = rthread_count++;
    t->ipc = &rthread_ipc[i];
    t->tls = sel4runtime_write_tls_image(rthread_tls[i]);
    t->tcb = objects_new(ut, seL4_TCBObject, 0, 1);
    check(seL4_TCB_Configure(t->tcb, fault_ep, ROOT, 0, seL4_CapInitThreadVSpace, 0,
                             (seL4_Word)t->ipc, image_frame_cap(t->ipc)),
          "rthread Configure");
    check(seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio), "rthread SetPriority");
    seL4_DebugNameThread(t->tcb, name);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.rip = (seL4_Word)rthread_entry;
    regs.rsp = (seL4_Word)&rthread_stacks[i][RTHREAD_STACK] - 8;
    regs.rflags = 0x202;
    regs.rdi = (seL4_Word)t;
    regs.rsi = (seL4_Word)fn;
    regs.rdx = arg;
    regs.fs_base = t->tls;
    check(seL4_TCB_WriteRegisters(t->tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
          "rthread WriteRegisters");
}

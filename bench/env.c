/* Benchmark environment: objects from one big untyped, threads in the root VSpace. */
#include <stdio.h>

#include "bench.h"

extern const char __ehdr_start[];

static seL4_CPtr next_slot, untyped;

/* The first free slot, then the next ones in turn. */
seL4_CPtr bench_alloc_slot(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    if (!next_slot) {
        next_slot = bi->empty.start;
    }
    return next_slot++;
}

/* Retype one object from the largest RAM untyped under 2^30 bytes into a new slot. */
seL4_CPtr bench_retype(seL4_Word type, seL4_Word size_bits)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    if (!untyped) {
        int best = -1;
        for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
            const seL4_UntypedDesc *u = &bi->untypedList[i];
            if (!u->isDevice && u->sizeBits <= 26 && (best < 0 || u->sizeBits > bi->untypedList[best].sizeBits)) {
                best = (int)i;
            }
        }
        untyped = bi->untyped.start + (seL4_Word)best;
    }
    seL4_CPtr slot = bench_alloc_slot();
    seL4_Error e = seL4_Untyped_Retype(untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (e != seL4_NoError) {
        printf("bench: retype of type %lu failed: %d\n", (unsigned long)type, e);
    }
    return slot;
}

/* The frame cap of a page of the root task's own image. */
seL4_CPtr bench_frame_cap_of(void *page)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word base = (seL4_Word)__ehdr_start & ~4095ul;
    return bi->userImageFrames.start + (((seL4_Word)page - base) >> 12);
}

/* A thread running fn at prio on the given stack, in the root's CSpace and the given VSpace. */
seL4_CPtr bench_thread_in(seL4_CPtr vspace, void (*fn)(void), int prio, void *stack_top,
                          seL4_CPtr fault_ep, seL4_Word ipc_buf_vaddr, seL4_CPtr ipc_buf_frame)
{
    seL4_CPtr tcb = bench_retype(seL4_TCBObject, 0);
    seL4_Error e = seL4_TCB_Configure(tcb, fault_ep, seL4_CapInitThreadCNode, 0, vspace, 0,
                                      ipc_buf_vaddr, ipc_buf_frame);
    e |= seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    seL4_UserContext regs = {0};
    regs.rip = (seL4_Word)fn;
    regs.rsp = ((seL4_Word)stack_top & ~15ul) - 8;
    e |= seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &regs);
    if (e != seL4_NoError) {
        printf("bench: thread setup failed: %d\n", e);
    }
    return tcb;
}

/* A thread in the root's CSpace and VSpace. */
seL4_CPtr bench_thread(void (*fn)(void), int prio, void *stack_top, seL4_CPtr fault_ep,
                       seL4_Word ipc_buf_vaddr, seL4_CPtr ipc_buf_frame)
{
    return bench_thread_in(seL4_CapInitThreadVSpace, fn, prio, stack_top, fault_ep, ipc_buf_vaddr,
                           ipc_buf_frame);
}

void bench_kill(seL4_CPtr tcb)
{
    seL4_TCB_Suspend(tcb);
    seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, 64);
}

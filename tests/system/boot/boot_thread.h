/*
 * For the boot scenarios that run a second thread in the root task's CSpace
 * and VSpace (nt_flag_syscall.c, fs_selector_leak.c).
 */
#pragma once

#include <sel4/sel4.h>

/* A TCB in the root's first empty slot, made from the first RAM untyped of at least 4 KiB,
 * in the root's CSpace and VSpace at the highest priority; not started. */
static inline seL4_CPtr boot_new_tcb(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr ut = 0, tcb = bi->empty.start;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && !ut; i++) {
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits >= 12) {
            ut = bi->untyped.start + i;
        }
    }
    seL4_Untyped_Retype(ut, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, tcb, 1);
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    return tcb;
}

/* seL4_Yield as a bare syscall (RSP kept in RBX, as libsel4 does): needs no TLS and no IPC
 * buffer, so a thread started with neither can call it. */
static inline void bare_yield(void)
{
    __asm__ volatile("movq $-7, %%rdx\n\tmovq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp"
                     ::: "rbx", "rcx", "rdx", "r11", "memory");
}

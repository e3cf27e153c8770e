/*
 * Mica tutorial "threads": create a second thread in this program's own
 * address space, give it registers and arguments, and start it.
 *
 * README.md walks you through the tasks; each TODO below is one of them.
 * After every change run `ninja` and `./check` in the build directory.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <sel4utils/util.h>
#include <sel4utils/helpers.h>

/*
 * What the loader prepared for this program (threads.system; the numbers
 * are CNode slots, filled in by the generated cspace_threads.c):
 */
extern seL4_CPtr root_cnode;     /* our CNode, the root of our CSpace */
extern seL4_CPtr root_vspace;    /* our VSpace root (a PML4) */
extern seL4_CPtr root_tcb;       /* our own thread: priority 254, MCP 254 */
extern seL4_CPtr tcb_untyped;    /* 2^11 bytes of untyped memory: one TCB's worth */
extern seL4_CPtr buf2_frame_cap; /* a spare 4 KiB frame ... */
extern const char buf2_frame[4096]; /* ... mapped here */
extern seL4_CPtr tcb_cap_slot;   /* an empty slot, for the new thread's TCB */
extern seL4_CPtr tcb_ipc_frame;  /* a frame for the new thread's IPC buffer ... */
extern const char thread_ipc_buff_sym[4096]; /* ... mapped here */
extern const char tcb_stack_base[65536];     /* 64 KiB for the new thread's stack */
static const uintptr_t tcb_stack_top = (const uintptr_t)&tcb_stack_base + sizeof(tcb_stack_base);

/*@ done threads-fault */
int data = 42;

/* Handed to the new thread as its first argument. */
void call_once(int arg)
{
    printf("Hello 3 %d\n", arg);
}

/*@ end */
/*
 * The new thread starts here.  Its three arguments arrive in registers
 * (RDI, RSI, RDX); the thread calls arg1 with the int arg2 points to.
 */
void new_thread(void *arg1, void *arg2, void *arg3)
{
    printf("Hello2: arg1 %p, arg2 %p, arg3 %p\n", arg1, arg2, arg3);
    void (*func)(int) = arg1;
    func(*(int *)arg2);
    for (;;) {
        /* nothing left to do: spin until preempted */
    }
}

int main(void)
{
    printf("Hello, World!\n");
    seL4_DebugDumpScheduler();

    /* Retype the untyped into a TCB object, placed in tcb_cap_slot of our CNode. */
/*@ todo threads-start */
    /* TODO (threads-retype): every seL4_CapNull below is a placeholder. */
    seL4_Error result = seL4_Untyped_Retype(seL4_CapNull, seL4_TCBObject, seL4_TCBBits,
                                            seL4_CapNull, 0, 0, seL4_CapNull, 1);
/*@ done threads-retype */
    seL4_Error result = seL4_Untyped_Retype(tcb_untyped, seL4_TCBObject, seL4_TCBBits,
                                            root_cnode, 0, 0, tcb_cap_slot, 1);
/*@ end */
    ZF_LOGF_IF(result, "Failed to retype thread: %d", result);
    seL4_DebugDumpScheduler();

    /* Share our CSpace and VSpace with the new thread; give it its IPC buffer. */
/*@ todo threads-start */
    /* TODO (threads-configure): no fault endpoint, but everything else. */
    result = seL4_TCB_Configure(seL4_CapNull, seL4_CapNull, seL4_CapNull, 0, seL4_CapNull, 0,
                                0, seL4_CapNull);
/*@ done threads-configure */
    result = seL4_TCB_Configure(tcb_cap_slot, seL4_CapNull, root_cnode, 0, root_vspace, 0,
                                (seL4_Word)thread_ipc_buff_sym, tcb_ipc_frame);
/*@ end */
    ZF_LOGF_IF(result, "Failed to configure thread: %d", result);

    /* A new TCB has priority 0: raise it to ours, with our TCB as the authority. */
/*@ todo threads-start */
    /* TODO (threads-priority) */
    result = seL4_TCB_SetPriority(tcb_cap_slot, seL4_CapNull, 0);
/*@ done threads-priority */
    result = seL4_TCB_SetPriority(tcb_cap_slot, root_tcb, 254);
/*@ end */
    ZF_LOGF_IF(result, "Failed to set the priority for the new TCB object.\n");
    seL4_DebugDumpScheduler();

    /* Registers: where the new thread starts, its stack, and (later) its arguments. */
    UNUSED seL4_UserContext regs = {0};
    int error = seL4_TCB_ReadRegisters(tcb_cap_slot, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    ZF_LOGF_IFERR(error, "Failed to read the new thread's register set.\n");
/*@ todo threads-start */
    /* TODO (threads-context): start in new_thread, on the top of its stack, and
     * write the registers to the new TCB (how many words does regs hold?). */
    sel4utils_set_instruction_pointer(&regs, 0);
    sel4utils_set_stack_pointer(&regs, 0);
    error = seL4_TCB_WriteRegisters(seL4_CapNull, 0, 0, 0, &regs);
/*@ done threads-context */
    sel4utils_set_instruction_pointer(&regs, (seL4_Word)new_thread);
    sel4utils_set_stack_pointer(&regs, tcb_stack_top);
    /* TODO (threads-context-2): pass 1, 2 and 3 as the thread's arguments. */
    error = seL4_TCB_WriteRegisters(tcb_cap_slot, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
/*@ todo threads-context-2 */
    sel4utils_arch_init_local_context(new_thread, (void *)1, (void *)2,
                                      (void *)3, (void *)tcb_stack_top, &regs);
    /* TODO (threads-fault): arg2 must point at an int, arg1 at a function. */
    error = seL4_TCB_WriteRegisters(tcb_cap_slot, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
/*@ done threads-fault */
    sel4utils_arch_init_local_context(new_thread, (void *)call_once,
                                      (void *)&data, (void *)3, (void *)tcb_stack_top, &regs);
    error = seL4_TCB_WriteRegisters(tcb_cap_slot, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
/*@ end */
    ZF_LOGF_IFERR(error, "Failed to write the new thread's register set.\n"
                  "\tDid you write the correct number of registers? See arg4.\n");
    seL4_DebugDumpScheduler();

    /* Make the new thread runnable. */
/*@ todo threads-start */
    /* TODO (threads-resume) */
    error = seL4_TCB_Resume(seL4_CapNull);
/*@ done threads-resume */
    error = seL4_TCB_Resume(tcb_cap_slot);
/*@ end */
    ZF_LOGF_IFERR(error, "Failed to start new thread.\n");

    /* Keep this thread busy: the new one, at the same priority, gets the CPU
     * when our time slice runs out. */
    for (;;) {
    }
    return 0;
}

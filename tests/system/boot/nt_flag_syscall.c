/*
 * FUZZBUG0001 (found by tests/system/fuzz): a syscall entered with RFLAGS.NT set.
 * SYSCALL clears only the RFLAGS bits in IA32_FMASK; if NT is not among them
 * the kernel runs with NT = 1, and its next IRETQ (to a thread that is not
 * returning from a syscall) raises #GP in ring 0.  A helper thread whose
 * registers were just written (WriteRegisters) leaves the kernel by IRETQ;
 * the root sets NT and yields to it, ten times.  Expected:
 * "nt_flag_syscall: survived" and no KERNEL EXCEPTION.
 */
#include <sel4/sel4.h>
#include <stdio.h>
#include <string.h>

#include "boot_thread.h"

static unsigned char stack[4096] __attribute__((aligned(16)));
static volatile unsigned long helper_runs;

/* The helper: counts its turns and yields (no TLS, no IPC buffer needed). */
static void helper(void)
{
    for (;;) {
        helper_runs++;
        bare_yield();
    }
}

/* Start the helper, then ten times: rewrite its registers and yield to it with NT set. */
int main(void)
{
    seL4_CPtr tcb = boot_new_tcb();
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.rip = (seL4_Word)helper;
    regs.rsp = (seL4_Word)&stack[sizeof(stack)] - 8;
    regs.rflags = 0x202;
    printf("nt_flag_syscall: yielding to a helper with RFLAGS.NT set\n");
    for (int i = 0; i < 10; i++) {
        /* Written registers: the helper's next kernel exit is an IRETQ. */
        seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
        __asm__ volatile("pushq $0x4202\n\tpopfq\n\t"
                         "movq $-7, %%rdx\n\tmovq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp\n\t"
                         "pushq $0x202\n\tpopfq"
                         ::: "rbx", "rcx", "rdx", "r11", "memory", "cc");
    }
    printf("nt_flag_syscall: survived (the helper ran %lu times)\n", helper_runs);
    seL4_DebugHalt();
    return 0;
}

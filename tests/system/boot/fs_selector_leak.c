/*
 * FUZZBUG0002 (found by tests/system/fuzz): one thread's FS selector load must not
 * change another thread's FS base.  The kernel skips the FS_BASE wrmsr when
 * the thread it returns to has the value it wrote last.  A thread that sets
 * its FS base to another thread's (seL4_SetTLSBase) and then loads an FS
 * selector (hardware base := the descriptor's, 0) makes the other thread run
 * with FS base 0 if the kernel trusts that cache across a thread switch.
 * The victim reads its TLS self-pointer, %fs:0.  Expected: "fs_selector_leak:
 * ok" (the victim ran every time, always with its own FS base) and no fault
 * report for "fs-victim".
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "boot_thread.h"


static unsigned char stack[8192] __attribute__((aligned(16)));
static unsigned char tls[512] __attribute__((aligned(64)));
static volatile unsigned long victim_runs, victim_wrong;

/* The victim: checks its TLS self-pointer and yields (no IPC buffer needed). */
static void victim(void)
{
    for (;;) {
        unsigned long self, tp;
        __asm__ volatile("movq %%fs:0, %0" : "=r"(self));
        tp = (unsigned long)__builtin_thread_pointer();
        victim_runs++;
        victim_wrong += self != tp;
        bare_yield();
    }
}

/* Start the victim, then twenty times: its FS base, an FS selector load, a yield. */
int main(void)
{
    seL4_CPtr tcb = boot_new_tcb();
    seL4_DebugNameThread(tcb, "fs-victim");
    uintptr_t victim_tp = sel4runtime_write_tls_image(tls), my_tp;
    __asm__ volatile("movq %%fs:0, %0" : "=r"(my_tp));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.rip = (seL4_Word)victim;
    regs.rsp = (seL4_Word)&stack[sizeof(stack)] - 8;
    regs.rflags = 0x202;
    regs.fs_base = victim_tp;
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    printf("fs_selector_leak: victim TLS %#lx; loading FS selectors with its base\n",
           (unsigned long)victim_tp);
    for (int i = 0; i < 20; i++) {
        /* FS base := the victim's, FS selector := 0x3b (base 0), yield, then our own base back. */
        __asm__ volatile("movq %0, %%rdi\n\tmovq $-30, %%rdx\n\tmovq %%rsp, %%rbx\n\tsyscall\n\t"
                         "movq %%rbx, %%rsp\n\tmovl $0x3b, %%eax\n\tmovl %%eax, %%fs\n\t"
                         "movq $-7, %%rdx\n\tmovq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp\n\t"
                         "movq %1, %%rdi\n\tmovq $-30, %%rdx\n\tmovq %%rsp, %%rbx\n\tsyscall\n\t"
                         "movq %%rbx, %%rsp"
                         :: "r"((unsigned long)victim_tp), "r"((unsigned long)my_tp)
                         : "rax", "rbx", "rcx", "rdx", "rdi", "r11", "memory");
    }
    printf("fs_selector_leak: %s (the victim ran %lu times, saw a wrong FS base %lu times)\n",
           victim_runs >= 20 && victim_wrong == 0 ? "ok" : "FAILED", victim_runs, victim_wrong);
    seL4_DebugHalt();
    return 0;
}

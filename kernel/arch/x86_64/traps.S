/*
 * Kernel entry and exit.
 *
 * syscall:    interrupts off (FMASK), RSP is the user's.  The registers go
 *             straight into the current TCB's context (x86_cur_regs), Error is
 *             set to -1, and C runs on the one kernel stack.  User RSP is not
 *             saved, as on seL4 (libsel4 keeps it in RBX).
 * exceptions/ the CPU switches to TSS.RSP0 (top of the kernel stack) from ring
 * interrupts: 3; the stub pushes an error code (0 if the CPU did not), the
 *             vector and the GPRs, and calls x86_handle_trap(frame) which copies
 *             the frame into the TCB.
 * exit:       x86_restore_user(regs): sysretq if Error == -1, else iretq.
 */
#include <sel4/config.h>

#include "arch_defs.h"

#define R(x) ((x) * 8)

    .text
    .globl x86_handle_syscall
x86_handle_syscall:
    movq x86_cur_regs(%rip), %rsp
    movq %rdi, R(REG_RDI)(%rsp)
    movq %rsi, R(REG_RSI)(%rsp)
    movq %rax, R(REG_RAX)(%rsp)
    movq %rbx, R(REG_RBX)(%rsp)
    movq %rbp, R(REG_RBP)(%rsp)
    movq %r12, R(REG_R12)(%rsp)
    movq %r13, R(REG_R13)(%rsp)
    movq %r14, R(REG_R14)(%rsp)
    movq %rdx, R(REG_RDX)(%rsp)
    movq %r10, R(REG_R10)(%rsp)
    movq %r8, R(REG_R8)(%rsp)
    movq %r9, R(REG_R9)(%rsp)
    movq %r15, R(REG_R15)(%rsp)
    movq %r11, R(REG_FLAGS)(%rsp)
    movq %rcx, R(REG_NEXTIP)(%rsp)
    subq $2, %rcx                       /* FaultIP: the syscall instruction */
    movq %rcx, R(REG_FAULTIP)(%rsp)
    movq $-1, R(REG_ERROR)(%rsp)
    leaq kernel_stack+(1 << KERNEL_STACK_BITS)(%rip), %rsp
    /* (cptr = RDI, msginfo = RSI, syscall = RDX): Call and ReplyRecv try the fastpath */
#ifdef CONFIG_FASTPATH
    cmpq $-1, %rdx
    je fastpath_call
    cmpq $-2, %rdx
    je fastpath_reply_recv
#endif
    call c_handle_syscall
1:  hlt
    jmp 1b

/* Generate a stub per vector; vectors where the CPU pushes no error code get a 0. */
.macro VECTOR n
    .balign 16
x86_vector_\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp x86_trap_common
.endm

    .balign 16
x86_vector_stubs_start:
.altmacro
.set i, 0
.rept 256
    VECTOR %i
    .set i, i + 1
.endr

x86_trap_common:
    pushq %r15
    pushq %r14
    pushq %r13
    pushq %r12
    pushq %r11
    pushq %r10
    pushq %r9
    pushq %r8
    pushq %rbp
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %rcx
    pushq %rbx
    pushq %rax
    cld
    /* Interrupt and exception gates keep the interrupted RFLAGS.AC, so a user thread with AC
     * set would switch SMAP off for this whole kernel entry.  CLAC exists only with SMAP. */
    testb $1, x86_smap_on(%rip)
    jz 1f
    clac
1:  movq %rsp, %rdi
    call x86_handle_trap
    /* It returns only from a dismissed ring-0 #DB: resume the interrupted kernel code. */
    popq %rax
    popq %rbx
    popq %rcx
    popq %rdx
    popq %rsi
    popq %rdi
    popq %rbp
    popq %r8
    popq %r9
    popq %r10
    popq %r11
    popq %r12
    popq %r13
    popq %r14
    popq %r15
    addq $16, %rsp                      /* vector and error code */
    iretq

/* void x86_restore_user(uint64_t *regs): never returns. */
    .globl x86_restore_user
x86_restore_user:
    cmpq $-1, R(REG_ERROR)(%rdi)
    jne 3f
    movq R(REG_RSI)(%rdi), %rsi
    movq R(REG_RAX)(%rdi), %rax
    movq R(REG_RBX)(%rdi), %rbx
    movq R(REG_RBP)(%rdi), %rbp
    movq R(REG_R12)(%rdi), %r12
    movq R(REG_R13)(%rdi), %r13
    movq R(REG_R14)(%rdi), %r14
    movq R(REG_RDX)(%rdi), %rdx
    movq R(REG_R10)(%rdi), %r10
    movq R(REG_R8)(%rdi), %r8
    movq R(REG_R9)(%rdi), %r9
    movq R(REG_R15)(%rdi), %r15
    movq R(REG_FLAGS)(%rdi), %r11
    movq R(REG_NEXTIP)(%rdi), %rcx
    movq R(REG_RDI)(%rdi), %rdi
    xorl %esp, %esp
    sysretq
3:  leaq kernel_stack+(1 << KERNEL_STACK_BITS)(%rip), %rsp
    pushq R(REG_SS)(%rdi)
    pushq R(REG_RSP)(%rdi)
    pushq R(REG_FLAGS)(%rdi)
    pushq R(REG_CS)(%rdi)
    pushq R(REG_NEXTIP)(%rdi)
    movq R(REG_RSI)(%rdi), %rsi
    movq R(REG_RAX)(%rdi), %rax
    movq R(REG_RBX)(%rdi), %rbx
    movq R(REG_RCX)(%rdi), %rcx
    movq R(REG_RDX)(%rdi), %rdx
    movq R(REG_RBP)(%rdi), %rbp
    movq R(REG_R8)(%rdi), %r8
    movq R(REG_R9)(%rdi), %r9
    movq R(REG_R10)(%rdi), %r10
    movq R(REG_R11)(%rdi), %r11
    movq R(REG_R12)(%rdi), %r12
    movq R(REG_R13)(%rdi), %r13
    movq R(REG_R14)(%rdi), %r14
    movq R(REG_R15)(%rdi), %r15
    movq R(REG_RDI)(%rdi), %rdi
    iretq

/* void x86_idle_loop(void): ring-0 idle on a fresh kernel stack, interrupts on. */
    .globl x86_idle_loop
x86_idle_loop:
    leaq kernel_stack+(1 << KERNEL_STACK_BITS)(%rip), %rsp
4:  sti
    hlt
    cli
    jmp 4b

    .section .rodata
    .balign 8
    .globl x86_vector_stubs
x86_vector_stubs:
.set i, 0
.rept 256
    .quad x86_vector_stubs_start + i * 16
    .set i, i + 1
.endr

    .section .note.GNU-stack, "", @progbits

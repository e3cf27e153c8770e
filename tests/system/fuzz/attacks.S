/*
 * Hostile instruction sequences a fuzz thread runs (fuzz_attack), and the
 * syscall entered with chosen RFLAGS (fuzz_flags_syscall).  Most sequences
 * fault: the root gets the fault and restarts the thread.  None of them may
 * hurt the kernel: privileged instructions, ports, MSRs, descriptor tables,
 * far transfers to kernel selectors, stacks and jumps at kernel and
 * non-canonical addresses, x87/SSE exceptions, and syscalls entered with
 * DF, NT, AC or TF set, after MOV SS, or with RSP at a kernel address.
 *
 *   void fuzz_attack(uint64_t n, uint64_t a, uint64_t b)   rdi = n, rsi = a, rdx = b
 *   void fuzz_flags_syscall(uint64_t flags, uint64_t sys, fz_regs_t *r)
 *
 * A syscall keeps RSP in RBX, as libsel4 does (the kernel returns with RSP = 0).
 */
#define N_ATTACKS 51 /* FUZZ_N_ATTACKS */
/* Syscall numbers (<sel4/syscall.h> has them only as C enumerators). */
#define seL4_SysCall (-1)
#define seL4_SysYield (-7)
#define seL4_SysSetTLSBase (-30)
#define FUZZ_IPC_VADDR 0x10008000
#define FUZZ_STACK_VADDR 0x10000000

/* The System V callee-saved registers except RSP. */
.macro PUSH_CALLEE_SAVED
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm
.macro POP_CALLEE_SAVED
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
.endm

    .text

    .globl fuzz_attack
    .type fuzz_attack, @function
fuzz_attack:
    cmpq $N_ATTACKS, %rdi
    jae 1f
    PUSH_CALLEE_SAVED          /* the sequences clobber callee-saved registers freely */
    subq $8, %rsp
    leaq attack_table(%rip), %rax
    callq *(%rax,%rdi,8)
    addq $8, %rsp
    POP_CALLEE_SAVED
1:  ret

/* Issue syscall `sys` with registers *r and RFLAGS = flags; write the results back. */
    .globl fuzz_flags_syscall
    .type fuzz_flags_syscall, @function
fuzz_flags_syscall:
    PUSH_CALLEE_SAVED
    movq %rdx, %r12
    movq %rsi, %r13
    movq %rdi, %r14
    movq 16(%r12), %r10
    movq 24(%r12), %r8
    movq 32(%r12), %r9
    movq 40(%r12), %r15
    movq 0(%r12), %rdi
    movq 8(%r12), %rsi
    movq %r13, %rdx
    movq %rsp, %rbx
    pushq %r14
    popfq
    syscall
    movq %rbx, %rsp
    pushq $0x202
    popfq
    cld
    movq %rdi, 0(%r12)
    movq %rsi, 8(%r12)
    movq %r10, 16(%r12)
    movq %r8, 24(%r12)
    movq %r9, 32(%r12)
    movq %r15, 40(%r12)
    POP_CALLEE_SAVED
    ret

/* SYSCALL(n): syscall number n with RSP kept in RBX. */
#define SYSCALL(n) movq $(n), %rdx; movq %rsp, %rbx; syscall; movq %rbx, %rsp

a0: ud2
a1: int3
    ret
a2: int $0x80
    ret
a3: int $1
    ret
a4: .byte 0xf1              /* icebp */
    ret
a5: hlt
    ret
a6: cli
    ret
a7: xorl %eax, %eax          /* isa-debug-exit: would end QEMU if the port were open */
    outb %al, $0xf4
    ret
a8: movl $0xc0000080, %ecx   /* EFER */
    rdmsr
    ret
a9: movl $0xc0000082, %ecx   /* LSTAR */
    movl %esi, %eax
    movq %rsi, %rdx
    shrq $32, %rdx
    wrmsr
    ret
a10: movq %cr3, %rax
    ret
a11: movq %rsi, %cr3
    ret
a12: swapgs
    ret
a13: sysretq
a14: sysenter
    ret
a15: xorl %ecx, %ecx         /* #DE */
    movl $1, %eax
    xorl %edx, %edx
    divl %ecx
    ret
a16: movabsq $0x8000000000000000, %rax   /* #DE: INT64_MIN / -1 */
    cqto
    movq $-1, %rcx
    idivq %rcx
    ret
a17: movq (%rsi), %rax
    ret
a18: movq %rdx, (%rsi)
    ret
a19: jmpq *%rsi
a20: movq %rsi, %rsp
    pushq $0
    ud2
a21: movq %rsi, %rsp
    call 1f
1:  ud2
a22: pushq %rdx              /* iretq to the kernel's code selector */
    pushq %rsi
    pushq $0x3202
    pushq $0x08
    pushq %rsi
    iretq
a23: pushq $0x33             /* iretq at CPL 3 asking for IOPL 3 */
    pushq %rsi
    pushq $0x3302
    pushq $0x2b
    pushq %rsi
    iretq
a24: pushq $0x08             /* far return into ring 0 */
    pushq %rsi
    lretq
a25: subq $16, %rsp          /* far jump to the TSS selector */
    movl $0, (%rsp)
    movw $0x18, 4(%rsp)
    ljmpl *(%rsp)
a26: movl $0x10, %eax        /* the kernel's data selector */
    movl %eax, %ds
    ret
a27: movq %rdx, %r12          /* for each of the 8 words at b (the control page's hints, */
    movl $8, %r13d             /* watchers' TLS pointers): FS base := it, load the FS selector */
1:  movq (%r12), %rdi          /* (hardware base 0), and yield: the next thread to run must */
    SYSCALL(seL4_SysSetTLSBase) /* still get its own FS base */
    movl $0x3b, %eax
    movl %eax, %fs
    SYSCALL(seL4_SysYield)
    addq $8, %r12
    decl %r13d
    jnz 1b
    ret
a28: movl $0x43, %eax        /* GS selector */
    movl %eax, %gs
    SYSCALL(seL4_SysYield)
    ret
a29: movl $0x2b, %eax        /* a code selector into SS */
    movl %eax, %ss
    ret
a30: movl %ss, %eax          /* MOV SS; SYSCALL */
    movq $seL4_SysYield, %rdx
    movq %rsp, %rbx
    movl %eax, %ss
    syscall
    movq %rbx, %rsp
    ret
a31: movq $seL4_SysYield, %rdx   /* TF; SYSCALL */
    movq %rsp, %rbx
    pushq $0x302
    popfq
    syscall
    movq %rbx, %rsp
    pushq $0x202
    popfq
    ret
a32: movl %ss, %eax          /* TF; MOV SS; SYSCALL */
    movq $seL4_SysYield, %rdx
    movq %rsp, %rbx
    pushq $0x302
    popfq
    movl %eax, %ss
    syscall
    movq %rbx, %rsp
    pushq $0x202
    popfq
    ret
a33: movq $seL4_SysYield, %rdx   /* NT; SYSCALL */
    movq %rsp, %rbx
    pushq $0x4202
    popfq
    syscall
    movq %rbx, %rsp
    pushq $0x202
    popfq
    ret
a34: movq $1, %rdi           /* DF; Call ReadRegisters(its own TCB, 20 registers) */
    movq $((2 << 12) | 2), %rsi
    xorl %r10d, %r10d
    movq $20, %r8
    movq $seL4_SysCall, %rdx
    movq %rsp, %rbx
    std
    syscall
    cld
    movq %rbx, %rsp
    ret
a35: fninit                  /* x87 divide by zero, unmasked: #MF */
    pushq $0x0340
    fldcw (%rsp)
    popq %rax
    fldz
    fld1
    fdivp
    fwait
    ret
a36: pushq $0                /* SSE 0/0 with every exception unmasked: #XM */
    ldmxcsr (%rsp)
    popq %rax
    xorps %xmm0, %xmm0
    divss %xmm0, %xmm0
    ret
a37: movq $FUZZ_IPC_VADDR, %rax  /* FPU state from random bytes, then let the kernel switch it */
    fxrstor (%rax)
    SYSCALL(seL4_SysYield)
    ret
a38: andq $0x3f0, %rsi       /* execute random bytes, with no pointer in a register */
    movq $FUZZ_IPC_VADDR, %rax
    addq %rsi, %rax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    movq $FUZZ_STACK_VADDR + 0x800, %rsp  /* a stack page holding no frame of ours */
    jmpq *%rax
a39: movq $FUZZ_IPC_VADDR + 1, %rax  /* misaligned FXSAVE: #GP */
    fxsave (%rax)
    ret
a40: int $14
    ret
a41: lidt (%rsp)
    ret
a42: .byte 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66  /* 16 bytes: too long, #GP */
    .byte 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90
    ret
a43: movq %rsp, %rbx         /* SYSCALL with RSP at a kernel or non-canonical address */
    movq %rsi, %rsp
    movq $seL4_SysYield, %rdx
    syscall
    movq %rbx, %rsp
    ret
a44: wbinvd
    ret
a45: invlpg (%rsi)
    ret
a46: movq %dr7, %rax
    ret
a47: clts
    ret
a48: subq $16, %rsp          /* allowed without UMIP: reads, nothing changes */
    sgdt (%rsp)
    sidt (%rsp)
    str %ax
    addq $16, %rsp
    ret
a49: pushfq                  /* ask for IOPL 3, then CLI */
    orq $0x3000, (%rsp)
    popfq
    cli
    ret
a50: movq %rsi, %rdx         /* syscall number a: an UnknownSyscall fault (a is never -11, -14) */
    movq %rsp, %rbx
    syscall
    movq %rbx, %rsp
    ret

    .section .rodata
    .balign 8
attack_table:
    .quad a0, a1, a2, a3, a4, a5, a6, a7, a8, a9
    .quad a10, a11, a12, a13, a14, a15, a16, a17, a18, a19
    .quad a20, a21, a22, a23, a24, a25, a26, a27, a28, a29
    .quad a30, a31, a32, a33, a34, a35, a36, a37, a38, a39
    .quad a40, a41, a42, a43, a44, a45, a46, a47, a48, a49
    .quad a50

    .section .note.GNU-stack, "", @progbits

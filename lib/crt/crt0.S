/*
 * Entry of a root task (seL4's boot protocol): RDI = bootinfo address and
 * RSP = 0, so the first thing is a stack of our own.  Then C takes over in
 * __mica_start_root (runtime.c).
 */
    .text
    .globl _start
    .type _start, @function
_start:
    leaq __mica_root_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call __mica_start_root
1:  ud2
    jmp 1b
    .size _start, . - _start

    .section .bss
    .balign 16
__mica_root_stack:
    .skip 65536
    .globl __mica_root_stack_top
__mica_root_stack_top:
    .section .note.GNU-stack, "", @progbits

/*
 * Entry of a program the system loader starts: RSP points at argc, then
 * argv, envp and the auxiliary vector (lib/libc/include/mica/startup.h),
 * 16-byte aligned.  C takes over in __mica_start_process (runtime.c).
 */
    .text
    .globl _start
    .type _start, @function
_start:
    movq %rsp, %rdi
    andq $-16, %rsp
    xorl %ebp, %ebp
    call __mica_start_process
1:  ud2
    jmp 1b
    .size _start, . - _start
    .section .note.GNU-stack, "", @progbits

/* UNKNOWNSYSCALL0001: a syscall number the kernel does not know (12345). */
#include <stdio.h>

int main(void)
{
    printf("unknown_syscall: syscall number 12345\n");
    __asm__ volatile("mov %%rsp, %%rbx\n\tmov $12345, %%rdx\n\tsyscall\n\tmov %%rbx, %%rsp"
                     ::: "rbx", "rcx", "rdx", "r11", "memory");
    printf("unknown_syscall: still running after the fault (wrong)\n");
    return 0;
}

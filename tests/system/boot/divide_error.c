/* USEREXC0002: a divide error (#DE, vector 0) in the root task. */
#include <stdio.h>

int main(void)
{
    printf("divide_error: dividing by zero\n");
    __asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\txor %%edx, %%edx\n\tdiv %%ecx" ::: "rax", "rcx", "rdx");
    printf("divide_error: still running after the fault (wrong)\n");
    return 0;
}

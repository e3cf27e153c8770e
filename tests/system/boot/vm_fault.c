/* VMFAULT0001: a read of an unmapped address in the root task. */
#include <stdio.h>

int main(void)
{
    printf("vm_fault: reading address 0x10\n");
    unsigned long v;
    __asm__ volatile("mov 0x10, %0" : "=r"(v));
    printf("vm_fault: still running after the fault (wrong) %lu\n", v);
    return 0;
}

/* CAPFAULT0001: seL4_Send on a CPtr that does not resolve is a cap fault. */
#include <sel4/sel4.h>
#include <stdio.h>

int main(void)
{
    printf("invalid_cap: sending on cptr 0x%lx\n", 0xdeadbeefcaful);
    seL4_Send(0xdeadbeefcaful, seL4_MessageInfo_new(0, 0, 0, 0));
    printf("invalid_cap: still running after the fault (wrong)\n");
    return 0;
}

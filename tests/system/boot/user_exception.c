/* USEREXC0001: an invalid opcode in the root task, which has no fault handler. */
#include <stdio.h>

int main(void)
{
    printf("user_exception: executing ud2\n");
    __asm__ volatile("ud2");
    printf("user_exception: still running after the fault (wrong)\n");
    return 0;
}

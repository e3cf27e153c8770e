/*
 * Mica tutorial "hello-world": the whole system is this one program, the
 * root task, which the kernel starts after boot.
 */
#include <stdio.h>

int main(int argc, char *argv[])
{
    printf("Hello, World!\n");
/*@ done hello-world-mod */
    printf("Second hello\n");
/*@ end */
    return 0;
}

/*
 * The demo program of `make run`: the loader built its CSpace and VSpace
 * from loader/demo/demo.system.  It greets, shows the scheduler (the loader,
 * "rootserver", is inactive by now), and halts the machine.
 */
#include <sel4/sel4.h>
#include <stdio.h>

extern seL4_CPtr self_tcb;

int main(int argc, char **argv)
{
    printf("Hello from Mica! \"%s\" is a program the loader started (argc %d).\n", argv[0], argc);
    printf("  its CSpace: slot %lu holds a cap to its own thread\n", (unsigned long)self_tcb);
    seL4_DebugDumpScheduler();
    printf("Mica demo finished; halting.\n");
    seL4_DebugHalt();
    return 0;
}

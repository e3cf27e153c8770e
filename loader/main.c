/*
 * The default system's root task.  This is the first slice of the system
 * loader (DESIGN §3): it greets, reports what the kernel handed it, shows
 * the scheduler, and halts the machine.  Building systems from compiled
 * descriptions arrives with the loader issue.
 */
#include <sel4/sel4.h>
#include <stdio.h>

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word ram = 0, devices = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_Word bytes = 1ul << bi->untypedList[i].sizeBits;
        if (bi->untypedList[i].isDevice) {
            devices++;
        } else {
            ram += bytes;
        }
    }
    printf("Hello from Mica! The root task is running in user mode.\n");
    printf("  bootinfo at %p, IPC buffer at %p\n", (void *)bi, (void *)bi->ipcBuffer);
    printf("  %lu untyped caps (%lu device), %lu MiB of RAM to retype\n",
           (unsigned long)(bi->untyped.end - bi->untyped.start), (unsigned long)devices,
           (unsigned long)(ram >> 20));
    printf("  empty CNode slots: %lu..%lu\n", (unsigned long)bi->empty.start,
           (unsigned long)bi->empty.end - 1);
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "loader");
    seL4_DebugDumpScheduler();
    printf("Mica demo finished; halting.\n");
    seL4_DebugHalt();
    return 0;
}

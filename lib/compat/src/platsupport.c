/*
 * <sel4platsupport/bootinfo.h> over the runtime: the root task's bootinfo.
 */
#include <sel4platsupport/bootinfo.h>

/* The bootinfo the kernel handed the root task (NULL elsewhere). */
seL4_BootInfo *platsupport_get_bootinfo(void)
{
    return seL4_GetBootInfo();
}

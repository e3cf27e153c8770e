/*
 * Bootinfo kept by libsel4 for the root task.  The runtime calls
 * seL4_InitBootInfo with the pointer the kernel passed in RDI at start-up.
 * (seL4 marks both functions deprecated in favour of the runtime's own
 * copy; Mica keeps them plain.)
 */
#pragma once

#include <sel4/types.h>
#include <sel4/bootinfo_types.h>

/* Remember the bootinfo frame's address. */
void seL4_InitBootInfo(seL4_BootInfo *bi);

/* The address given to seL4_InitBootInfo, or NULL. */
seL4_BootInfo *seL4_GetBootInfo(void);

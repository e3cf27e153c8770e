/*
 * <sel4platsupport/bootinfo.h>: how a root task finds its seL4_BootInfo.
 */
#pragma once

#include <sel4/sel4.h>

/* The bootinfo frame the kernel passed to this root task (NULL in a program the loader started). */
seL4_BootInfo *platsupport_get_bootinfo(void);

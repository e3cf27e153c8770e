/*
 * seL4 keeps the x86 bootinfo chunk types at this path; Mica keeps it in <sel4/bootinfo_types.h>.
 */
#pragma once

#include <sel4/bootinfo_types.h>

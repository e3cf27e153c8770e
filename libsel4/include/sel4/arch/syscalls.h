/*
 * seL4 keeps seL4_Wait/seL4_Poll at this path; Mica keeps it in <sel4/syscalls.h>.
 */
#pragma once

#include <sel4/syscalls.h>

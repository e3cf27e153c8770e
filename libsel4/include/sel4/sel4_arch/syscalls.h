/*
 * seL4 keeps the x86_64 syscall wrappers at this path; Mica keeps it in <sel4/syscalls.h>.
 */
#pragma once

#include <sel4/syscalls.h>

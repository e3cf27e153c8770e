/*
 * seL4 keeps seL4_UserContext and seL4_X64_PML4 at this path; Mica keeps it in <sel4/types.h>.
 */
#pragma once

#include <sel4/types.h>

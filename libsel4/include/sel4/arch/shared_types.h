/*
 * seL4 keeps the x86 shared types at this path; Mica keeps it in <sel4/shared_types.h>.
 */
#pragma once

#include <sel4/shared_types.h>

/*
 * seL4 keeps the x86 cap-pointer types and VM attributes at this path; Mica keeps it in <sel4/types.h>.
 */
#pragma once

#include <sel4/types.h>

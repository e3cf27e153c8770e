/*
 * seL4 keeps seL4_getArchFault at this path; Mica keeps it in <sel4/faults.h>.
 */
#pragma once

#include <sel4/faults.h>

/*
 * seL4 keeps seL4_GuardBits/seL4_BadgeBits at this path; Mica keeps it in <sel4/constants.h>.
 */
#pragma once

#include <sel4/constants.h>

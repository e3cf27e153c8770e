/*
 * seL4 keeps the x86 constants at this path; Mica keeps it in <sel4/constants.h>.
 */
#pragma once

#include <sel4/constants.h>

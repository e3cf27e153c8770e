/*
 * seL4 keeps the pc99 breakpoint counts at this path; Mica keeps it in <sel4/constants.h>.
 */
#pragma once

#include <sel4/constants.h>

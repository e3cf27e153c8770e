/*
 * seL4 keeps the x86_64 sizes and fault-message layouts at this path; Mica keeps it in <sel4/constants.h>.
 */
#pragma once

#include <sel4/constants.h>

/*
 * seL4 keeps the word-size definitions at this path; Mica keeps it in <sel4/simple_types.h>.
 */
#pragma once

#include <sel4/simple_types.h>

/*
 * seL4 keeps the x86 object types at this path; Mica keeps it in <sel4/objecttype.h>.
 */
#pragma once

#include <sel4/objecttype.h>

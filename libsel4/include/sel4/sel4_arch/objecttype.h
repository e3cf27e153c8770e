/*
 * seL4 keeps the x86_64 object types at this path; Mica keeps it in <sel4/objecttype.h>.
 */
#pragma once

#include <sel4/objecttype.h>

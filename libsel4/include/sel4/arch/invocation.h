/*
 * seL4 keeps the x86 invocation labels at this path; Mica keeps it in <sel4/invocation.h>.
 */
#pragma once

#include <sel4/invocation.h>

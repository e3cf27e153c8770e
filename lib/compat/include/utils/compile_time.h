/*
 * <utils/compile_time.h>: a static assertion with a name.
 */
#pragma once

#define compile_time_assert(name, expr) _Static_assert((expr), #name)

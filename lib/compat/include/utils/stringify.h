/*
 * <utils/stringify.h>: turn a macro's value into a string, or glue two tokens.
 */
#pragma once

#define _STRINGIFY(s) #s
#define STRINGIFY(s) _STRINGIFY(s)
#define _JOIN(x, y) x##y
#define JOIN(x, y) _JOIN(x, y)

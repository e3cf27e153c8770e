/*
 * seL4 programs include <autoconf.h> for the build configuration; ours is
 * the hand-written sel4/config.h.
 */
#pragma once

#include <sel4/config.h>

/*
 * <sel4utils/util.h>: libutils' helpers plus the seL4-specific ones:
 * register accessors for seL4_UserContext, ZF_LOG*_IFERR and sel4_strerror.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <stdint.h>

#include <sel4/sel4.h>
#include <utils/util.h>
#include <vspace/page.h>
#include <sel4utils/arch/util.h>
#include <sel4utils/sel4_zf_logif.h>
#include <sel4utils/strerror.h>

#define SEL4UTILS_64_WORDS (sizeof(uint64_t) / sizeof(seL4_Word))

/* A 64-bit value from message register offset (one MR on x86-64). */
static inline uint64_t sel4utils_64_get_mr(seL4_Word offset)
{
    return seL4_GetMR(offset);
}

/* Store a 64-bit value in message register offset. */
static inline void sel4utils_64_set_mr(seL4_Word offset, uint64_t value)
{
    seL4_SetMR(offset, (seL4_Word)value);
}

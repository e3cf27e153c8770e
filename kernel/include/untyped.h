/*
 * Untyped arithmetic (pure; host-tested).  A free index counts 16-byte units
 * from the start of the untyped; memory above it is unused (and zero).
 *
 *   base                 base + free_index*16        base + 2^size_bits
 *   |---- used ----------|--- free ---------------------|
 *                            ^ objects start at the first multiple of
 *                              2^object_bits at or above the free index
 */
#pragma once

#include "types.h"

#define FREE_INDEX_TO_OFFSET(i) ((i) << 4)
#define OFFSET_TO_FREE_INDEX(o) ((o) >> 4)

typedef struct retype_plan {
    bool fits;             /* count objects fit (seL4's check: free bytes >> object bits) */
    word_t free_bytes;     /* what NotEnoughMemory reports */
    word_t first;          /* where the first object goes */
    word_t new_free_index; /* the watermark after the objects */
} retype_plan_t;

/* Where count objects of 2^object_bits go in an untyped at base of 2^size_bits. */
static inline retype_plan_t retype_plan(word_t base, word_t size_bits, word_t free_index,
                                        word_t object_bits, word_t count)
{
    retype_plan_t p;
    p.free_bytes = BIT(size_bits) - FREE_INDEX_TO_OFFSET(free_index);
    p.fits = (p.free_bytes >> object_bits) >= count;
    p.first = ROUND_UP(base + FREE_INDEX_TO_OFFSET(free_index), object_bits);
    p.new_free_index = OFFSET_TO_FREE_INDEX(p.first + (count << object_bits) - base);
    return p;
}

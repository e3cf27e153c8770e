/*
 * Which paging structure a failed x86_64 Map was missing.  After a Map
 * invocation fails with seL4_FailedLookup, the reply's MR2 holds the
 * lookup's bitsLeft, i.e. the level of the missing table:
 *   21: no page table, 30: no page directory, 39: no PDPT.
 */
#pragma once

#include <sel4/functions.h>

#define SEL4_MAPPING_LOOKUP_LEVEL 2
#define SEL4_MAPPING_LOOKUP_NO_PT 21
#define SEL4_MAPPING_LOOKUP_NO_PD 30
#define SEL4_MAPPING_LOOKUP_NO_PDPT 39

/* bitsLeft of the failed lookup (one of the SEL4_MAPPING_LOOKUP_NO_*). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}

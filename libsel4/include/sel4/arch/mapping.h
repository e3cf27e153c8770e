/*
 * Missing-table levels of a failed Map (see sel4/sel4_arch/mapping.h),
 * plus the EPT levels seL4 defines for VT-x (unused by Mica).
 */
#pragma once

#include <sel4/sel4_arch/mapping.h>

#define SEL4_MAPPING_LOOKUP_NO_EPTPDPT 39
#define SEL4_MAPPING_LOOKUP_NO_EPTPD 30
#define SEL4_MAPPING_LOOKUP_NO_EPTPT 21

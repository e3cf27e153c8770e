/*
 * <utils/time.h>: unit conversion constants (seL4 libutils names).
 */
#pragma once

#define MS_IN_S 1000ull
#define US_IN_MS 1000ull
#define NS_IN_US 1000ull
#define US_IN_S (US_IN_MS * MS_IN_S)
#define NS_IN_MS (NS_IN_US * US_IN_MS)
#define NS_IN_S (NS_IN_US * US_IN_S)
#define NS_IN_MINUTE (NS_IN_S * 60ull)
#define NS_IN_HOUR (NS_IN_MINUTE * 60ull)

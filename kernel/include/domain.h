/*
 * Domain scheduling (seL4 16): a run-time schedule of (domain, duration in
 * ticks) entries; an all-zero entry is an end marker and the last entry always
 * is one.  The scheduler runs threads of ks_cur_domain only.
 */
#pragma once

#include "cspace.h"

#define NUM_DOMAIN_SCHEDULES (CONFIG_NUM_DOMAINS > 1 ? 100 : 2)
#define DSCHED_DOMAIN_SHIFT 56
#define DSCHED_MAX_DURATION (~0ul >> 8)

extern word_t ks_domain_time; /* ticks left in the current entry */

void domain_init(void);
/* Move to the next schedule entry (wrapping to the start at an end marker). */
void domain_next(void);
exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer);

/*
 * The kernel invariant checker (CONFIG_CHECK_INVARIANTS): run at every
 * kernel exit; a violation is a kernel bug (printed, then halt).
 *
 * The derivation tree cannot be walked whole on every exit, so the CTE
 * operations record the slots they touch; those are checked at exit.
 */
#pragma once

#include "config.h"
#include "structures.h"

#define INVARIANT_TOUCH_MAX 64

extern cte_t *inv_touched[INVARIANT_TOUCH_MAX];
extern word_t inv_n_touched; /* > INVARIANT_TOUCH_MAX: too many to keep */

/* Remember that a CTE changed during this kernel entry. */
static inline void invariants_touch(cte_t *slot)
{
    if (config_set(CONFIG_CHECK_INVARIANTS)) {
        if (inv_n_touched < INVARIANT_TOUCH_MAX) {
            inv_touched[inv_n_touched] = slot;
        }
        inv_n_touched++;
    }
}

/* Check everything; NULL if all holds, else what broke (a static string). */
const char *invariants_check(void);

/* The individual checks (host tests call them on states broken on purpose). */
const char *check_ready_queues(void);
const char *check_tcbs(void);
const char *check_cte(const cte_t *slot);
const char *check_ancestry(const cte_t *slot);
const char *check_untyped_children(const cte_t *slot);

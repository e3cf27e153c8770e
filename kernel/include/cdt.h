/* Capability derivation tree (seL4's MDB): insertion of original and derived caps. */
#pragma once

#include "structures.h"

/* Write an original (root) cap into an empty slot: revocable, first badged. */
void cte_write_root(cte_t *slot, cap_t cap);
/* Insert new_cap, derived from src's cap, into empty dest right after src. */
void cte_insert(cap_t new_cap, cte_t *src, cte_t *dest);

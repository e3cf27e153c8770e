/*
 * Per-object-type capability operations (seL4's objecttype.c): deriving,
 * finalising, comparing, updating and masking caps, and creating objects.
 * Arch caps are handled by the arch_* twins declared in arch/arch.h.
 */
#pragma once

#include "cspace.h"
#include "structures.h"

typedef struct finalise_ret {
    cap_t remainder; /* null, or a Zombie still to be cleared */
    cap_t cleanup;   /* what post_cap_deletion must release (IRQ handlers) */
} finalise_ret_t;

typedef struct derive_ret {
    exception_t status;
    cap_t cap;
} derive_ret_t;

derive_ret_t derive_cap(cte_t *slot, cap_t cap);
finalise_ret_t finalise_cap(cap_t cap, bool final, bool exposed);
void post_cap_deletion(cap_t cleanup);
bool same_region_as(cap_t a, cap_t b);
/* The memory a cap's object occupies, [*base, *base + 2^*bits); false for caps to no memory. */
bool cap_physical_extent(cap_t c, word_t *base, word_t *bits);
bool same_object_as(cap_t a, cap_t b);
cap_t update_cap_data(bool preserve, word_t data, cap_t cap);
cap_t mask_cap_rights(word_t rights, cap_t cap);
bool has_cancel_send_rights(cap_t cap);
word_t get_object_size(word_t type, word_t user_size);
cap_t create_object(word_t type, word_t region, word_t user_size, bool device);

/* Is a cap type one of the architecture's (frames, paging structures, ASIDs, I/O ports)? */
static inline bool is_arch_cap(cap_t c)
{
    return cap_get_type(c) & 1;
}

/* x86-64 address spaces (arch-private): the kernel window, ASIDs, unmapping, TLB flushes. */
#pragma once

#include "../../include/structures.h"
#include "paging.h"

/* ASIDs: 8 pools (ASID bits 11:9) of 512 (bits 8:0); ASID 0 is never handed out. */
#define ASID_POOL_BITS 9
#define N_ASID_POOLS 8
#define ASID_POOL_SIZE BIT(ASID_POOL_BITS)

extern uint64_t x86_kernel_pml4[512];
extern word_t x86_asid_table[];

void x86_kernel_window_init(paddr_t top_of_ram);
void x86_copy_kernel_mappings(uint64_t *pml4);

/* x86KSASIDTable: the pool (kernel-window address) of a pool index, or 0. */
word_t x86_asid_pool_at(word_t pool_index);
void x86_set_asid_pool(word_t pool_index, word_t pool_pptr);

/* The PML4 an ASID names, or NULL (no pool, or no PML4 assigned). */
uint64_t *x86_find_vspace_for_asid(word_t asid);
/* Remove the mapping a frame cap records, if the entry still maps that frame. */
void x86_unmap_frame(cap_t frame);
/* Remove a PT, PD or PDPT from its parent, if the parent entry still points to it. */
void x86_unmap_table(cap_t table);
void x86_delete_asid(word_t asid, word_t pml4);
void x86_delete_asid_pool(word_t asid_base, word_t pool);

/* Drop stale translations of vaddr, if pml4 is the loaded VSpace (no PCIDs). */
void x86_flush_page(const uint64_t *pml4, word_t vaddr);
/* Drop every (non-global) translation, if pml4 is the loaded VSpace. */
void x86_flush_vspace(const uint64_t *pml4);

/* seL4's maskVMRights: what a frame's VM rights leave under a cap-rights mask. */
word_t x86_mask_vm_rights(word_t vm_rights, word_t cap_rights);

/* The paging-level of the parent entry of a table cap: PT 1, PD 2, PDPT 3. */
static inline int table_cap_level(cap_t c)
{
    switch (cap_get_type(c)) {
    case cap_page_table_cap:
        return LEVEL_PD;
    case cap_page_directory_cap:
        return LEVEL_PDPT;
    default:
        return LEVEL_PML4;
    }
}

/* x86-64 paging (arch-private): entry bits, the kernel window, boot mapping. */
#pragma once

#include "../../include/structures.h"

#define PTE_P BIT(0)
#define PTE_RW BIT(1)
#define PTE_US BIT(2)
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)
#define PTE_PS BIT(7)
#define PTE_G BIT(8)
#define PTE_NX BIT(63)
#define PTE_ADDR_MASK 0x000ffffffffff000ul

/* Index of vaddr at a paging level: 3 = PML4 (bits 47:39) .. 0 = PT (bits 20:12). */
static inline word_t pt_index(word_t vaddr, int level)
{
    return (vaddr >> (12 + 9 * level)) & 0x1ff;
}

extern uint64_t x86_kernel_pml4[512];

void x86_kernel_window_init(paddr_t top_of_ram);
void x86_copy_kernel_mappings(uint64_t *pml4);
uint64_t *x86_asid_pool_entries(word_t pool_pptr);
void x86_set_asid_pool(word_t pool_index, word_t pool_pptr);

/* The PML4 an ASID names, or NULL (no pool, or no PML4 assigned). */
uint64_t *x86_find_vspace_for_asid(word_t asid);
void x86_unmap_frame(cap_t frame);
void x86_unmap_table(cap_t table);
void x86_delete_asid(word_t asid, word_t pml4);
void x86_delete_asid_pool(word_t asid_base, word_t pool);

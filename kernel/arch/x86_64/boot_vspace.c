/*
 * The root task's VSpace at boot, as seL4's create_it_address_space: a PML4
 * with ASID 1 in pool 0, every PDPT, PD and PT the image region needs (caps
 * in that order: all PDPTs, then PDs, then PTs), and mapped frame caps.
 */
#include <sel4/bootinfo_types.h>

#include "../../include/cdt.h"
#include "../../include/util.h"
#include "machine.h"
#include "vspace.h"

#define IT_ASID 1

/* Distinct 2^(12+9*level)... blocks touched by [start, end) at a table level (1..3 = PT..PDPT). */
static word_t blocks(vptr_t start, vptr_t end, int level)
{
    word_t bits = 12 + 9 * (word_t)level;
    return (ROUND_UP(end, bits) - ROUND_DOWN(start, bits)) >> bits;
}

word_t arch_boot_paging_count(vptr_t start, vptr_t end)
{
    return blocks(start, end, 3) + blocks(start, end, 2) + blocks(start, end, 1);
}

cap_t arch_boot_make_vspace(word_t root_pptr, word_t pool_pptr)
{
    x86_copy_kernel_mappings((uint64_t *)root_pptr);
    ((word_t *)pool_pptr)[IT_ASID] = root_pptr;
    x86_set_asid_pool(0, pool_pptr);
    return cap_vm_cap_new(cap_pml4_cap, root_pptr, IT_ASID, 0);
}

/* The table at `level` (3 = PML4) covering vaddr, or NULL. */
static uint64_t *table_at(uint64_t *pml4, vptr_t vaddr, int level)
{
    uint64_t *t = pml4;
    for (int l = 3; l > level; l--) {
        uint64_t e = t[pt_index(vaddr, l)];
        if (!(e & PTE_P)) {
            return NULL;
        }
        t = (uint64_t *)paddr_to_pptr(e & PTE_ADDR_MASK);
    }
    return t;
}

void arch_boot_map_paging(cap_t root, vptr_t start, vptr_t end, word_t (*next_page)(void),
                          void (*emit)(cap_t c))
{
    static const enum cap_tag tags[] = {0, cap_page_table_cap, cap_page_directory_cap, cap_pdpt_cap};
    uint64_t *pml4 = (uint64_t *)cap_vm_ptr(root);
    /* Level 3 makes PDPTs (entries of the PML4), then PDs, then PTs. */
    for (int level = 3; level >= 1; level--) {
        word_t bits = 12 + 9 * (word_t)level;
        for (vptr_t v = ROUND_DOWN(start, bits); v < end; v += BIT(bits)) {
            uint64_t *parent = table_at(pml4, v, level);
            assert(parent);
            word_t page = next_page();
            parent[pt_index(v, level)] = pptr_to_paddr(page) | PTE_P | PTE_RW | PTE_US;
            emit(cap_vm_cap_new(tags[level], page, IT_ASID, v));
        }
    }
}

cap_t arch_boot_map_frame(cap_t root, word_t frame_pptr, vptr_t vaddr, bool write, bool exec)
{
    uint64_t *pt = table_at((uint64_t *)cap_vm_ptr(root), vaddr, 0);
    assert(pt);
    word_t nx = (!exec && x86_features.nx) ? PTE_NX : 0;
    pt[pt_index(vaddr, 0)] = pptr_to_paddr(frame_pptr) | PTE_P | PTE_US | (write ? PTE_RW : 0) | nx;
    /* Frame caps of the root task carry VMReadWrite (3), as seL4's do. */
    return cap_frame_cap_new(frame_pptr, FRAME_4K, 3, false, IT_ASID, vaddr);
}

void arch_boot_initial_caps(cte_t *cnode, word_t pool_pptr)
{
    cte_write_root(&cnode[seL4_CapASIDControl], cap_new(cap_asid_control_cap));
    cte_write_root(&cnode[seL4_CapInitThreadASIDPool], cap_asid_pool_cap_new(pool_pptr, 0));
    cte_write_root(&cnode[seL4_CapIOPortControl], cap_new(cap_io_port_control_cap));
}

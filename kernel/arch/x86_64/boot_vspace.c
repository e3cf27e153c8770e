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

/* PDPTs + PDs + PTs the root task's image region needs. */
word_t arch_boot_paging_count(vptr_t start, vptr_t end)
{
    return blocks(start, end, 3) + blocks(start, end, 2) + blocks(start, end, 1);
}

/* The root task's PML4, entered as ASID 1 of pool 0 (which becomes the table's pool 0). */
cap_t arch_boot_make_vspace(word_t root_pptr, word_t pool_pptr)
{
    x86_copy_kernel_mappings((uint64_t *)root_pptr);
    ((word_t *)pool_pptr)[IT_ASID] = root_pptr;
    x86_set_asid_pool(0, pool_pptr);
    return cap_vm_cap_new(cap_pml4_cap, root_pptr, IT_ASID, 0);
}

/* Map every table [start, end) needs, top level first, and hand out their caps. */
void arch_boot_map_paging(cap_t root, vptr_t start, vptr_t end, word_t (*next_page)(void),
                          void (*emit)(cap_t c))
{
    static const enum cap_tag tags[] = {0, cap_page_table_cap, cap_page_directory_cap,
                                        cap_pdpt_cap};
    uint64_t *pml4 = (uint64_t *)cap_vm_ptr(root);
    /* Level 3 makes PDPTs (entries of the PML4), then PDs, then PTs. */
    for (int level = 3; level >= 1; level--) {
        word_t bits = 12 + 9 * (word_t)level;
        for (vptr_t v = ROUND_DOWN(start, bits); v < end; v += BIT(bits)) {
            pt_slot_ret_t parent = x86_lookup_slot(pml4, v, level);
            assert(parent.slot);
            word_t page = next_page();
            *parent.slot = x86_make_table_entry(pptr_to_paddr(page), 0);
            emit(cap_vm_cap_new(tags[level], page, IT_ASID, v));
        }
    }
}

/*
 * Map one image frame with the ELF segment's permissions (seL4 maps them
 * all writable and executable) and return its mapped frame cap.
 */
cap_t arch_boot_map_frame(cap_t root, word_t frame_pptr, vptr_t vaddr, bool write, bool exec)
{
    pt_slot_ret_t pt = x86_lookup_slot((uint64_t *)cap_vm_ptr(root), vaddr, LEVEL_PT);
    assert(pt.slot);
    word_t nx = (!exec && x86_features.nx) ? PTE_NX : 0;
    *pt.slot = pptr_to_paddr(frame_pptr) | PTE_P | PTE_US | (write ? PTE_RW : 0) | nx;
    /* Frame caps of the root task carry VMReadWrite, as seL4's do. */
    return cap_frame_cap_new(frame_pptr, FRAME_4K, VM_READ_WRITE, false, IT_ASID, vaddr);
}

/* The initial arch caps: ASID control, the root task's pool, I/O port control. */
void arch_boot_initial_caps(cte_t *cnode, word_t pool_pptr)
{
    cte_write_root(&cnode[seL4_CapASIDControl], cap_new(cap_asid_control_cap));
    cte_write_root(&cnode[seL4_CapInitThreadASIDPool], cap_asid_pool_cap_new(pool_pptr, 0));
    cte_write_root(&cnode[seL4_CapIOPortControl], cap_new(cap_io_port_control_cap));
}

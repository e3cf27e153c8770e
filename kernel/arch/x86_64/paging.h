/*
 * x86-64 paging entries and the walk down a VSpace, as pure functions of
 * the tables (no CPU state), so host tests can run them on tables they
 * allocate themselves.
 *
 *   vaddr bits:  47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0 offset
 *   level:           3            2             1          0
 *
 * An entry at level L covers 2^(12 + 9L) bytes.  It either points to the
 * table one level down or maps a frame of that size: 4 KiB frames sit in
 * PT entries (level 0), 2 MiB frames in PD entries (level 1, PS set), 1 GiB
 * frames in PDPT entries (level 2, PS set).  Seen from the table objects:
 * a PT is referenced by a level-1 entry, a PD by a level-2 entry and a PDPT
 * by a level-3 (PML4) entry.
 *
 *   entry bits: 63 XD | 51..12 address | 12 PAT (2 MiB, 1 GiB frames) | 8 G
 *               | 7 PS (PAT in a 4 KiB PTE) | 4 PCD | 3 PWT | 2 US | 1 RW | 0 P
 *
 * seL4's user entries never set XD or G: user frames are executable, and
 * only the kernel window is global.
 */
#pragma once

#include "../../include/types.h"
#include "../arch.h"

#define PTE_P BIT(0)
#define PTE_RW BIT(1)
#define PTE_US BIT(2)
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)
#define PTE_PS BIT(7)
#define PTE_PAT_4K BIT(7)
#define PTE_G BIT(8)
#define PTE_PAT_LARGE BIT(12)
#define PTE_NX BIT(63)
#define PTE_ADDR_MASK 0x000ffffffffff000ul

/* Levels, named by the table an entry of that level lives in. */
#define LEVEL_PT 0
#define LEVEL_PD 1
#define LEVEL_PDPT 2
#define LEVEL_PML4 3

/* VM rights in frame caps (seL4's vm_rights_t). */
#define VM_KERNEL_ONLY 1
#define VM_READ_ONLY 2
#define VM_READ_WRITE 3

/* seL4_X86_VMAttributes bits: 0 PWT, 1 PCD, 2 PAT; the other bits are ignored. */
#define VM_ATTR_PWT BIT(0)
#define VM_ATTR_PCD BIT(1)
#define VM_ATTR_PAT BIT(2)

/* Index of vaddr at a paging level: 3 = PML4 (bits 47:39) .. 0 = PT (bits 20:12). */
static inline word_t pt_index(word_t vaddr, int level)
{
    return (vaddr >> (12 + 9 * level)) & 0x1ff;
}

/* log2 of the bytes one entry at `level` covers: 12, 21, 30, 39. */
static inline word_t level_bits(int level)
{
    return 12 + 9 * (word_t)level;
}

/* The PCD/PWT bits an attribute word asks for. */
static inline uint64_t attr_cache_bits(word_t attr)
{
    return ((attr & VM_ATTR_PWT) ? PTE_PWT : 0) | ((attr & VM_ATTR_PCD) ? PTE_PCD : 0);
}

/*
 * An entry pointing to a lower table (seL4's makeUserPML4E, ...PDPTEPageDirectory,
 * ...PDEPageTable): present, writable, user, with the attribute's PCD/PWT.
 */
static inline uint64_t x86_make_table_entry(paddr_t table, word_t attr)
{
    return (table & PTE_ADDR_MASK) | attr_cache_bits(attr) | PTE_US | PTE_RW | PTE_P;
}

/*
 * An entry mapping a frame at `level` (seL4's makeUserPTE, ...PDELargePage,
 * ...PDPTEHugePage).  Writable unless ReadOnly (seL4 marks KernelOnly
 * writable), user-accessible unless KernelOnly; PAT as the attribute says.
 */
static inline uint64_t x86_make_frame_entry(paddr_t frame, int level, word_t vm_rights, word_t attr)
{
    uint64_t e = (frame & PTE_ADDR_MASK & ~MASK(level_bits(level))) | attr_cache_bits(attr) | PTE_P;
    if (vm_rights != VM_READ_ONLY) {
        e |= PTE_RW;
    }
    if (vm_rights != VM_KERNEL_ONLY) {
        e |= PTE_US;
    }
    if (attr & VM_ATTR_PAT) {
        e |= level == LEVEL_PT ? PTE_PAT_4K : PTE_PAT_LARGE;
    }
    return level == LEVEL_PT ? e : e | PTE_PS;
}

/* Does entry e at `level` point to a lower table (present, and not a large frame)? */
static inline bool x86_entry_is_table(uint64_t e, int level)
{
    return (e & PTE_P) && (level == LEVEL_PML4 || !(e & PTE_PS));
}

/* Does entry e at `level` point to the table at physical address `table`? */
static inline bool x86_entry_has_table(uint64_t e, int level, paddr_t table)
{
    return x86_entry_is_table(e, level) && (e & PTE_ADDR_MASK) == table;
}

/* Does entry e at `level` map the frame at physical address `frame`? */
static inline bool x86_entry_has_frame(uint64_t e, int level, paddr_t frame)
{
    if (!(e & PTE_P) || (level != LEVEL_PT && !(e & PTE_PS))) {
        return false;
    }
    return (e & PTE_ADDR_MASK & ~MASK(level_bits(level))) == frame;
}

/* A slot found by the walk, or NULL and the bits left where a table was missing. */
typedef struct pt_slot_ret {
    uint64_t *slot;
    word_t bits_left;
} pt_slot_ret_t;

/*
 * seL4's lookupPDPTSlot / lookupPDSlot / lookupPTSlot: the entry for vaddr
 * at `level`, walking down from the PML4.  If the entry at some level l
 * above does not point to a table (absent, or a large frame), the result is
 * NULL with bits_left = 12 + 9l (39: no PDPT, 30: no PD, 21: no PT), the
 * bitsLeft of seL4's MissingCapability lookup failure.
 */
static inline pt_slot_ret_t x86_lookup_slot(uint64_t *pml4, word_t vaddr, int level)
{
    uint64_t *table = pml4;
    for (int l = LEVEL_PML4; l > level; l--) {
        uint64_t e = table[pt_index(vaddr, l)];
        if (!x86_entry_is_table(e, l)) {
            return (pt_slot_ret_t){NULL, level_bits(l)};
        }
        table = (uint64_t *)paddr_to_pptr(e & PTE_ADDR_MASK);
    }
    return (pt_slot_ret_t){&table[pt_index(vaddr, level)], 0};
}

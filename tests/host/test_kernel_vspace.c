/*
 * Host tests: x86-64 paging entries and the table walk (kernel/arch/x86_64/
 * paging.h) on tables allocated here.  Physical addresses are the kernel's
 * pptr_to_paddr of host pointers; the walk maps them back with paddr_to_pptr,
 * so host-allocated tables link up exactly as kernel-window ones do.
 */
#include <stdlib.h>
#include <string.h>

#include "../../kernel/arch/x86_64/paging.h"
#include "harness.h"

/* A zeroed, page-aligned table of 512 entries. */
static uint64_t *new_table(void)
{
    uint64_t *t = aligned_alloc(4096, 4096);
    memset(t, 0, 4096);
    return t;
}

static paddr_t phys(const void *p)
{
    return pptr_to_paddr((word_t)p);
}

/* The user address the walk tests use: PML4 index 1, PDPT 2, PD 3, PT 4. */
#define VADDR ((1ul << 39) | (2ul << 30) | (3ul << 21) | (4ul << 12))

/* Frame entries: rights and attributes become seL4's bits, at every level. */
HOST_TEST(PAGING0001)
{
    uint64_t rw = x86_make_frame_entry(0x12345000, LEVEL_PT, VM_READ_WRITE, 0);
    CHECK_EQ_U(rw, 0x12345000ul | PTE_P | PTE_RW | PTE_US);
    uint64_t ro = x86_make_frame_entry(0x12345000, LEVEL_PT, VM_READ_ONLY, 0);
    CHECK_EQ_U(ro, 0x12345000ul | PTE_P | PTE_US);
    /* seL4: KernelOnly is writable but not user-accessible. */
    uint64_t ko = x86_make_frame_entry(0x12345000, LEVEL_PT, VM_KERNEL_ONLY, 0);
    CHECK_EQ_U(ko, 0x12345000ul | PTE_P | PTE_RW);
    /* Attributes 1..4: WriteThrough, CacheDisabled, Uncacheable, WriteCombining. */
    CHECK_EQ_U(x86_make_frame_entry(0, LEVEL_PT, VM_READ_WRITE, 1) & 0x1ff8, PTE_PWT);
    CHECK_EQ_U(x86_make_frame_entry(0, LEVEL_PT, VM_READ_WRITE, 2) & 0x1ff8, PTE_PCD);
    CHECK_EQ_U(x86_make_frame_entry(0, LEVEL_PT, VM_READ_WRITE, 3) & 0x1ff8, PTE_PCD | PTE_PWT);
    CHECK_EQ_U(x86_make_frame_entry(0, LEVEL_PT, VM_READ_WRITE, 4) & 0x1ff8, PTE_PAT_4K);
    /* Large and huge frames: PS set, PAT moves to bit 12; other attribute bits ignored. */
    uint64_t wc2m = x86_make_frame_entry(0x40200000, LEVEL_PD, VM_READ_WRITE, 4 | 0xf0);
    CHECK_EQ_U(wc2m, 0x40200000ul | PTE_PAT_LARGE | PTE_PS | PTE_US | PTE_RW | PTE_P);
    uint64_t g1 = x86_make_frame_entry(0x80000000, LEVEL_PDPT, VM_READ_ONLY, 3);
    CHECK_EQ_U(g1, 0x80000000ul | PTE_PS | PTE_PCD | PTE_PWT | PTE_US | PTE_P);
    /* Never global, never execute-disabled. */
    CHECK((rw & (PTE_G | PTE_NX)) == 0);
    CHECK((wc2m & (PTE_G | PTE_NX)) == 0);
}

/* Table entries: present, writable, user, with only the PCD/PWT of the attribute. */
HOST_TEST(PAGING0002)
{
    CHECK_EQ_U(x86_make_table_entry(0x5000, 0), 0x5000ul | PTE_P | PTE_RW | PTE_US);
    CHECK_EQ_U(x86_make_table_entry(0x5000, 4), 0x5000ul | PTE_P | PTE_RW | PTE_US);
    CHECK_EQ_U(x86_make_table_entry(0x5000, 3),
               0x5000ul | PTE_P | PTE_RW | PTE_US | PTE_PCD | PTE_PWT);
    CHECK(x86_entry_is_table(x86_make_table_entry(0x5000, 0), LEVEL_PD));
    CHECK(x86_entry_has_table(x86_make_table_entry(0x5000, 0), LEVEL_PD, 0x5000));
    CHECK(!x86_entry_has_table(x86_make_table_entry(0x5000, 0), LEVEL_PD, 0x6000));
    CHECK(!x86_entry_is_table(0, LEVEL_PML4));
}

/* The walk names the missing level with seL4's bitsLeft: 39, 30, 21. */
HOST_TEST(PAGING0003)
{
    uint64_t *pml4 = new_table(), *pdpt = new_table(), *pd = new_table(), *pt = new_table();
    for (int level = LEVEL_PT; level <= LEVEL_PDPT; level++) {
        pt_slot_ret_t r = x86_lookup_slot(pml4, VADDR, level);
        CHECK(r.slot == NULL);
        CHECK_EQ_U(r.bits_left, 39);
    }
    pt_slot_ret_t top = x86_lookup_slot(pml4, VADDR, LEVEL_PML4);
    CHECK(top.slot == &pml4[1]);
    pml4[1] = x86_make_table_entry(phys(pdpt), 0);
    CHECK(x86_lookup_slot(pml4, VADDR, LEVEL_PDPT).slot == &pdpt[2]);
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR, LEVEL_PD).bits_left, 30);
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR, LEVEL_PT).bits_left, 30);
    pdpt[2] = x86_make_table_entry(phys(pd), 0);
    CHECK(x86_lookup_slot(pml4, VADDR, LEVEL_PD).slot == &pd[3]);
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR, LEVEL_PT).bits_left, 21);
    pd[3] = x86_make_table_entry(phys(pt), 0);
    pt_slot_ret_t leaf = x86_lookup_slot(pml4, VADDR, LEVEL_PT);
    CHECK(leaf.slot == &pt[4]);
    CHECK_EQ_U(leaf.bits_left, 0);
    /* The neighbouring PML4 entry still has nothing below it. */
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR + (1ul << 39), LEVEL_PT).bits_left, 39);
    free(pml4), free(pdpt), free(pd), free(pt);
}

/* A large frame where a table is expected stops the walk like a missing table. */
HOST_TEST(PAGING0004)
{
    uint64_t *pml4 = new_table(), *pdpt = new_table(), *pd = new_table();
    pml4[1] = x86_make_table_entry(phys(pdpt), 0);
    pdpt[2] = x86_make_frame_entry(0x40000000, LEVEL_PDPT, VM_READ_WRITE, 0);
    CHECK(!x86_entry_is_table(pdpt[2], LEVEL_PDPT));
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR, LEVEL_PD).bits_left, 30);
    pdpt[2] = x86_make_table_entry(phys(pd), 0);
    pd[3] = x86_make_frame_entry(0x40200000, LEVEL_PD, VM_READ_WRITE, 0);
    CHECK_EQ_U(x86_lookup_slot(pml4, VADDR, LEVEL_PT).bits_left, 21);
    CHECK(x86_lookup_slot(pml4, VADDR, LEVEL_PD).slot == &pd[3]);
    free(pml4), free(pdpt), free(pd);
}

/* Which frame an entry maps: the PAT bit of a large page is not part of the address. */
HOST_TEST(PAGING0005)
{
    uint64_t wc = x86_make_frame_entry(0x40200000, LEVEL_PD, VM_READ_WRITE, 4);
    CHECK(x86_entry_has_frame(wc, LEVEL_PD, 0x40200000));
    CHECK(!x86_entry_has_frame(wc, LEVEL_PD, 0x40400000));
    CHECK(!x86_entry_is_table(wc, LEVEL_PD));
    uint64_t wc1g = x86_make_frame_entry(0xc0000000, LEVEL_PDPT, VM_READ_ONLY, 4);
    CHECK(x86_entry_has_frame(wc1g, LEVEL_PDPT, 0xc0000000));
    uint64_t small = x86_make_frame_entry(0x7000, LEVEL_PT, VM_READ_ONLY, 4);
    CHECK(x86_entry_has_frame(small, LEVEL_PT, 0x7000));
    CHECK(!x86_entry_has_frame(small, LEVEL_PT, 0x8000));
    /* A table entry in a PD maps no frame; an empty entry maps nothing. */
    CHECK(!x86_entry_has_frame(x86_make_table_entry(0x7000, 0), LEVEL_PD, 0x7000));
    CHECK(!x86_entry_has_frame(0, LEVEL_PT, 0));
}

/* Index and size helpers match the address split drawn in paging.h. */
HOST_TEST(PAGING0006)
{
    CHECK_EQ_U(pt_index(VADDR, LEVEL_PML4), 1);
    CHECK_EQ_U(pt_index(VADDR, LEVEL_PDPT), 2);
    CHECK_EQ_U(pt_index(VADDR, LEVEL_PD), 3);
    CHECK_EQ_U(pt_index(VADDR, LEVEL_PT), 4);
    CHECK_EQ_U(pt_index(USER_TOP, LEVEL_PML4), 255);
    CHECK_EQ_U(level_bits(LEVEL_PT), 12);
    CHECK_EQ_U(level_bits(LEVEL_PML4), 39);
}

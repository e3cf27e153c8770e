/*
 * VSPACEERR: every rejection of the x86-64 VSpace invocations, with seL4's
 * error code, reply MRs and check order (seL4-abi.md §5.4): Page_Map,
 * the table Map/Unmap invocations, PML4 caps, ASIDControl_MakePool and
 * ASIDPool_Assign.
 */
#include <sel4/sel4.h>

#include "vspace_helpers.h"

#define RW seL4_ReadWrite
#define ATTR seL4_X86_Default_VMAttributes
#define ROOT_VSPACE seL4_CapInitThreadVSpace
#define ABOVE_USER_TOP 0x800000000000ul
#define KERNEL_VADDR 0xffffff8000000000ul
/* PML4 entry 5: no test maps anything there. */
#define EMPTY_VADDR (VS_AREA + (3ul << 39))

/* VSPACEERR0001: Page_Map's checks, in seL4's order. */
VSPACE_TEST(VSPACEERR0001)
{
    const seL4_Word v = VS_AREA;
    seL4_CPtr frame, other, pml4, large, empty = vs_slot();
    VS_TRY(vs_map_tables(ROOT_VSPACE, v));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_TRY(vs_new(seL4_X86_4K, 0, &other));
    VS_TRY(vs_new(seL4_X64_PML4Object, 0, &pml4));
    seL4_CPtr caps[] = {ROOT_VSPACE};
    seL4_Word words[] = {v, RW.words[0], ATTR};
    VS_EXPECT_REPLY(vs_raw(frame, X86PageMap, 1, caps, 2, words), seL4_TruncatedMessage, 0);
    VS_EXPECT_REPLY(vs_raw(frame, X86PageMap, 0, caps, 3, words), seL4_TruncatedMessage, 0);
    /* The VSpace root: an assigned PML4 (an empty slot and unassigned PML4 too are refused). */
    VS_EXPECT(seL4_X86_Page_Map(frame, other, v, RW, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_Page_Map(frame, pml4, v, RW, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_Page_Map(frame, empty, v, RW, ATTR), seL4_InvalidCapability, 1);
    /* USER_TOP comes before alignment; the frame's end counts too. */
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, ABOVE_USER_TOP + 8, RW, ATTR),
              seL4_InvalidArgument, 0);
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, ABOVE_USER_TOP - 0x1000, RW, ATTR),
              seL4_InvalidArgument, 0);
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, KERNEL_VADDR, RW, ATTR),
              seL4_InvalidArgument, 0);
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v + 8, RW, ATTR), seL4_AlignmentError);
    /* Alignment comes before the table walk. */
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, EMPTY_VADDR + 8, RW, ATTR),
              seL4_AlignmentError);
    VS_TRY(vs_new(seL4_X86_LargePageObject, 0, &large));
    VS_EXPECT(seL4_X86_Page_Map(large, ROOT_VSPACE, v + (4ul << 21) + 0x1000, RW, ATTR),
              seL4_AlignmentError);
    /* A raw reply to a missing table has 3 MRs: not source, MissingCapability, bitsLeft. */
    seL4_CPtr root[] = {ROOT_VSPACE};
    seL4_Word empty_words[] = {EMPTY_VADDR, RW.words[0], ATTR};
    VS_EXPECT_REPLY(vs_raw(frame, X86PageMap, 1, root, 3, empty_words), seL4_FailedLookup, 3, 0,
                    seL4_MissingCapability, 39);
    /* A large page sits where a PT is: DeleteFirst. */
    VS_EXPECT(seL4_X86_Page_Map(large, ROOT_VSPACE, v, RW, ATTR), seL4_DeleteFirst);
    /* A 4 KiB frame below a large page: no page table there (bitsLeft 21). */
    VS_OK(seL4_X86_Page_Map(large, ROOT_VSPACE, v + (4ul << 21), RW, ATTR));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v + (4ul << 21) + 0x1000, RW, ATTR),
              seL4_FailedLookup, 0, seL4_MissingCapability, 21);
    return NULL;
}

/* VSPACEERR0002: a mapped frame may only be remapped in place; rights and attributes may change. */
VSPACE_TEST(VSPACEERR0002)
{
    const seL4_Word v = VS_AREA;
    seL4_CPtr frame, pool, vspace;
    VS_TRY(vs_map_tables(ROOT_VSPACE, v));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v + 0x1000, RW, ATTR), seL4_InvalidArgument, 0);
    /* Another address space: InvalidCapability(1), even before its address is looked at. */
    VS_TRY(vs_new_pool(&pool));
    VS_TRY(vs_new_vspace(pool, &vspace));
    VS_EXPECT(seL4_X86_Page_Map(frame, vspace, v, RW, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_Page_Map(frame, vspace, ABOVE_USER_TOP, RW, ATTR),
              seL4_InvalidCapability, 1);
    /* In place: any rights and attributes, even write-only (kernel-only) and none. */
    for (seL4_Word attr = 0; attr <= 4; attr++) {
        VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_CanRead, (seL4_X86_VMAttributes)attr));
    }
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_CanWrite, ATTR));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_NoRights, ATTR));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR));
    ((volatile seL4_Word *)v)[0] = 1;
    /* Unmap forgets the place: the frame may go elsewhere. Unmapping twice is fine. */
    VS_OK(seL4_X86_Page_Unmap(frame));
    VS_OK(seL4_X86_Page_Unmap(frame));
    VS_TRY(vs_map_tables(vspace, v));
    VS_OK(seL4_X86_Page_Map(frame, vspace, v, RW, ATTR));
    return NULL;
}

/* VSPACEERR0003: other frame labels, GetAddress's reply, and a GetAddress sent without Call. */
VSPACE_TEST(VSPACEERR0003)
{
    seL4_CPtr frame;
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_EXPECT_REPLY(vs_raw(frame, X86PageTableMap, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    VS_EXPECT_REPLY(vs_raw(frame, X86ASIDPoolAssign, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    seL4_SetMR(0, 0x1234);
    seL4_MessageInfo_t info = vs_raw(frame, X86PageGetAddress, 0, NULL, 0, NULL);
    SYSTEST_CHECK(seL4_MessageInfo_get_label(info) == 0 && seL4_MessageInfo_get_length(info) == 1);
    seL4_Word paddr = seL4_GetMR(0);
    SYSTEST_CHECK((paddr & 0xfff) == 0);
    SYSTEST_CHECK(paddr >= vs_memory_paddr() && paddr < vs_memory_paddr() + (1ul << 24));
    /* As a Send there is no reply; the caller simply goes on. */
    seL4_Send(frame, seL4_MessageInfo_new(X86PageGetAddress, 0, 0, 0));
    seL4_X86_Page_GetAddress_t r = seL4_X86_Page_GetAddress(frame);
    SYSTEST_CHECK(r.error == seL4_NoError && r.paddr == paddr);
    return NULL;
}

/* One kind of lower paging table, for the table tests. */
typedef struct table_kind {
    seL4_Word type, map_label, unmap_label, bits;
    seL4_Error (*map)(seL4_CPtr, seL4_CPtr, seL4_Word, seL4_X86_VMAttributes);
    seL4_Error (*unmap)(seL4_CPtr);
} table_kind_t;

static const table_kind_t kinds[] = {
    {seL4_X86_PageTableObject, X86PageTableMap, X86PageTableUnmap, 21, seL4_X86_PageTable_Map,
     seL4_X86_PageTable_Unmap},
    {seL4_X86_PageDirectoryObject, X86PageDirectoryMap, X86PageDirectoryUnmap, 30,
     seL4_X86_PageDirectory_Map, seL4_X86_PageDirectory_Unmap},
    {seL4_X86_PDPTObject, X86PDPTMap, X86PDPTUnmap, 39, seL4_X86_PDPT_Map, seL4_X86_PDPT_Unmap},
};

/* The Map checks of one table kind, in seL4's order, around `base` (an empty PML4 entry). */
static const char *table_map_errors(const table_kind_t *k, seL4_Word base)
{
    seL4_CPtr table, second, frame, pml4;
    VS_TRY(vs_new(k->type, 0, &table));
    VS_TRY(vs_new(k->type, 0, &second));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_TRY(vs_new(seL4_X64_PML4Object, 0, &pml4));
    seL4_CPtr caps[] = {ROOT_VSPACE};
    seL4_Word words[] = {base, ATTR, 0};
    VS_EXPECT_REPLY(vs_raw(table, k->map_label, 1, caps, 1, words), seL4_TruncatedMessage, 0);
    VS_EXPECT_REPLY(vs_raw(table, k->map_label, 0, caps, 2, words), seL4_TruncatedMessage, 0);
    VS_EXPECT_REPLY(vs_raw(table, X86PageMap, 1, caps, 3, words), seL4_IllegalOperation, 0);
    VS_EXPECT(k->map(table, frame, base, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(k->map(table, pml4, base, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(k->map(table, ROOT_VSPACE, ABOVE_USER_TOP, ATTR), seL4_InvalidArgument, 0);
    VS_EXPECT(k->map(table, ROOT_VSPACE, KERNEL_VADDR, ATTR), seL4_InvalidArgument, 0);
    if (k->bits != 39) {
        /* Nothing below the PML4 entry yet: the walk stops there. */
        VS_EXPECT_REPLY(vs_raw(table, k->map_label, 1, caps, 2, words), seL4_FailedLookup, 3, 0,
                        seL4_MissingCapability, 39);
    }
    /* vs_map_tables puts one table of each kind at base: the entry is taken. */
    VS_TRY(vs_map_tables(ROOT_VSPACE, base));
    VS_EXPECT(k->map(table, ROOT_VSPACE, base, ATTR), seL4_DeleteFirst);
    /* The address is rounded down to what the table covers. */
    seL4_Word next = base + (1ul << k->bits);
    VS_OK(k->map(table, ROOT_VSPACE, next + 0x1234, ATTR));
    VS_EXPECT(k->map(second, ROOT_VSPACE, next, ATTR), seL4_DeleteFirst);
    /* A mapped table cannot be mapped again, not even somewhere free. */
    VS_EXPECT(k->map(table, ROOT_VSPACE, next + (1ul << k->bits), ATTR), seL4_InvalidCapability, 0);
    VS_OK(k->map(second, ROOT_VSPACE, next + (1ul << k->bits), ATTR));
    return NULL;
}

/* VSPACEERR0004: Map of a PT, a PD and a PDPT: truncation, label, root, bounds, walk, occupancy. */
VSPACE_TEST(VSPACEERR0004)
{
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        /* PML4 entries 5, 8 and 11 (each kind may use the next two as well). */
        const char *why = table_map_errors(&kinds[i], EMPTY_VADDR + ((3ul * i) << 39));
        if (why) {
            return systest_reason("table type %lu: %s", (unsigned long)kinds[i].type, why);
        }
    }
    return NULL;
}

/*
 * VSPACEERR0005: table Unmap needs the last cap (RevokeFirst), an unmapped
 * table cannot be copied, unmapping twice is fine; a PML4 has no
 * invocations at all.
 */
VSPACE_TEST(VSPACEERR0005)
{
    seL4_CPtr copy;
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const table_kind_t *k = &kinds[i];
        seL4_CPtr table, dest = vs_slot();
        VS_TRY(vs_new(k->type, 0, &table));
        VS_EXPECT(seL4_CNode_Copy(VS_ROOT, dest, VS_DEPTH, VS_ROOT, table, VS_DEPTH,
                                  seL4_AllRights),
                  seL4_IllegalOperation);
        VS_OK(k->unmap(table));
        VS_TRY(vs_map_tables(ROOT_VSPACE, EMPTY_VADDR));
        VS_OK(k->map(table, ROOT_VSPACE, EMPTY_VADDR + (1ul << k->bits), ATTR));
        VS_TRY(vs_copy(table, &copy));
        VS_EXPECT(k->unmap(table), seL4_RevokeFirst);
        VS_EXPECT(k->unmap(copy), seL4_RevokeFirst);
        VS_EXPECT_REPLY(vs_raw(table, k->unmap_label, 0, NULL, 0, NULL), seL4_RevokeFirst, 0);
        VS_OK(seL4_CNode_Delete(VS_ROOT, copy, VS_DEPTH));
        VS_OK(k->unmap(table));
        VS_OK(k->unmap(table));
        VS_OK(k->map(table, ROOT_VSPACE, EMPTY_VADDR + (1ul << k->bits), ATTR));
    }
    seL4_CPtr caps[] = {ROOT_VSPACE};
    seL4_Word words[] = {EMPTY_VADDR, 0, 0};
    VS_EXPECT_REPLY(vs_raw(ROOT_VSPACE, X86PDPTMap, 1, caps, 2, words), seL4_IllegalOperation, 0);
    VS_EXPECT_REPLY(vs_raw(ROOT_VSPACE, X86PageMap, 1, caps, 3, words), seL4_IllegalOperation, 0);
    VS_EXPECT_REPLY(vs_raw(ROOT_VSPACE, X86PageGetAddress, 0, NULL, 0, NULL),
                    seL4_IllegalOperation, 0);
    return NULL;
}

/* The last device untyped of exactly 4 KiB in bootinfo, or 0. */
static seL4_CPtr device_untyped_4k(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr found = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits == seL4_PageBits) {
            found = bi->untyped.start + i;
        }
    }
    return found;
}

/* VSPACEERR0006: ASIDControl_MakePool's checks, in seL4's order, and its effect on the untyped. */
VSPACE_TEST(VSPACEERR0006)
{
    seL4_CPtr ut, big, frame, pool, dest = vs_slot(), used = vs_slot();
    VS_TRY(vs_new(seL4_UntypedObject, seL4_ASIDPoolBits, &ut));
    VS_TRY(vs_new(seL4_UntypedObject, seL4_ASIDPoolBits + 1, &big));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    seL4_CPtr caps[] = {ut, VS_ROOT};
    seL4_Word words[] = {dest, VS_DEPTH};
    const seL4_CPtr ctl = seL4_CapASIDControl;
    VS_EXPECT_REPLY(vs_raw(ctl, X86ASIDPoolAssign, 2, caps, 2, words), seL4_IllegalOperation, 0);
    VS_EXPECT_REPLY(vs_raw(ctl, X86ASIDControlMakePool, 2, caps, 1, words),
                    seL4_TruncatedMessage, 0);
    VS_EXPECT_REPLY(vs_raw(ctl, X86ASIDControlMakePool, 1, caps, 2, words),
                    seL4_TruncatedMessage, 0);
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, big, VS_ROOT, dest, VS_DEPTH),
              seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, frame, VS_ROOT, dest, VS_DEPTH),
              seL4_InvalidCapability, 1);
    if (device_untyped_4k()) {
        VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, device_untyped_4k(), VS_ROOT, dest, VS_DEPTH),
                  seL4_InvalidCapability, 1);
    }
    /* The untyped is checked before the destination. */
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, big, frame, dest, VS_DEPTH),
              seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, ut, frame, dest, VS_DEPTH), seL4_FailedLookup, 0,
              seL4_InvalidRoot);
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, ut, VS_ROOT, dest, 0), seL4_RangeError, 1, 64);
    VS_OK(seL4_CNode_Copy(VS_ROOT, used, VS_DEPTH, VS_ROOT, frame, VS_DEPTH, seL4_AllRights));
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, ut, VS_ROOT, used, VS_DEPTH), seL4_DeleteFirst);
    /* Success: the pool is the untyped's child and the untyped is used up. */
    VS_OK(seL4_X86_ASIDControl_MakePool(ctl, ut, VS_ROOT, dest, VS_DEPTH));
    SYSTEST_CHECK(seL4_DebugCapIdentify(dest) == VS_TAG_ASID_POOL);
    seL4_CPtr more = vs_slot();
    VS_EXPECT(seL4_Untyped_Retype(ut, seL4_UntypedObject, 4, VS_ROOT, 0, 0, more, 1),
              seL4_NotEnoughMemory, 0);
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(ctl, ut, VS_ROOT, more, VS_DEPTH), seL4_RevokeFirst);
    /* Revoking the untyped deletes the pool; its place in the ASID table is free again. */
    VS_OK(seL4_CNode_Revoke(VS_ROOT, ut, VS_DEPTH));
    SYSTEST_CHECK(seL4_DebugCapIdentify(dest) == VS_TAG_NULL);
    VS_OK(seL4_X86_ASIDControl_MakePool(ctl, ut, VS_ROOT, dest, VS_DEPTH));
    pool = dest;
    seL4_CPtr pml4;
    VS_TRY(vs_new_vspace(pool, &pml4));
    return NULL;
}

/*
 * VSPACEERR0007: ASIDPool_Assign's checks; and a PML4 whose pool was
 * deleted: its ASID names nothing (FailedLookup, InvalidRoot) until a new
 * pool hands the ASID to another PML4 (InvalidCapability(1)).
 */
VSPACE_TEST(VSPACEERR0007)
{
    seL4_CPtr pool, pool2, pml4, pml4b, pdpt, frame;
    VS_TRY(vs_new_pool(&pool));
    VS_TRY(vs_new(seL4_X86_PDPTObject, 0, &pdpt));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_TRY(vs_new(seL4_X64_PML4Object, 0, &pml4));
    seL4_CPtr caps[] = {pml4};
    VS_EXPECT_REPLY(vs_raw(pool, X86ASIDControlMakePool, 1, caps, 0, NULL),
                    seL4_IllegalOperation, 0);
    VS_EXPECT_REPLY(vs_raw(pool, X86ASIDPoolAssign, 0, caps, 0, NULL), seL4_TruncatedMessage, 0);
    VS_EXPECT(seL4_X86_ASIDPool_Assign(pool, pdpt), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_ASIDPool_Assign(pool, frame), seL4_InvalidCapability, 1);
    VS_OK(seL4_X86_ASIDPool_Assign(pool, pml4));
    VS_EXPECT(seL4_X86_ASIDPool_Assign(pool, pml4), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4),
              seL4_InvalidCapability, 1);
    VS_OK(seL4_CNode_Delete(VS_ROOT, pool, VS_DEPTH));
    VS_EXPECT(seL4_X86_Page_Map(frame, pml4, 0x10000000, RW, ATTR), seL4_FailedLookup, 0,
              seL4_InvalidRoot);
    VS_EXPECT(seL4_X86_PDPT_Map(pdpt, pml4, 0x10000000, ATTR), seL4_FailedLookup, 0,
              seL4_InvalidRoot);
    /* Still counts as assigned. */
    VS_EXPECT(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4),
              seL4_InvalidCapability, 1);
    VS_TRY(vs_new_pool(&pool2));
    VS_TRY(vs_new_vspace(pool2, &pml4b));
    VS_EXPECT(seL4_X86_Page_Map(frame, pml4, 0x10000000, RW, ATTR), seL4_InvalidCapability, 1);
    VS_EXPECT(seL4_X86_PDPT_Map(pdpt, pml4, 0x10000000, ATTR), seL4_InvalidCapability, 1);
    VS_OK(seL4_X86_PDPT_Map(pdpt, pml4b, 0x10000000, ATTR));
    return NULL;
}

/*
 * VSPACE, FRAMEEXPORTS and mapping flows: second address spaces, ASID pools,
 * frames of every size, the mapping tutorial's walk through missing tables,
 * remaps, and a long map/unmap loop that must not leak or leave stale TLB
 * entries.  The decode error paths are in vspace_errors.c.
 *
 * Without threads in other address spaces (yet), "using" a second VSpace
 * means building it and reaching its frames through copies of their caps
 * mapped in the root task's VSpace.
 */
#include <sel4/arch/mapping.h>
#include <sel4/sel4.h>

#include "vspace_helpers.h"

#define RW seL4_ReadWrite
#define ATTR seL4_X86_Default_VMAttributes
#define ROOT_VSPACE seL4_CapInitThreadVSpace

/* An address in a PML4 entry of its own for the second VSpace (never used by the root). */
#define OTHER_VADDR 0x20000000000ul

/* The physical address of a frame, or ~0 on error. */
static seL4_Word frame_paddr(seL4_CPtr frame)
{
    seL4_X86_Page_GetAddress_t r = seL4_X86_Page_GetAddress(frame);
    return r.error ? ~0ul : r.paddr;
}

/*
 * VSPACE0000 (structure only): a second VSpace gets its own PDPT, PD, PT and
 * a frame; the frame is reached through a copy mapped in the root VSpace,
 * and none of the second VSpace's tables appear in the root's.
 */
VSPACE_TEST(VSPACE0000)
{
    seL4_CPtr pml4, frame, copy, other;
    VS_TRY(vs_new_vspace(seL4_CapInitThreadASIDPool, &pml4));
    VS_TRY(vs_map_tables(pml4, OTHER_VADDR));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_OK(seL4_X86_Page_Map(frame, pml4, OTHER_VADDR, RW, ATTR));
    /* The root VSpace has nothing at that address: the walk stops at the PML4. */
    VS_TRY(vs_new(seL4_X86_4K, 0, &other));
    VS_EXPECT(seL4_X86_Page_Map(other, ROOT_VSPACE, OTHER_VADDR, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, 39);
    /* The mapped frame cap belongs to the other VSpace now. */
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, VS_AREA, RW, ATTR), seL4_InvalidCapability, 1);
    /* A copy is unmapped and can go into the root VSpace: same frame. */
    VS_TRY(vs_copy(frame, &copy));
    VS_TRY(vs_map_tables(ROOT_VSPACE, VS_AREA));
    VS_OK(seL4_X86_Page_Map(copy, ROOT_VSPACE, VS_AREA, RW, ATTR));
    SYSTEST_CHECK(frame_paddr(copy) == frame_paddr(frame) && frame_paddr(frame) != ~0ul);
    volatile seL4_Word *p = (volatile seL4_Word *)VS_AREA;
    SYSTEST_CHECK(p[0] == 0);
    p[0] = 42;
    SYSTEST_CHECK(p[0] == 42);
    /* Unmapping the second VSpace's mapping leaves the root's copy alone. */
    VS_OK(seL4_X86_Page_Unmap(frame));
    SYSTEST_CHECK(p[0] == 42);
    VS_OK(seL4_X86_Page_Map(frame, pml4, OTHER_VADDR, RW, ATTR));
    return NULL;
}

/* VSPACE0002: make a pool; an assigned PML4 is refused; a new PML4 gets an ASID. */
VSPACE_TEST(VSPACE0002)
{
    seL4_CPtr pool, pml4;
    VS_TRY(vs_new_pool(&pool));
    SYSTEST_CHECK(seL4_DebugCapIdentify(pool) == VS_TAG_ASID_POOL);
    VS_EXPECT(seL4_X86_ASIDPool_Assign(pool, ROOT_VSPACE), seL4_InvalidCapability, 1);
    VS_TRY(vs_new(seL4_X64_PML4Object, 0, &pml4));
    VS_OK(seL4_X86_ASIDPool_Assign(pool, pml4));
    VS_EXPECT(seL4_X86_ASIDPool_Assign(pool, pml4), seL4_InvalidCapability, 1);
    return NULL;
}

/* VSPACE0003: every pool but the root task's can be made. */
VSPACE_TEST(VSPACE0003)
{
    for (int i = 0; i < (1 << seL4_NumASIDPoolsBits) - 1; i++) {
        seL4_CPtr pool;
        VS_TRY(vs_new_pool(&pool));
    }
    return NULL;
}

/*
 * VSPACE0004: with all 8 pools in use MakePool says DeleteFirst, before it
 * even looks at the untyped; deleting a pool frees its place again.
 */
VSPACE_TEST(VSPACE0004)
{
    seL4_CPtr pools[8], ut, frame;
    for (int i = 0; i < (1 << seL4_NumASIDPoolsBits) - 1; i++) {
        VS_TRY(vs_new_pool(&pools[i]));
    }
    VS_TRY(vs_new(seL4_UntypedObject, seL4_ASIDPoolBits, &ut));
    seL4_CPtr dest = vs_slot();
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, VS_ROOT, dest, VS_DEPTH),
              seL4_DeleteFirst);
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_EXPECT(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, frame, VS_ROOT, dest, VS_DEPTH),
              seL4_DeleteFirst);
    VS_OK(seL4_CNode_Delete(VS_ROOT, pools[3], VS_DEPTH));
    VS_OK(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, VS_ROOT, dest, VS_DEPTH));
    return NULL;
}

/* Assign PML4s from `pool` until it refuses; *count = how many were accepted. */
static const char *assign_until_full(seL4_CPtr pool, int *count)
{
    *count = 0;
    for (int batch = 0; batch < 3; batch++) {
        seL4_CPtr first;
        VS_TRY(vs_retype(vs_memory(), seL4_X64_PML4Object, 0, 256, &first));
        for (seL4_CPtr p = first; p < first + 256; p++) {
            seL4_Error err = seL4_X86_ASIDPool_Assign(pool, p);
            if (err == seL4_DeleteFirst) {
                return NULL;
            }
            if (err != seL4_NoError) {
                return systest_reason("Assign number %d: %s", *count + 1, vs_error_name(err));
            }
            (*count)++;
        }
    }
    return "the pool never filled up";
}

/* VSPACE0005: a new pool hands out all 512 ASIDs, then says DeleteFirst. */
VSPACE_TEST(VSPACE0005)
{
    seL4_CPtr pool;
    int count;
    VS_TRY(vs_new_pool(&pool));
    VS_TRY(assign_until_full(pool, &count));
    if (count != 1 << seL4_ASIDPoolIndexBits) {
        return systest_reason("the pool took %d PML4s, expected 512", count);
    }
    return NULL;
}

/* VSPACEASID0001: the root task's pool has 510 ASIDs left (0 is never used, 1 is the root's). */
VSPACE_TEST(VSPACEASID0001)
{
    int count;
    VS_TRY(assign_until_full(seL4_CapInitThreadASIDPool, &count));
    if (count != (1 << seL4_ASIDPoolIndexBits) - 2) {
        return systest_reason("the root pool took %d PML4s, expected 510", count);
    }
    return NULL;
}

/*
 * VSPACE0006 (structure only): a VSpace in every other pool maps a frame at
 * 0x10000000; a copy mapped in the root VSpace sees and changes its contents.
 */
VSPACE_TEST(VSPACE0006)
{
    VS_TRY(vs_map_tables(ROOT_VSPACE, VS_AREA));
    volatile seL4_Word *p = (volatile seL4_Word *)VS_AREA;
    for (int i = 0; i < (1 << seL4_NumASIDPoolsBits) - 1; i++) {
        seL4_CPtr pool, pml4, frame, copy;
        VS_TRY(vs_new_pool(&pool));
        VS_TRY(vs_new_vspace(pool, &pml4));
        VS_TRY(vs_map_tables(pml4, 0x10000000));
        VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
        VS_OK(seL4_X86_Page_Map(frame, pml4, 0x10000000, RW, ATTR));
        VS_TRY(vs_copy(frame, &copy));
        VS_OK(seL4_X86_Page_Map(copy, ROOT_VSPACE, VS_AREA, RW, ATTR));
        SYSTEST_CHECK(p[0] == 0);
        p[0] = (seL4_Word)i;
        SYSTEST_CHECK(p[0] == (seL4_Word)i);
        VS_OK(seL4_X86_Page_Unmap(copy));
    }
    return NULL;
}

/* Check 16 samples across a frame hold `old`, then write `new` to them (sel4test's touch_data). */
static const char *touch(seL4_Word vaddr, char old, char new, seL4_Word size_bits)
{
    volatile char *data = (volatile char *)vaddr;
    for (seL4_Word i = 0; i < 16; i++) {
        seL4_Word offset = (1ul << size_bits) / 16 * i;
        if (data[offset] != old) {
            return systest_reason("frame of 2^%lu at %#lx: byte %#lx is %d, expected %d",
                                  (unsigned long)size_bits, (unsigned long)vaddr,
                                  (unsigned long)offset, data[offset], old);
        }
        data[offset] = new;
        if (data[offset] != new) {
            return systest_reason("frame at %#lx: write at %#lx did not stick",
                                  (unsigned long)vaddr, (unsigned long)offset);
        }
    }
    return NULL;
}

/*
 * One frame of FRAMEEXPORTS0001: map at v, touch, map again at the same
 * place (a remap), touch, see the data through a copy mapped at w, unmap.
 */
static const char *export_frame(seL4_CPtr frame, seL4_Word bits, seL4_Word v, seL4_Word w)
{
    seL4_CPtr copy;
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_AllRights, ATTR));
    VS_TRY(touch(v, 0, 'U', bits));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_AllRights, ATTR));
    VS_TRY(touch(v, 'U', 'V', bits));
    VS_TRY(vs_copy(frame, &copy));
    VS_OK(seL4_X86_Page_Map(copy, ROOT_VSPACE, w, seL4_AllRights, ATTR));
    VS_TRY(touch(w, 'V', 'W', bits));
    VS_TRY(touch(v, 'W', 'X', bits));
    VS_OK(seL4_X86_Page_Unmap(copy));
    VS_OK(seL4_X86_Page_Unmap(frame));
    return NULL;
}

/*
 * The 1 GiB part of FRAMEEXPORTS0001, with a device frame that is never
 * touched: map, remap in place, map a copy elsewhere, unmap both.
 */
static const char *export_huge_frame(seL4_Word v, seL4_Word w)
{
    seL4_CPtr frame, copy;
    if (!vs_huge_device_untyped()) {
        return NULL;
    }
    VS_TRY(vs_retype(vs_huge_device_untyped(), seL4_X64_HugePageObject, 0, 1, &frame));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_AllRights, seL4_X86_Uncacheable));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_AllRights, ATTR));
    VS_TRY(vs_copy(frame, &copy));
    VS_OK(seL4_X86_Page_Map(copy, ROOT_VSPACE, w, seL4_CanRead, ATTR));
    SYSTEST_CHECK(frame_paddr(copy) == frame_paddr(frame));
    SYSTEST_CHECK((frame_paddr(frame) & ((1ul << 30) - 1)) == 0);
    VS_OK(seL4_X86_Page_Unmap(copy));
    VS_OK(seL4_X86_Page_Unmap(frame));
    return NULL;
}

/*
 * FRAMEEXPORTS0001: frames of 4 KiB and 2 MiB map, read back zero, remap in
 * place, and share their data with a second mapping of a copy of the cap;
 * a 1 GiB frame maps the same way (its memory is not touched).
 */
VSPACE_TEST(FRAMEEXPORTS0001)
{
    const seL4_Word base = VS_AREA, gib = 1ul << 30, mib2 = 1ul << 21;
    seL4_CPtr frames;
    VS_TRY(vs_map_tables(ROOT_VSPACE, base));
    VS_TRY(vs_retype(vs_memory(), seL4_X86_4K, 0, 8, &frames));
    for (seL4_CPtr f = frames; f < frames + 8; f++) {
        VS_TRY(export_frame(f, seL4_PageBits, base, base + 0x10000));
    }
    VS_TRY(vs_retype(vs_memory(), seL4_X86_LargePageObject, 0, 3, &frames));
    for (seL4_CPtr f = frames; f < frames + 3; f++) {
        VS_TRY(export_frame(f, seL4_LargePageBits, base + 2 * mib2, base + 3 * mib2));
    }
    return export_huge_frame(base + gib, base + 2 * gib);
}

/*
 * VSPACEMAP0001, the mapping tutorial's flow: a page at an address with no
 * PDPT, PD or PT fails with FailedLookup naming the missing level (bitsLeft
 * 39, 30, 21) until each is mapped; then it reads and writes; a remap makes
 * it read-only (still readable) and another makes it writable again.
 */
VSPACE_TEST(VSPACEMAP0001)
{
    const seL4_Word v = VS_AREA + (1ul << 39) + 0x5000; /* PML4 entry 3: empty */
    seL4_CPtr frame, pdpt, pd, pt;
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, SEL4_MAPPING_LOOKUP_NO_PDPT);
    SYSTEST_CHECK(seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PDPT);
    VS_TRY(vs_new(seL4_X86_PDPTObject, 0, &pdpt));
    VS_OK(seL4_X86_PDPT_Map(pdpt, ROOT_VSPACE, v, ATTR));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, SEL4_MAPPING_LOOKUP_NO_PD);
    SYSTEST_CHECK(seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PD);
    VS_TRY(vs_new(seL4_X86_PageDirectoryObject, 0, &pd));
    VS_OK(seL4_X86_PageDirectory_Map(pd, ROOT_VSPACE, v, ATTR));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, SEL4_MAPPING_LOOKUP_NO_PT);
    VS_TRY(vs_new(seL4_X86_PageTableObject, 0, &pt));
    VS_OK(seL4_X86_PageTable_Map(pt, ROOT_VSPACE, v, ATTR));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR));
    volatile seL4_Word *p = (volatile seL4_Word *)v;
    SYSTEST_CHECK(p[0] == 0 && p[511] == 0);
    p[0] = 0xfeed;
    SYSTEST_CHECK(p[0] == 0xfeed);
    seL4_Word paddr = frame_paddr(frame);
    /* Read-only remap in place: same frame, same data (a write would fault: vm_readonly_write). */
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, seL4_CanRead, ATTR));
    SYSTEST_CHECK(p[0] == 0xfeed);
    SYSTEST_CHECK(frame_paddr(frame) == paddr);
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, seL4_X86_WriteThrough));
    p[0] = 7;
    SYSTEST_CHECK(p[0] == 7);
    /* Unmapping the PT takes the page with it; the frame cap still names the place. */
    VS_OK(seL4_X86_PageTable_Unmap(pt));
    VS_EXPECT(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, SEL4_MAPPING_LOOKUP_NO_PT);
    VS_OK(seL4_X86_PageTable_Map(pt, ROOT_VSPACE, v, ATTR));
    VS_OK(seL4_X86_Page_Map(frame, ROOT_VSPACE, v, RW, ATTR));
    SYSTEST_CHECK(p[0] == 7);
    return NULL;
}

#define LOOP_PAGES 256
#define LOOP_ROUNDS 20

/*
 * With every page of a round mapped, swap the frames of the first pages with
 * others in place (remap over the old entry, then back) and read at once:
 * a stale translation would still show the old frame.
 */
static const char *swap_check(seL4_CPtr frames, int r, const seL4_Word *last)
{
    for (int i = 0; i < 16; i++) {
        int j = (i + 7 * r) % LOOP_PAGES, k = (i + 128 + 7 * r) % LOOP_PAGES;
        seL4_CPtr spare;
        volatile seL4_Word *p = (volatile seL4_Word *)(VS_AREA + ((seL4_Word)i << 12));
        SYSTEST_CHECK(p[0] == last[j]);
        VS_OK(seL4_X86_Page_Unmap(frames + j));
        VS_TRY(vs_copy(frames + k, &spare));
        VS_OK(seL4_X86_Page_Map(spare, ROOT_VSPACE, (seL4_Word)p, RW, ATTR));
        SYSTEST_CHECK(p[0] == last[k]);
        VS_OK(seL4_CNode_Delete(VS_ROOT, spare, VS_DEPTH));
        VS_OK(seL4_X86_Page_Map(frames + j, ROOT_VSPACE, (seL4_Word)p, RW, ATTR));
        SYSTEST_CHECK(p[0] == last[j]);
    }
    return NULL;
}

/*
 * VSPACEMAP0002: 20 rounds of mapping 256 frames (from a 2^20 untyped) at
 * 256 pages, each round in another order, and unmapping them.  Every page
 * must show the frame just mapped (no stale TLB entry from the last round);
 * afterwards the untyped is whole again (nothing leaked).
 */
VSPACE_TEST(VSPACEMAP0002)
{
    static seL4_Word last[LOOP_PAGES]; /* the tag last written into each frame */
    seL4_CPtr ut, frames, again;
    VS_TRY(vs_map_tables(ROOT_VSPACE, VS_AREA));
    VS_TRY(vs_new(seL4_UntypedObject, 20, &ut));
    VS_TRY(vs_retype(ut, seL4_X86_4K, 0, LOOP_PAGES, &frames));
    for (int i = 0; i < LOOP_PAGES; i++) {
        last[i] = 0;
    }
    for (int r = 0; r < LOOP_ROUNDS; r++) {
        for (int i = 0; i < LOOP_PAGES; i++) {
            int j = (i + 7 * r) % LOOP_PAGES;
            volatile seL4_Word *p = (volatile seL4_Word *)(VS_AREA + ((seL4_Word)i << 12));
            VS_OK(seL4_X86_Page_Map(frames + j, ROOT_VSPACE, (seL4_Word)p, RW, ATTR));
            if (p[0] != last[j]) {
                return systest_reason("round %d page %d: frame %d holds %#lx, expected %#lx", r,
                                      i, j, (unsigned long)p[0], (unsigned long)last[j]);
            }
            p[0] = last[j] = (seL4_Word)(r * LOOP_PAGES + i + 1);
        }
        VS_TRY(swap_check(frames, r, last));
        for (int i = 0; i < LOOP_PAGES; i++) {
            VS_OK(seL4_X86_Page_Unmap(frames + (i + 7 * r) % LOOP_PAGES));
        }
    }
    VS_OK(seL4_CNode_Revoke(VS_ROOT, ut, VS_DEPTH));
    SYSTEST_CHECK(seL4_DebugCapIdentify(frames) == VS_TAG_NULL);
    VS_TRY(vs_retype(ut, seL4_UntypedObject, 20, 1, &again));
    return NULL;
}

/*
 * VSPACEMAP0003: deleting a frame cap removes only its own mapping.  A
 * frame mapped over another one's address keeps its mapping when the
 * first cap goes; a 2 MiB write-combining frame (PAT bit in the entry)
 * really leaves its PD entry when its cap is deleted.
 */
VSPACE_TEST(VSPACEMAP0003)
{
    const seL4_Word v = VS_AREA, big = VS_AREA + (4ul << 21);
    seL4_CPtr a, a_copy, b, large, large_copy, pt;
    VS_TRY(vs_map_tables(ROOT_VSPACE, v));
    VS_TRY(vs_new(seL4_X86_4K, 0, &a));
    VS_TRY(vs_new(seL4_X86_4K, 0, &b));
    VS_TRY(vs_copy(a, &a_copy));
    volatile seL4_Word *p = (volatile seL4_Word *)v;
    VS_OK(seL4_X86_Page_Map(a_copy, ROOT_VSPACE, v, RW, ATTR));
    p[0] = 0xa;
    /* seL4 x86 maps a 4 KiB frame over a present entry without DeleteFirst. */
    VS_OK(seL4_X86_Page_Map(b, ROOT_VSPACE, v, RW, ATTR));
    SYSTEST_CHECK(p[0] == 0);
    p[0] = 0xb;
    VS_OK(seL4_CNode_Delete(VS_ROOT, a_copy, VS_DEPTH));
    SYSTEST_CHECK(p[0] == 0xb);
    VS_OK(seL4_X86_Page_Map(a, ROOT_VSPACE, v + 0x1000, RW, ATTR));
    SYSTEST_CHECK(((volatile seL4_Word *)(v + 0x1000))[0] == 0xa);
    /* The write-combining large page goes with its cap: a PT fits there again. */
    VS_TRY(vs_new(seL4_X86_LargePageObject, 0, &large));
    VS_TRY(vs_copy(large, &large_copy));
    VS_OK(seL4_X86_Page_Map(large_copy, ROOT_VSPACE, big, RW, seL4_X86_WriteCombining));
    ((volatile seL4_Word *)big)[0] = 0x2;
    VS_TRY(vs_new(seL4_X86_PageTableObject, 0, &pt));
    VS_EXPECT(seL4_X86_PageTable_Map(pt, ROOT_VSPACE, big, ATTR), seL4_DeleteFirst);
    VS_OK(seL4_CNode_Delete(VS_ROOT, large_copy, VS_DEPTH));
    VS_OK(seL4_X86_PageTable_Map(pt, ROOT_VSPACE, big, ATTR));
    return NULL;
}

/*
 * VSPACEMAP0004: deleting a PML4 leaves its tables and frames unreachable
 * but harmless: their caps still name the old ASID, Unmap is a no-op, and
 * when the ASID is handed to a new PML4 they are refused or find nothing.
 */
VSPACE_TEST(VSPACEMAP0004)
{
    const seL4_Word v = 0x10000000;
    seL4_CPtr pool, old_vspace, new_vspace, pdpt, frame;
    VS_TRY(vs_new_pool(&pool));
    VS_TRY(vs_new_vspace(pool, &old_vspace));
    VS_TRY(vs_new(seL4_X86_PDPTObject, 0, &pdpt));
    VS_OK(seL4_X86_PDPT_Map(pdpt, old_vspace, v, ATTR));
    VS_TRY(vs_map_tables(old_vspace, v));
    VS_TRY(vs_new(seL4_X86_4K, 0, &frame));
    VS_OK(seL4_X86_Page_Map(frame, old_vspace, v, RW, ATTR));
    VS_OK(seL4_CNode_Delete(VS_ROOT, old_vspace, VS_DEPTH));
    /* The new PML4 gets the same ASID (the first free one of the pool). */
    VS_TRY(vs_new_vspace(pool, &new_vspace));
    VS_EXPECT(seL4_X86_PDPT_Map(pdpt, new_vspace, v, ATTR), seL4_InvalidCapability, 0);
    /* Same ASID, same address: a remap, but the new VSpace has no tables there. */
    VS_EXPECT(seL4_X86_Page_Map(frame, new_vspace, v, RW, ATTR), seL4_FailedLookup, 0,
              seL4_MissingCapability, 39);
    VS_OK(seL4_X86_Page_Unmap(frame));
    VS_OK(seL4_X86_PDPT_Unmap(pdpt));
    VS_OK(seL4_X86_PDPT_Map(pdpt, new_vspace, v, ATTR));
    VS_TRY(vs_map_tables(new_vspace, v));
    VS_OK(seL4_X86_Page_Map(frame, new_vspace, v, RW, ATTR));
    return NULL;
}

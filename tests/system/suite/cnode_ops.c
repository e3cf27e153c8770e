/*
 * CNODEERR0007-0013: what each CNode operation does to the cap it copies or
 * moves (seL4 src/object/cnode.c, src/object/objecttype.c updateCapData,
 * maskCapRights, deriveCap, hasCancelSendRights): badges, CNode guards,
 * rights, caps that cannot be derived, Rotate's check order.
 */
#include <sel4/sel4.h>

#include "helpers.h"

/* The seL4_CNode_CapData word for a guard of `size` bits. */
static seL4_Word guard_data(seL4_Word guard, seL4_Word size)
{
    return seL4_CNode_CapData_new(guard, size).words[0];
}

/* Mint a copy of root slot `src` into the empty root slot `dest`. */
static seL4_Error mint(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word data)
{
    return seL4_CNode_Mint(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, data);
}

/* Copy root slot `src` into root slot `dest` with `rights`. */
static seL4_Error copy(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights);
}

/* Rotate in the root CNode with badge data for the caps moved to dest and to pivot. */
static seL4_Error rotate(seL4_CPtr dest, seL4_Word dest_data, seL4_CPtr pivot, seL4_Word pivot_data,
                         seL4_CPtr src)
{
    return seL4_CNode_Rotate(ROOT, dest, ROOT_DEPTH, dest_data, ROOT, pivot, ROOT_DEPTH,
                             pivot_data, ROOT, src, ROOT_DEPTH);
}

/* Mint badges only an unbadged endpoint or notification; minting from a
 * badged one (whatever the new badge, 0 included) would give a null cap:
 * IllegalOperation.  Badge 0 leaves a cap unbadged; a TCB ignores the badge. */
SCRATCH_TEST(CNODEERR0007)
{
    seL4_CPtr ep, ntfn, tcb, badged, copied, unbadged, rebadged, nbadged, dest = slot_alloc();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(pool_object(seL4_TCBObject, 0, &tcb));

    TRY(mint_new(ep, seL4_AllRights, 5, &badged));
    EXPECT_TAG(badged, TAG_ENDPOINT);
    EXPECT_ERR(mint(dest, badged, seL4_AllRights, 7), seL4_IllegalOperation);
    EXPECT_ERR(mint(dest, badged, seL4_AllRights, 0), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    /* Copy keeps the badge: the copy cannot be minted either. */
    TRY(copy_new(badged, &copied));
    EXPECT_ERR(mint(dest, copied, seL4_AllRights, 9), seL4_IllegalOperation);
    /* Badge 0 keeps the cap unbadged, so it can still be badged later. */
    TRY(mint_new(ep, seL4_AllRights, 0, &unbadged));
    TRY(mint_new(unbadged, seL4_AllRights, 9, &rebadged));
    EXPECT_ERR(mint(dest, rebadged, seL4_AllRights, 9), seL4_IllegalOperation);

    TRY(mint_new(ntfn, seL4_AllRights, 1, &nbadged));
    EXPECT_TAG(nbadged, TAG_NOTIFICATION);
    EXPECT_ERR(mint(dest, nbadged, seL4_AllRights, 2), seL4_IllegalOperation);
    EXPECT_ERR(mint(dest, nbadged, seL4_AllRights, 0), seL4_IllegalOperation);

    EXPECT_OK(mint(dest, tcb, seL4_AllRights, 1234));
    EXPECT_TAG(dest, TAG_THREAD);
    return NULL;
}

/* A CNode cap's Mint/Mutate data word sets its guard; guard bits above the
 * guard size are dropped; guardSize + radix > 64 would give a null cap:
 * IllegalOperation.  GuardMismatch reports the CNode's guard and guard size. */
SCRATCH_TEST(CNODEERR0008)
{
    seL4_CPtr cnode, ep, g, g2, g3, cleared, dest = slot_alloc(), moved = slot_alloc();
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    EXPECT_OK(seL4_CNode_Copy(cnode, 3, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));

    TRY(mint_new(cnode, seL4_AllRights, guard_data(0x2a, 8), &g));
    EXPECT_TAG(g, TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(g, 0x2a3, 12) == TAG_ENDPOINT);
    SYSTEST_CHECK(cap_tag_in(cnode, 3, 4) == TAG_ENDPOINT);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, g, 0x2b3, 12, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 12, 0x2a, 8);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, g, 3, 4, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 4, 0x2a, 8);
    /* Guard bits above the guard size are masked off. */
    TRY(mint_new(cnode, seL4_AllRights, guard_data(0x12a, 8), &g2));
    SYSTEST_CHECK(cap_tag_in(g2, 0x2a3, 12) == TAG_ENDPOINT);
    /* 60 + 4 = 64 bits: the largest guard allowed; the cap resolves a whole word. */
    TRY(mint_new(cnode, seL4_AllRights, guard_data(0, 60), &g3));
    SYSTEST_CHECK(cap_tag_in(g3, 3, 64) == TAG_ENDPOINT);
    EXPECT_ERR(mint(dest, cnode, seL4_AllRights, guard_data(0, 61)), seL4_IllegalOperation);
    EXPECT_ERR(mint(dest, ROOT, seL4_AllRights, guard_data(0, ROOT_GUARD_BITS + 1)),
               seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    /* Data 0 clears the guard of a guarded cap. */
    TRY(mint_new(g, seL4_AllRights, seL4_NilData, &cleared));
    SYSTEST_CHECK(cap_tag_in(cleared, 3, 4) == TAG_ENDPOINT);
    /* Mutate moves the cap and applies the new guard. */
    EXPECT_ERR(seL4_CNode_Mutate(ROOT, moved, ROOT_DEPTH, ROOT, g2, ROOT_DEPTH, guard_data(0, 61)),
               seL4_IllegalOperation);
    EXPECT_TAG(g2, TAG_CNODE);
    EXPECT_TAG(moved, TAG_NULL);
    EXPECT_OK(
        seL4_CNode_Mutate(ROOT, moved, ROOT_DEPTH, ROOT, g2, ROOT_DEPTH, guard_data(0x15, 5)));
    EXPECT_TAG(g2, TAG_NULL);
    SYSTEST_CHECK(cap_tag_in(moved, (0x15 << 4) | 3, 9) == TAG_ENDPOINT);
    return NULL;
}

/* Mutate and Rotate apply their data with "preserve": an endpoint or a
 * notification cap (badged or not, data 0 or not) would become null, so
 * both give IllegalOperation and nothing moves. */
SCRATCH_TEST(CNODEERR0009)
{
    seL4_CPtr ep, ntfn, badged, frame, dest = slot_alloc(), pivot_dest = slot_alloc();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(pool_object(seL4_X86_4K, 0, &frame));
    TRY(mint_new(ep, seL4_AllRights, 3, &badged));
    const seL4_CPtr caps[] = {ep, ntfn, badged};
    for (unsigned i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
        EXPECT_ERR(seL4_CNode_Mutate(ROOT, dest, ROOT_DEPTH, ROOT, caps[i], ROOT_DEPTH, 0),
                   seL4_IllegalOperation);
        EXPECT_ERR(seL4_CNode_Mutate(ROOT, dest, ROOT_DEPTH, ROOT, caps[i], ROOT_DEPTH, 1),
                   seL4_IllegalOperation);
        /* As Rotate's source (moved to the pivot) and as its pivot (moved to dest). */
        EXPECT_ERR(rotate(pivot_dest, 0, frame, 0, caps[i]), seL4_IllegalOperation);
        EXPECT_ERR(rotate(pivot_dest, 0, caps[i], 0, frame), seL4_IllegalOperation);
        EXPECT_TAG(dest, TAG_NULL);
        EXPECT_TAG(pivot_dest, TAG_NULL);
        EXPECT_TAG(frame, TAG_FRAME);
        EXPECT_TAG(caps[i], i == 1 ? TAG_NOTIFICATION : TAG_ENDPOINT);
    }
    /* A badged cap still moves with Move. */
    EXPECT_OK(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, ROOT, badged, ROOT_DEPTH));
    EXPECT_TAG(dest, TAG_ENDPOINT);
    EXPECT_TAG(badged, TAG_NULL);
    return NULL;
}

/* Rotate's checks in seL4's order: source lookup, pivot lookup, pivot equal
 * to source or destination, destination empty (unless it is the source),
 * source present (MR0 = 1), pivot present (MR0 = 0), then the data. */
SCRATCH_TEST(CNODEERR0010)
{
    seL4_CPtr src, pivot, occupied, ep, cnode, d = slot_alloc(), e = slot_alloc();
    TRY(pool_object(seL4_TCBObject, 0, &src));
    TRY(pool_object(seL4_X86_4K, 0, &pivot));
    TRY(pool_object(seL4_TCBObject, 0, &occupied));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));

    EXPECT_ERR(rotate(pivot, 0, pivot, 0, src), seL4_IllegalOperation);
    EXPECT_ERR(rotate(occupied, 0, src, 0, src), seL4_IllegalOperation);
    EXPECT_ERR(rotate(occupied, 0, pivot, 0, e), seL4_DeleteFirst);
    EXPECT_ERR_MRS(rotate(d, 0, pivot, 0, e), seL4_FailedLookup, 1, seL4_MissingCapability,
                   ROOT_DEPTH);
    /* An empty pivot is reported as a destination-side failure: MR0 = 0. */
    EXPECT_ERR_MRS(rotate(d, 0, e, 0, src), seL4_FailedLookup, 0, seL4_MissingCapability,
                   ROOT_DEPTH);
    seL4_CPtr two_roots[] = {ROOT, ROOT};
    seL4_MessageInfo_t info = raw_invoke(
        ROOT, CNodeRotate, 2, two_roots, 8,
        (seL4_Word[]){d, ROOT_DEPTH, 0, e, ROOT_DEPTH, 0, src, ROOT_DEPTH});
    EXPECT_REPLY(info, seL4_FailedLookup, 3, 0, seL4_MissingCapability, ROOT_DEPTH);
    /* Roots that are not CNodes: both lookups count as sources. */
    EXPECT_ERR_MRS(seL4_CNode_Rotate(ROOT, d, ROOT_DEPTH, 0, ROOT, pivot, ROOT_DEPTH, 0, ep, src,
                                     ROOT_DEPTH),
                   seL4_FailedLookup, 1, seL4_InvalidRoot);
    EXPECT_ERR_MRS(seL4_CNode_Rotate(ROOT, d, ROOT_DEPTH, 0, ep, pivot, ROOT_DEPTH, 0, ROOT, src,
                                     ROOT_DEPTH),
                   seL4_FailedLookup, 1, seL4_InvalidRoot);
    /* Both lookups bad: the source's failure is the one reported. */
    EXPECT_ERR_MRS(seL4_CNode_Rotate(ROOT, d, ROOT_DEPTH, 0, ROOT, 1ul << 40, ROOT_DEPTH, 0, ROOT,
                                     0, 63),
                   seL4_FailedLookup, 1, seL4_DepthMismatch, 63, 64);
    EXPECT_ERR_MRS(seL4_CNode_Rotate(ROOT, d, ROOT_DEPTH, 0, ROOT, 1ul << 40, ROOT_DEPTH, 0, ROOT,
                                     src, ROOT_DEPTH),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    EXPECT_ERR_MRS(seL4_CNode_Rotate(ROOT, d, ROOT_DEPTH, 0, ROOT, pivot, 0, 0, ROOT, src,
                                     ROOT_DEPTH),
                   seL4_RangeError, 1, ROOT_DEPTH);
    EXPECT_TAG(src, TAG_THREAD);
    EXPECT_TAG(pivot, TAG_FRAME);
    EXPECT_TAG(d, TAG_NULL);

    /* The data applies to CNode caps: the pivot (a CNode) reaches dest with a guard. */
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    EXPECT_OK(seL4_CNode_Copy(cnode, 3, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(rotate(d, seL4_CNode_CapData_new(0x2a, 8).words[0], cnode, 0x1234, src));
    EXPECT_TAG(src, TAG_NULL);
    EXPECT_TAG(cnode, TAG_THREAD);
    EXPECT_TAG(d, TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(d, 0x2a3, 12) == TAG_ENDPOINT);
    return NULL;
}

/* Copy and Mint derive the new cap: IRQControl and IOPortControl derive to
 * null (IllegalOperation), an untyped with children gives RevokeFirst, an
 * unmapped paging structure gives IllegalOperation.  Move does not derive. */
SCRATCH_TEST(CNODEERR0011)
{
    seL4_CPtr dest = slot_alloc(), ut, ep, frame, moved = slot_alloc();
    EXPECT_ERR(copy(dest, seL4_CapIRQControl, seL4_AllRights), seL4_IllegalOperation);
    EXPECT_ERR(mint(dest, seL4_CapIRQControl, seL4_AllRights, 0), seL4_IllegalOperation);
    EXPECT_ERR(copy(dest, seL4_CapIOPortControl, seL4_AllRights), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(seL4_CapIRQControl, TAG_IRQ_CONTROL);
    EXPECT_TAG(seL4_CapIOPortControl, TAG_IO_PORT_CONTROL);

    TRY(untyped_new(12, &ut));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    EXPECT_ERR(copy(dest, ut, seL4_AllRights), seL4_RevokeFirst);
    EXPECT_ERR(mint(dest, ut, seL4_AllRights, 0), seL4_RevokeFirst);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(seL4_CNode_Move(ROOT, moved, ROOT_DEPTH, ROOT, ut, ROOT_DEPTH));
    EXPECT_TAG(moved, TAG_UNTYPED);

    static const struct {
        seL4_Word type, tag;
    } tables[] = {{seL4_X86_PageTableObject, TAG_PAGE_TABLE},
                  {seL4_X86_PageDirectoryObject, TAG_PAGE_DIRECTORY},
                  {seL4_X86_PDPTObject, TAG_PDPT},
                  {seL4_X64_PML4Object, TAG_PML4}};
    for (unsigned i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        seL4_CPtr table, table_moved = slot_alloc();
        TRY(pool_object(tables[i].type, 0, &table));
        EXPECT_TAG(table, tables[i].tag);
        EXPECT_ERR(copy(dest, table, seL4_AllRights), seL4_IllegalOperation);
        EXPECT_ERR(mint(dest, table, seL4_AllRights, 0), seL4_IllegalOperation);
        EXPECT_TAG(dest, TAG_NULL);
        EXPECT_OK(seL4_CNode_Move(ROOT, table_moved, ROOT_DEPTH, ROOT, table, ROOT_DEPTH));
        EXPECT_TAG(table_moved, tables[i].tag);
    }
    /* A frame derives to an unmapped copy of itself. */
    TRY(pool_object(seL4_X86_4K, 0, &frame));
    EXPECT_OK(copy(dest, frame, seL4_AllRights));
    EXPECT_TAG(dest, TAG_FRAME);
    return NULL;
}

/* Rights only shrink on Copy/Mint; CancelBadgedSends needs an endpoint cap
 * with all four rights (Read, Write, Grant, GrantReply), else IllegalOperation. */
SCRATCH_TEST(CNODEERR0012)
{
    seL4_CPtr ep, ro, ro_all, tcb, ntfn, frame, badged, badged_wo;
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, ep, ROOT_DEPTH));

    seL4_CPtr r = slot_alloc();
    EXPECT_OK(copy(r, ep, seL4_CanRead));
    EXPECT_TAG(r, TAG_ENDPOINT);
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, r, ROOT_DEPTH), seL4_IllegalOperation);
    ro = r;
    TRY(copy_new(ro, &ro_all));
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, ro_all, ROOT_DEPTH), seL4_IllegalOperation);

    /* Each right missing on its own. */
    const seL4_CapRights_t missing_one[] = {
        seL4_CapRights_new(0, 1, 1, 1), /* no GrantReply */
        seL4_CapRights_new(1, 0, 1, 1), /* no Grant */
        seL4_CapRights_new(1, 1, 0, 1), /* no Read */
        seL4_CapRights_new(1, 1, 1, 0), /* no Write */
    };
    for (unsigned i = 0; i < sizeof(missing_one) / sizeof(missing_one[0]); i++) {
        seL4_CPtr c = slot_alloc();
        EXPECT_OK(copy(c, ep, missing_one[i]));
        EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, c, ROOT_DEPTH), seL4_IllegalOperation);
    }
    TRY(mint_new(ep, seL4_AllRights, 3, &badged));
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, badged, ROOT_DEPTH));
    TRY(mint_new(ep, seL4_CanWrite, 4, &badged_wo));
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, badged_wo, ROOT_DEPTH), seL4_IllegalOperation);

    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(pool_object(seL4_X86_4K, 0, &frame));
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, tcb, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, ntfn, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, frame, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, seL4_CapInitThreadCNode, ROOT_DEPTH),
               seL4_IllegalOperation);
    EXPECT_ERR_MRS(seL4_CNode_CancelBadgedSends(ROOT, ep, 0), seL4_RangeError, 1, ROOT_DEPTH);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    return NULL;
}

/* A slot onto itself is an occupied destination (DeleteFirst); CNode
 * operations through a child CNode cap and through a copy of the root CNode
 * cap act on those CNodes' slots. */
SCRATCH_TEST(CNODEERR0013)
{
    seL4_CPtr tcb, cnode, root_copy, dest = slot_alloc();
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    EXPECT_ERR(copy(tcb, tcb, seL4_AllRights), seL4_DeleteFirst);
    EXPECT_ERR(mint(tcb, tcb, seL4_AllRights, 0), seL4_DeleteFirst);
    EXPECT_ERR(seL4_CNode_Move(ROOT, tcb, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH), seL4_DeleteFirst);
    EXPECT_ERR(seL4_CNode_Mutate(ROOT, tcb, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, 0),
               seL4_DeleteFirst);
    EXPECT_TAG(tcb, TAG_THREAD);

    TRY(pool_object(seL4_CapTableObject, 3, &cnode));
    EXPECT_OK(seL4_CNode_Move(cnode, 7, 3, ROOT, tcb, ROOT_DEPTH));
    EXPECT_TAG(tcb, TAG_NULL);
    SYSTEST_CHECK(cap_tag_in(cnode, 7, 3) == TAG_THREAD);
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 3, cnode, 7, 3, seL4_AllRights));
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 3) == TAG_THREAD);
    EXPECT_OK(seL4_CNode_Delete(cnode, 0, 3));
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 3) == TAG_NULL);
    EXPECT_OK(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, cnode, 7, 3));
    EXPECT_TAG(dest, TAG_THREAD);
    SYSTEST_CHECK(cap_tag_in(cnode, 7, 3) == TAG_NULL);
    /* Offsets past the CNode's 8 slots cannot be named with its 3-bit depth;
     * with more bits the lookup hits an empty slot (DepthMismatch) first. */
    EXPECT_ERR_MRS(seL4_CNode_Delete(cnode, 8, 4), seL4_FailedLookup, 0, seL4_DepthMismatch, 1, 0);

    /* A copy of the root CNode cap names the same slots. */
    TRY(copy_new(ROOT, &root_copy));
    EXPECT_TAG(root_copy, TAG_CNODE);
    EXPECT_OK(seL4_CNode_Delete(root_copy, dest, ROOT_DEPTH));
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

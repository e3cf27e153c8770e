/*
 * CNODEOP: sel4test's basic CNode operation tests (cnodeops.c), with the
 * reply MRs checked too; CNODEERR0001-0006: the checks every CNode
 * invocation shares (label, length, destination lookup) and the source
 * lookup of Copy/Mint/Move/Mutate (seL4 src/object/cnode.c
 * decodeCNodeInvocation, src/kernel/cspace.c lookupSlotForCNodeOp).
 *
 * "A cap" is a TCB retyped from the pool, as in sel4test; a Copy's success
 * is confirmed through the derivation tree (revoking the original removes it).
 */
#include <sel4/sel4.h>

#include "helpers.h"

#define TCB(out) TRY(pool_object(seL4_TCBObject, 0, (out)))

/* Copy works; an occupied destination gives DeleteFirst even with an empty
 * source (destination checked first); an empty source gives FailedLookup. */
SCRATCH_TEST(CNODEOP0001)
{
    seL4_CPtr src, other, dest = slot_alloc(), empty = slot_alloc();
    TCB(&src);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights));
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(src, TAG_THREAD);
    /* The copy is derived from src: revoking src removes it and keeps src. */
    EXPECT_OK(seL4_CNode_Revoke(ROOT, src, ROOT_DEPTH));
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(src, TAG_THREAD);

    TCB(&other);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, other, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights),
               seL4_DeleteFirst);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, other, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, seL4_AllRights),
               seL4_DeleteFirst);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(other, TAG_THREAD);
    return NULL;
}

/* Delete empties a slot; deleting an empty slot succeeds too. */
SCRATCH_TEST(CNODEOP0002)
{
    seL4_CPtr slot, empty = slot_alloc();
    TCB(&slot);
    EXPECT_OK(seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH));
    EXPECT_TAG(slot, TAG_NULL);
    EXPECT_OK(seL4_CNode_Delete(ROOT, empty, ROOT_DEPTH));
    EXPECT_TAG(empty, TAG_NULL);
    return NULL;
}

/* Mint: as Copy, with the same error order. */
SCRATCH_TEST(CNODEOP0003)
{
    seL4_CPtr src, other, dest = slot_alloc(), empty = slot_alloc();
    TCB(&src);
    EXPECT_OK(seL4_CNode_Mint(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights,
                              seL4_NilData));
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, src, ROOT_DEPTH));
    EXPECT_TAG(dest, TAG_NULL);

    TCB(&other);
    EXPECT_ERR(seL4_CNode_Mint(ROOT, other, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights,
                               seL4_NilData),
               seL4_DeleteFirst);
    EXPECT_ERR(seL4_CNode_Mint(ROOT, other, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, seL4_AllRights,
                               seL4_NilData),
               seL4_DeleteFirst);
    EXPECT_ERR_MRS(seL4_CNode_Mint(ROOT, dest, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH,
                                   seL4_AllRights, seL4_NilData),
                   seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Move empties the source; errors leave both slots as they were. */
SCRATCH_TEST(CNODEOP0004)
{
    seL4_CPtr src, other, dest = slot_alloc(), empty = slot_alloc(), dest2 = slot_alloc();
    TCB(&src);
    EXPECT_OK(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH));
    EXPECT_TAG(src, TAG_NULL);
    EXPECT_TAG(dest, TAG_THREAD);

    EXPECT_ERR_MRS(seL4_CNode_Move(ROOT, dest2, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH),
                   seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_TAG(dest2, TAG_NULL);

    TCB(&other);
    EXPECT_ERR(seL4_CNode_Move(ROOT, other, ROOT_DEPTH, ROOT, dest, ROOT_DEPTH), seL4_DeleteFirst);
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(other, TAG_THREAD);
    return NULL;
}

/* Mutate (TCB cap, no data to apply): moves like Move, same error order. */
SCRATCH_TEST(CNODEOP0005)
{
    seL4_CPtr src, other, dest = slot_alloc(), empty = slot_alloc(), dest2 = slot_alloc();
    TCB(&src);
    EXPECT_OK(seL4_CNode_Mutate(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_NilData));
    EXPECT_TAG(src, TAG_NULL);
    EXPECT_TAG(dest, TAG_THREAD);

    TCB(&other);
    EXPECT_ERR(seL4_CNode_Mutate(ROOT, other, ROOT_DEPTH, ROOT, dest, ROOT_DEPTH, seL4_NilData),
               seL4_DeleteFirst);
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(other, TAG_THREAD);

    EXPECT_ERR_MRS(seL4_CNode_Mutate(ROOT, dest2, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH,
                                     seL4_NilData),
                   seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_TAG(empty, TAG_NULL);
    EXPECT_TAG(dest2, TAG_NULL);
    return NULL;
}

/* CancelBadgedSends: an endpoint cap with all rights (badged or not) is fine
 * and stays; an empty slot gives IllegalOperation. */
SCRATCH_TEST(CNODEOP0006)
{
    seL4_CPtr ep, badged, empty = slot_alloc();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, ep, ROOT_DEPTH));
    EXPECT_TAG(ep, TAG_ENDPOINT);
    TRY(mint_new(ep, seL4_AllRights, 0x77, &badged));
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, badged, ROOT_DEPTH));
    EXPECT_TAG(badged, TAG_ENDPOINT);
    EXPECT_ERR(seL4_CNode_CancelBadgedSends(ROOT, empty, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_TAG(empty, TAG_NULL);
    return NULL;
}

/* Revoke of a cap keeps the cap; revoke of an empty slot succeeds. */
SCRATCH_TEST(CNODEOP0007)
{
    seL4_CPtr slot, empty = slot_alloc();
    TCB(&slot);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, slot, ROOT_DEPTH));
    EXPECT_TAG(slot, TAG_THREAD);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, empty, ROOT_DEPTH));
    EXPECT_TAG(empty, TAG_NULL);
    return NULL;
}

/* Rotate(dest, pivot, src) with no badge data: dest <- pivot's cap, pivot <- src's cap. */
static seL4_Error rotate(seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src)
{
    return seL4_CNode_Rotate(ROOT, dest, ROOT_DEPTH, seL4_NilData, ROOT, pivot, ROOT_DEPTH,
                             seL4_NilData, ROOT, src, ROOT_DEPTH);
}

/* Rotate: a three-slot move; dest == src swaps; dest occupied → DeleteFirst;
 * pivot == src → IllegalOperation; all empty → FailedLookup on the source.
 * The source is a TCB and the pivot a frame so each cap can be followed. */
SCRATCH_TEST(CNODEOP0008)
{
    seL4_CPtr src, pivot, dest = slot_alloc(), occupied;
    TCB(&src);
    TRY(pool_object(seL4_X86_4K, 0, &pivot));
    EXPECT_OK(rotate(dest, pivot, src));
    EXPECT_TAG(src, TAG_NULL);
    EXPECT_TAG(pivot, TAG_THREAD);
    EXPECT_TAG(dest, TAG_FRAME);

    /* Destination occupied. */
    TCB(&src);
    TRY(pool_object(seL4_X86_4K, 0, &pivot));
    TCB(&occupied);
    EXPECT_ERR(rotate(occupied, pivot, src), seL4_DeleteFirst);
    EXPECT_TAG(src, TAG_THREAD);
    EXPECT_TAG(pivot, TAG_FRAME);
    EXPECT_TAG(occupied, TAG_THREAD);

    /* Swap: dest == src. */
    EXPECT_OK(rotate(src, pivot, src));
    EXPECT_TAG(src, TAG_FRAME);
    EXPECT_TAG(pivot, TAG_THREAD);

    /* Pivot == src. */
    seL4_CPtr dest2 = slot_alloc();
    EXPECT_ERR(rotate(dest2, src, src), seL4_IllegalOperation);
    EXPECT_TAG(src, TAG_FRAME);
    EXPECT_TAG(dest2, TAG_NULL);

    /* All three empty: the source is looked at first. */
    seL4_CPtr e1 = slot_alloc(), e2 = slot_alloc(), e3 = slot_alloc();
    EXPECT_ERR_MRS(rotate(e1, e2, e3), seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_TAG(e1, TAG_NULL);
    EXPECT_TAG(e2, TAG_NULL);
    EXPECT_TAG(e3, TAG_NULL);
    return NULL;
}

/* SaveCaller with no caller: NoError and the slot stays empty; into an
 * occupied slot: DeleteFirst and the cap stays. */
SCRATCH_TEST(CNODEOP0009)
{
    seL4_CPtr slot = slot_alloc(), occupied;
    EXPECT_OK(seL4_CNode_SaveCaller(ROOT, slot, ROOT_DEPTH));
    EXPECT_TAG(slot, TAG_NULL);
    TCB(&occupied);
    EXPECT_ERR(seL4_CNode_SaveCaller(ROOT, occupied, ROOT_DEPTH), seL4_DeleteFirst);
    EXPECT_TAG(occupied, TAG_THREAD);
    return NULL;
}

/* ---- shared decode checks ------------------------------------------------------ */

/* A CNode cap invoked with a label outside CNodeRevoke..CNodeSaveCaller:
 * IllegalOperation with an empty reply, whatever the arguments. */
SCRATCH_TEST(CNODEERR0001)
{
    static const seL4_Word labels[] = {InvalidInvocation, UntypedRetype, TCBSuspend,
                                       CNodeRevoke - 1,   CNodeSaveCaller + 1, nInvocationLabels,
                                       nArchInvocationLabels, 0xfffff};
    seL4_CPtr empty = slot_alloc();
    seL4_Word words[] = {empty, ROOT_DEPTH};
    for (unsigned i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        seL4_MessageInfo_t info = raw_invoke(ROOT, labels[i], 0, NULL, 2, words);
        EXPECT_REPLY0(info, seL4_IllegalOperation);
    }
    return NULL;
}

/* Every CNode label with fewer than 2 words: TruncatedMessage, empty reply. */
SCRATCH_TEST(CNODEERR0002)
{
    seL4_CPtr empty = slot_alloc();
    seL4_Word words[] = {empty};
    seL4_CPtr caps[] = {ROOT, ROOT};
    for (seL4_Word label = CNodeRevoke; label <= CNodeSaveCaller; label++) {
        for (seL4_Word len = 0; len < 2; len++) {
            seL4_MessageInfo_t info = raw_invoke(ROOT, label, 2, caps, len, words);
            EXPECT_REPLY0(info, seL4_TruncatedMessage);
        }
    }
    EXPECT_TAG(empty, TAG_NULL);
    return NULL;
}

/* Message length and extra caps that make each CNode label's message complete. */
static void full_message(seL4_Word label, seL4_Word *len, seL4_Word *ncaps)
{
    switch (label) {
    case CNodeCopy:
        *len = 5, *ncaps = 1;
        break;
    case CNodeMint:
        *len = 6, *ncaps = 1;
        break;
    case CNodeMove:
        *len = 4, *ncaps = 1;
        break;
    case CNodeMutate:
        *len = 5, *ncaps = 1;
        break;
    case CNodeRotate:
        *len = 8, *ncaps = 2;
        break;
    default:
        *len = 2, *ncaps = 0;
        break;
    }
}

/* The destination depth must be 1..64 for every CNode label, checked before
 * anything else of the message: RangeError(1, 64), 2 MRs.  The kernel reads
 * the whole word, so 0x100 (0 in the stubs' seL4_Uint8) is out of range too. */
SCRATCH_TEST(CNODEERR0003)
{
    static const seL4_Word depths[] = {0, 65, 255, 0x100, 0x140, ~0ul};
    seL4_CPtr src;
    TCB(&src);
    seL4_CPtr caps[] = {ROOT, ROOT};
    for (seL4_Word label = CNodeRevoke; label <= CNodeSaveCaller; label++) {
        seL4_Word len, ncaps;
        full_message(label, &len, &ncaps);
        for (unsigned i = 0; i < sizeof(depths) / sizeof(depths[0]); i++) {
            seL4_CPtr dest = slot_alloc();
            /* dest, depth, then source-like words naming a valid cap everywhere. */
            seL4_Word words[8] = {dest, depths[i], src, ROOT_DEPTH, 0xf, 0, src, ROOT_DEPTH};
            if (label == CNodeRotate) {
                words[2] = 0, words[3] = src, words[4] = ROOT_DEPTH;
            }
            seL4_MessageInfo_t info = raw_invoke(ROOT, label, ncaps, caps, len, words);
            EXPECT_REPLY(info, seL4_RangeError, 2, 1, ROOT_DEPTH);
            EXPECT_TAG(dest, TAG_NULL);
        }
    }
    EXPECT_TAG(src, TAG_THREAD);
    return NULL;
}

/* Destination lookup failures on the root CNode (radix 16, guard 48 zero
 * bits): FailedLookup with MR0 = 0 and the lookup-failure words. */
SCRATCH_TEST(CNODEERR0004)
{
    seL4_CPtr slot = slot_alloc();
    seL4_MessageInfo_t info;
#define DELETE_AT(index, depth)                                                   \
    raw_invoke(ROOT, CNodeDelete, 0, NULL, 2, (seL4_Word[]){(index), (depth)})
    /* A set bit in the guard: GuardMismatch(bitsLeft 64, guardFound 0, bitsFound 48). */
    info = DELETE_AT(1ul << ROOT_RADIX, ROOT_DEPTH);
    EXPECT_REPLY(info, seL4_FailedLookup, 5, 0, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    info = DELETE_AT(~0ul, ROOT_DEPTH);
    EXPECT_REPLY(info, seL4_FailedLookup, 5, 0, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    /* Fewer bits than the guard: GuardMismatch(bitsLeft 40, 0, 48). */
    info = DELETE_AT(slot, 40);
    EXPECT_REPLY(info, seL4_FailedLookup, 5, 0, seL4_GuardMismatch, 40, 0, ROOT_GUARD_BITS);
    /* Guard matches but the level needs 64 bits: DepthMismatch(bitsLeft, bitsFound 64). */
    info = DELETE_AT(0, 63);
    EXPECT_REPLY(info, seL4_FailedLookup, 4, 0, seL4_DepthMismatch, 63, 64);
    info = DELETE_AT(0, ROOT_GUARD_BITS);
    EXPECT_REPLY(info, seL4_FailedLookup, 4, 0, seL4_DepthMismatch, ROOT_GUARD_BITS, 64);
    /* Depth 48 with a non-zero index: the 48 bits are all guard, and they mismatch. */
    info = DELETE_AT(5, ROOT_GUARD_BITS);
    EXPECT_REPLY(info, seL4_FailedLookup, 5, 0, seL4_GuardMismatch, ROOT_GUARD_BITS, 0,
                 ROOT_GUARD_BITS);
#undef DELETE_AT
    /* The same through the stubs (MRs 0..3 copied back, MR4 from the buffer). */
    EXPECT_ERR_MRS(seL4_CNode_Revoke(ROOT, 1ul << 20, ROOT_DEPTH), seL4_FailedLookup, 0,
                   seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    EXPECT_ERR_MRS(seL4_CNode_SaveCaller(ROOT, 0, 63), seL4_FailedLookup, 0, seL4_DepthMismatch, 63,
                   64);
    EXPECT_TAG(slot, TAG_NULL);
    /* Two levels: the walk reaches a non-CNode cap with bits left over. */
    seL4_CPtr cnode, ep;
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    EXPECT_OK(seL4_CNode_Copy(cnode, 3, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    info = raw_invoke(cnode, CNodeDelete, 0, NULL, 2, (seL4_Word[]){0x3f, 8});
    EXPECT_REPLY(info, seL4_FailedLookup, 4, 0, seL4_DepthMismatch, 4, 0);
    EXPECT_ERR_MRS(seL4_CNode_Delete(cnode, 0x3f, 8), seL4_FailedLookup, 0, seL4_DepthMismatch, 4,
                   0);
    SYSTEST_CHECK(cap_tag_in(cnode, 3, 4) == TAG_ENDPOINT);
    return NULL;
}

/* Copy/Mint/Move/Mutate need 4 words and the source root: TruncatedMessage;
 * the destination lookup comes first; the per-label length (rights, badge)
 * is checked only after the destination and source checks. */
SCRATCH_TEST(CNODEERR0005)
{
    seL4_CPtr src, occupied, dest = slot_alloc(), empty = slot_alloc();
    TCB(&src);
    TCB(&occupied);
    seL4_CPtr caps[] = {ROOT, ROOT};
    seL4_MessageInfo_t info;
    for (seL4_Word label = CNodeCopy; label <= CNodeMutate; label++) {
        seL4_Word words[] = {dest, ROOT_DEPTH, src, ROOT_DEPTH, 0xf, 0};
        info = raw_invoke(ROOT, label, 1, caps, 3, words);
        EXPECT_REPLY0(info, seL4_TruncatedMessage);
        info = raw_invoke(ROOT, label, 0, caps, 6, words);
        EXPECT_REPLY0(info, seL4_TruncatedMessage);
        /* A bad destination wins over the truncation. */
        seL4_Word bad_dest[] = {dest, 0, src, ROOT_DEPTH};
        info = raw_invoke(ROOT, label, 0, caps, 3, bad_dest);
        EXPECT_REPLY(info, seL4_RangeError, 2, 1, ROOT_DEPTH);
        EXPECT_TAG(dest, TAG_NULL);
        EXPECT_TAG(src, TAG_THREAD);
    }
    /* Copy without rights, Mint without badge, Mutate without data: Truncated... */
    struct {
        seL4_Word label, len;
    } shortm[] = {{CNodeCopy, 4}, {CNodeMint, 5}, {CNodeMint, 4}, {CNodeMutate, 4}};
    for (unsigned i = 0; i < sizeof(shortm) / sizeof(shortm[0]); i++) {
        seL4_Word words[] = {dest, ROOT_DEPTH, src, ROOT_DEPTH, 0xf};
        info = raw_invoke(ROOT, shortm[i].label, 1, caps, shortm[i].len, words);
        EXPECT_REPLY0(info, seL4_TruncatedMessage);
        EXPECT_TAG(dest, TAG_NULL);
        /* ...but only after an occupied destination and an empty source are reported. */
        seL4_Word to_occupied[] = {occupied, ROOT_DEPTH, src, ROOT_DEPTH, 0xf};
        info = raw_invoke(ROOT, shortm[i].label, 1, caps, shortm[i].len, to_occupied);
        EXPECT_REPLY0(info, seL4_DeleteFirst);
        seL4_Word from_empty[] = {dest, ROOT_DEPTH, empty, ROOT_DEPTH, 0xf};
        info = raw_invoke(ROOT, shortm[i].label, 1, caps, shortm[i].len, from_empty);
        EXPECT_REPLY(info, seL4_FailedLookup, 3, 1, seL4_MissingCapability, ROOT_DEPTH);
    }
    /* Move needs nothing more than 4 words. */
    seL4_Word words[] = {dest, ROOT_DEPTH, src, ROOT_DEPTH};
    info = raw_invoke(ROOT, CNodeMove, 1, caps, 4, words);
    EXPECT_REPLY0(info, seL4_NoError);
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(src, TAG_NULL);
    /* Rotate needs 8 words and both extra caps. */
    seL4_Word rot[] = {src, ROOT_DEPTH, 0, dest, ROOT_DEPTH, 0, occupied, ROOT_DEPTH};
    info = raw_invoke(ROOT, CNodeRotate, 2, caps, 7, rot);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    info = raw_invoke(ROOT, CNodeRotate, 1, caps, 8, rot);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    EXPECT_TAG(src, TAG_NULL);
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(occupied, TAG_THREAD);
    return NULL;
}

/* Source lookup of Copy/Mint/Move/Mutate: FailedLookup with MR0 = 1.  A source
 * root that is not a CNode cap (endpoint, TCB, empty slot) is InvalidRoot;
 * depth out of 1..64 is RangeError(1, 64).  All after the destination checks. */
SCRATCH_TEST(CNODEERR0006)
{
    seL4_CPtr src, ep, occupied, dest = slot_alloc(), empty = slot_alloc(), cnode;
    TCB(&src);
    TCB(&occupied);
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    const seL4_CPtr bad_roots[] = {ep, src, empty, seL4_CapNull};
    for (unsigned i = 0; i < sizeof(bad_roots) / sizeof(bad_roots[0]); i++) {
        EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, bad_roots[i], src, ROOT_DEPTH,
                                       seL4_AllRights),
                       seL4_FailedLookup, 1, seL4_InvalidRoot);
        EXPECT_ERR_MRS(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, bad_roots[i], src, ROOT_DEPTH),
                       seL4_FailedLookup, 1, seL4_InvalidRoot);
        /* An occupied destination is reported first. */
        EXPECT_ERR(seL4_CNode_Mint(ROOT, occupied, ROOT_DEPTH, bad_roots[i], src, ROOT_DEPTH,
                                   seL4_AllRights, 0),
                   seL4_DeleteFirst);
    }
    /* Exact reply length of InvalidRoot: 2 words. */
    seL4_MessageInfo_t info = raw_invoke(ROOT, CNodeCopy, 1, (seL4_CPtr[]){ep}, 5,
                                         (seL4_Word[]){dest, ROOT_DEPTH, src, ROOT_DEPTH, 0xf});
    EXPECT_REPLY(info, seL4_FailedLookup, 2, 1, seL4_InvalidRoot);
    /* The root's type is checked before the depth. */
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ep, src, 0, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_InvalidRoot);
    /* Source depth out of range. */
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, src, 0, seL4_AllRights),
                   seL4_RangeError, 1, ROOT_DEPTH);
    EXPECT_ERR_MRS(seL4_CNode_Mutate(ROOT, dest, ROOT_DEPTH, ROOT, src, 65, 0), seL4_RangeError, 1,
                   ROOT_DEPTH);
    /* Guard and depth mismatches on the source side. */
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, src | (1ul << 40), ROOT_DEPTH,
                                   seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    EXPECT_ERR_MRS(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, ROOT, 0, 63), seL4_FailedLookup, 1,
                   seL4_DepthMismatch, 63, 64);
    /* An empty source slot: MissingCapability(bitsLeft = the source depth). */
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 3, 4, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_MissingCapability, 4);
    info = raw_invoke(ROOT, CNodeMove, 1, (seL4_CPtr[]){cnode}, 4,
                      (seL4_Word[]){dest, ROOT_DEPTH, 3, 4});
    EXPECT_REPLY(info, seL4_FailedLookup, 3, 1, seL4_MissingCapability, 4);
    /* A source reached through a second level, with bits left over after a non-CNode cap. */
    EXPECT_OK(seL4_CNode_Copy(cnode, 2, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 0x2a, 8, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_DepthMismatch, 4, 0);
    /* And the good source from that CNode works. */
    EXPECT_OK(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 2, 4, seL4_AllRights));
    EXPECT_TAG(dest, TAG_ENDPOINT);
    return NULL;
}

/*
 * CSPACE: CSpace address resolution (seL4 src/kernel/cspace.c
 * resolveAddressBits, lookupSlotForCNodeOp) through multi-level CSpaces
 * built from retyped CNodes, observed through CNode-operation lookups.
 *
 * The root task cannot switch its own CSpace root (TCB_SetSpace comes
 * later), and its root CNode resolves all 64 bits in one level, so these
 * tests resolve paths explicitly: a CNode cap as the source root of
 * CNode_Copy, with a depth.
 */
#include <sel4/sel4.h>

#include "helpers.h"

#define CHAIN_LEVELS seL4_WordBits

/*
 * The failure expected when resolving `cptr` (64 bits) from the first of
 * the 64 one-bit CNodes of CSPACE0001, where CNode j holds the next one in
 * slot (j & 1) and the last one holds the endpoint in slot 1: the walk reads
 * bit 63 - j at level j.  Leaving the chain at level j < 63 reaches an empty
 * slot with 63 - j bits left (DepthMismatch, bitsFound 0); leaving it at the
 * last level names an empty slot (MissingCapability, bitsLeft = depth).
 * Returns false if `cptr` is the endpoint's address.
 */
static bool chain_failure(seL4_Word cptr, seL4_Word *type, seL4_Word *bits_left)
{
    for (seL4_Word j = 0; j < CHAIN_LEVELS; j++) {
        seL4_Word bit = (cptr >> (CHAIN_LEVELS - 1 - j)) & 1;
        if (bit != (j & 1)) {
            if (j == CHAIN_LEVELS - 1) {
                *type = seL4_MissingCapability;
                *bits_left = CHAIN_LEVELS;
            } else {
                *type = seL4_DepthMismatch;
                *bits_left = CHAIN_LEVELS - 1 - j;
            }
            return true;
        }
    }
    return false;
}

/* Check that copying from (first CNode, cptr, 64) fails as chain_failure predicts. */
static const char *check_chain_path(seL4_CPtr first, seL4_CPtr dest, seL4_Word cptr)
{
    seL4_Word type = 0, bits_left = 0;
    if (!chain_failure(cptr, &type, &bits_left)) {
        return systest_reason("%#lx unexpectedly names the endpoint", (unsigned long)cptr);
    }
    mr_poison();
    seL4_Error err = seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, first, cptr, CHAIN_LEVELS,
                                     seL4_AllRights);
    seL4_Word mrs[4] = {1, type, bits_left, 0};
    int n = type == seL4_DepthMismatch ? 4 : 3;
    const char *why = check_error(__FILE__, __LINE__, err, seL4_FailedLookup, mrs, n);
    if (why) {
        /* why lives in systest_reason's buffer: copy it out before reusing that. */
        char detail[200];
        snprintf(detail, sizeof(detail), "%s", why);
        return systest_reason("path %#lx: %s", (unsigned long)cptr, detail);
    }
    return NULL;
}

/* sel4test CSPACE0001 through CNode lookups: 64 one-bit CNodes chained into
 * alternating slots resolve the endpoint only along the full path 0x5555...;
 * each prefix names a CNode; every other path fails where it leaves the chain.
 * Revoking the untyped then tears down the 64-deep chain of CNodes. */
SCRATCH_TEST(CSPACE0001)
{
    seL4_CPtr ut, cnodes, ep, dest = slot_alloc();
    TRY(untyped_new(13, &ut));
    TRY(objects_new(ut, seL4_CapTableObject, 1, CHAIN_LEVELS, &cnodes));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    seL4_Word slot = 0, ep_pos = 1;
    for (seL4_Word i = 1; i < CHAIN_LEVELS; i++) {
        EXPECT_OK(seL4_CNode_Copy(cnodes + i - 1, slot, 1, ROOT, cnodes + i, ROOT_DEPTH,
                                  seL4_AllRights));
        ep_pos |= slot << i;
        slot ^= 1;
    }
    EXPECT_OK(seL4_CNode_Copy(cnodes + CHAIN_LEVELS - 1, slot, 1, ROOT, ep, ROOT_DEPTH,
                              seL4_AllRights));
    SYSTEST_CHECK(ep_pos == 0x5555555555555555ul);

    EXPECT_OK(
        seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnodes, ep_pos, CHAIN_LEVELS, seL4_AllRights));
    EXPECT_TAG(dest, TAG_ENDPOINT);
    EXPECT_OK(seL4_CNode_Delete(ROOT, dest, ROOT_DEPTH));
    for (seL4_Word depth = 1; depth < CHAIN_LEVELS; depth++) {
        seL4_Word tag = cap_tag_in(cnodes, ep_pos >> (CHAIN_LEVELS - depth), depth);
        if (tag != TAG_CNODE) {
            return systest_reason("prefix of depth %lu: tag %lu", (unsigned long)depth,
                                  (unsigned long)tag);
        }
    }
    for (seL4_Word i = 0; i < CHAIN_LEVELS; i++) {
        TRY(check_chain_path(cnodes, dest, i));
        TRY(check_chain_path(cnodes, dest, ep_pos ^ (1ul << i)));
    }
    EXPECT_TAG(dest, TAG_NULL);

    /* Tear the chain down through the untyped; all of its memory comes back. */
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    for (seL4_Word i = 0; i < CHAIN_LEVELS; i++) {
        EXPECT_TAG(cnodes + i, TAG_NULL);
    }
    EXPECT_TAG(ep, TAG_NULL);
    seL4_CPtr again;
    TRY(objects_new(ut, seL4_CapTableObject, 2, CHAIN_LEVELS, &again));
    EXPECT_TAG(again + CHAIN_LEVELS - 1, TAG_CNODE);
    return NULL;
}

/* Three levels with guards: L1 (radix 2, guard 0b101), L2 (radix 3, guard
 * 0b10), L3 (radix 4, no guard).  A 14-bit path reaches the endpoint; each
 * kind of wrong path fails with the lookup failure of the level it breaks. */
SCRATCH_TEST(CSPACE0002)
{
    seL4_CPtr l1, l2, l3, ep, ut, l1g, dest = slot_alloc();
    TRY(pool_object(seL4_CapTableObject, 2, &l1));
    TRY(pool_object(seL4_CapTableObject, 3, &l2));
    TRY(pool_object(seL4_CapTableObject, 4, &l3));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(untyped_new(12, &ut));
    TRY(mint_new(l1, seL4_AllRights, seL4_CNode_CapData_new(0x5, 3).words[0], &l1g));
    EXPECT_OK(seL4_CNode_Mint(l1, 1, 2, ROOT, l2, ROOT_DEPTH, seL4_AllRights,
                              seL4_CNode_CapData_new(0x2, 2).words[0]));
    EXPECT_OK(seL4_CNode_Copy(l2, 6, 3, ROOT, l3, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(l3, 9, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    /* [guard 101][slot 01] [guard 10][slot 110] [slot 1001] */
    const seL4_Word path = (0x5ul << 11) | (0x1ul << 9) | (0x2ul << 7) | (0x6ul << 4) | 0x9;

    SYSTEST_CHECK(cap_tag_in(l1g, path, 14) == TAG_ENDPOINT);
    SYSTEST_CHECK(cap_tag_in(l1g, path >> 4, 10) == TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(l1g, path >> 9, 5) == TAG_CNODE);
#define COPY_FROM(index, depth)                                                   \
    seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, l1g, (index), (depth), seL4_AllRights)
    /* Level 1 guard wrong. */
    EXPECT_ERR_MRS(COPY_FROM(path ^ (1ul << 12), 14), seL4_FailedLookup, 1, seL4_GuardMismatch, 14,
                   0x5, 3);
    /* Level 2 guard wrong: 9 bits left at L2. */
    EXPECT_ERR_MRS(COPY_FROM(path ^ (1ul << 7), 14), seL4_FailedLookup, 1, seL4_GuardMismatch, 9,
                   0x2, 2);
    /* Ends inside L3 (2 bits left, L3 needs 4). */
    EXPECT_ERR_MRS(COPY_FROM(path >> 2, 12), seL4_FailedLookup, 1, seL4_DepthMismatch, 2, 4);
    /* Ends inside L1 (4 bits, L1 needs 5) and inside L1's guard (2 bits, guard is 3). */
    EXPECT_ERR_MRS(COPY_FROM(path >> 10, 4), seL4_FailedLookup, 1, seL4_DepthMismatch, 4, 5);
    EXPECT_ERR_MRS(COPY_FROM(path >> 12, 2), seL4_FailedLookup, 1, seL4_GuardMismatch, 2, 0x5, 3);
    /* Past the endpoint: 2 bits left over after a non-CNode cap. */
    EXPECT_ERR_MRS(COPY_FROM(path << 2, 16), seL4_FailedLookup, 1, seL4_DepthMismatch, 2, 0);
    /* Off the path at L2: an empty slot with 4 bits left. */
    EXPECT_ERR_MRS(COPY_FROM(path ^ (1ul << 4), 14), seL4_FailedLookup, 1, seL4_DepthMismatch, 4,
                   0);
    /* Off the path at L3: an empty slot at the end of the path. */
    EXPECT_ERR_MRS(COPY_FROM(path ^ 1, 14), seL4_FailedLookup, 1, seL4_MissingCapability, 14);
#undef COPY_FROM
    EXPECT_TAG(dest, TAG_NULL);

    /* The same path as a Retype destination (L3 at depth 10) and a CNode operation's target. */
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, l1g, path >> 4, 10, 3, 1));
    SYSTEST_CHECK(cap_tag_in(l3, 3, 4) == TAG_ENDPOINT);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, l1g, path >> 5, 9, 3, 1),
                   seL4_FailedLookup, 0, seL4_DepthMismatch, 4, 5);
    EXPECT_OK(seL4_CNode_Delete(l1g, path, 14));
    SYSTEST_CHECK(cap_tag_in(l3, 9, 4) == TAG_NULL);
    return NULL;
}

/* A CNode holding a cap to itself: paths loop through it at any depth that is
 * a multiple of its radix, other depths fail; once only the inner cap is left
 * the CNode is reachable only through itself, and revoking its untyped must
 * still destroy it (seL4's cyclic zombie) and give all the memory back. */
SCRATCH_TEST(CSPACE0003)
{
    seL4_CPtr ut, cnode, again, dest = slot_alloc();
    TRY(untyped_new(seL4_SlotBits + 4, &ut));
    TRY(object_new(ut, seL4_CapTableObject, 4, &cnode));
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 4, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 4) == TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 8) == TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 64) == TAG_CNODE);
    SYSTEST_CHECK(cap_tag_in(cnode, 1, 64) == TAG_NULL);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 0, 6, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_DepthMismatch, 2, 4);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 0x10, 8, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_DepthMismatch, 4, 0);
    /* Delete the outside cap: not the last one, so the CNode survives, unreachable. */
    EXPECT_OK(seL4_CNode_Delete(ROOT, cnode, ROOT_DEPTH));
    EXPECT_TAG(cnode, TAG_NULL);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_CapTableObject, 4, ROOT, 0, 0, dest, 1),
                   seL4_NotEnoughMemory, 0);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    TRY(object_new(ut, seL4_CapTableObject, 4, &again));
    for (seL4_Word i = 0; i < 16; i++) {
        SYSTEST_CHECK(cap_tag_in(again, i, 4) == TAG_NULL);
    }
    return NULL;
}

/* A one-level CNode with a 56-bit guard resolves exactly 64 bits; the
 * GuardMismatch reply carries the whole guard and its size. */
SCRATCH_TEST(CSPACE0004)
{
    const seL4_Word guard = 0xabcdef0123456ul;
    seL4_CPtr cnode, ep, g, dest = slot_alloc();
    TRY(pool_object(seL4_CapTableObject, 8, &cnode));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(mint_new(cnode, seL4_AllRights, seL4_CNode_CapData_new(guard, 56).words[0], &g));
    EXPECT_OK(seL4_CNode_Copy(g, (guard << 8) | 0x42, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH,
                              seL4_AllRights));
    SYSTEST_CHECK(cap_tag_in(cnode, 0x42, 8) == TAG_ENDPOINT);
    SYSTEST_CHECK(cap_tag_in(g, (guard << 8) | 0x42, 64) == TAG_ENDPOINT);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, g, ((guard ^ 1) << 8) | 0x42, 64,
                                   seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 64, guard, 56);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, g, 0x42, 8, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_GuardMismatch, 8, guard, 56);
    EXPECT_ERR_MRS(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, g, guard, 56, seL4_AllRights),
                   seL4_FailedLookup, 1, seL4_DepthMismatch, 56, 64);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

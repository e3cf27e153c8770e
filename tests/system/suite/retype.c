/*
 * RETYPE0000-0002: sel4test's untyped tests (inc_untyped.c) with the reply
 * MRs checked; RETYPEERR0001-0006: Untyped_Retype's decode checks in seL4's
 * order (src/object/untyped.c decodeUntypedInvocation): label, length,
 * object type, size, per-type minimum sizes, destination CNode lookup.
 */
#include <sel4/sel4.h>

#include "helpers.h"

/* Retype into the CNode in root slot `cnode` (named through the root CNode at depth 64). */
static seL4_Error retype_into(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr cnode,
                              seL4_Word offset, seL4_Word num)
{
    return seL4_Untyped_Retype(ut, type, size_bits, ROOT, cnode, ROOT_DEPTH, offset, num);
}

/* sel4test RETYPE0000: a 2^(TCBBits+3) untyped and a 4-slot CNode.  num 0 →
 * RangeError(1, fan-out limit); windows past the CNode → RangeError; slots
 * already used → DeleteFirst; after deleting, one call fills 3 slots and
 * then only the last slot is free. */
SCRATCH_TEST(RETYPE0000)
{
    seL4_CPtr cnode, ut;
    TRY(pool_object(seL4_CapTableObject, 2, &cnode));
    TRY(untyped_new(seL4_TCBBits + 3, &ut));

    EXPECT_ERR_MRS(retype_into(ut, seL4_TCBObject, 0, cnode, 1, 0), seL4_RangeError, 1,
                   CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR_MRS(retype_into(ut, seL4_TCBObject, 0, cnode, 3, 2), seL4_RangeError, 1, 1);
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_OK(retype_into(ut, seL4_TCBObject, 0, cnode, i, 1));
    }
    EXPECT_ERR_MRS(retype_into(ut, seL4_TCBObject, 0, cnode, 4, 2), seL4_RangeError, 0, 3);
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_ERR(retype_into(ut, seL4_TCBObject, 0, cnode, i, 1), seL4_DeleteFirst);
    }
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_OK(seL4_CNode_Delete(cnode, i, 2));
    }
    EXPECT_ERR_MRS(retype_into(ut, seL4_TCBObject, 0, cnode, 0, 1u << 31), seL4_RangeError, 1,
                   CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR_MRS(retype_into(ut, seL4_TCBObject, 0, cnode, 0, 5), seL4_RangeError, 1, 4);
    EXPECT_OK(retype_into(ut, seL4_TCBObject, 0, cnode, 0, 3));
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_ERR(retype_into(ut, seL4_TCBObject, 0, cnode, i, 1),
                   i == 3 ? seL4_NoError : seL4_DeleteFirst);
    }
    for (seL4_Word i = 0; i < 4; i++) {
        SYSTEST_CHECK(cap_tag_in(cnode, i, 2) == TAG_THREAD);
    }
    return NULL;
}

/* sel4test RETYPE0001: CNodes larger than a 2^13 untyped never fit — RangeError(0, 47)
 * beyond seL4_MaxUntypedBits, else NotEnoughMemory with MR0 = 8192; the exact size fits.
 * The destination is the root CNode named by the slot holding its own cap. */
SCRATCH_TEST(RETYPE0001)
{
    seL4_CPtr ut, dest = slot_alloc();
    const seL4_Word bits = 13;
    TRY(untyped_new(bits, &ut));
    for (seL4_Word i = 40; i > 0; i--) {
        seL4_Word size = bits - seL4_SlotBits + i;
        if (bits + i > seL4_MaxUntypedBits) {
            EXPECT_ERR_MRS(retype_into(ut, seL4_CapTableObject, size, ROOT, dest, 1),
                           seL4_RangeError, 0, seL4_MaxUntypedBits);
        } else {
            EXPECT_ERR_MRS(retype_into(ut, seL4_CapTableObject, size, ROOT, dest, 1),
                           seL4_NotEnoughMemory, 1ul << bits);
        }
        EXPECT_TAG(dest, TAG_NULL);
    }
    EXPECT_OK(retype_into(ut, seL4_CapTableObject, bits - seL4_SlotBits, ROOT, dest, 1));
    EXPECT_TAG(dest, TAG_CNODE);
    return NULL;
}

/* sel4test RETYPE0002: a 2^16 untyped takes exactly 16 4K frames; 2^20 objects
 * is a RangeError(1, 256); a window over a used slot is DeleteFirst (before the
 * memory check); a 17th frame is NotEnoughMemory with MR0 = 0. */
SCRATCH_TEST(RETYPE0002)
{
    seL4_CPtr ut, slot = slots_alloc(17);
    TRY(untyped_new(16, &ut));
    for (seL4_Word i = 0; i < 16; i++) {
        EXPECT_OK(retype_into(ut, seL4_X86_4K, 0, ROOT, slot + i, 1));
        EXPECT_TAG(slot + i, TAG_FRAME);
    }
    EXPECT_ERR_MRS(retype_into(ut, seL4_X86_4K, 0, ROOT, slot + 16, 1024 * 1024), seL4_RangeError,
                   1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR(retype_into(ut, seL4_X86_4K, 0, ROOT, slot, 8), seL4_DeleteFirst);
    EXPECT_ERR_MRS(retype_into(ut, seL4_X86_4K, 0, ROOT, slot + 16, 1), seL4_NotEnoughMemory, 0);
    EXPECT_TAG(slot + 16, TAG_NULL);
    return NULL;
}

/* An untyped cap invoked with any label but UntypedRetype: IllegalOperation,
 * empty reply — checked before the message length. */
SCRATCH_TEST(RETYPEERR0001)
{
    static const seL4_Word labels[] = {InvalidInvocation, CNodeCopy, CNodeDelete, TCBSuspend,
                                       UntypedRetype + 1, nArchInvocationLabels, 0xfffff};
    seL4_CPtr ut, dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    seL4_CPtr caps[] = {ROOT};
    seL4_Word words[] = {seL4_EndpointObject, 0, 0, 0, dest, 1};
    for (unsigned i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        seL4_MessageInfo_t info = raw_invoke(ut, labels[i], 1, caps, 6, words);
        EXPECT_REPLY0(info, seL4_IllegalOperation);
        info = raw_invoke(ut, labels[i], 0, caps, 0, words);
        EXPECT_REPLY0(info, seL4_IllegalOperation);
    }
    EXPECT_ERR(seL4_CNode_Delete(ut, 0, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Retype needs 6 words and the root cap: TruncatedMessage, empty reply. */
SCRATCH_TEST(RETYPEERR0002)
{
    seL4_CPtr ut, dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    seL4_CPtr caps[] = {ROOT};
    seL4_Word words[] = {seL4_EndpointObject, 0, 0, 0, dest, 1};
    for (seL4_Word len = 0; len < 6; len++) {
        seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 1, caps, len, words);
        EXPECT_REPLY0(info, seL4_TruncatedMessage);
    }
    seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 0, caps, 6, words);
    EXPECT_REPLY0(info, seL4_TruncatedMessage);
    EXPECT_TAG(dest, TAG_NULL);
    /* The complete message works. */
    info = raw_invoke(ut, UntypedRetype, 1, caps, 6, words);
    EXPECT_REPLY0(info, seL4_NoError);
    EXPECT_TAG(dest, TAG_ENDPOINT);
    return NULL;
}

/* An object type ≥ seL4_ObjectTypeCount (12 here: no IOMMU, no VT-x) is
 * InvalidArgument(0), checked before the size and the destination. */
SCRATCH_TEST(RETYPEERR0003)
{
    static const seL4_Word types[] = {seL4_ObjectTypeCount, seL4_ObjectTypeCount + 1,
                                      seL4_X86_IOPageTableObject, seL4_X86_VCPUObject,
                                      seL4_X86_EPTPML4Object, 0x7fffffff, ~0ul};
    seL4_CPtr ut, occupied, dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    TRY(object_new(ut, seL4_EndpointObject, 0, &occupied));
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, types[i], 0, ROOT, 0, 0, dest, 1),
                       seL4_InvalidArgument, 0);
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, types[i], 64, ROOT, 0, 65, occupied, 0),
                       seL4_InvalidArgument, 0);
    }
    seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){ROOT}, 6,
                                         (seL4_Word[]){seL4_ObjectTypeCount, 0, 0, 0, dest, 1});
    EXPECT_REPLY(info, seL4_InvalidArgument, 1, 0);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* size_bits ≥ 64 or an object bigger than 2^47 is RangeError(0, 47), checked
 * before the destination; fixed-size types ignore any size_bits below 64. */
SCRATCH_TEST(RETYPEERR0004)
{
    static const struct {
        seL4_Word type, size;
    } too_big[] = {
        {seL4_UntypedObject, 48},  {seL4_UntypedObject, 63}, {seL4_UntypedObject, 64},
        {seL4_UntypedObject, ~0ul}, {seL4_CapTableObject, 43}, {seL4_CapTableObject, 59},
        {seL4_CapTableObject, 64}, {seL4_TCBObject, 64},     {seL4_EndpointObject, 100},
        {seL4_X86_4K, 64},         {seL4_X64_PML4Object, ~0ul},
    };
    seL4_CPtr ut, dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    for (unsigned i = 0; i < sizeof(too_big) / sizeof(too_big[0]); i++) {
        EXPECT_ERR_MRS(
            seL4_Untyped_Retype(ut, too_big[i].type, too_big[i].size, ROOT, 0, 0, dest, 1),
            seL4_RangeError, 0, seL4_MaxUntypedBits);
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, too_big[i].type, too_big[i].size, ROOT, 0, 65,
                                           dest, 0),
                       seL4_RangeError, 0, seL4_MaxUntypedBits);
    }
    EXPECT_TAG(dest, TAG_NULL);
    /* 2^47-byte objects pass the size check and fail for memory. */
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_UntypedObject, 47, ROOT, 0, 0, dest, 1),
                   seL4_NotEnoughMemory, 1ul << 12);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_CapTableObject, 42, ROOT, 0, 0, dest, 1),
                   seL4_NotEnoughMemory, 1ul << 12);
    /* Fixed-size objects: size_bits up to 63 is ignored. */
    seL4_CPtr more = slot_alloc();
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_TCBObject, 63, ROOT, 0, 0, dest, 1));
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 47, ROOT, 0, 0, more, 1));
    EXPECT_TAG(more, TAG_ENDPOINT);
    return NULL;
}

/* A CapTable of size 0 and an Untyped below 2^4 are InvalidArgument(1),
 * checked before the destination; the smallest legal sizes work. */
SCRATCH_TEST(RETYPEERR0005)
{
    seL4_CPtr ut, dest = slot_alloc(), dest2 = slot_alloc();
    TRY(untyped_new(12, &ut));
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_CapTableObject, 0, ROOT, 0, 0, dest, 1),
                   seL4_InvalidArgument, 1);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_CapTableObject, 0, ROOT, 0, 65, dest, 0),
                   seL4_InvalidArgument, 1);
    for (seL4_Word size = 0; size < seL4_MinUntypedBits; size++) {
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_UntypedObject, size, ROOT, 0, 0, dest, 1),
                       seL4_InvalidArgument, 1);
    }
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(
        seL4_Untyped_Retype(ut, seL4_UntypedObject, seL4_MinUntypedBits, ROOT, 0, 0, dest, 1));
    EXPECT_TAG(dest, TAG_UNTYPED);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, dest2, 1));
    EXPECT_TAG(dest2, TAG_CNODE);
    return NULL;
}

/* The destination CNode: node_depth 0 means the root cap itself (node_index
 * ignored); otherwise (root, node_index, node_depth) must name a slot holding
 * a CNode cap.  Failures are FailedLookup with MR0 = 0; a slot without a CNode
 * cap is MissingCapability(bitsLeft = node_depth). */
SCRATCH_TEST(RETYPEERR0006)
{
    seL4_CPtr ut, ep, tcb, cnode, outer, empty = slot_alloc(), dest = slot_alloc();
    TRY(untyped_new(14, &ut));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    TRY(object_new(ut, seL4_TCBObject, 0, &tcb));
    TRY(object_new(ut, seL4_CapTableObject, 3, &cnode));
    TRY(object_new(ut, seL4_CapTableObject, 4, &outer));
    const seL4_Word ept = seL4_EndpointObject;

    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, cnode, 65, 0, 1), seL4_RangeError, 1, 64);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, cnode, ~0ul, 0, 1), seL4_RangeError, 1,
                   64);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, 1ul << 16, ROOT_DEPTH, 0, 1),
                   seL4_FailedLookup, 0, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, 0, 63, 0, 1), seL4_FailedLookup, 0,
                   seL4_DepthMismatch, 63, 64);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, empty, ROOT_DEPTH, 0, 1),
                   seL4_FailedLookup, 0, seL4_MissingCapability, ROOT_DEPTH);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ROOT, ep, ROOT_DEPTH, 0, 1),
                   seL4_FailedLookup, 0, seL4_MissingCapability, ROOT_DEPTH);
    /* A root that is not a CNode: InvalidRoot with a depth, MissingCapability(0) with depth 0. */
    const seL4_CPtr bad_roots[] = {ep, tcb, empty, seL4_CapNull};
    for (unsigned i = 0; i < sizeof(bad_roots) / sizeof(bad_roots[0]); i++) {
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, bad_roots[i], 0, ROOT_DEPTH, 0, 1),
                       seL4_FailedLookup, 0, seL4_InvalidRoot);
        EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, bad_roots[i], ~0ul, 0, 0, 1),
                       seL4_FailedLookup, 0, seL4_MissingCapability, 0);
    }
    /* The root's type is checked before the depth. */
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, ep, 0, 65, 0, 1), seL4_FailedLookup, 0,
                   seL4_InvalidRoot);
    seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){ep}, 6,
                                         (seL4_Word[]){ept, 0, 0, ROOT_DEPTH, 0, 1});
    EXPECT_REPLY(info, seL4_FailedLookup, 2, 0, seL4_InvalidRoot);
    info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){ep}, 6,
                      (seL4_Word[]){ept, 0, 0, 0, 0, 1});
    EXPECT_REPLY(info, seL4_FailedLookup, 3, 0, seL4_MissingCapability, 0);
    info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){ROOT}, 6,
                      (seL4_Word[]){ept, 0, 1ul << 16, ROOT_DEPTH, 0, 1});
    EXPECT_REPLY(info, seL4_FailedLookup, 5, 0, seL4_GuardMismatch, 64, 0, ROOT_GUARD_BITS);

    /* Depth 0: the root cap itself, whatever node_index says. */
    EXPECT_OK(seL4_Untyped_Retype(ut, ept, 0, cnode, ~0ul, 0, 5, 1));
    SYSTEST_CHECK(cap_tag_in(cnode, 5, 3) == TAG_ENDPOINT);
    /* Through the root CNode at depth 64, and through a two-level path. */
    EXPECT_OK(seL4_Untyped_Retype(ut, ept, 0, ROOT, cnode, ROOT_DEPTH, 6, 1));
    SYSTEST_CHECK(cap_tag_in(cnode, 6, 3) == TAG_ENDPOINT);
    EXPECT_OK(seL4_CNode_Copy(outer, 2, 4, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_Untyped_Retype(ut, ept, 0, outer, 2, 4, 7, 1));
    SYSTEST_CHECK(cap_tag_in(cnode, 7, 3) == TAG_ENDPOINT);
    /* A path with bits left over after the inner CNode's slot 7 (an endpoint now). */
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, outer, 0x2f, 8, 0, 1), seL4_FailedLookup, 0,
                   seL4_DepthMismatch, 1, 0);
    /* The destination's own root CNode slot when depth 0 names the root CNode. */
    EXPECT_OK(seL4_Untyped_Retype(ut, ept, 0, ROOT, 0, 0, dest, 1));
    EXPECT_TAG(dest, TAG_ENDPOINT);
    return NULL;
}

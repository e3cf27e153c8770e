/*
 * CDT: the capability derivation tree as user level sees it (seL4
 * src/object/cnode.c cteInsert, cteRevoke, isMDBParentOf, cteDelete,
 * src/object/untyped.c): what Revoke deletes, badged caps as children,
 * untyped watermarks and resets, final-cap deletion, and long
 * revoke/retype loops that would show a leak.
 */
#include <sel4/sel4.h>

#include "helpers.h"

#define LOOPS 1000

/* Revoke of an original deletes its copies (copies of copies, reduced-rights
 * copies, copies in other CNodes) and keeps the original; Revoke of a copy
 * deletes nothing (a copy is not revocable). */
SCRATCH_TEST(CDT0001)
{
    seL4_CPtr ep, c1, c2, c3, cnode, r = slot_alloc();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(pool_object(seL4_CapTableObject, 2, &cnode));
    TRY(copy_new(ep, &c1));
    TRY(copy_new(c1, &c2));
    EXPECT_OK(seL4_CNode_Copy(ROOT, r, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_CanRead));
    TRY(mint_new(ep, seL4_AllRights, 0, &c3));
    EXPECT_OK(seL4_CNode_Copy(cnode, 1, 2, ROOT, c1, ROOT_DEPTH, seL4_AllRights));

    EXPECT_OK(seL4_CNode_Revoke(ROOT, c1, ROOT_DEPTH));
    EXPECT_TAG(c1, TAG_ENDPOINT);
    EXPECT_TAG(c2, TAG_ENDPOINT);
    SYSTEST_CHECK(cap_tag_in(cnode, 1, 2) == TAG_ENDPOINT);

    EXPECT_OK(seL4_CNode_Revoke(ROOT, ep, ROOT_DEPTH));
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_TAG(c1, TAG_NULL);
    EXPECT_TAG(c2, TAG_NULL);
    EXPECT_TAG(c3, TAG_NULL);
    EXPECT_TAG(r, TAG_NULL);
    SYSTEST_CHECK(cap_tag_in(cnode, 1, 2) == TAG_NULL);
    EXPECT_TAG(cnode, TAG_CNODE);
    return NULL;
}

/* A badged cap minted from an unbadged one is its child and the parent of
 * its own copies; revoking it keeps caps with other badges and a separately
 * minted cap with the same badge; revoking the unbadged original takes all. */
SCRATCH_TEST(CDT0002)
{
    seL4_CPtr ep, b, bc, bcc, other, same1, same2, bc2;
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(mint_new(ep, seL4_AllRights, 7, &b));
    TRY(copy_new(b, &bc));
    TRY(copy_new(bc, &bcc));
    TRY(mint_new(ep, seL4_AllRights, 8, &other));

    EXPECT_OK(seL4_CNode_Revoke(ROOT, b, ROOT_DEPTH));
    EXPECT_TAG(b, TAG_ENDPOINT);
    EXPECT_TAG(bc, TAG_NULL);
    EXPECT_TAG(bcc, TAG_NULL);
    EXPECT_TAG(other, TAG_ENDPOINT);
    EXPECT_TAG(ep, TAG_ENDPOINT);

    /* Two caps minted with the same badge: each starts its own subtree. */
    TRY(mint_new(ep, seL4_AllRights, 9, &same1));
    TRY(mint_new(ep, seL4_AllRights, 9, &same2));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, same2, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, same1, ROOT_DEPTH));
    EXPECT_TAG(same1, TAG_ENDPOINT);
    EXPECT_TAG(same2, TAG_ENDPOINT);

    /* Deleting a badged parent leaves its copy; the original still revokes it. */
    TRY(copy_new(b, &bc2));
    EXPECT_OK(seL4_CNode_Delete(ROOT, b, ROOT_DEPTH));
    EXPECT_TAG(bc2, TAG_ENDPOINT);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ep, ROOT_DEPTH));
    EXPECT_TAG(bc2, TAG_NULL);
    EXPECT_TAG(other, TAG_NULL);
    EXPECT_TAG(same1, TAG_NULL);
    EXPECT_TAG(same2, TAG_NULL);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    return NULL;
}

/* Revoke of an untyped deletes everything made from it: objects, their
 * copies anywhere, objects inside a child untyped, caps inside its CNodes;
 * the untyped cap stays and its whole memory is free again. */
SCRATCH_TEST(CDT0003)
{
    seL4_CPtr ut, ep, tcb, ntfn, cn, frame, child, grand, epc, outside;
    TRY(untyped_new(16, &ut));
    TRY(pool_object(seL4_CapTableObject, 2, &outside));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    TRY(object_new(ut, seL4_TCBObject, 0, &tcb));
    TRY(object_new(ut, seL4_NotificationObject, 0, &ntfn));
    TRY(object_new(ut, seL4_CapTableObject, 2, &cn));
    TRY(object_new(ut, seL4_X86_4K, 0, &frame));
    TRY(object_new(ut, seL4_UntypedObject, 12, &child));
    TRY(object_new(child, seL4_EndpointObject, 0, &grand));
    TRY(copy_new(ep, &epc));
    EXPECT_OK(seL4_CNode_Copy(outside, 0, 2, ROOT, tcb, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(cn, 1, 2, ROOT, ntfn, ROOT_DEPTH, seL4_AllRights));

    EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    const seL4_CPtr gone[] = {ep, tcb, ntfn, cn, frame, child, grand, epc};
    for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
        EXPECT_TAG(gone[i], TAG_NULL);
    }
    SYSTEST_CHECK(cap_tag_in(outside, 0, 2) == TAG_NULL);
    EXPECT_TAG(ut, TAG_UNTYPED);
    seL4_CPtr frames;
    TRY(objects_new(ut, seL4_X86_4K, 0, 16, &frames));
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, slot_alloc(), 1),
                   seL4_NotEnoughMemory, 0);
    return NULL;
}

/* The watermark: while any child is left it only moves forward (deleting
 * some objects frees nothing); with no children left the next retype resets
 * the untyped and the whole size is available again. */
SCRATCH_TEST(CDT0004)
{
    const seL4_Word n = 1ul << (12 - seL4_EndpointBits);
    seL4_CPtr ut, eps, extra = slot_alloc();
    TRY(untyped_new(12, &ut));
    TRY(objects_new(ut, seL4_EndpointObject, 0, n, &eps));
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, extra, 1),
                   seL4_NotEnoughMemory, 0);
    for (seL4_Word i = 1; i < n; i++) {
        EXPECT_OK(seL4_CNode_Delete(ROOT, eps + i, ROOT_DEPTH));
    }
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, extra, 1),
                   seL4_NotEnoughMemory, 0);
    EXPECT_OK(seL4_CNode_Delete(ROOT, eps, ROOT_DEPTH));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, eps, n));
    EXPECT_TAG(eps + n - 1, TAG_ENDPOINT);
    /* Revoke frees everything at once. */
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    EXPECT_TAG(eps, TAG_NULL);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, eps, 2));
    EXPECT_TAG(eps + 1, TAG_THREAD);
    return NULL;
}

/* LOOPS rounds of: fill a 2^12 untyped with 256 endpoints (the whole of it
 * each time, so nothing leaked), revoke, check the slots are empty. */
SCRATCH_TEST(CDT0005)
{
    const seL4_Word n = 1ul << (12 - seL4_EndpointBits);
    seL4_CPtr ut, eps = slots_alloc(n + 1);
    TRY(untyped_new(12, &ut));
    for (int round = 0; round < LOOPS; round++) {
        seL4_Error err = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, eps, n);
        if (err != seL4_NoError) {
            return systest_reason("round %d: retype of %lu endpoints: %s", round,
                                  (unsigned long)n, error_name(err));
        }
        bool full_check = round % 16 == 0 || round == LOOPS - 1;
        if (full_check) {
            EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, eps + n, 1),
                           seL4_NotEnoughMemory, 0);
        }
        for (seL4_Word i = 0; i < n; i += full_check ? 1 : n - 1) {
            EXPECT_TAG(eps + i, TAG_ENDPOINT);
        }
        EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
        for (seL4_Word i = 0; i < n; i += full_check ? 1 : n - 1) {
            EXPECT_TAG(eps + i, TAG_NULL);
        }
    }
    return NULL;
}

/* LOOPS rounds over every object type: fill a 2^12 untyped with as many
 * objects of the round's type as fit, check, revoke — the same count must fit
 * every time (TCB, CNode and untyped deletion included). */
SCRATCH_TEST(CDT0006)
{
    static const seL4_Word kinds[][4] = {
        /* type, size_bits, object bits, tag */
        {seL4_EndpointObject, 0, seL4_EndpointBits, TAG_ENDPOINT},
        {seL4_NotificationObject, 0, seL4_NotificationBits, TAG_NOTIFICATION},
        {seL4_TCBObject, 0, seL4_TCBBits, TAG_THREAD},
        {seL4_CapTableObject, 1, seL4_SlotBits + 1, TAG_CNODE},
        {seL4_X86_4K, 0, seL4_PageBits, TAG_FRAME},
        {seL4_X86_PageTableObject, 0, seL4_PageTableBits, TAG_PAGE_TABLE},
        {seL4_UntypedObject, 4, 4, TAG_UNTYPED},
        {seL4_CapTableObject, 2, seL4_SlotBits + 2, TAG_CNODE},
        {seL4_X64_PML4Object, 0, seL4_PML4Bits, TAG_PML4},
    };
    const unsigned nkinds = sizeof(kinds) / sizeof(kinds[0]);
    seL4_CPtr ut, objs = slots_alloc(257);
    TRY(untyped_new(12, &ut));
    for (int round = 0; round < LOOPS; round++) {
        const seL4_Word *k = kinds[round % nkinds];
        seL4_Word n = 1ul << (12 - k[2]);
        seL4_Error err = seL4_Untyped_Retype(ut, k[0], k[1], ROOT, 0, 0, objs, n);
        if (err != seL4_NoError) {
            return systest_reason("round %d: retype of %lu objects of type %lu: %s", round,
                                  (unsigned long)n, (unsigned long)k[0], error_name(err));
        }
        EXPECT_TAG(objs, k[3]);
        EXPECT_TAG(objs + n - 1, k[3]);
        EXPECT_TAG(objs + n, TAG_NULL);
        if (round % 50 == 0) {
            EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, k[0], k[1], ROOT, 0, 0, objs + n, 1),
                           seL4_NotEnoughMemory, 0);
        }
        EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
        EXPECT_TAG(objs, TAG_NULL);
        EXPECT_TAG(objs + n - 1, TAG_NULL);
    }
    return NULL;
}

/* LOOPS rounds of: retype a CNode from an untyped, fill all its slots with
 * copies of an endpoint from elsewhere (each Copy succeeding proves the slot
 * was empty, so no cap survives a revoke and reset), revoke the untyped.
 * The endpoint's own derivation tree stays sound throughout. */
SCRATCH_TEST(CDT0007)
{
    seL4_CPtr ut, ep, cn = slot_alloc(), pad = slots_alloc(3), probe;
    TRY(untyped_new(12, &ut));
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    for (int round = 0; round < LOOPS; round++) {
        /* 0..3 endpoints first, so the CNode sits at offset 0 or 512. */
        seL4_Word pads = (seL4_Word)round % 4;
        if (pads > 0) {
            EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, pad, pads));
        }
        seL4_Error err = seL4_Untyped_Retype(ut, seL4_CapTableObject, 4, ROOT, 0, 0, cn, 1);
        if (err != seL4_NoError) {
            return systest_reason("round %d: CNode retype: %s", round, error_name(err));
        }
        for (seL4_Word i = 0; i < 16; i++) {
            err = seL4_CNode_Copy(cn, i, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights);
            if (err != seL4_NoError) {
                return systest_reason("round %d: copy into slot %lu of a new CNode: %s", round,
                                      (unsigned long)i, error_name(err));
            }
        }
        EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
        EXPECT_TAG(cn, TAG_NULL);
    }
    EXPECT_TAG(ep, TAG_ENDPOINT);
    TRY(copy_new(ep, &probe));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ep, ROOT_DEPTH));
    EXPECT_TAG(probe, TAG_NULL);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    return NULL;
}

/* Deleting the last cap to a TCB destroys it; deleting a copy does not.  The
 * runner checks that "cdt0008-victim" is in the dump after the first probe
 * line and not after the second; its memory is then free again. */
SCRATCH_TEST(CDT0008)
{
    seL4_CPtr ut, tcb, copy, again;
    TRY(untyped_new(seL4_TCBBits, &ut));
    TRY(object_new(ut, seL4_TCBObject, 0, &tcb));
    seL4_DebugNameThread(tcb, "cdt0008-victim");
    TRY(copy_new(tcb, &copy));
    EXPECT_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    EXPECT_TAG(tcb, TAG_THREAD);
    printf("CDT0008 probe: TCB alive\n");
    seL4_DebugDumpScheduler();
    EXPECT_OK(seL4_CNode_Delete(ROOT, tcb, ROOT_DEPTH));
    EXPECT_TAG(tcb, TAG_NULL);
    printf("CDT0008 probe: TCB deleted\n");
    seL4_DebugDumpScheduler();
    printf("CDT0008 probe: end\n");
    TRY(object_new(ut, seL4_TCBObject, 0, &again));
    EXPECT_TAG(again, TAG_THREAD);
    return NULL;
}

/* A copy of an untyped is its child: the original is then full (Retype gives
 * NotEnoughMemory(0)) while the copy retypes from a reset; an untyped with
 * children cannot be copied (RevokeFirst) but can be moved, children and all. */
SCRATCH_TEST(CDT0009)
{
    seL4_CPtr ut, uc, ep, moved = slot_alloc(), dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    TRY(copy_new(ut, &uc));
    EXPECT_TAG(uc, TAG_UNTYPED);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1),
                   seL4_NotEnoughMemory, 0);
    TRY(object_new(uc, seL4_EndpointObject, 0, &ep));
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, ut, ROOT_DEPTH, seL4_AllRights),
               seL4_RevokeFirst);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, uc, ROOT_DEPTH, seL4_AllRights),
               seL4_RevokeFirst);
    EXPECT_OK(seL4_CNode_Move(ROOT, moved, ROOT_DEPTH, ROOT, ut, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, moved, ROOT_DEPTH));
    EXPECT_TAG(uc, TAG_NULL);
    EXPECT_TAG(ep, TAG_NULL);
    EXPECT_TAG(moved, TAG_UNTYPED);
    seL4_CPtr eps;
    TRY(objects_new(moved, seL4_EndpointObject, 0, 256, &eps));
    return NULL;
}

/* Move, Mutate and Rotate keep a cap's place in the tree: revoking a moved
 * original still deletes its copies, and a moved copy is still deleted by
 * revoking the original.  Deleting an untyped cap leaves its objects alive. */
SCRATCH_TEST(CDT0010)
{
    seL4_CPtr ep, c1, c2, tcb, tc, frame, ut, obj, m1 = slot_alloc(), m2 = slot_alloc();
    seL4_CPtr r1 = slot_alloc();
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(copy_new(ep, &c1));
    TRY(copy_new(ep, &c2));
    EXPECT_OK(seL4_CNode_Move(ROOT, m1, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_Move(ROOT, m2, ROOT_DEPTH, ROOT, c2, ROOT_DEPTH));
    EXPECT_OK(seL4_CNode_Revoke(ROOT, m1, ROOT_DEPTH));
    EXPECT_TAG(c1, TAG_NULL);
    EXPECT_TAG(m2, TAG_NULL);
    EXPECT_TAG(m1, TAG_ENDPOINT);

    /* Mutate and Rotate a TCB original (a frame as the rotation's pivot). */
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    TRY(pool_object(seL4_X86_4K, 0, &frame));
    TRY(copy_new(tcb, &tc));
    seL4_CPtr mt = slot_alloc();
    EXPECT_OK(seL4_CNode_Mutate(ROOT, mt, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, 0));
    EXPECT_OK(seL4_CNode_Rotate(ROOT, r1, ROOT_DEPTH, 0, ROOT, frame, ROOT_DEPTH, 0, ROOT, mt,
                                ROOT_DEPTH));
    EXPECT_TAG(frame, TAG_THREAD);
    EXPECT_TAG(r1, TAG_FRAME);
    EXPECT_OK(seL4_CNode_Revoke(ROOT, frame, ROOT_DEPTH));
    EXPECT_TAG(tc, TAG_NULL);
    EXPECT_TAG(frame, TAG_THREAD);

    TRY(untyped_new(12, &ut));
    TRY(object_new(ut, seL4_EndpointObject, 0, &obj));
    EXPECT_OK(seL4_CNode_Delete(ROOT, ut, ROOT_DEPTH));
    EXPECT_TAG(obj, TAG_ENDPOINT);
    EXPECT_OK(seL4_CNode_CancelBadgedSends(ROOT, obj, ROOT_DEPTH));
    return NULL;
}

/* Destroying a CNode destroys the caps inside it.  Observed through the
 * watermark: an endpoint moved into the CNode is the only child of its
 * untyped; once the CNode is gone (Delete of its last cap, or Revoke of its
 * own untyped) the endpoint's untyped resets and fits 256 endpoints again. */
SCRATCH_TEST(CDT0011)
{
    const seL4_Word n = 1ul << (12 - seL4_EndpointBits);
    seL4_CPtr p, q, e, c, eps = slots_alloc(n);
    for (int variant = 0; variant < 2; variant++) {
        TRY(untyped_new(12, &p));
        TRY(untyped_new(12, &q));
        TRY(object_new(p, seL4_EndpointObject, 0, &e));
        TRY(object_new(q, seL4_CapTableObject, 2, &c));
        EXPECT_OK(seL4_CNode_Move(c, 3, 2, ROOT, e, ROOT_DEPTH));
        EXPECT_ERR_MRS(seL4_Untyped_Retype(p, seL4_EndpointObject, 0, ROOT, 0, 0, eps, n),
                       seL4_NotEnoughMemory, (1ul << 12) - (1ul << seL4_EndpointBits));
        if (variant == 0) {
            EXPECT_OK(seL4_CNode_Delete(ROOT, c, ROOT_DEPTH));
        } else {
            EXPECT_OK(seL4_CNode_Revoke(ROOT, q, ROOT_DEPTH));
        }
        EXPECT_TAG(c, TAG_NULL);
        EXPECT_OK(seL4_Untyped_Retype(p, seL4_EndpointObject, 0, ROOT, 0, 0, eps, n));
        EXPECT_OK(seL4_CNode_Revoke(ROOT, p, ROOT_DEPTH));
    }
    return NULL;
}

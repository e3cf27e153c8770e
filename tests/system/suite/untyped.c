/*
 * RETYPEERR0007-0012: Untyped_Retype's destination window, slot, memory and
 * device checks, and the order of all its checks (seL4 src/object/untyped.c
 * decodeUntypedInvocation); RETYPEOBJ: every object type, its size and its
 * cap; RETYPETCB0001: the debug name of a retyped TCB (console check).
 */
#include <sel4/sel4.h>

#include "helpers.h"

/* Retype `num` objects into root slots from `offset` on (node_depth 0: the root CNode itself). */
static seL4_Error retype_root(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word offset,
                              seL4_Word num)
{
    return seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, offset, num);
}

/* The destination window: node_offset past the CNode is RangeError(0, slots − 1);
 * num_objects outside 1..256 is RangeError(1, 256); a window running off the end
 * is RangeError(1, slots − offset).  Offset first, then the count. */
SCRATCH_TEST(RETYPEERR0007)
{
    const seL4_Word slots = 1ul << ROOT_RADIX;
    const seL4_Word ept = seL4_EndpointObject;
    seL4_CPtr ut, cnode, dest = slot_alloc();
    TRY(untyped_new(12, &ut));
    TRY(pool_object(seL4_CapTableObject, 2, &cnode));

    EXPECT_ERR_MRS(retype_root(ut, ept, 0, slots, 1), seL4_RangeError, 0, slots - 1);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, ~0ul, 1), seL4_RangeError, 0, slots - 1);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, slots, 0), seL4_RangeError, 0, slots - 1);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, dest, 0), seL4_RangeError, 1,
                   CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, dest, CONFIG_RETYPE_FAN_OUT_LIMIT + 1), seL4_RangeError,
                   1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, dest, ~0ul), seL4_RangeError, 1,
                   CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, slots - 1, 2), seL4_RangeError, 1, 1);
    EXPECT_ERR_MRS(retype_root(ut, ept, 0, slots - 6, 10), seL4_RangeError, 1, 6);
    seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){ROOT}, 6,
                                         (seL4_Word[]){ept, 0, 0, 0, slots, 1});
    EXPECT_REPLY(info, seL4_RangeError, 2, 0, slots - 1);
    /* A 4-slot CNode as the root itself (depth 0). */
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, cnode, 0, 0, 4, 1), seL4_RangeError, 0, 3);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, cnode, 0, 0, 2, 3), seL4_RangeError, 1, 2);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, ept, 0, cnode, 0, 0, 0, 5), seL4_RangeError, 1, 4);
    EXPECT_OK(seL4_Untyped_Retype(ut, ept, 0, cnode, 0, 0, 0, 4));
    for (seL4_Word i = 0; i < 4; i++) {
        SYSTEST_CHECK(cap_tag_in(cnode, i, 2) == TAG_ENDPOINT);
    }
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Every slot of the window must be empty (DeleteFirst, nothing created),
 * checked after the window and before the memory. */
SCRATCH_TEST(RETYPEERR0008)
{
    seL4_CPtr ut, cnode, first = slots_alloc(4);
    TRY(untyped_new(12, &ut));
    TRY(pool_object(seL4_CapTableObject, 2, &cnode));
    EXPECT_OK(retype_root(ut, seL4_EndpointObject, 0, first + 3, 1));
    EXPECT_ERR(retype_root(ut, seL4_EndpointObject, 0, first, 4), seL4_DeleteFirst);
    EXPECT_ERR(retype_root(ut, seL4_TCBObject, 0, first, 4), seL4_DeleteFirst);
    EXPECT_ERR_MRS(retype_root(ut, seL4_EndpointObject, 0, first + 3, 0), seL4_RangeError, 1,
                   CONFIG_RETYPE_FAN_OUT_LIMIT);
    for (seL4_Word i = 0; i < 3; i++) {
        EXPECT_TAG(first + i, TAG_NULL);
    }
    EXPECT_OK(retype_root(ut, seL4_EndpointObject, 0, first, 3));
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_TAG(first + i, TAG_ENDPOINT);
    }
    /* In another CNode: one used slot in the middle of the window. */
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, cnode, 0, 0, 1, 1));
    seL4_MessageInfo_t info = raw_invoke(ut, UntypedRetype, 1, (seL4_CPtr[]){cnode}, 6,
                                         (seL4_Word[]){seL4_EndpointObject, 0, 0, 0, 0, 4});
    EXPECT_REPLY0(info, seL4_DeleteFirst);
    SYSTEST_CHECK(cap_tag_in(cnode, 0, 2) == TAG_NULL);
    SYSTEST_CHECK(cap_tag_in(cnode, 3, 2) == TAG_NULL);
    return NULL;
}

/* NotEnoughMemory carries the free bytes in MR0.  The check ignores
 * alignment, objects are then placed at the next multiple of their size,
 * and the watermark only moves forward while the untyped has children. */
SCRATCH_TEST(RETYPEERR0009)
{
    seL4_CPtr ut, ut2, ut3, child, s = slots_alloc(3), eps = slots_alloc(128);
    TRY(untyped_new(12, &ut));
    EXPECT_ERR_MRS(retype_root(ut, seL4_TCBObject, 0, s, 3), seL4_NotEnoughMemory, 4096);
    EXPECT_OK(retype_root(ut, seL4_TCBObject, 0, s, 1));
    EXPECT_ERR_MRS(retype_root(ut, seL4_TCBObject, 0, s + 1, 2), seL4_NotEnoughMemory, 2048);
    EXPECT_OK(retype_root(ut, seL4_EndpointObject, 0, s + 1, 1));
    EXPECT_ERR_MRS(retype_root(ut, seL4_TCBObject, 0, s + 2, 1), seL4_NotEnoughMemory, 2032);
    EXPECT_ERR_MRS(retype_root(ut, seL4_EndpointObject, 0, eps, 128), seL4_NotEnoughMemory, 2032);
    EXPECT_OK(retype_root(ut, seL4_EndpointObject, 0, eps, 127));
    EXPECT_ERR_MRS(retype_root(ut, seL4_EndpointObject, 0, eps + 127, 1), seL4_NotEnoughMemory, 0);
    EXPECT_TAG(s + 2, TAG_NULL);
    EXPECT_TAG(eps + 127, TAG_NULL);

    /* An endpoint at offset 0 pushes a TCB to offset 2048, which fills the untyped. */
    seL4_CPtr a = slots_alloc(3);
    TRY(untyped_new(12, &ut2));
    EXPECT_OK(retype_root(ut2, seL4_EndpointObject, 0, a, 1));
    EXPECT_OK(retype_root(ut2, seL4_TCBObject, 0, a + 1, 1));
    EXPECT_ERR_MRS(retype_root(ut2, seL4_EndpointObject, 0, a + 2, 1), seL4_NotEnoughMemory, 0);

    /* Untyped from untyped: the child takes the space; the child itself is usable. */
    seL4_CPtr b = slots_alloc(2);
    TRY(untyped_new(12, &ut3));
    EXPECT_ERR_MRS(retype_root(ut3, seL4_UntypedObject, 13, b, 1), seL4_NotEnoughMemory, 4096);
    EXPECT_OK(retype_root(ut3, seL4_UntypedObject, 12, b, 1));
    child = b;
    EXPECT_ERR_MRS(retype_root(ut3, seL4_EndpointObject, 0, b + 1, 1), seL4_NotEnoughMemory, 0);
    EXPECT_OK(retype_root(child, seL4_EndpointObject, 0, b + 1, 1));
    EXPECT_TAG(b + 1, TAG_ENDPOINT);
    return NULL;
}

/* A device untyped makes only frames and untypeds (InvalidArgument(1) for
 * anything else, also from its device children); DeleteFirst and
 * NotEnoughMemory are checked before the device restriction. */
SCRATCH_TEST(RETYPEERR0010)
{
    static const seL4_Word kernel_types[][2] = {
        {seL4_TCBObject, 0},           {seL4_EndpointObject, 0},
        {seL4_NotificationObject, 0},  {seL4_CapTableObject, 1},
        {seL4_X86_PageTableObject, 0}, {seL4_X86_PageDirectoryObject, 0},
        {seL4_X86_PDPTObject, 0},      {seL4_X64_PML4Object, 0},
    };
    seL4_Word bits = 0;
    seL4_CPtr dev = boot_untyped(true, 31, &bits);
    if (dev == 0) {
        dev = boot_untyped(true, 22, &bits);
    }
    SYSTEST_CHECK(dev != 0);
    seL4_CPtr s = slots_alloc(6);
    for (unsigned i = 0; i < sizeof(kernel_types) / sizeof(kernel_types[0]); i++) {
        EXPECT_ERR_MRS(retype_root(dev, kernel_types[i][0], kernel_types[i][1], s, 1),
                       seL4_InvalidArgument, 1);
        EXPECT_TAG(s, TAG_NULL);
    }
    EXPECT_OK(retype_root(dev, seL4_X86_4K, 0, s, 1));
    EXPECT_TAG(s, TAG_FRAME);
    EXPECT_ERR(retype_root(dev, seL4_TCBObject, 0, s, 1), seL4_DeleteFirst);
    EXPECT_OK(retype_root(dev, seL4_UntypedObject, 12, s + 1, 1));
    EXPECT_TAG(s + 1, TAG_UNTYPED);
    EXPECT_OK(retype_root(dev, seL4_X86_LargePageObject, 0, s + 2, 1));
    EXPECT_TAG(s + 2, TAG_FRAME);
    if (bits >= 31) {
        EXPECT_OK(retype_root(dev, seL4_X64_HugePageObject, 0, s + 3, 1));
        EXPECT_TAG(s + 3, TAG_FRAME);
    }
    /* The device child: same restriction, memory checked first. */
    EXPECT_ERR_MRS(retype_root(s + 1, seL4_TCBObject, 0, s + 4, 3), seL4_NotEnoughMemory, 4096);
    EXPECT_ERR_MRS(retype_root(s + 1, seL4_EndpointObject, 0, s + 4, 1), seL4_InvalidArgument, 1);
    EXPECT_OK(retype_root(s + 1, seL4_X86_4K, 0, s + 4, 1));
    EXPECT_TAG(s + 4, TAG_FRAME);
    EXPECT_TAG(s + 5, TAG_NULL);
    return NULL;
}

/* The fan-out limit: 256 objects in one call work, 257 do not. */
SCRATCH_TEST(RETYPEERR0011)
{
    const seL4_Word limit = CONFIG_RETYPE_FAN_OUT_LIMIT;
    seL4_CPtr ut, first = slots_alloc(limit + 1);
    TRY(untyped_new(seL4_EndpointBits + 8, &ut));
    EXPECT_ERR_MRS(retype_root(ut, seL4_EndpointObject, 0, first, limit + 1), seL4_RangeError, 1,
                   limit);
    EXPECT_OK(retype_root(ut, seL4_EndpointObject, 0, first, limit));
    for (seL4_Word i = 0; i < limit; i++) {
        EXPECT_TAG(first + i, TAG_ENDPOINT);
    }
    EXPECT_ERR_MRS(retype_root(ut, seL4_EndpointObject, 0, first + limit, 1),
                   seL4_NotEnoughMemory, 0);
    EXPECT_TAG(first + limit, TAG_NULL);
    return NULL;
}

/* One call with several faults reports the first in seL4's order: type,
 * size, minimum size, destination lookup, offset, count, empty slots, memory. */
SCRATCH_TEST(RETYPEERR0012)
{
    seL4_CPtr ut, ep;
    TRY(untyped_new(12, &ut));
    TRY(object_new(ut, seL4_EndpointObject, 0, &ep));
    const seL4_Word slots = 1ul << ROOT_RADIX;
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_ObjectTypeCount, 64, ep, ~0ul, 65, ~0ul, 0),
                   seL4_InvalidArgument, 0);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_UntypedObject, 48, ep, ~0ul, 65, ~0ul, 0),
                   seL4_RangeError, 0, seL4_MaxUntypedBits);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_UntypedObject, 3, ep, ~0ul, 65, ~0ul, 0),
                   seL4_InvalidArgument, 1);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 65, ~0ul, 0),
                   seL4_RangeError, 1, 64);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ep, 0, ROOT_DEPTH, ~0ul, 0),
                   seL4_FailedLookup, 0, seL4_InvalidRoot);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ~0ul, 0),
                   seL4_RangeError, 0, slots - 1);
    EXPECT_ERR_MRS(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, ep, 0), seL4_RangeError,
                   1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, ROOT, 0, 0, ep, 3), seL4_DeleteFirst);
    return NULL;
}

/* Object sizes and caps: each type fills an untyped of exactly its size
 * (a second object gets NotEnoughMemory(0)) and does not fit in half of it. */
SCRATCH_TEST(RETYPEOBJ0001)
{
    static const struct {
        seL4_Word type, size_bits, bits, tag;
    } objs[] = {
        {seL4_UntypedObject, 4, 4, TAG_UNTYPED},
        {seL4_UntypedObject, 12, 12, TAG_UNTYPED},
        {seL4_TCBObject, 0, seL4_TCBBits, TAG_THREAD},
        {seL4_EndpointObject, 0, seL4_EndpointBits, TAG_ENDPOINT},
        {seL4_NotificationObject, 0, seL4_NotificationBits, TAG_NOTIFICATION},
        {seL4_CapTableObject, 1, seL4_SlotBits + 1, TAG_CNODE},
        {seL4_CapTableObject, 4, seL4_SlotBits + 4, TAG_CNODE},
        {seL4_X86_PDPTObject, 0, seL4_PDPTBits, TAG_PDPT},
        {seL4_X64_PML4Object, 0, seL4_PML4Bits, TAG_PML4},
        {seL4_X86_4K, 0, seL4_PageBits, TAG_FRAME},
        {seL4_X86_LargePageObject, 0, seL4_LargePageBits, TAG_FRAME},
        {seL4_X86_PageTableObject, 0, seL4_PageTableBits, TAG_PAGE_TABLE},
        {seL4_X86_PageDirectoryObject, 0, seL4_PageDirBits, TAG_PAGE_DIRECTORY},
    };
    for (unsigned i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
        seL4_CPtr ut, obj = slots_alloc(2);
        TRY(untyped_new(objs[i].bits, &ut));
        if (retype_root(ut, objs[i].type, objs[i].size_bits, obj, 1) != seL4_NoError) {
            return systest_reason("type %lu (size %lu) does not fit in 2^%lu bytes",
                                  (unsigned long)objs[i].type, (unsigned long)objs[i].size_bits,
                                  (unsigned long)objs[i].bits);
        }
        EXPECT_TAG(obj, objs[i].tag);
        EXPECT_ERR_MRS(retype_root(ut, objs[i].type, objs[i].size_bits, obj + 1, 1),
                       seL4_NotEnoughMemory, 0);
        if (objs[i].bits > seL4_MinUntypedBits) {
            seL4_CPtr half, obj2 = slot_alloc();
            TRY(untyped_new(objs[i].bits - 1, &half));
            EXPECT_ERR_MRS(retype_root(half, objs[i].type, objs[i].size_bits, obj2, 1),
                           seL4_NotEnoughMemory, 1ul << (objs[i].bits - 1));
        }
    }
    return NULL;
}

/* Every object type retyped into another CNode (node_depth 0) from one
 * untyped; revoking the untyped deletes all of them. */
SCRATCH_TEST(RETYPEOBJ0002)
{
    static const seL4_Word types[][3] = {
        {seL4_UntypedObject, 12, TAG_UNTYPED},
        {seL4_TCBObject, 0, TAG_THREAD},
        {seL4_EndpointObject, 0, TAG_ENDPOINT},
        {seL4_NotificationObject, 0, TAG_NOTIFICATION},
        {seL4_CapTableObject, 3, TAG_CNODE},
        {seL4_X86_PDPTObject, 0, TAG_PDPT},
        {seL4_X64_PML4Object, 0, TAG_PML4},
        {seL4_X86_4K, 0, TAG_FRAME},
        {seL4_X86_PageTableObject, 0, TAG_PAGE_TABLE},
        {seL4_X86_PageDirectoryObject, 0, TAG_PAGE_DIRECTORY},
        {seL4_X86_LargePageObject, 0, TAG_FRAME}, /* last: it goes to the 2 MiB mark */
    };
    const seL4_Word n = sizeof(types) / sizeof(types[0]);
    seL4_CPtr ut, cnode;
    TRY(pool_object(seL4_CapTableObject, 4, &cnode));
    TRY(untyped_new(22, &ut));
    for (seL4_Word i = 0; i < n; i++) {
        EXPECT_OK(seL4_Untyped_Retype(ut, types[i][0], types[i][1], cnode, 0, 0, i, 1));
    }
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word tag = cap_tag_in(cnode, i, 4);
        if (tag != types[i][2]) {
            return systest_reason("slot %lu of the CNode: tag %lu, expected %lu",
                                  (unsigned long)i, (unsigned long)tag, (unsigned long)types[i][2]);
        }
    }
    EXPECT_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    for (seL4_Word i = 0; i < 16; i++) {
        SYSTEST_CHECK(cap_tag_in(cnode, i, 4) == TAG_NULL);
    }
    EXPECT_TAG(ut, TAG_UNTYPED);
    EXPECT_TAG(cnode, TAG_CNODE);
    return NULL;
}

/* A retyped TCB is named "child of: '<creator's name>'", inactive, priority 0.
 * The runner checks the dump line after the probe line (tests/run_all.sh). */
SCRATCH_TEST(RETYPETCB0001)
{
    seL4_CPtr tcb;
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "systest-root");
    TRY(pool_object(seL4_TCBObject, 0, &tcb));
    EXPECT_TAG(tcb, TAG_THREAD);
    printf("RETYPE_TCB_NAME probe\n");
    seL4_DebugDumpScheduler();
    EXPECT_OK(seL4_CNode_Delete(ROOT, tcb, ROOT_DEPTH));
    EXPECT_TAG(tcb, TAG_NULL);
    return NULL;
}

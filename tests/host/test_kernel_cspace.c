/*
 * Host tests: CSpace addressing (seL4's resolveAddressBits) with every
 * lookup-failure kind, on a two-level CSpace built in host memory:
 *
 *   root: radix 8, guard 0 of 48 bits (56 bits)   slot 3 -> l2
 *   l2:   radix 4, guard 0xa of 4 bits (8 bits)   slot 7 holds an endpoint cap
 */
#include <sel4/errors.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/include/cspace.h"
#include "harness.h"

static cte_t *root_nodes, *l2_nodes;
static cap_t root_cap;

static void build_cspace(void)
{
    if (!root_nodes) {
        root_nodes = aligned_alloc(1 << 13, 256 * sizeof(cte_t));
        l2_nodes = aligned_alloc(1 << 9, 16 * sizeof(cte_t));
    }
    memset(root_nodes, 0, 256 * sizeof(cte_t));
    memset(l2_nodes, 0, 16 * sizeof(cte_t));
    root_cap = cap_cnode_cap_new((word_t)root_nodes, 8, 48, 0);
    root_nodes[3].cap = cap_cnode_cap_new((word_t)l2_nodes, 4, 4, 0xa);
    l2_nodes[7].cap = cap_endpoint_cap_new(0xffffff8000123450ul, 99, CAP_RIGHTS_ALL);
}

#define CPTR(root_slot, guard, l2_slot) (((word_t)(root_slot) << 8) | ((guard) << 4) | (l2_slot))

HOST_TEST(CSPACE_LOOKUP0001)
{
    build_cspace();
    resolve_ret_t r = resolve_address_bits(root_cap, CPTR(3, 0xa, 7), 64);
    CHECK_EQ_U(r.status, EXCEPTION_NONE);
    CHECK(r.slot == &l2_nodes[7]);
    CHECK_EQ_U(r.bits_remaining, 0);
    CHECK_EQ_U(cap_ep_badge(r.slot->cap), 99);
    /* A thread lookup stops at the first slot that is not a CNode: leftover bits are fine. */
    r = resolve_address_bits(root_cap, CPTR(5, 0, 0), 64);
    CHECK_EQ_U(r.status, EXCEPTION_NONE);
    CHECK(r.slot == &root_nodes[5]);
    CHECK_EQ_U(r.bits_remaining, 8);
}

HOST_TEST(CSPACE_LOOKUP0002)
{
    build_cspace();
    resolve_ret_t r = resolve_address_bits(cap_null_cap_new(), 0, 64);
    CHECK_EQ_U(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_invalid_root);
}

HOST_TEST(CSPACE_LOOKUP0003)
{
    build_cspace();
    /* Guard mismatch at the second level: 8 bits left, the CNode's guard 0xa of 4 bits. */
    resolve_ret_t r = resolve_address_bits(root_cap, CPTR(3, 0xb, 7), 64);
    CHECK_EQ_U(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_guard_mismatch);
    CHECK_EQ_U(current_lookup_fault.bits_left, 8);
    CHECK_EQ_U(current_lookup_fault.guard_found, 0xa);
    CHECK_EQ_U(current_lookup_fault.bits_found, 4);
    /* A guard longer than the bits to resolve is a guard mismatch too. */
    r = resolve_address_bits(root_cap, 0, 40);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_guard_mismatch);
    CHECK_EQ_U(current_lookup_fault.bits_left, 40);
    CHECK_EQ_U(current_lookup_fault.bits_found, 48);
}

HOST_TEST(CSPACE_LOOKUP0004)
{
    build_cspace();
    /* 60 bits: the root takes 56, the second level needs 8 of the 4 left. */
    resolve_ret_t r = resolve_address_bits(root_cap, CPTR(3, 0xa, 7) >> 4, 60);
    CHECK_EQ_U(r.status, EXCEPTION_LOOKUP_FAULT);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_depth_mismatch);
    CHECK_EQ_U(current_lookup_fault.bits_left, 4);
    CHECK_EQ_U(current_lookup_fault.bits_found, 8);
}

/* CNode-operation lookups: exact depth, errors as syscall errors. */
HOST_TEST(CSPACE_LOOKUP0005)
{
    build_cspace();
    lookup_slot_ret_t s = lookup_slot_for_cnode_op(true, root_cap, CPTR(3, 0xa, 7), 64);
    CHECK_EQ_U(s.status, EXCEPTION_NONE);
    CHECK(s.slot == &l2_nodes[7]);
    s = lookup_slot_for_cnode_op(false, root_cap, 3, 56); /* the CNode cap's own slot */
    CHECK(s.slot == &root_nodes[3]);
    s = lookup_slot_for_cnode_op(true, root_cap, 0, 0);
    CHECK_EQ_U(s.status, EXCEPTION_SYSCALL_ERROR);
    CHECK_EQ_U(current_syscall_error.type, seL4_RangeError);
    CHECK_EQ_U(current_syscall_error.range_min, 1);
    CHECK_EQ_U(current_syscall_error.range_max, 64);
    s = lookup_slot_for_cnode_op(true, root_cap, 0, 65);
    CHECK_EQ_U(current_syscall_error.type, seL4_RangeError);
    /* Leftover bits after a non-CNode slot: FailedLookup + DepthMismatch(found 0). */
    s = lookup_slot_for_cnode_op(false, root_cap, CPTR(5, 0, 0), 64);
    CHECK_EQ_U(s.status, EXCEPTION_SYSCALL_ERROR);
    CHECK_EQ_U(current_syscall_error.type, seL4_FailedLookup);
    CHECK_EQ_U(current_syscall_error.failed_lookup_was_source, 0);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_depth_mismatch);
    CHECK_EQ_U(current_lookup_fault.bits_left, 8);
    CHECK_EQ_U(current_lookup_fault.bits_found, 0);
    /* A root that is not a CNode: FailedLookup + InvalidRoot. */
    s = lookup_slot_for_cnode_op(true, cap_null_cap_new(), 0, 64);
    CHECK_EQ_U(current_syscall_error.type, seL4_FailedLookup);
    CHECK_EQ_U(current_syscall_error.failed_lookup_was_source, 1);
    CHECK_EQ_U(current_lookup_fault.type, lookup_fault_invalid_root);
}

/* The cap layout round-trips every field it stores. */
HOST_TEST(CAPLAYOUT0001)
{
    cap_t c = cap_cnode_cap_new(0xffffff80bfe00000ul, 16, 48, 0x1234);
    CHECK_EQ_U(cap_get_type(c), cap_cnode_cap);
    CHECK_EQ_U(cap_cnode_ptr(c), 0xffffff80bfe00000ul);
    CHECK_EQ_U(cap_cnode_radix(c), 16);
    CHECK_EQ_U(cap_cnode_guard_size(c), 48);
    CHECK_EQ_U(cap_cnode_guard(c), 0x1234);
    c = cap_untyped_cap_new(0xffffff8000100000ul, 47, true, (1ul << 47) >> 4);
    CHECK_EQ_U(cap_untyped_size_bits(c), 47);
    CHECK(cap_untyped_is_device(c));
    CHECK_EQ_U(cap_untyped_free_index(c), (1ul << 47) >> 4);
    c = cap_frame_cap_new(0xffffff8000200000ul, FRAME_2M, 3, false, 4095, 0x7fffffe00000ul);
    CHECK_EQ_U(cap_get_type(c), cap_frame_cap);
    CHECK_EQ_U(cap_frame_size(c), FRAME_2M);
    CHECK_EQ_U(cap_frame_rights(c), 3);
    CHECK_EQ_U(cap_vm_asid(c), 4095);
    CHECK_EQ_U(cap_vm_vaddr(c), 0x7fffffe00000ul);
    c = cap_notification_cap_new(0xffffff8000000040ul, ~0ul, CAP_RIGHT_READ);
    CHECK_EQ_U(cap_get_type(c), cap_notification_cap);
    CHECK_EQ_U(cap_ptr48(c), 0xffffff8000000040ul);
    CHECK_EQ_U(cap_ep_badge(c), ~0ul);
    CHECK_EQ_U(cap_ep_rights(c), CAP_RIGHT_READ);
}

/*
 * libFuzzer harness (a): CSpace addressing, kernel/core/cspace.c.
 *
 * The input builds a forest of up to MAX_NODES CNodes in host memory (radix
 * 1..MAX_RADIX; each slot empty, an endpoint cap, or a cap to any CNode of
 * the forest, itself included, with any guard Mint could give it), then
 * asks for lookups: resolve_address_bits and lookup_slot_for_cnode_op with
 * any root, CPtr and depth.  Each answer is compared with an independent
 * model of seL4's resolveAddressBits and lookupSlotForCNodeOp (written here
 * from seL4's specification, without the kernel's fast path), and must be a
 * slot inside the forest.
 */
#include <stdbool.h>
#include <string.h>

#include "../../../kernel/include/cspace.h"
#include "fuzz_input.h"

#define MAX_NODES 6
#define MAX_RADIX 6
#define LOOKUPS 32

static cte_t nodes[MAX_NODES][1u << MAX_RADIX] __attribute__((aligned(4096)));
static word_t radix[MAX_NODES];
static unsigned n_nodes;

/* A cap to node k with a guard that fits (guard bits + radix <= 64, as Mint allows). */
static cap_t node_cap(fuzz_in_t *in, unsigned k)
{
    word_t max_guard = 64 - radix[k];
    word_t gs = in_below(in, 4) ? in_below(in, max_guard + 1) : max_guard;
    word_t guard = in_below(in, 2) ? 0 : in_word(in) & MASK(gs) & MASK(58);
    return cap_cnode_cap_new((word_t)nodes[k], radix[k], gs, guard);
}

/* The forest: node count, radixes, then every slot's cap. */
static void build(fuzz_in_t *in)
{
    memset(nodes, 0, sizeof(nodes));
    n_nodes = 1 + in_below(in, MAX_NODES);
    for (unsigned k = 0; k < n_nodes; k++) {
        radix[k] = 1 + in_below(in, MAX_RADIX);
    }
    for (unsigned k = 0; k < n_nodes; k++) {
        for (word_t s = 0; s < BIT(radix[k]); s++) {
            switch (in_below(in, 4)) {
            case 0:
                break;
            case 1:
                nodes[k][s].cap = cap_endpoint_cap_new(0xffffff8000100000ul + s * 16, s, CAP_RIGHTS_ALL);
                break;
            default:
                nodes[k][s].cap = node_cap(in, in_below(in, n_nodes));
                break;
            }
        }
    }
}

/* The model: seL4's resolveAddressBits, step by step. */
typedef struct model_ret {
    exception_t status;
    cte_t *slot;
    word_t bits_remaining;
    lookup_fault_t fault;
} model_ret_t;

/* seL4's resolveAddressBits, level by level (no fast path). */
static model_ret_t model_resolve(cap_t node, word_t cptr, word_t n_bits)
{
    model_ret_t r = {EXCEPTION_NONE, NULL, n_bits, {0, 0, 0, 0}};
    if (cap_get_type(node) != cap_cnode_cap) {
        r.status = EXCEPTION_LOOKUP_FAULT;
        r.fault = (lookup_fault_t){lookup_fault_invalid_root, 0, 0, 0};
        return r;
    }
    for (;;) {
        word_t rdx = cap_cnode_radix(node), gs = cap_cnode_guard_size(node);
        word_t level = rdx + gs, cap_guard = cap_cnode_guard(node);
        if (gs > n_bits) {
            r.status = EXCEPTION_LOOKUP_FAULT;
            r.fault = (lookup_fault_t){lookup_fault_guard_mismatch, n_bits, gs, cap_guard};
            return r;
        }
        word_t guard = gs == 0 ? 0 : (cptr >> (n_bits - gs)) & MASK(gs);
        if (guard != cap_guard) {
            r.status = EXCEPTION_LOOKUP_FAULT;
            r.fault = (lookup_fault_t){lookup_fault_guard_mismatch, n_bits, gs, cap_guard};
            return r;
        }
        if (level > n_bits) {
            r.status = EXCEPTION_LOOKUP_FAULT;
            r.fault = (lookup_fault_t){lookup_fault_depth_mismatch, n_bits, level, 0};
            return r;
        }
        word_t shift = n_bits - level;
        word_t index = (shift >= 64 ? 0 : cptr >> shift) & MASK(rdx);
        cte_t *slot = (cte_t *)cap_cnode_ptr(node) + index;
        n_bits -= level;
        if (n_bits == 0 || cap_get_type(slot->cap) != cap_cnode_cap) {
            r.slot = slot;
            r.bits_remaining = n_bits;
            return r;
        }
        node = slot->cap;
    }
}

/* Is slot one of the forest's slots? */
static bool in_forest(const cte_t *slot)
{
    for (unsigned k = 0; k < n_nodes; k++) {
        if (slot >= nodes[k] && slot < nodes[k] + BIT(radix[k])) {
            return true;
        }
    }
    return false;
}

/* Equal lookup faults, field by field. */
static bool same_fault(lookup_fault_t a, lookup_fault_t b)
{
    return a.type == b.type && a.bits_left == b.bits_left && a.bits_found == b.bits_found &&
           a.guard_found == b.guard_found;
}

/* resolve_address_bits against the model: status, slot, bits left, lookup fault. */
static void check_resolve(cap_t root, word_t cptr, word_t n_bits)
{
    memset(&current_lookup_fault, 0xa5, sizeof(current_lookup_fault));
    resolve_ret_t got = resolve_address_bits(root, cptr, n_bits);
    model_ret_t want = model_resolve(root, cptr, n_bits);
    FUZZ_ASSERT(got.status == want.status, "resolve(%#lx, %lu): status %d, model %d",
                (unsigned long)cptr, (unsigned long)n_bits, got.status, want.status);
    if (got.status == EXCEPTION_NONE) {
        FUZZ_ASSERT(got.slot == want.slot && got.bits_remaining == want.bits_remaining,
                    "resolve(%#lx, %lu): slot %p (%lu left), model %p (%lu left)",
                    (unsigned long)cptr, (unsigned long)n_bits, (void *)got.slot,
                    (unsigned long)got.bits_remaining, (void *)want.slot,
                    (unsigned long)want.bits_remaining);
        FUZZ_ASSERT(in_forest(got.slot), "resolve returned a slot outside every CNode");
    } else {
        FUZZ_ASSERT(same_fault(current_lookup_fault, want.fault),
                    "resolve(%#lx, %lu): fault %lu/%lu/%lu/%#lx, model %lu/%lu/%lu/%#lx",
                    (unsigned long)cptr, (unsigned long)n_bits,
                    (unsigned long)current_lookup_fault.type,
                    (unsigned long)current_lookup_fault.bits_left,
                    (unsigned long)current_lookup_fault.bits_found,
                    (unsigned long)current_lookup_fault.guard_found, (unsigned long)want.fault.type,
                    (unsigned long)want.fault.bits_left, (unsigned long)want.fault.bits_found,
                    (unsigned long)want.fault.guard_found);
    }
}

/* seL4's lookupSlotForCNodeOp on top of the model. */
static void check_cnode_op(bool src, cap_t root, word_t cptr, word_t depth)
{
    current_syscall_error.type = ~0ul;
    lookup_slot_ret_t got = lookup_slot_for_cnode_op(src, root, cptr, depth);
    word_t err = 0;
    cte_t *slot = NULL;
    lookup_fault_t fault = {0, 0, 0, 0};
    if (cap_get_type(root) != cap_cnode_cap) {
        err = seL4_FailedLookup;
        fault = (lookup_fault_t){lookup_fault_invalid_root, 0, 0, 0};
    } else if (depth < 1 || depth > 64) {
        err = seL4_RangeError;
    } else {
        model_ret_t m = model_resolve(root, cptr, depth);
        if (m.status != EXCEPTION_NONE) {
            err = seL4_FailedLookup;
            fault = m.fault;
        } else if (m.bits_remaining) {
            err = seL4_FailedLookup;
            fault = (lookup_fault_t){lookup_fault_depth_mismatch, m.bits_remaining, 0, 0};
        } else {
            slot = m.slot;
        }
    }
    if (!err) {
        FUZZ_ASSERT(got.status == EXCEPTION_NONE && got.slot == slot,
                    "cnode op lookup(%#lx, %lu): status %d slot %p, model slot %p",
                    (unsigned long)cptr, (unsigned long)depth, got.status, (void *)got.slot,
                    (void *)slot);
        return;
    }
    FUZZ_ASSERT(got.status == EXCEPTION_SYSCALL_ERROR && current_syscall_error.type == err,
                "cnode op lookup(%#lx, %lu): status %d error %lu, model error %lu",
                (unsigned long)cptr, (unsigned long)depth, got.status,
                (unsigned long)current_syscall_error.type, (unsigned long)err);
    if (err == seL4_FailedLookup) {
        FUZZ_ASSERT(current_syscall_error.failed_lookup_was_source == src &&
                        same_fault(current_lookup_fault, fault),
                    "cnode op lookup(%#lx, %lu): lookup fault differs from the model",
                    (unsigned long)cptr, (unsigned long)depth);
    } else {
        FUZZ_ASSERT(current_syscall_error.range_min == 1 && current_syscall_error.range_max == 64,
                    "cnode op lookup: range error bounds");
    }
}

/* A CPtr aimed at the forest: slot numbers packed at the levels' positions, or anything. */
static word_t make_cptr(fuzz_in_t *in)
{
    if (in_below(in, 3) == 0) {
        return in_word(in);
    }
    word_t c = 0;
    for (int level = in_below(in, 4); level >= 0; level--) {
        c = (c << (1 + in_below(in, 12))) | in_take(in, 1);
    }
    return c;
}

/* One forest, then up to LOOKUPS lookups of both kinds. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in_t in = {data, size};
    build(&in);
    for (int i = 0; i < LOOKUPS && in.n; i++) {
        cap_t root = in_below(&in, 8) ? node_cap(&in, in_below(&in, n_nodes))
                                      : nodes[in_below(&in, n_nodes)][0].cap;
        word_t cptr = make_cptr(&in);
        word_t bits = in_below(&in, 4) ? 64 : in_below(&in, 70);
        /* The kernel resolves at most 64 bits: lookups use 64, CNode operations check
         * their depth (1..64) first. */
        check_resolve(root, cptr, bits > 64 ? 64 : bits);
        check_cnode_op(in_below(&in, 2), root, cptr, bits);
    }
    return 0;
}

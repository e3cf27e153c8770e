/*
 * libFuzzer harness (b): the derivation tree, kernel/core/cdt.c with
 * objecttype.c underneath.
 *
 * A CSpace of 64 slots holds an untyped over 2^UT_BITS bytes of host memory.
 * The input is a program of up to MAX_OPS operations, each done exactly as
 * the kernel's decoders do it once their checks passed (cnode.c, untyped.c,
 * tcb.c): Retype (with the reset of an untyped that has no children),
 * Copy, Mint, Move, Mutate, Rotate (and its swap form), Delete, Revoke, and
 * a TCB's CSpace root install.  Slots are picked the way user level can
 * reach them: the root CNode, CNodes whose caps it holds, two levels down.
 *
 * After every operation, over every reachable slot: the lead's invariant
 * checks (check_cte, check_untyped_children), the list walked both ways
 * without a cycle, every linked slot holding a cap.  Memory of an untyped
 * whose revoke left it without children is poisoned (ASan) until its next
 * reset, so the kernel touching an object that no longer exists is caught.
 */
#include <sanitizer/asan_interface.h>
#include <sel4/objecttype.h>
#include <string.h>

#include "../../../kernel/include/cdt.h"
#include "../../../kernel/include/invariants.h"
#include "../../../kernel/include/objecttype.h"
#include "../../../kernel/include/thread.h"
#include "../../../kernel/include/untyped.h"
#include "fuzz_input.h"

#define UT_BITS 18
#define ROOT_SLOTS 64
#define MAX_OPS 48
#define MAX_REACH 4096

static cte_t root[ROOT_SLOTS] __attribute__((aligned(4096)));
static uint8_t memory[1u << UT_BITS] __attribute__((aligned(1u << UT_BITS)));
static uint8_t idle_obj[2048] __attribute__((aligned(2048)));

/* Every slot user level could name now (filled by reach()). */
static cte_t *reach_slots[MAX_REACH];
static unsigned n_reach;

/* Is s among the reachable slots collected so far? */
static bool reached(const cte_t *s)
{
    for (unsigned i = 0; i < n_reach; i++) {
        if (reach_slots[i] == s) {
            return true;
        }
    }
    return false;
}

/* Add the slots of the CNode or TCB whose cap is in s (depth-limited). */
static void reach_from(const cte_t *s, int depth)
{
    cap_t c = s->cap;
    if (depth > 3) {
        return;
    }
    if (cap_get_type(c) == cap_cnode_cap) {
        cte_t *n = (cte_t *)cap_cnode_ptr(c);
        for (word_t i = 0; i < BIT(cap_cnode_radix(c)) && n_reach < MAX_REACH; i++) {
            if (!reached(&n[i])) {
                reach_slots[n_reach++] = &n[i];
                reach_from(&n[i], depth + 1);
            }
        }
    } else if (cap_get_type(c) == cap_thread_cap) {
        tcb_t *t = (tcb_t *)cap_ptr48(c);
        for (int i = 0; i < TCB_CNODE_SLOTS && n_reach < MAX_REACH; i++) {
            if (!reached(tcb_cte(t, i))) {
                reach_slots[n_reach++] = tcb_cte(t, i);
                reach_from(tcb_cte(t, i), depth + 1);
            }
        }
    }
}

/* Collect every reachable slot: the root CNode, then what its caps lead to. */
static void reach(void)
{
    n_reach = 0;
    for (int i = 0; i < ROOT_SLOTS; i++) {
        reach_slots[n_reach++] = &root[i];
    }
    for (int i = 0; i < ROOT_SLOTS; i++) {
        reach_from(&root[i], 0);
    }
}

/* A slot user level can name in a CNode operation: the root CNode or a CNode below it. */
static cte_t *pick(fuzz_in_t *in)
{
    cte_t *s = &root[in_below(in, ROOT_SLOTS)];
    for (int level = 0; level < 2 && in_below(in, 3) == 0; level++) {
        if (cap_get_type(s->cap) != cap_cnode_cap) {
            break;
        }
        s = (cte_t *)cap_cnode_ptr(s->cap) + in_below(in, BIT(cap_cnode_radix(s->cap)));
    }
    return s;
}

/* A slot holding a cap of type t, or NULL. */
static cte_t *pick_type(fuzz_in_t *in, enum cap_tag t)
{
    unsigned start = in_below(in, ROOT_SLOTS);
    for (unsigned i = 0; i < ROOT_SLOTS; i++) {
        cte_t *s = &root[(start + i) % ROOT_SLOTS];
        if (cap_get_type(s->cap) == t) {
            return s;
        }
    }
    return NULL;
}

/* ---- the operations, as the decoders perform them after their checks ---------- */

static void op_retype(fuzz_in_t *in)
{
    static const word_t types[] = {seL4_UntypedObject, seL4_TCBObject, seL4_EndpointObject,
                                   seL4_NotificationObject, seL4_CapTableObject, seL4_X86_4K};
    cte_t *ut = pick_type(in, cap_untyped_cap);
    if (!ut) {
        return;
    }
    word_t type = types[in_below(in, 6)];
    word_t user_size = type == seL4_UntypedObject ? 4 + in_below(in, 12)
                       : type == seL4_CapTableObject ? 1 + in_below(in, 4) : 0;
    word_t bits = get_object_size(type, user_size), count = 1 + in_below(in, 3);
    cte_t *dest = pick(in);
    /* The destination window: count slots from dest, in the same CNode, all empty. */
    for (word_t i = 0; i < count; i++) {
        if (!reached(dest + i) || !cap_is_null(dest[i].cap)) {
            return;
        }
    }
    cap_t cap = ut->cap;
    bool reset = ensure_no_children(ut) == EXCEPTION_NONE;
    retype_plan_t plan = retype_plan(cap_untyped_ptr(cap), cap_untyped_size_bits(cap),
                                     reset ? 0 : cap_untyped_free_index(cap), bits, count);
    if (!plan.fits) {
        return;
    }
    if (reset) {
        ASAN_UNPOISON_MEMORY_REGION((void *)cap_untyped_ptr(cap), BIT(cap_untyped_size_bits(cap)));
        memset((void *)cap_untyped_ptr(cap), 0, BIT(cap_untyped_size_bits(cap)));
        cap_untyped_set_free_index(&ut->cap, 0);
    }
    cap_untyped_set_free_index(&ut->cap, plan.new_free_index);
    for (word_t i = 0; i < count; i++) {
        insert_new_cap(ut, &dest[i], create_object(type, plan.first + (i << bits), user_size, false));
    }
}

/* Copy, Mint, Move, Mutate (cnode.c decode_copy_family). */
static void op_copy_family(fuzz_in_t *in, int kind)
{
    cte_t *dest = pick(in), *src = pick(in);
    word_t rights = in_below(in, 16), data = in_below(in, 2) ? in_below(in, 8) : in_word(in);
    if (!cap_is_null(dest->cap) || cap_is_null(src->cap)) {
        return;
    }
    cap_t c = src->cap;
    if (kind <= 1) { /* Copy, Mint */
        c = mask_cap_rights(rights, c);
        if (kind == 1) {
            c = update_cap_data(false, data, c);
        }
        derive_ret_t d = derive_cap(src, c);
        if (d.status != EXCEPTION_NONE) {
            return;
        }
        c = d.cap;
    } else if (kind == 3) { /* Mutate */
        c = update_cap_data(true, data, c);
    }
    if (cap_is_null(c)) {
        return;
    }
    if (kind >= 2) {
        cte_move(c, src, dest);
    } else {
        cte_insert(c, src, dest);
    }
}

/* Rotate (cnode.c decode_rotate): src -> pivot -> dest, or a swap when dest == src. */
static void op_rotate(fuzz_in_t *in)
{
    cte_t *dest = pick(in), *pivot = pick(in);
    cte_t *src = in_below(in, 2) ? dest : pick(in);
    word_t pdata = in_word(in), sdata = in_word(in);
    if (pivot == src || pivot == dest || (src != dest && !cap_is_null(dest->cap)) ||
        cap_is_null(src->cap) || cap_is_null(pivot->cap)) {
        return;
    }
    cap_t new_src = update_cap_data(true, sdata, src->cap);
    cap_t new_pivot = update_cap_data(true, pdata, pivot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot)) {
        return;
    }
    if (src == dest) {
        cte_swap(new_src, src, new_pivot, pivot);
    } else {
        cte_move(new_pivot, pivot, dest);
        cte_move(new_src, src, pivot);
    }
}

/* After a revoke of an untyped that has no children left, nothing may use its memory. */
static void poison_if_free(cte_t *s)
{
    if (cap_get_type(s->cap) == cap_untyped_cap && ensure_no_children(s) == EXCEPTION_NONE) {
        ASAN_POISON_MEMORY_REGION((void *)cap_untyped_ptr(s->cap), BIT(cap_untyped_size_bits(s->cap)));
    }
}

/* A TCB's CSpace root (tcb.c install after decode_roots): delete the old, insert the new. */
static void op_set_space(fuzz_in_t *in)
{
    cte_t *ts = pick_type(in, cap_thread_cap), *cs = pick(in);
    word_t data = in_below(in, 2) ? 0 : in_word(in);
    if (!ts || cap_get_type(cs->cap) != cap_cnode_cap) {
        return;
    }
    tcb_t *t = (tcb_t *)cap_ptr48(ts->cap);
    cap_t c = data ? update_cap_data(false, data, cs->cap) : cs->cap;
    derive_ret_t d = derive_cap(cs, c);
    if (d.status != EXCEPTION_NONE || cap_get_type(d.cap) != cap_cnode_cap) {
        return;
    }
    cte_t *slot = tcb_cte(t, tcbCTable);
    if ((cap_get_type(slot->cap) == cap_cnode_cap || cap_get_type(slot->cap) == cap_zombie_cap) &&
        is_final_capability(slot)) {
        return; /* decode_roots: "CSpace currently being deleted" */
    }
    if (cte_delete(slot, true) != EXCEPTION_NONE) {
        return;
    }
    if (same_object_as(d.cap, cs->cap) && same_object_as(cap_thread_cap_new((word_t)t), ts->cap)) {
        cte_insert(d.cap, cs, slot);
    }
}

/* ---- the properties ------------------------------------------------------------- */

static void check_all(int op)
{
    reach();
    for (unsigned i = 0; i < n_reach; i++) {
        const cte_t *s = reach_slots[i];
        const char *e = check_cte(s);
        FUZZ_ASSERT(!e, "after op %d: %s", op, e);
        if (cap_get_type(s->cap) == cap_untyped_cap) {
            e = check_untyped_children(s);
            FUZZ_ASSERT(!e, "after op %d: %s", op, e);
        }
        /* Walk to both ends: no cycle, every slot on the way holds a cap. */
        if (cap_is_null(s->cap)) {
            continue;
        }
        word_t steps = 0;
        for (const cte_t *p = s; p; p = mdb_prev(p)) {
            FUZZ_ASSERT(!cap_is_null(p->cap), "after op %d: an empty slot in the list", op);
            FUZZ_ASSERT(++steps < 100000, "after op %d: a cycle in the derivation list", op);
        }
        for (const cte_t *p = s; p; p = mdb_next(p)) {
            FUZZ_ASSERT(!cap_is_null(p->cap), "after op %d: an empty slot in the list", op);
            FUZZ_ASSERT(++steps < 200000, "after op %d: a cycle in the derivation list", op);
        }
    }
}

/* A fresh CSpace: the untyped in slot 0, memory zeroed and unpoisoned. */
static void setup(void)
{
    ASAN_UNPOISON_MEMORY_REGION(memory, sizeof(memory));
    memset(root, 0, sizeof(root));
    memset(memory, 0, sizeof(memory));
    memset(idle_obj, 0, sizeof(idle_obj));
    ks_idle_thread = ks_cur_thread = (tcb_t *)(idle_obj + 1024);
    ks_debug_tcbs = NULL;
    cte_write_root(&root[0], cap_untyped_cap_new((word_t)memory, UT_BITS, false, 0));
}

/* One program: operations until the input ends, properties after each, a final revoke. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in_t in = {data, size};
    setup();
    reach();
    for (int op = 0; op < MAX_OPS && in.n; op++) {
        switch (in_below(&in, 12)) {
        case 0:
        case 1:
        case 2:
            op_retype(&in);
            break;
        case 3:
        case 4:
        case 5:
        case 6:
            op_copy_family(&in, (int)in_below(&in, 4));
            break;
        case 7:
            op_rotate(&in);
            break;
        case 8:
        case 9: {
            cte_t *s = pick(&in);
            FUZZ_ASSERT(cte_delete(s, true) == EXCEPTION_NONE, "cte_delete did not finish");
            break;
        }
        case 10: {
            cte_t *s = pick(&in);
            FUZZ_ASSERT(cte_revoke(s) == EXCEPTION_NONE, "cte_revoke did not finish");
            poison_if_free(s);
            break;
        }
        default:
            op_set_space(&in);
            break;
        }
        check_all(op);
    }
    /* Revoking the root untyped removes everything, wherever it went. */
    FUZZ_ASSERT(cap_get_type(root[0].cap) != cap_untyped_cap || cte_revoke(&root[0]) == EXCEPTION_NONE,
                "final revoke");
    check_all(MAX_OPS);
    return 0;
}

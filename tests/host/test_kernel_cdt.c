/*
 * Host tests: the capability derivation tree (core/cdt.c) with seL4's
 * semantics: copies and finality, revoke of originals and of badged caps,
 * and deleting CNodes and TCBs through Zombies, cycles included.
 */
#include <sel4/objecttype.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/include/cdt.h"
#include "../../kernel/include/objecttype.h"
#include "../../kernel/include/thread.h"
#include "harness.h"

#define UT_BITS 16

static cte_t *cnode;  /* 64 slots: the test's CSpace */
static uint8_t *memory; /* what the untyped in slot 0 covers */

/* Slot 0: an untyped over fresh memory; every other slot empty. */
static void setup(void)
{
    if (!cnode) {
        cnode = aligned_alloc(64 * sizeof(cte_t), 64 * sizeof(cte_t));
        memory = aligned_alloc(1ul << UT_BITS, 1ul << UT_BITS);
    }
    memset(cnode, 0, 64 * sizeof(cte_t));
    memset(memory, 0, 1ul << UT_BITS);
    cte_write_root(&cnode[0], cap_untyped_cap_new((word_t)memory, UT_BITS, false, 0));
    static uint8_t idle_obj[2048] __attribute__((aligned(2048)));
    ks_idle_thread = ks_cur_thread = (tcb_t *)(idle_obj + 1024);
}

/* Retype one object of type at byte offset off of the untyped into slot. */
static void make(word_t type, word_t user_size, word_t off, int slot)
{
    cap_t c = create_object(type, (word_t)memory + off, user_size, false);
    insert_new_cap(&cnode[0], &cnode[slot], c);
}

/* Walk the whole list from slot 0: prev/next agree and every linked slot holds a cap. */
static bool list_consistent(void)
{
    for (int i = 0; i < 64; i++) {
        cte_t *s = &cnode[i];
        if (mdb_next(s) && mdb_prev(mdb_next(s)) != s) {
            return false;
        }
        if (mdb_prev(s) && mdb_next(mdb_prev(s)) != s) {
            return false;
        }
        if (cap_is_null(s->cap) && (mdb_next(s) || mdb_prev(s))) {
            return false;
        }
    }
    return true;
}

HOST_TEST(CDT0001)
{
    setup();
    make(seL4_EndpointObject, 0, 0, 1);
    CHECK(is_final_capability(&cnode[1]));
    cte_insert(cnode[1].cap, &cnode[1], &cnode[2]);
    cte_insert(cnode[2].cap, &cnode[2], &cnode[3]);
    CHECK(!is_final_capability(&cnode[1]));
    CHECK(!is_final_capability(&cnode[3]));
    CHECK(is_mdb_parent_of(&cnode[0], &cnode[1])); /* untyped -> object */
    CHECK(is_mdb_parent_of(&cnode[1], &cnode[2]));  /* the original owns its copies */
    CHECK(!is_mdb_parent_of(&cnode[2], &cnode[3])); /* a copy owns nothing */
    CHECK_EQ_U(cte_delete(&cnode[2], true), EXCEPTION_NONE);
    CHECK_EQ_U(cte_delete(&cnode[3], true), EXCEPTION_NONE);
    CHECK(is_final_capability(&cnode[1]));
    CHECK(list_consistent());
}

/* Revoking an untyped deletes everything made from it; then it has no children. */
HOST_TEST(CDT0002)
{
    setup();
    make(seL4_EndpointObject, 0, 0, 1);
    make(seL4_NotificationObject, 0, 32, 2);
    cte_insert(cnode[1].cap, &cnode[1], &cnode[3]);
    CHECK_EQ_U(ensure_no_children(&cnode[0]), EXCEPTION_SYSCALL_ERROR);
    CHECK_EQ_U(cte_revoke(&cnode[0]), EXCEPTION_NONE);
    for (int i = 1; i <= 3; i++) {
        CHECK(cap_is_null(cnode[i].cap));
    }
    CHECK_EQ_U(ensure_no_children(&cnode[0]), EXCEPTION_NONE);
    CHECK(list_consistent());
}

/* Badges: a minted cap is a child of the unbadged original; revoking it takes its copies only. */
HOST_TEST(CDT0003)
{
    setup();
    make(seL4_EndpointObject, 0, 0, 1);
    cap_t b5 = update_cap_data(false, 5, cnode[1].cap);
    cte_insert(b5, &cnode[1], &cnode[2]);
    cte_insert(cnode[2].cap, &cnode[2], &cnode[3]);           /* copy of badge 5 */
    cap_t b7 = update_cap_data(false, 7, cnode[1].cap);
    cte_insert(b7, &cnode[1], &cnode[4]);
    CHECK(mdb_revocable(&cnode[2]) && mdb_first_badged(&cnode[2]));
    CHECK(cap_is_null(update_cap_data(false, 9, cnode[2].cap))); /* re-badging is refused */
    CHECK_EQ_U(cte_revoke(&cnode[2]), EXCEPTION_NONE);
    CHECK(cap_is_null(cnode[3].cap));
    CHECK(!cap_is_null(cnode[4].cap) && cap_ep_badge(cnode[4].cap) == 7);
    CHECK_EQ_U(cte_revoke(&cnode[1]), EXCEPTION_NONE);
    CHECK(cap_is_null(cnode[2].cap) && cap_is_null(cnode[4].cap));
    CHECK(!cap_is_null(cnode[1].cap));
    CHECK(list_consistent());
}

/*
 * Deleting the last cap to a CNode deletes its contents through a Zombie.  A
 * CNode holding a cap to itself outlives its last outside cap (as on seL4)
 * and goes when its untyped is revoked.
 */
HOST_TEST(CDT0004)
{
    setup();
    make(seL4_CapTableObject, 2, 0, 1); /* 4 slots */
    cte_t *inner = (cte_t *)cap_cnode_ptr(cnode[1].cap);
    make(seL4_EndpointObject, 0, 4096, 2);
    cte_move(cnode[2].cap, &cnode[2], &inner[1]);
    CHECK_EQ_U(cte_delete(&cnode[1], true), EXCEPTION_NONE);
    CHECK(cap_is_null(cnode[1].cap) && cap_is_null(inner[1].cap));

    make(seL4_CapTableObject, 2, 1024, 1);
    inner = (cte_t *)cap_cnode_ptr(cnode[1].cap);
    cte_insert(cnode[1].cap, &cnode[1], &inner[0]);       /* the CNode inside itself */
    make(seL4_EndpointObject, 0, 4096, 2);
    cte_insert(cnode[2].cap, &cnode[2], &inner[3]);
    cte_move(cnode[2].cap, &cnode[2], &inner[2]);         /* the only original, moved in */
    CHECK_EQ_U(cte_delete(&cnode[1], true), EXCEPTION_NONE);
    CHECK(cap_is_null(cnode[1].cap));
    CHECK(!cap_is_null(inner[0].cap) && !cap_is_null(inner[2].cap));
    CHECK_EQ_U(cte_revoke(&cnode[0]), EXCEPTION_NONE);
    for (int i = 0; i < 4; i++) {
        CHECK(cap_is_null(inner[i].cap));
    }
    CHECK(list_consistent());
    CHECK_EQ_U(ensure_no_children(&cnode[0]), EXCEPTION_NONE);
}

/* The last cap to a TCB: the thread leaves the debug list, its own slots are cleared. */
HOST_TEST(CDT0005)
{
    setup();
    ks_debug_tcbs = NULL;
    make(seL4_TCBObject, 0, 0, 1);
    tcb_t *t = (tcb_t *)cap_ptr48(cnode[1].cap);
    CHECK(ks_debug_tcbs == t);
    CHECK(strcmp(tcb_name(t), "child of: ''") == 0);
    make(seL4_EndpointObject, 0, 4096, 2);
    cte_insert(cnode[2].cap, &cnode[2], tcb_cte(t, tcbCTable)); /* something in its CNode */
    cte_insert(cnode[1].cap, &cnode[1], &cnode[3]);
    CHECK_EQ_U(cte_delete(&cnode[1], true), EXCEPTION_NONE); /* not the last cap */
    CHECK(ks_debug_tcbs == t);
    CHECK_EQ_U(cte_delete(&cnode[3], true), EXCEPTION_NONE);
    CHECK(ks_debug_tcbs == NULL);
    CHECK(cap_is_null(tcb_cte(t, tcbCTable)->cap));
    CHECK(t->state == ThreadState_Inactive);
    CHECK(list_consistent());
}

/* Rotate-style moves and swaps keep the links right. */
HOST_TEST(CDT0006)
{
    setup();
    make(seL4_EndpointObject, 0, 0, 1);
    make(seL4_NotificationObject, 0, 32, 2);
    cte_insert(cnode[1].cap, &cnode[1], &cnode[3]);
    cte_swap(cnode[1].cap, &cnode[1], cnode[2].cap, &cnode[2]);
    CHECK_EQ_U(cap_get_type(cnode[1].cap), cap_notification_cap);
    CHECK(mdb_next(&cnode[2]) == &cnode[3]);
    cte_move(cnode[3].cap, &cnode[3], &cnode[10]);
    CHECK(mdb_next(&cnode[2]) == &cnode[10]);
    CHECK(list_consistent());
}

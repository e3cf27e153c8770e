/*
 * Capability derivation tree (seL4's MDB) and the operations on CTEs that
 * keep it consistent: insertion, move, swap, deletion with finalisation
 * (CNodes and TCBs become Zombies that are cleared slot by slot), revoke.
 */
#pragma once

#include "cspace.h"
#include "structures.h"

/* Write an original (root) cap into an empty slot: revocable, first badged. */
void cte_write_root(cte_t *slot, cap_t cap);
/* Insert new_cap, derived from src's cap, into empty dest right after src. */
void cte_insert(cap_t new_cap, cte_t *src, cte_t *dest);
/* Insert a freshly created object's cap as a child of its untyped (parent). */
void insert_new_cap(cte_t *parent, cte_t *slot, cap_t cap);
/* Move src's tree position into empty dest, with new_cap as the cap. */
void cte_move(cap_t new_cap, cte_t *src, cte_t *dest);
/* Exchange two slots' tree positions, giving them cap2 and cap1. */
void cte_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2);

bool is_mdb_parent_of(const cte_t *a, const cte_t *b);
bool is_final_capability(const cte_t *slot);
/* DeleteFirst unless empty; RevokeFirst if the slot has children. */
exception_t ensure_empty_slot(const cte_t *slot);
exception_t ensure_no_children(const cte_t *slot);

/* Delete the cap in slot (may be preempted: the syscall restarts). */
exception_t cte_delete(cte_t *slot, bool exposed);
/* Delete a cap whose finalisation cannot need a Zombie (reply, endpoint, ...). */
void cte_delete_one(cte_t *slot);
/* Delete every descendant of slot's cap (may be preempted). */
exception_t cte_revoke(cte_t *slot);

/* Count work; EXCEPTION_PREEMPTED when enough is done and an interrupt waits. */
exception_t preemption_point(void);

/*
 * Shared helpers for the capability, CNode and untyped tests: a slot
 * allocator in the root CNode with per-test cleanup, an untyped pool,
 * retype shorthands, hand-built invocations and error/MR checks.
 *
 * Resources: every slot comes from bi->empty, handed out in increasing
 * order and never reused.  Memory comes from one non-device boot untyped
 * (the "pool"); tests carve child untypeds or objects from it into their
 * own slots.  A SCRATCH_TEST revokes and deletes every slot it was handed
 * (newest first) when its body returns, pass or fail, so the pool has no
 * children again and the next retype from it resets it.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>

#include "cap_tags.h"
#include "systest.h"

/* Root-CNode slots are named with the root CNode cap and depth 64. */
#define ROOT seL4_CapInitThreadCNode
#define ROOT_DEPTH seL4_WordBits
#define ROOT_RADIX CONFIG_ROOT_CNODE_SIZE_BITS
/* The root CNode's guard: 64 - radix bits of zeros (seL4's create_root_cnode). */
#define ROOT_GUARD_BITS (seL4_WordBits - CONFIG_ROOT_CNODE_SIZE_BITS)

/* A value the kernel never writes: MRs are poisoned with it before error checks. */
#define MR_POISON 0xdeadbeefcafef00dul

/* ---- slots --------------------------------------------------------------- */

/* The next unused empty slot of the root CNode (halts the suite if none is left). */
seL4_CPtr slot_alloc(void);
/* `n` consecutive unused slots; returns the first. */
seL4_CPtr slots_alloc(seL4_Word n);
/* The cap tag in a root-CNode slot (0 = empty). */
seL4_Word cap_tag(seL4_CPtr slot);

/* Start a test's scratch region: slots handed out from now on are cleaned up by scratch_end. */
void scratch_begin(void);
/* Revoke and delete every slot handed out since scratch_begin, newest first.
 * Returns a reason if some slot could not be emptied and `report` is set. */
const char *scratch_end(bool report);

/* A test whose slots are all revoked and deleted after its body, pass or fail. */
#define SCRATCH_TEST(NAME)                                                        \
    static const char *scratch_body_##NAME(void);                                 \
    SYSTEST(NAME)                                                                 \
    {                                                                             \
        scratch_begin();                                                          \
        const char *why_ = scratch_body_##NAME();                                 \
        const char *clean_ = scratch_end(why_ == NULL);                           \
        return why_ ? why_ : clean_;                                              \
    }                                                                             \
    static const char *scratch_body_##NAME(void)

/* ---- untypeds and objects ----------------------------------------------------- */

/* The boot untyped all tests carve from (non-device, at least 2^23 bytes if there is one). */
seL4_CPtr pool_untyped(void);
/* A boot untyped with isDevice == `device` and at least 2^min_bits bytes, other than the pool;
 * the smallest such.  Returns 0 if there is none; *bits gets its size. */
seL4_CPtr boot_untyped(bool device, seL4_Word min_bits, seL4_Word *bits);
/* Retype a fresh 2^bits untyped from the pool into a new slot (*out). */
const char *untyped_new(seL4_Word bits, seL4_CPtr *out);
/* Retype `n` objects from `ut` into `n` new consecutive slots; *first = the first slot. */
const char *objects_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n,
                        seL4_CPtr *first);
/* One object from `ut` into a new slot. */
const char *object_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr *out);
/* One object straight from the pool into a new slot. */
const char *pool_object(seL4_Word type, seL4_Word size_bits, seL4_CPtr *out);
/* Copy (all rights) the cap in root slot `src` into a new root slot (*out). */
const char *copy_new(seL4_CPtr src, seL4_CPtr *out);
/* Mint the cap in root slot `src` with `rights` and `badge` into a new root slot (*out). */
const char *mint_new(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge, seL4_CPtr *out);

/* The tag of the cap at (cnode, index, depth), found by copying it out into a
 * probe slot and deleting the copy again (or, for caps Copy refuses, moving it
 * out and back).  0 if the slot is empty (the copy fails with FailedLookup,
 * MissingCapability), ~0ul on any other error. */
seL4_Word cap_tag_in(seL4_CPtr cnode, seL4_Word index, seL4_Word depth);

/* ---- invocations and checks ------------------------------------------------ */

/* Overwrite MR0..9 of the IPC buffer with MR_POISON. */
void mr_poison(void);

/* seL4_Call `service` with a hand-built message: label, extra caps caps[0..ncaps),
 * data words words[0..len).  Returns the reply's info; its MRs via seL4_GetMR. */
seL4_MessageInfo_t raw_invoke(seL4_CPtr service, seL4_Word label, seL4_Word ncaps,
                              const seL4_CPtr *caps, seL4_Word len, const seL4_Word *words);

/* The printable name of an seL4_Error. */
const char *error_name(seL4_Word err);

/* Reason if `got` is not `want` or reply MR i is not mrs[i] for i < n; NULL if all match. */
const char *check_error(const char *file, int line, seL4_Word got, seL4_Word want,
                        const seL4_Word *mrs, int n);
/* As check_error for a raw reply: also checks the reply length. */
const char *check_reply(const char *file, int line, seL4_MessageInfo_t info, seL4_Word want,
                        seL4_Word length, const seL4_Word *mrs, int n);

/* Return from the test unless `call` gives error `want` (MRs not checked). */
#define EXPECT_ERR(call, want)                                                    \
    do {                                                                          \
        mr_poison();                                                              \
        seL4_Word got_ = (seL4_Word)(call);                                       \
        const char *r_ = check_error(__FILE__, __LINE__, got_, (want), NULL, 0);  \
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* Return from the test unless `call` gives error `want` with reply MRs 0.. = the rest. */
#define EXPECT_ERR_MRS(call, want, ...)                                           \
    do {                                                                          \
        mr_poison();                                                              \
        seL4_Word got_ = (seL4_Word)(call);                                       \
        const seL4_Word mrs_[] = {__VA_ARGS__};                                   \
        const char *r_ = check_error(__FILE__, __LINE__, got_, (want), mrs_,      \
                                     (int)(sizeof(mrs_) / sizeof(mrs_[0])));      \
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* Return from the test unless `call` succeeds. */
#define EXPECT_OK(call) EXPECT_ERR(call, seL4_NoError)

/* Return from the test unless raw reply `info` has label `want`, `len` MRs,
 * and MRs 0.. = the rest. */
#define EXPECT_REPLY(info, want, len, ...)                                        \
    do {                                                                          \
        const seL4_Word mrs_[] = {__VA_ARGS__};                                   \
        const char *r_ = check_reply(__FILE__, __LINE__, (info), (want), (len),   \
                                     mrs_, (int)(sizeof(mrs_) / sizeof(mrs_[0])));\
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* Return from the test unless raw reply `info` has label `want` and no MRs. */
#define EXPECT_REPLY0(info, want)                                                 \
    do {                                                                          \
        const char *r_ = check_reply(__FILE__, __LINE__, (info), (want), 0, NULL, 0); \
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* Return the reason from a helper that failed. */
#define TRY(call)                                                                 \
    do {                                                                          \
        const char *r_ = (call);                                                  \
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* Return from the test unless root slot `slot` holds a cap with tag `tag`. */
#define EXPECT_TAG(slot, tag)                                                     \
    do {                                                                          \
        seL4_Word t_ = cap_tag(slot);                                             \
        if (t_ != (seL4_Word)(tag)) {                                             \
            return systest_reason("%s:%d: slot %lu has cap tag %lu, expected %lu", \
                                  __FILE__, __LINE__, (unsigned long)(slot),      \
                                  (unsigned long)t_, (unsigned long)(tag));       \
        }                                                                         \
    } while (0)

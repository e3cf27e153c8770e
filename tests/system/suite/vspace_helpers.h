/*
 * Helpers for the VSpace tests (vspace.c): their own slots, their own
 * memory, error checks and the paging-structure setup they all need.
 *
 * Resources, kept apart from the other tests:
 *  - slots: root-CNode slots bi->empty.start + 30000 .. + 40000.  A test
 *    brackets its work with vs_begin() / vs_end(); vs_end() revokes and
 *    deletes every slot handed out since vs_begin(), newest first, and hands
 *    the same slots out again next time.
 *  - memory: one 2^24 untyped retyped (once, kept) from the last 2^24 RAM
 *    boot untyped; tests retype from it only through slots of their own, so
 *    when a test ends the untyped has no children and its next retype resets
 *    it.  1 GiB frames come from a device untyped (vs_huge_device_untyped).
 *  - ASID pools: a test that makes pools deletes them before it ends.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>

#include "systest.h"

/* Root-CNode addressing: slot numbers with depth 64. */
#define VS_ROOT seL4_CapInitThreadCNode
#define VS_DEPTH seL4_WordBits

/* seL4_DebugCapIdentify tags used in the checks. */
#define VS_TAG_NULL 0
#define VS_TAG_FRAME 1
#define VS_TAG_UNTYPED 2
#define VS_TAG_ASID_POOL 13

/* An address range no other test maps into the root VSpace: PML4 entry 2 (1 TiB .. 1.5 TiB). */
#define VS_AREA 0x10000000000ul

/* Start a test's slot region. */
void vs_begin(void);
/* Empty every slot handed out since vs_begin; a reason if one stays full. */
const char *vs_end(void);
/* The next free slot (n consecutive ones for vs_slots). */
seL4_CPtr vs_slot(void);
seL4_CPtr vs_slots(seL4_Word n);

/* The VSpace tests' memory: a 2^24 untyped (made on first use). 0 if none. */
seL4_CPtr vs_memory(void);
/* Its physical base address. */
seL4_Word vs_memory_paddr(void);
/*
 * A device untyped of at least 2^30 bytes above 4 GiB (nothing there in a
 * QEMU with less RAM), for 1 GiB frames that are mapped but never touched:
 * a RAM one would cost a reset of 1 GiB (seconds under TCG).  0 if none.
 */
seL4_CPtr vs_huge_device_untyped(void);

/* Retype n objects of `type` from `ut` into fresh consecutive slots; *first = the first. */
const char *vs_retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n,
                      seL4_CPtr *first);
/* One object of `type` from the tests' memory into a fresh slot. */
const char *vs_new(seL4_Word type, seL4_Word size_bits, seL4_CPtr *out);
/* A PML4 with an ASID from `pool`. */
const char *vs_new_vspace(seL4_CPtr pool, seL4_CPtr *pml4);
/* Map a new PDPT, PD and PT covering vaddr into `vspace` (each only if missing). */
const char *vs_map_tables(seL4_CPtr vspace, seL4_Word vaddr);
/* A new ASID pool made from a fresh 4 KiB untyped; its cap in *pool. */
const char *vs_new_pool(seL4_CPtr *pool);
/* Copy the cap in `src` (all rights) into a fresh slot. */
const char *vs_copy(seL4_CPtr src, seL4_CPtr *out);

/* seL4_Call `service` with a hand-made message: label, extra caps, data words. */
seL4_MessageInfo_t vs_raw(seL4_CPtr service, seL4_Word label, seL4_Word ncaps,
                          const seL4_CPtr *caps, seL4_Word len, const seL4_Word *words);

/* The printable name of an seL4_Error. */
const char *vs_error_name(seL4_Word err);
/* Reason unless `got` is `want` and MR i is mrs[i] for i < n. */
const char *vs_check(const char *file, int line, seL4_Word got, seL4_Word want,
                     const seL4_Word *mrs, int n);

/* Return from the test unless `call` gives error `want` and reply MRs 0.. = the rest. */
#define VS_EXPECT(call, want, ...)                                                  \
    do {                                                                            \
        seL4_Word got_ = (seL4_Word)(call);                                         \
        const seL4_Word mrs_[] = {0, ##__VA_ARGS__};                                \
        const char *r_ = vs_check(__FILE__, __LINE__, got_, (want), mrs_ + 1,       \
                                  (int)(sizeof(mrs_) / sizeof(mrs_[0])) - 1);       \
        if (r_) {                                                                   \
            return r_;                                                              \
        }                                                                           \
    } while (0)

/* Return from the test unless raw reply `info` has label `want`, `len` MRs, MRs 0.. = the rest. */
#define VS_EXPECT_REPLY(info, want, len, ...)                                       \
    do {                                                                            \
        seL4_MessageInfo_t i_ = (info);                                             \
        if (seL4_MessageInfo_get_length(i_) != (seL4_Word)(len)) {                  \
            return systest_reason("%s:%d: reply length %lu, expected %lu", __FILE__, \
                                  __LINE__, (unsigned long)seL4_MessageInfo_get_length(i_), \
                                  (unsigned long)(len));                            \
        }                                                                           \
        VS_EXPECT(seL4_MessageInfo_get_label(i_), want, ##__VA_ARGS__);             \
    } while (0)

/* Return from the test unless `call` succeeds. */
#define VS_OK(call) VS_EXPECT(call, seL4_NoError)

/* Return the reason from a helper that failed. */
#define VS_TRY(call)                                                                \
    do {                                                                            \
        const char *r_ = (call);                                                    \
        if (r_) {                                                                   \
            return r_;                                                              \
        }                                                                           \
    } while (0)

/* A test whose slots are emptied after its body, pass or fail. */
#define VSPACE_TEST(NAME)                                                           \
    static const char *vs_body_##NAME(void);                                        \
    SYSTEST(NAME)                                                                   \
    {                                                                               \
        vs_begin();                                                                 \
        const char *why_ = vs_body_##NAME();                                        \
        const char *clean_ = vs_end();                                              \
        return why_ ? why_ : clean_;                                                \
    }                                                                               \
    static const char *vs_body_##NAME(void)

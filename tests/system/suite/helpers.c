/*
 * Shared helpers for the capability tests (see helpers.h): slot allocator,
 * scratch cleanup, the untyped pool, retype shorthands and error checks.
 */
#include <string.h>

#include "helpers.h"

/* Next slot slot_alloc hands out (0: not yet initialised from bootinfo). */
static seL4_CPtr next_slot;
/* First slot of the running SCRATCH_TEST (0: none running). */
static seL4_CPtr scratch_start;
/* A slot cap_tag_in copies into and empties again; allocated on first use. */
static seL4_CPtr probe_slot;

seL4_CPtr slots_alloc(seL4_Word n)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    if (next_slot == 0) {
        next_slot = bi->empty.start;
    }
    if (n > bi->empty.end - next_slot) {
        printf("helpers: the root CNode has no %lu free slots left; halting\n", (unsigned long)n);
        seL4_DebugHalt();
    }
    seL4_CPtr first = next_slot;
    next_slot += n;
    return first;
}

seL4_CPtr slot_alloc(void)
{
    return slots_alloc(1);
}

seL4_Word cap_tag(seL4_CPtr slot)
{
    return seL4_DebugCapIdentify(slot);
}

void scratch_begin(void)
{
    scratch_start = slots_alloc(0);
}

const char *scratch_end(bool report)
{
    const char *why = NULL;
    seL4_CPtr end = slots_alloc(0);
    for (seL4_CPtr s = end; s > scratch_start; s--) {
        seL4_CPtr slot = s - 1;
        if (cap_tag(slot) == TAG_NULL) {
            continue;
        }
        seL4_CNode_Revoke(ROOT, slot, ROOT_DEPTH);
        seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH);
        if (cap_tag(slot) != TAG_NULL && why == NULL && report) {
            why = systest_reason("cleanup: slot %lu still holds cap tag %lu after Revoke+Delete",
                                 (unsigned long)slot, (unsigned long)cap_tag(slot));
        }
    }
    scratch_start = 0;
    return why;
}

seL4_CPtr pool_untyped(void)
{
    static seL4_CPtr pool;
    if (pool != 0) {
        return pool;
    }
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word n = bi->untyped.end - bi->untyped.start;
    seL4_Word best = n, largest = n;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice) {
            continue;
        }
        if (largest == n || u->sizeBits > bi->untypedList[largest].sizeBits) {
            largest = i;
        }
        if (u->sizeBits >= 23 && (best == n || u->sizeBits < bi->untypedList[best].sizeBits)) {
            best = i;
        }
    }
    if (best == n) {
        best = largest;
    }
    if (best == n) {
        printf("helpers: no RAM untyped in bootinfo; halting\n");
        seL4_DebugHalt();
    }
    pool = bi->untyped.start + best;
    return pool;
}

seL4_CPtr boot_untyped(bool device, seL4_Word min_bits, seL4_Word *bits)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word n = bi->untyped.end - bi->untyped.start;
    seL4_Word best = n;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if ((bool)u->isDevice != device || u->sizeBits < min_bits ||
            bi->untyped.start + i == pool_untyped()) {
            continue;
        }
        if (best == n || u->sizeBits < bi->untypedList[best].sizeBits) {
            best = i;
        }
    }
    if (best == n) {
        return 0;
    }
    *bits = bi->untypedList[best].sizeBits;
    return bi->untyped.start + best;
}

const char *objects_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n,
                        seL4_CPtr *first)
{
    seL4_CPtr slot = slots_alloc(n);
    seL4_Error err = seL4_Untyped_Retype(ut, type, size_bits, ROOT, 0, 0, slot, n);
    if (err != seL4_NoError) {
        return systest_reason("retype of %lu objects of type %lu (size %lu) from slot %lu: %s",
                              (unsigned long)n, (unsigned long)type, (unsigned long)size_bits,
                              (unsigned long)ut, error_name(err));
    }
    *first = slot;
    return NULL;
}

const char *object_new(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_CPtr *out)
{
    return objects_new(ut, type, size_bits, 1, out);
}

const char *untyped_new(seL4_Word bits, seL4_CPtr *out)
{
    return object_new(pool_untyped(), seL4_UntypedObject, bits, out);
}

const char *pool_object(seL4_Word type, seL4_Word size_bits, seL4_CPtr *out)
{
    return object_new(pool_untyped(), type, size_bits, out);
}

const char *mint_new(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge, seL4_CPtr *out)
{
    seL4_CPtr slot = slot_alloc();
    seL4_Error err = seL4_CNode_Mint(ROOT, slot, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, badge);
    if (err != seL4_NoError) {
        return systest_reason("mint of slot %lu (badge %#lx): %s", (unsigned long)src,
                              (unsigned long)badge, error_name(err));
    }
    *out = slot;
    return NULL;
}

const char *copy_new(seL4_CPtr src, seL4_CPtr *out)
{
    seL4_CPtr slot = slot_alloc();
    seL4_Error err = seL4_CNode_Copy(ROOT, slot, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights);
    if (err != seL4_NoError) {
        return systest_reason("copy of slot %lu: %s", (unsigned long)src, error_name(err));
    }
    *out = slot;
    return NULL;
}

seL4_Word cap_tag_in(seL4_CPtr cnode, seL4_Word index, seL4_Word depth)
{
    if (probe_slot == 0) {
        probe_slot = slot_alloc();
    }
    seL4_Error err = seL4_CNode_Copy(ROOT, probe_slot, ROOT_DEPTH, cnode, index, (seL4_Uint8)depth,
                                     seL4_AllRights);
    if (err == seL4_FailedLookup && seL4_GetMR(0) == 1 &&
        seL4_GetMR(1) == seL4_MissingCapability) {
        return TAG_NULL;
    }
    if (err == seL4_IllegalOperation || err == seL4_RevokeFirst) {
        /* A cap that cannot be copied: move it out and back instead. */
        if (seL4_CNode_Move(ROOT, probe_slot, ROOT_DEPTH, cnode, index, (seL4_Uint8)depth) !=
            seL4_NoError) {
            return ~0ul;
        }
        seL4_Word tag = cap_tag(probe_slot);
        if (seL4_CNode_Move(cnode, index, (seL4_Uint8)depth, ROOT, probe_slot, ROOT_DEPTH) !=
            seL4_NoError) {
            return ~0ul;
        }
        return tag;
    }
    if (err != seL4_NoError) {
        return ~0ul;
    }
    seL4_Word tag = cap_tag(probe_slot);
    if (seL4_CNode_Delete(ROOT, probe_slot, ROOT_DEPTH) != seL4_NoError) {
        return ~0ul;
    }
    return tag;
}

void mr_poison(void)
{
    for (int i = 0; i < 10; i++) {
        seL4_SetMR(i, MR_POISON);
    }
}

seL4_MessageInfo_t raw_invoke(seL4_CPtr service, seL4_Word label, seL4_Word ncaps,
                              const seL4_CPtr *caps, seL4_Word len, const seL4_Word *words)
{
    mr_poison();
    for (seL4_Word i = 0; i < ncaps; i++) {
        seL4_SetCap((int)i, caps[i]);
    }
    for (seL4_Word i = 0; i < len; i++) {
        seL4_SetMR((int)i, words[i]);
    }
    return seL4_Call(service, seL4_MessageInfo_new(label, 0, ncaps, len));
}

const char *error_name(seL4_Word err)
{
#define ERROR_NAME_(name, value) [value] = #name,
    static const char *const names[] = {SEL4_ERROR_LIST(ERROR_NAME_)};
#undef ERROR_NAME_
    if (err < sizeof(names) / sizeof(names[0])) {
        return names[err];
    }
    return "(not an seL4_Error)";
}

/* The file name without its directories, for short reasons. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

const char *check_error(const char *file, int line, seL4_Word got, seL4_Word want,
                        const seL4_Word *mrs, int n)
{
    seL4_Word seen[10];
    for (int i = 0; i < n && i < 10; i++) {
        seen[i] = seL4_GetMR(i);
    }
    if (got != want) {
        return systest_reason("%s:%d: got %s (%lu), expected %s", base_name(file), line,
                              error_name(got), (unsigned long)got, error_name(want));
    }
    for (int i = 0; i < n && i < 10; i++) {
        if (seen[i] != mrs[i]) {
            return systest_reason("%s:%d: %s as expected, but MR%d = %#lx, expected %#lx",
                                  base_name(file), line, error_name(want), i,
                                  (unsigned long)seen[i], (unsigned long)mrs[i]);
        }
    }
    return NULL;
}

const char *check_reply(const char *file, int line, seL4_MessageInfo_t info, seL4_Word want,
                        seL4_Word length, const seL4_Word *mrs, int n)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    seL4_Word len = seL4_MessageInfo_get_length(info);
    const char *why = check_error(file, line, label, want, mrs, n);
    if (why) {
        return why;
    }
    if (len != length) {
        return systest_reason("%s:%d: %s as expected, but the reply has %lu MRs, expected %lu",
                              base_name(file), line, error_name(want), (unsigned long)len,
                              (unsigned long)length);
    }
    return NULL;
}

/*
 * Helpers for the VSpace tests (see vspace_helpers.h): slots, memory,
 * paging-structure setup and error checks.
 */
#include <string.h>

#include "vspace_helpers.h"

#define VS_SLOT_FIRST 30000
#define VS_SLOT_LAST 40000

/* Next slot to hand out, and where the running test's region started (0: not yet set). */
static seL4_CPtr next_slot, region_start;

/* First slot of the VSpace tests' range. */
static seL4_CPtr range_start(void)
{
    return seL4_GetBootInfo()->empty.start + VS_SLOT_FIRST;
}

seL4_CPtr vs_slots(seL4_Word n)
{
    if (next_slot == 0) {
        next_slot = range_start() + 1; /* the first slot keeps the tests' memory */
    }
    if (next_slot + n > seL4_GetBootInfo()->empty.start + VS_SLOT_LAST) {
        printf("vspace_helpers: out of slots; halting\n");
        seL4_DebugHalt();
    }
    seL4_CPtr first = next_slot;
    next_slot += n;
    return first;
}

seL4_CPtr vs_slot(void)
{
    return vs_slots(1);
}

void vs_begin(void)
{
    region_start = vs_slots(0);
}

const char *vs_end(void)
{
    const char *why = NULL;
    for (seL4_CPtr s = next_slot; s > region_start; s--) {
        seL4_CPtr slot = s - 1;
        if (seL4_DebugCapIdentify(slot) == VS_TAG_NULL) {
            continue;
        }
        seL4_CNode_Revoke(VS_ROOT, slot, VS_DEPTH);
        seL4_CNode_Delete(VS_ROOT, slot, VS_DEPTH);
        if (seL4_DebugCapIdentify(slot) != VS_TAG_NULL && !why) {
            why = systest_reason("cleanup: slot %lu is not empty after Revoke+Delete",
                                 (unsigned long)slot);
        }
    }
    next_slot = region_start;
    return why;
}

/*
 * The boot untyped the other capability tests carve from (helpers.c's
 * pool_untyped: the first of the smallest RAM untypeds of at least 2^23).
 */
static seL4_Word others_pool_index(const seL4_BootInfo *bi)
{
    seL4_Word n = bi->untyped.end - bi->untyped.start, best = n;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits >= 23 &&
            (best == n || u->sizeBits < bi->untypedList[best].sizeBits)) {
            best = i;
        }
    }
    return best;
}

/* The last RAM boot untyped of exactly 2^bits bytes that is not the others' pool, or 0. */
static seL4_CPtr boot_untyped_of_size(seL4_Word bits)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr found = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits == bits && i != others_pool_index(bi)) {
            found = bi->untyped.start + i;
        }
    }
    return found;
}

/* The tests' memory and its physical address (0 until made). */
static seL4_CPtr memory;
static seL4_Word memory_paddr;

seL4_CPtr vs_memory(void)
{
    if (memory) {
        return memory;
    }
    /* The last boot untyped of 2^24 (others pick the first of a size); else a bigger one. */
    seL4_BootInfo *bi = seL4_GetBootInfo();
    for (seL4_Word bits = 24; bits < 30 && !memory; bits++) {
        seL4_CPtr parent = boot_untyped_of_size(bits);
        if (parent && seL4_Untyped_Retype(parent, seL4_UntypedObject, 24, VS_ROOT, 0, 0,
                                          range_start(), 1) == seL4_NoError) {
            memory = range_start();
            /* A boot untyped's first retype resets it: the child starts at its base. */
            memory_paddr = bi->untypedList[parent - bi->untyped.start].paddr;
        }
    }
    return memory;
}

seL4_Word vs_memory_paddr(void)
{
    vs_memory();
    return memory_paddr;
}

seL4_CPtr vs_huge_device_untyped(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && u->sizeBits >= seL4_HugePageBits && u->paddr >= (1ul << 32)) {
            return bi->untyped.start + i;
        }
    }
    return 0;
}

const char *vs_retype(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits, seL4_Word n,
                      seL4_CPtr *first)
{
    if (!ut) {
        return "no untyped memory for the VSpace tests";
    }
    seL4_CPtr slot = vs_slots(n);
    seL4_Error err = seL4_Untyped_Retype(ut, type, size_bits, VS_ROOT, 0, 0, slot, n);
    if (err != seL4_NoError) {
        return systest_reason("retype of %lu objects of type %lu from slot %lu: %s",
                              (unsigned long)n, (unsigned long)type, (unsigned long)ut,
                              vs_error_name(err));
    }
    *first = slot;
    return NULL;
}

const char *vs_new(seL4_Word type, seL4_Word size_bits, seL4_CPtr *out)
{
    return vs_retype(vs_memory(), type, size_bits, 1, out);
}

const char *vs_new_vspace(seL4_CPtr pool, seL4_CPtr *pml4)
{
    VS_TRY(vs_new(seL4_X64_PML4Object, 0, pml4));
    seL4_Error err = seL4_X86_ASIDPool_Assign(pool, *pml4);
    if (err != seL4_NoError) {
        return systest_reason("ASIDPool_Assign: %s", vs_error_name(err));
    }
    return NULL;
}

/* Map one paging structure of `type` with `map` unless it is there (DeleteFirst). */
static const char *map_table(seL4_Word type, seL4_CPtr vspace, seL4_Word vaddr,
                             seL4_Error (*map)(seL4_CPtr, seL4_CPtr, seL4_Word,
                                               seL4_X86_VMAttributes))
{
    seL4_CPtr table;
    VS_TRY(vs_new(type, 0, &table));
    seL4_Error err = map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
    if (err == seL4_DeleteFirst) {
        seL4_CNode_Delete(VS_ROOT, table, VS_DEPTH);
        return NULL;
    }
    if (err != seL4_NoError) {
        return systest_reason("mapping a paging structure of type %lu at %#lx: %s",
                              (unsigned long)type, (unsigned long)vaddr, vs_error_name(err));
    }
    return NULL;
}

const char *vs_map_tables(seL4_CPtr vspace, seL4_Word vaddr)
{
    VS_TRY(map_table(seL4_X86_PDPTObject, vspace, vaddr, seL4_X86_PDPT_Map));
    VS_TRY(map_table(seL4_X86_PageDirectoryObject, vspace, vaddr, seL4_X86_PageDirectory_Map));
    return map_table(seL4_X86_PageTableObject, vspace, vaddr, seL4_X86_PageTable_Map);
}

const char *vs_new_pool(seL4_CPtr *pool)
{
    seL4_CPtr ut;
    VS_TRY(vs_new(seL4_UntypedObject, seL4_ASIDPoolBits, &ut));
    seL4_CPtr slot = vs_slot();
    seL4_Error err =
        seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, ut, VS_ROOT, slot, VS_DEPTH);
    if (err != seL4_NoError) {
        return systest_reason("ASIDControl_MakePool: %s", vs_error_name(err));
    }
    *pool = slot;
    return NULL;
}

const char *vs_copy(seL4_CPtr src, seL4_CPtr *out)
{
    seL4_CPtr slot = vs_slot();
    seL4_Error err =
        seL4_CNode_Copy(VS_ROOT, slot, VS_DEPTH, VS_ROOT, src, VS_DEPTH, seL4_AllRights);
    if (err != seL4_NoError) {
        return systest_reason("copy of slot %lu: %s", (unsigned long)src, vs_error_name(err));
    }
    *out = slot;
    return NULL;
}

seL4_MessageInfo_t vs_raw(seL4_CPtr service, seL4_Word label, seL4_Word ncaps,
                          const seL4_CPtr *caps, seL4_Word len, const seL4_Word *words)
{
    for (seL4_Word i = 0; i < ncaps; i++) {
        seL4_SetCap((int)i, caps[i]);
    }
    for (seL4_Word i = 0; i < len; i++) {
        seL4_SetMR((int)i, words[i]);
    }
    return seL4_Call(service, seL4_MessageInfo_new(label, 0, ncaps, len));
}

const char *vs_error_name(seL4_Word err)
{
#define VS_ERROR_NAME_(name, value) [value] = #name,
    static const char *const names[] = {SEL4_ERROR_LIST(VS_ERROR_NAME_)};
#undef VS_ERROR_NAME_
    if (err < sizeof(names) / sizeof(names[0]) && names[err]) {
        return names[err];
    }
    return "(not an seL4_Error)";
}

const char *vs_check(const char *file, int line, seL4_Word got, seL4_Word want,
                     const seL4_Word *mrs, int n)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (got != want) {
        return systest_reason("%s:%d: got %s (%lu), expected %s", base, line, vs_error_name(got),
                              (unsigned long)got, vs_error_name(want));
    }
    for (int i = 0; i < n; i++) {
        if (seL4_GetMR(i) != mrs[i]) {
            return systest_reason("%s:%d: %s as expected, but MR%d = %#lx, expected %#lx", base,
                                  line, vs_error_name(want), i, (unsigned long)seL4_GetMR(i),
                                  (unsigned long)mrs[i]);
        }
    }
    return NULL;
}

/*
 * Creating the system's objects.  Slots come from the bootinfo's empty
 * range, memory from the RAM untypeds (device untypeds are never used).
 * Objects are retyped largest first, so alignment wastes little, and
 * runs of equal objects in one Untyped_Retype call each.
 *
 * We track each untyped's watermark ourselves: the kernel aligns a retype
 * up to the object size from the untyped's free index, and so do we, so
 * our view and the kernel's agree as long as nothing else retypes them.
 */
#include <stdbool.h>
#include <stdio.h>

#include "loader.h"

#define MAX_UNTYPEDS CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS

/* One RAM untyped: its cap, size and how much we have used. */
struct untyped {
    seL4_CPtr cap;
    seL4_Word size_bits;
    seL4_Word used; /* bytes from its start */
};

static struct untyped untypeds[MAX_UNTYPEDS];
static int n_untypeds;
static seL4_CPtr next_slot, end_slot;

/* Hand out slots from the bootinfo's empty range. */
void loader_init_slots(const seL4_BootInfo *bi)
{
    next_slot = bi->empty.start;
    end_slot = bi->empty.end;
}

/* The next free slot of our CNode; stops if none is left. */
seL4_CPtr loader_alloc_slot(void)
{
    if (next_slot >= end_slot) {
        loader_fail("out of CNode slots (the system needs more than %lu)",
                    (unsigned long)(end_slot - next_slot));
    }
    return next_slot++;
}

/* Record the RAM untypeds the kernel gave us. */
void loader_init_untypeds(const seL4_BootInfo *bi)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start && n_untypeds < MAX_UNTYPEDS; i++) {
        if (!bi->untypedList[i].isDevice) {
            untypeds[n_untypeds++] = (struct untyped){bi->untyped.start + i,
                                                      bi->untypedList[i].sizeBits, 0};
        }
    }
}

/* An untyped with room for at least one object of 2^bits bytes; its aligned offset in *at. */
static struct untyped *find_room(seL4_Word bits, seL4_Word *at)
{
    for (int i = 0; i < n_untypeds; i++) {
        struct untyped *u = &untypeds[i];
        seL4_Word size = 1ul << bits;
        seL4_Word aligned = (u->used + size - 1) & ~(size - 1);
        if (u->size_bits >= bits && aligned + size <= (1ul << u->size_bits)) {
            *at = aligned;
            return u;
        }
    }
    loader_fail("out of memory for an object of %lu bytes", 1ul << bits);
}

/*
 * Retype count objects of one type into consecutive slots from first, as
 * few calls as the untypeds and the kernel's fan-out limit allow.
 */
static void retype_run(seL4_Word type, seL4_Word size_bits, seL4_Word mem_bits, seL4_CPtr first,
                       seL4_Word count)
{
    while (count > 0) {
        seL4_Word at;
        struct untyped *u = find_room(mem_bits, &at);
        seL4_Word fits = ((1ul << u->size_bits) - at) >> mem_bits;
        seL4_Word n = count < fits ? count : fits;
        n = n < CONFIG_RETYPE_FAN_OUT_LIMIT ? n : CONFIG_RETYPE_FAN_OUT_LIMIT;
        loader_check(seL4_Untyped_Retype(u->cap, type, size_bits, seL4_CapInitThreadCNode, 0, 0,
                                         first, n),
                     "Untyped_Retype", NULL);
        u->used = at + (n << mem_bits);
        first += n;
        count -= n;
    }
}

/* One object for the loader's own use; returns its slot. */
seL4_CPtr loader_create_one(seL4_Word type, seL4_Word size_bits, seL4_Word mem_bits)
{
    seL4_CPtr slot = loader_alloc_slot();
    retype_run(type, size_bits, mem_bits, slot, 1);
    return slot;
}

/* The seL4 object type, Retype size argument and memory size of an image object. */
static void object_type(const struct sysimage_object *o, seL4_Word *type, seL4_Word *size_bits,
                        seL4_Word *mem_bits)
{
    static const struct {
        seL4_Word type, mem_bits;
    } fixed[SYSOBJ_KIND_COUNT] = {
        [SYSOBJ_UNTYPED] = {seL4_UntypedObject, 0},
        [SYSOBJ_TCB] = {seL4_TCBObject, seL4_TCBBits},
        [SYSOBJ_ENDPOINT] = {seL4_EndpointObject, seL4_EndpointBits},
        [SYSOBJ_NOTIFICATION] = {seL4_NotificationObject, seL4_NotificationBits},
        [SYSOBJ_CNODE] = {seL4_CapTableObject, seL4_SlotBits},
        [SYSOBJ_FRAME] = {seL4_X86_4K, seL4_PageBits},
        [SYSOBJ_PML4] = {seL4_X64_PML4Object, seL4_PML4Bits},
        [SYSOBJ_PDPT] = {seL4_X86_PDPTObject, seL4_PDPTBits},
        [SYSOBJ_PD] = {seL4_X86_PageDirectoryObject, seL4_PageDirBits},
        [SYSOBJ_PT] = {seL4_X86_PageTableObject, seL4_PageTableBits},
    };
    *type = fixed[o->kind].type;
    *size_bits = 0;
    *mem_bits = fixed[o->kind].mem_bits;
    if (o->kind == SYSOBJ_UNTYPED) {
        *size_bits = o->size_bits;
        *mem_bits = o->size_bits;
    } else if (o->kind == SYSOBJ_CNODE) {
        *size_bits = o->size_bits;
        *mem_bits = o->size_bits + seL4_SlotBits;
    }
}

/*
 * Create every object of the image: for each size from large to small and
 * each kind, the objects of that kind and size get consecutive slots and
 * are retyped together.
 */
void loader_create_objects(struct loader *l)
{
    uint32_t n = l->h->n_objects;
    for (int bits = 63; bits >= 0; bits--) {
        for (int kind = 0; kind < SYSOBJ_KIND_COUNT; kind++) {
            seL4_CPtr first = 0;
            seL4_Word count = 0, type = 0, size_bits = 0;
            for (uint32_t i = 0; i <= n; i++) {
                seL4_Word t = 0, s = 0, m = 0;
                bool member = i < n && l->objects[i].kind == kind;
                if (member) {
                    object_type(&l->objects[i], &t, &s, &m);
                    member = m == (seL4_Word)bits;
                }
                if (count > 0 && (!member || s != size_bits)) {
                    retype_run(type, size_bits, (seL4_Word)bits, first, count);
                    count = 0;
                }
                if (member) {
                    l->slot[i] = loader_alloc_slot();
                    first = count == 0 ? l->slot[i] : first;
                    type = t, size_bits = s, count++;
                }
            }
        }
    }
}

/*
 * Building the programs' address spaces:
 *   1. every VSpace root (PML4) gets an ASID from the root task's pool;
 *   2. each program's PDPTs, PDs and PTs are mapped, in that order (sdc
 *      lists them so);
 *   3. each page: we copy the frame cap (a frame cap maps once, and the
 *      original stays unmapped for CNode copies and TCB_Configure), put the
 *      page's content in through a scratch mapping in our own VSpace, then
 *      map the copy into the program's VSpace.
 *
 * The scratch address is far above the loader's image, in a 512 GiB range
 * of its own; the loader maps a PDPT, PD and PT there first.
 */
#include <string.h>

#include "loader.h"

#define SCRATCH_VADDR 0x10000000000ul /* 1 TiB */

/*
 * Give our own VSpace a PDPT, PD and PT for SCRATCH_VADDR.  Nothing of
 * the root task lives within 512 GiB of it, so all three are missing.
 */
static void init_scratch(void)
{
    seL4_CPtr pdpt = loader_create_one(seL4_X86_PDPTObject, 0, seL4_PDPTBits);
    seL4_CPtr pd = loader_create_one(seL4_X86_PageDirectoryObject, 0, seL4_PageDirBits);
    seL4_CPtr pt = loader_create_one(seL4_X86_PageTableObject, 0, seL4_PageTableBits);
    loader_check(seL4_X86_PDPT_Map(pdpt, seL4_CapInitThreadVSpace, SCRATCH_VADDR,
                                   seL4_X86_Default_VMAttributes),
                 "PDPT_Map", "the loader's scratch page");
    loader_check(seL4_X86_PageDirectory_Map(pd, seL4_CapInitThreadVSpace, SCRATCH_VADDR,
                                            seL4_X86_Default_VMAttributes),
                 "PageDirectory_Map", "the loader's scratch page");
    loader_check(seL4_X86_PageTable_Map(pt, seL4_CapInitThreadVSpace, SCRATCH_VADDR,
                                        seL4_X86_Default_VMAttributes),
                 "PageTable_Map", "the loader's scratch page");
}

/* Copy 4 KiB of image content into frame through the scratch mapping. */
static void fill_frame(seL4_CPtr frame, const unsigned char *content)
{
    loader_check(seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, SCRATCH_VADDR, seL4_ReadWrite,
                                   seL4_X86_Default_VMAttributes),
                 "Page_Map", "the loader's scratch page");
    memcpy((void *)SCRATCH_VADDR, content, 1ul << seL4_PageBits);
    loader_check(seL4_X86_Page_Unmap(frame), "Page_Unmap", "the loader's scratch page");
}

/* Map one paging structure of program p. */
static void map_table(const struct loader *l, const struct sysimage_program *p,
                      const struct sysimage_table *t)
{
    seL4_CPtr table = l->slot[t->object];
    seL4_CPtr vspace = l->slot[p->vspace];
    seL4_Error err;
    switch (l->objects[t->object].kind) {
    case SYSOBJ_PDPT:
        err = seL4_X86_PDPT_Map(table, vspace, t->vaddr, seL4_X86_Default_VMAttributes);
        break;
    case SYSOBJ_PD:
        err = seL4_X86_PageDirectory_Map(table, vspace, t->vaddr, seL4_X86_Default_VMAttributes);
        break;
    case SYSOBJ_PT:
        err = seL4_X86_PageTable_Map(table, vspace, t->vaddr, seL4_X86_Default_VMAttributes);
        break;
    default:
        loader_fail("image table entry %lu is not a paging structure", (unsigned long)t->object);
    }
    loader_check(err, "mapping a paging structure", loader_string(l, p->name));
}

/* Fill and map one page of program p. */
static void map_page(const struct loader *l, const struct sysimage_program *p,
                     const struct sysimage_page *pg)
{
    seL4_CPtr copy = loader_alloc_slot();
    loader_check(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits,
                                 seL4_CapInitThreadCNode, l->slot[pg->frame], seL4_WordBits,
                                 seL4_AllRights),
                 "CNode_Copy", "a frame cap");
    if (pg->content != 0) {
        if (pg->content + (1ul << seL4_PageBits) > l->h->total_size) {
            loader_fail("page content outside the image");
        }
        fill_frame(copy, l->base + pg->content);
    }
    seL4_CapRights_t rights = (pg->flags & SYSPAGE_WRITE) ? seL4_ReadWrite : seL4_CanRead;
    loader_check(seL4_X86_Page_Map(copy, l->slot[p->vspace], pg->vaddr, rights,
                                   seL4_X86_Default_VMAttributes),
                 "Page_Map", loader_string(l, p->name));
}

/* Steps 1-3 of the file comment for every program. */
void loader_build_vspaces(struct loader *l)
{
    init_scratch();
    for (uint32_t i = 0; i < l->h->n_objects; i++) {
        if (l->objects[i].kind == SYSOBJ_PML4) {
            loader_check(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, l->slot[i]),
                         "ASIDPool_Assign", loader_string(l, l->objects[i].name));
        }
    }
    for (uint32_t i = 0; i < l->h->n_programs; i++) {
        const struct sysimage_program *p = &l->programs[i];
        for (uint32_t t = 0; t < p->n_tables; t++) {
            map_table(l, p, &l->tables[p->first_table + t]);
        }
        for (uint32_t k = 0; k < p->n_pages; k++) {
            map_page(l, p, &l->pages[p->first_page + k]);
        }
    }
}

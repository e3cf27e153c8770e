/*
 * Building the system image (loader/sysimage.h) from a laid-out system and
 * its programs' ELF files.  Per program:
 *   pages   every 4 KiB page a loadable segment touches, writable if any
 *           segment there is; its file bytes become the page's content
 *           (all-zero pages carry none: fresh frames are zero);
 *   frames  pages at declared frame regions (and mainIpcBuffer) use the
 *           named frame object, every other page an anonymous frame;
 *   stack   argc, argv, envp and auxv (lib/libc/include/mica/startup.h)
 *           are written at the top of the `stack` region, RSP points at argc;
 *   tables  one PDPT, PD and PT object per 512 GiB, 1 GiB and 2 MiB the
 *           pages touch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/libc/include/mica/startup.h"
#include "sdc.h"
#include "sdc_elf.h"

/* One page of one program while the image is built. */
struct page {
    uint64_t vaddr;
    int frame;              /* object index, -1 until assigned */
    bool writable;
    unsigned char *content; /* SDC_PAGE bytes, or NULL for zeros */
};

/* What the image accumulates (each array in image order). */
struct builder {
    struct sdc_system *sys;
    struct sysimage_program *programs;
    struct sysimage_cap *caps;
    int n_caps;
    struct sysimage_table *tables;
    int n_tables;
    struct sysimage_page *pages;
    int n_pages;
    unsigned char **contents; /* one pointer per page with content */
    int n_contents;
    char *strings;
    uint32_t strings_size;
};

/* Add a string to the string table; returns its offset. */
static uint32_t add_string(struct builder *b, const char *s)
{
    size_t n = strlen(s) + 1;
    b->strings = sdc_grow(b->strings, b->strings_size + n);
    memcpy(b->strings + b->strings_size, s, n);
    b->strings_size += (uint32_t)n;
    return b->strings_size - (uint32_t)n;
}

/* The page at vaddr in pages[0..*n), created zeroed if missing. */
static struct page *page_at(struct page **pages, int *n, uint64_t vaddr)
{
    for (int i = *n - 1; i >= 0; i--) {
        if ((*pages)[i].vaddr == vaddr) {
            return &(*pages)[i];
        }
    }
    *pages = sdc_grow(*pages, (size_t)(*n + 1) * sizeof(**pages));
    struct page *p = &(*pages)[(*n)++];
    memset(p, 0, sizeof(*p));
    p->vaddr = vaddr;
    p->frame = -1;
    return p;
}

/* Collect the pages of every PT_LOAD segment, with their file bytes. */
static void collect_pages(const struct sdc_elf *elf, struct page **pages, int *n)
{
    for (int i = 0; i < elf->ehdr->e_phnum; i++) {
        const Elf64_Phdr *ph = &elf->phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0) {
            continue;
        }
        uint64_t first = ph->p_vaddr & ~(SDC_PAGE - 1);
        for (uint64_t va = first; va < ph->p_vaddr + ph->p_memsz; va += SDC_PAGE) {
            struct page *pg = page_at(pages, n, va);
            pg->writable |= (ph->p_flags & PF_W) != 0;
            /* The part of [va, va + 4096) that the file backs. */
            uint64_t lo = va > ph->p_vaddr ? va : ph->p_vaddr;
            uint64_t hi = ph->p_vaddr + ph->p_filesz;
            hi = hi < va + SDC_PAGE ? hi : va + SDC_PAGE;
            if (lo >= hi) {
                continue;
            }
            const unsigned char *src = elf->data + ph->p_offset + (lo - ph->p_vaddr);
            bool zero = true;
            for (uint64_t k = 0; k < hi - lo && zero; k++) {
                zero = src[k] == 0;
            }
            if (!zero) {
                if (pg->content == NULL) {
                    pg->content = calloc(1, SDC_PAGE);
                }
                memcpy(pg->content + (lo - va), src, hi - lo);
            }
        }
    }
}

/* Check a region symbol (page aligned, the declared size) and return its address. */
static bool region_address(const struct sdc_elf *elf, const struct sdc_region *r, uint64_t *addr)
{
    uint64_t size;
    if (!sdc_elf_symbol(elf, r->symbol, addr, &size)) {
        return sdc_error("%s: no symbol %s (is cspace_*.c from `sdc symbols` linked in?)",
                         elf->path, r->symbol);
    }
    if (*addr % SDC_PAGE != 0 || size != r->size) {
        return sdc_error("%s: symbol %s must be 4096-aligned and %llu bytes (it is %llu at 0x%llx)",
                         elf->path, r->symbol, (unsigned long long)r->size,
                         (unsigned long long)size, (unsigned long long)*addr);
    }
    return true;
}

/* Put the named frames of p's frame regions in place of anonymous ones. */
static bool place_frames(const struct sdc_program *p, const struct sdc_elf *elf,
                         struct page *pages, int n)
{
    for (int i = 0; i < p->n_regions; i++) {
        uint64_t addr;
        if (!region_address(elf, &p->regions[i], &addr)) {
            return false;
        }
        if (p->regions[i].frame_obj < 0) {
            continue;
        }
        struct page *pg = NULL;
        for (int k = 0; k < n && pg == NULL; k++) {
            pg = pages[k].vaddr == addr ? &pages[k] : NULL;
        }
        if (pg == NULL || !pg->writable) {
            return sdc_error("%s: region %s is not in a writable loadable segment", elf->path,
                             p->regions[i].symbol);
        }
        pg->frame = p->regions[i].frame_obj;
    }
    return true;
}

/* Write argc, argv, envp and auxv below the top of `stack`; sets the initial RSP. */
static bool build_stack(const struct sdc_program *p, const struct sdc_elf *elf, struct page *pages,
                        int n, struct sysimage_program *out)
{
    uint64_t stack, size, ipc, ipc_size;
    sdc_elf_symbol(elf, SDC_STACK_SYMBOL, &stack, &size);
    sdc_elf_symbol(elf, SDC_IPC_SYMBOL, &ipc, &ipc_size);
    uint64_t top = stack + size;
    uint64_t name_at = top - ((strlen(p->name) + 1 + 15) & ~15ull);
    uint64_t phdr = sdc_elf_phdr_vaddr(elf);
    uint64_t words[32];
    int w = 0;
    words[w++] = 1;       /* argc */
    words[w++] = name_at; /* argv[0] */
    words[w++] = 0;       /* end of argv */
    words[w++] = 0;       /* end of envp */
    if (phdr != 0) {
        uint64_t at[] = {MICA_AT_PHDR, phdr, MICA_AT_PHENT, sizeof(Elf64_Phdr), MICA_AT_PHNUM,
                         elf->ehdr->e_phnum};
        memcpy(&words[w], at, sizeof(at));
        w += 6;
    }
    uint64_t at[] = {MICA_AT_PAGESZ, SDC_PAGE, MICA_AT_SEL4_IPC_BUFFER_PTR, ipc, MICA_AT_SELF_TCB,
                     p->self_tcb_slot, 0, 0};
    memcpy(&words[w], at, sizeof(at));
    w += 8;
    uint64_t sp = (name_at - (uint64_t)w * 8) & ~15ull;
    uint64_t page_va = (top - 1) & ~(SDC_PAGE - 1);
    struct page *pg = NULL;
    for (int k = 0; k < n && pg == NULL; k++) {
        pg = pages[k].vaddr == page_va ? &pages[k] : NULL;
    }
    if (pg == NULL) {
        return sdc_error("%s: the stack region is not loaded", elf->path);
    }
    if (pg->content == NULL) {
        pg->content = calloc(1, SDC_PAGE);
    }
    memcpy(pg->content + (name_at - page_va), p->name, strlen(p->name) + 1);
    memcpy(pg->content + (sp - page_va), words, (size_t)w * 8);
    out->stack_pointer = sp;
    out->ipc_buffer = ipc;
    out->entry = elf->ehdr->e_entry;
    return true;
}

/* Add one PDPT/PD/PT object for every distinct (vaddr >> shift) among the pages. */
static void add_tables(struct builder *b, const struct page *pages, int n, int kind, int shift)
{
    int start = b->n_tables;
    for (int i = 0; i < n; i++) {
        uint64_t base = pages[i].vaddr >> shift << shift;
        bool seen = false;
        for (int k = start; k < b->n_tables && !seen; k++) {
            seen = b->tables[k].vaddr == base;
        }
        if (!seen) {
            b->tables = sdc_grow(b->tables, (size_t)(b->n_tables + 1) * sizeof(*b->tables));
            b->tables[b->n_tables].vaddr = base;
            b->tables[b->n_tables].object = (uint32_t)sdc_add_object(b->sys, "", kind, 0, 0);
            b->tables[b->n_tables].reserved = 0;
            b->n_tables++;
        }
    }
}

/* The caps of program p: its declared slots, then the cap to its own TCB. */
static void add_caps(struct builder *b, const struct sdc_program *p)
{
    for (int i = 0; i <= p->n_entries; i++) {
        const struct sdc_entry *e = i < p->n_entries ? &p->entries[i] : NULL;
        if (e != NULL && e->type == SDC_EMPTY) {
            continue;
        }
        b->caps = sdc_grow(b->caps, (size_t)(b->n_caps + 1) * sizeof(*b->caps));
        struct sysimage_cap *c = &b->caps[b->n_caps++];
        memset(c, 0, sizeof(*c));
        c->slot = e ? e->slot : p->self_tcb_slot;
        c->object = (uint32_t)(e ? e->obj : p->tcb);
        c->rights = (uint8_t)(e ? e->rights : SYSCAP_ALL_RIGHTS);
        c->guard_size = (uint8_t)(e ? e->guard_size : 0);
        c->data = e ? (e->has_badge ? e->badge : e->guard) : 0;
    }
}

/* Append p's pages to the image, giving anonymous frames to pages without a named one. */
static void add_pages(struct builder *b, const struct page *pages, int n)
{
    b->pages = sdc_grow(b->pages, (size_t)(b->n_pages + n) * sizeof(*b->pages));
    b->contents = sdc_grow(b->contents, (size_t)(b->n_contents + n) * sizeof(*b->contents));
    for (int i = 0; i < n; i++) {
        int frame = pages[i].frame;
        if (frame < 0) {
            frame = sdc_add_object(b->sys, "", SYSOBJ_FRAME, 0, 0);
        }
        struct sysimage_page *pg = &b->pages[b->n_pages++];
        memset(pg, 0, sizeof(*pg));
        pg->vaddr = pages[i].vaddr;
        pg->frame = (uint32_t)frame;
        pg->flags = pages[i].writable ? SYSPAGE_WRITE : 0;
        /* For now the 1-based content index; write_image turns it into an offset. */
        if (pages[i].content != NULL) {
            b->contents[b->n_contents++] = pages[i].content;
            pg->content = (uint64_t)b->n_contents;
        }
    }
}

/* Everything for one program: pages, frames, stack, tables, caps. */
static bool build_program(struct builder *b, int index, const char *elf_path)
{
    struct sdc_program *p = &b->sys->programs[index];
    struct sysimage_program *out = &b->programs[index];
    struct sdc_elf elf;
    struct page *pages = NULL;
    int n = 0;
    if (!sdc_elf_open(elf_path, &elf)) {
        return false;
    }
    memset(out, 0, sizeof(*out));
    collect_pages(&elf, &pages, &n);
    bool ok = place_frames(p, &elf, pages, n) && build_stack(p, &elf, pages, n, out);
    sdc_elf_close(&elf);
    if (!ok) {
        return false;
    }
    out->name = add_string(b, p->name);
    out->thread_name = add_string(b, b->sys->objects[p->tcb].name);
    out->tcb = (uint32_t)p->tcb;
    out->cnode = (uint32_t)p->cnode;
    out->vspace = (uint32_t)p->vspace;
    out->ipc_frame = (uint32_t)p->ipc_frame;
    out->cnode_bits = (uint32_t)p->cnode_bits;
    out->priority = (uint32_t)p->priority;
    out->mcp = (uint32_t)p->mcp;
    out->fault_ep = p->fault_ep_cptr;
    out->first_cap = (uint32_t)b->n_caps;
    add_caps(b, p);
    out->n_caps = (uint32_t)b->n_caps - out->first_cap;
    out->first_table = (uint32_t)b->n_tables;
    add_tables(b, pages, n, SYSOBJ_PDPT, 39);
    add_tables(b, pages, n, SYSOBJ_PD, 30);
    add_tables(b, pages, n, SYSOBJ_PT, 21);
    out->n_tables = (uint32_t)b->n_tables - out->first_table;
    out->first_page = (uint32_t)b->n_pages;
    add_pages(b, pages, n);
    out->n_pages = (uint32_t)b->n_pages - out->first_page;
    free(pages);
    return true;
}

/* Append n bytes to the output file; false on error. */
static bool emit(FILE *f, const void *data, size_t n)
{
    return n == 0 || fwrite(data, 1, n, f) == n;
}

/* Lay the image out (sysimage.h) and write it to path. */
static bool write_image(struct builder *b, const char *path)
{
    struct sdc_system *sys = b->sys;
    struct sysimage_object *objects = sdc_alloc((size_t)sys->n_objects * sizeof(*objects) + 1);
    for (int i = 0; i < sys->n_objects; i++) {
        const struct sdc_object *o = &sys->objects[i];
        objects[i] = (struct sysimage_object){.name = o->name[0] ? add_string(b, o->name) : 0,
                                              .kind = (uint16_t)o->kind,
                                              .size_bits = (uint16_t)o->size_bits};
    }
    struct sysimage_header h = {.magic = SYSIMAGE_MAGIC, .version = SYSIMAGE_VERSION};
    h.name = add_string(b, sys->name);
    uint32_t off = sizeof(h);
    h.n_objects = (uint32_t)sys->n_objects, h.objects = off, off += h.n_objects * sizeof(*objects);
    h.n_programs = (uint32_t)sys->n_programs, h.programs = off;
    off += h.n_programs * sizeof(*b->programs);
    h.n_caps = (uint32_t)b->n_caps, h.caps = off, off += h.n_caps * sizeof(*b->caps);
    h.n_tables = (uint32_t)b->n_tables, h.tables = off, off += h.n_tables * sizeof(*b->tables);
    h.n_pages = (uint32_t)b->n_pages, h.pages = off, off += h.n_pages * sizeof(*b->pages);
    h.strings = off, h.strings_size = b->strings_size, off += b->strings_size;
    uint32_t content_start = (off + (uint32_t)SDC_PAGE - 1) & ~((uint32_t)SDC_PAGE - 1);
    h.total_size = content_start + (uint32_t)b->n_contents * (uint32_t)SDC_PAGE;
    for (int i = 0; i < b->n_pages; i++) {
        if (b->pages[i].content != 0) {
            b->pages[i].content = content_start + (b->pages[i].content - 1) * SDC_PAGE;
        }
    }
    FILE *f = fopen(path, "wb");
    static const unsigned char zeros[SDC_PAGE];
    bool ok = f != NULL && emit(f, &h, sizeof(h)) &&
              emit(f, objects, h.n_objects * sizeof(*objects)) &&
              emit(f, b->programs, h.n_programs * sizeof(*b->programs)) &&
              emit(f, b->caps, h.n_caps * sizeof(*b->caps)) &&
              emit(f, b->tables, h.n_tables * sizeof(*b->tables)) &&
              emit(f, b->pages, h.n_pages * sizeof(*b->pages)) &&
              emit(f, b->strings, b->strings_size) && emit(f, zeros, content_start - off);
    for (int i = 0; ok && i < b->n_contents; i++) {
        ok = emit(f, b->contents[i], SDC_PAGE);
    }
    ok = f != NULL && fclose(f) == 0 && ok;
    free(objects);
    return ok || sdc_error("cannot write %s: %s", path, strerror(errno));
}

/* Build and write the image; elf_paths[i] is the ELF of program i. */
bool sdc_write_image(struct sdc_system *sys, const char *const *elf_paths, const char *out)
{
    struct builder b = {.sys = sys};
    b.programs = sdc_alloc((size_t)sys->n_programs * sizeof(*b.programs));
    add_string(&b, ""); /* offset 0: the empty name */
    for (int i = 0; i < sys->n_programs; i++) {
        if (!build_program(&b, i, elf_paths[i])) {
            return false;
        }
    }
    return write_image(&b, out);
}

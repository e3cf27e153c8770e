/*
 * The system loader's entry (see loader.h).  The image (sysimage.h) is
 * linked in by system_blob.S.  Steps, in order:
 *   check the image;
 *   create every object from untyped memory (objects.c);
 *   build the VSpaces: ASIDs, paging structures, page contents (vspace.c);
 *   fill the CSpaces, configure the TCBs, resume them (threads.c);
 *   suspend ourselves, so the scheduler dump shows rootserver inactive.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"

extern const unsigned char mica_system_image[];
extern const unsigned char mica_system_image_end[];

static const char *const error_names[] = {
#define ERROR_NAME(name, value) [value] = #name,
    SEL4_ERROR_LIST(ERROR_NAME)
#undef ERROR_NAME
};

/* Report and halt: nothing sensible can run after a half-built system. */
_Noreturn void loader_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("Mica loader: ");
    vprintf(fmt, ap);
    printf("; halting\n");
    va_end(ap);
    seL4_DebugHalt();
    for (;;) {
        seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    }
}

/* Halt with the operation's name if an invocation failed. */
void loader_check(seL4_Error err, const char *what, const char *detail)
{
    if (err != seL4_NoError) {
        loader_fail("%s failed for %s: %s", what, detail ? detail : "the system",
                    err < seL4_NumErrors ? error_names[err] : "unknown error");
    }
}

/* A string of the image (offsets were checked by check_image). */
const char *loader_string(const struct loader *l, uint32_t off)
{
    return l->strings + off;
}

/* True if count entries of size bytes at off lie inside an image of total bytes. */
static bool in_image(uint64_t off, uint64_t count, uint64_t size, uint64_t total)
{
    return off <= total && count * size <= total - off;
}

/* Check that every index and offset in the program table stays inside the image. */
static void check_programs(const struct loader *l)
{
    const struct sysimage_header *h = l->h;
    for (uint32_t i = 0; i < h->n_programs; i++) {
        const struct sysimage_program *p = &l->programs[i];
        if (p->tcb >= h->n_objects || p->cnode >= h->n_objects || p->vspace >= h->n_objects ||
            p->ipc_frame >= h->n_objects || p->name >= h->strings_size ||
            p->thread_name >= h->strings_size || p->first_cap + (uint64_t)p->n_caps > h->n_caps ||
            p->first_table + (uint64_t)p->n_tables > h->n_tables ||
            p->first_page + (uint64_t)p->n_pages > h->n_pages || p->cnode_bits > 24) {
            loader_fail("the system image's program %lu is malformed", (unsigned long)i);
        }
    }
    for (uint32_t i = 0; i < h->n_caps; i++) {
        if (l->caps[i].object >= h->n_objects) {
            loader_fail("the system image's cap %lu is malformed", (unsigned long)i);
        }
    }
    for (uint32_t i = 0; i < h->n_tables; i++) {
        if (l->tables[i].object >= h->n_objects) {
            loader_fail("the system image's table %lu is malformed", (unsigned long)i);
        }
    }
    for (uint32_t i = 0; i < h->n_pages; i++) {
        if (l->pages[i].frame >= h->n_objects || l->objects[l->pages[i].frame].kind != SYSOBJ_FRAME) {
            loader_fail("the system image's page %lu is malformed", (unsigned long)i);
        }
    }
}

/* Find the image's parts and check them (magic, version, bounds, indices). */
static void check_image(struct loader *l)
{
    uint64_t size = (uint64_t)(mica_system_image_end - mica_system_image);
    const struct sysimage_header *h = (const struct sysimage_header *)mica_system_image;
    if (size < sizeof(*h) || h->magic != SYSIMAGE_MAGIC || h->version != SYSIMAGE_VERSION ||
        h->total_size > size) {
        loader_fail("no valid system image is linked in (build it with tools/sdc)");
    }
    if (!in_image(h->objects, h->n_objects, sizeof(*l->objects), size) ||
        !in_image(h->programs, h->n_programs, sizeof(*l->programs), size) ||
        !in_image(h->caps, h->n_caps, sizeof(*l->caps), size) ||
        !in_image(h->tables, h->n_tables, sizeof(*l->tables), size) ||
        !in_image(h->pages, h->n_pages, sizeof(*l->pages), size) ||
        !in_image(h->strings, h->strings_size, 1, size) || h->strings_size == 0 ||
        mica_system_image[h->strings + h->strings_size - 1] != '\0' || h->name >= h->strings_size) {
        loader_fail("the system image is truncated or malformed");
    }
    l->base = mica_system_image;
    l->h = h;
    l->objects = (const struct sysimage_object *)(l->base + h->objects);
    l->programs = (const struct sysimage_program *)(l->base + h->programs);
    l->caps = (const struct sysimage_cap *)(l->base + h->caps);
    l->tables = (const struct sysimage_table *)(l->base + h->tables);
    l->pages = (const struct sysimage_page *)(l->base + h->pages);
    l->strings = (const char *)(l->base + h->strings);
    for (uint32_t i = 0; i < h->n_objects; i++) {
        if (l->objects[i].kind >= SYSOBJ_KIND_COUNT || l->objects[i].name >= h->strings_size) {
            loader_fail("the system image's object %lu is malformed", (unsigned long)i);
        }
    }
    check_programs(l);
}

/* Build the system, start it, and get out of the way. */
int main(void)
{
    static struct loader l;
    seL4_BootInfo *bi = seL4_GetBootInfo();
    check_image(&l);
    printf("Mica loader: starting system \"%s\": %lu program%s, %lu objects\n",
           loader_string(&l, l.h->name), (unsigned long)l.h->n_programs,
           l.h->n_programs == 1 ? "" : "s", (unsigned long)l.h->n_objects);
    l.slot = malloc(l.h->n_objects * sizeof(*l.slot) + 1);
    if (l.slot == NULL) {
        loader_fail("no memory for %lu object slots", (unsigned long)l.h->n_objects);
    }
    loader_init_slots(bi);
    loader_init_untypeds(bi);
    loader_create_objects(&l);
    loader_build_vspaces(&l);
    loader_fill_cspaces(&l);
    loader_configure_threads(&l);
    loader_start_threads(&l);
    seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    loader_fail("still running after suspending itself");
}

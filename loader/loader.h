/*
 * The system loader: the root task that builds a system from the image
 * tools/sdc compiled (sysimage.h), starts its threads and suspends itself.
 *
 *   main.c     find and check the image, run the steps below, suspend
 *   objects.c  slots in our CNode, untyped memory, Untyped_Retype of every object
 *   vspace.c   ASIDs, paging structures, page contents, page mappings
 *   threads.c  CNode contents and TCBs, then Resume
 *
 * Every step uses ordinary seL4 invocations on the caps the kernel gave the
 * root task.  A failed invocation is a bug in the image or the kernel: the
 * loader reports it (loader_check) and halts the machine.
 */
#pragma once

#include <sel4/sel4.h>

#include "sysimage.h"

/* The image and where each of its objects' caps lives in our CNode. */
struct loader {
    const unsigned char *base; /* the image's first byte */
    const struct sysimage_header *h;
    const struct sysimage_object *objects;
    const struct sysimage_program *programs;
    const struct sysimage_cap *caps;
    const struct sysimage_table *tables;
    const struct sysimage_page *pages;
    const char *strings;
    seL4_CPtr *slot;           /* slot[i]: our cap to object i */
};

/* Stop with a message if err is not seL4_NoError; what names the operation. */
void loader_check(seL4_Error err, const char *what, const char *detail);

/* Stop with a message (a broken image or not enough resources). */
_Noreturn void loader_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The name at string offset off. */
const char *loader_string(const struct loader *l, uint32_t off);

/* objects.c */
void loader_init_slots(const seL4_BootInfo *bi);
seL4_CPtr loader_alloc_slot(void);
void loader_init_untypeds(const seL4_BootInfo *bi);
seL4_CPtr loader_create_one(seL4_Word type, seL4_Word size_bits, seL4_Word mem_bits);
void loader_create_objects(struct loader *l);

/* vspace.c */
void loader_build_vspaces(struct loader *l);

/* threads.c */
void loader_fill_cspaces(struct loader *l);
void loader_configure_threads(struct loader *l);
void loader_start_threads(struct loader *l);

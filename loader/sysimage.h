/*
 * The system image: what tools/sdc compiles a system description and its
 * program ELFs into, and what the loader (the root task) builds the system
 * from.  loader/system_blob.S links it into the loader's .rodata.  Host
 * (sdc) and target (loader) include this same header, so it uses only
 * fixed-width types.  Little-endian; every offset counts from the image's
 * first byte; the sdc writes and the loader checks the version.
 *
 *   +----------------------+ 0
 *   | sysimage_header      |
 *   | objects[n_objects]   |  every kernel object the system needs
 *   | programs[n_programs] |  one thread each: TCB, CSpace, VSpace, registers
 *   | caps[n_caps]         |  CNode contents, grouped by program
 *   | tables[n_tables]     |  paging structures, grouped by program, PDPTs first
 *   | pages[n_pages]       |  4 KiB mappings, grouped by program
 *   | strings              |  NUL-terminated names
 *   +----------------------+ 4 KiB aligned
 *   | page contents        |  4 KiB each: ELF data, the initial stack
 *   +----------------------+ total_size
 */
#pragma once

#include <stdint.h>

#define SYSIMAGE_MAGIC 0x315359534143494dull /* "MICASYS1" */
#define SYSIMAGE_VERSION 1
#define SYSIMAGE_NONE 0xffffffffu /* "no object" in an object-index field */

/* What an object is; the loader turns a kind into an seL4 object type. */
enum sysimage_kind {
    SYSOBJ_UNTYPED,      /* size_bits: log2 of its size in bytes */
    SYSOBJ_TCB,
    SYSOBJ_ENDPOINT,
    SYSOBJ_NOTIFICATION,
    SYSOBJ_CNODE,        /* size_bits: log2 of its number of slots */
    SYSOBJ_FRAME,        /* 4 KiB */
    SYSOBJ_PML4,         /* a VSpace root */
    SYSOBJ_PDPT,
    SYSOBJ_PD,
    SYSOBJ_PT,
    SYSOBJ_KIND_COUNT
};

/* Cap rights, one bit each (seL4_CapRights_new takes them as separate arguments). */
#define SYSCAP_READ 1u
#define SYSCAP_WRITE 2u
#define SYSCAP_GRANT 4u
#define SYSCAP_GRANT_REPLY 8u
#define SYSCAP_ALL_RIGHTS 15u

/* A page mapping's rights. */
#define SYSPAGE_WRITE 1u

struct sysimage_header {
    uint64_t magic;
    uint32_t version;
    uint32_t total_size;
    uint32_t name; /* string offset: the system's name */
    uint32_t n_objects, objects;
    uint32_t n_programs, programs;
    uint32_t n_caps, caps;
    uint32_t n_tables, tables;
    uint32_t n_pages, pages;
    uint32_t strings, strings_size;
};

struct sysimage_object {
    uint32_t name; /* string offset; 0 is the empty string (anonymous object) */
    uint16_t kind; /* enum sysimage_kind */
    uint16_t size_bits;
};

/* One program: a single thread in its own CSpace and VSpace. */
struct sysimage_program {
    uint32_t name;        /* string offset: the program's name */
    uint32_t thread_name; /* string offset: the thread's debug name (its TCB object's name) */
    uint32_t tcb, cnode, vspace, ipc_frame; /* object indices */
    uint32_t cnode_bits;  /* radix of the CSpace root; the TCB's guard makes depth 64 */
    uint32_t priority, mcp;
    uint32_t first_cap, n_caps;
    uint32_t first_table, n_tables;
    uint32_t first_page, n_pages;
    uint32_t reserved;
    uint64_t entry;         /* initial RIP */
    uint64_t stack_pointer; /* initial RSP: argc, argv, envp, auxv are above it */
    uint64_t ipc_buffer;    /* vaddr of the IPC buffer */
    uint64_t fault_ep;      /* CPtr in the program's CSpace, 0 for none */
};

/* A cap the loader puts in a program's CNode. */
struct sysimage_cap {
    uint32_t slot;
    uint32_t object;     /* object index */
    uint8_t rights;      /* SYSCAP_* */
    uint8_t guard_size;  /* CNode caps: bits of guard */
    uint16_t reserved;
    uint32_t reserved2;
    uint64_t data;       /* endpoint/notification: badge; CNode: guard value */
};

/* A paging structure (PDPT, PD or PT, from its object's kind) mapped at vaddr. */
struct sysimage_table {
    uint64_t vaddr;
    uint32_t object;
    uint32_t reserved;
};

/* A 4 KiB frame mapped at vaddr; content is the offset of 4096 bytes to copy in, or 0. */
struct sysimage_page {
    uint64_t vaddr;
    uint32_t frame; /* object index */
    uint32_t flags; /* SYSPAGE_* */
    uint64_t content;
};

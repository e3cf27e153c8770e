/*
 * sdc, the system-description compiler (host tool).  It reads a system
 * description (docs/system-descriptions.md) and writes
 *   - per program, cspace_<program>.c (the symbol definitions the program
 *     links with) and cspace_<program>.h (the matching declarations);
 *   - with the programs' ELF files, the system image the loader builds the
 *     system from (loader/sysimage.h).
 *
 * Data flow: parse (sdc_parse.c) -> layout (sdc_layout.c: names resolved,
 * slots and CNode sizes fixed) -> symbols (sdc_symbols.c) or image
 * (sdc_elf.c + sdc_image.c).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../loader/sysimage.h"

#define SDC_MAX_NAME 64
#define SDC_DEFAULT_PRIORITY 254
#define SDC_DEFAULT_MCP 254
#define SDC_STACK_SYMBOL "stack"
#define SDC_STACK_SIZE 65536
#define SDC_IPC_SYMBOL "mainIpcBuffer"
#define SDC_PAGE 4096ull

/* A named kernel object.  Objects are global: programs share them by name. */
struct sdc_object {
    char name[SDC_MAX_NAME];
    int kind;          /* enum sysimage_kind */
    int size_bits;     /* untyped: bytes; cnode: slots (-1: from its program's layout) */
    int line;          /* where it was declared (for messages) */
};

/* What one CNode slot of a program holds, in declaration order. */
enum sdc_entry_type { SDC_CAP, SDC_EMPTY, SDC_FRAME };

struct sdc_entry {
    enum sdc_entry_type type;
    char symbol[SDC_MAX_NAME];  /* seL4_CPtr symbol naming the slot */
    char object[SDC_MAX_NAME];  /* SDC_CAP / SDC_FRAME: object name */
    char region[SDC_MAX_NAME];  /* SDC_FRAME: region symbol the frame is mapped at */
    int obj;                    /* object index after layout, -1 for SDC_EMPTY */
    unsigned rights;            /* SYSCAP_* */
    uint64_t badge;
    bool has_badge, has_guard, has_guard_size;
    uint64_t guard;
    int guard_size;
    unsigned slot;              /* after layout */
    int line;
};

/* A sized, page-aligned symbol in the program (frames, stacks, plain regions). */
struct sdc_region {
    char symbol[SDC_MAX_NAME];
    uint64_t size;
    char top[SDC_MAX_NAME];     /* stacks: name of the "top" constant, or "" */
    int frame_obj;              /* object mapped there (frames), -1: ELF memory */
};

struct sdc_program {
    char name[SDC_MAX_NAME];
    int priority, mcp;
    int cnode_bits;             /* -1: smallest that holds every slot */
    char fault_ep[SDC_MAX_NAME]; /* symbol or number; "" for none */
    uint64_t fault_ep_cptr;     /* after layout */
    struct sdc_entry *entries;
    int n_entries;
    struct sdc_region *regions;
    int n_regions;
    int tcb, cnode, vspace, ipc_frame; /* object indices (implicit objects) */
    unsigned self_tcb_slot;     /* the trailing cap to its own TCB (as capDL places it) */
    int line;
};

struct sdc_system {
    char name[SDC_MAX_NAME];
    const char *path;           /* description file, for messages */
    struct sdc_object *objects;
    int n_objects;
    struct sdc_program *programs;
    int n_programs;
};

/* sdc_parse.c: read a description; prints "file:line: why" and returns false on error. */
bool sdc_parse(const char *path, struct sdc_system *sys);

/* sdc_layout.c: resolve object names, place caps in slots, size CNodes; false on error. */
bool sdc_layout(struct sdc_system *sys);
int sdc_find_object(const struct sdc_system *sys, const char *name);
int sdc_add_object(struct sdc_system *sys, const char *name, int kind, int size_bits, int line);
const char *sdc_kind_name(int kind);
int sdc_kind_from_name(const char *name);

/* sdc_symbols.c: write OUTDIR/cspace_<program>.c and .h for every program; false on error. */
bool sdc_write_symbols(const struct sdc_system *sys, const char *outdir);

/* sdc_image.c: build the loader's image from the programs' ELFs; false on error. */
bool sdc_write_image(struct sdc_system *sys, const char *const *elf_paths, const char *out);

/* sdc.c: print "sdc: <message>" on stderr; returns false. */
bool sdc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sdc.c: malloc/realloc that exit on failure. */
void *sdc_alloc(size_t n);
void *sdc_grow(void *p, size_t n);

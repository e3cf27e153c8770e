/*
 * Boot: what the arch layer hands to the generic root-task builder, and the
 * pure helpers it uses (region lists, untyped splitting, ELF checks), which
 * the host tests exercise directly.
 */
#pragma once

#include "types.h"

#define MAX_BOOT_REGIONS 64

typedef struct region {
    paddr_t start; /* inclusive */
    paddr_t end;   /* exclusive */
} region_t;

/* Sorted, non-overlapping, non-adjacent regions. */
typedef struct region_list {
    region_t r[MAX_BOOT_REGIONS];
    word_t n;
} region_list_t;

/* Add [start, end) (merging with neighbours); false if the list is full. */
bool regions_add(region_list_t *l, paddr_t start, paddr_t end);
/* Remove [start, end) from every region (splitting where needed); false if full. */
bool regions_remove(region_list_t *l, paddr_t start, paddr_t end);
/*
 * Take size bytes aligned to 2^align_bits from the highest region that fits;
 * returns the physical address, or 0 if nothing fits.
 */
paddr_t regions_alloc(region_list_t *l, word_t size, word_t align_bits);
/* The complement of l within [start, end). */
void regions_complement(const region_list_t *l, paddr_t start, paddr_t end, region_list_t *out);

/*
 * Split [start, end) into naturally aligned power-of-two blocks of
 * min_bits..max_bits, in address order; calls emit(paddr, size_bits, ctx) for
 * each until it returns false.  Returns the number of blocks emitted.
 */
word_t split_untypeds(paddr_t start, paddr_t end, word_t min_bits, word_t max_bits,
                      bool (*emit)(paddr_t p, word_t bits, void *ctx), void *ctx);

/* The loadable range of a root-task ELF image, after validation. */
typedef struct elf_info {
    bool valid;
    const char *error; /* why not valid */
    vptr_t v_start;    /* page-aligned start of the lowest segment */
    vptr_t v_end;      /* page-aligned end of the highest segment */
    vptr_t entry;
} elf_info_t;

/* Check an ELF64 x86-64 executable of size bytes; every offset is bounds-checked. */
elf_info_t elf_check(const void *image, word_t size, vptr_t user_top);

/* Per-page permissions of the image: writable / executable if any segment says so. */
typedef struct elf_page_perm {
    bool write;
    bool exec;
} elf_page_perm_t;
elf_page_perm_t elf_page_perms(const void *image, vptr_t page);

/* Copy the segments' file bytes for one page (dest zeroed by the caller). */
void elf_load_page(const void *image, vptr_t page, void *dest);

/* What the arch boot code found, for the generic builder. */
typedef struct boot_arch_info {
    region_list_t ram;      /* usable RAM, excluding kernel image and modules */
    region_list_t ram_all;  /* all RAM above 1 MiB: never part of a device untyped */
    region_list_t reserved; /* kernel-owned device ranges, never handed out */
    paddr_t module_start, module_end; /* the root task ELF */
    word_t tsc_mhz;
    uint8_t extra[4096]; /* extra bootinfo chunks (seL4_BootInfoHeader + data each) */
    word_t extra_len;
} boot_arch_info_t;

NORETURN void boot_system(boot_arch_info_t *info);

/*
 * The running program's own ELF image, as it is mapped: its ELF header at
 * __ehdr_start (the linker defines it) and the program headers after it.
 * Our own minimal definitions (there is no <elf.h> here); the runtime finds
 * its TLS segment this way, and tests find their read-only pages.
 */
#pragma once

#include <stdint.h>

#define MICA_PT_LOAD 1
#define MICA_PT_TLS 7
#define MICA_PF_W 2

typedef struct {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} mica_elf_ehdr_t;

typedef struct {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} mica_elf_phdr_t;

extern const mica_elf_ehdr_t __ehdr_start;

/* The image's program headers (mica_image_phnum() of them). */
static inline const mica_elf_phdr_t *mica_image_phdrs(void)
{
    return (const mica_elf_phdr_t *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
}

static inline unsigned mica_image_phnum(void)
{
    return __ehdr_start.e_phnum;
}

/* The first byte of the image's first page. */
static inline uintptr_t mica_image_start(void)
{
    return (uintptr_t)&__ehdr_start & ~(uintptr_t)0xfff;
}

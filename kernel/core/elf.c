/*
 * Root-task ELF handling: validate an ELF64 x86-64 executable whose bytes
 * are untrusted, find its page-aligned load range, and copy it page by page.
 * Pure code: host-tested.
 */
#include "../include/boot.h"
#include "../include/util.h"

#define EI_NIDENT 16
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define ET_EXEC 2
#define EM_X86_64 62

typedef struct elf64_ehdr {
    uint8_t ident[EI_NIDENT];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} elf64_ehdr_t;

typedef struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} elf64_phdr_t;

static const elf64_phdr_t *phdr(const void *image, word_t i)
{
    const elf64_ehdr_t *eh = image;
    return (const elf64_phdr_t *)((const uint8_t *)image + eh->phoff + i * eh->phentsize);
}

/* The segments that are loaded: PT_LOAD with a size.  elf_check validates exactly these, so the
 * page functions must skip every other one (a zero-size PT_LOAD's offset and file size are never
 * checked). */
static bool loaded(const elf64_phdr_t *ph)
{
    return ph->type == PT_LOAD && ph->memsz != 0;
}

static elf_info_t elf_error(const char *why)
{
    elf_info_t e = {0};
    e.error = why;
    return e;
}

/* Header checks: magic, class, machine, type, program header table bounds. */
static const char *check_header(const void *image, word_t size)
{
    const elf64_ehdr_t *eh = image;
    if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0) {
        return "not an ELF file";
    }
    if (eh->ident[4] != 2 || eh->ident[5] != 1) {
        return "not a 64-bit little-endian ELF file";
    }
    if (eh->machine != EM_X86_64 || eh->type != ET_EXEC) {
        return "not an x86-64 executable";
    }
    if (eh->phentsize != sizeof(elf64_phdr_t) || eh->phnum == 0 || eh->phoff > size ||
        (word_t)eh->phnum * sizeof(elf64_phdr_t) > size - eh->phoff) {
        return "bad program header table";
    }
    return NULL;
}

elf_info_t elf_check(const void *image, word_t size, vptr_t user_top)
{
    const char *err = check_header(image, size);
    if (err) {
        return elf_error(err);
    }
    const elf64_ehdr_t *eh = image;
    vptr_t lo = ~0ul, hi = 0;
    for (word_t i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *ph = phdr(image, i);
        if (!loaded(ph)) {
            continue;
        }
        if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset) {
            return elf_error("segment outside the file");
        }
        if (ph->vaddr > user_top || ph->memsz > user_top - ph->vaddr) {
            return elf_error("segment outside user space");
        }
        lo = MIN(lo, ph->vaddr);
        hi = MAX(hi, ph->vaddr + ph->memsz);
    }
    if (hi == 0) {
        return elf_error("no loadable segment");
    }
    elf_info_t info = {.valid = true};
    info.v_start = ROUND_DOWN(lo, 12);
    info.v_end = ROUND_UP(hi, 12);
    info.entry = eh->entry;
    if (info.v_start == 0) {
        return elf_error("image starts in page 0");
    }
    if (info.v_end + 8 * 4096 > user_top) {
        return elf_error("image too close to the top of user space");
    }
    if (info.entry < lo || info.entry >= hi) {
        return elf_error("entry point outside the image");
    }
    return info;
}

elf_page_perm_t elf_page_perms(const void *image, vptr_t page)
{
    const elf64_ehdr_t *eh = image;
    elf_page_perm_t p = {false, false};
    for (word_t i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *ph = phdr(image, i);
        if (!loaded(ph) || ph->vaddr >= page + 4096 || ph->vaddr + ph->memsz <= page) {
            continue;
        }
        p.write |= (ph->flags & PF_W) != 0;
        p.exec |= (ph->flags & PF_X) != 0;
    }
    return p;
}

void elf_load_page(const void *image, vptr_t page, void *dest)
{
    const elf64_ehdr_t *eh = image;
    for (word_t i = 0; i < eh->phnum; i++) {
        const elf64_phdr_t *ph = phdr(image, i);
        if (!loaded(ph)) {
            continue;
        }
        /* Intersect [page, page+4K) with the segment's file bytes. */
        vptr_t s = MAX(page, ph->vaddr);
        vptr_t e = MIN(page + 4096, ph->vaddr + ph->filesz);
        if (s < e) {
            memcpy((uint8_t *)dest + (s - page), (const uint8_t *)image + ph->offset + (s - ph->vaddr),
                   e - s);
        }
    }
}

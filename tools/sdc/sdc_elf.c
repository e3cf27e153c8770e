/*
 * ELF reading for sdc (see sdc_elf.h).  Every offset and size taken from
 * the file is checked against the file's length before use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdc.h"
#include "sdc_elf.h"

/* True if [off, off + len) lies inside the file. */
static bool in_file(const struct sdc_elf *elf, uint64_t off, uint64_t len)
{
    return off <= elf->size && len <= elf->size - off;
}

/* Read the whole file into memory. */
static bool slurp(const char *path, unsigned char **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return sdc_error("cannot open %s: %s", path, strerror(errno));
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = sdc_alloc(n > 0 ? (size_t)n : 1);
    *size = n > 0 ? (size_t)n : 0;
    bool ok = n >= 0 && fread(*data, 1, *size, f) == *size;
    fclose(f);
    return ok || sdc_error("cannot read %s", path);
}

/* Locate .symtab and its string table (optional: a stripped file has none). */
static bool find_symtab(struct sdc_elf *elf)
{
    const Elf64_Ehdr *eh = elf->ehdr;
    if (eh->e_shoff == 0 || eh->e_shnum == 0) {
        return true;
    }
    if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !in_file(elf, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr))) {
        return sdc_error("%s: bad section headers", elf->path);
    }
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(elf->data + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB) {
            continue;
        }
        if (sh[i].sh_link >= eh->e_shnum || !in_file(elf, sh[i].sh_offset, sh[i].sh_size) ||
            !in_file(elf, sh[sh[i].sh_link].sh_offset, sh[sh[i].sh_link].sh_size)) {
            return sdc_error("%s: bad symbol table", elf->path);
        }
        elf->syms = (const Elf64_Sym *)(elf->data + sh[i].sh_offset);
        elf->n_syms = sh[i].sh_size / sizeof(Elf64_Sym);
        elf->strtab = (const char *)(elf->data + sh[sh[i].sh_link].sh_offset);
        elf->strtab_size = sh[sh[i].sh_link].sh_size;
    }
    return true;
}

/* Open and validate an ELF executable. */
bool sdc_elf_open(const char *path, struct sdc_elf *elf)
{
    memset(elf, 0, sizeof(*elf));
    elf->path = path;
    if (!slurp(path, &elf->data, &elf->size)) {
        return false;
    }
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf->data;
    if (elf->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64 || eh->e_type != ET_EXEC) {
        return sdc_error("%s: not a static x86-64 ELF executable", path);
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
        !in_file(elf, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr))) {
        return sdc_error("%s: bad program headers", path);
    }
    elf->ehdr = eh;
    elf->phdr = (const Elf64_Phdr *)(elf->data + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = &elf->phdr[i];
        if (ph->p_type == PT_LOAD &&
            (!in_file(elf, ph->p_offset, ph->p_filesz) || ph->p_filesz > ph->p_memsz ||
             ph->p_vaddr + ph->p_memsz < ph->p_vaddr || ph->p_vaddr + ph->p_memsz > (1ull << 47))) {
            return sdc_error("%s: bad loadable segment %d", path, i);
        }
    }
    return find_symtab(elf);
}

/* Free the file's memory. */
void sdc_elf_close(struct sdc_elf *elf)
{
    free(elf->data);
    memset(elf, 0, sizeof(*elf));
}

/* Look a defined symbol up by name. */
bool sdc_elf_symbol(const struct sdc_elf *elf, const char *name, uint64_t *value, uint64_t *size)
{
    for (size_t i = 0; i < elf->n_syms; i++) {
        const Elf64_Sym *s = &elf->syms[i];
        if (s->st_name >= elf->strtab_size || s->st_shndx == SHN_UNDEF) {
            continue;
        }
        const char *n = elf->strtab + s->st_name;
        if (strnlen(n, elf->strtab_size - s->st_name) < elf->strtab_size - s->st_name &&
            strcmp(n, name) == 0) {
            *value = s->st_value;
            *size = s->st_size;
            return true;
        }
    }
    return false;
}

/* Where the program headers appear in memory (for AT_PHDR). */
uint64_t sdc_elf_phdr_vaddr(const struct sdc_elf *elf)
{
    uint64_t off = elf->ehdr->e_phoff;
    uint64_t len = (uint64_t)elf->ehdr->e_phnum * sizeof(Elf64_Phdr);
    for (int i = 0; i < elf->ehdr->e_phnum; i++) {
        const Elf64_Phdr *ph = &elf->phdr[i];
        if (ph->p_type == PT_LOAD && off >= ph->p_offset && off + len <= ph->p_offset + ph->p_filesz) {
            return ph->p_vaddr + (off - ph->p_offset);
        }
    }
    return 0;
}

/*
 * Reading a program's ELF file (static x86-64 executables): its loadable
 * segments and its symbol table.
 */
#pragma once

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sdc_elf {
    const char *path;
    unsigned char *data;     /* the whole file */
    size_t size;
    const Elf64_Ehdr *ehdr;
    const Elf64_Phdr *phdr;  /* ehdr->e_phnum entries */
    const Elf64_Sym *syms;   /* the .symtab, or NULL */
    size_t n_syms;
    const char *strtab;
    size_t strtab_size;
};

/* Read and check path (ELF64, x86-64, executable, headers in range); false after a message. */
bool sdc_elf_open(const char *path, struct sdc_elf *elf);
void sdc_elf_close(struct sdc_elf *elf);

/* Find a defined symbol; false if it does not exist. */
bool sdc_elf_symbol(const struct sdc_elf *elf, const char *name, uint64_t *value, uint64_t *size);

/* The vaddr at which the program headers are loaded, or 0 if no segment loads them. */
uint64_t sdc_elf_phdr_vaddr(const struct sdc_elf *elf);

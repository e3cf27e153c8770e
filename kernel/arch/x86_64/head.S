/*
 * Multiboot entry: 32-bit protected mode -> long mode -> the high kernel.
 *
 * QEMU's -kernel loads mica.elf with the multiboot "a.out kludge" fields below
 * (it refuses ELF64 files otherwise): the file bytes from the header's load
 * address are copied to PHYS_LOAD and the bss is zeroed.  We arrive with
 * EAX = 0x2BADB002, EBX = physical address of the multiboot information,
 * paging off, interrupts off.
 *
 * Boot page tables map the first 1 GiB three times with 2 MiB pages:
 * identity (to survive turning paging on), at PPTR_BASE (kernel window) and at
 * KERNEL_OFFSET (kernel image).  vspace.c replaces them with the final tables.
 */
#include "arch_defs.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00010003 /* page-align modules, memory info, a.out kludge */
#define PHYS(x) ((x) - KERNEL_OFFSET)
#define PTE_P 0x1
#define PTE_RW 0x2
#define PTE_PS 0x80
#define MSR_EFER 0xC0000080

    .section .multiboot, "a"
    .balign 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long PHYS(multiboot_header)   /* header_addr */
    .long PHYS(_kernel_start)      /* load_addr */
    .long PHYS(_load_end)          /* load_end_addr */
    .long PHYS(_bss_end)           /* bss_end_addr */
    .long PHYS(_start)             /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl _start
_start:
    cli
    cld
    mov %eax, %edi                 /* multiboot magic: first C argument */
    mov %ebx, %esi                 /* multiboot info: second C argument */
    mov $PHYS(boot_stack_top), %esp

    /* Fill the boot page directory: 512 x 2 MiB, physical 0..1 GiB. */
    mov $PHYS(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_P | PTE_RW | PTE_PS), %eax
    mov %eax, (%ebx, %ecx, 8)
    movl $0, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $512, %ecx
    jne 1b

    mov $(PHYS(boot_pd) + PTE_P + PTE_RW), %eax
    mov %eax, PHYS(boot_pdpt_low)
    mov %eax, PHYS(boot_pdpt_high)
    mov %eax, PHYS(boot_pdpt_high) + 510 * 8
    mov $(PHYS(boot_pdpt_low) + PTE_P + PTE_RW), %eax
    mov %eax, PHYS(boot_pml4)
    mov $(PHYS(boot_pdpt_high) + PTE_P + PTE_RW), %eax
    mov %eax, PHYS(boot_pml4) + 511 * 8

    /* PAE on, load CR3, EFER.LME on, paging + write protect on. */
    mov %cr4, %eax
    or $0x20, %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax
    mov %eax, %cr0

    lgdt PHYS(boot_gdtr)
    ljmp $SEL_CS_0, $PHYS(long_mode_entry)

    .code64
long_mode_entry:
    movabs $high_entry, %rax
    jmp *%rax

    .text
high_entry:
    mov $SEL_DS_0, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $(kernel_stack + (1 << KERNEL_STACK_BITS)), %rsp
    xor %ebp, %ebp
    /* EDI = magic, ESI = multiboot info (zero-extended by the 32-bit movs). */
    mov %edi, %edi
    mov %esi, %esi
    call boot_main
2:  cli
    hlt
    jmp 2b

    .section .rodata
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff       /* 64-bit ring-0 code */
    .quad 0x00cf92000000ffff       /* ring-0 data */
boot_gdt_end:
boot_gdtr:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

    .section .bss
    .balign 4096
boot_pml4:
    .skip 4096
boot_pdpt_low:
    .skip 4096
boot_pdpt_high:
    .skip 4096
boot_pd:
    .skip 4096
boot_stack:
    .skip 1024
boot_stack_top:

    .section .note.GNU-stack, "", @progbits

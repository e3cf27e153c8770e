/*
 * x86-64 boot, in order (entered from head.S in long mode on the boot stack):
 *   1. serial console
 *   2. check the multiboot handoff; read the memory map and the modules
 *   3. CPU state: GDT/TSS/IDT, syscall MSRs, SSE, NX
 *   4. final kernel page tables (the physical-memory window)
 *   5. local APIC timer: measure it and the TSC against the PIT, start the tick
 *   6. hand over to the generic root-task builder (core/boot.c)
 */
#include <sel4/bootinfo_types.h>

#include "../../include/boot.h"
#include "../../include/printf.h"
#include "../../include/util.h"
#include "machine.h"
#include "vspace.h"

#define MULTIBOOT_MAGIC 0x2BADB002
#define MBI_FLAG_MODS BIT(3)
#define MBI_FLAG_MMAP BIT(6)
#define MMAP_TYPE_RAM 1
#define LOW_MEMORY_END 0x100000ul /* below 1 MiB: firmware, never handed out */
#define LAPIC_PADDR 0xfee00000ul
#define IOAPIC_PADDR 0xfec00000ul

typedef struct PACKED multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} multiboot_info_t;

typedef struct PACKED multiboot_module {
    uint32_t start, end, string, reserved;
} multiboot_module_t;

typedef struct PACKED multiboot_mmap {
    uint32_t size;
    uint64_t base, length;
    uint32_t type;
} multiboot_mmap_t;

extern char _kernel_start[], _kernel_end[];
void x86_serial_init(void);
void x86_cpu_init(void);
word_t x86_timer_init(void);

/* Boot-time pointer to low physical memory: the boot tables map 0..1 GiB at KERNEL_OFFSET. */
static void *boot_phys(paddr_t p)
{
    return (void *)(p + KERNEL_OFFSET);
}

static NORETURN void boot_fail(const char *why)
{
    kprintf("Mica: boot failed: %s\n", why);
    arch_halt();
}

/* Collect RAM from the multiboot memory map; returns the top of RAM. */
static paddr_t read_memory_map(const multiboot_info_t *mbi, boot_arch_info_t *info)
{
    paddr_t top = 0;
    word_t off = 0;
    while (off + sizeof(multiboot_mmap_t) <= mbi->mmap_length) {
        const multiboot_mmap_t *e = boot_phys(mbi->mmap_addr + off);
        if (e->type == MMAP_TYPE_RAM && e->length) {
            paddr_t s = MAX(ROUND_UP(e->base, 12), LOW_MEMORY_END);
            paddr_t end = ROUND_DOWN(e->base + e->length, 12);
            regions_add(&info->ram_all, s, end);
            if (s < end && !regions_add(&info->ram, s, end)) {
                kprintf("Mica: too many memory regions; ignoring 0x%lx-0x%lx\n", s, end);
            }
            top = MAX(top, end);
        }
        off += e->size + sizeof(e->size);
    }
    return top;
}

/* Append one extra-bootinfo chunk: header {id, len} then len - 16 bytes of data. */
static void extra_chunk(boot_arch_info_t *info, word_t id, const void *a, word_t alen,
                        const void *b, word_t blen)
{
    seL4_BootInfoHeader h = {id, sizeof(h) + alen + blen};
    if (info->extra_len + h.len > sizeof(info->extra)) {
        return;
    }
    memcpy(info->extra + info->extra_len, &h, sizeof(h));
    memcpy(info->extra + info->extra_len + sizeof(h), a, alen);
    memcpy(info->extra + info->extra_len + sizeof(h) + alen, b, blen);
    info->extra_len += h.len;
}

/* seL4's x86 extra bootinfo: the multiboot memory map, then the TSC frequency (MHz). */
static void build_extra_bootinfo(const multiboot_info_t *mbi, boot_arch_info_t *info)
{
    uint32_t len = MIN(mbi->mmap_length,
                       (uint32_t)(SEL4_MULTIBOOT_MAX_MMAP_ENTRIES * sizeof(seL4_X86_mb_mmap_t)));
    extra_chunk(info, SEL4_BOOTINFO_HEADER_X86_MBMMAP, &len, sizeof(len), boot_phys(mbi->mmap_addr),
                len);
    uint32_t mhz = (uint32_t)info->tsc_mhz;
    extra_chunk(info, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &mhz, sizeof(mhz), NULL, 0);
}

NORETURN void boot_main(uint32_t magic, uint32_t mbi_paddr)
{
    static boot_arch_info_t info;
    x86_serial_init();
    kprintf("\nMica kernel: booting (seL4 API, x86-64)\n");
    if (magic != MULTIBOOT_MAGIC) {
        boot_fail("not started by a multiboot loader");
    }
    const multiboot_info_t *mbi = boot_phys(mbi_paddr);
    if (!(mbi->flags & MBI_FLAG_MMAP)) {
        boot_fail("no memory map from the boot loader");
    }
    if (!(mbi->flags & MBI_FLAG_MODS) || mbi->mods_count == 0) {
        boot_fail("no root task: pass its ELF file as the first module (-initrd)");
    }
    const multiboot_module_t *mod = boot_phys(mbi->mods_addr);
    info.module_start = mod->start;
    info.module_end = mod->end;

    x86_cpu_init();
    paddr_t top = read_memory_map(mbi, &info);
    regions_remove(&info.ram, (word_t)_kernel_start - KERNEL_OFFSET,
                   ROUND_UP((word_t)_kernel_end - KERNEL_OFFSET, 12));
    /* Modules stay out of RAM until the root task has been copied out of them. */
    for (word_t i = 0; i < mbi->mods_count; i++) {
        regions_remove(&info.ram, ROUND_DOWN(mod[i].start, 12), ROUND_UP(mod[i].end, 12));
    }
    regions_add(&info.reserved, LAPIC_PADDR, LAPIC_PADDR + 4096);
    regions_add(&info.reserved, IOAPIC_PADDR, IOAPIC_PADDR + 4096);

    x86_kernel_window_init(top);
    info.tsc_mhz = x86_timer_init();
    kprintf("Mica kernel: %lu MiB RAM, TSC %lu MHz, CPU features:%s%s%s%s\n",
            top >> 20, info.tsc_mhz, x86_features.nx ? " nx" : "",
            x86_features.pdpe1gb ? " pdpe1gb" : "", x86_features.smep ? " smep" : "",
            x86_features.smap ? " smap" : "");
    build_extra_bootinfo(mbi, &info);
    boot_system(&info);
}

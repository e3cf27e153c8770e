/*
 * CPU setup: GDT with seL4's selector layout, TSS, IDT, the `syscall` MSRs,
 * SSE/FXSAVE, NX and the legacy PIC (remapped and masked).
 */
#include "../../include/printf.h"
#include "../arch.h"
#include "debug.h"
#include "machine.h"

cpu_features_t x86_features;

typedef struct PACKED tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} tss_t;

typedef struct PACKED idt_entry {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
} idt_entry_t;

typedef struct PACKED descriptor_ptr {
    uint16_t limit;
    uint64_t base;
} descriptor_ptr_t;

/* The kernel stack and a separate stack for double faults and NMIs. */
uint8_t kernel_stack[BIT(KERNEL_STACK_BITS)] ALIGNED(4096);
static uint8_t fault_stack[4096] ALIGNED(16);

static uint64_t gdt[9] ALIGNED(16);
static tss_t tss ALIGNED(16);
static idt_entry_t idt[256] ALIGNED(16);

/* Entry stubs in traps.S: one per vector, and the syscall entry. */
extern const uint64_t x86_vector_stubs[256];
extern void x86_handle_syscall(void);

#define SEG_CODE64 0x00af9a000000fffful /* present, ring 0, long-mode code */
#define SEG_DATA 0x00cf92000000fffful   /* present, ring 0, data */
#define SEG_DPL3 (3ul << 45)

static void gdt_init(void)
{
    word_t base = (word_t)&tss;
    word_t limit = sizeof(tss) - 1;
    gdt[0] = 0;
    gdt[1] = SEG_CODE64;
    gdt[2] = SEG_DATA;
    /* 64-bit available TSS: type 9, present. */
    gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ul << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[4] = base >> 32;
    gdt[5] = SEG_CODE64 | SEG_DPL3;
    gdt[6] = SEG_DATA | SEG_DPL3;
    gdt[7] = SEG_DATA | SEG_DPL3; /* FS */
    gdt[8] = SEG_DATA | SEG_DPL3; /* GS */

    tss.rsp[0] = (word_t)&kernel_stack[sizeof(kernel_stack)];
    tss.ist[0] = (word_t)&fault_stack[sizeof(fault_stack)];
    tss.iomap_base = sizeof(tss); /* no I/O bitmap: every port is refused at CPL 3 */

    descriptor_ptr_t p = {sizeof(gdt) - 1, (word_t)gdt};
    __asm__ volatile("lgdt %0\n"
                     "pushq %1\n"
                     "leaq 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1: mov %2, %%ax\n"
                     "mov %%ax, %%ds\n"
                     "mov %%ax, %%es\n"
                     "mov %%ax, %%ss\n"
                     "ltr %w3\n"
                     :
                     : "m"(p), "i"(SEL_CS_0), "i"(SEL_DS_0), "r"(SEL_TSS)
                     : "rax", "memory");
}

static void idt_set(int vec, word_t handler, int dpl, int ist)
{
    idt[vec] = (idt_entry_t){
        .offset_lo = handler & 0xffff,
        .selector = SEL_CS_0,
        .ist = (uint8_t)ist,
        .type_attr = (uint8_t)(0x8e | (dpl << 5)), /* present, interrupt gate */
        .offset_mid = (handler >> 16) & 0xffff,
        .offset_hi = (uint32_t)(handler >> 32),
    };
}

static void idt_init(void)
{
    for (int v = 0; v < 256; v++) {
        bool user = v == 3 || (v >= VECTOR_SW_TRAP_MIN && v <= VECTOR_SW_TRAP_MAX);
        int ist = (v == 2 || v == 8) ? 1 : 0; /* NMI, double fault */
        idt_set(v, x86_vector_stubs[v], user ? 3 : 0, ist);
    }
    descriptor_ptr_t p = {sizeof(idt) - 1, (word_t)idt};
    __asm__ volatile("lidt %0" ::"m"(p));
}

/* Remap the 8259 PICs away from the exception vectors and mask every line. */
static void pic_disable(void)
{
    out8(0x20, 0x11);
    out8(0xA0, 0x11);
    out8(0x21, IRQ_VECTOR_BASE);
    out8(0xA1, IRQ_VECTOR_BASE + 8);
    out8(0x21, 4);
    out8(0xA1, 2);
    out8(0x21, 1);
    out8(0xA1, 1);
    out8(0x21, 0xff);
    out8(0xA1, 0xff);
}

static void detect_features(void)
{
    uint32_t a, b, c, d;
    cpuid(0x80000000, 0, &a, &b, &c, &d);
    word_t max_ext = a;
    if (max_ext >= 0x80000001) {
        cpuid(0x80000001, 0, &a, &b, &c, &d);
        x86_features.nx = d & BIT(20);
        x86_features.pdpe1gb = d & BIT(26);
    }
    if (max_ext >= 0x80000007) {
        cpuid(0x80000007, 0, &a, &b, &c, &d);
        x86_features.invariant_tsc = d & BIT(8);
    }
    cpuid(0, 0, &a, &b, &c, &d);
    if (a >= 7) {
        cpuid(7, 0, &a, &b, &c, &d);
        x86_features.smep = b & BIT(7);
        x86_features.smap = b & BIT(20);
    }
}

/* Bring the boot CPU into the state the kernel runs in. */
void x86_cpu_init(void)
{
    detect_features();
    gdt_init();
    idt_init();
    pic_disable();

    /* syscall/sysret: LSTAR entry, seL4's STAR.  SYSCALL clears only the FMASK bits of
     * the user's RFLAGS: IF and TF (no interrupt or trap on the entry path), DF (the
     * C ABI), NT (the kernel's next IRETQ would #GP with NT set: FUZZBUG0001) and AC
     * (it would switch SMAP off inside the kernel). */
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | (x86_features.nx ? EFER_NXE : 0));
    wrmsr(MSR_STAR, ((word_t)SEL_CS_0 << 32) | ((word_t)SEL_CS_3 << 48));
    wrmsr(MSR_LSTAR, (word_t)x86_handle_syscall);
    wrmsr(MSR_FMASK, FLAGS_IF | FLAGS_TF | FLAGS_DF | FLAGS_NT | FLAGS_AC);
    wrmsr(MSR_FS_BASE, 0);
    wrmsr(MSR_GS_BASE, 0);

    /* SSE for user code: FXSAVE/FXRSTOR. */
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE | CR0_WP);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_PGE); /* no OSXMMEXCPT: SIMD FP errors are #UD, as on seL4 */

    /* Debug registers: no breakpoint armed until a thread sets one (debug.c). */
    if (config_set(CONFIG_HARDWARE_DEBUG_API)) {
        x86_debug_init();
    }
}

/* x86-64 instruction wrappers (arch-private). */
#pragma once

#include "../../include/types.h"

#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_APIC_BASE 0x1B
#define EFER_SCE BIT(0)
#define EFER_NXE BIT(11)

#define CR0_MP BIT(1)
#define CR0_EM BIT(2)
#define CR0_TS BIT(3)
#define CR0_NE BIT(5)
#define CR0_WP BIT(16)
#define CR4_PGE BIT(7)
#define CR4_OSFXSR BIT(9)
#define CR4_OSXMMEXCPT BIT(10)
#define CR4_SMEP BIT(20)
#define CR4_SMAP BIT(21)

static inline void out8(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t in8(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void out32(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c,
                         uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR(n)                                                         \
    static inline word_t read_cr##n(void)                                    \
    {                                                                        \
        word_t v;                                                            \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                    \
        return v;                                                            \
    }                                                                        \
    static inline void write_cr##n(word_t v)                                 \
    {                                                                        \
        __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory");             \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)

static inline void invlpg(word_t vaddr)
{
    __asm__ volatile("invlpg (%0)" ::"r"(vaddr) : "memory");
}

static inline void fxsave(void *area)
{
    __asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

static inline void fxrstor(const void *area)
{
    __asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

/* CPU features found at boot (cpu.c). */
typedef struct cpu_features {
    bool nx;
    bool pdpe1gb;
    bool smep;
    bool smap;
    bool invariant_tsc;
} cpu_features_t;

extern cpu_features_t x86_features;
extern uint8_t x86_smap_on; /* SMAP is on (vspace.c) */

static inline word_t read_rflags(void)
{
    word_t f;
    __asm__ volatile("pushfq; popq %0" : "=r"(f));
    return f;
}

struct tcb;
/* Make t's FPU state the live one, or trap its FPU use if it has fpuDisabled (fpu.c). */
void x86_fpu_switch_to(struct tcb *t);

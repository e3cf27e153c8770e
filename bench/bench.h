/*
 * Mica benchmarks (sel4bench's method): hand-written syscall stubs, the
 * counter read with `cpuid; rdtsc` before and `rdtsc; cpuid` after (sel4bench
 * uses rdtscp, which seL4's simulation CPU model, Nehalem, lacks), the
 * same stub with the `syscall` replaced by a 2-byte NOP measured as the
 * overhead, warm-up samples dropped.  Under QEMU's -icount shift=0 the TSC
 * counts guest instructions, so figures are instruction counts.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdint.h>

#define BENCH_RUNS 110
#define BENCH_IGNORED 10

static inline uint64_t counter_before(void)
{
    uint32_t lo = 0, hi;
    __asm__ volatile("cpuid\n\trdtsc" : "+a"(lo), "=d"(hi) : : "rbx", "rcx", "memory");
    return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t counter_after(void)
{
    uint32_t lo, hi, a = 0;
    __asm__ volatile("rdtsc\n\tmov %%eax, %%esi\n\tmov %%edx, %%edi\n\tcpuid"
                     : "=S"(lo), "=D"(hi), "+a"(a) : : "rbx", "rcx", "rdx", "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* The bare time stamp counter, for spinning (cpuid would make each read a VM exit under KVM). */
static inline uint64_t counter_raw(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/*
 * One syscall with RDX = number, RDI = cap, RSI = info, MR0-3 in R10/R8/R9/R15,
 * user RSP kept in RBX; NOP = the same instructions with the syscall replaced.
 */
#define BENCH_SYSCALL_ASM "movq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp"
#define BENCH_NOP_ASM "movq %%rsp, %%rbx\n\t.byte 0x66, 0x90\n\tmovq %%rbx, %%rsp"

#define DEFINE_BENCH_STUB(name, insn)                                                    \
    static inline seL4_Word name(seL4_Word sys, seL4_Word cap, seL4_Word info,           \
                                 seL4_Word *badge, seL4_Word *mr0)                       \
    {                                                                                     \
        register seL4_Word r10 __asm__("r10") = mr0 ? *mr0 : 0;                           \
        register seL4_Word r8 __asm__("r8") = 0;                                          \
        register seL4_Word r9 __asm__("r9") = 0;                                          \
        register seL4_Word r15 __asm__("r15") = 0;                                        \
        seL4_Word rdi = cap, rsi = info;                                                  \
        __asm__ volatile(insn                                                             \
                         : "+D"(rdi), "+S"(rsi), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15) \
                         : "d"(sys)                                                       \
                         : "rbx", "rcx", "r11", "memory");                                \
        if (badge) {                                                                      \
            *badge = rdi;                                                                 \
        }                                                                                 \
        if (mr0) {                                                                        \
            *mr0 = r10;                                                                   \
        }                                                                                 \
        return rsi;                                                                       \
    }

DEFINE_BENCH_STUB(bench_syscall, BENCH_SYSCALL_ASM)
DEFINE_BENCH_STUB(bench_nop_syscall, BENCH_NOP_ASM)

/* Statistics of one row (after the overhead is subtracted). */
typedef struct bench_stats {
    uint64_t min, max, median;
    double mean, stddev;
    int samples;
} bench_stats_t;

bench_stats_t bench_compute(uint64_t *samples, int n, uint64_t overhead);
bench_stats_t bench_compute_ignoring(uint64_t *samples, int n, int ignored, uint64_t overhead);
uint64_t bench_counter_overhead(void);
void bench_wait_for_tick(void);
void bench_report(const char *name, const char *json_fields, bench_stats_t s);
void bench_print_all(void);

/* Environment: untypeds, free slots, helper threads in the root VSpace. */
seL4_CPtr bench_alloc_slot(void);
seL4_CPtr bench_retype(seL4_Word type, seL4_Word size_bits);
seL4_CPtr bench_thread(void (*fn)(void), int prio, void *stack_top, seL4_CPtr fault_ep,
                       seL4_Word ipc_buf_vaddr, seL4_CPtr ipc_buf_frame);
seL4_CPtr bench_thread_in(seL4_CPtr vspace, void (*fn)(void), int prio, void *stack_top,
                          seL4_CPtr fault_ep, seL4_Word ipc_buf_vaddr, seL4_CPtr ipc_buf_frame);
seL4_CPtr bench_frame_cap_of(void *page);
void bench_kill(seL4_CPtr tcb);

/* VSpaces (vspace.c): a second one holding the root image, and the page mapping rows. */
seL4_CPtr bench_image_vspace(void);
void bench_mapping(void);

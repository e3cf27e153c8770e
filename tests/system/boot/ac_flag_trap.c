/*
 * SMAP0001: interrupts and exceptions taken while user code has RFLAGS.AC set.
 * Interrupt and exception gates keep AC, and with AC set SMAP does not apply,
 * so the kernel must clear it on entry (traps.S); the invariant build checks
 * at every entry that it runs with AC clear ("Mica kernel bug" otherwise).
 * Booted on a CPU with SMAP (tests/run_all.sh).  The root spins with AC set
 * through timer interrupts, then raises #UD with AC set.  Expected: both
 * lines below, the #UD report, and the kernel idle afterwards.
 */
#include <stdio.h>

static inline unsigned long rdtsc(void)
{
    unsigned int lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (unsigned long)hi << 32 | lo;
}

int main(void)
{
    printf("ac_flag_trap: spinning with RFLAGS.AC set\n");
    unsigned long start = rdtsc();
    /* About 1e8 instructions: many timer ticks, each entering the kernel with AC set. */
    __asm__ volatile("pushfq\n\torq $0x40000, (%%rsp)\n\tpopfq\n\t"
                     "movq $30000000, %%rcx\n"
                     "1:\tdecq %%rcx\n\tjnz 1b\n\t"
                     "pushfq\n\tandq $~0x40000, (%%rsp)\n\tpopfq"
                     ::: "rcx", "cc", "memory");
    printf("ac_flag_trap: spun for %lu TSC cycles; now #UD with AC set\n", rdtsc() - start);
    __asm__ volatile("pushfq\n\torq $0x40000, (%%rsp)\n\tpopfq\n\tud2" ::: "cc", "memory");
    printf("ac_flag_trap: still running after the fault (wrong)\n");
    return 0;
}

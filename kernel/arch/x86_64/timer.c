/*
 * Timer: the local APIC timer in periodic mode, one interrupt every
 * CONFIG_TIMER_TICK_MS (seL4 non-MCS on x86).  Its rate is measured against
 * the PIT at boot, together with the TSC's; nothing is guessed.
 *
 * LAPIC registers (offsets from 0xfee00000, reached through the kernel window):
 *   0x0b0 EOI   0x0f0 spurious vector   0x200.. IRR   0x320 LVT timer
 *   0x380 initial count   0x390 current count   0x3e0 divide configuration
 */
#include "../../include/config.h"
#include "../../include/printf.h"
#include "../arch.h"
#include "../../include/util.h"
#include "machine.h"

#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_IRR 0x200
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_PERIODIC BIT(17)
#define LVT_MASKED BIT(16)
#define VECTOR_SPURIOUS 255

static volatile uint32_t *lapic;

static uint32_t lapic_read(word_t reg)
{
    return lapic[reg / 4];
}

static void lapic_write(word_t reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

/* Gate PIT channel 2 for ms milliseconds (one-shot) and busy-wait for it. */
static void pit_wait_ms(word_t ms)
{
    word_t count = 1193182ul * ms / 1000;
    out8(0x61, (in8(0x61) & ~0x02) | 0x01);
    out8(0x43, 0xb0);
    out8(0x42, count & 0xff);
    out8(0x42, (count >> 8) & 0xff);
    while (!(in8(0x61) & 0x20)) {
    }
}

/*
 * Enable the local APIC, measure the TSC (MHz, returned) and the APIC timer
 * against 10 ms of PIT, and start the periodic tick.
 */
word_t x86_timer_init(void)
{
    lapic = (volatile uint32_t *)paddr_to_pptr(rdmsr(MSR_APIC_BASE) & ~0xffful);
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | BIT(11));
    lapic_write(LAPIC_SVR, 0x100 | VECTOR_SPURIOUS);
    lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
    lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
    uint64_t t0 = rdtsc();
    pit_wait_ms(10);
    uint64_t t1 = rdtsc();
    uint32_t apic_ticks = 0xffffffffu - lapic_read(LAPIC_TIMER_CUR);
    word_t per_tick = (word_t)apic_ticks * CONFIG_TIMER_TICK_MS / 10;
    if (per_tick == 0) {
        per_tick = 1;
    }
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VECTOR_TIMER);
    lapic_write(LAPIC_TIMER_INIT, (uint32_t)MIN(per_tick, 0xfffffffful));
    return (t1 - t0) / 10000;
}

/* End of interrupt for the local APIC (the timer is its only source). */
void arch_ack_interrupt(void)
{
    lapic_write(LAPIC_EOI, 0);
}

/* A timer interrupt is waiting in the IRR (interrupts are off in the kernel). */
bool arch_irq_pending(void)
{
    if (!lapic) {
        return false;
    }
    return lapic_read(LAPIC_IRR + (VECTOR_TIMER / 32) * 0x10) & BIT(VECTOR_TIMER % 32);
}

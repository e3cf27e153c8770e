/*
 * Interrupt dispatch: the timer drives time slices and domains.  IRQ handler
 * caps for device interrupts arrive with a later issue.
 */
#include "../include/kernel.h"
#include "../include/printf.h"
#include "../include/thread.h"

#define TIMER_IRQ (VECTOR_TIMER - IRQ_VECTOR_BASE)

void handle_interrupt(word_t irq)
{
    if (irq == TIMER_IRQ) {
        timer_tick();
    } else {
        userError("Spurious interrupt %lu!", irq);
    }
    arch_ack_interrupt();
}

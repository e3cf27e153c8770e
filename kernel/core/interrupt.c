/* Interrupt dispatch.  IRQ handler caps and the timer arrive with later issues. */
#include "../include/kernel.h"
#include "../include/printf.h"

void handle_interrupt(word_t irq)
{
    userError("Spurious interrupt %lu!", irq);
}

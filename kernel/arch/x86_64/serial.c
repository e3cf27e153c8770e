/* COM1 serial console (16550 UART at 0x3f8), 115200 8N1, polled output. */
#include "../arch.h"
#include "machine.h"

#define COM1 0x3f8

static bool serial_ready;

/* Program the UART; called once at boot before any output. */
void x86_serial_init(void)
{
    out8(COM1 + 1, 0x00); /* no interrupts */
    out8(COM1 + 3, 0x80); /* DLAB on */
    out8(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
    out8(COM1 + 1, 0x00);
    out8(COM1 + 3, 0x03); /* 8N1, DLAB off */
    out8(COM1 + 2, 0xC7); /* FIFO on, cleared */
    out8(COM1 + 4, 0x03); /* DTR, RTS */
    serial_ready = true;
}

/* Write one byte, waiting for the transmit holding register. */
void arch_console_putchar(char c)
{
    if (!serial_ready) {
        return;
    }
    for (int i = 0; i < 100000 && !(in8(COM1 + 5) & 0x20); i++) {
    }
    out8(COM1, (uint8_t)c);
}

/* Kernel console: printf to the arch console and seL4's userError framing. */
#include "../include/printf.h"

#include "../arch/arch.h"
#include "../include/config.h"
#include "../include/thread.h"

void kputchar(char c)
{
    if (c == '\n') {
        arch_console_putchar('\r');
    }
    arch_console_putchar(c);
}

static void console_out(char c, void *ctx)
{
    (void)ctx;
    kputchar(c);
}

int kvprintf(const char *fmt, va_list ap)
{
    return kformat(console_out, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* "<<seL4(CPU 0) [func/line T0x... "name" @ip]: " in seL4's colours. */
void user_error_prefix(const char *func, int line)
{
    tcb_t *t = ks_cur_thread;
    kprintf(ANSI_BOLD "<<" ANSI_GREEN "seL4(CPU %lu)" ANSI_BOLD " [%s/%d T%p \"%s\" @%lx]: ",
            0ul, func, line, (void *)t, config_set(CONFIG_DEBUG_BUILD) ? tcb_name(t) : "",
            arch_get_restart_pc(t));
}

void user_error_suffix(void)
{
    kprintf(">>" ANSI_RESET "\n");
}

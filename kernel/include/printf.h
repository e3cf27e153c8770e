/* Kernel console output: printf with seL4 kernel semantics, userError lines. */
#pragma once

#include <stdarg.h>

#include "types.h"

/*
 * kprintf supports %d %i %u %x %X %o %c %s %p %% with flags '-', '0', '#', width,
 * precision for strings and length modifiers l, ll, z.  Like seL4's kernel
 * printf, %p prints as %#lx: "0x" and the hex digits, and a null pointer
 * prints as "0".
 */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Format into buf (always NUL-terminated when size > 0); returns full length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Core formatter: calls out(c, ctx) per character; returns the count. */
int kformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);

void kputchar(char c);

/* ANSI sequences of seL4's coloured kernel printing (KernelColourPrinting). */
#define ANSI_RESET "\033[0m"
#define ANSI_BOLD ANSI_RESET "\033[1m"
#define ANSI_GREEN ANSI_RESET "\033[32m"

/*
 * userError(fmt, ...): seL4's diagnostic line for a rejected invocation,
 *   <<seL4(CPU 0) [function/line T0x... "name" @ip]: message>>
 * Printing builds only; the arguments are not evaluated otherwise.
 */
void user_error_prefix(const char *func, int line);
void user_error_suffix(void);
#define userError(...)                                                        \
    do {                                                                      \
        if (config_set(CONFIG_PRINTING)) {                                                \
            user_error_prefix(__func__, __LINE__);                            \
            kprintf(__VA_ARGS__);                                             \
            user_error_suffix();                                              \
        }                                                                     \
    } while (0)

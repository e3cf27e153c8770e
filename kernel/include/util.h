/* Kernel string helpers and the kernel-bug channel (assert/fail). */
#pragma once

#include "types.h"

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
size_t strlcpy(char *d, const char *s, size_t size);
int strcmp(const char *a, const char *b);

/* A kernel bug: print where and why, then halt. Never for user input. */
NORETURN void kernel_fail(const char *what, const char *file, int line, const char *func);
#define fail(msg) kernel_fail(msg, __FILE__, __LINE__, __func__)
#define assert(expr)                                                          \
    do {                                                                      \
        if (unlikely(!(expr))) {                                              \
            kernel_fail("assertion failed: " #expr, __FILE__, __LINE__, __func__); \
        }                                                                     \
    } while (0)

/*
 * Compiler helpers used throughout libsel4 (names as in seL4's libsel4).
 */
#pragma once

#include <sel4/config.h>

/* Every libsel4 function is a header-only static inline. */
#define LIBSEL4_INLINE static inline
#define LIBSEL4_INLINE_FUNC static inline

/* libsel4's per-thread IPC buffer pointer lives in TLS (user mode only). */
#define LIBSEL4_THREAD_LOCAL __thread

#define LIBSEL4_UNUSED __attribute__((unused))
#define LIBSEL4_WEAK __attribute__((weak))
#define LIBSEL4_NOINLINE __attribute__((noinline))

#define SEL4_PACKED __attribute__((packed))
#define SEL4_DEPRECATED(msg) __attribute__((deprecated(msg)))

#ifndef CONST
#define CONST __attribute__((__const__))
#endif
#ifndef PURE
#define PURE __attribute__((__pure__))
#endif

/* A file-scope assertion; `name` documents the check (unused by C11). */
#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert(expr, #name);

/* Assert that entry bits + index bits == size bits for a table. */
#define SEL4_SIZE_SANITY(entry, index, size) \
    SEL4_COMPILE_ASSERT(entry##_##index##_##size, (entry) + (index) == (size))

/*
 * Last enumerator of an ABI enum: makes the enum as wide as a long so its
 * size matches seL4's on every compiler.
 */
#define SEL4_FORCE_LONG_ENUM(type) \
    _enum_pad_##type = ((1ULL << ((sizeof(long) * 8) - 1)) - 1)

#define LIBSEL4_BIT(n) (1ul << (n))

/*
 * <utils/arith.h>: bit and rounding helpers with seL4 libutils' names.
 * The statement-expression forms evaluate each argument once.
 */
#pragma once

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/stringify.h>

#define BIT(n) (1ul << (n))
#define LLBIT(n) (1ull << (n))

/* The low n bits set (n may be the full word width). */
#define MASK_UNSAFE(x) ((BIT(x) - 1ul))
#define MASK(n)                                                   \
    __extension__({                                               \
        __typeof__(n) _n = (n);                                   \
        (void)assert((unsigned long)_n <= sizeof(unsigned long) * 8); \
        (void)assert(_n > 0);                                     \
        MASK_UNSAFE(_n - 1) | BIT(_n - 1);                        \
    })

#define IS_ALIGNED(n, b) (!((n) & MASK(b)))
#define LOG_BASE_2(n) (sizeof(unsigned long) * CHAR_BIT - CLZL(n) - 1)
#define IS_POWER_OF_2_OR_ZERO(x) (0 == ((x) & ((x) - 1)))
#define IS_POWER_OF_2(x) (((x) != 0) && IS_POWER_OF_2_OR_ZERO(x))

/* n must be a power of two for the ALIGN_ forms. */
#define ALIGN_UP(x, n) (((x) + (n) - 1) & ~((n) - 1))
#define ALIGN_DOWN(x, n) ((x) & ~((n) - 1))

#define ROUND_DOWN_UNSAFE(n, b) ((n) - ((n) % (b)))
#define ROUND_DOWN(n, b)                 \
    __extension__({                      \
        __typeof__(n) _n = (n);          \
        __typeof__(b) _b = (b);          \
        _n - (_n % _b);                  \
    })
#define ROUND_UP_UNSAFE(n, b) ((n) + ((n) % (b) == 0 ? 0 : ((b) - ((n) % (b)))))
#define ROUND_UP(n, b)                                  \
    __extension__({                                     \
        __typeof__(n) _n = (n);                         \
        __typeof__(b) _b = (b);                         \
        (_n + (_n % _b == 0 ? 0 : (_b - (_n % _b))));   \
    })
#define DIV_ROUND_UP(n, d)                       \
    __extension__({                              \
        __typeof__(n) _n = (n);                  \
        __typeof__(d) _d = (d);                  \
        (_n / _d + (_n % _d == 0 ? 0 : 1));      \
    })

#define MIN(a, b)                    \
    __extension__({                  \
        __typeof__(a) _a = (a);      \
        __typeof__(b) _b = (b);      \
        _a < _b ? _a : _b;           \
    })
#define MAX(a, b)                    \
    __extension__({                  \
        __typeof__(a) _a = (a);      \
        __typeof__(b) _b = (b);      \
        _a > _b ? _a : _b;           \
    })
#define MIN_UNSAFE(x, y) ((x) < (y) ? (x) : (y))
#define MAX_UNSAFE(x, y) ((x) > (y) ? (x) : (y))
#define INRANGE(a, x, b) MIN(MAX(x, a), b)
#define ISINRANGE(a, x, b)                                  \
    __extension__({                                         \
        __typeof__(x) _x = (x);                             \
        (_x >= (a)) && (_x <= (b));                         \
    })
#define CLAMP(min, value, max) INRANGE(min, value, max)

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

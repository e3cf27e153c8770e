/* Basic kernel types and helper macros; freestanding, no libc. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t word_t;
typedef int64_t sword_t;
typedef uint64_t paddr_t; /* physical address */
typedef uint64_t vptr_t;  /* user virtual address */
typedef uint64_t pptr_t;  /* kernel-window virtual address of an object */

#define BIT(n) (1ul << (n))
#define MASK(n) ((n) >= 64 ? ~0ul : BIT(n) - 1ul)
#define ROUND_DOWN(x, bits) ((x) & ~MASK(bits))
#define ROUND_UP(x, bits) ROUND_DOWN((x) + MASK(bits), bits)
#define IS_ALIGNED(x, bits) (((x) & MASK(bits)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define NORETURN __attribute__((noreturn))
#define PACKED __attribute__((packed))
#define ALIGNED(n) __attribute__((aligned(n)))
#define UNUSED __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define compile_assert(name, expr) _Static_assert(expr, #name)

/*
 * Reading a libFuzzer input as a stream of small integers (tests/host/fuzz).
 * An exhausted input reads as zeros, so every input is a valid program.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct fuzz_in {
    const uint8_t *p;
    size_t n;
} fuzz_in_t;

/* The next `bytes` bytes (1..8), little-endian. */
static inline uint64_t in_take(fuzz_in_t *in, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) {
        uint64_t b = 0;
        if (in->n) {
            b = *in->p++;
            in->n--;
        }
        v |= b << (8 * i);
    }
    return v;
}

/* A number below n (n >= 1) from one byte. */
static inline uint64_t in_below(fuzz_in_t *in, uint64_t n)
{
    return in_take(in, 1) % n;
}

/* A 64-bit word that is often an edge case. */
static inline uint64_t in_word(fuzz_in_t *in)
{
    switch (in_take(in, 1) & 7) {
    case 0:
        return 0;
    case 1:
        return ~0ull;
    case 2:
        return 1ull << in_below(in, 64);
    case 3:
        return (1ull << in_below(in, 64)) - 1;
    case 4:
        return in_take(in, 1);
    case 5:
        return in_take(in, 2);
    default:
        return in_take(in, 8);
    }
}

/* Report a broken property and crash, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond, ...)                                                   \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "fuzz property broken at %s:%d: %s\n", __FILE__,     \
                    __LINE__, #cond);                                            \
            fprintf(stderr, __VA_ARGS__);                                        \
            fprintf(stderr, "\n");                                               \
            abort();                                                             \
        }                                                                        \
    } while (0)

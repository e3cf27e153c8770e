/*
 * Mica libc: number parsing, abs, qsort, bsearch and rand from <stdlib.h> (and the intmax
 * variants of <inttypes.h>, which are the long ones on x86-64).
 */
#include <limits.h>

#include "include/errno.h"
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/inttypes.h"
#include "include/stdlib.h"
#endif

/* Value of c as a digit in bases up to 36; 99 if it is not one. */
static int digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if ((c | 32) >= 'a' && (c | 32) <= 'z') {
        return (c | 32) - 'a' + 10;
    }
    return 99;
}

/* The common part of the strto* functions: white space, sign, "0x"/"0" prefixes for base 16 or
 * 0, then digits.  Sets *end past the last digit (to s when there is none) and returns the
 * magnitude, with *neg and *overflow (ERANGE) set; EINVAL and 0 for a bad base. */
static unsigned long long scan_digits(const char *s, char **end, int base, int *neg,
                                      int *overflow)
{
    const char *p = s;
    unsigned long long acc = 0;
    int any = 0;
    *neg = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        mica_errno = EINVAL;
        if (end) {
            *end = (char *)s;
        }
        return 0;
    }
    while (mica_isspace((unsigned char)*p)) {
        p++;
    }
    if (*p == '-' || *p == '+') {
        *neg = *p++ == '-';
    }
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    for (int d; (d = digit_value(*p)) < base; p++) {
        any = 1;
        if (acc > (ULLONG_MAX - (unsigned)d) / (unsigned)base) {
            *overflow = 1;
        } else {
            acc = acc * (unsigned)base + (unsigned)d;
        }
    }
    if (end) {
        *end = (char *)(any ? p : s);
    }
    return acc;
}

/* strtoll: clamps to LLONG_MIN/LLONG_MAX with ERANGE. */
long long mica_strtoll(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = scan_digits(s, end, base, &neg, &overflow);
    unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    if (overflow || v > limit) {
        mica_errno = ERANGE;
        return neg ? LLONG_MIN : LLONG_MAX;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

/* strtoull: clamps to ULLONG_MAX with ERANGE; a '-' negates the result modulo 2^64. */
unsigned long long mica_strtoull(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = scan_digits(s, end, base, &neg, &overflow);
    if (overflow) {
        mica_errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

/* strtol: long is long long on x86-64. */
long mica_strtol(const char *s, char **end, int base)
{
    return mica_strtoll(s, end, base);
}

/* strtoul: unsigned long is unsigned long long on x86-64. */
unsigned long mica_strtoul(const char *s, char **end, int base)
{
    return mica_strtoull(s, end, base);
}

/* atoll: decimal with optional sign after white space; errno untouched, overflow wraps. */
long long mica_atoll(const char *s)
{
    unsigned long long v = 0;
    int neg = 0;
    while (mica_isspace((unsigned char)*s)) {
        s++;
    }
    if (*s == '-' || *s == '+') {
        neg = *s++ == '-';
    }
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned)(*s - '0');
    }
    return (long long)(neg ? 0 - v : v);
}

/* atoi: see mica_atoll. */
int mica_atoi(const char *s)
{
    return (int)mica_atoll(s);
}

/* atol: see mica_atoll. */
long mica_atol(const char *s)
{
    return mica_atoll(s);
}

/* Absolute value (undefined for INT_MIN, as in C). */
int mica_abs(int v)
{
    return v < 0 ? -v : v;
}

/* Absolute value of a long. */
long mica_labs(long v)
{
    return v < 0 ? -v : v;
}

/* Absolute value of a long long. */
long long mica_llabs(long long v)
{
    return v < 0 ? -v : v;
}

/* Exchange size bytes at a and b. */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (; size; size--, a++, b++) {
        unsigned char t = *a;
        *a = *b;
        *b = t;
    }
}

/* Restore the max-heap property below element root of the n-element heap at base. */
static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) {
            return;
        }
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) {
            child++;
        }
        if (cmp(base + root * size, base + child * size) >= 0) {
            return;
        }
        swap_bytes(base + root * size, base + child * size, size);
        root = child;
    }
}

/* Sort n elements of size bytes in place (heapsort: O(n log n), not stable). */
void mica_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    unsigned char *b = base;
    if (n < 2 || size == 0) {
        return;
    }
    for (size_t i = n / 2; i-- > 0;) {
        sift_down(b, i, n, size, cmp);
    }
    for (size_t last = n - 1; last > 0; last--) {
        swap_bytes(b, b + last * size, size);
        sift_down(b, 0, last, size, cmp);
    }
}

/* Binary search of a sorted array; returns a matching element or NULL. */
void *mica_bsearch(const void *key, const void *base, size_t n, size_t size,
                   int (*cmp)(const void *, const void *))
{
    const unsigned char *b = base;
    while (n > 0) {
        const unsigned char *mid = b + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0) {
            return (void *)mid;
        }
        if (c > 0) {
            b = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}

static uint64_t rand_state;

/* musl's generator: a 64-bit LCG, returning the top 31 bits. */
int mica_rand(void)
{
    rand_state = 6364136223846793005ull * rand_state + 1;
    return (int)(rand_state >> 33);
}

/* Seed rand(); srand(1) gives the same sequence as no seeding, as in musl. */
void mica_srand(unsigned seed)
{
    rand_state = seed - 1;
}

MICA_EXPORT(strtol, mica_strtol);
MICA_EXPORT(strtoul, mica_strtoul);
MICA_EXPORT(strtoll, mica_strtoll);
MICA_EXPORT(strtoull, mica_strtoull);
MICA_EXPORT(strtoimax, mica_strtol);
MICA_EXPORT(strtoumax, mica_strtoul);
MICA_EXPORT(atoi, mica_atoi);
MICA_EXPORT(atol, mica_atol);
MICA_EXPORT(atoll, mica_atoll);
MICA_EXPORT(abs, mica_abs);
MICA_EXPORT(labs, mica_labs);
MICA_EXPORT(llabs, mica_llabs);
MICA_EXPORT(imaxabs, mica_labs);
MICA_EXPORT(qsort, mica_qsort);
MICA_EXPORT(bsearch, mica_bsearch);
MICA_EXPORT(rand, mica_rand);
MICA_EXPORT(srand, mica_srand);

/*
 * Host tests of the libc <stdlib.h> pieces (lib/libc/stdlib.c, malloc.c, exit.c): number
 * parsing, qsort/bsearch, rand and the heap.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../lib/libc/internal.h"
#include "harness.h"

/* strtol: bases, prefixes, signs, end pointers. */
HOST_TEST(STDLIB0001)
{
    char *end;
    const char *s;
    CHECK_EQ_U(mica_strtol("123", &end, 10), 123);
    CHECK_EQ_U(*end, '\0');
    s = "  -42xyz";
    CHECK(mica_strtol(s, &end, 10) == -42);
    CHECK(end == s + 5);
    CHECK(mica_strtol("+17", NULL, 0) == 17);
    CHECK(mica_strtol("0x1f", NULL, 0) == 31);
    CHECK(mica_strtol("0X1F", NULL, 16) == 31);
    CHECK(mica_strtol("1f", NULL, 16) == 31);
    CHECK(mica_strtol("017", NULL, 0) == 15);
    CHECK(mica_strtol("017", NULL, 10) == 17);
    CHECK(mica_strtol("zZ", NULL, 36) == 35 * 36 + 35);
    s = "1012";
    CHECK(mica_strtol(s, &end, 2) == 5);
    CHECK(end == s + 3);
    s = "0xg"; /* "0x" without a hex digit: just the 0 */
    CHECK(mica_strtol(s, &end, 16) == 0);
    CHECK(end == s + 1);
    CHECK(mica_strtol(s, &end, 0) == 0);
    CHECK(end == s + 1);
    s = "  -";
    CHECK(mica_strtol(s, &end, 10) == 0);
    CHECK(end == s);
    s = "";
    CHECK(mica_strtol(s, &end, 10) == 0);
    CHECK(end == s);
}

/* strtol family: overflow clamps with ERANGE, bad bases give EINVAL. */
HOST_TEST(STDLIB0002)
{
    char *end;
    const char *s = "9223372036854775808tail";
    mica_errno = 0;
    CHECK(mica_strtol(s, &end, 10) == LONG_MAX);
    CHECK_EQ_U(mica_errno, ERANGE);
    CHECK(end == s + 19); /* every digit is consumed even on overflow */
    mica_errno = 0;
    CHECK(mica_strtol("-9223372036854775808", NULL, 10) == LONG_MIN);
    CHECK_EQ_U(mica_errno, 0);
    CHECK(mica_strtoll("-9223372036854775809", NULL, 10) == LLONG_MIN);
    CHECK_EQ_U(mica_errno, ERANGE);
    mica_errno = 0;
    CHECK(mica_strtoul("18446744073709551615", NULL, 10) == ULONG_MAX);
    CHECK_EQ_U(mica_errno, 0);
    CHECK(mica_strtoull("18446744073709551616", NULL, 10) == ULLONG_MAX);
    CHECK_EQ_U(mica_errno, ERANGE);
    mica_errno = 0;
    CHECK(mica_strtoul("-1", NULL, 10) == ULONG_MAX); /* negated modulo 2^64, no error */
    CHECK_EQ_U(mica_errno, 0);
    CHECK(mica_strtoul("-18446744073709551616", NULL, 10) == ULONG_MAX);
    CHECK_EQ_U(mica_errno, ERANGE);
    mica_errno = 0;
    s = "12";
    CHECK(mica_strtol(s, &end, 1) == 0);
    CHECK_EQ_U(mica_errno, EINVAL);
    CHECK(end == s);
    CHECK(mica_strtol(s, NULL, 37) == 0);
}

/* Agreement with the host on assorted inputs and bases. */
HOST_TEST(STDLIB0003)
{
    static const char *const inputs[] = {
        "0", "-0", "42", " \t\n+42", "-2147483649", "4294967296", "0x7fffffffffffffff",
        "0x8000000000000000", "-0x8000000000000000", "0777", "0b101", "zzzzzzzzzzzzzz",
        "99999999999999999999999", "-", "+", "0x", "  0x1G", "1e5", "-18446744073709551615",
    };
    static const int bases[] = {0, 2, 8, 10, 16, 36};
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
            char *e1, *e2;
            errno = 0;
            mica_errno = 0;
            long v1 = mica_strtol(inputs[i], &e1, bases[b]);
            long v2 = strtol(inputs[i], &e2, bases[b]);
            CHECK(v1 == v2 && e1 == e2 && mica_errno == errno);
            errno = 0;
            mica_errno = 0;
            unsigned long u1 = mica_strtoul(inputs[i], &e1, bases[b]);
            unsigned long u2 = strtoul(inputs[i], &e2, bases[b]);
            CHECK(u1 == u2 && e1 == e2 && mica_errno == errno);
        }
    }
}

/* atoi family and abs family. */
HOST_TEST(STDLIB0004)
{
    CHECK(mica_atoi("  -123abc") == -123);
    CHECK(mica_atoi("+7") == 7);
    CHECK(mica_atoi("x1") == 0);
    CHECK(mica_atol("9223372036854775807") == LONG_MAX);
    CHECK(mica_atoll("-9223372036854775808") == LLONG_MIN);
    CHECK(mica_abs(-5) == 5 && mica_abs(5) == 5);
    CHECK(mica_labs(-5L) == 5 && mica_llabs(-LLONG_MAX) == LLONG_MAX);
}

/* qsort comparator for ints. */
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* qsort comparator for 3-byte records, by their first byte. */
static int cmp_rec(const void *a, const void *b)
{
    return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* qsort and bsearch. */
HOST_TEST(STDLIB0005)
{
    int v[257];
    for (size_t n = 0; n <= 257; n += 16) {
        for (size_t i = 0; i < n; i++) {
            v[i] = (int)((i * 7919u) % 101) - 50;
        }
        mica_qsort(v, n, sizeof(int), cmp_int);
        for (size_t i = 1; i < n; i++) {
            CHECK(v[i - 1] <= v[i]);
        }
    }
    unsigned char rec[5][3] = {
        {9, 'a', 'b'}, {3, 'c', 'd'}, {7, 'e', 'f'}, {1, 'g', 'h'}, {5, 'i', 'j'},
    };
    mica_qsort(rec, 5, 3, cmp_rec);
    CHECK(memcmp(rec, "\1gh\3cd\5ij\7ef\11ab", 15) == 0);
    int sorted[] = {1, 3, 5, 7, 9, 11};
    for (int k = 0; k <= 12; k++) {
        int *hit = mica_bsearch(&k, sorted, 6, sizeof(int), cmp_int);
        CHECK(k % 2 ? hit != NULL && *hit == k : hit == NULL);
    }
    CHECK(mica_bsearch(&sorted[0], sorted, 0, sizeof(int), cmp_int) == NULL);
}

/* musl's sequence: unseeded, srand(1), srand(42), srand(0). */
HOST_TEST(STDLIB0006)
{
    mica_srand(1);
    CHECK(mica_rand() == 0 && mica_rand() == 740882966 && mica_rand() == 1616430695);
    mica_srand(42);
    CHECK(mica_rand() == 311430560 && mica_rand() == 131117839);
    mica_srand(0);
    CHECK(mica_rand() == 2049033599);
}

/* malloc: alignment, contents, coalescing, exhaustion. */
HOST_TEST(STDLIB0007)
{
    void *p[64];
    for (size_t i = 0; i < 64; i++) {
        p[i] = mica_malloc(i * 3 + 1);
        CHECK(p[i] != NULL);
        CHECK_EQ_U((uintptr_t)p[i] % 16, 0);
        memset(p[i], (int)i, i * 3 + 1);
    }
    for (size_t i = 0; i < 64; i++) {
        for (size_t k = 0; k < i * 3 + 1; k++) {
            CHECK_EQ_U(((unsigned char *)p[i])[k], i);
        }
    }
    for (size_t i = 0; i < 64; i += 2) {
        mica_free(p[i]);
    }
    for (size_t i = 1; i < 64; i += 2) {
        mica_free(p[i]);
    }
    mica_free(NULL);
    void *big = mica_malloc((1u << 20) - 16); /* the whole arena again: frees coalesced */
    CHECK(big != NULL);
    mica_errno = 0;
    CHECK(mica_malloc(1) == NULL);
    CHECK_EQ_U(mica_errno, ENOMEM);
    mica_free(big);
    CHECK(mica_malloc((size_t)-1) == NULL);
}

/* Fill the heap with small blocks until it runs out, then give everything back. */
HOST_TEST(STDLIB0008)
{
    static void *blocks[40000];
    size_t n = 0;
    while (n < 40000 && (blocks[n] = mica_malloc(24)) != NULL) {
        n++;
    }
    CHECK(n > 1000 && n < 40000);
    while (n > 0) {
        mica_free(blocks[--n]);
    }
    void *all = mica_malloc((1u << 20) - 16);
    CHECK(all != NULL);
    mica_free(all);
}

/* calloc and realloc. */
HOST_TEST(STDLIB0009)
{
    unsigned char *z = mica_calloc(100, 3);
    CHECK(z != NULL);
    for (size_t i = 0; i < 300; i++) {
        CHECK_EQ_U(z[i], 0);
    }
    mica_errno = 0;
    CHECK(mica_calloc(SIZE_MAX / 2, 4) == NULL);
    CHECK_EQ_U(mica_errno, ENOMEM);
    char *r = mica_realloc(NULL, 10);
    CHECK(r != NULL);
    strcpy(r, "123456789");
    char *g = mica_realloc(r, 5000);
    CHECK(g != NULL);
    CHECK_STR(g, "123456789");
    char *s = mica_realloc(g, 4);
    CHECK(s == g);
    CHECK(memcmp(s, "1234", 4) == 0);
    CHECK(mica_realloc(s, (size_t)1 << 30) == NULL); /* fails, old block kept */
    CHECK(memcmp(s, "1234", 4) == 0);
    mica_free(s);
    mica_free(z);
    void *all = mica_malloc((1u << 20) - 16);
    CHECK(all != NULL);
    mica_free(all);
}

/*
 * Mica libc: <string.h> and <strings.h>.  Plain loops, with a word-at-a-time path for aligned
 * copies and fills.  GCC must not turn these loops back into calls to memcpy/memset (which would
 * be themselves), hence the optimisation pragma below (clang's -ffreestanding already implies it).
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/string.h"
#include "include/strings.h"
#endif

typedef uint64_t __attribute__((may_alias)) word_t;

/* Whether both addresses are 8-byte aligned. */
static int both_aligned(const void *a, const void *b)
{
    return (((uintptr_t)a | (uintptr_t)b) & (sizeof(word_t) - 1)) == 0;
}

/* Copy n bytes from src to dst (no overlap); returns dst. */
void *mica_memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (both_aligned(d, s)) {
        for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
            *(word_t *)d = *(const word_t *)s;
            d += sizeof(word_t);
            s += sizeof(word_t);
        }
    }
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

/* Copy n bytes from src to dst; the areas may overlap.  Returns dst. */
void *mica_memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((uintptr_t)d - (uintptr_t)s >= n) {
        return mica_memcpy(dst, src, n); /* dst before src, or no overlap: forwards is safe */
    }
    while (n--) {
        d[n] = s[n];
    }
    return dst;
}

/* Fill n bytes at dst with (unsigned char)c; returns dst. */
void *mica_memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char b = (unsigned char)c;
    for (; n && ((uintptr_t)d & (sizeof(word_t) - 1)); n--) {
        *d++ = b;
    }
    word_t w = b * (word_t)0x0101010101010101ull;
    for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
        *(word_t *)d = w;
        d += sizeof(word_t);
    }
    while (n--) {
        *d++ = b;
    }
    return dst;
}

/* Compare n bytes as unsigned chars; returns <0, 0 or >0. */
int mica_memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

/* First occurrence of (unsigned char)c in n bytes at s, or NULL. */
void *mica_memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (; n; n--, p++) {
        if (*p == (unsigned char)c) {
            return (void *)p;
        }
    }
    return NULL;
}

/* Length of s. */
size_t mica_strlen(const char *s)
{
    const char *p = s;
    while (*p) {
        p++;
    }
    return (size_t)(p - s);
}

/* Length of s, but at most max (reads no further than s[max - 1]). */
size_t mica_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) {
        n++;
    }
    return n;
}

/* Compare strings as unsigned chars. */
int mica_strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++) {
    }
    return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* Compare at most n characters. */
int mica_strncmp(const char *a, const char *b, size_t n)
{
    if (!n) {
        return 0;
    }
    for (; --n && *a && *a == *b; a++, b++) {
    }
    return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* Copy src with its NUL to dst; returns dst. */
char *mica_strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++) != '\0') {
    }
    return dst;
}

/* Copy at most n characters of src and pad dst with NULs up to n; returns dst.  dst is not
 * terminated when src has n or more characters. */
char *mica_strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++) {
        dst[i] = src[i];
    }
    for (; i < n; i++) {
        dst[i] = '\0';
    }
    return dst;
}

/* Append src to dst; returns dst. */
char *mica_strcat(char *dst, const char *src)
{
    mica_strcpy(dst + mica_strlen(dst), src);
    return dst;
}

/* Append at most n characters of src and a NUL to dst; returns dst. */
char *mica_strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + mica_strlen(dst);
    for (; n && *src; n--) {
        *d++ = *src++;
    }
    *d = '\0';
    return dst;
}

/* Copy src into dst of size bytes, truncating and always terminating when size > 0.
 * Returns strlen(src), so truncation happened iff the result is >= size. */
size_t mica_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = mica_strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        mica_memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Append src to the string in dst of size bytes, truncating; returns the length it tried to
 * make (size + strlen(src) if dst held no NUL within size). */
size_t mica_strlcat(char *dst, const char *src, size_t size)
{
    size_t used = mica_strnlen(dst, size);
    if (used == size) {
        return size + mica_strlen(src);
    }
    return used + mica_strlcpy(dst + used, src, size - used);
}

/* First occurrence of (char)c in s (the NUL itself can be found), or NULL. */
char *mica_strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) {
            return (char *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

/* Last occurrence of (char)c in s (the NUL itself can be found), or NULL. */
char *mica_strrchr(const char *s, int c)
{
    const char *last = NULL;
    for (;; s++) {
        if (*s == (char)c) {
            last = s;
        }
        if (!*s) {
            return (char *)last;
        }
    }
}

/* First occurrence of needle in hay (hay itself for an empty needle), or NULL. */
char *mica_strstr(const char *hay, const char *needle)
{
    size_t n = mica_strlen(needle);
    if (n == 0) {
        return (char *)hay;
    }
    for (; *hay; hay++) {
        if (*hay == *needle && mica_strncmp(hay, needle, n) == 0) {
            return (char *)hay;
        }
    }
    return NULL;
}

/* Length of the prefix of s made only of characters in accept. */
size_t mica_strspn(const char *s, const char *accept)
{
    size_t n = 0;
    while (s[n] && mica_strchr(accept, s[n])) {
        n++;
    }
    return n;
}

/* Length of the prefix of s made only of characters not in reject. */
size_t mica_strcspn(const char *s, const char *reject)
{
    size_t n = 0;
    while (s[n] && !mica_strchr(reject, s[n])) {
        n++;
    }
    return n;
}

/* First character of s that is in accept, or NULL. */
char *mica_strpbrk(const char *s, const char *accept)
{
    s += mica_strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

/* A malloc'd copy of s, or NULL when the heap is exhausted. */
char *mica_strdup(const char *s)
{
    return mica_strndup(s, (size_t)-1);
}

/* A malloc'd copy of at most n characters of s, terminated; NULL when the heap is exhausted. */
char *mica_strndup(const char *s, size_t n)
{
    size_t len = mica_strnlen(s, n);
    char *p = mica_malloc(len + 1);
    if (p) {
        mica_memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ASCII lower case of c. */
static int fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Compare ignoring ASCII case. */
int mica_strcasecmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (; *x && fold(*x) == fold(*y); x++, y++) {
    }
    return fold(*x) - fold(*y);
}

/* Compare at most n characters ignoring ASCII case. */
int mica_strncasecmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    if (!n) {
        return 0;
    }
    for (; --n && *x && fold(*x) == fold(*y); x++, y++) {
    }
    return fold(*x) - fold(*y);
}

/* Zero n bytes at dst. */
void mica_bzero(void *dst, size_t n)
{
    mica_memset(dst, 0, n);
}

MICA_EXPORT(memcpy, mica_memcpy);
MICA_EXPORT(memmove, mica_memmove);
MICA_EXPORT(memset, mica_memset);
MICA_EXPORT(memcmp, mica_memcmp);
MICA_EXPORT(memchr, mica_memchr);
MICA_EXPORT(strlen, mica_strlen);
MICA_EXPORT(strnlen, mica_strnlen);
MICA_EXPORT(strcmp, mica_strcmp);
MICA_EXPORT(strncmp, mica_strncmp);
MICA_EXPORT(strcpy, mica_strcpy);
MICA_EXPORT(strncpy, mica_strncpy);
MICA_EXPORT(strcat, mica_strcat);
MICA_EXPORT(strncat, mica_strncat);
MICA_EXPORT(strlcpy, mica_strlcpy);
MICA_EXPORT(strlcat, mica_strlcat);
MICA_EXPORT(strchr, mica_strchr);
MICA_EXPORT(strrchr, mica_strrchr);
MICA_EXPORT(strstr, mica_strstr);
MICA_EXPORT(strspn, mica_strspn);
MICA_EXPORT(strcspn, mica_strcspn);
MICA_EXPORT(strpbrk, mica_strpbrk);
MICA_EXPORT(strdup, mica_strdup);
MICA_EXPORT(strndup, mica_strndup);
MICA_EXPORT(strcasecmp, mica_strcasecmp);
MICA_EXPORT(strncasecmp, mica_strncasecmp);
MICA_EXPORT(bzero, mica_bzero);

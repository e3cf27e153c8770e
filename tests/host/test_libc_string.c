/*
 * Host tests of the libc string, strings and ctype functions (lib/libc/string.c, ctype.c).
 * They call the mica_ implementations directly; the host's own functions serve as references.
 */
#include <ctype.h>
#include <stdint.h>

#include "../../lib/libc/internal.h"
#include "harness.h"

/* Fill n bytes with a pattern that differs at every position. */
static void pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(seed + i * 7 + (i >> 3));
    }
}

/* Sign of v: -1, 0 or 1. */
static int sign(int v)
{
    return (v > 0) - (v < 0);
}

/* memcpy at every small alignment and length. */
HOST_TEST(STRING0001)
{
    /* memcpy at every small alignment and length, checking the bytes around the copy too. */
    unsigned char src[96], dst[96], want[96];
    for (size_t so = 0; so < 9; so++) {
        for (size_t d = 0; d < 9; d++) {
            for (size_t n = 0; n < 70; n++) {
                pattern(src, sizeof(src), 1);
                pattern(dst, sizeof(dst), 99);
                memcpy(want, dst, sizeof(want));
                for (size_t i = 0; i < n; i++) {
                    want[d + i] = src[so + i];
                }
                CHECK(mica_memcpy(dst + d, src + so, n) == dst + d);
                CHECK(memcmp(dst, want, sizeof(dst)) == 0);
            }
        }
    }
}

/* memmove with every overlap in both directions. */
HOST_TEST(STRING0002)
{
    /* memmove with every overlap, both directions. */
    unsigned char buf[80], want[80];
    for (size_t from = 0; from < 24; from++) {
        for (size_t to = 0; to < 24; to++) {
            for (size_t n = 0; n < 40; n++) {
                pattern(buf, sizeof(buf), 5);
                memcpy(want, buf, sizeof(want));
                unsigned char tmp[80];
                memcpy(tmp, buf + from, n);
                memcpy(want + to, tmp, n);
                CHECK(mica_memmove(buf + to, buf + from, n) == buf + to);
                CHECK(memcmp(buf, want, sizeof(buf)) == 0);
            }
        }
    }
}

/* memset and bzero at every small alignment. */
HOST_TEST(STRING0003)
{
    unsigned char buf[80];
    for (size_t off = 0; off < 9; off++) {
        for (size_t n = 0; n < 60; n++) {
            memset(buf, 0xaa, sizeof(buf));
            CHECK(mica_memset(buf + off, 0x1f5, n) == buf + off); /* stores (unsigned char)c */
            for (size_t i = 0; i < sizeof(buf); i++) {
                CHECK_EQ_U(buf[i], i >= off && i < off + n ? 0xf5 : 0xaa);
            }
        }
    }
    memset(buf, 0xaa, sizeof(buf));
    mica_bzero(buf + 3, 10);
    CHECK(buf[2] == 0xaa && buf[3] == 0 && buf[12] == 0 && buf[13] == 0xaa);
}

/* memcmp compares unsigned bytes; memchr. */
HOST_TEST(STRING0004)
{
    CHECK(mica_memcmp("abc", "abd", 3) < 0);
    CHECK(mica_memcmp("abd", "abc", 3) > 0);
    CHECK(mica_memcmp("abc", "abd", 2) == 0);
    CHECK(mica_memcmp("x", "y", 0) == 0);
    CHECK(mica_memcmp("\x80", "\x01", 1) > 0); /* bytes compare as unsigned */
    const char s[] = "hello\0world\xff";
    CHECK(mica_memchr(s, 'o', sizeof(s)) == s + 4);
    CHECK(mica_memchr(s, '\0', sizeof(s)) == s + 5);
    CHECK(mica_memchr(s, 'w', 5) == NULL);
    CHECK(mica_memchr(s, 0x1ff, sizeof(s)) == s + 11);
    CHECK(mica_memchr(s, 'z', sizeof(s)) == NULL);
}

/* strlen and strnlen. */
HOST_TEST(STRING0005)
{
    CHECK_EQ_U(mica_strlen(""), 0);
    CHECK_EQ_U(mica_strlen("hello"), 5);
    CHECK_EQ_U(mica_strnlen("hello", 3), 3);
    CHECK_EQ_U(mica_strnlen("hello", 10), 5);
    CHECK_EQ_U(mica_strnlen("hello", 0), 0);
    char unterminated[4] = {'a', 'b', 'c', 'd'};
    CHECK_EQ_U(mica_strnlen(unterminated, sizeof(unterminated)), 4);
}

/* strcmp and strncmp agree in sign with the host. */
HOST_TEST(STRING0006)
{
    static const char *const words[] = {"", "a", "ab", "abc", "abd", "b", "\x80", "\x7f", "B"};
    size_t count = sizeof(words) / sizeof(words[0]);
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < count; j++) {
            CHECK_EQ_U(sign(mica_strcmp(words[i], words[j])), sign(strcmp(words[i], words[j])));
            for (size_t n = 0; n < 4; n++) {
                CHECK_EQ_U(sign(mica_strncmp(words[i], words[j], n)),
                           sign(strncmp(words[i], words[j], n)));
            }
        }
    }
    CHECK(mica_strcmp("\x80", "a") > 0);
}

/* strcpy, and strncpy's NUL padding and missing terminator. */
HOST_TEST(STRING0007)
{
    char buf[10];
    CHECK(mica_strcpy(buf, "hello") == buf);
    CHECK_STR(buf, "hello");
    memset(buf, 'X', sizeof(buf));
    CHECK(mica_strncpy(buf, "ab", 6) == buf);
    CHECK(memcmp(buf, "ab\0\0\0\0XXXX", 10) == 0); /* padded with NULs up to n, no further */
    memset(buf, 'X', sizeof(buf));
    mica_strncpy(buf, "abcdef", 4);
    CHECK(memcmp(buf, "abcdXXXXXX", 10) == 0); /* no terminator when src is too long */
    mica_strncpy(buf, "", 0);
    CHECK_EQ_U(buf[0], 'a');
}

/* strcat and strncat. */
HOST_TEST(STRING0008)
{
    char buf[16] = "ab";
    CHECK(mica_strcat(buf, "cd") == buf);
    CHECK_STR(buf, "abcd");
    CHECK(mica_strncat(buf, "efgh", 2) == buf);
    CHECK_STR(buf, "abcdef");
    mica_strncat(buf, "xy", 10);
    CHECK_STR(buf, "abcdefxy");
    mica_strncat(buf, "zz", 0);
    CHECK_STR(buf, "abcdefxy");
}

/* strlcpy and strlcat return the length they tried to create. */
HOST_TEST(STRING0009)
{
    char buf[8];
    memset(buf, 'X', sizeof(buf));
    CHECK_EQ_U(mica_strlcpy(buf, "hello world", sizeof(buf)), 11); /* truncated: result >= size */
    CHECK_STR(buf, "hello w");
    CHECK_EQ_U(mica_strlcpy(buf, "hi", sizeof(buf)), 2);
    CHECK_STR(buf, "hi");
    memset(buf, 'X', sizeof(buf));
    CHECK_EQ_U(mica_strlcpy(buf, "abc", 0), 3);
    CHECK_EQ_U(buf[0], 'X');
    CHECK_EQ_U(mica_strlcpy(buf, "abc", 1), 3);
    CHECK_STR(buf, "");
    mica_strlcpy(buf, "ab", sizeof(buf));
    CHECK_EQ_U(mica_strlcat(buf, "cdefghij", sizeof(buf)), 10);
    CHECK_STR(buf, "abcdefg");
    CHECK_EQ_U(mica_strlcat(buf, "z", 3), 4); /* no NUL within size: size + strlen(src) */
    CHECK_STR(buf, "abcdefg");
}

/* Searching: strchr, strrchr, strstr, strspn, strcspn, strpbrk. */
HOST_TEST(STRING0010)
{
    const char *s = "hello world";
    CHECK(mica_strchr(s, 'o') == s + 4);
    CHECK(mica_strrchr(s, 'o') == s + 7);
    CHECK(mica_strchr(s, '\0') == s + 11);
    CHECK(mica_strrchr(s, '\0') == s + 11);
    CHECK(mica_strchr(s, 'z') == NULL);
    CHECK(mica_strrchr(s, 'z') == NULL);
    CHECK(mica_strchr(s, 'h' + 256) == s); /* c is converted to char */
    CHECK(mica_strstr(s, "world") == s + 6);
    CHECK(mica_strstr(s, "") == s);
    CHECK(mica_strstr("", "") != NULL);
    CHECK(mica_strstr(s, "worlds") == NULL);
    CHECK(mica_strstr("aaab", "aab") != NULL);
    CHECK(mica_strstr("ab", "abc") == NULL);
    CHECK_EQ_U(mica_strspn("abcabcxyz", "abc"), 6);
    CHECK_EQ_U(mica_strspn("xyz", "abc"), 0);
    CHECK_EQ_U(mica_strcspn("abcxyz", "zy"), 4);
    CHECK_EQ_U(mica_strcspn("abc", ""), 3);
    CHECK(mica_strpbrk(s, "wd") == s + 6);
    CHECK(mica_strpbrk(s, "XYZ") == NULL);
}

/* strdup and strndup allocate from the libc heap. */
HOST_TEST(STRING0011)
{
    char *a = mica_strdup("copy me");
    CHECK(a != NULL);
    CHECK_STR(a, "copy me");
    char *b = mica_strndup("copy me", 4);
    CHECK(b != NULL);
    CHECK_STR(b, "copy");
    char *c = mica_strndup("ab", 10);
    CHECK(c != NULL);
    CHECK_STR(c, "ab");
    mica_free(a);
    mica_free(b);
    mica_free(c);
}

/* strcasecmp and strncasecmp. */
HOST_TEST(STRING0012)
{
    CHECK(mica_strcasecmp("Hello", "hELLO") == 0);
    CHECK(mica_strcasecmp("abc", "ABD") < 0);
    CHECK(mica_strcasecmp("b", "A") > 0);
    CHECK(mica_strcasecmp("", "a") < 0);
    CHECK(mica_strncasecmp("HELLOx", "helloy", 5) == 0);
    CHECK(mica_strncasecmp("HELLOx", "helloy", 6) < 0);
    CHECK(mica_strncasecmp("a", "b", 0) == 0);
}

/* ctype against the host's C locale. */
HOST_TEST(STRING0013)
{
    /* The C locale classes of every unsigned char value against the host; EOF is in none. */
    CHECK(!mica_isalnum(-1) && !mica_isprint(-1) && !mica_isspace(-1) && !mica_iscntrl(-1));
    CHECK(mica_tolower(-1) == -1 && mica_toupper(-1) == -1);
    for (int c = 0; c < 256; c++) {
        CHECK_EQ_U(!!mica_isalnum(c), !!isalnum(c));
        CHECK_EQ_U(!!mica_isalpha(c), !!isalpha(c));
        CHECK_EQ_U(!!mica_isblank(c), !!isblank(c));
        CHECK_EQ_U(!!mica_iscntrl(c), !!iscntrl(c));
        CHECK_EQ_U(!!mica_isdigit(c), !!isdigit(c));
        CHECK_EQ_U(!!mica_isgraph(c), !!isgraph(c));
        CHECK_EQ_U(!!mica_islower(c), !!islower(c));
        CHECK_EQ_U(!!mica_isprint(c), !!isprint(c));
        CHECK_EQ_U(!!mica_ispunct(c), !!ispunct(c));
        CHECK_EQ_U(!!mica_isspace(c), !!isspace(c));
        CHECK_EQ_U(!!mica_isupper(c), !!isupper(c));
        CHECK_EQ_U(!!mica_isxdigit(c), !!isxdigit(c));
        CHECK_EQ_U(mica_tolower(c), tolower(c));
        CHECK_EQ_U(mica_toupper(c), toupper(c));
    }
}

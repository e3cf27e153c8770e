/*
 * Mica libc: pieces of the printf engine shared by format.c (parsing, integers, strings) and
 * format_float.c (e f g a).  Internal to the library.
 *
 * Every conversion produces one field laid out as musl lays it out:
 *     [spaces][prefix][zeros up to the width][zeros up to the precision][body][spaces]
 * where the leading spaces appear unless '-' or '0' is given, the width zeros only with '0',
 * and the trailing spaces only with '-'.  The parser clears '0' whenever '-' is present.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

enum {
    FL_LEFT = 1 << 0,  /* '-' */
    FL_PLUS = 1 << 1,  /* '+' */
    FL_SPACE = 1 << 2, /* ' ' */
    FL_ALT = 1 << 3,   /* '#' */
    FL_ZERO = 1 << 4,  /* '0' */
    FL_GROUP = 1 << 5, /* '\'' accepted and ignored, as musl does */
};

/* Length modifiers. */
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

/* Where characters go and how many went. */
struct fmt_out {
    void (*put)(char c, void *ctx);
    void *ctx;
    int count; /* characters emitted so far; never exceeds INT_MAX */
};

/* One parsed conversion specification. */
struct fmt_spec {
    unsigned flags;
    int width;     /* >= 0 */
    int prec;      /* -1 when absent (or given as a negative '*') */
    int prec_bad;  /* digits of an explicit precision overflowed an int */
    int star_w;    /* width was '*' */
    int star_p;    /* precision was '*' */
    int len;       /* LEN_* */
    char conv;     /* conversion letter, after %lc -> %C and %ls -> %S */
};

/* Return 1 if n more characters keep the total within INT_MAX; else set EOVERFLOW, return 0. */
int mica_fmt_room(struct fmt_out *o, long long n);

/* Emit n characters of s. */
void mica_fmt_write(struct fmt_out *o, const char *s, size_t n);

/* Emit the character c n times (nothing when n <= 0). */
void mica_fmt_fill(struct fmt_out *o, char c, long long n);

/* Emit the padding that precedes the prefix of a field of len characters. */
void mica_fmt_lead(struct fmt_out *o, const struct fmt_spec *sp, long long len);

/* Emit the '0' padding that follows the prefix of a field of len characters. */
void mica_fmt_zeros(struct fmt_out *o, const struct fmt_spec *sp, long long len);

/* Emit the padding after a left-justified field of len characters. */
void mica_fmt_trail(struct fmt_out *o, const struct fmt_spec *sp, long long len);

/* Format a double for e E f F g G a A; returns 0, or -1 with errno set (EOVERFLOW). */
int mica_fmt_float(struct fmt_out *o, const struct fmt_spec *sp, double v);

/*
 * Mica libc: the printf engine.  It produces musl's output byte for byte; the facts it follows
 * (checked against musl 1.2.x):
 *   - %p: like %#lx, so non-NULL pointers print as "0x" plus minimal hex digits and NULL prints
 *     "0"; an explicit precision is raised to at least 16 digits (and "0x" still only when
 *     non-NULL).
 *   - %s with a NULL pointer prints "(null)", cut by the precision like any string ("%.3s" ->
 *     "(nu"); %ls with NULL does the same here (musl would crash).
 *   - '0' is ignored by c s and by inf/nan; a precision cancels '0' for the integer conversions;
 *     "%%" is only recognised with nothing between the two '%'.
 *   - Floating point: see format_float.c.
 *   - An invalid specification makes the call return -1 with errno EINVAL.  Output already produced
 *     stays, except that specifications up to the first one taking an argument are checked before
 *     anything is printed, as musl's first pass does.
 * Not supported: positional arguments ("%1$d"), which are rejected as invalid.
 */
#include "format.h"

#include <limits.h>

#include "include/errno.h"
#include "internal.h"

/* Return 1 if n more characters keep the total within INT_MAX; else set EOVERFLOW, return 0. */
int mica_fmt_room(struct fmt_out *o, long long n)
{
    if (n > (long long)INT_MAX - o->count) {
        mica_errno = EOVERFLOW;
        return 0;
    }
    return 1;
}

/* Emit n characters of s (the caller has checked the room). */
void mica_fmt_write(struct fmt_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o->put(s[i], o->ctx);
    }
    o->count += (int)n;
}

/* Emit the character c n times (nothing when n <= 0). */
void mica_fmt_fill(struct fmt_out *o, char c, long long n)
{
    for (long long i = 0; i < n; i++) {
        o->put(c, o->ctx);
    }
    if (n > 0) {
        o->count += (int)n;
    }
}

/* Emit the spaces in front of a right-justified, space-padded field of len characters. */
void mica_fmt_lead(struct fmt_out *o, const struct fmt_spec *sp, long long len)
{
    if (!(sp->flags & (FL_LEFT | FL_ZERO))) {
        mica_fmt_fill(o, ' ', sp->width - len);
    }
}

/* Emit the zeros after the prefix of a zero-padded field of len characters. */
void mica_fmt_zeros(struct fmt_out *o, const struct fmt_spec *sp, long long len)
{
    if (sp->flags & FL_ZERO) {
        mica_fmt_fill(o, '0', sp->width - len);
    }
}

/* Emit the spaces after a left-justified field of len characters. */
void mica_fmt_trail(struct fmt_out *o, const struct fmt_spec *sp, long long len)
{
    if (sp->flags & FL_LEFT) {
        mica_fmt_fill(o, ' ', sp->width - len);
    }
}

/* Emit one whole field: prefix, then body of n characters zero-extended to prec digits, padded
 * to the width.  Returns 0, or -1 (EOVERFLOW) before emitting anything. */
static int emit_field(struct fmt_out *o, const struct fmt_spec *sp, const char *prefix, int pl,
                      const char *body, size_t n, long long prec)
{
    if (prec < (long long)n) {
        prec = (long long)n;
    }
    long long len = pl + prec;
    if (!mica_fmt_room(o, len > sp->width ? len : sp->width)) {
        return -1;
    }
    mica_fmt_lead(o, sp, len);
    mica_fmt_write(o, prefix, (size_t)pl);
    mica_fmt_zeros(o, sp, len);
    mica_fmt_fill(o, '0', prec - (long long)n);
    mica_fmt_write(o, body, n);
    mica_fmt_trail(o, sp, len);
    return 0;
}

/* Map a flag character to its FL_* bit; 0 if c is not a flag. */
static unsigned flag_bit(char c)
{
    switch (c) {
    case '-':
        return FL_LEFT;
    case '+':
        return FL_PLUS;
    case ' ':
        return FL_SPACE;
    case '#':
        return FL_ALT;
    case '0':
        return FL_ZERO;
    case '\'':
        return FL_GROUP;
    default:
        return 0;
    }
}

/* Read a decimal number at *s, consuming all its digits; -1 if it exceeds INT_MAX. */
static int parse_number(const char **s)
{
    int v = 0;
    for (; **s >= '0' && **s <= '9'; (*s)++) {
        int d = **s - '0';
        if (v >= 0 && v <= (INT_MAX - d) / 10) {
            v = v * 10 + d;
        } else {
            v = -1;
        }
    }
    return v;
}

/* Read an optional length modifier at *s; returns LEN_*. */
static int parse_length(const char **s)
{
    char c = **s;
    int len;
    switch (c) {
    case 'h':
        len = LEN_H;
        break;
    case 'l':
        len = LEN_L;
        break;
    case 'j':
        len = LEN_J;
        break;
    case 'z':
        len = LEN_Z;
        break;
    case 't':
        len = LEN_T;
        break;
    case 'L':
        len = LEN_BIG_L;
        break;
    default:
        return LEN_NONE;
    }
    (*s)++;
    if ((len == LEN_H || len == LEN_L) && **s == c) {
        (*s)++;
        len = len == LEN_H ? LEN_HH : LEN_LL;
    }
    return len;
}

/* Whether musl accepts conversion c after length modifier len. */
static int conv_allowed(int len, char c)
{
    switch (c) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        return len != LEN_BIG_L;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        return len == LEN_NONE || len == LEN_L || len == LEN_BIG_L;
    case 'c': case 's':
        return len == LEN_NONE || len == LEN_L;
    case 'C': case 'S': case 'p': case 'm':
        return len == LEN_NONE;
    case 'n':
        return 1;
    default:
        return 0;
    }
}

/* Parse the specification that follows a '%' and advance *fmt past it.  '*' values are left to
 * the caller.  Returns 0, or -1 with errno EINVAL (bad conversion) or EOVERFLOW (huge width). */
static int parse_spec(const char **fmt, struct fmt_spec *sp)
{
    const char *s = *fmt;
    sp->flags = 0;
    for (unsigned f; (f = flag_bit(*s)) != 0; s++) {
        sp->flags |= f;
    }
    sp->star_w = *s == '*';
    sp->width = 0;
    if (sp->star_w) {
        s++;
    } else if ((sp->width = parse_number(&s)) < 0) {
        mica_errno = EOVERFLOW;
        return -1;
    }
    sp->star_p = 0;
    sp->prec = -1;
    sp->prec_bad = 0;
    if (*s == '.') {
        s++;
        if (*s == '*') {
            sp->star_p = 1;
            s++;
        } else {
            sp->prec = parse_number(&s);
            sp->prec_bad = sp->prec < 0;
        }
    }
    sp->len = parse_length(&s);
    sp->conv = *s;
    if (!conv_allowed(sp->len, sp->conv)) {
        mica_errno = EINVAL;
        return -1;
    }
    s++;
    if (sp->len == LEN_L && sp->conv == 'c') {
        sp->conv = 'C';
    } else if (sp->len == LEN_L && sp->conv == 's') {
        sp->conv = 'S';
    }
    *fmt = s;
    return 0;
}

/* Fetch a signed integer argument of length len; returns its magnitude and sets *neg. */
static uint64_t fetch_signed(va_list *ap, int len, int *neg)
{
    int64_t v;
    switch (len) {
    case LEN_HH:
        v = (signed char)va_arg(*ap, int);
        break;
    case LEN_H:
        v = (short)va_arg(*ap, int);
        break;
    case LEN_L:
        v = va_arg(*ap, long);
        break;
    case LEN_LL:
        v = va_arg(*ap, long long);
        break;
    case LEN_J:
        v = va_arg(*ap, intmax_t);
        break;
    case LEN_Z:
    case LEN_T:
        v = va_arg(*ap, ptrdiff_t);
        break;
    default:
        v = va_arg(*ap, int);
        break;
    }
    *neg = v < 0;
    return *neg ? -(uint64_t)v : (uint64_t)v;
}

/* Fetch an unsigned integer argument of length len. */
static uint64_t fetch_unsigned(va_list *ap, int len)
{
    switch (len) {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_LL:
        return va_arg(*ap, unsigned long long);
    case LEN_J:
        return va_arg(*ap, uintmax_t);
    case LEN_Z:
    case LEN_T:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Write the digits of v in base 8, 10 or 16 ending at end; returns the first digit (none for 0). */
static char *integer_digits(uint64_t v, char *end, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (; v; v /= base) {
        *--end = digits[v % base];
    }
    return end;
}

/* Convert d i o u x X p.  Returns 0, or -1 with errno set. */
static int conv_integer(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    char buf[24];
    char *end = buf + sizeof(buf), *a;
    const char *prefix = "";
    int pl = 0, neg = 0;
    long long prec = sp->prec;
    char c = sp->conv;
    uint64_t v;

    if (c == 'd' || c == 'i') {
        v = fetch_signed(ap, sp->len, &neg);
    } else if (c == 'p') {
        v = (uintptr_t)va_arg(*ap, void *);
    } else {
        v = fetch_unsigned(ap, sp->len);
    }
    if (sp->prec_bad) {
        mica_errno = EOVERFLOW;
        return -1;
    }
    if (c == 'p') {
        sp->flags |= FL_ALT;
        if (prec >= 0 && prec < 2 * (long long)sizeof(void *)) {
            prec = 2 * (long long)sizeof(void *); /* musl: an explicit precision means all digits */
        }
        c = 'x';
    }
    if (c == 'x' || c == 'X') {
        a = integer_digits(v, end, 16, c == 'X');
        if (v && (sp->flags & FL_ALT)) {
            prefix = c == 'x' ? "0x" : "0X";
            pl = 2;
        }
    } else if (c == 'o') {
        a = integer_digits(v, end, 8, 0);
        if ((sp->flags & FL_ALT) && prec < end - a + 1) {
            prec = end - a + 1;
        }
    } else {
        a = integer_digits(v, end, 10, 0);
        if (c != 'u' && (neg || (sp->flags & (FL_PLUS | FL_SPACE)))) {
            prefix = neg ? "-" : (sp->flags & FL_PLUS) ? "+" : " ";
            pl = 1;
        }
    }
    if (sp->prec >= 0) {
        sp->flags &= ~FL_ZERO;
    }
    size_t n = (size_t)(end - a);
    if ((v != 0 || prec != 0) && prec < (long long)n + (v == 0)) {
        prec = (long long)n + (v == 0);
    }
    return emit_field(o, sp, prefix, pl, a, n, prec);
}

/* Convert a narrow string (NULL prints "(null)"), cut at the precision. */
static int conv_string(struct fmt_out *o, struct fmt_spec *sp, const char *s)
{
    if (!s) {
        s = "(null)";
    }
    size_t n = mica_strnlen(s, sp->prec < 0 ? (size_t)INT_MAX : (size_t)sp->prec);
    if (sp->prec < 0 && s[n]) {
        mica_errno = EOVERFLOW;
        return -1;
    }
    sp->flags &= ~FL_ZERO;
    return emit_field(o, sp, "", 0, s, n, 0);
}

/* The byte musl's C locale gives a wide character: ASCII, or 0xdf80-0xdfff for raw bytes;
 * -1 for anything else (EILSEQ). */
static int wide_byte(wchar_t wc)
{
    unsigned u = (unsigned)wc;
    if (u < 0x80) {
        return (int)u;
    }
    if (u - 0xdf80 < 0x80) {
        return (int)(u & 0xff);
    }
    return -1;
}

/* Convert a wide string (%ls, %S) through the C locale.  Like musl, the '0' flag suppresses the
 * padding altogether.  Returns 0, or -1 with errno EILSEQ or EOVERFLOW. */
static int conv_wide(struct fmt_out *o, struct fmt_spec *sp, const wchar_t *ws)
{
    if (!ws) {
        return conv_string(o, sp, NULL);
    }
    size_t limit = sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec;
    size_t n = 0;
    for (; n < limit && ws[n]; n++) {
        if (wide_byte(ws[n]) < 0) {
            mica_errno = EILSEQ;
            return -1;
        }
    }
    long long len = (long long)n;
    if (n > INT_MAX || !mica_fmt_room(o, len > sp->width ? len : sp->width)) {
        mica_errno = EOVERFLOW;
        return -1;
    }
    mica_fmt_lead(o, sp, len);
    for (size_t i = 0; i < n; i++) {
        char b = (char)wide_byte(ws[i]);
        mica_fmt_write(o, &b, 1);
    }
    mica_fmt_trail(o, sp, len);
    return 0;
}

/* Convert c and C (a wide character; L'\0' prints one NUL byte as %c does). */
static int conv_char(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    char ch;
    if (sp->conv == 'C') {
        wchar_t ws[2] = {(wchar_t)va_arg(*ap, unsigned), 0};
        if (ws[0] != 0) {
            sp->prec = -1;
            return conv_wide(o, sp, ws);
        }
        ch = 0;
    } else {
        ch = (char)va_arg(*ap, int);
    }
    sp->flags &= ~FL_ZERO;
    return emit_field(o, sp, "", 0, &ch, 1, 1);
}

/* Store the count so far through the pointer argument of %n (%Ln stores nothing, as musl). */
static void conv_count(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
    void *p = va_arg(*ap, void *);
    switch (sp->len) {
    case LEN_NONE:
        *(int *)p = o->count;
        break;
    case LEN_HH:
        *(signed char *)p = (signed char)o->count;
        break;
    case LEN_H:
        *(short *)p = (short)o->count;
        break;
    case LEN_L:
        *(long *)p = o->count;
        break;
    case LEN_LL:
        *(long long *)p = o->count;
        break;
    case LEN_J:
        *(intmax_t *)p = o->count;
        break;
    case LEN_Z:
    case LEN_T:
        *(size_t *)p = (size_t)o->count;
        break;
    default:
        break;
    }
}

/* Convert a floating-point argument (long double is narrowed to double). */
static int conv_float(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    double v;
    if (sp->len == LEN_BIG_L) {
        v = (double)va_arg(*ap, long double);
    } else {
        v = va_arg(*ap, double);
    }
    if (sp->prec_bad) {
        mica_errno = EOVERFLOW;
        return -1;
    }
    return mica_fmt_float(o, sp, v);
}

/* Perform one parsed conversion, taking its argument from *ap.  Returns 0 or -1. */
static int convert(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    switch (sp->conv) {
    case 'c':
    case 'C':
        return conv_char(o, sp, ap);
    case 's':
        return conv_string(o, sp, va_arg(*ap, const char *));
    case 'S':
        return conv_wide(o, sp, va_arg(*ap, const wchar_t *));
    case 'm':
        return conv_string(o, sp, mica_strerror(mica_errno));
    case 'n':
        conv_count(o, sp, ap);
        return 0;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        return conv_float(o, sp, ap);
    default:
        return conv_integer(o, sp, ap);
    }
}

/* Check the specifications up to the first one that takes an argument, as musl does before it
 * prints anything.  Returns 0, or -1 with errno set. */
static int prescan(const char *fmt)
{
    for (;;) {
        while (*fmt && *fmt != '%') {
            fmt++;
        }
        if (!*fmt) {
            return 0;
        }
        if (fmt[1] == '%') {
            fmt += 2;
            continue;
        }
        fmt++;
        struct fmt_spec sp;
        if (parse_spec(&fmt, &sp) < 0) {
            return -1;
        }
        if (sp.conv != 'm') {
            return 0;
        }
    }
}

/* Fill in the '*' width and precision of sp from *ap (a negative width means '-'). */
static void fetch_stars(struct fmt_spec *sp, va_list *ap)
{
    if (sp->star_w) {
        int w = va_arg(*ap, int);
        if (w < 0) {
            sp->flags |= FL_LEFT;
            w = w == INT_MIN ? 0 : -w; /* musl ends up with no padding for INT_MIN */
        }
        sp->width = w;
    }
    if (sp->star_p) {
        int p = va_arg(*ap, int);
        sp->prec = p < 0 ? -1 : p;
    }
    if (sp->flags & FL_LEFT) {
        sp->flags &= ~FL_ZERO;
    }
}

/* The main loop: copy literal text, convert each specification.  Returns the count or -1. */
static int format_loop(struct fmt_out *o, const char *fmt, va_list *ap)
{
    while (*fmt) {
        const char *lit = fmt;
        if (*fmt == '%' && fmt[1] == '%') {
            fmt += 2; /* "%%" prints the first '%' */
        } else {
            while (*fmt && *fmt != '%') {
                fmt++;
            }
        }
        if (fmt != lit) {
            size_t n = *lit == '%' ? 1 : (size_t)(fmt - lit);
            if (!mica_fmt_room(o, (long long)n)) {
                return -1;
            }
            mica_fmt_write(o, lit, n);
            continue;
        }
        fmt++;
        struct fmt_spec sp;
        if (parse_spec(&fmt, &sp) < 0) {
            return -1;
        }
        fetch_stars(&sp, ap);
        if (convert(o, &sp, ap) < 0) {
            return -1;
        }
    }
    return o->count;
}

/* Format fmt with the arguments in ap, sending each character to out(c, ctx).  Returns the number
 * of characters produced, or -1 with errno set (EINVAL, EOVERFLOW, EILSEQ). */
int __mica_vformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
    struct fmt_out o = {out, ctx, 0};
    if (prescan(fmt) < 0) {
        return -1;
    }
    va_list args;
    va_copy(args, ap);
    int r = format_loop(&o, fmt, &args);
    va_end(args);
    return r;
}

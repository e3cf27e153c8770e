/*
 * Kernel printf: a small formatter with the semantics of seL4's kernel printf
 * (%p prints like %#lx: "0x..." and a null pointer as "0").  Output goes to
 * the console (console.c); ksnprintf formats into a buffer.  Pure code: host-tested.
 */
#include "../include/printf.h"

typedef struct fmt_spec {
    bool left, zero, alt, plus, space;
    int width;     /* -1: none */
    int precision; /* -1: none */
    int length;    /* 0 int, 1 long, 2 long long, 3 size_t */
} fmt_spec_t;

typedef struct fmt_out {
    void (*out)(char c, void *ctx);
    void *ctx;
    int count;
} fmt_out_t;

static void emit(fmt_out_t *o, char c)
{
    o->out(c, o->ctx);
    o->count++;
}

static void emit_pad(fmt_out_t *o, char c, int n)
{
    for (int i = 0; i < n; i++) {
        emit(o, c);
    }
}

/* Emit a prefix and digit string honouring width, '-' and '0'. */
static void emit_field(fmt_out_t *o, const fmt_spec_t *s, const char *prefix,
                       const char *digits, int ndigits)
{
    int plen = 0;
    while (prefix[plen]) {
        plen++;
    }
    int zeros = (s->precision > ndigits) ? s->precision - ndigits : 0;
    int len = plen + zeros + ndigits;
    int pad = (s->width > len) ? s->width - len : 0;
    if (s->zero && !s->left && s->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!s->left) {
        emit_pad(o, ' ', pad);
    }
    for (int i = 0; i < plen; i++) {
        emit(o, prefix[i]);
    }
    emit_pad(o, '0', zeros);
    for (int i = 0; i < ndigits; i++) {
        emit(o, digits[i]);
    }
    if (s->left) {
        emit_pad(o, ' ', pad);
    }
}

/* Format an unsigned number in base 8, 10 or 16 with a sign/prefix string. */
static void emit_number(fmt_out_t *o, const fmt_spec_t *s, unsigned long long v, int base,
                        bool upper, const char *prefix)
{
    char buf[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    while (v) {
        buf[sizeof(buf) - 1 - n++] = digits[v % (unsigned)base];
        v /= (unsigned)base;
    }
    if (n == 0 && s->precision != 0) {
        buf[sizeof(buf) - 1 - n++] = '0';
    }
    emit_field(o, s, prefix, &buf[sizeof(buf) - n], n);
}

/* Parse flags, width, precision and length; returns the conversion character pointer. */
static const char *parse_spec(const char *f, fmt_spec_t *s, va_list *ap)
{
    *s = (fmt_spec_t){.width = -1, .precision = -1};
    for (;; f++) {
        if (*f == '-') {
            s->left = true;
        } else if (*f == '0') {
            s->zero = true;
        } else if (*f == '#') {
            s->alt = true;
        } else if (*f == '+') {
            s->plus = true;
        } else if (*f == ' ') {
            s->space = true;
        } else {
            break;
        }
    }
    if (*f == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0) {
            s->left = true;
            s->width = -s->width;
        }
        f++;
    } else {
        for (s->width = 0; *f >= '0' && *f <= '9'; f++) {
            s->width = s->width * 10 + (*f - '0');
        }
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            s->precision = va_arg(*ap, int);
            f++;
        } else {
            for (s->precision = 0; *f >= '0' && *f <= '9'; f++) {
                s->precision = s->precision * 10 + (*f - '0');
            }
        }
    }
    for (; *f == 'l' || *f == 'z' || *f == 'h'; f++) {
        s->length = (*f == 'z') ? 3 : (*f == 'l' ? s->length + 1 : s->length);
    }
    return f;
}

static unsigned long long arg_unsigned(const fmt_spec_t *s, va_list *ap)
{
    switch (s->length) {
    case 0:
        return va_arg(*ap, unsigned int);
    case 1:
        return va_arg(*ap, unsigned long);
    case 3:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned long long);
    }
}

static long long arg_signed(const fmt_spec_t *s, va_list *ap)
{
    switch (s->length) {
    case 0:
        return va_arg(*ap, int);
    case 1:
        return va_arg(*ap, long);
    case 3:
        return (long long)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, long long);
    }
}

/* Format one conversion c with spec s. */
static void format_one(fmt_out_t *o, char c, fmt_spec_t *s, va_list *ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        long long v = arg_signed(s, ap);
        unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
        emit_number(o, s, mag, 10, false, v < 0 ? "-" : s->plus ? "+" : s->space ? " " : "");
        break;
    }
    case 'u':
        emit_number(o, s, arg_unsigned(s, ap), 10, false, "");
        break;
    case 'x':
    case 'X': {
        unsigned long long v = arg_unsigned(s, ap);
        emit_number(o, s, v, 16, c == 'X', (s->alt && v) ? (c == 'X' ? "0X" : "0x") : "");
        break;
    }
    case 'o':
        emit_number(o, s, arg_unsigned(s, ap), 8, false, s->alt ? "0" : "");
        break;
    case 'p': {
        unsigned long long v = (unsigned long long)(word_t)va_arg(*ap, void *);
        emit_number(o, s, v, 16, false, v ? "0x" : "");
        break;
    }
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        s->precision = -1;
        s->zero = false;
        emit_field(o, s, "", &ch, 1);
        break;
    }
    case 's': {
        const char *str = va_arg(*ap, const char *);
        if (!str) {
            str = "(null)";
        }
        int n = 0;
        while (str[n] && (s->precision < 0 || n < s->precision)) {
            n++;
        }
        s->precision = -1;
        s->zero = false;
        emit_field(o, s, "", str, n);
        break;
    }
    default:
        emit(o, '%');
        if (c) {
            emit(o, c);
        }
        break;
    }
}

int kformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
    fmt_out_t o = {out, ctx, 0};
    va_list args;
    va_copy(args, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            emit(&o, *f);
            continue;
        }
        fmt_spec_t s;
        f = parse_spec(f + 1, &s, &args);
        if (*f == '%') {
            emit(&o, '%');
            continue;
        }
        format_one(&o, *f, &s, &args);
        if (!*f) {
            break;
        }
    }
    va_end(args);
    return o.count;
}

typedef struct buf_ctx {
    char *buf;
    size_t size;
    size_t pos;
} buf_ctx_t;

static void buf_out(char c, void *ctx)
{
    buf_ctx_t *b = ctx;
    if (b->pos + 1 < b->size) {
        b->buf[b->pos] = c;
    }
    b->pos++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    buf_ctx_t b = {buf, size, 0};
    int n = kformat(buf_out, &b, fmt, ap);
    if (size) {
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    }
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

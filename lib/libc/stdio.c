/*
 * Mica libc: the printf family and the few output calls over the console hook.  Streams are
 * unbuffered, so fflush has nothing to do.  Return values are musl's: fputs and puts give 0,
 * fputc and putchar the byte written.
 */
#include <limits.h>

#include "include/mica/console.h"
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/stdio.h"
#endif

static struct mica_file stdout_file;
static struct mica_file stderr_file;
struct mica_file *const mica_stdout = &stdout_file;
struct mica_file *const mica_stderr = &stderr_file;

/* Output state of vsnprintf: keeps the first size - 1 characters. */
struct buffer_out {
    char *buf;
    size_t size;
    size_t pos;
};

/* Formatter sink for the console. */
static void console_out(char c, void *ctx)
{
    (void)ctx;
    __mica_putchar((unsigned char)c);
}

/* Formatter sink for a bounded buffer: store while room remains, count everything. */
static void buffer_out(char c, void *ctx)
{
    struct buffer_out *b = ctx;
    if (b->pos + 1 < b->size) {
        b->buf[b->pos] = c;
    }
    b->pos++;
}

/* Format into buf, keeping at most size - 1 characters and a terminating NUL when size > 0.
 * Returns the length the whole output would have, or -1 with errno set. */
int mica_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buffer_out b = {buf, size, 0};
    int r = __mica_vformat(buffer_out, &b, fmt, ap);
    if (size > 0) {
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    }
    return r;
}

/* snprintf: see mica_vsnprintf. */
int mica_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = mica_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

/* Format into buf without a bound (musl bounds it at INT_MAX). */
int mica_vsprintf(char *buf, const char *fmt, va_list ap)
{
    return mica_vsnprintf(buf, INT_MAX, fmt, ap);
}

/* sprintf: see mica_vsprintf. */
int mica_sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = mica_vsprintf(buf, fmt, ap);
    va_end(ap);
    return r;
}

/* Format to a stream (the console); returns the characters written or -1. */
int mica_vfprintf(struct mica_file *f, const char *fmt, va_list ap)
{
    return __mica_vformat(console_out, f, fmt, ap);
}

/* fprintf: see mica_vfprintf. */
int mica_fprintf(struct mica_file *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = mica_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

/* Format to stdout. */
int mica_vprintf(const char *fmt, va_list ap)
{
    return mica_vfprintf(mica_stdout, fmt, ap);
}

/* printf: see mica_vprintf. */
int mica_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = mica_vfprintf(mica_stdout, fmt, ap);
    va_end(ap);
    return r;
}

/* Write the byte c; returns it as an unsigned char. */
int mica_fputc(int c, struct mica_file *f)
{
    (void)f;
    __mica_putchar((unsigned char)c);
    return (unsigned char)c;
}

/* Write the byte c to stdout. */
int mica_putchar(int c)
{
    return mica_fputc(c, mica_stdout);
}

/* Write the string s (no newline); returns 0. */
int mica_fputs(const char *s, struct mica_file *f)
{
    for (; *s; s++) {
        mica_fputc(*s, f);
    }
    return 0;
}

/* Write s and a newline to stdout; returns 0. */
int mica_puts(const char *s)
{
    mica_fputs(s, mica_stdout);
    mica_fputc('\n', mica_stdout);
    return 0;
}

/* Write nmemb items of size bytes; returns nmemb (0 when size is 0). */
size_t mica_fwrite(const void *p, size_t size, size_t nmemb, struct mica_file *f)
{
    const unsigned char *s = p;
    if (size == 0) {
        return 0;
    }
    for (size_t i = 0; i < size * nmemb; i++) {
        mica_fputc(s[i], f);
    }
    return nmemb;
}

/* Nothing is buffered: returns 0. */
int mica_fflush(struct mica_file *f)
{
    (void)f;
    return 0;
}

/* The stream's error flag (the console never fails). */
int mica_ferror(struct mica_file *f)
{
    return f->error;
}

/* Print "msg: " (when msg is non-empty), the text of errno and a newline on stderr. */
void mica_perror(const char *msg)
{
    const char *text = mica_strerror(mica_errno);
    if (msg && *msg) {
        mica_fputs(msg, mica_stderr);
        mica_fputs(": ", mica_stderr);
    }
    mica_fputs(text, mica_stderr);
    mica_fputc('\n', mica_stderr);
}

MICA_EXPORT(stdout, mica_stdout);
MICA_EXPORT(stderr, mica_stderr);
MICA_EXPORT(vsnprintf, mica_vsnprintf);
MICA_EXPORT(snprintf, mica_snprintf);
MICA_EXPORT(vsprintf, mica_vsprintf);
MICA_EXPORT(sprintf, mica_sprintf);
MICA_EXPORT(vfprintf, mica_vfprintf);
MICA_EXPORT(fprintf, mica_fprintf);
MICA_EXPORT(vprintf, mica_vprintf);
MICA_EXPORT(printf, mica_printf);
MICA_EXPORT(fputc, mica_fputc);
MICA_EXPORT(putc, mica_fputc);
MICA_EXPORT(putchar, mica_putchar);
MICA_EXPORT(fputs, mica_fputs);
MICA_EXPORT(puts, mica_puts);
MICA_EXPORT(fwrite, mica_fwrite);
MICA_EXPORT(fflush, mica_fflush);
MICA_EXPORT(ferror, mica_ferror);
MICA_EXPORT(perror, mica_perror);

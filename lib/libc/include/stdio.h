/*
 * Mica libc <stdio.h>: formatted output with musl's formatting.  stdout and stderr both write,
 * unbuffered, to the console; there is no input and no file system.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 1024

typedef struct mica_file FILE;

extern FILE *const stdout;
extern FILE *const stderr;
#define stdout (stdout)
#define stderr (stderr)

#define MICA_STDIO_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *restrict fmt, ...) MICA_STDIO_PRINTF(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) MICA_STDIO_PRINTF(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...) MICA_STDIO_PRINTF(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    MICA_STDIO_PRINTF(3, 4);
int vprintf(const char *restrict fmt, va_list ap) MICA_STDIO_PRINTF(1, 0);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) MICA_STDIO_PRINTF(2, 0);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap) MICA_STDIO_PRINTF(2, 0);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
    MICA_STDIO_PRINTF(3, 0);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);
size_t fwrite(const void *restrict p, size_t size, size_t nmemb, FILE *restrict f);
int fflush(FILE *f);
int ferror(FILE *f);
void perror(const char *msg);

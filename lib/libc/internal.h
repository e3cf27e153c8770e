/*
 * Mica libc: declarations shared by the library sources and the host unit tests.
 *
 * Every routine is implemented under a mica_ name.  The user build exports it under its standard
 * name too, with MICA_EXPORT (a GCC alias in the defining file).  The host tests compile the same
 * sources with -DMICA_HOST_TEST: then no standard name is defined and nothing clashes with the
 * host's C library.  This header includes only gcc's own freestanding headers, so it means the
 * same thing in both builds.
 *
 * Not thread safe: errno, the heap, the atexit table and rand() are plain globals.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef MICA_HOST_TEST
#define MICA_EXPORT(name, impl) _Static_assert(1, #name)
#else
#define MICA_EXPORT(name, impl) extern __typeof__(impl) name __attribute__((alias(#impl)))
#endif

#define MICA_PRINTF(fmt_arg, first_arg) __attribute__((format(printf, fmt_arg, first_arg)))

/* A stream: both stdout and stderr write to the console through __mica_putchar. */
struct mica_file {
    int error; /* sticky error flag; never set today (the console cannot fail) */
};

extern int mica_errno;
extern struct mica_file *const mica_stdout;
extern struct mica_file *const mica_stderr;

/* format.c: the printf engine.  Returns the number of characters produced, or -1 with
 * mica_errno set (EINVAL bad conversion, EOVERFLOW count or field past INT_MAX, EILSEQ). */
int __mica_vformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);

/* stdio.c */
int mica_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int mica_snprintf(char *buf, size_t size, const char *fmt, ...) MICA_PRINTF(3, 4);
int mica_vsprintf(char *buf, const char *fmt, va_list ap);
int mica_sprintf(char *buf, const char *fmt, ...) MICA_PRINTF(2, 3);
int mica_vfprintf(struct mica_file *f, const char *fmt, va_list ap);
int mica_fprintf(struct mica_file *f, const char *fmt, ...) MICA_PRINTF(2, 3);
int mica_vprintf(const char *fmt, va_list ap);
int mica_printf(const char *fmt, ...) MICA_PRINTF(1, 2);
int mica_fputc(int c, struct mica_file *f);
int mica_putchar(int c);
int mica_fputs(const char *s, struct mica_file *f);
int mica_puts(const char *s);
size_t mica_fwrite(const void *p, size_t size, size_t nmemb, struct mica_file *f);
int mica_fflush(struct mica_file *f);
int mica_ferror(struct mica_file *f);
void mica_perror(const char *msg);

/* string.c */
void *mica_memcpy(void *dst, const void *src, size_t n);
void *mica_memmove(void *dst, const void *src, size_t n);
void *mica_memset(void *dst, int c, size_t n);
int mica_memcmp(const void *a, const void *b, size_t n);
void *mica_memchr(const void *s, int c, size_t n);
size_t mica_strlen(const char *s);
size_t mica_strnlen(const char *s, size_t max);
int mica_strcmp(const char *a, const char *b);
int mica_strncmp(const char *a, const char *b, size_t n);
char *mica_strcpy(char *dst, const char *src);
char *mica_strncpy(char *dst, const char *src, size_t n);
char *mica_strcat(char *dst, const char *src);
char *mica_strncat(char *dst, const char *src, size_t n);
size_t mica_strlcpy(char *dst, const char *src, size_t size);
size_t mica_strlcat(char *dst, const char *src, size_t size);
char *mica_strchr(const char *s, int c);
char *mica_strrchr(const char *s, int c);
char *mica_strstr(const char *hay, const char *needle);
size_t mica_strspn(const char *s, const char *accept);
size_t mica_strcspn(const char *s, const char *reject);
char *mica_strpbrk(const char *s, const char *accept);
char *mica_strdup(const char *s);
char *mica_strndup(const char *s, size_t n);
int mica_strcasecmp(const char *a, const char *b);
int mica_strncasecmp(const char *a, const char *b, size_t n);
void mica_bzero(void *dst, size_t n);

/* errno.c */
char *mica_strerror(int err);

/* ctype.c */
int mica_isalnum(int c);
int mica_isalpha(int c);
int mica_isblank(int c);
int mica_iscntrl(int c);
int mica_isdigit(int c);
int mica_isgraph(int c);
int mica_islower(int c);
int mica_isprint(int c);
int mica_ispunct(int c);
int mica_isspace(int c);
int mica_isupper(int c);
int mica_isxdigit(int c);
int mica_tolower(int c);
int mica_toupper(int c);

/* stdlib.c */
long mica_strtol(const char *s, char **end, int base);
unsigned long mica_strtoul(const char *s, char **end, int base);
long long mica_strtoll(const char *s, char **end, int base);
unsigned long long mica_strtoull(const char *s, char **end, int base);
int mica_atoi(const char *s);
long mica_atol(const char *s);
long long mica_atoll(const char *s);
int mica_abs(int v);
long mica_labs(long v);
long long mica_llabs(long long v);
void mica_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *mica_bsearch(const void *key, const void *base, size_t n, size_t size,
                   int (*cmp)(const void *, const void *));
int mica_rand(void);
void mica_srand(unsigned seed);

/* malloc.c: first fit over a fixed static arena of MICA_HEAP_BYTES. */
void *mica_malloc(size_t n);
void mica_free(void *p);
void *mica_calloc(size_t n, size_t size);
void *mica_realloc(void *p, size_t n);

/* exit.c */
_Noreturn void mica_abort(void);
_Noreturn void mica_exit(int code);
_Noreturn void mica__Exit(int code);
int mica_atexit(void (*fn)(void));
_Noreturn void mica_assert_fail(const char *expr, const char *file, int line, const char *func);

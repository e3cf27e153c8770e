/*
 * Mica libc <stdlib.h>.  malloc and friends manage a fixed static arena (1 MiB unless the library
 * is built with -DMICA_HEAP_BYTES=N) and return NULL when it is exhausted; nothing here is
 * thread safe.
 */
#pragma once

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

_Noreturn void abort(void);
_Noreturn void exit(int code);
_Noreturn void _Exit(int code);
int atexit(void (*fn)(void));

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);

int abs(int v);
long labs(long v);
long long llabs(long long v);

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));
int rand(void);
void srand(unsigned seed);

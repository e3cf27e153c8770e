/* Mica libc <strings.h>. */
#pragma once

#include <stddef.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *dst, size_t n);

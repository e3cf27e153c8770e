/*
 * Mica libc <assert.h>.  Deliberately without #pragma once: the standard requires assert() to
 * follow NDEBUG afresh at every inclusion.  A failed assertion prints musl's line
 *     Assertion failed: <expression> (<file>: <function>: <line>)
 * on stderr and calls abort().
 */
#undef assert

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) ((void)((x) || (__assert_fail(#x, __FILE__, __LINE__, __func__), 0)))
#endif

#if __STDC_VERSION__ >= 201112L && !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func);

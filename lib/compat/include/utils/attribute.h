/*
 * <utils/attribute.h>: short names for GCC attributes, as seL4 programs
 * (and the generated symbol files) spell them.
 */
#pragma once

#define ALIAS(sym) __attribute__((alias(#sym)))
#define ALIGN(n) __attribute__((__aligned__(n)))
#define ALLOC_SIZE(...) __attribute__((alloc_size(__VA_ARGS__)))
#define ALLOC_ALIGN(arg) __attribute__((alloc_align(arg)))
#define ALWAYS_INLINE __attribute__((always_inline))
#define ASSUME_ALIGNED(...) __attribute__((assume_aligned(__VA_ARGS__)))
#define CLEANUP(fn) __attribute__((cleanup(fn)))
#define COLD __attribute__((cold))
#define CONST __attribute__((__const__))
#define DEPRECATED(msg) __attribute__((deprecated(msg)))
#define ERROR(msg) __attribute__((error(msg)))
#define FORMAT(archetype, string_index, first_to_check) \
    __attribute__((format(archetype, string_index, first_to_check)))
#define HOT __attribute__((hot))
#define MALLOC __attribute__((malloc))
#define NO_INLINE __attribute__((noinline))
#define NONNULL(...) __attribute__((__nonnull__(__VA_ARGS__)))
#define NONNULL_ALL __attribute__((__nonnull__))
#define NORETURN __attribute__((__noreturn__))
#define PACKED __attribute__((__packed__))
#define PURE __attribute__((__pure__))
#define RETURNS_NONNULL __attribute__((returns_nonnull))
#define SECTION(sect) __attribute__((section(sect)))
#define SENTINEL(param) __attribute__((sentinel(param)))
#define SENTINEL_LAST __attribute__((sentinel))
#define UNUSED __attribute__((__unused__))
#define USED __attribute__((__used__))
#define VISIBLE __attribute__((__externally_visible__))
#define WARNING(msg) __attribute__((warning(msg)))
#define WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define WEAK __attribute__((weak))
#define WEAK_ALIAS(to) __attribute__((weak, alias(#to)))

/* Constructors run in increasing priority order before main (101 is the first). */
#define CONSTRUCTOR_MIN_PRIORITY 101
#define CONSTRUCTOR_MAX_PRIORITY 65535
#define CONSTRUCTOR(priority) __attribute__((constructor(priority)))
#define DESTRUCTOR(priority) __attribute__((destructor(priority)))

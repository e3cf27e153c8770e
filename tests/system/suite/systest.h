/*
 * The in-QEMU system suite: a root task that runs named tests, each printing
 * exactly one line, "TEST <NAME> passed" or "TEST <NAME> failed: <reason>".
 * A test returns NULL on success or a reason.  SYSTEST_CHECK returns the
 * failing condition as the reason.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdio.h>

typedef const char *(*systest_fn_t)(void);

typedef struct systest {
    const char *name;
    systest_fn_t fn;
} systest_t;

/* Tests are placed in a dedicated section, collected by the linker in link order. */
#define SYSTEST(NAME)                                                             \
    static const char *systest_fn_##NAME(void);                                   \
    static const systest_t systest_rec_##NAME                                     \
        __attribute__((used, section("systests"), aligned(16))) = {#NAME, systest_fn_##NAME}; \
    static const char *systest_fn_##NAME(void)

#define SYSTEST_CHECK(cond)                                                       \
    do {                                                                          \
        if (!(cond)) {                                                            \
            return systest_reason("%s:%d: %s", __FILE__, __LINE__, #cond);        \
        }                                                                         \
    } while (0)

/* Format a failure reason into a static buffer. */
const char *systest_reason(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

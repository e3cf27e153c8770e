/*
 * Minimal host unit-test harness.
 *
 * Each test is a function declared with HOST_TEST(NAME); NAME follows seL4's
 * group style (e.g. PRINTF0001).  A test binary's main() calls
 * host_run_all(), which runs every registered test in isolation order and
 * prints exactly one verdict line per test:
 *     TEST HOST_<NAME> passed
 *     TEST HOST_<NAME> failed: <file>:<line>: <reason>
 * The top-level test script counts these lines.
 */
#pragma once

#include <stdio.h>
#include <string.h>

typedef struct host_test {
    const char *name;
    void (*fn)(void);
    struct host_test *next;
} host_test_t;

/* Set by CHECK failures inside the running test; first failure wins. */
extern const char *host_fail_file;
extern int host_fail_line;
extern char host_fail_msg[256];

void host_register(host_test_t *t);
int host_run_all(void);
void host_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define HOST_TEST(NAME)                                                      \
    static void host_test_fn_##NAME(void);                                   \
    static host_test_t host_test_rec_##NAME = {#NAME, host_test_fn_##NAME, 0}; \
    __attribute__((constructor)) static void host_test_reg_##NAME(void)      \
    {                                                                        \
        host_register(&host_test_rec_##NAME);                                \
    }                                                                        \
    static void host_test_fn_##NAME(void)

/* Record a failure and leave the test function. */
#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            host_fail(__FILE__, __LINE__, "check failed: %s", #cond);        \
            return;                                                          \
        }                                                                    \
    } while (0)

#define CHECK_EQ_U(a, b)                                                     \
    do {                                                                     \
        unsigned long long host_a_ = (unsigned long long)(a);                \
        unsigned long long host_b_ = (unsigned long long)(b);                \
        if (host_a_ != host_b_) {                                            \
            host_fail(__FILE__, __LINE__, "%s == 0x%llx, expected 0x%llx",   \
                      #a, host_a_, host_b_);                                 \
            return;                                                          \
        }                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                      \
    do {                                                                     \
        const char *host_sa_ = (a), *host_sb_ = (b);                         \
        if (strcmp(host_sa_, host_sb_) != 0) {                               \
            host_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"",   \
                      #a, host_sa_, host_sb_);                               \
            return;                                                          \
        }                                                                    \
    } while (0)

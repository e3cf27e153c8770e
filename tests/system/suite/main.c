/*
 * System suite driver: announces the test list (so the runner can tell a
 * missing verdict from a crash), runs each test, prints the verdicts, and
 * halts the machine with seL4_DebugHalt.
 */
#include <stdarg.h>
#include <string.h>

#include "systest.h"

extern const systest_t __start_systests[], __stop_systests[];

static char reason_buf[256];

const char *systest_reason(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason_buf, sizeof(reason_buf), fmt, ap);
    va_end(ap);
    return reason_buf;
}

/* Room for every test; main() refuses to run a suite that outgrows it. */
#define MAX_TESTS 512

/* The linker gathers tests in no useful order: run them sorted by name. */
static int sorted_tests(const systest_t **out)
{
    int n = 0;
    for (const systest_t *t = __start_systests; t < __stop_systests && n < MAX_TESTS; t++) {
        int i = n++;
        while (i > 0 && strcmp(out[i - 1]->name, t->name) > 0) {
            out[i] = out[i - 1];
            i--;
        }
        out[i] = t;
    }
    return n;
}

int main(void)
{
    static const systest_t *tests[MAX_TESTS];
    if (__stop_systests - __start_systests > MAX_TESTS) {
        printf("SYSTEST: %ld tests, more than MAX_TESTS (%d): raise it in main.c\n",
               (long)(__stop_systests - __start_systests), MAX_TESTS);
        seL4_DebugHalt();
    }
    int n = sorted_tests(tests);
    printf("SYSTEST: %d tests:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", tests[i]->name);
    }
    printf("\n");
    for (int i = 0; i < n; i++) {
        const char *why = tests[i]->fn();
        if (why) {
            printf("TEST %s failed: %s\n", tests[i]->name, why);
        } else {
            printf("TEST %s passed\n", tests[i]->name);
        }
    }
    printf("SYSTEST DONE\n");
    seL4_DebugHalt();
    return 0;
}

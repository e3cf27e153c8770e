/* Host unit-test harness: registration, running, verdict lines. */
#include "harness.h"

#include <stdarg.h>

const char *host_fail_file;
int host_fail_line;
char host_fail_msg[256];

static host_test_t *host_tests;
static host_test_t **host_tail = &host_tests;

/* Append a test to the run list (called from constructors, file order). */
void host_register(host_test_t *t)
{
    *host_tail = t;
    host_tail = &t->next;
}

/* Record the first failure of the running test. */
void host_fail(const char *file, int line, const char *fmt, ...)
{
    if (host_fail_file) {
        return;
    }
    host_fail_file = file;
    host_fail_line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(host_fail_msg, sizeof(host_fail_msg), fmt, ap);
    va_end(ap);
}

/* Run every registered test; returns the number of failures. */
int host_run_all(void)
{
    int failed = 0;
    for (host_test_t *t = host_tests; t; t = t->next) {
        host_fail_file = NULL;
        t->fn();
        if (host_fail_file) {
            printf("TEST HOST_%s failed: %s:%d: %s\n", t->name, host_fail_file,
                   host_fail_line, host_fail_msg);
            failed++;
        } else {
            printf("TEST HOST_%s passed\n", t->name);
        }
        fflush(stdout);
    }
    return failed;
}

int main(void)
{
    return host_run_all() ? 1 : 0;
}

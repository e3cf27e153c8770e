/*
 * Mica libc: program and thread termination.  exit runs the atexit handlers (up to 32, last
 * registered first) and then, like _Exit and abort, ends in __mica_exit_thread.  abort prints
 * nothing (as musl) and passes MICA_ABORT_STATUS.
 */
#include "include/mica/console.h"
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/assert.h"
#include "include/stdlib.h"
#endif

#define ATEXIT_MAX 32

static void (*handlers[ATEXIT_MAX])(void);
static int handler_count;

/* Register fn to run at exit; returns 0, or -1 when the table is full. */
int mica_atexit(void (*fn)(void))
{
    if (handler_count == ATEXIT_MAX) {
        return -1;
    }
    handlers[handler_count++] = fn;
    return 0;
}

/* Run the atexit handlers in reverse order, then stop the thread with code. */
_Noreturn void mica_exit(int code)
{
    while (handler_count > 0) {
        handlers[--handler_count]();
    }
    __mica_exit_thread(code);
}

/* Stop the thread with code without running handlers. */
_Noreturn void mica__Exit(int code)
{
    __mica_exit_thread(code);
}

/* Abnormal termination: no handlers, no output. */
_Noreturn void mica_abort(void)
{
    __mica_exit_thread(MICA_ABORT_STATUS);
}

/* Target of assert(): print musl's message on stderr and abort. */
_Noreturn void mica_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    mica_fprintf(mica_stderr, "Assertion failed: %s (%s: %s: %d)\n", expr, file, func, line);
    mica_abort();
}

MICA_EXPORT(atexit, mica_atexit);
MICA_EXPORT(exit, mica_exit);
MICA_EXPORT(_Exit, mica__Exit);
MICA_EXPORT(abort, mica_abort);
MICA_EXPORT(__assert_fail, mica_assert_fail);

/*
 * Host tests of the libc pieces that end in the two hooks of <mica/console.h>: the stdio calls
 * that print to the console (lib/libc/stdio.c) and exit/atexit/abort/assert (lib/libc/exit.c).
 * This file defines the hooks for every libc test: output is captured in console[], and
 * __mica_exit_thread longjmps back to the test that armed exit_jump.
 */
#include <setjmp.h>

#include "../../lib/libc/include/errno.h"
#include "../../lib/libc/include/mica/console.h"
#include "../../lib/libc/internal.h"
#include "harness.h"

static char console[1024];
static size_t console_len;

/* Console hook: append to console[], always terminated. */
void __mica_putchar(int c)
{
    if (console_len + 1 < sizeof(console)) {
        console[console_len++] = (char)c;
        console[console_len] = '\0';
    }
}

/* Empty the captured console output. */
static void console_reset(void)
{
    console_len = 0;
    console[0] = '\0';
}

static jmp_buf exit_jump;
static int exit_code;

/* Thread-exit hook: record the status and return to the test that set exit_jump. */
_Noreturn void __mica_exit_thread(int code)
{
    exit_code = code;
    longjmp(exit_jump, 1);
}

/* Console output of printf, puts, putchar, fputs, fwrite, perror. */
HOST_TEST(STDIO0001)
{
    console_reset();
    CHECK_EQ_U(mica_printf("%s=%d\n", "x", 5), 4);
    CHECK_EQ_U(mica_puts("line"), 0);
    CHECK_EQ_U(mica_putchar('!'), '!');
    CHECK_EQ_U(mica_putchar(0x1ff), 0xff);
    CHECK_EQ_U(mica_fputs("err", mica_stderr), 0);
    CHECK_EQ_U(mica_fprintf(mica_stdout, "[%3d]", 7), 5);
    CHECK_EQ_U(mica_fwrite("abcdef", 2, 2, mica_stdout), 2);
    CHECK_EQ_U(mica_fwrite("abcdef", 0, 2, mica_stdout), 0);
    CHECK_EQ_U(mica_fflush(mica_stdout), 0);
    CHECK_EQ_U(mica_ferror(mica_stdout), 0);
    mica_errno = ENOMEM;
    mica_perror("malloc");
    mica_perror("");
    CHECK_STR(console, "x=5\nline\n!\xff" "err[  7]abcdmalloc: Out of memory\nOut of memory\n");
}

static char exit_trace[64];
static size_t exit_trace_len;

/* atexit handlers that record their order in exit_trace. */
static void on_exit_a(void)
{
    exit_trace[exit_trace_len++] = 'a';
}

/* See on_exit_a. */
static void on_exit_b(void)
{
    exit_trace[exit_trace_len++] = 'b';
}

/* exit runs atexit handlers last-first, once; _Exit runs none. */
HOST_TEST(STDIO0002)
{
    CHECK(mica_atexit(on_exit_a) == 0);
    CHECK(mica_atexit(on_exit_b) == 0);
    if (setjmp(exit_jump) == 0) {
        mica_exit(7);
    }
    CHECK_EQ_U(exit_code, 7);
    CHECK(exit_trace_len == 2 && exit_trace[0] == 'b' && exit_trace[1] == 'a');
    if (setjmp(exit_jump) == 0) {
        mica_exit(3); /* the handlers ran once and are gone */
    }
    CHECK(exit_code == 3 && exit_trace_len == 2);
    for (int i = 0; i < 32; i++) {
        CHECK(mica_atexit(on_exit_a) == 0);
    }
    CHECK(mica_atexit(on_exit_a) == -1);
    exit_trace_len = 0;
    if (setjmp(exit_jump) == 0) {
        mica__Exit(5); /* no handlers */
    }
    CHECK(exit_code == 5 && exit_trace_len == 0);
    if (setjmp(exit_jump) == 0) {
        mica_exit(0);
    }
    CHECK(exit_code == 0 && exit_trace_len == 32);
}

/* abort prints nothing; a failed assert prints musl's line, then aborts. */
HOST_TEST(STDIO0003)
{
    console_reset();
    if (setjmp(exit_jump) == 0) {
        mica_abort();
    }
    CHECK_EQ_U(exit_code, MICA_ABORT_STATUS);
    CHECK_STR(console, "");
    if (setjmp(exit_jump) == 0) {
        mica_assert_fail("x == 1", "prog.c", 12, "main");
    }
    CHECK_EQ_U(exit_code, MICA_ABORT_STATUS);
    CHECK_STR(console, "Assertion failed: x == 1 (prog.c: main: 12)\n");
}

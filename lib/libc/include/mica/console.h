/*
 * Mica libc: the two hooks between the C library and the system it runs on.  console_sel4.c
 * gives weak defaults over libsel4; the user runtime may define stronger ones.
 */
#pragma once

/* abort() passes this to __mica_exit_thread: 128 + SIGABRT, as a shell would report it. */
#define MICA_ABORT_STATUS 134

/* Write one byte to the console (stdout and stderr both come here, unbuffered). */
void __mica_putchar(int c);

/* Stop the calling thread for good with the given status (called by exit, _Exit, abort).
 * Default: spin on seL4_Yield() forever. */
_Noreturn void __mica_exit_thread(int code);

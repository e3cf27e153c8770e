/*
 * Mica libc: default console and thread-exit hooks over libsel4.  Both are weak so that the user
 * runtime can replace them by defining the same names.
 */
#include <sel4/sel4.h>

#include "include/mica/console.h"

/* Print one byte with the kernel's debug console (needs a printing kernel build). */
__attribute__((weak)) void __mica_putchar(int c)
{
    seL4_DebugPutChar((char)c);
}

/* Default thread exit: nothing better is known here, so give the CPU away forever. */
__attribute__((weak)) _Noreturn void __mica_exit_thread(int code)
{
    (void)code;
    for (;;) {
        seL4_Yield();
    }
}

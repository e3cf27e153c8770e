/*
 * The <sel4runtime.h> API over the runtime's state (runtime.h): names,
 * arguments, bootinfo, TLS images for new threads, exit callbacks.
 */
#include <sel4runtime.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* The program's name (argv[0] without directories). */
char const *sel4runtime_process_name(void)
{
    return __mica_runtime.name;
}

/* argv as main received it. */
char const *const *sel4runtime_argv(void)
{
    return (char const *const *)__mica_runtime.argv;
}

/* argc as main received it. */
int sel4runtime_argc(void)
{
    return __mica_runtime.argc;
}

/* The environment vector (empty unless the loader passed one). */
char const *const *sel4runtime_envp(void)
{
    return (char const *const *)__mica_runtime.envp;
}

/* The auxiliary vector from the initial stack. */
auxv_t const *sel4runtime_auxv(void)
{
    return (auxv_t const *)__mica_runtime.auxv;
}

/* The root task's bootinfo, or NULL. */
seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return __mica_runtime.bootinfo;
}

/* Room a new thread's TLS area needs. */
sel4runtime_size_t sel4runtime_get_tls_size(void)
{
    return __mica_tls_size();
}

/* Write a fresh TLS image at tls_memory; returns the new thread pointer. */
sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory)
{
    return tls_memory == NULL ? 0 : __mica_write_tls(tls_memory);
}

/* The initial thread always has static TLS here. */
int sel4runtime_initial_tls_enabled(void)
{
    return 1;
}

/* Copy a TLS variable's new value into the thread whose thread pointer is dest_tls_base. */
int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base,
                                     unsigned char *local_tls_dest, unsigned char *src,
                                     sel4runtime_size_t bytes)
{
    uintptr_t local_tp;
    __asm__ volatile("movq %%fs:0, %0" : "=r"(local_tp));
    uintptr_t block = __mica_runtime.tls_block;
    uintptr_t offset = (uintptr_t)local_tls_dest - (local_tp - block);
    if (offset > block || offset + bytes > block) {
        return -1;
    }
    memcpy((unsigned char *)(dest_tls_base - block) + offset, src, bytes);
    return 0;
}

/* Set the function exit calls after the pre-exit callback; returns the old one. */
sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb)
{
    sel4runtime_exit_cb *old = __mica_runtime.exit_cb;
    __mica_runtime.exit_cb = cb;
    return old;
}

/* Set the function that may rewrite the exit code; returns the old one. */
sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb)
{
    sel4runtime_pre_exit_cb *old = __mica_runtime.pre_exit_cb;
    __mica_runtime.pre_exit_cb = cb;
    return old;
}

/* Leave the program as returning from main would. */
void sel4runtime_exit(int code)
{
    exit(code);
}

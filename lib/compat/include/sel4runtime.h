/*
 * <sel4runtime.h>: what a program can ask the runtime that started it
 * (lib/crt; the role of seL4's sel4runtime): its name and arguments, its
 * bootinfo (root task only), its static TLS image, and how it exits.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <sel4runtime/auxv.h>

typedef uintptr_t sel4runtime_uintptr_t;
typedef size_t sel4runtime_size_t;

/* The program's name: argv[0] without any directory part ("rootserver" for a root task). */
char const *sel4runtime_process_name(void);
char const *const *sel4runtime_argv(void);
int sel4runtime_argc(void);
char const *const *sel4runtime_envp(void);
/* The auxiliary vector (a root task gets an empty one). */
auxv_t const *sel4runtime_auxv(void);
/* The bootinfo of a root task; NULL in a program started by the loader. */
seL4_BootInfo *sel4runtime_bootinfo(void);

/* Bytes a thread's TLS region needs (TLS block plus the thread-pointer word). */
sel4runtime_size_t sel4runtime_get_tls_size(void);
/* Copy the initial TLS image into tls_memory (get_tls_size bytes); returns the thread pointer. */
sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory);
/* 1 if the initial thread runs on the static TLS the runtime set up. */
int sel4runtime_initial_tls_enabled(void);

/* Copy bytes of the calling thread's TLS variable at local_tls_dest into another thread's
 * TLS (thread pointer dest_tls_base); returns 0, or -1 if the range is outside the TLS. */
int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base,
                                     unsigned char *local_tls_dest, unsigned char *src,
                                     sel4runtime_size_t bytes);

/* Set another thread's copy of a TLS variable, e.g. __sel4_ipc_buffer. */
#define sel4runtime_set_tls_variable(thread_pointer, variable, value)                     \
    __extension__({                                                                      \
        _Static_assert(sizeof(variable) == sizeof(value), "Set value of same size");     \
        __typeof__(variable) typed_value = value;                                        \
        __sel4runtime_write_tls_variable(thread_pointer, (unsigned char *)&(variable),   \
                                         (unsigned char *)&(typed_value),                \
                                         sizeof(typed_value));                           \
    })

typedef void sel4runtime_exit_cb(int code);
typedef int sel4runtime_pre_exit_cb(int code);
/* Install a function exit runs instead of stopping the thread; returns the previous one. */
sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb);
/* Install a function that may change the exit code first; returns the previous one. */
sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb);
/* Run atexit handlers, then the exit callbacks, then stop this thread. */
void sel4runtime_exit(int code);

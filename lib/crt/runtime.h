/*
 * State the user runtime keeps about the running program, shared by
 * runtime.c (start and exit) and sel4runtime.c (the <sel4runtime.h> API).
 * Written once at start-up, before constructors run; read-only after,
 * except the exit callbacks.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdint.h>

struct mica_runtime {
    const char *name;           /* argv[0] without directories, or "rootserver" */
    int argc;
    char **argv;
    char **envp;
    const seL4_Word *auxv;      /* type/value pairs ending with type 0 */
    seL4_BootInfo *bootinfo;    /* root task only */
    seL4_CPtr self_tcb;         /* cap to our own TCB, 0 if none is known */
    /* The PT_TLS segment: initial image, its sizes, and the layout derived from them. */
    const void *tls_image;
    uintptr_t tls_filesz;
    uintptr_t tls_block;        /* TLS block size, rounded up to tls_align */
    uintptr_t tls_align;
    uintptr_t initial_tp;       /* thread pointer of the initial thread */
    void (*exit_cb)(int code);
    int (*pre_exit_cb)(int code);
};

extern struct mica_runtime __mica_runtime;

/* Lay out a TLS area at memory (large enough, see __mica_tls_size) and return its thread pointer. */
uintptr_t __mica_write_tls(void *memory);

/* Bytes one thread's TLS area needs, alignment slack included. */
uintptr_t __mica_tls_size(void);

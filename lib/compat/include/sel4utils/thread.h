/*
 * <sel4utils/thread.h>: the one piece of sel4utils' thread library that
 * programs without the allocator stack use: the entry-point type.
 */
#pragma once

/* A thread entry function: three arguments arrive in the first argument registers. */
typedef void (*sel4utils_thread_entry_fn)(void *arg0, void *arg1, void *ipc_buf);

/*
 * The only out-of-line parts of libsel4: the per-thread IPC buffer pointer
 * and the root task's bootinfo pointer.
 */
#include <sel4/sel4.h>

/* Where this thread's IPC buffer is mapped; set with seL4_SetIPCBuffer. */
LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

static seL4_BootInfo *boot_info;

/* Remember the bootinfo frame for seL4_GetBootInfo. */
void seL4_InitBootInfo(seL4_BootInfo *bi)
{
    boot_info = bi;
}

/* The bootinfo frame recorded by seL4_InitBootInfo, or NULL. */
seL4_BootInfo *seL4_GetBootInfo(void)
{
    return boot_info;
}

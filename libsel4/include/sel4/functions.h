/*
 * Access to the calling thread's IPC buffer: message registers, extra caps,
 * badges and the receive path.  The buffer's address is kept per thread in
 * __sel4_ipc_buffer (set by the runtime with seL4_SetIPCBuffer).
 */
#pragma once

#include <sel4/types.h>

extern LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

/* Tell libsel4 where this thread's IPC buffer is mapped. */
LIBSEL4_INLINE_FUNC void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

/* This thread's IPC buffer (NULL until seL4_SetIPCBuffer). */
LIBSEL4_INLINE_FUNC seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

/* Message register i as stored in the IPC buffer.  MR0..3 are only there
 * after a syscall wrapper has copied them out of the registers. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

/* Store message register i in the IPC buffer (wrappers load MR0..3 from
 * there into registers). */
LIBSEL4_INLINE_FUNC void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

/* The IPC buffer's userData word, free for the thread's own use. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

/* Set the userData word. */
LIBSEL4_INLINE_FUNC void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/* Badge of the i-th received cap that was unwrapped (see capsUnwrapped). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* The i-th extra cap slot of the IPC buffer. */
LIBSEL4_INLINE_FUNC seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* Name the i-th extra cap to send with the next message. */
LIBSEL4_INLINE_FUNC void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = (seL4_Word)cptr;
}

/* Read where a received cap will be stored; NULL outputs are skipped. */
LIBSEL4_INLINE_FUNC void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                                seL4_Word *receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();

    if (receiveCNode != seL4_Null) {
        *receiveCNode = buffer->receiveCNode;
    }
    if (receiveIndex != seL4_Null) {
        *receiveIndex = buffer->receiveIndex;
    }
    if (receiveDepth != seL4_Null) {
        *receiveDepth = buffer->receiveDepth;
    }
}

/* Set the slot (CNode, index, depth) where a received cap will be stored. */
LIBSEL4_INLINE_FUNC void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                                seL4_Word receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();

    buffer->receiveCNode = receiveCNode;
    buffer->receiveIndex = receiveIndex;
    buffer->receiveDepth = receiveDepth;
}

/*
 * System call wrappers for x86-64 (the `syscall` instruction, seL4 master).
 *
 * Register convention, both directions:
 *     RDX  syscall number (preserved)
 *     RDI  in: cap (or argument); out: badge (or result)
 *     RSI  seL4_MessageInfo_t word, in and out
 *     R10, R8, R9, R15   message registers MR0..MR3, in and out
 * `syscall` overwrites RCX (return RIP) and R11 (RFLAGS).  The kernel does
 * not save RSP and returns with RSP = 0, so it is kept in RBX across the
 * instruction.  MR4 and up travel in the IPC buffer.
 *
 * The plain wrappers move MR0..3 between the registers and the IPC buffer
 * (msg[0..3]); the *WithMRs variants take and return them through pointers
 * instead (a NULL pointer sends 0 and discards the result).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/functions.h>

/* The registers a syscall reads and writes, besides the number in RDX. */
typedef struct libsel4_regs {
    seL4_Word rdi;    /* cap / badge */
    seL4_Word rsi;    /* message info */
    seL4_Word mr[4];  /* R10, R8, R9, R15 */
} libsel4_regs_t;

/* Execute syscall number `sys` with *regs loaded; store what the kernel
 * returns in the same registers back into *regs. */
LIBSEL4_INLINE_FUNC void libsel4_syscall(seL4_Word sys, libsel4_regs_t *regs)
{
    seL4_Word rdi = regs->rdi;
    seL4_Word rsi = regs->rsi;
    /* No constraint letters exist for these, hence register variables
     * (cppcheck misreads them as "unused array access"). */
    register seL4_Word r10 asm("r10") = regs->mr[0];
    register seL4_Word r8 asm("r8") = regs->mr[1];
    register seL4_Word r9 asm("r9") = regs->mr[2];
    register seL4_Word r15 asm("r15") = regs->mr[3];

    asm volatile("movq %%rsp, %%rbx\n\t"
                 "syscall\n\t"
                 "movq %%rbx, %%rsp"
                 : "+D"(rdi), "+S"(rsi), "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r15)
                 : "d"(sys)
                 : "rbx", "rcx", "r11", "memory");

    regs->rdi = rdi;
    regs->rsi = rsi;
    regs->mr[0] = r10;
    regs->mr[1] = r8;
    regs->mr[2] = r9;
    regs->mr[3] = r15;
}

/* Registers for a message to `cap`, with MR0..3 taken from the IPC buffer. */
LIBSEL4_INLINE_FUNC libsel4_regs_t libsel4_regs_from_buffer(seL4_CPtr cap, seL4_MessageInfo_t info)
{
    libsel4_regs_t regs = {cap, info.words[0], {0, 0, 0, 0}};

    for (int i = 0; i < seL4_FastMessageRegisters; i++) {
        regs.mr[i] = seL4_GetMR(i);
    }
    return regs;
}

/* Registers for a message to `cap`, with MR0..3 from pointers (NULL: 0). */
LIBSEL4_INLINE_FUNC libsel4_regs_t libsel4_regs_from_ptrs(seL4_CPtr cap, seL4_MessageInfo_t info,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = {cap, info.words[0], {0, 0, 0, 0}};

    regs.mr[0] = (mr0 != seL4_Null) ? *mr0 : 0;
    regs.mr[1] = (mr1 != seL4_Null) ? *mr1 : 0;
    regs.mr[2] = (mr2 != seL4_Null) ? *mr2 : 0;
    regs.mr[3] = (mr3 != seL4_Null) ? *mr3 : 0;
    return regs;
}

/* As libsel4_regs_from_ptrs, but MRs beyond the message length are sent
 * as 0 (what Call and ReplyRecv do). */
LIBSEL4_INLINE_FUNC libsel4_regs_t libsel4_regs_from_ptrs_len(seL4_CPtr cap, seL4_MessageInfo_t info,
                                                            seL4_Word *mr0, seL4_Word *mr1,
                                                            seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs(cap, info, mr0, mr1, mr2, mr3);
    seL4_Word length = seL4_MessageInfo_get_length(info);

    for (seL4_Word i = length; i < seL4_FastMessageRegisters; i++) {
        regs.mr[i] = 0;
    }
    return regs;
}

/* Copy the received MR0..3 into the IPC buffer. */
LIBSEL4_INLINE_FUNC void libsel4_regs_to_buffer(const libsel4_regs_t *regs)
{
    for (int i = 0; i < seL4_FastMessageRegisters; i++) {
        seL4_SetMR(i, regs->mr[i]);
    }
}

/* Copy the received MR0..3 to the non-NULL pointers. */
LIBSEL4_INLINE_FUNC void libsel4_regs_to_ptrs(const libsel4_regs_t *regs, seL4_Word *mr0, seL4_Word *mr1,
                                              seL4_Word *mr2, seL4_Word *mr3)
{
    if (mr0 != seL4_Null) {
        *mr0 = regs->mr[0];
    }
    if (mr1 != seL4_Null) {
        *mr1 = regs->mr[1];
    }
    if (mr2 != seL4_Null) {
        *mr2 = regs->mr[2];
    }
    if (mr3 != seL4_Null) {
        *mr3 = regs->mr[3];
    }
}

/* Store the received badge if the caller asked for it; return the info. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t libsel4_received(const libsel4_regs_t *regs, seL4_Word *sender)
{
    seL4_MessageInfo_t info = {{regs->rsi}};

    if (sender != seL4_Null) {
        *sender = regs->rdi;
    }
    return info;
}

/* ---- Sending ------------------------------------------------------------ */

/* Send a message on `dest`, blocking until it is delivered. */
LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    libsel4_regs_t regs = libsel4_regs_from_buffer(dest, msgInfo);
    libsel4_syscall(seL4_SysSend, &regs);
}

/* seL4_Send with MR0..3 from pointers. */
LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                          seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs(dest, msgInfo, mr0, mr1, mr2, mr3);
    libsel4_syscall(seL4_SysSend, &regs);
}

/* Send only if a receiver is waiting; otherwise the message is dropped. */
LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    libsel4_regs_t regs = libsel4_regs_from_buffer(dest, msgInfo);
    libsel4_syscall(seL4_SysNBSend, &regs);
}

/* seL4_NBSend with MR0..3 from pointers. */
LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                            seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs(dest, msgInfo, mr0, mr1, mr2, mr3);
    libsel4_syscall(seL4_SysNBSend, &regs);
}

/* Reply to the thread whose Call this thread last received (no-op if none). */
LIBSEL4_INLINE_FUNC void seL4_Reply(seL4_MessageInfo_t msgInfo)
{
    libsel4_regs_t regs = libsel4_regs_from_buffer(0, msgInfo);
    libsel4_syscall(seL4_SysReply, &regs);
}

/* seL4_Reply with MR0..3 from pointers. */
LIBSEL4_INLINE_FUNC void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo,
                                           seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs(0, msgInfo, mr0, mr1, mr2, mr3);
    libsel4_syscall(seL4_SysReply, &regs);
}

/* Signal a notification: a Send with an empty one-word message. */
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest)
{
    libsel4_regs_t regs = {dest, seL4_MessageInfo_new(0, 0, 0, 1).words[0], {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysSend, &regs);
}

/* ---- Receiving ----------------------------------------------------------- */

/* Wait for a message on `src`; *sender (if non-NULL) gets the badge. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
{
    libsel4_regs_t regs = {src, 0, {0, 0, 0, 0}};

    libsel4_syscall(seL4_SysRecv, &regs);
    libsel4_regs_to_buffer(&regs);
    return libsel4_received(&regs, sender);
}

/* seL4_Recv with the received MR0..3 stored through pointers. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = {src, 0, {0, 0, 0, 0}};

    libsel4_syscall(seL4_SysRecv, &regs);
    libsel4_regs_to_ptrs(&regs, mr0, mr1, mr2, mr3);
    return libsel4_received(&regs, sender);
}

/* Receive without blocking; with nothing pending the badge is 0. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender)
{
    libsel4_regs_t regs = {src, 0, {0, 0, 0, 0}};

    libsel4_syscall(seL4_SysNBRecv, &regs);
    libsel4_regs_to_buffer(&regs);
    return libsel4_received(&regs, sender);
}

/* Wait on a notification (master: the same as seL4_Recv). */
LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Recv(src, sender);
}

/* Poll a notification (master: the same as seL4_NBRecv). */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}

/* ---- Send and receive ------------------------------------------------------ */

/* Send on `dest` and wait for the reply; MR0..3 of the reply go to the
 * IPC buffer.  Invoking a kernel object is a Call. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    libsel4_regs_t regs = libsel4_regs_from_buffer(dest, msgInfo);

    libsel4_syscall(seL4_SysCall, &regs);
    libsel4_regs_to_buffer(&regs);
    return libsel4_received(&regs, seL4_Null);
}

/* seL4_Call with MR0..3 through pointers, both ways; MRs beyond the
 * message length are sent as 0. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs_len(dest, msgInfo, mr0, mr1, mr2, mr3);

    libsel4_syscall(seL4_SysCall, &regs);
    libsel4_regs_to_ptrs(&regs, mr0, mr1, mr2, mr3);
    return libsel4_received(&regs, seL4_Null);
}

/* Reply to the last caller, then wait for a message on `src`. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo, seL4_Word *sender)
{
    libsel4_regs_t regs = libsel4_regs_from_buffer(src, msgInfo);

    libsel4_syscall(seL4_SysReplyRecv, &regs);
    libsel4_regs_to_buffer(&regs);
    return libsel4_received(&regs, sender);
}

/* seL4_ReplyRecv with MR0..3 through pointers, both ways. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0, seL4_Word *mr1,
                                                             seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_regs_t regs = libsel4_regs_from_ptrs_len(src, msgInfo, mr0, mr1, mr2, mr3);

    libsel4_syscall(seL4_SysReplyRecv, &regs);
    libsel4_regs_to_ptrs(&regs, mr0, mr1, mr2, mr3);
    return libsel4_received(&regs, sender);
}

/* Give up the rest of this time slice to threads of the same priority. */
LIBSEL4_INLINE_FUNC void seL4_Yield(void)
{
    libsel4_regs_t regs = {0, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysYield, &regs);
}

/* ---- Debug syscalls ----------------------------------------------------- */

#ifdef CONFIG_PRINTING
/* Print one character on the kernel console. */
LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c)
{
    libsel4_regs_t regs = {(seL4_Word)c, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysDebugPutChar, &regs);
}

/* Print a NUL-terminated string, one DebugPutChar per character. */
LIBSEL4_INLINE_FUNC void seL4_DebugPutString(char *str)
{
    for (char *s = str; *s != '\0'; s++) {
        seL4_DebugPutChar(*s);
    }
}

/* Print the kernel's table of threads. */
LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void)
{
    libsel4_regs_t regs = {0, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysDebugDumpScheduler, &regs);
}
#endif /* CONFIG_PRINTING */

#ifdef CONFIG_DEBUG_BUILD
/* Stop the whole system. */
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void)
{
    libsel4_regs_t regs = {0, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysDebugHalt, &regs);
}

/* Ask the kernel to dump the system's capability distribution. */
LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void)
{
    libsel4_regs_t regs = {0, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysDebugSnapshot, &regs);
}

/* The kernel's type tag of the cap at `cap` (0 for none or a failed lookup). */
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    libsel4_regs_t regs = {cap, 0, {0, 0, 0, 0}};

    libsel4_syscall(seL4_SysDebugCapIdentify, &regs);
    return (seL4_Uint32)regs.rdi;
}

/* Name the thread `tcb` in kernel debug output.  The name, NUL included,
 * is copied into this thread's IPC buffer at msg[0] (strcpy semantics:
 * the caller keeps it shorter than the buffer). */
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dest = (char *)seL4_GetIPCBuffer()->msg;
    libsel4_regs_t regs = {tcb, 0, {0, 0, 0, 0}};
    seL4_Word i = 0;

    do {
        dest[i] = name[i];
    } while (name[i++] != '\0');

    libsel4_syscall(seL4_SysDebugNameThread, &regs);
}
#endif /* CONFIG_DEBUG_BUILD */

#ifdef CONFIG_SET_TLS_BASE_SELF
/* Set this thread's TLS base (the FS base on x86-64). */
LIBSEL4_INLINE_FUNC void seL4_SetTLSBase(seL4_Word tls_base)
{
    libsel4_regs_t regs = {tls_base, 0, {0, 0, 0, 0}};
    libsel4_syscall(seL4_SysSetTLSBase, &regs);
}
#endif /* CONFIG_SET_TLS_BASE_SELF */

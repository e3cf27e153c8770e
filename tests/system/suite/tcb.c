/*
 * TCB invocation errors, with the exact error, reply length and MRs seL4's
 * decodeTCBInvocation gives (src/object/tcb.c, x86 checkValidIPCBuffer):
 *   TCBERR0001  Read/Write/CopyRegisters
 *   TCBERR0002  Configure and SetSpace
 *   TCBERR0003  SetIPCBuffer (and that a failed change leaves the old buffer working)
 *   TCBERR0004  SetPriority, SetMCPriority, SetSchedParams
 *   TCBERR0005  SetTLSBase, SetFlags, Bind/UnbindNotification
 * and the MCP rules (TCBMCP0001-0002): no priority above the authority's MCP.
 */
#include <string.h>

#include "thread_helpers.h"

#define N_REGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))

/* Label, no caps, the given words: the reply. */
#define RAW(service, label, ...)                                                  \
    raw_invoke((service), (label), 0, NULL,                                       \
               sizeof((seL4_Word[]){__VA_ARGS__}) / sizeof(seL4_Word),            \
               (seL4_Word[]){__VA_ARGS__})
/* Label, one cap, the given words. */
#define RAW1(service, label, cap, ...)                                            \
    raw_invoke((service), (label), 1, (seL4_CPtr[]){cap},                         \
               sizeof((seL4_Word[]){__VA_ARGS__}) / sizeof(seL4_Word),            \
               (seL4_Word[]){__VA_ARGS__})

/* A fresh TCB, configured (no IPC buffer), not started. */
static const char *new_tcb(seL4_CPtr *t)
{
    return thread_new(0, 0, seL4_CapNull, t);
}

/* ReadRegisters: fewer than 2 words is TruncatedMessage; a count outside 1..20 is
 * RangeError(1, 20), checked before the own-thread check (IllegalOperation).
 * WriteRegisters: fewer than 2 words, or fewer than 2 + count, is TruncatedMessage;
 * its own thread is IllegalOperation.  CopyRegisters: no word or no cap is
 * TruncatedMessage; a source that is not a TCB is InvalidCapability(1). */
THREAD_TEST(TCBERR0001)
{
    seL4_CPtr t, empty = slot_alloc();
    TRY(new_tcb(&t));
    seL4_CPtr self = seL4_CapInitThreadTCB;

    EXPECT_REPLY0(raw_invoke(t, TCBReadRegisters, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBReadRegisters, 0), seL4_TruncatedMessage);
    EXPECT_REPLY(RAW(t, TCBReadRegisters, 0, 0), seL4_RangeError, 2, 1, 20);
    EXPECT_REPLY(RAW(t, TCBReadRegisters, 0, 21), seL4_RangeError, 2, 1, 20);
    EXPECT_REPLY(RAW(t, TCBReadRegisters, 0, ~0ul), seL4_RangeError, 2, 1, 20);
    EXPECT_REPLY(RAW(self, TCBReadRegisters, 0, 0), seL4_RangeError, 2, 1, 20);
    EXPECT_REPLY0(RAW(self, TCBReadRegisters, 0, 20), seL4_IllegalOperation);
    EXPECT_REPLY0(RAW(self, TCBReadRegisters, 0, 1), seL4_IllegalOperation);
    seL4_UserContext regs;
    EXPECT_ERR_MRS(seL4_TCB_ReadRegisters(t, false, 0, 0, &regs), seL4_RangeError, 1, 20);
    EXPECT_ERR(seL4_TCB_ReadRegisters(self, false, 0, N_REGS, &regs), seL4_IllegalOperation);

    EXPECT_REPLY0(raw_invoke(t, TCBWriteRegisters, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBWriteRegisters, 0), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBWriteRegisters, 0, 1), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBWriteRegisters, 0, 3, 0x401000, 0x1000), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(self, TCBWriteRegisters, 0, 1), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(self, TCBWriteRegisters, 0, 1, 0x401000), seL4_IllegalOperation);
    EXPECT_REPLY0(RAW(t, TCBWriteRegisters, 0, 0), seL4_NoError);
    memset(&regs, 0, sizeof(regs));
    EXPECT_ERR(seL4_TCB_WriteRegisters(self, false, 0, N_REGS, &regs), seL4_IllegalOperation);

    EXPECT_REPLY0(raw_invoke(t, TCBCopyRegisters, 1, (seL4_CPtr[]){t}, 0, NULL),
                  seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBCopyRegisters, 0x4), seL4_TruncatedMessage);
    EXPECT_REPLY(RAW1(t, TCBCopyRegisters, ROOT, 0x4), seL4_InvalidCapability, 1, 1);
    EXPECT_REPLY(RAW1(t, TCBCopyRegisters, empty, 0x4), seL4_InvalidCapability, 1, 1);
    EXPECT_ERR_MRS(seL4_TCB_CopyRegisters(t, seL4_CapInitThreadVSpace, false, false, true, true, 0),
                   seL4_InvalidCapability, 1);
    return NULL;
}

/* A 4 KiB frame retyped from a device untyped (0 if there is no device untyped). */
static const char *device_frame(seL4_CPtr *out)
{
    seL4_Word bits;
    seL4_CPtr dev = boot_untyped(true, 12, &bits);
    if (dev == 0) {
        return "no device untyped of at least 4 KiB in bootinfo";
    }
    return object_new(dev, seL4_X86_4K, 0, out);
}

static seL4_IPCBuffer spare_ipc[2] __attribute__((aligned(4096)));

/* Configure: fewer than 4 words or 3 caps is TruncatedMessage.  The buffer is checked
 * first (not a frame or a device frame: IllegalOperation; not 1 KiB aligned:
 * AlignmentError; address 0: not checked at all), then the CSpace root (must be a
 * CNode after the guard data) and the VSpace root (a PML4 with an ASID), each
 * IllegalOperation.  SetSpace: fewer than 3 words or 2 caps is TruncatedMessage, then
 * the same root checks. */
THREAD_TEST(TCBERR0002)
{
    seL4_CPtr t, pml4, dev, empty = slot_alloc();
    TRY(new_tcb(&t));
    TRY(pool_object(seL4_X64_PML4Object, 0, &pml4));
    TRY(device_frame(&dev));
    const seL4_CPtr cn = seL4_CapInitThreadCNode, vs = seL4_CapInitThreadVSpace;
    seL4_Word buf = (seL4_Word)&spare_ipc[0];
    seL4_CPtr frame = image_frame_cap(&spare_ipc[0]);

    EXPECT_REPLY0(raw_invoke(t, TCBConfigure, 3, (seL4_CPtr[]){cn, vs, 0}, 3,
                             (seL4_Word[]){0, 0, 0}),
                  seL4_TruncatedMessage);
    EXPECT_REPLY0(raw_invoke(t, TCBConfigure, 2, (seL4_CPtr[]){cn, vs}, 4,
                             (seL4_Word[]){0, 0, 0, 0}),
                  seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, seL4_CapNull, 0, vs, 0, 0, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, t, 0, vs, 0, 0, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, seL4_CapNull, 0, 0, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, cn, 0, 0, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, pml4, 0, 0, 0), seL4_IllegalOperation);
    /* A guard that does not fit (60 + 16 bits) makes the CNode cap null. */
    seL4_Word bad_guard = seL4_CNode_CapData_new(0, 60).words[0];
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, bad_guard, vs, 0, 0, 0), seL4_IllegalOperation);
    seL4_Word good_guard = seL4_CNode_CapData_new(0, ROOT_GUARD_BITS).words[0];
    EXPECT_OK(seL4_TCB_Configure(t, 0, cn, good_guard, vs, 0, 0, 0));
    /* The IPC buffer. */
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf + 8, frame), seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf + 512, frame), seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf, dev), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf, cn), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf, empty), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, 0, dev));     /* buffer 0: cap unchecked */
    EXPECT_OK(seL4_TCB_Configure(t, 0, cn, 0, vs, 0, buf + 1024, frame));
    /* Order: the buffer is checked before the roots. */
    EXPECT_ERR(seL4_TCB_Configure(t, 0, seL4_CapNull, 0, pml4, 0, buf + 8, frame),
               seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_Configure(t, 0, seL4_CapNull, 0, pml4, 0, buf, dev),
               seL4_IllegalOperation);

    EXPECT_REPLY0(raw_invoke(t, TCBSetSpace, 2, (seL4_CPtr[]){cn, vs}, 2, (seL4_Word[]){0, 0}),
                  seL4_TruncatedMessage);
    EXPECT_REPLY0(raw_invoke(t, TCBSetSpace, 1, (seL4_CPtr[]){cn}, 3, (seL4_Word[]){0, 0, 0}),
                  seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_SetSpace(t, 0, seL4_CapNull, 0, vs, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetSpace(t, 0, vs, 0, vs, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetSpace(t, 0, cn, 0, pml4, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetSpace(t, 0, cn, 0, t, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetSpace(t, 0, cn, bad_guard, vs, 0), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_SetSpace(t, 0, cn, 0, vs, 0));
    return NULL;
}

static volatile seL4_Word ipc_probe_spin;

/* A thread whose registers the root reads to see its own IPC buffer at work. */
static void ipc_probe_thread(void)
{
    for (;;) {
        ipc_probe_spin++;
    }
}

/* ReadRegisters(count 20) of `t` (known registers): MR4..19 come through the
 * caller's IPC buffer, so this tells whether that buffer works. */
static const char *check_ipc_buffer_works(seL4_CPtr t, const seL4_UserContext *want,
                                          const char *when)
{
    seL4_UserContext r;
    memset(&r, 0, sizeof(r));
    seL4_Error err = seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r);
    if (err != seL4_NoError) {
        return systest_reason("%s: ReadRegisters: %s", when, error_name(err));
    }
    if (memcmp(&r, want, sizeof(r)) != 0) {
        return systest_reason("%s: registers read through the IPC buffer are wrong "
                              "(r9 %#lx, expected %#lx)",
                              when, (unsigned long)r.r9, (unsigned long)want->r9);
    }
    return NULL;
}

/* SetIPCBuffer: no word or no cap is TruncatedMessage; a misaligned address is
 * AlignmentError; a device frame or a cap that is not a frame is IllegalOperation.
 * A failed change leaves the old buffer working; a successful one moves the buffer
 * (the root's own buffer is moved away and back). */
THREAD_TEST(TCBERR0003)
{
    seL4_CPtr t, dev, self = seL4_CapInitThreadTCB;
    TRY(new_tcb(&t));
    TRY(device_frame(&dev));
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word old = (seL4_Word)bi->ipcBuffer, buf = (seL4_Word)&spare_ipc[0];
    seL4_CPtr frame = image_frame_cap(&spare_ipc[0]);
    seL4_UserContext want;
    for (seL4_Word i = 0; i < N_REGS; i++) {
        ((seL4_Word *)&want)[i] = 0x7700 + i;
    }
    want.rip = (seL4_Word)ipc_probe_thread;
    want.rflags = 0x202;
    EXPECT_OK(seL4_TCB_WriteRegisters(t, false, 0, N_REGS, &want));

    EXPECT_REPLY0(raw_invoke(t, TCBSetIPCBuffer, 1, (seL4_CPtr[]){frame}, 0, NULL),
                  seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBSetIPCBuffer, buf), seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t, buf + 0x200, frame), seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t, buf, dev), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t, buf, ROOT), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t, buf, t), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_SetIPCBuffer(t, buf, frame));
    EXPECT_OK(seL4_TCB_SetIPCBuffer(t, 0, seL4_CapNull)); /* 0: no buffer */

    /* On the root itself: every failure leaves the old buffer in use. */
    TRY(check_ipc_buffer_works(t, &want, "before"));
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(self, old + 8, seL4_CapInitThreadIPCBuffer),
               seL4_AlignmentError);
    TRY(check_ipc_buffer_works(t, &want, "after a misaligned SetIPCBuffer"));
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(self, buf, dev), seL4_IllegalOperation);
    TRY(check_ipc_buffer_works(t, &want, "after a device-frame SetIPCBuffer"));
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(self, buf, ROOT), seL4_IllegalOperation);
    TRY(check_ipc_buffer_works(t, &want, "after a non-frame SetIPCBuffer"));

    /* Move the root's buffer to spare_ipc[1] and back. */
    memset(&spare_ipc[1], 0, sizeof(spare_ipc[1]));
    EXPECT_OK(seL4_TCB_SetIPCBuffer(self, (seL4_Word)&spare_ipc[1], frame));
    seL4_SetIPCBuffer(&spare_ipc[1]);
    const char *why = check_ipc_buffer_works(t, &want, "with the moved buffer");
    seL4_Word seen = spare_ipc[1].msg[10];
    seL4_Error err = seL4_TCB_SetIPCBuffer(self, old, seL4_CapInitThreadIPCBuffer);
    seL4_SetIPCBuffer((seL4_IPCBuffer *)old);
    if (err != seL4_NoError) {
        return systest_reason("moving the root's IPC buffer back: %s", error_name(err));
    }
    TRY(why);
    EXPECT_EQ(seen, want.r8 + 0); /* MR10 = register 10 = r8 */
    TRY(check_ipc_buffer_works(t, &want, "with the buffer moved back"));
    return NULL;
}

/* SetPriority / SetMCPriority: no word or no cap is TruncatedMessage (SetSchedParams
 * needs 2 words); an authority that is not a TCB is InvalidCapability(1), checked
 * before the value; a value above the authority's MCP is RangeError(0, MCP). */
THREAD_TEST(TCBERR0004)
{
    seL4_CPtr t, empty = slot_alloc();
    TRY(new_tcb(&t));
    const seL4_CPtr auth = seL4_CapInitThreadTCB;
    static const seL4_Word labels[] = {TCBSetPriority, TCBSetMCPriority, TCBSetSchedParams};
    for (int i = 0; i < 3; i++) {
        seL4_Word l = labels[i];
        EXPECT_REPLY0(raw_invoke(t, l, 1, (seL4_CPtr[]){auth}, 0, NULL), seL4_TruncatedMessage);
        EXPECT_REPLY0(RAW(t, l, 1, 1), seL4_TruncatedMessage);
        EXPECT_REPLY(RAW1(t, l, ROOT, 1, 1), seL4_InvalidCapability, 1, 1);
        EXPECT_REPLY(RAW1(t, l, empty, 1, 1), seL4_InvalidCapability, 1, 1);
        EXPECT_REPLY(RAW1(t, l, ROOT, 300, 300), seL4_InvalidCapability, 1, 1);
        EXPECT_REPLY(RAW1(t, l, auth, 256, 256), seL4_RangeError, 2, 0, 255);
        EXPECT_REPLY(RAW1(t, l, auth, ~0ul, ~0ul), seL4_RangeError, 2, 0, 255);
        EXPECT_REPLY0(RAW1(t, l, auth, 255, 255), seL4_NoError);
    }
    EXPECT_REPLY0(RAW1(t, TCBSetSchedParams, auth, 1), seL4_TruncatedMessage);
    EXPECT_REPLY(RAW1(t, TCBSetSchedParams, auth, 256, 1), seL4_RangeError, 2, 0, 255);
    EXPECT_REPLY(RAW1(t, TCBSetSchedParams, auth, 1, 256), seL4_RangeError, 2, 0, 255);
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(t, seL4_CapInitThreadCNode, 1), seL4_InvalidCapability, 1);
    EXPECT_ERR_MRS(seL4_TCB_SetMCPriority(t, auth, 256), seL4_RangeError, 0, 255);
    EXPECT_ERR_MRS(seL4_TCB_SetSchedParams(t, auth, 0, 256), seL4_RangeError, 0, 255);
    return NULL;
}

/* SetTLSBase: no word is TruncatedMessage; the base shows as fs_base.  SetFlags: fewer
 * than 2 words is TruncatedMessage; the reply is 1 word, the new flags, and only
 * seL4_TCBFlag_fpuDisabled can be set.  Bind/UnbindNotification: no cap is
 * TruncatedMessage; a cap that is not a notification, a notification without Receive
 * right, or binding twice is IllegalOperation; unbinding an unbound TCB too. */
THREAD_TEST(TCBERR0005)
{
    seL4_CPtr t, t2, ntfn, ntfn_w;
    TRY(new_tcb(&t));
    TRY(new_tcb(&t2));
    EXPECT_REPLY0(raw_invoke(t, TCBSetTLSBase, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    EXPECT_OK(seL4_TCB_SetTLSBase(t, 0x7fff12345000ul));
    seL4_UserContext r;
    EXPECT_OK(seL4_TCB_ReadRegisters(t, false, 0, N_REGS, &r));
    EXPECT_EQ(r.fs_base, 0x7fff12345000ul);
    EXPECT_EQ(r.gs_base, 0);

    EXPECT_REPLY0(raw_invoke(t, TCBSetFlags, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    EXPECT_REPLY0(RAW(t, TCBSetFlags, 0), seL4_TruncatedMessage);
    EXPECT_REPLY(RAW(t, TCBSetFlags, 0, 0), seL4_NoError, 1, 0);
    EXPECT_REPLY(RAW(t, TCBSetFlags, 0, ~0ul), seL4_NoError, 1, seL4_TCBFlag_fpuDisabled);
    EXPECT_REPLY(RAW(t, TCBSetFlags, 0, 0), seL4_NoError, 1, seL4_TCBFlag_fpuDisabled);
    EXPECT_REPLY(RAW(t, TCBSetFlags, ~0ul, 0), seL4_NoError, 1, 0);
    seL4_TCB_SetFlags_t f = seL4_TCB_SetFlags(seL4_CapInitThreadTCB, 0, 0);
    EXPECT_EQ(f.error, seL4_NoError);
    EXPECT_EQ(f.flags, 0);

    TRY(pool_object(seL4_NotificationObject, 0, &ntfn));
    TRY(mint_new(ntfn, seL4_CanWrite, 0, &ntfn_w));
    EXPECT_ERR(seL4_TCB_UnbindNotification(t), seL4_IllegalOperation);
    EXPECT_REPLY0(raw_invoke(t, TCBBindNotification, 0, NULL, 0, NULL), seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_BindNotification(t, t2), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(t, ntfn_w), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_BindNotification(t, ntfn));
    EXPECT_ERR(seL4_TCB_BindNotification(t, ntfn), seL4_IllegalOperation);  /* TCB bound */
    EXPECT_ERR(seL4_TCB_BindNotification(t2, ntfn), seL4_IllegalOperation); /* ntfn bound */
    EXPECT_OK(seL4_TCB_UnbindNotification(t));
    EXPECT_ERR(seL4_TCB_UnbindNotification(t), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_BindNotification(t2, ntfn));
    EXPECT_OK(seL4_TCB_UnbindNotification(t2));
    return NULL;
}

/* No priority or MCP above the authority's MCP: a new TCB (MCP 0) authorises only 0;
 * after SetMCPriority 100 it authorises up to 100; lowering a thread that is above the
 * authority's MCP is fine.  Every refusal is RangeError(0, authority's MCP). */
THREAD_TEST(TCBMCP0001)
{
    seL4_CPtr a, x;
    TRY(new_tcb(&a));
    TRY(new_tcb(&x));
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(x, a, 1), seL4_RangeError, 0, 0);
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(x, a, 255), seL4_RangeError, 0, 0);
    EXPECT_ERR_MRS(seL4_TCB_SetMCPriority(x, a, 1), seL4_RangeError, 0, 0);
    EXPECT_ERR_MRS(seL4_TCB_SetSchedParams(x, a, 0, 1), seL4_RangeError, 0, 0);
    EXPECT_ERR_MRS(seL4_TCB_SetSchedParams(x, a, 1, 0), seL4_RangeError, 0, 0);
    EXPECT_OK(seL4_TCB_SetPriority(x, a, 0));
    EXPECT_OK(seL4_TCB_SetSchedParams(x, a, 0, 0));
    /* A child cannot raise itself either. */
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(a, a, 1), seL4_RangeError, 0, 0);
    EXPECT_ERR_MRS(seL4_TCB_SetMCPriority(a, a, 1), seL4_RangeError, 0, 0);

    EXPECT_OK(seL4_TCB_SetMCPriority(a, seL4_CapInitThreadTCB, 100));
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(x, a, 101), seL4_RangeError, 0, 100);
    EXPECT_ERR_MRS(seL4_TCB_SetMCPriority(x, a, 101), seL4_RangeError, 0, 100);
    EXPECT_ERR_MRS(seL4_TCB_SetSchedParams(x, a, 101, 50), seL4_RangeError, 0, 100);
    EXPECT_ERR_MRS(seL4_TCB_SetSchedParams(x, a, 50, 101), seL4_RangeError, 0, 100);
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, a, 101), seL4_RangeError, 0, 100);
    EXPECT_OK(seL4_TCB_SetPriority(x, a, 100));
    EXPECT_OK(seL4_TCB_SetSchedParams(x, a, 100, 100));
    /* x at 200 (by the root) can be lowered with a's authority. */
    EXPECT_OK(seL4_TCB_SetPriority(x, seL4_CapInitThreadTCB, 200));
    EXPECT_OK(seL4_TCB_SetPriority(x, a, 50));
    /* The MCP of the authority, not of the target, counts: x (MCP 100) as authority. */
    EXPECT_ERR_MRS(seL4_TCB_SetPriority(a, x, 101), seL4_RangeError, 0, 100);
    EXPECT_OK(seL4_TCB_SetMCPriority(x, seL4_CapInitThreadTCB, 255));
    EXPECT_OK(seL4_TCB_SetPriority(a, x, 255));
    return NULL;
}

/* The root lowers its own priority and raises it back (its MCP is still 255); then it
 * lowers its own MCP and can neither raise its priority above it nor raise the MCP
 * again.  A second TCB with MCP 255 restores the root afterwards. */
THREAD_TEST(TCBMCP0002)
{
    seL4_CPtr keeper;
    const seL4_CPtr self = seL4_CapInitThreadTCB;
    TRY(new_tcb(&keeper));
    EXPECT_OK(seL4_TCB_SetMCPriority(keeper, self, 255));
    EXPECT_OK(seL4_TCB_SetPriority(self, self, 200));
    EXPECT_OK(seL4_TCB_SetPriority(self, self, 255));
    EXPECT_OK(seL4_TCB_SetMCPriority(self, self, 200));
    EXPECT_OK(seL4_TCB_SetPriority(self, self, 200));
    seL4_Error e1 = seL4_TCB_SetPriority(self, self, 201);
    seL4_Word e1_mr0 = seL4_GetMR(0), e1_mr1 = seL4_GetMR(1);
    seL4_Error e2 = seL4_TCB_SetMCPriority(self, self, 255);
    seL4_Word e2_mr1 = seL4_GetMR(1);
    seL4_Error e3 = seL4_TCB_SetSchedParams(self, self, 200, 255);
    seL4_Error e4 = seL4_TCB_SetPriority(self, self, 150); /* lowering still works */
    /* Restore with the keeper's authority before judging anything. */
    seL4_Error r1 = seL4_TCB_SetMCPriority(self, keeper, 255);
    seL4_Error r2 = seL4_TCB_SetPriority(self, keeper, 255);
    if (r1 != seL4_NoError || r2 != seL4_NoError) {
        return systest_reason("could not restore the root's MCP/priority: %s, %s",
                              error_name(r1), error_name(r2));
    }
    EXPECT_EQ(e1, seL4_RangeError);
    EXPECT_EQ(e1_mr0, 0);
    EXPECT_EQ(e1_mr1, 200);
    EXPECT_EQ(e2, seL4_RangeError);
    EXPECT_EQ(e2_mr1, 200);
    EXPECT_EQ(e3, seL4_RangeError);
    EXPECT_EQ(e4, seL4_NoError);
    return NULL;
}

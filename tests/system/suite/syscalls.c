/*
 * SYSCALL-level behaviour of the first slice: debug syscalls, TLS base,
 * Yield, and the invocation contract for a null cap and a bad label.
 */
#include <sel4/sel4.h>
#include <string.h>

#include "systest.h"

static __thread seL4_Word tls_var = 0x1234;

static seL4_Word read_fs0(void)
{
    seL4_Word v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

/* The probe line is written char by char; the runner checks it in the console output. */
SYSTEST(PUTCHAR0001)
{
    seL4_DebugPutString("PUTCHAR0001 probe: Mica says hi\n");
    return NULL;
}

/* The runtime's static TLS works and SetTLSBase moves FS to a new block. */
SYSTEST(TLSRT0001)
{
    SYSTEST_CHECK(tls_var == 0x1234);
    seL4_Word old_tp = read_fs0();
    static seL4_Word block[4] __attribute__((aligned(16)));
    block[0] = (seL4_Word)&block[0];
    seL4_SetTLSBase((seL4_Word)&block[0]);
    seL4_Word seen = read_fs0();
    seL4_SetTLSBase(old_tp);
    SYSTEST_CHECK(seen == (seL4_Word)&block[0]);
    SYSTEST_CHECK(read_fs0() == old_tp);
    tls_var = 99;
    SYSTEST_CHECK(tls_var == 99);
    return NULL;
}

/* The TLS base survives a Yield (a trip through the scheduler). */
SYSTEST(TLSRT0002)
{
    seL4_Word tp = read_fs0();
    for (int i = 0; i < 100; i++) {
        seL4_Yield();
    }
    SYSTEST_CHECK(read_fs0() == tp);
    return NULL;
}

/*
 * A non-canonical TLS base must not hurt the kernel: the kernel writes FS base
 * on the way out of the syscall, and a non-canonical value would fault there.
 * Surviving to the next line is the test; nothing may touch %fs in between.
 */
SYSTEST(TLSRT0003)
{
    seL4_Word tp = read_fs0();
    seL4_SetTLSBase(0x8000000000000000ul);
    seL4_SetTLSBase(tp);
    SYSTEST_CHECK(read_fs0() == tp);
    return NULL;
}

/* Invoking an empty slot: InvalidCapability, MR0 = 0 (the invoked cap), no fault. */
SYSTEST(INVOKE0001)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Error err = seL4_TCB_Suspend(bi->empty.start);
    SYSTEST_CHECK(err == seL4_InvalidCapability);
    SYSTEST_CHECK(seL4_GetMR(0) == 0);
    return NULL;
}

/* An unknown label on a TCB cap: IllegalOperation, empty message. */
SYSTEST(INVOKE0002)
{
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(0xfffff, 0, 0, 0);
    seL4_MessageInfo_t reply = seL4_Call(seL4_CapInitThreadTCB, tag);
    SYSTEST_CHECK(seL4_MessageInfo_get_label(reply) == seL4_IllegalOperation);
    SYSTEST_CHECK(seL4_MessageInfo_get_length(reply) == 0);
    return NULL;
}

/* Resuming a running thread is a no-op that succeeds. */
SYSTEST(INVOKE0003)
{
    SYSTEST_CHECK(seL4_TCB_Resume(seL4_CapInitThreadTCB) == seL4_NoError);
    return NULL;
}

/* Naming the thread shows in the scheduler dump (the runner checks the dump lines). */
SYSTEST(DEBUG0001)
{
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "systest-root");
    seL4_DebugDumpScheduler();
    return NULL;
}

/*
 * seL4's hardware debug API (built only with CONFIG_HARDWARE_DEBUG_API):
 * sel4test's breakpoints.c (BREAKPOINT_001, 003-007, BREAK_REQUEST_001,
 * SINGLESTEP_001; BREAKPOINT_002 is off in sel4test's simulation builds and
 * HWDEBUG0001 covers it), then Mica's own HWDEBUG tests: exact fault
 * messages and replies, watchpoints on memory the kernel writes, registers
 * following the thread across IPC, every decode error, the no-handler report.
 *
 * As in sel4test, a faulter thread sends its faults through a badged copy
 * (badge 1) of an endpoint that a handler thread of higher priority receives
 * on; the root waits below both (FH_WAIT_PRIO) and checks what they saw.
 */
#include <sel4/config.h>

#ifdef CONFIG_HARDWARE_DEBUG_API

#include <sel4/invocation.h>
#include <string.h>

#include "fault_helpers.h"

#define FAULT_EP_KERNEL_BADGE_VALUE 1
#define SINGLESTEP_TEST_MAX_LOOP_ITERATIONS 10
#define BREAKPOINT_TEST_FAULTER_PRIO (FH_WAIT_PRIO + 10)
#define BREAKPOINT_TEST_HANDLER_PRIO (FH_WAIT_PRIO + 20)
#define BREAKPOINT_TEST_BAD_FAULT_MAGIC_ADDR 0xDEAD
/* x86: every register is dual-function (sel4test's arch/debug.h). */
#define TEST_FIRST_INSTR_BP seL4_FirstDualFunctionMonitor
#define TEST_NUM_INSTR_BPS seL4_NumDualFunctionMonitors
#define TEST_FIRST_DATA_WP seL4_FirstDualFunctionMonitor
#define TEST_NUM_DATA_WPS seL4_NumDualFunctionMonitors
#define SINGLESTEP_EXPECTED_BP_CONSUMPTION_VALUE false

#define NO_INLINE __attribute__((noinline, noclone))

/* What the handler thread received (sel4test's fault_data, plus label, length, badge). */
static volatile struct {
    seL4_Word label, length, badge;
    seL4_Word vaddr, reason, vaddr2, bp_num;
} fault_data;

static seL4_CPtr fault_ep, badged_fault_ep;

/* sel4test's setup_caps_for_test: the fault endpoint and its badged copy. */
static const char *setup_caps_for_test(void)
{
    TRY(pool_object(seL4_EndpointObject, 0, &fault_ep));
    return mint_new(fault_ep, seL4_AllRights, FAULT_EP_KERNEL_BADGE_VALUE, &badged_fault_ep);
}

/* sel4test's setup_faulter_thread_for_test: faults go to the badged endpoint. */
static const char *setup_faulter_thread_for_test(helper_t *faulter)
{
    TRY(helper_create(faulter, BREAKPOINT_TEST_FAULTER_PRIO));
    seL4_DebugNameThread(faulter->tcb, "Faulter");
    return fh_set_fault_ep(faulter->tcb, badged_fault_ep);
}

/* Triggers an instruction breakpoint at its own address, or a VM fault at 0xDEAD. */
NO_INLINE static void breakpoint_code(void)
{
    volatile int *pi = (volatile int *)BREAKPOINT_TEST_BAD_FAULT_MAGIC_ADDR;
    *pi = 1;
}

/* What the data breakpoint tests break on. */
static volatile uint32_t bpd;

/* The faulter: an instruction breakpoint, a data access or an int3, as `type` says. */
NO_INLINE static seL4_Word breakpoint_triggerer_main(seL4_Word type, seL4_Word size, seL4_Word rw,
                                                     seL4_Word arg3)
{
    (void)size;
    (void)arg3;
    if (type == seL4_InstructionBreakpoint) {
        breakpoint_code();
    } else if (type == seL4_DataBreakpoint) {
        if (rw == seL4_BreakOnRead) {
            uint32_t tmp = bpd;
            (void)tmp;
        } else {
            bpd = 0;
        }
        volatile int *pi = (volatile int *)BREAKPOINT_TEST_BAD_FAULT_MAGIC_ADDR;
        *pi = 1;
    } else if (type == seL4_SoftwareBreakRequest) {
        __asm__ volatile(".globl post_sbreak\n"
                         "int $3\n"
                         "post_sbreak:\n");
    }
    return 0;
}
extern char post_sbreak[];

/* The handler: one message on the fault endpoint; 0 if it is a DebugException. */
static seL4_Word breakpoint_handler_main(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1;
    (void)a2;
    (void)a3;
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    fault_data.label = seL4_MessageInfo_get_label(tag);
    fault_data.length = seL4_MessageInfo_get_length(tag);
    fault_data.badge = badge;
    fault_data.vaddr = seL4_GetMR(seL4_DebugException_FaultIP);
    fault_data.reason = seL4_GetMR(seL4_DebugException_ExceptionReason);
    fault_data.vaddr2 = seL4_GetMR(seL4_DebugException_TriggerAddress);
    fault_data.bp_num = seL4_GetMR(seL4_DebugException_BreakpointNumber);
    return fault_data.label == seL4_Fault_DebugException ? 0 : 1;
}

static const char *setup_handler_thread_for_test(helper_t *handler)
{
    TRY(helper_create(handler, BREAKPOINT_TEST_HANDLER_PRIO));
    seL4_DebugNameThread(handler->tcb, "Handler");
    return helper_start(handler, breakpoint_handler_main, fault_ep, 0, 0, 0);
}

/* sel4test's cleanup_breakpoints_from_test: unset every register of the test thread. */
static void cleanup_breakpoints_from_test(void)
{
    for (int i = TEST_FIRST_INSTR_BP; i < TEST_FIRST_INSTR_BP + TEST_NUM_INSTR_BPS; i++) {
        seL4_TCB_UnsetBreakpoint(seL4_CapInitThreadTCB, i);
    }
    for (int i = TEST_FIRST_DATA_WP; i < TEST_FIRST_DATA_WP + TEST_NUM_DATA_WPS; i++) {
        seL4_TCB_UnsetBreakpoint(seL4_CapInitThreadTCB, i);
    }
}

/* Run the faulter with `type` and wait for the handler; the root is back at ROOT_PRIO after. */
static const char *trigger_and_wait(helper_t *faulter, helper_t *handler, seL4_Word type,
                                    seL4_Word size, seL4_Word rw)
{
    memset((void *)&fault_data, 0, sizeof(fault_data));
    TRY(helper_start(faulter, breakpoint_triggerer_main, type, size, rw, 0));
    TRY(fh_root_wait_prio());
    const char *why = helper_wait(handler, FH_TIMEOUT_MS);
    TRY(root_set_prio(ROOT_PRIO));
    return why;
}

/* Both helpers gone (the faulter still waits for its reply). */
static const char *cleanup_helpers(helper_t *faulter, helper_t *handler)
{
    cleanup_breakpoints_from_test();
    TRY(helper_destroy(faulter));
    return helper_destroy(handler);
}

/* BREAKPOINT_001: an instruction breakpoint in each register fires at breakpoint_code. */
THREAD_TEST(BREAKPOINT_001)
{
    for (seL4_Word i = TEST_FIRST_INSTR_BP; i < TEST_FIRST_INSTR_BP + TEST_NUM_INSTR_BPS; i++) {
        helper_t faulter, handler;
        TRY(setup_caps_for_test());
        TRY(setup_handler_thread_for_test(&handler));
        TRY(setup_faulter_thread_for_test(&faulter));
        EXPECT_OK(seL4_TCB_SetBreakpoint(faulter.tcb, i, (seL4_Word)&breakpoint_code,
                                         seL4_InstructionBreakpoint, 0, seL4_BreakOnRead));
        TRY(trigger_and_wait(&faulter, &handler, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead));
        seL4_Word result = handler.result;
        TRY(cleanup_helpers(&faulter, &handler));
        EXPECT_EQ(result, 0);
        EXPECT_EQ(fault_data.bp_num, i);
        EXPECT_EQ(fault_data.reason, seL4_InstructionBreakpoint);
        EXPECT_EQ(fault_data.vaddr, (seL4_Word)&breakpoint_code);
        /* Beyond sel4test: the whole message. */
        EXPECT_EQ(fault_data.vaddr2, (seL4_Word)&breakpoint_code);
        EXPECT_EQ(fault_data.length, seL4_DebugException_Length);
        EXPECT_EQ(fault_data.badge, FAULT_EP_KERNEL_BADGE_VALUE);
    }
    return NULL;
}

/* BREAKPOINT_003: Set then Get an instruction breakpoint on the test thread itself. */
THREAD_TEST(BREAKPOINT_003)
{
    seL4_Word type = seL4_InstructionBreakpoint, size = 0, access = seL4_BreakOnRead;
    for (int i = TEST_FIRST_INSTR_BP; i < TEST_FIRST_INSTR_BP + TEST_NUM_INSTR_BPS; i++) {
        EXPECT_OK(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, i, (seL4_Word)&breakpoint_code,
                                         type, size, access));
        seL4_TCB_GetBreakpoint_t result = seL4_TCB_GetBreakpoint(seL4_CapInitThreadTCB, i);
        cleanup_breakpoints_from_test();
        EXPECT_EQ(result.error, seL4_NoError);
        EXPECT_EQ(result.vaddr, (seL4_Word)&breakpoint_code);
        EXPECT_EQ(result.type, type);
        EXPECT_EQ(result.size, size);
        EXPECT_EQ(result.rw, access);
        EXPECT_EQ(result.is_enabled, true);
    }
    return NULL;
}

/* BREAKPOINT_004: Set then Get a 2-byte write watchpoint on the test thread itself. */
THREAD_TEST(BREAKPOINT_004)
{
    seL4_Word type = seL4_DataBreakpoint, size = 2, access = seL4_BreakOnWrite;
    for (int i = TEST_FIRST_DATA_WP; i < TEST_FIRST_DATA_WP + TEST_NUM_DATA_WPS; i++) {
        EXPECT_OK(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, i, (seL4_Word)&bpd, type, size,
                                         access));
        seL4_TCB_GetBreakpoint_t result = seL4_TCB_GetBreakpoint(seL4_CapInitThreadTCB, i);
        cleanup_breakpoints_from_test();
        EXPECT_EQ(result.error, seL4_NoError);
        EXPECT_EQ(result.vaddr, (seL4_Word)&bpd);
        EXPECT_EQ(result.type, type);
        EXPECT_EQ(result.size, size);
        EXPECT_EQ(result.rw, access);
        EXPECT_EQ(result.is_enabled, true);
    }
    return NULL;
}

/* BREAKPOINT_005: Set, Unset, then Get an instruction breakpoint: disabled. */
THREAD_TEST(BREAKPOINT_005)
{
    for (int i = TEST_FIRST_INSTR_BP; i < TEST_FIRST_INSTR_BP + TEST_NUM_INSTR_BPS; i++) {
        EXPECT_OK(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, i, (seL4_Word)&breakpoint_code,
                                         seL4_InstructionBreakpoint, 0, seL4_BreakOnRead));
        EXPECT_OK(seL4_TCB_UnsetBreakpoint(seL4_CapInitThreadTCB, i));
        seL4_TCB_GetBreakpoint_t result = seL4_TCB_GetBreakpoint(seL4_CapInitThreadTCB, i);
        cleanup_breakpoints_from_test();
        EXPECT_EQ(result.error, seL4_NoError);
        EXPECT_EQ(result.is_enabled, false);
    }
    return NULL;
}

/* BREAKPOINT_006: Set, Unset, then Get a watchpoint: disabled. */
THREAD_TEST(BREAKPOINT_006)
{
    for (int i = TEST_FIRST_DATA_WP; i < TEST_FIRST_DATA_WP + TEST_NUM_DATA_WPS; i++) {
        EXPECT_OK(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, i, (seL4_Word)&bpd,
                                         seL4_DataBreakpoint, 4, seL4_BreakOnWrite));
        EXPECT_OK(seL4_TCB_UnsetBreakpoint(seL4_CapInitThreadTCB, i));
        seL4_TCB_GetBreakpoint_t result = seL4_TCB_GetBreakpoint(seL4_CapInitThreadTCB, i);
        cleanup_breakpoints_from_test();
        EXPECT_EQ(result.error, seL4_NoError);
        EXPECT_EQ(result.is_enabled, false);
    }
    return NULL;
}

/* BREAKPOINT_007: invalid values are refused (sel4test checks only "not NoError";
 * the exact errors are seL4's decodeSetBreakpoint's). */
THREAD_TEST(BREAKPOINT_007)
{
    /* A kernel address, 64 MiB below the top. */
    seL4_Word kernel_vaddrspace_pointer = (seL4_Word) - (64 * 1024 * 1024);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, TEST_FIRST_DATA_WP,
                                          kernel_vaddrspace_pointer, seL4_DataBreakpoint, 0,
                                          seL4_BreakOnWrite),
                   seL4_InvalidArgument, 1);
    /* An instruction breakpoint with an operand size. */
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, TEST_FIRST_INSTR_BP,
                                          (seL4_Word)&breakpoint_code, seL4_InstructionBreakpoint,
                                          2, seL4_BreakOnRead),
                   seL4_InvalidArgument, 3);
    /* An instruction breakpoint that is not break-on-read. */
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, TEST_FIRST_INSTR_BP,
                                          (seL4_Word)&breakpoint_code, seL4_InstructionBreakpoint,
                                          0, seL4_BreakOnWrite),
                   seL4_InvalidArgument, 4);
    /* A data breakpoint of size 0. */
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(seL4_CapInitThreadTCB, TEST_FIRST_DATA_WP,
                                          (seL4_Word)&bpd, seL4_DataBreakpoint, 0,
                                          seL4_BreakOnRead),
                   seL4_InvalidArgument, 3);
    cleanup_breakpoints_from_test();
    return NULL;
}

/* BREAK_REQUEST_001: int3 is a SoftwareBreakRequest with FaultIP after the int3. */
THREAD_TEST(BREAK_REQUEST_001)
{
    helper_t faulter, handler;
    TRY(setup_caps_for_test());
    TRY(setup_handler_thread_for_test(&handler));
    TRY(setup_faulter_thread_for_test(&faulter));
    TRY(trigger_and_wait(&faulter, &handler, seL4_SoftwareBreakRequest, 0, seL4_BreakOnRead));
    seL4_Word result = handler.result;
    TRY(cleanup_helpers(&faulter, &handler));
    EXPECT_EQ(result, 0);
    EXPECT_EQ(fault_data.reason, seL4_SoftwareBreakRequest);
    EXPECT_EQ(fault_data.vaddr, (seL4_Word)post_sbreak);
    /* Beyond sel4test: only FaultIP and the reason are sent. */
    EXPECT_EQ(fault_data.length, 2);
    EXPECT_EQ(fault_data.badge, FAULT_EP_KERNEL_BADGE_VALUE);
    return NULL;
}

/* ---- SINGLESTEP_001 ------------------------------------------------------------ */

static volatile int counter;

NO_INLINE static void stop_point(void)
{
    counter = counter;
}

NO_INLINE static void single_step_guinea_pig(void)
{
    for (; counter < SINGLESTEP_TEST_MAX_LOOP_ITERATIONS; counter++) {
        /* A syscall inside the loop: stepping goes over syscalls. */
        seL4_Yield();
    }
    stop_point();
}

/*
 * The debugger: takes the instruction breakpoint at the guinea pig, swaps it
 * for single stepping, resumes the debuggee and replies to each step (MR0 =
 * 1, go on) until the step that lands on stop_point (MR0 = 0, stop).
 */
static seL4_Word debugger_main(seL4_Word debuggee_tcb, seL4_Word ep, seL4_Word a2, seL4_Word a3)
{
    (void)a2;
    (void)a3;
    seL4_Word badge;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_DebugException);
    FH_CHECK_EQ(seL4_GetMR(seL4_DebugException_ExceptionReason), seL4_InstructionBreakpoint);
    FH_CHECK_EQ(seL4_GetMR(seL4_DebugException_FaultIP), (seL4_Word)&single_step_guinea_pig);

    seL4_TCB_UnsetBreakpoint(debuggee_tcb, TEST_FIRST_INSTR_BP);
    seL4_TCB_ConfigureSingleStepping_t result =
        seL4_TCB_ConfigureSingleStepping(debuggee_tcb, TEST_FIRST_INSTR_BP + 1, 1);
    FH_CHECK_EQ(result.bp_was_consumed, SINGLESTEP_EXPECTED_BP_CONSUMPTION_VALUE);
    FH_CHECK_EQ(result.error, seL4_NoError);

    counter = 0;
    seL4_TCB_Resume(debuggee_tcb);
    seL4_Word steps = 0;
    for (;;) {
        tag = seL4_Recv(ep, &badge);
        FH_CHECK_EQ(seL4_MessageInfo_get_label(tag), seL4_Fault_DebugException);
        FH_CHECK_EQ(seL4_GetMR(seL4_DebugException_ExceptionReason), seL4_SingleStep);
        FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), 2);
        steps++;
        seL4_Word ip = seL4_GetMR(seL4_DebugException_FaultIP);
        tag = seL4_MessageInfo_new(0, 0, 0, 1);
        if (ip == (seL4_Word)&stop_point) {
            seL4_SetMR(0, 0);
            seL4_Reply(tag);
            break;
        }
        FH_CHECK(steps < 100000);
        seL4_SetMR(0, 1);
        seL4_Reply(tag);
    }
    FH_CHECK_EQ(counter, SINGLESTEP_TEST_MAX_LOOP_ITERATIONS);
    return 0;
}

static seL4_Word debuggee_main(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0;
    (void)a1;
    (void)a2;
    (void)a3;
    single_step_guinea_pig();
    return 0;
}

/* SINGLESTEP_001: step through a loop with a syscall in it, to a stop point. */
THREAD_TEST(SINGLESTEP_001)
{
    helper_t debugger, debuggee;
    fh_reset();
    TRY(setup_caps_for_test());
    TRY(helper_create(&debugger, BREAKPOINT_TEST_HANDLER_PRIO));
    TRY(setup_faulter_thread_for_test(&debuggee));
    EXPECT_OK(seL4_TCB_SetBreakpoint(debuggee.tcb, TEST_FIRST_INSTR_BP,
                                     (seL4_Word)&single_step_guinea_pig,
                                     seL4_InstructionBreakpoint, 0, seL4_BreakOnRead));
    TRY(helper_start(&debugger, debugger_main, debuggee.tcb, fault_ep, 0, 0));
    TRY(helper_start(&debuggee, debuggee_main, 0, 0, 0, 0));
    TRY(fh_root_wait_prio());
    TRY(helper_wait(&debugger, FH_LONG_TIMEOUT_MS));
    TRY(helper_wait(&debuggee, FH_LONG_TIMEOUT_MS));
    FH_TRY_THREADS();
    EXPECT_EQ(debugger.result, 0);
    return NULL;
}

/* ---- Mica's own tests --------------------------------------------------------- */

/*
 * Assembly for threads started with fh_start_regs: a store, a load and a run
 * of nops, each followed by a `ud2` at a label of its own, and an int3.
 */
extern char hw_store_insn[], hw_store_after[], hw_store_end[];
extern char hw_load_insn[], hw_load_after[], hw_load_end[];
extern char hw_nops[], hw_nops_end[];
extern char hw_int3_insn[], hw_int3_end[];
__asm__("    .text\n"
        "    .globl hw_store_insn, hw_store_after, hw_store_end\n"
        "hw_store_insn: movl %eax, (%rdi)\n"
        "hw_store_after: nop\n"
        "hw_store_end: ud2\n"
        "    .globl hw_load_insn, hw_load_after, hw_load_end\n"
        "hw_load_insn: movl (%rdi), %eax\n"
        "hw_load_after: nop\n"
        "hw_load_end: ud2\n"
        "    .globl hw_nops, hw_nops_end\n"
        "hw_nops: nop\n"
        "    nop\n"
        "    nop\n"
        "    nop\n"
        "    nop\n"
        "hw_nops_end: ud2\n"
        "    .globl hw_int3_insn, hw_int3_end\n"
        "hw_int3_insn: int3\n"
        "hw_int3_end: ud2\n");

static helper_t victim;
static volatile uint32_t watched[4] __attribute__((aligned(16)));

/* A victim thread whose faults reach the root through badged_fault_ep. */
static const char *setup_victim(void)
{
    fh_reset();
    TRY(setup_caps_for_test());
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    TRY(fh_set_fault_ep(victim.tcb, badged_fault_ep));
    return fh_root_wait_prio();
}

/* Start the victim at `rip` with RDI = rdi and receive its next fault. */
static const char *run_victim(void *rip, seL4_Word rdi, seL4_MessageInfo_t *got)
{
    seL4_UserContext ctx;
    fh_regs_init(&ctx, rip, 0, victim.tls_base);
    ctx.rdi = rdi;
    TRY(fh_start_regs(victim.tcb, &ctx));
    seL4_Word badge = 0;
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, got, &badge));
    EXPECT_EQ(badge, FAULT_EP_KERNEL_BADGE_VALUE);
    return NULL;
}

/* The next fault is the `ud2` at `end` (the thread went on to there). */
static const char *expect_ud2_at(void *end)
{
    seL4_MessageInfo_t got;
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, seL4_UserException_Length, (seL4_Word)end);
    EXPECT_EQ(seL4_GetMR(seL4_UserException_Number), 6);
    return NULL;
}

/*
 * HWDEBUG0001 (sel4test's BREAKPOINT_002, off there under simulation): a write
 * watchpoint fires after the store (FaultIP = the next instruction) with the
 * trigger address and register; a label-0 reply goes on; a load does not fire
 * it; a BreakOnRead watchpoint (x86: read or write) fires on the load.
 */
THREAD_TEST(HWDEBUG0001)
{
    seL4_MessageInfo_t got;
    TRY(setup_victim());
    EXPECT_OK(seL4_TCB_SetBreakpoint(victim.tcb, 2, (seL4_Word)&watched[1], seL4_DataBreakpoint,
                                     4, seL4_BreakOnWrite));
    TRY(run_victim(hw_store_insn, (seL4_Word)&watched[1], &got));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, seL4_DebugException_Length,
                  (seL4_Word)hw_store_after, seL4_DataBreakpoint, (seL4_Word)&watched[1], 2);
    EXPECT_EQ(watched[1], 0x1100 + 3); /* the store was done: RAX's start value */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(expect_ud2_at(hw_store_end));

    TRY(run_victim(hw_load_insn, (seL4_Word)&watched[1], &got));
    FH_EXPECT_MSG(got, seL4_Fault_UserException, seL4_UserException_Length, (seL4_Word)hw_load_end);

    EXPECT_OK(seL4_TCB_SetBreakpoint(victim.tcb, 2, (seL4_Word)&watched[1], seL4_DataBreakpoint,
                                     4, seL4_BreakOnRead));
    TRY(run_victim(hw_load_insn, (seL4_Word)&watched[1], &got));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, seL4_DebugException_Length,
                  (seL4_Word)hw_load_after, seL4_DataBreakpoint, (seL4_Word)&watched[1], 2);
    /* A reply with a label other than 0 leaves the thread stopped. */
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
    return fh_expect_silence(fault_ep, 100);
}

/* The watcher: a read/write watchpoint on its own MR4 word, then GetBreakpoint, whose
 * reply the kernel writes there (no #DB in the kernel) and the stub then reads (a #DB). */
static seL4_Word ipc_buffer_watcher(seL4_Word self, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1;
    (void)a2;
    (void)a3;
    seL4_Word mr4 = (seL4_Word)&seL4_GetIPCBuffer()->msg[4];
    FH_CHECK_EQ(seL4_TCB_SetBreakpoint(self, 1, mr4, seL4_DataBreakpoint, 4,
                                       seL4_BreakOnReadWrite),
                seL4_NoError);
    seL4_TCB_GetBreakpoint_t r = seL4_TCB_GetBreakpoint(self, 1);
    FH_CHECK_EQ(r.error, seL4_NoError);
    FH_CHECK_EQ(r.vaddr, mr4);
    FH_CHECK_EQ(r.is_enabled, true);
    return 0;
}

/*
 * HWDEBUG0002: the kernel reads and writes a watched IPC-buffer word through
 * its own window, so only the thread's own access fires the watchpoint.
 */
THREAD_TEST(HWDEBUG0002)
{
    seL4_MessageInfo_t got;
    fh_reset();
    TRY(setup_caps_for_test());
    TRY(helper_create(&victim, FH_WAIT_PRIO));
    TRY(fh_set_fault_ep(victim.tcb, badged_fault_ep));
    TRY(helper_start(&victim, ipc_buffer_watcher, victim.tcb, 0, 0, 0));
    TRY(fh_root_wait_prio());
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    seL4_Word mr4 = (seL4_Word)&victim.ipc->msg[4];
    EXPECT_EQ(seL4_MessageInfo_get_label(got), seL4_Fault_DebugException);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_ExceptionReason), seL4_DataBreakpoint);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_TriggerAddress), mr4);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_BreakpointNumber), 1);
    EXPECT_OK(seL4_TCB_UnsetBreakpoint(victim.tcb, 1));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(helper_wait(&victim, FH_TIMEOUT_MS));
    FH_TRY_THREADS();
    EXPECT_EQ(victim.result, 0);
    return NULL;
}

/*
 * HWDEBUG0003: stepping N instructions.  ConfigureSingleStepping(3) faults
 * after the third nop; a reply without MRs steps one more; MR0 = 0 stops
 * stepping; a WriteRegisters (which clears TF) does not stop it; and, as on
 * seL4, a reply to a single step always sets the count again, so one without
 * MRs turns stepping back on after ConfigureSingleStepping(0).
 */
THREAD_TEST(HWDEBUG0003)
{
    seL4_MessageInfo_t got;
    TRY(setup_victim());
    seL4_TCB_ConfigureSingleStepping_t cfg = seL4_TCB_ConfigureSingleStepping(victim.tcb, 0, 3);
    EXPECT_EQ(cfg.error, seL4_NoError);
    EXPECT_EQ(cfg.bp_was_consumed, false);
    TRY(run_victim(hw_nops, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, 2, (seL4_Word)hw_nops + 3, seL4_SingleStep);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, 2, (seL4_Word)hw_nops + 4, seL4_SingleStep);
    seL4_SetMR(0, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    TRY(expect_ud2_at(hw_nops_end));

    /* Restarted by WriteRegisters + Resume while stepping is on: the first nop faults. */
    EXPECT_OK(seL4_TCB_ConfigureSingleStepping(victim.tcb, 0, 1).error);
    TRY(run_victim(hw_nops, 0, &got));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, 2, (seL4_Word)hw_nops + 1, seL4_SingleStep);
    EXPECT_OK(seL4_TCB_ConfigureSingleStepping(victim.tcb, 0, 0).error);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(fh_recv(fault_ep, FH_TIMEOUT_MS, &got, NULL));
    FH_EXPECT_MSG(got, seL4_Fault_DebugException, 2, (seL4_Word)hw_nops + 2, seL4_SingleStep);
    seL4_SetMR(0, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    return expect_ud2_at(hw_nops_end);
}

/* The shared word the client watches and the server writes. */
static volatile uint32_t shared_word;
#define PINGS 10

static seL4_Word ping_client(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1;
    (void)a2;
    (void)a3;
    for (seL4_Word i = 0; i < PINGS; i++) {
        seL4_SetMR(0, i);
        seL4_MessageInfo_t tag = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        FH_CHECK_EQ(seL4_MessageInfo_get_length(tag), 1);
        FH_CHECK_EQ(seL4_GetMR(0), i + 100);
    }
    shared_word = 42; /* the client's own write: a DebugException */
    return 0;
}

static seL4_Word pong_server(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1;
    (void)a2;
    (void)a3;
    seL4_Word badge;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    for (seL4_Word i = 0;; i++) {
        shared_word = (uint32_t)i; /* no breakpoint of the server's: no fault */
        seL4_SetMR(0, seL4_GetMR(0) + 100);
        if (i == PINGS - 1) {
            seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
            break;
        }
        tag = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    }
    (void)tag;
    return 0;
}

/*
 * HWDEBUG0004: breakpoints belong to a thread.  A client with a write
 * watchpoint calls a server in the same address space that writes the
 * watched word each time: only the client's own write fires.
 */
THREAD_TEST(HWDEBUG0004)
{
    helper_t client, server;
    seL4_CPtr ep;
    seL4_MessageInfo_t got;
    fh_reset();
    TRY(setup_caps_for_test());
    TRY(pool_object(seL4_EndpointObject, 0, &ep));
    TRY(helper_create(&client, FH_WAIT_PRIO + 10));
    TRY(helper_create(&server, FH_WAIT_PRIO + 10));
    TRY(fh_set_fault_ep(client.tcb, badged_fault_ep));
    TRY(fh_set_fault_ep(server.tcb, badged_fault_ep));
    EXPECT_OK(seL4_TCB_SetBreakpoint(client.tcb, 3, (seL4_Word)&shared_word, seL4_DataBreakpoint,
                                     4, seL4_BreakOnWrite));
    shared_word = 7;
    TRY(helper_start(&server, pong_server, ep, 0, 0, 0));
    TRY(helper_start(&client, ping_client, ep, 0, 0, 0));
    TRY(fh_root_wait_prio());
    TRY(fh_recv(fault_ep, FH_LONG_TIMEOUT_MS, &got, NULL));
    EXPECT_EQ(seL4_MessageInfo_get_label(got), seL4_Fault_DebugException);
    EXPECT_EQ(seL4_MessageInfo_get_length(got), seL4_DebugException_Length);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_ExceptionReason), seL4_DataBreakpoint);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_TriggerAddress), (seL4_Word)&shared_word);
    EXPECT_EQ(seL4_GetMR(seL4_DebugException_BreakpointNumber), 3);
    EXPECT_EQ(shared_word, 42);
    TRY(helper_wait(&server, FH_TIMEOUT_MS));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    TRY(helper_wait(&client, FH_TIMEOUT_MS));
    FH_TRY_THREADS();
    return NULL;
}

/* A raw invocation of TCB `tcb` with data words; the reply's info. */
static seL4_MessageInfo_t tcb_raw(seL4_CPtr tcb, seL4_Word label, seL4_Word len,
                                  const seL4_Word *words)
{
    return raw_invoke(tcb, label, 0, NULL, len, words);
}

/*
 * HWDEBUG0005: every decode path: register numbers (16 bits, as the stubs
 * marshal them), types, access kinds, sizes, alignment, the user-address
 * limit; a fresh TCB's registers; the replies' lengths; what Get reports.
 */
THREAD_TEST(HWDEBUG0005)
{
    seL4_CPtr t;
    TRY(pool_object(seL4_TCBObject, 0, &t));
    seL4_Word code = (seL4_Word)&breakpoint_code, data = (seL4_Word)&watched[0];

    /* A fresh TCB: every register reads as a disabled instruction breakpoint at 0. */
    seL4_MessageInfo_t info = tcb_raw(t, TCBGetBreakpoint, 1, (seL4_Word[]){3});
    EXPECT_REPLY(info, seL4_NoError, 5, 0, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead, 0);

    /* Register numbers: 0..3; the number is 16 bits wide (0x10002 is register 2). */
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 4, code, seL4_InstructionBreakpoint, 0,
                                          seL4_BreakOnRead),
                   seL4_RangeError, 0, 3);
    EXPECT_ERR_MRS(seL4_TCB_GetBreakpoint(t, 4).error, seL4_RangeError, 0, 3);
    EXPECT_ERR_MRS(seL4_TCB_UnsetBreakpoint(t, 0xffff), seL4_RangeError, 0, 3);
    info = tcb_raw(t, TCBSetBreakpoint, 5,
                   (seL4_Word[]){0x10002, code, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead});
    EXPECT_REPLY0(info, seL4_NoError);
    info = tcb_raw(t, TCBGetBreakpoint, 1, (seL4_Word[]){2});
    EXPECT_REPLY(info, seL4_NoError, 5, code, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead, 1);

    /* The checks in seL4's order: address, type, instruction size and access, data
     * size, access kind, size, alignment; then the register number. */
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, 0x7fffffffffff, 7, 3, 9), seL4_InvalidArgument, 1);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, code, seL4_SingleStep, 0, 0),
                   seL4_InvalidArgument, 2);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, code, seL4_SoftwareBreakRequest, 0, 0),
                   seL4_InvalidArgument, 2);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, code, seL4_InstructionBreakpoint, 1, 9),
                   seL4_InvalidArgument, 3);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, code, seL4_InstructionBreakpoint, 0, 9),
                   seL4_InvalidArgument, 4);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, data, seL4_DataBreakpoint, 0, 9),
                   seL4_InvalidArgument, 3);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, data, seL4_DataBreakpoint, 4, 3),
                   seL4_InvalidArgument, 3);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, data, seL4_DataBreakpoint, 3, 1),
                   seL4_InvalidArgument, 3);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, data, seL4_DataBreakpoint, 16, 1),
                   seL4_InvalidArgument, 3);
    EXPECT_ERR(seL4_TCB_SetBreakpoint(t, 9, data + 2, seL4_DataBreakpoint, 4, 1),
               seL4_AlignmentError);
    EXPECT_ERR_MRS(seL4_TCB_SetBreakpoint(t, 9, data, seL4_DataBreakpoint, 4, 1), seL4_RangeError,
                   0, 3);
    /* The last user address is allowed; USER_TOP itself is not. */
    EXPECT_OK(seL4_TCB_SetBreakpoint(t, 0, 0x7ffffffffffe, seL4_InstructionBreakpoint, 0,
                                     seL4_BreakOnRead));
    /* 8 bytes only on the CPU models seL4 lists (not QEMU's Nehalem or qemu64). */
    mr_poison();
    seL4_Error err = seL4_TCB_SetBreakpoint(t, 1, data, seL4_DataBreakpoint, 8, seL4_BreakOnWrite);
    if (err != seL4_NoError) {
        EXPECT_EQ(err, seL4_InvalidArgument);
        EXPECT_EQ(seL4_GetMR(0), 3);
    }

    /* What Get reports: sizes 1, 2, 4; BreakOnRead watchpoints watch reads and writes. */
    static const seL4_Word sizes[] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        EXPECT_OK(seL4_TCB_SetBreakpoint(t, 1, data, seL4_DataBreakpoint, sizes[i],
                                         seL4_BreakOnRead));
        seL4_TCB_GetBreakpoint_t b = seL4_TCB_GetBreakpoint(t, 1);
        EXPECT_EQ(b.size, sizes[i]);
        EXPECT_EQ(b.type, seL4_DataBreakpoint);
        EXPECT_EQ(b.rw, seL4_BreakOnReadWrite);
        EXPECT_EQ(b.vaddr, data);
    }
    /* Unset clears the register's settings too. */
    EXPECT_OK(seL4_TCB_UnsetBreakpoint(t, 1));
    info = tcb_raw(t, TCBGetBreakpoint, 1, (seL4_Word[]){1});
    EXPECT_REPLY(info, seL4_NoError, 5, 0, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead, 0);

    /* ConfigureSingleStepping takes any register number; its reply is one word. */
    info = tcb_raw(t, TCBConfigureSingleStepping, 2, (seL4_Word[]){77, 5});
    EXPECT_REPLY(info, seL4_NoError, 1, false);
    info = tcb_raw(t, TCBConfigureSingleStepping, 2, (seL4_Word[]){77, 0});
    EXPECT_REPLY(info, seL4_NoError, 1, false);
    info = tcb_raw(t, TCBGetBreakpoint, 1, (seL4_Word[]){2});
    EXPECT_REPLY(info, seL4_NoError, 5, code, seL4_InstructionBreakpoint, 0, seL4_BreakOnRead, 1);
    return NULL;
}

/*
 * HWDEBUG0006: int3 in a thread with no fault endpoint.  seL4's print_fault
 * has no case for a DebugException, so the report says "unknown fault"
 * (tests/debug_api.sh checks the lines after the marker); the thread stops.
 */
THREAD_TEST(HWDEBUG0006)
{
    helper_t t;
    TRY(helper_create(&t, FH_WAIT_PRIO));
    seL4_DebugNameThread(t.tcb, "hwdebug-victim");
    printf("HWDEBUG0006: no handler for the int3 at %p\n", (void *)hw_int3_insn);
    seL4_UserContext ctx;
    fh_regs_init(&ctx, hw_int3_insn, 0, t.tls_base);
    TRY(fh_start_regs(t.tcb, &ctx));
    TRY(fh_root_wait_prio());
    for (int i = 0; i < 10; i++) {
        seL4_Yield();
    }
    seL4_UserContext after;
    EXPECT_OK(seL4_TCB_ReadRegisters(t.tcb, false, 0, 1, &after));
    EXPECT_EQ(after.rip, (seL4_Word)hw_int3_end);
    return NULL;
}

#endif /* CONFIG_HARDWARE_DEBUG_API */

/*
 * seL4's hardware debug API (CONFIG_HARDWARE_DEBUG_API): the TCB invocations
 * SetBreakpoint, GetBreakpoint, UnsetBreakpoint and ConfigureSingleStepping
 * (seL4's decodeSetBreakpoint ... in src/object/tcb.c), and the DebugException
 * fault's message and reply (src/api/faults.c).  The registers themselves
 * are the architecture's (arch_*_breakpoint, kernel/arch/<arch>/debug.c).
 *
 * Arguments come as seL4's stubs marshal them: bp_num (16 bits), then
 * vaddr, type, size, rw (SetBreakpoint) or num_instructions
 * (ConfigureSingleStepping).  seL4 checks no message length here.
 */
#include <sel4/config.h>

#ifdef CONFIG_HARDWARE_DEBUG_API

#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>

#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/printf.h"
#include "../include/thread.h"

/*
 * seL4 also refuses an instruction breakpoint in a watchpoint-only register
 * and a watchpoint in a breakpoint-only one; with only dual-function
 * registers (pc99) those checks never fire, so they are left out.
 */
compile_assert(only_dual_function_registers,
               seL4_FirstBreakpoint == -1 && seL4_FirstWatchpoint == -1);

/* A single-step fault reply shorter than this steps one instruction. */
#define DEBUG_REPLY_N_EXPECTED_REGISTERS 1

static tcb_t *cap_tcb(cap_t c)
{
    return (tcb_t *)cap_ptr48(c);
}

/* Argument i of the current invocation. */
static word_t arg(word_t i, const word_t *buffer)
{
    return get_syscall_arg(ks_cur_thread, i, buffer);
}

/* SetBreakpoint's generic checks, in seL4's order (decodeSetBreakpoint). */
static exception_t check_breakpoint(word_t vaddr, word_t type, word_t size, word_t rw)
{
    if (vaddr >= USER_TOP) {
        userError("Debug: Invalid address %lx: bp addresses must be userspace addresses.", vaddr);
        return syscall_invalid_argument(1);
    }
    if (type != seL4_InstructionBreakpoint && type != seL4_DataBreakpoint) {
        userError("Debug: Unknown breakpoint type %lx.", type);
        return syscall_invalid_argument(2);
    }
    if (type == seL4_InstructionBreakpoint && size != 0) {
        userError("Debug: Instruction bps must have size of 0.");
        return syscall_invalid_argument(3);
    }
    if (type == seL4_InstructionBreakpoint && rw != seL4_BreakOnRead) {
        userError("Debug: Instruction bps must be break-on-read.");
        return syscall_invalid_argument(4);
    }
    if (type == seL4_DataBreakpoint && size == 0) {
        userError("Debug: Data bps cannot have size of 0.");
        return syscall_invalid_argument(3);
    }
    if (rw != seL4_BreakOnRead && rw != seL4_BreakOnWrite && rw != seL4_BreakOnReadWrite) {
        userError("Debug: Unknown access-type %lu.", rw);
        return syscall_invalid_argument(3);
    }
    if (size != 0 && size != 1 && size != 2 && size != 4 && size != 8) {
        userError("Debug: Invalid size %lu.", size);
        return syscall_invalid_argument(3);
    }
    if (size > 0 && (vaddr & (size - 1))) {
        userError("Debug: Unaligned data watchpoint address %lx (size %lx) rejected.\n", vaddr,
                  size);
        return syscall_error(seL4_AlignmentError);
    }
    return EXCEPTION_NONE;
}

/* SetBreakpoint(bp_num, vaddr, type, size, rw): program and enable one register. */
static exception_t decode_set_breakpoint(cap_t cap, word_t *buffer)
{
    uint16_t bp_num = (uint16_t)arg(0, buffer);
    word_t vaddr = arg(1, buffer), type = arg(2, buffer), size = arg(3, buffer);
    word_t rw = arg(4, buffer);
    exception_t e = check_breakpoint(vaddr, type, size, rw);
    if (e == EXCEPTION_NONE) {
        e = arch_decode_set_breakpoint(bp_num, size);
    }
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    arch_set_breakpoint(cap_tcb(cap), bp_num, vaddr, type, size, rw);
    arch_set_breakpoint_used(cap_tcb(cap), bp_num, true);
    return EXCEPTION_NONE;
}

/* GetBreakpoint(bp_num): reply MR0 vaddr, MR1 type, MR2 size, MR3 rw, MR4 is_enabled. */
static exception_t decode_get_breakpoint(cap_t cap, bool call, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread;
    uint16_t bp_num = (uint16_t)arg(0, buffer);
    exception_t e = arch_decode_breakpoint_num(bp_num);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(cur, ThreadState_Restart);
    arch_breakpoint_t b = arch_get_breakpoint(cap_tcb(cap), bp_num);
    if (call) {
        word_t *ipc = arch_lookup_ipc_buffer(cur, true);
        set_mr(cur, ipc, 0, b.vaddr);
        set_mr(cur, ipc, 1, b.type);
        set_mr(cur, ipc, 2, b.size);
        set_mr(cur, ipc, 3, b.rw);
        set_mr(cur, ipc, 4, b.enabled);
        tcb_set_reg(cur, REG_BADGE, 0);
        tcb_set_reg(cur, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, 5).words[0]);
    }
    set_thread_state(cur, ThreadState_Running);
    return EXCEPTION_NONE;
}

/* UnsetBreakpoint(bp_num): disable one register and clear its settings. */
static exception_t decode_unset_breakpoint(cap_t cap, word_t *buffer)
{
    uint16_t bp_num = (uint16_t)arg(0, buffer);
    exception_t e = arch_decode_breakpoint_num(bp_num);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    arch_unset_breakpoint(cap_tcb(cap), bp_num);
    arch_set_breakpoint_used(cap_tcb(cap), bp_num, false);
    return EXCEPTION_NONE;
}

/*
 * ConfigureSingleStepping(bp_num, num_instructions): fault after every
 * num_instructions instructions, or stop stepping with 0.  The reply's MR0
 * is bp_was_consumed (always false with 0 instructions).
 */
static exception_t decode_configure_single_stepping(cap_t cap, bool call, word_t *buffer)
{
    tcb_t *cur = ks_cur_thread, *t = cap_tcb(cap);
    uint16_t bp_num = (uint16_t)arg(0, buffer);
    word_t n = arg(1, buffer);
    exception_t e = arch_decode_configure_single_stepping(t, bp_num, n, false);
    if (e != EXCEPTION_NONE) {
        return e;
    }
    set_thread_state(cur, ThreadState_Restart);
    bool consumed = arch_configure_single_stepping(t, bp_num, n, false);
    arch_set_breakpoint_used(t, bp_num, n != 0);
    if (call) {
        word_t len = set_mr(cur, arch_lookup_ipc_buffer(cur, true), 0, n != 0 && consumed);
        tcb_set_reg(cur, REG_BADGE, 0);
        tcb_set_reg(cur, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, len).words[0]);
    }
    set_thread_state(cur, ThreadState_Running);
    return EXCEPTION_NONE;
}

/* The four debug labels of a TCB cap (the caller handles every other label). */
exception_t decode_tcb_debug_invocation(word_t label, cap_t cap, bool is_call, word_t *buffer)
{
    switch (label) {
    case TCBConfigureSingleStepping:
        return decode_configure_single_stepping(cap, is_call, buffer);
    case TCBSetBreakpoint:
        return decode_set_breakpoint(cap, buffer);
    case TCBGetBreakpoint:
        return decode_get_breakpoint(cap, is_call, buffer);
    case TCBUnsetBreakpoint:
        return decode_unset_breakpoint(cap, buffer);
    default:
        userError("TCB: Illegal operation.");
        return syscall_error(seL4_IllegalOperation);
    }
}

/*
 * The DebugException message (seL4's setMRs_fault): MR0 restart PC, MR1
 * reason; breakpoints and watchpoints add MR2 trigger address and MR3
 * register number, single steps and int3 do not.  Returns the length.
 */
word_t set_mrs_debug_exception(tcb_t *sender, tcb_t *receiver, word_t *buf)
{
    const fault_t *f = &sender->fault;
    word_t reason = f->w[2];
    set_mr(receiver, buf, seL4_DebugException_FaultIP, arch_get_restart_pc(sender));
    word_t len = set_mr(receiver, buf, seL4_DebugException_ExceptionReason, reason);
    if (reason != seL4_SingleStep && reason != seL4_SoftwareBreakRequest) {
        set_mr(receiver, buf, seL4_DebugException_TriggerAddress, f->w[0]);
        len = set_mr(receiver, buf, seL4_DebugException_BreakpointNumber, f->w[1]);
    }
    return len;
}

/*
 * A reply to a DebugException restarts the thread with label 0.  After a
 * single step, MR0 is the number of instructions to the next step fault
 * (1 without MR0; 0 stops stepping).  Returns whether the thread restarts.
 */
bool handle_debug_exception_reply(tcb_t *receiver, tcb_t *sender, word_t label, word_t length)
{
    if (receiver->fault.w[2] != seL4_SingleStep) {
        return label == 0;
    }
    word_t n = 1;
    if (length >= DEBUG_REPLY_N_EXPECTED_REGISTERS) {
        n = tcb_reg(sender, msg_registers[0]);
    }
    if (arch_decode_configure_single_stepping(receiver, 0, n, true) != EXCEPTION_NONE) {
        return false;
    }
    arch_configure_single_stepping(receiver, 0, n, true);
    return label == 0;
}

#endif /* CONFIG_HARDWARE_DEBUG_API */

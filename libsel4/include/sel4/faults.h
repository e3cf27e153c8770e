/*
 * Decoding fault messages on the handler's side.
 *
 * A fault arrives as an IPC whose label is a seL4_Fault_tag and whose
 * message registers hold the values listed in constants.h.  seL4_getFault()
 * reads them (MR0..3 must already be in the IPC buffer, as seL4_Recv leaves
 * them) into a seL4_Fault_t, read back with accessors named as in seL4:
 *     seL4_Fault_get_seL4_FaultType(f)
 *     seL4_Fault_<Type>_get_<Field>(f)      seL4_Fault_<Type>_set_<Field>(f, v)
 *     seL4_Fault_<Type>_ptr_get_<Field>(&f) seL4_Fault_<Type>_ptr_set_<Field>(&f, v)
 *     seL4_Fault_<Type>_new(fields...)
 *
 * Layout (ours; only the accessors are API): words[0] holds the type,
 * words[1 + i] the i-th field of the type, in message-register order.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/functions.h>

typedef struct seL4_Fault {
    seL4_Uint64 words[20];
} seL4_Fault_t;

/* The fault type (a seL4_Fault_tag). */
LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_get_seL4_FaultType(seL4_Fault_t fault)
{
    return fault.words[0];
}

/* The same, through a pointer. */
LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_ptr_get_seL4_FaultType(const seL4_Fault_t *fault)
{
    return fault->words[0];
}

/* An all-zero fault of the given type. */
LIBSEL4_INLINE_FUNC seL4_Fault_t libsel4_fault_empty(seL4_Uint64 type)
{
    seL4_Fault_t fault = {{0}};

    fault.words[0] = type;
    return fault;
}

/* Accessors for field number `index` of fault type `type`. */
#define SEL4_FAULT_FIELD_(type, field, index)                                              \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_##type##_get_##field(seL4_Fault_t fault)    \
    {                                                                                      \
        return fault.words[1 + (index)];                                                   \
    }                                                                                      \
    LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_##type##_set_##field(seL4_Fault_t fault,   \
                                                                     seL4_Uint64 value)    \
    {                                                                                      \
        fault.words[1 + (index)] = value;                                                  \
        return fault;                                                                      \
    }                                                                                      \
    LIBSEL4_INLINE_FUNC seL4_Uint64 seL4_Fault_##type##_ptr_get_##field(                   \
        const seL4_Fault_t *fault)                                                         \
    {                                                                                      \
        return fault->words[1 + (index)];                                                  \
    }                                                                                      \
    LIBSEL4_INLINE_FUNC void seL4_Fault_##type##_ptr_set_##field(seL4_Fault_t *fault,      \
                                                                 seL4_Uint64 value)        \
    {                                                                                      \
        fault->words[1 + (index)] = value;                                                 \
    }

/* ---- NullFault: an ordinary message ------------------------------------- */

/* A NullFault (no fault). */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_NullFault_new(void)
{
    return libsel4_fault_empty(seL4_Fault_NullFault);
}

/* ---- CapFault: a capability lookup failed ------------------------------- */

SEL4_FAULT_FIELD_(CapFault, IP, seL4_CapFault_IP)
SEL4_FAULT_FIELD_(CapFault, Addr, seL4_CapFault_Addr)
SEL4_FAULT_FIELD_(CapFault, InRecvPhase, seL4_CapFault_InRecvPhase)
SEL4_FAULT_FIELD_(CapFault, LookupFailureType, seL4_CapFault_LookupFailureType)
/* MR4..MR6 depend on LookupFailureType (seL4_CapFault_BitsLeft, ...). */
SEL4_FAULT_FIELD_(CapFault, MR4, seL4_CapFault_BitsLeft)
SEL4_FAULT_FIELD_(CapFault, MR5, seL4_CapFault_DepthMismatch_BitsFound)
SEL4_FAULT_FIELD_(CapFault, MR6, seL4_CapFault_GuardMismatch_BitsFound)

/* A CapFault from its seven message words. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_CapFault_new(seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 InRecvPhase,
                                                         seL4_Uint64 LookupFailureType, seL4_Uint64 MR4,
                                                         seL4_Uint64 MR5, seL4_Uint64 MR6)
{
    seL4_Fault_t fault = libsel4_fault_empty(seL4_Fault_CapFault);

    fault = seL4_Fault_CapFault_set_IP(fault, IP);
    fault = seL4_Fault_CapFault_set_Addr(fault, Addr);
    fault = seL4_Fault_CapFault_set_InRecvPhase(fault, InRecvPhase);
    fault = seL4_Fault_CapFault_set_LookupFailureType(fault, LookupFailureType);
    fault = seL4_Fault_CapFault_set_MR4(fault, MR4);
    fault = seL4_Fault_CapFault_set_MR5(fault, MR5);
    return seL4_Fault_CapFault_set_MR6(fault, MR6);
}

/* ---- UnknownSyscall: a syscall number the kernel does not know ---------- */

SEL4_FAULT_FIELD_(UnknownSyscall, RAX, seL4_UnknownSyscall_RAX)
SEL4_FAULT_FIELD_(UnknownSyscall, RBX, seL4_UnknownSyscall_RBX)
SEL4_FAULT_FIELD_(UnknownSyscall, RCX, seL4_UnknownSyscall_RCX)
SEL4_FAULT_FIELD_(UnknownSyscall, RDX, seL4_UnknownSyscall_RDX)
SEL4_FAULT_FIELD_(UnknownSyscall, RSI, seL4_UnknownSyscall_RSI)
SEL4_FAULT_FIELD_(UnknownSyscall, RDI, seL4_UnknownSyscall_RDI)
SEL4_FAULT_FIELD_(UnknownSyscall, RBP, seL4_UnknownSyscall_RBP)
SEL4_FAULT_FIELD_(UnknownSyscall, R8, seL4_UnknownSyscall_R8)
SEL4_FAULT_FIELD_(UnknownSyscall, R9, seL4_UnknownSyscall_R9)
SEL4_FAULT_FIELD_(UnknownSyscall, R10, seL4_UnknownSyscall_R10)
SEL4_FAULT_FIELD_(UnknownSyscall, R11, seL4_UnknownSyscall_R11)
SEL4_FAULT_FIELD_(UnknownSyscall, R12, seL4_UnknownSyscall_R12)
SEL4_FAULT_FIELD_(UnknownSyscall, R13, seL4_UnknownSyscall_R13)
SEL4_FAULT_FIELD_(UnknownSyscall, R14, seL4_UnknownSyscall_R14)
SEL4_FAULT_FIELD_(UnknownSyscall, R15, seL4_UnknownSyscall_R15)
SEL4_FAULT_FIELD_(UnknownSyscall, FaultIP, seL4_UnknownSyscall_FaultIP)
SEL4_FAULT_FIELD_(UnknownSyscall, RSP, seL4_UnknownSyscall_SP)
SEL4_FAULT_FIELD_(UnknownSyscall, FLAGS, seL4_UnknownSyscall_FLAGS)
SEL4_FAULT_FIELD_(UnknownSyscall, Syscall, seL4_UnknownSyscall_Syscall)

/* An UnknownSyscall fault from the faulting thread's registers. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UnknownSyscall_new(
    seL4_Uint64 RAX, seL4_Uint64 RBX, seL4_Uint64 RCX, seL4_Uint64 RDX, seL4_Uint64 RSI, seL4_Uint64 RDI,
    seL4_Uint64 RBP, seL4_Uint64 R8, seL4_Uint64 R9, seL4_Uint64 R10, seL4_Uint64 R11, seL4_Uint64 R12,
    seL4_Uint64 R13, seL4_Uint64 R14, seL4_Uint64 R15, seL4_Uint64 FaultIP, seL4_Uint64 RSP,
    seL4_Uint64 FLAGS, seL4_Uint64 Syscall)
{
    seL4_Uint64 values[seL4_UnknownSyscall_Length] = {
        RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15, FaultIP, RSP, FLAGS, Syscall,
    };
    seL4_Fault_t fault = libsel4_fault_empty(seL4_Fault_UnknownSyscall);

    for (int i = 0; i < seL4_UnknownSyscall_Length; i++) {
        fault.words[1 + i] = values[i];
    }
    return fault;
}

/* ---- UserException: a CPU exception (#GP, #UD, ...) --------------------- */

SEL4_FAULT_FIELD_(UserException, FaultIP, seL4_UserException_FaultIP)
SEL4_FAULT_FIELD_(UserException, Stack, seL4_UserException_SP)
SEL4_FAULT_FIELD_(UserException, FLAGS, seL4_UserException_FLAGS)
SEL4_FAULT_FIELD_(UserException, Number, seL4_UserException_Number)
SEL4_FAULT_FIELD_(UserException, Code, seL4_UserException_Code)

/* A UserException fault from its five message words. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UserException_new(seL4_Uint64 FaultIP, seL4_Uint64 Stack,
                                                              seL4_Uint64 FLAGS, seL4_Uint64 Number,
                                                              seL4_Uint64 Code)
{
    seL4_Fault_t fault = libsel4_fault_empty(seL4_Fault_UserException);

    fault = seL4_Fault_UserException_set_FaultIP(fault, FaultIP);
    fault = seL4_Fault_UserException_set_Stack(fault, Stack);
    fault = seL4_Fault_UserException_set_FLAGS(fault, FLAGS);
    fault = seL4_Fault_UserException_set_Number(fault, Number);
    return seL4_Fault_UserException_set_Code(fault, Code);
}

/* ---- VMFault: a page fault ---------------------------------------------- */

SEL4_FAULT_FIELD_(VMFault, IP, seL4_VMFault_IP)
SEL4_FAULT_FIELD_(VMFault, Addr, seL4_VMFault_Addr)
SEL4_FAULT_FIELD_(VMFault, PrefetchFault, seL4_VMFault_PrefetchFault)
SEL4_FAULT_FIELD_(VMFault, FSR, seL4_VMFault_FSR)

/* A VMFault from its four message words. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_VMFault_new(seL4_Uint64 IP, seL4_Uint64 Addr, seL4_Uint64 PrefetchFault,
                                                        seL4_Uint64 FSR)
{
    seL4_Fault_t fault = libsel4_fault_empty(seL4_Fault_VMFault);

    fault = seL4_Fault_VMFault_set_IP(fault, IP);
    fault = seL4_Fault_VMFault_set_Addr(fault, Addr);
    fault = seL4_Fault_VMFault_set_PrefetchFault(fault, PrefetchFault);
    return seL4_Fault_VMFault_set_FSR(fault, FSR);
}

/* ---- DebugException: breakpoint, watchpoint, single step ---------------- */

#ifdef CONFIG_HARDWARE_DEBUG_API
SEL4_FAULT_FIELD_(DebugException, FaultIP, seL4_DebugException_FaultIP)
SEL4_FAULT_FIELD_(DebugException, ExceptionReason, seL4_DebugException_ExceptionReason)
SEL4_FAULT_FIELD_(DebugException, TriggerAddress, seL4_DebugException_TriggerAddress)
SEL4_FAULT_FIELD_(DebugException, BreakpointNumber, seL4_DebugException_BreakpointNumber)

/* A DebugException fault from its four message words. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_DebugException_new(seL4_Uint64 FaultIP, seL4_Uint64 ExceptionReason,
                                                               seL4_Uint64 TriggerAddress,
                                                               seL4_Uint64 BreakpointNumber)
{
    seL4_Fault_t fault = libsel4_fault_empty(seL4_Fault_DebugException);

    fault = seL4_Fault_DebugException_set_FaultIP(fault, FaultIP);
    fault = seL4_Fault_DebugException_set_ExceptionReason(fault, ExceptionReason);
    fault = seL4_Fault_DebugException_set_TriggerAddress(fault, TriggerAddress);
    return seL4_Fault_DebugException_set_BreakpointNumber(fault, BreakpointNumber);
}
#endif /* CONFIG_HARDWARE_DEBUG_API */

#undef SEL4_FAULT_FIELD_

/* ---- Decoding a received message ------------------------------------------ */

/* Read the x86 fault kinds (UnknownSyscall, UserException, VMFault) out of
 * the message registers; anything else gives a NullFault. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getArchFault(seL4_MessageInfo_t tag)
{
    seL4_Fault_t fault;
    int length;

    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_UnknownSyscall:
        fault = libsel4_fault_empty(seL4_Fault_UnknownSyscall);
        length = seL4_UnknownSyscall_Length;
        break;
    case seL4_Fault_UserException:
        fault = libsel4_fault_empty(seL4_Fault_UserException);
        length = seL4_UserException_Length;
        break;
    case seL4_Fault_VMFault:
        fault = libsel4_fault_empty(seL4_Fault_VMFault);
        length = seL4_VMFault_Length;
        break;
    default:
        return seL4_Fault_NullFault_new();
    }
    for (int i = 0; i < length; i++) {
        fault.words[1 + i] = seL4_GetMR(i);
    }
    return fault;
}

/* Read the fault described by a received message's tag and MRs.  A CapFault
 * always reads all seven MRs, whatever the lookup failure type. */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag)
{
    seL4_Fault_t fault;
    int length;

    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_CapFault:
        fault = libsel4_fault_empty(seL4_Fault_CapFault);
        length = seL4_CapFault_GuardMismatch_BitsFound + 1;
        break;
#ifdef CONFIG_HARDWARE_DEBUG_API
    case seL4_Fault_DebugException:
        fault = libsel4_fault_empty(seL4_Fault_DebugException);
        length = seL4_DebugException_Length;
        break;
#endif
    default:
        return seL4_getArchFault(tag);
    }
    for (int i = 0; i < length; i++) {
        fault.words[1 + i] = seL4_GetMR(i);
    }
    return fault;
}

/* seL4_is<Type>_tag(tag): does the received message's label say <Type>? */
LIBSEL4_INLINE_FUNC seL4_Bool seL4_isNullFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_NullFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isCapFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_CapFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUnknownSyscall_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UnknownSyscall;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUserException_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UserException;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isVMFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_VMFault;
}

#ifdef CONFIG_HARDWARE_DEBUG_API
LIBSEL4_INLINE_FUNC seL4_Bool seL4_isDebugException_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_DebugException;
}
#endif

/*
 * ABI constants of seL4 on x86-64: object sizes, message limits, lookup
 * failure types and the message-register layout of every fault message.
 * The #defines are also usable from assembly (__ASSEMBLER__).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>

/* ---- Words and object sizes (log2 of bytes) ---------------------------- */
#define seL4_WordBits 64
#define seL4_WordSizeBits 3
#define seL4_SlotBits 5 /* a CNode slot is 32 bytes */
#define seL4_TCBBits 11 /* FXSAVE area: CONFIG_XSAVE_SIZE < 832 */
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5
#define seL4_IPCBufferSizeBits 10

/*
 * x86-64 paging: four levels of 512 eight-byte entries.
 *
 *   63     48 47    39 38    30 29    21 20    12 11        0
 *  +---------+--------+--------+--------+--------+-----------+
 *  | sign ext|  PML4  |  PDPT  |   PD   |   PT   |  offset   |
 *  +---------+--------+--------+--------+--------+-----------+
 */
#define seL4_PageBits 12
#define seL4_LargePageBits 21 /* 2 MiB, mapped by a page directory */
#define seL4_HugePageBits 30  /* 1 GiB, mapped by a PDPT */

#define seL4_PageTableBits 12
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageDirBits 12
#define seL4_PageDirEntryBits 3
#define seL4_PageDirIndexBits 9
#define seL4_PDPTBits 12
#define seL4_PDPTEntryBits 3
#define seL4_PDPTIndexBits 9
#define seL4_PML4Bits 12
#define seL4_PML4EntryBits 3
#define seL4_PML4IndexBits 9
#define seL4_VSpaceBits seL4_PML4Bits

#define seL4_IOPageTableBits 12
#define seL4_IOPageTableIndexBits 9
#define seL4_IOPageTableEntryBits 3

#define seL4_VCPUBits 14
#define seL4_X86_VCPUBits seL4_VCPUBits
#define seL4_X86_EPTPML4EntryBits 3
#define seL4_X86_EPTPML4IndexBits 9
#define seL4_X86_EPTPML4Bits 12
#define seL4_X86_EPTPDPTEntryBits 3
#define seL4_X86_EPTPDPTIndexBits 9
#define seL4_X86_EPTPDPTBits 12
#define seL4_X86_EPTPDEntryBits 3
#define seL4_X86_EPTPDIndexBits 9
#define seL4_X86_EPTPDBits 12
#define seL4_X86_EPTPTEntryBits 3
#define seL4_X86_EPTPTIndexBits 9
#define seL4_X86_EPTPTBits 12

/* ASIDs: 8 pools of 512; ASID 0 is never handed out. */
#define seL4_NumASIDPoolsBits 3
#define seL4_ASIDPoolBits 12
#define seL4_ASIDPoolIndexBits 9

#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 47

/* (Deprecated) first user address that is not accessible. */
#define seL4_UserTop 0x00007ffffffff000
/* Last address accessible to user level. */
#define seL4_UserVSpaceTop (seL4_UserTop - 1)

#define seL4_UntypedRetypeMaxObjects CONFIG_RETYPE_FAN_OUT_LIMIT

#define seL4_BootInfoFrameBits seL4_PageBits
#define seL4_BootInfoFrameSize LIBSEL4_BIT(seL4_BootInfoFrameBits)

/* ---- CNode guards, badges, rights --------------------------------------- */
#define seL4_GuardSizeBits 6
#define seL4_GuardBits 58
#define seL4_BadgeBits 64
#define seL4_CapRightsBits 4
#define seL4_NilData 0

/* ---- Messages ------------------------------------------------------------ */
#define seL4_FastMessageRegisters 4 /* MR0..MR3 travel in R10, R8, R9, R15 */
#define seL4_MsgMaxExtraCaps 3      /* 2^seL4_MsgExtraCapBits - 1 */

/* ---- x86 details user code sometimes needs ------------------------------- */
#define TLS_GDT_ENTRY 7
#define TLS_GDT_SELECTOR ((TLS_GDT_ENTRY << 3) | 3)
#define IPCBUF_GDT_ENTRY 8
#define IPCBUF_GDT_SELECTOR ((IPCBUF_GDT_ENTRY << 3) | 3)

/* seL4_Fault_VMFault PrefetchFault values. */
#define seL4_DataFault 0
#define seL4_InstructionFault 1

/* IOAPIC/MSI vectors usable with seL4_IRQControl_GetIOAPIC/GetMSI. */
#define IRQ_OFFSET (0x20 + 16)
#define VECTOR_MIN (0)
#define VECTOR_MAX (109)
#define MSI_MIN VECTOR_MIN
#define MSI_MAX VECTOR_MAX

#ifdef CONFIG_HARDWARE_DEBUG_API
/* pc99: four dual-function debug registers DR0..DR3. */
#define seL4_NumHWBreakpoints (4)
#define seL4_FirstBreakpoint (-1)
#define seL4_NumExclusiveBreakpoints (0)
#define seL4_FirstWatchpoint (-1)
#define seL4_NumExclusiveWatchpoints (0)
#define seL4_FirstDualFunctionMonitor (0)
#define seL4_NumDualFunctionMonitors (4)
#endif

#ifndef __ASSEMBLER__

SEL4_SIZE_SANITY(seL4_PageTableEntryBits, seL4_PageTableIndexBits, seL4_PageTableBits)
SEL4_SIZE_SANITY(seL4_PageDirEntryBits, seL4_PageDirIndexBits, seL4_PageDirBits)
SEL4_SIZE_SANITY(seL4_PDPTEntryBits, seL4_PDPTIndexBits, seL4_PDPTBits)
SEL4_SIZE_SANITY(seL4_PML4EntryBits, seL4_PML4IndexBits, seL4_PML4Bits)
SEL4_SIZE_SANITY(seL4_WordSizeBits, seL4_ASIDPoolIndexBits, seL4_ASIDPoolBits)
SEL4_SIZE_SANITY(seL4_IOPageTableEntryBits, seL4_IOPageTableIndexBits, seL4_IOPageTableBits)

enum priorityConstants {
    seL4_InvalidPrio = -1,
    seL4_MinPrio = 0,
    seL4_MaxPrio = CONFIG_NUM_PRIORITIES - 1
};

/* Message-info field widths (see seL4_MessageInfo_t). */
enum seL4_MsgLimits {
    seL4_MsgLengthBits = 7,
    seL4_MsgExtraCapBits = 2,
    seL4_MsgMaxLength = 120
};

/* How a capability lookup failed: MR[o] of a CapFault or FailedLookup. */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch,
    SEL4_FORCE_LONG_ENUM(seL4_LookupFailureType),
} seL4_LookupFailureType;

/* Flags of seL4_TCB_SetFlags. */
typedef enum {
    seL4_TCBFlag_NoFlag = 0x0,
    seL4_TCBFlag_fpuDisabled = 0x1,
    SEL4_FORCE_LONG_ENUM(seL4_TCBFlag),
    seL4_TCBFlag_MASK = seL4_TCBFlag_fpuDisabled /* CONFIG_HAVE_FPU */
} seL4_TCBFlag;

/*
 * Fault messages: the MR index of each value.  A fault arrives as a Call
 * whose label is the seL4_Fault_tag (seL4_Fault_CapFault, ...).
 */

/* CapFault (label 1): 4 to 7 words depending on the lookup failure. */
typedef enum {
    seL4_CapFault_IP,
    seL4_CapFault_Addr,
    seL4_CapFault_InRecvPhase,
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound,
    SEL4_FORCE_LONG_ENUM(seL4_CapFault_Msg),
} seL4_CapFault_Msg;

/* UnknownSyscall (label 2): the caller's registers, 19 words. */
typedef enum {
    seL4_UnknownSyscall_RAX,
    seL4_UnknownSyscall_RBX,
    seL4_UnknownSyscall_RCX,
    seL4_UnknownSyscall_RDX,
    seL4_UnknownSyscall_RSI,
    seL4_UnknownSyscall_RDI,
    seL4_UnknownSyscall_RBP,
    seL4_UnknownSyscall_R8,
    seL4_UnknownSyscall_R9,
    seL4_UnknownSyscall_R10,
    seL4_UnknownSyscall_R11,
    seL4_UnknownSyscall_R12,
    seL4_UnknownSyscall_R13,
    seL4_UnknownSyscall_R14,
    seL4_UnknownSyscall_R15,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_FLAGS,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg)
} seL4_UnknownSyscall_Msg;

/* UserException (label 3): 5 words. */
typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_FLAGS,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg)
} seL4_UserException_Msg;

/* VMFault (label 5): 4 words. */
typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg),
} seL4_VMFault_Msg;

#ifdef CONFIG_HARDWARE_DEBUG_API
/* "type" argument of the breakpoint invocations. */
typedef enum {
    seL4_DataBreakpoint = 0,
    seL4_InstructionBreakpoint,
    seL4_SingleStep,
    seL4_SoftwareBreakRequest,
    SEL4_FORCE_LONG_ENUM(seL4_BreakpointType)
} seL4_BreakpointType;

/* "access" argument of the breakpoint invocations. */
typedef enum {
    seL4_BreakOnRead = 0,
    seL4_BreakOnWrite,
    seL4_BreakOnReadWrite,
    seL4_MaxBreakpointAccess,
    SEL4_FORCE_LONG_ENUM(seL4_BreakpointAccess)
} seL4_BreakpointAccess;

/* DebugException (label 4): 4 words, 2 for single step and int3. */
typedef enum {
    seL4_DebugException_FaultIP,
    seL4_DebugException_ExceptionReason,
    seL4_DebugException_TriggerAddress,
    seL4_DebugException_BreakpointNumber,
    seL4_DebugException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_DebugException_Msg)
} seL4_DebugException_Msg;
#endif /* CONFIG_HARDWARE_DEBUG_API */

#endif /* !__ASSEMBLER__ */

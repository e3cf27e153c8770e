/*
 * System call numbers (master, non-MCS), as passed in RDX.
 *
 * SEL4_SYSCALL_LIST(X) calls X(name, number, "short name") for every
 * syscall seL4 defines, in seL4's order.  seL4 numbers -1, -2, ... in that
 * order counting every entry, enabled or not, so the list holds them all;
 * whether the kernel accepts a debug/benchmark one is the kernel's choice
 * (e.g. seL4_SysDebugPutChar only with CONFIG_PRINTING).
 *
 * Only the API block seL4_SysCall..seL4_SysNBRecv (SYSCALL_MAX..SYSCALL_MIN)
 * goes through the normal syscall path; every other number takes the
 * unknown-syscall path (debug syscalls, else an UnknownSyscall fault).
 */
#pragma once

#define SEL4_SYSCALL_LIST(X)                                                   \
    /* API syscalls */                                                         \
    X(seL4_SysCall, -1, "Call")                                                \
    X(seL4_SysReplyRecv, -2, "ReplyRecv")                                      \
    X(seL4_SysSend, -3, "Send")                                                \
    X(seL4_SysNBSend, -4, "NBSend")                                            \
    X(seL4_SysRecv, -5, "Recv")                                                \
    X(seL4_SysReply, -6, "Reply")                                              \
    X(seL4_SysYield, -7, "Yield")                                              \
    X(seL4_SysNBRecv, -8, "NBRecv")                                            \
    /* CONFIG_PRINTING */                                                      \
    X(seL4_SysDebugPutChar, -9, "DebugPutChar")                                \
    X(seL4_SysDebugDumpScheduler, -10, "DebugDumpScheduler")                   \
    /* CONFIG_DEBUG_BUILD */                                                   \
    X(seL4_SysDebugHalt, -11, "DebugHalt")                                     \
    X(seL4_SysDebugCapIdentify, -12, "DebugCapIdentify")                       \
    X(seL4_SysDebugSnapshot, -13, "DebugSnapshot")                             \
    X(seL4_SysDebugNameThread, -14, "DebugNameThread")                         \
    /* CONFIG_DEBUG_BUILD && CONFIG_ENABLE_SMP_SUPPORT */                      \
    X(seL4_SysDebugSendIPI, -15, "DebugSendIPI")                               \
    X(seL4_SysDebugGetThreadAffinity, -16, "DebugGetThreadAffinity")           \
    /* CONFIG_DANGEROUS_CODE_INJECTION */                                      \
    X(seL4_SysDebugRun, -17, "DebugRun")                                       \
    /* CONFIG_ENABLE_BENCHMARKS */                                             \
    X(seL4_SysBenchmarkFlushCaches, -18, "BenchmarkFlushCaches")               \
    X(seL4_SysBenchmarkResetLog, -19, "BenchmarkResetLog")                     \
    X(seL4_SysBenchmarkFinalizeLog, -20, "BenchmarkFinalizeLog")               \
    X(seL4_SysBenchmarkSetLogBuffer, -21, "BenchmarkSetLogBuffer")             \
    X(seL4_SysBenchmarkNullSyscall, -22, "BenchmarkNullSyscall")               \
    /* CONFIG_BENCHMARK_TRACK_UTILISATION */                                   \
    X(seL4_SysBenchmarkGetThreadUtilisation, -23, "BenchmarkGetThreadUtilisation") \
    X(seL4_SysBenchmarkResetThreadUtilisation, -24, "BenchmarkResetThreadUtilisation") \
    /* CONFIG_DEBUG_BUILD && CONFIG_BENCHMARK_TRACK_UTILISATION */             \
    X(seL4_SysBenchmarkDumpAllThreadsUtilisation, -25, "BenchmarkDumpAllThreadsUtilisation") \
    X(seL4_SysBenchmarkResetAllThreadsUtilisation, -26, "BenchmarkResetAllThreadsUtilisation") \
    /* CONFIG_KERNEL_X86_DANGEROUS_MSR */                                      \
    X(seL4_SysX86DangerousWRMSR, -27, "X86DangerousWRMSR")                     \
    X(seL4_SysX86DangerousRDMSR, -28, "X86DangerousRDMSR")                     \
    /* CONFIG_VTX */                                                           \
    X(seL4_SysVMEnter, -29, "VMEnter")                                         \
    /* CONFIG_SET_TLS_BASE_SELF */                                             \
    X(seL4_SysSetTLSBase, -30, "SetTLSBase")

#ifndef __ASSEMBLER__

#define SEL4_SYSCALL_ENUMERATOR_(name, number, text) name = number,

typedef enum syscall {
    SEL4_SYSCALL_LIST(SEL4_SYSCALL_ENUMERATOR_)
} seL4_Syscall_ID;

#undef SEL4_SYSCALL_ENUMERATOR_

#endif /* !__ASSEMBLER__ */

/* The API range checked by the kernel's syscall entry. */
#define SYSCALL_MAX (-1) /* seL4_SysCall */
#define SYSCALL_MIN (-8) /* seL4_SysNBRecv */
/* Number of entries in SEL4_SYSCALL_LIST; a name table indexed by
 * -number needs SEL4_SYSCALL_COUNT + 1 entries. */
#define SEL4_SYSCALL_COUNT 30

/*
 * Invocation labels: the label of the message that invokes a kernel object.
 *
 * Three X-macro lists, each calling X(name) once per label in seL4's order
 * (the order of seL4's interface XML files):
 *   SEL4_INVOCATION_LIST          generic labels, from InvalidInvocation = 0
 *   SEL4_SEL4ARCH_INVOCATION_LIST x86_64 labels, from nInvocationLabels
 *   SEL4_ARCH_INVOCATION_LIST     x86 labels, from nSeL4ArchInvocationLabels
 * Together they number 0 .. nArchInvocationLabels - 1 without gaps, so
 * SEL4_ALL_INVOCATION_LIST(X) can fill a name table indexed by label.
 *
 * Some labels exist only in some configurations, and every later label
 * shifts with them (exactly as in seL4).  Such entries are wrapped in
 *     SEL4_IF(CONFIG_X, X(a) X(b))       kept when CONFIG_X is set
 *     SEL4_IF_NOT(CONFIG_X, X(a))        kept when CONFIG_X is not set
 * which keep or drop their arguments at preprocessing time.
 */
#pragma once

#include <sel4/config.h>

/* SEL4_IF / SEL4_IF_NOT: see above.  config_set() yields the token 0 or 1,
 * which is pasted to pick SEL4_IF_KEEP_ or SEL4_IF_DROP_. */
#define SEL4_IF(option, ...) SEL4_IF_EVAL_(config_set(option), __VA_ARGS__)
#define SEL4_IF_NOT(option, ...) SEL4_IF_NOT_EVAL_(config_set(option), __VA_ARGS__)
#define SEL4_IF_EVAL_(value, ...) SEL4_IF_SELECT_(value, __VA_ARGS__)
#define SEL4_IF_NOT_EVAL_(value, ...) SEL4_IF_NOT_SELECT_(value, __VA_ARGS__)
#define SEL4_IF_SELECT_(value, ...) SEL4_IF_##value##_(__VA_ARGS__)
#define SEL4_IF_NOT_SELECT_(value, ...) SEL4_IF_NOT_##value##_(__VA_ARGS__)
#define SEL4_IF_1_(...) __VA_ARGS__
#define SEL4_IF_0_(...)
#define SEL4_IF_NOT_1_(...)
#define SEL4_IF_NOT_0_(...) __VA_ARGS__

/* Generic object invocations (object-api.xml). */
#define SEL4_INVOCATION_LIST(X)                                   \
    X(InvalidInvocation)                                          \
    X(UntypedRetype)                                              \
    X(TCBReadRegisters)                                           \
    X(TCBWriteRegisters)                                          \
    X(TCBCopyRegisters)                                           \
    X(TCBConfigure)                                               \
    X(TCBSetPriority)                                             \
    X(TCBSetMCPriority)                                           \
    X(TCBSetSchedParams)                                          \
    SEL4_IF(CONFIG_KERNEL_MCS, X(TCBSetTimeoutEndpoint))          \
    X(TCBSetIPCBuffer)                                            \
    X(TCBSetSpace)                                                \
    X(TCBSuspend)                                                 \
    X(TCBResume)                                                  \
    X(TCBBindNotification)                                        \
    X(TCBUnbindNotification)                                      \
    SEL4_IF_NOT(CONFIG_KERNEL_MCS,                                \
                SEL4_IF(CONFIG_ENABLE_SMP_SUPPORT, X(TCBSetAffinity))) \
    SEL4_IF(CONFIG_HARDWARE_DEBUG_API,                            \
            X(TCBSetBreakpoint)                                   \
            X(TCBGetBreakpoint)                                   \
            X(TCBUnsetBreakpoint)                                 \
            X(TCBConfigureSingleStepping))                        \
    X(TCBSetTLSBase)                                              \
    X(TCBSetFlags)                                                \
    X(CNodeRevoke)                                                \
    X(CNodeDelete)                                                \
    X(CNodeCancelBadgedSends)                                     \
    X(CNodeCopy)                                                  \
    X(CNodeMint)                                                  \
    X(CNodeMove)                                                  \
    X(CNodeMutate)                                                \
    X(CNodeRotate)                                                \
    SEL4_IF_NOT(CONFIG_KERNEL_MCS, X(CNodeSaveCaller))            \
    X(IRQIssueIRQHandler)                                         \
    X(IRQAckIRQ)                                                  \
    X(IRQSetIRQHandler)                                           \
    X(IRQClearIRQHandler)                                         \
    X(DomainSetSet)                                               \
    X(DomainScheduleConfigure)                                    \
    X(DomainScheduleSetStart)                                     \
    SEL4_IF(CONFIG_KERNEL_MCS,                                    \
            X(SchedControlConfigureFlags)                         \
            X(SchedContextBind)                                   \
            X(SchedContextUnbind)                                 \
            X(SchedContextUnbindObject)                           \
            X(SchedContextConsumed)                               \
            X(SchedContextYieldTo))

/* x86_64-only invocations (object-api-sel4-arch.xml). */
#define SEL4_SEL4ARCH_INVOCATION_LIST(X)                          \
    X(X86PDPTMap)                                                 \
    X(X86PDPTUnmap)                                               \
    SEL4_IF(CONFIG_X86_64_VTX_64BIT_GUESTS,                       \
            X(X86VCPUReadMSR)                                     \
            X(X86VCPUWriteMSR))

/* x86 invocations (object-api-arch.xml). */
#define SEL4_ARCH_INVOCATION_LIST(X)                              \
    X(X86PageDirectoryMap)                                        \
    X(X86PageDirectoryUnmap)                                      \
    SEL4_IF(CONFIG_ARCH_IA32, X(X86PageDirectoryGetStatusBits))   \
    X(X86PageTableMap)                                            \
    X(X86PageTableUnmap)                                          \
    SEL4_IF(CONFIG_IOMMU,                                         \
            X(X86IOPageTableMap)                                  \
            X(X86IOPageTableUnmap))                               \
    X(X86PageMap)                                                 \
    X(X86PageUnmap)                                               \
    SEL4_IF(CONFIG_IOMMU, X(X86PageMapIO))                        \
    X(X86PageGetAddress)                                          \
    SEL4_IF(CONFIG_VTX, X(X86PageMapEPT))                         \
    X(X86ASIDControlMakePool)                                     \
    X(X86ASIDPoolAssign)                                          \
    X(X86IOPortControlIssue)                                      \
    X(X86IOPortIn8)                                               \
    X(X86IOPortIn16)                                              \
    X(X86IOPortIn32)                                              \
    X(X86IOPortOut8)                                              \
    X(X86IOPortOut16)                                             \
    X(X86IOPortOut32)                                             \
    X(X86IRQIssueIRQHandlerIOAPIC)                                \
    X(X86IRQIssueIRQHandlerMSI)                                   \
    SEL4_IF(CONFIG_VTX,                                           \
            X(TCBSetEPTRoot)                                      \
            X(X86VCPUSetTCB)                                      \
            X(X86VCPUReadVMCS)                                    \
            X(X86VCPUWriteVMCS)                                   \
            X(X86VCPUEnableIOPort)                                \
            X(X86VCPUDisableIOPort)                               \
            X(X86VCPUWriteRegisters)                              \
            X(X86EPTPDPTMap)                                      \
            X(X86EPTPDPTUnmap)                                    \
            X(X86EPTPDMap)                                        \
            X(X86EPTPDUnmap)                                      \
            X(X86EPTPTMap)                                        \
            X(X86EPTPTUnmap))

/* Every label, in numeric order. */
#define SEL4_ALL_INVOCATION_LIST(X) \
    SEL4_INVOCATION_LIST(X)         \
    SEL4_SEL4ARCH_INVOCATION_LIST(X) \
    SEL4_ARCH_INVOCATION_LIST(X)

#ifndef __ASSEMBLER__

#define SEL4_LABEL_ENUMERATOR_(name) name,

enum invocation_label {
    SEL4_INVOCATION_LIST(SEL4_LABEL_ENUMERATOR_)
    nInvocationLabels
};

/* The first enumerator of each later enum continues the previous one;
 * the *_base_ names are placeholders with no meaning of their own. */
enum sel4_arch_invocation_label {
    sel4_arch_invocation_label_base_ = nInvocationLabels - 1,
    SEL4_SEL4ARCH_INVOCATION_LIST(SEL4_LABEL_ENUMERATOR_)
    nSeL4ArchInvocationLabels
};

enum arch_invocation_label {
    arch_invocation_label_base_ = nSeL4ArchInvocationLabels - 1,
    SEL4_ARCH_INVOCATION_LIST(SEL4_LABEL_ENUMERATOR_)
    nArchInvocationLabels
};

#undef SEL4_LABEL_ENUMERATOR_

/*
 * Pinned values (seL4 master, x86_64, no IOMMU/VT-x/SMP).  A failure here
 * means a list above no longer matches seL4's numbering.
 */
#if defined(CONFIG_IOMMU) || defined(CONFIG_VTX) || defined(CONFIG_X86_64_VTX_64BIT_GUESTS) || \
    defined(CONFIG_ENABLE_SMP_SUPPORT) || defined(CONFIG_ARCH_IA32) || defined(CONFIG_KERNEL_MCS)
/* Unsupported configurations: numbers follow the lists, nothing pinned. */
#elif !defined(CONFIG_HARDWARE_DEBUG_API)
_Static_assert(UntypedRetype == 1, "label UntypedRetype");
_Static_assert(TCBConfigure == 5, "label TCBConfigure");
_Static_assert(TCBSetIPCBuffer == 9, "label TCBSetIPCBuffer");
_Static_assert(TCBSetTLSBase == 15, "label TCBSetTLSBase");
_Static_assert(TCBSetFlags == 16, "label TCBSetFlags");
_Static_assert(CNodeCopy == 20, "label CNodeCopy");
_Static_assert(CNodeSaveCaller == 25, "label CNodeSaveCaller");
_Static_assert(IRQIssueIRQHandler == 26, "label IRQIssueIRQHandler");
_Static_assert(DomainScheduleSetStart == 32, "label DomainScheduleSetStart");
_Static_assert(nInvocationLabels == 33, "nInvocationLabels");
_Static_assert(X86PDPTMap == 33, "label X86PDPTMap");
_Static_assert(nSeL4ArchInvocationLabels == 35, "nSeL4ArchInvocationLabels");
_Static_assert(X86PageDirectoryMap == 35, "label X86PageDirectoryMap");
_Static_assert(X86PageMap == 39, "label X86PageMap");
_Static_assert(X86PageGetAddress == 41, "label X86PageGetAddress");
_Static_assert(X86ASIDPoolAssign == 43, "label X86ASIDPoolAssign");
_Static_assert(X86IRQIssueIRQHandlerMSI == 52, "label X86IRQIssueIRQHandlerMSI");
_Static_assert(nArchInvocationLabels == 53, "nArchInvocationLabels");
#else
/* The four debug-API labels sit between TCBUnbindNotification and
 * TCBSetTLSBase; everything after moves up by four. */
_Static_assert(TCBSetBreakpoint == 15, "label TCBSetBreakpoint");
_Static_assert(TCBConfigureSingleStepping == 18, "label TCBConfigureSingleStepping");
_Static_assert(TCBSetTLSBase == 19, "label TCBSetTLSBase");
_Static_assert(nInvocationLabels == 37, "nInvocationLabels");
_Static_assert(X86PageMap == 43, "label X86PageMap");
_Static_assert(nArchInvocationLabels == 57, "nArchInvocationLabels");
#endif

#endif /* !__ASSEMBLER__ */

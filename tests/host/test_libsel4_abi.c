/*
 * libsel4 ABI facts: every number here is part of seL4's x86_64 ABI
 * (docs/reference/seL4-abi.md) and must never change.
 */
#include <stddef.h>

#include <sel4/sel4.h>

#include "harness.h"

/* The IPC buffer pointer libsel4 normally gets from the user runtime. */
__attribute__((weak)) __thread seL4_IPCBuffer *__sel4_ipc_buffer;

/* Message info: label 63..12, capsUnwrapped 11..9, extraCaps 8..7, length 6..0. */
HOST_TEST(LIBSEL4_0001)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(UntypedRetype, 0, 1, 6);

    CHECK_EQ_U(info.words[0], 0x1086);
    CHECK_EQ_U(seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 22).words[0], 0x3016);
    CHECK_EQ_U(seL4_MessageInfo_new(seL4_InvalidCapability, 0, 0, 1).words[0], 0x2001);
    CHECK_EQ_U(seL4_MessageInfo_new(0, 0, 0, 1).words[0], 1);
    CHECK_EQ_U(seL4_MessageInfo_new(0, 7, 0, 0).words[0], 0xe00);
    CHECK_EQ_U(seL4_MessageInfo_new(0, 0, 3, 0).words[0], 0x180);
    CHECK_EQ_U(seL4_MessageInfo_get_label(info), 1);
    CHECK_EQ_U(seL4_MessageInfo_get_capsUnwrapped(info), 0);
    CHECK_EQ_U(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ_U(seL4_MessageInfo_get_length(info), 6);

    /* Setters touch only their field and truncate to its width. */
    info = seL4_MessageInfo_set_length(info, 0x80 | 5);
    CHECK_EQ_U(info.words[0], 0x1085);
    info = seL4_MessageInfo_set_capsUnwrapped(info, 5);
    CHECK_EQ_U(info.words[0], 0x1a85);
    seL4_MessageInfo_ptr_set_label(&info, 0xfffffffffffffull);
    CHECK_EQ_U(info.words[0], 0xfffffffffffffa85ull);
    CHECK_EQ_U(seL4_MessageInfo_ptr_get_label(&info), 0xfffffffffffffull);
}

/* Capability rights: bit3 GrantReply, bit2 Grant, bit1 Read, bit0 Write. */
HOST_TEST(LIBSEL4_0002)
{
    CHECK_EQ_U(seL4_AllRights.words[0], 0xf);
    CHECK_EQ_U(seL4_ReadWrite.words[0], 0x3);
    CHECK_EQ_U(seL4_CanRead.words[0], 0x2);
    CHECK_EQ_U(seL4_CanWrite.words[0], 0x1);
    CHECK_EQ_U(seL4_CanGrant.words[0], 0x4);
    CHECK_EQ_U(seL4_CanGrantReply.words[0], 0x8);
    CHECK_EQ_U(seL4_NoRights.words[0], 0x0);
    CHECK_EQ_U(seL4_NoWrite.words[0], 0xe);
    CHECK_EQ_U(seL4_NoRead.words[0], 0xd);
    CHECK_EQ_U(seL4_CapRights_new(1, 0, 1, 0).words[0], 0xa);
    CHECK_EQ_U(seL4_CapRights_get_capAllowGrantReply(seL4_CanGrantReply), 1);
    CHECK_EQ_U(seL4_CapRights_get_capAllowGrant(seL4_CanGrant), 1);
    CHECK_EQ_U(seL4_CapRights_get_capAllowRead(seL4_CanRead), 1);
    CHECK_EQ_U(seL4_CapRights_get_capAllowWrite(seL4_CanWrite), 1);
    CHECK_EQ_U(seL4_CapRights_get_capAllowWrite(seL4_CanRead), 0);
}

/* CNode cap data: guard 63..6, guardSize 5..0. */
HOST_TEST(LIBSEL4_0003)
{
    seL4_CNode_CapData_t data = seL4_CNode_CapData_new(0, 52);

    CHECK_EQ_U(data.words[0], 52);
    data = seL4_CNode_CapData_new(5, 3);
    CHECK_EQ_U(data.words[0], (5u << 6) | 3);
    CHECK_EQ_U(seL4_CNode_CapData_get_guard(data), 5);
    CHECK_EQ_U(seL4_CNode_CapData_get_guardSize(data), 3);
    CHECK_EQ_U(seL4_CNode_CapData_new(0, 64).words[0], 0); /* 6-bit field */
    CHECK_EQ_U(seL4_GuardBits, 58);
    CHECK_EQ_U(seL4_GuardSizeBits, 6);
    CHECK_EQ_U(seL4_BadgeBits, 64);
}

/* IPC buffer: 128 words, 1024 bytes, 1024-aligned. */
HOST_TEST(LIBSEL4_0004)
{
    CHECK_EQ_U(sizeof(seL4_IPCBuffer), 1024);
    CHECK_EQ_U(_Alignof(seL4_IPCBuffer), 1024);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, tag), 0);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, msg), 8);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, msg[119]), 960);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, userData), 968);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, caps_or_badges), 976);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, receiveCNode), 1000);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, receiveIndex), 1008);
    CHECK_EQ_U(offsetof(seL4_IPCBuffer, receiveDepth), 1016);
    CHECK_EQ_U(seL4_IPCBufferSizeBits, 10);
    CHECK_EQ_U(seL4_MsgMaxLength, 120);
    CHECK_EQ_U(seL4_MsgMaxExtraCaps, 3);
    CHECK_EQ_U(seL4_MsgLengthBits, 7);
    CHECK_EQ_U(seL4_MsgExtraCapBits, 2);
    CHECK_EQ_U(seL4_FastMessageRegisters, 4);
}

/* Bootinfo frame layout (x86_64, non-MCS, 230 untyped descriptors). */
HOST_TEST(LIBSEL4_0005)
{
    CHECK_EQ_U(sizeof(seL4_BootInfo), 3848);
    CHECK_EQ_U(sizeof(seL4_UntypedDesc), 16);
    CHECK_EQ_U(sizeof(seL4_SlotRegion), 16);
    CHECK_EQ_U(sizeof(seL4_BootInfoHeader), 16);
    CHECK_EQ_U(offsetof(seL4_BootInfo, extraLen), 0);
    CHECK_EQ_U(offsetof(seL4_BootInfo, nodeID), 8);
    CHECK_EQ_U(offsetof(seL4_BootInfo, numNodes), 16);
    CHECK_EQ_U(offsetof(seL4_BootInfo, numIOPTLevels), 24);
    CHECK_EQ_U(offsetof(seL4_BootInfo, ipcBuffer), 32);
    CHECK_EQ_U(offsetof(seL4_BootInfo, empty), 40);
    CHECK_EQ_U(offsetof(seL4_BootInfo, sharedFrames), 56);
    CHECK_EQ_U(offsetof(seL4_BootInfo, userImageFrames), 72);
    CHECK_EQ_U(offsetof(seL4_BootInfo, userImagePaging), 88);
    CHECK_EQ_U(offsetof(seL4_BootInfo, ioSpaceCaps), 104);
    CHECK_EQ_U(offsetof(seL4_BootInfo, extraBIPages), 120);
    CHECK_EQ_U(offsetof(seL4_BootInfo, initThreadCNodeSizeBits), 136);
    CHECK_EQ_U(offsetof(seL4_BootInfo, initThreadDomain), 144);
    CHECK_EQ_U(offsetof(seL4_BootInfo, untyped), 152);
    CHECK_EQ_U(offsetof(seL4_BootInfo, untypedList), 168);
    CHECK_EQ_U(offsetof(seL4_UntypedDesc, sizeBits), 8);
    CHECK_EQ_U(offsetof(seL4_UntypedDesc, isDevice), 9);
    CHECK_EQ_U(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, 5);
    CHECK_EQ_U(SEL4_BOOTINFO_HEADER_FDT, 6);
}

/* Initial CNode slots. */
HOST_TEST(LIBSEL4_0006)
{
    CHECK_EQ_U(seL4_CapInitThreadTCB, 1);
    CHECK_EQ_U(seL4_CapInitThreadCNode, 2);
    CHECK_EQ_U(seL4_CapInitThreadVSpace, 3);
    CHECK_EQ_U(seL4_CapIRQControl, 4);
    CHECK_EQ_U(seL4_CapASIDControl, 5);
    CHECK_EQ_U(seL4_CapInitThreadASIDPool, 6);
    CHECK_EQ_U(seL4_CapIOPortControl, 7);
    CHECK_EQ_U(seL4_CapBootInfoFrame, 9);
    CHECK_EQ_U(seL4_CapInitThreadIPCBuffer, 10);
    CHECK_EQ_U(seL4_CapDomain, 11);
    CHECK_EQ_U(seL4_CapSMC, 15);
    CHECK_EQ_U(seL4_NumInitialCaps, 16);
}

/* Invocation labels (master, no IOMMU / VT-x / SMP / HW debug API). */
HOST_TEST(LIBSEL4_0007)
{
    CHECK_EQ_U(InvalidInvocation, 0);
    CHECK_EQ_U(UntypedRetype, 1);
    CHECK_EQ_U(TCBReadRegisters, 2);
    CHECK_EQ_U(TCBConfigure, 5);
    CHECK_EQ_U(TCBSetSchedParams, 8);
    CHECK_EQ_U(TCBSetIPCBuffer, 9);
    CHECK_EQ_U(TCBUnbindNotification, 14);
    CHECK_EQ_U(TCBSetTLSBase, 15);
    CHECK_EQ_U(TCBSetFlags, 16);
    CHECK_EQ_U(CNodeRevoke, 17);
    CHECK_EQ_U(CNodeCopy, 20);
    CHECK_EQ_U(CNodeRotate, 24);
    CHECK_EQ_U(CNodeSaveCaller, 25);
    CHECK_EQ_U(IRQIssueIRQHandler, 26);
    CHECK_EQ_U(IRQClearIRQHandler, 29);
    CHECK_EQ_U(DomainSetSet, 30);
    CHECK_EQ_U(DomainScheduleSetStart, 32);
    CHECK_EQ_U(nInvocationLabels, 33);
    CHECK_EQ_U(X86PDPTMap, 33);
    CHECK_EQ_U(X86PDPTUnmap, 34);
    CHECK_EQ_U(nSeL4ArchInvocationLabels, 35);
    CHECK_EQ_U(X86PageDirectoryMap, 35);
    CHECK_EQ_U(X86PageTableMap, 37);
    CHECK_EQ_U(X86PageMap, 39);
    CHECK_EQ_U(X86PageUnmap, 40);
    CHECK_EQ_U(X86PageGetAddress, 41);
    CHECK_EQ_U(X86ASIDControlMakePool, 42);
    CHECK_EQ_U(X86ASIDPoolAssign, 43);
    CHECK_EQ_U(X86IOPortControlIssue, 44);
    CHECK_EQ_U(X86IOPortIn8, 45);
    CHECK_EQ_U(X86IOPortOut32, 50);
    CHECK_EQ_U(X86IRQIssueIRQHandlerIOAPIC, 51);
    CHECK_EQ_U(X86IRQIssueIRQHandlerMSI, 52);
    CHECK_EQ_U(nArchInvocationLabels, 53);
}

/* The three label lists number 0..nArchInvocationLabels-1 without gaps. */
#define NAME_ENTRY(name) [name] = #name,
static const char *const label_names[] = {SEL4_ALL_INVOCATION_LIST(NAME_ENTRY)};
#define COUNT_ENTRY(name) +1
HOST_TEST(LIBSEL4_0008)
{
    CHECK_EQ_U(sizeof(label_names) / sizeof(label_names[0]), nArchInvocationLabels);
    CHECK_EQ_U(0 SEL4_ALL_INVOCATION_LIST(COUNT_ENTRY), nArchInvocationLabels);
    CHECK_EQ_U(0 SEL4_INVOCATION_LIST(COUNT_ENTRY), nInvocationLabels);
    CHECK_STR(label_names[0], "InvalidInvocation");
    CHECK_STR(label_names[TCBSetTLSBase], "TCBSetTLSBase");
    CHECK_STR(label_names[39], "X86PageMap");
    CHECK_STR(label_names[52], "X86IRQIssueIRQHandlerMSI");
}

/* Syscall numbers (master), as passed in RDX. */
#define SYSCALL_COUNT(name, number, text) +1
#define SYSCALL_CHECK(name, number, text) CHECK_EQ_U((long)(name), (long)(number));
#define SYSCALL_TEXT(name, number, text) [-(number)] = text,
static const char *const syscall_names[] = {SEL4_SYSCALL_LIST(SYSCALL_TEXT)};
HOST_TEST(LIBSEL4_0009)
{
    CHECK_EQ_U((long)seL4_SysCall, -1L);
    CHECK_EQ_U((long)seL4_SysReplyRecv, -2L);
    CHECK_EQ_U((long)seL4_SysSend, -3L);
    CHECK_EQ_U((long)seL4_SysNBSend, -4L);
    CHECK_EQ_U((long)seL4_SysRecv, -5L);
    CHECK_EQ_U((long)seL4_SysReply, -6L);
    CHECK_EQ_U((long)seL4_SysYield, -7L);
    CHECK_EQ_U((long)seL4_SysNBRecv, -8L);
    CHECK_EQ_U((long)seL4_SysDebugPutChar, -9L);
    CHECK_EQ_U((long)seL4_SysDebugDumpScheduler, -10L);
    CHECK_EQ_U((long)seL4_SysDebugHalt, -11L);
    CHECK_EQ_U((long)seL4_SysDebugCapIdentify, -12L);
    CHECK_EQ_U((long)seL4_SysDebugSnapshot, -13L);
    CHECK_EQ_U((long)seL4_SysDebugNameThread, -14L);
    CHECK_EQ_U((long)seL4_SysX86DangerousWRMSR, -27L);
    CHECK_EQ_U((long)seL4_SysVMEnter, -29L);
    CHECK_EQ_U((long)seL4_SysSetTLSBase, -30L);
    CHECK_EQ_U((long)SYSCALL_MIN, -8L);
    CHECK_EQ_U((long)SYSCALL_MAX, -1L);
    CHECK_EQ_U(0 SEL4_SYSCALL_LIST(SYSCALL_COUNT), SEL4_SYSCALL_COUNT);
    SEL4_SYSCALL_LIST(SYSCALL_CHECK)
    CHECK_STR(syscall_names[1], "Call");
    CHECK_STR(syscall_names[14], "DebugNameThread");
    CHECK_STR(syscall_names[30], "SetTLSBase");
}

/* Object types for Untyped_Retype. */
HOST_TEST(LIBSEL4_0010)
{
    CHECK_EQ_U(seL4_UntypedObject, 0);
    CHECK_EQ_U(seL4_TCBObject, 1);
    CHECK_EQ_U(seL4_EndpointObject, 2);
    CHECK_EQ_U(seL4_NotificationObject, 3);
    CHECK_EQ_U(seL4_CapTableObject, 4);
    CHECK_EQ_U(seL4_NonArchObjectTypeCount, 5);
    CHECK_EQ_U(seL4_X86_PDPTObject, 5);
    CHECK_EQ_U(seL4_X64_PML4Object, 6);
    CHECK_EQ_U(seL4_X64_HugePageObject, 7);
    CHECK_EQ_U(seL4_ModeObjectTypeCount, 8);
    CHECK_EQ_U(seL4_X86_4K, 8);
    CHECK_EQ_U(seL4_X86_LargePageObject, 9);
    CHECK_EQ_U(seL4_X86_PageTableObject, 10);
    CHECK_EQ_U(seL4_X86_PageDirectoryObject, 11);
    CHECK_EQ_U(seL4_ObjectTypeCount, 12);
    CHECK_EQ_U(seL4_X86_IOPageTableObject, 0xffffff);
    CHECK_EQ_U(seL4_X86_VCPUObject, 0xfffffe);
    CHECK_EQ_U(seL4_X86_EPTPTObject, 0xfffffa);
}

/* Error codes, and the error list matching the enum. */
#define ERROR_CHECK(name, value) CHECK_EQ_U(name, value);
HOST_TEST(LIBSEL4_0011)
{
    CHECK_EQ_U(seL4_NoError, 0);
    CHECK_EQ_U(seL4_InvalidArgument, 1);
    CHECK_EQ_U(seL4_InvalidCapability, 2);
    CHECK_EQ_U(seL4_IllegalOperation, 3);
    CHECK_EQ_U(seL4_RangeError, 4);
    CHECK_EQ_U(seL4_AlignmentError, 5);
    CHECK_EQ_U(seL4_FailedLookup, 6);
    CHECK_EQ_U(seL4_TruncatedMessage, 7);
    CHECK_EQ_U(seL4_DeleteFirst, 8);
    CHECK_EQ_U(seL4_RevokeFirst, 9);
    CHECK_EQ_U(seL4_NotEnoughMemory, 10);
    CHECK_EQ_U(seL4_NumErrors, 11);
    SEL4_ERROR_LIST(ERROR_CHECK)
}

/* Object sizes and address-space constants. */
HOST_TEST(LIBSEL4_0012)
{
    CHECK_EQ_U(seL4_WordBits, 64);
    CHECK_EQ_U(seL4_WordSizeBits, 3);
    CHECK_EQ_U(seL4_SlotBits, 5);
    CHECK_EQ_U(seL4_TCBBits, 11);
    CHECK_EQ_U(seL4_EndpointBits, 4);
    CHECK_EQ_U(seL4_NotificationBits, 5);
    CHECK_EQ_U(seL4_PageBits, 12);
    CHECK_EQ_U(seL4_LargePageBits, 21);
    CHECK_EQ_U(seL4_HugePageBits, 30);
    CHECK_EQ_U(seL4_PageTableBits, 12);
    CHECK_EQ_U(seL4_PageDirBits, 12);
    CHECK_EQ_U(seL4_PDPTBits, 12);
    CHECK_EQ_U(seL4_PML4Bits, 12);
    CHECK_EQ_U(seL4_VSpaceBits, 12);
    CHECK_EQ_U(seL4_ASIDPoolBits, 12);
    CHECK_EQ_U(seL4_ASIDPoolIndexBits, 9);
    CHECK_EQ_U(seL4_NumASIDPoolsBits, 3);
    CHECK_EQ_U(seL4_MinUntypedBits, 4);
    CHECK_EQ_U(seL4_MaxUntypedBits, 47);
    CHECK_EQ_U(seL4_UserTop, 0x00007ffffffff000ull);
    CHECK_EQ_U(seL4_UserVSpaceTop, 0x00007fffffffefffull);
    CHECK_EQ_U(seL4_UntypedRetypeMaxObjects, 256);
    CHECK_EQ_U(seL4_MinPrio, 0);
    CHECK_EQ_U(seL4_MaxPrio, 255);
    CHECK_EQ_U(seL4_TCBFlag_NoFlag, 0);
    CHECK_EQ_U(seL4_TCBFlag_fpuDisabled, 1);
    CHECK_EQ_U(seL4_X86_WriteBack, 0);
    CHECK_EQ_U(seL4_X86_WriteThrough, 1);
    CHECK_EQ_U(seL4_X86_CacheDisabled, 2);
    CHECK_EQ_U(seL4_X86_Uncacheable, 3);
    CHECK_EQ_U(seL4_X86_WriteCombining, 4);
}

/* Fault labels and message-register layouts. */
HOST_TEST(LIBSEL4_0013)
{
    CHECK_EQ_U(seL4_Fault_NullFault, 0);
    CHECK_EQ_U(seL4_Fault_CapFault, 1);
    CHECK_EQ_U(seL4_Fault_UnknownSyscall, 2);
    CHECK_EQ_U(seL4_Fault_UserException, 3);
    CHECK_EQ_U(seL4_Fault_VMFault, 5);
    CHECK_EQ_U(seL4_CapFault_IP, 0);
    CHECK_EQ_U(seL4_CapFault_Addr, 1);
    CHECK_EQ_U(seL4_CapFault_InRecvPhase, 2);
    CHECK_EQ_U(seL4_CapFault_LookupFailureType, 3);
    CHECK_EQ_U(seL4_CapFault_BitsLeft, 4);
    CHECK_EQ_U(seL4_CapFault_DepthMismatch_BitsFound, 5);
    CHECK_EQ_U(seL4_CapFault_GuardMismatch_GuardFound, 5);
    CHECK_EQ_U(seL4_CapFault_GuardMismatch_BitsFound, 6);
    CHECK_EQ_U(seL4_UnknownSyscall_RAX, 0);
    CHECK_EQ_U(seL4_UnknownSyscall_R15, 14);
    CHECK_EQ_U(seL4_UnknownSyscall_FaultIP, 15);
    CHECK_EQ_U(seL4_UnknownSyscall_SP, 16);
    CHECK_EQ_U(seL4_UnknownSyscall_FLAGS, 17);
    CHECK_EQ_U(seL4_UnknownSyscall_Syscall, 18);
    CHECK_EQ_U(seL4_UnknownSyscall_Length, 19);
    CHECK_EQ_U(seL4_UserException_FaultIP, 0);
    CHECK_EQ_U(seL4_UserException_Number, 3);
    CHECK_EQ_U(seL4_UserException_Code, 4);
    CHECK_EQ_U(seL4_UserException_Length, 5);
    CHECK_EQ_U(seL4_VMFault_IP, 0);
    CHECK_EQ_U(seL4_VMFault_Addr, 1);
    CHECK_EQ_U(seL4_VMFault_PrefetchFault, 2);
    CHECK_EQ_U(seL4_VMFault_FSR, 3);
    CHECK_EQ_U(seL4_VMFault_Length, 4);
    CHECK_EQ_U(seL4_NoFailure, 0);
    CHECK_EQ_U(seL4_InvalidRoot, 1);
    CHECK_EQ_U(seL4_MissingCapability, 2);
    CHECK_EQ_U(seL4_DepthMismatch, 3);
    CHECK_EQ_U(seL4_GuardMismatch, 4);
}

/* seL4_UserContext: the Read/WriteRegisters order. */
HOST_TEST(LIBSEL4_0014)
{
    CHECK_EQ_U(sizeof(seL4_UserContext), 160);
    CHECK_EQ_U(offsetof(seL4_UserContext, rip), 0);
    CHECK_EQ_U(offsetof(seL4_UserContext, rsp), 8);
    CHECK_EQ_U(offsetof(seL4_UserContext, rflags), 16);
    CHECK_EQ_U(offsetof(seL4_UserContext, rax), 24);
    CHECK_EQ_U(offsetof(seL4_UserContext, rdi), 64);
    CHECK_EQ_U(offsetof(seL4_UserContext, rbp), 72);
    CHECK_EQ_U(offsetof(seL4_UserContext, r8), 80);
    CHECK_EQ_U(offsetof(seL4_UserContext, r15), 136);
    CHECK_EQ_U(offsetof(seL4_UserContext, fs_base), 144);
    CHECK_EQ_U(offsetof(seL4_UserContext, gs_base), 152);
}

/* config_set and SEL4_IF: booleans that are on, off, or never defined. */
#define TEST_CONFIG_ON 1
#define KEEP_ENTRY(x) +x
HOST_TEST(LIBSEL4_0015)
{
    CHECK_EQ_U(config_set(CONFIG_PRINTING), 1);
    CHECK_EQ_U(config_set(CONFIG_DEBUG_BUILD), 1);
    CHECK_EQ_U(config_set(CONFIG_HARDWARE_DEBUG_API), 0);
    CHECK_EQ_U(config_set(CONFIG_KERNEL_MCS), 0);
    CHECK_EQ_U(config_set(TEST_CONFIG_ON), 1);
    CHECK_EQ_U(config_set(TEST_CONFIG_NEVER_DEFINED), 0);
    CHECK_EQ_U(0 SEL4_IF(TEST_CONFIG_ON, KEEP_ENTRY(1) KEEP_ENTRY(2)), 3);
    CHECK_EQ_U(0 SEL4_IF(TEST_CONFIG_NEVER_DEFINED, KEEP_ENTRY(1)), 0);
    CHECK_EQ_U(0 SEL4_IF_NOT(TEST_CONFIG_ON, KEEP_ENTRY(1)), 0);
    CHECK_EQ_U(0 SEL4_IF_NOT(TEST_CONFIG_NEVER_DEFINED, KEEP_ENTRY(4)), 4);
#if !config_set(CONFIG_PRINTING) || config_set(CONFIG_HARDWARE_DEBUG_API)
    CHECK(0);
#endif
    CHECK_EQ_U(CONFIG_NUM_PRIORITIES, 256);
    CHECK_EQ_U(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, 230);
}

/* IPC-buffer accessors and fault decoding through a host buffer. */
HOST_TEST(LIBSEL4_0016)
{
    static seL4_IPCBuffer buffer;
    seL4_CPtr cnode = 0, index = 0;
    seL4_Word depth = 0;
    seL4_Fault_t fault;

    seL4_SetIPCBuffer(&buffer);
    CHECK(seL4_GetIPCBuffer() == &buffer);
    seL4_SetMR(5, 55);
    CHECK_EQ_U(buffer.msg[5], 55);
    CHECK_EQ_U(seL4_GetMR(5), 55);
    seL4_SetCap(2, 77);
    CHECK_EQ_U(buffer.caps_or_badges[2], 77);
    CHECK_EQ_U(seL4_GetBadge(2), 77);
    seL4_SetUserData(99);
    CHECK_EQ_U(buffer.userData, 99);
    seL4_SetCapReceivePath(2, 17, 64);
    seL4_GetCapReceivePath(&cnode, &index, &depth);
    CHECK_EQ_U(cnode, 2);
    CHECK_EQ_U(index, 17);
    CHECK_EQ_U(depth, 64);

    for (int i = 0; i < 20; i++) {
        seL4_SetMR(i, 0x100 + i);
    }
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_VMFault, 0, 0, 4));
    CHECK_EQ_U(seL4_Fault_get_seL4_FaultType(fault), seL4_Fault_VMFault);
    CHECK_EQ_U(seL4_Fault_VMFault_get_IP(fault), 0x100);
    CHECK_EQ_U(seL4_Fault_VMFault_get_Addr(fault), 0x101);
    CHECK_EQ_U(seL4_Fault_VMFault_get_PrefetchFault(fault), 0x102);
    CHECK_EQ_U(seL4_Fault_VMFault_get_FSR(fault), 0x103);
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_CapFault, 0, 0, 7));
    CHECK_EQ_U(seL4_Fault_CapFault_get_Addr(fault), 0x101);
    CHECK_EQ_U(seL4_Fault_CapFault_get_LookupFailureType(fault), 0x103);
    CHECK_EQ_U(seL4_Fault_CapFault_get_MR6(fault), 0x106);
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_UnknownSyscall, 0, 0, 19));
    CHECK_EQ_U(seL4_Fault_UnknownSyscall_get_RAX(fault), 0x100);
    CHECK_EQ_U(seL4_Fault_UnknownSyscall_get_FaultIP(fault), 0x10f);
    CHECK_EQ_U(seL4_Fault_UnknownSyscall_get_Syscall(fault), 0x112);
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_UserException, 0, 0, 5));
    CHECK_EQ_U(seL4_Fault_UserException_get_Stack(fault), 0x101);
    CHECK_EQ_U(seL4_Fault_UserException_get_Code(fault), 0x104);
    fault = seL4_getFault(seL4_MessageInfo_new(0, 0, 0, 2));
    CHECK_EQ_U(seL4_Fault_get_seL4_FaultType(fault), seL4_Fault_NullFault);
    CHECK(seL4_isVMFault_tag(seL4_MessageInfo_new(5, 0, 0, 4)));
    CHECK(!seL4_isCapFault_tag(seL4_MessageInfo_new(5, 0, 0, 4)));
    seL4_SetIPCBuffer(seL4_Null);
}

/*
 * Object types for seL4_Untyped_Retype, numbered as seL4 master on x86_64:
 * generic types, then x86_64 (mode) types, then x86 (arch) types.  Types
 * of a disabled feature get seL4's out-of-range placeholder values so that
 * code naming them still compiles (and Retype rejects them).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/simple_types.h>

typedef enum api_object {
    seL4_UntypedObject,      /* 0 */
    seL4_TCBObject,          /* 1 */
    seL4_EndpointObject,     /* 2 */
    seL4_NotificationObject, /* 3 */
    seL4_CapTableObject,     /* 4 */
#ifdef CONFIG_KERNEL_MCS
    seL4_SchedContextObject,
    seL4_ReplyObject,
#endif
    seL4_NonArchObjectTypeCount,
} seL4_ObjectType;

typedef seL4_Word api_object_t;

typedef enum _mode_object {
    seL4_X86_PDPTObject = seL4_NonArchObjectTypeCount, /* 5 */
    seL4_X64_PML4Object,                               /* 6 */
#ifdef CONFIG_HUGE_PAGE
    seL4_X64_HugePageObject, /* 7 */
#endif
    seL4_ModeObjectTypeCount
} seL4_seL4ArchObjectType;

/* seL4 allows the IA32 name for the same object. */
#define seL4_IA32_PDPTObject seL4_X86_PDPTObject

#ifndef CONFIG_HUGE_PAGE
#define seL4_X64_HugePageObject 0xfffffffe
#endif

typedef enum _object {
    seL4_X86_4K = seL4_ModeObjectTypeCount, /* 8 */
    seL4_X86_LargePageObject,               /* 9 */
    seL4_X86_PageTableObject,               /* 10 */
    seL4_X86_PageDirectoryObject,           /* 11 */
#ifdef CONFIG_IOMMU
    seL4_X86_IOPageTableObject,
#endif
#ifdef CONFIG_VTX
    seL4_X86_VCPUObject,
    seL4_X86_EPTPML4Object,
    seL4_X86_EPTPDPTObject,
    seL4_X86_EPTPDObject,
    seL4_X86_EPTPTObject,
#endif
    seL4_ObjectTypeCount /* 12 */
} seL4_ArchObjectType;

typedef seL4_Word object_t;

#ifndef CONFIG_IOMMU
#define seL4_X86_IOPageTableObject 0xffffff
#endif
#ifndef CONFIG_VTX
#define seL4_X86_VCPUObject 0xfffffe
#define seL4_X86_EPTPML4Object 0xfffffd
#define seL4_X86_EPTPDPTObject 0xfffffc
#define seL4_X86_EPTPDObject 0xfffffb
#define seL4_X86_EPTPTObject 0xfffffa
#endif

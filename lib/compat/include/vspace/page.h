/*
 * <vspace/page.h>: architecture-neutral names for the x86 page invocations
 * and constants (seL4_ARCH_*), as seL4's libsel4vspace defines them.
 */
#pragma once

#include <sel4/sel4.h>

#define seL4_ARCH_Page_Map seL4_X86_Page_Map
#define seL4_ARCH_Page_Unmap seL4_X86_Page_Unmap
#define seL4_ARCH_Page_GetAddress seL4_X86_Page_GetAddress
#define seL4_ARCH_Page_GetAddress_t seL4_X86_Page_GetAddress_t
#define seL4_ARCH_PageTable_Map seL4_X86_PageTable_Map
#define seL4_ARCH_PageTable_Unmap seL4_X86_PageTable_Unmap
#define seL4_ARCH_ASIDPool_Assign seL4_X86_ASIDPool_Assign
#define seL4_ARCH_ASIDControl_MakePool seL4_X86_ASIDControl_MakePool
#define seL4_ARCH_PageTableObject seL4_X86_PageTableObject
#define seL4_ARCH_PageDirectoryObject seL4_X86_PageDirectoryObject
#define seL4_ARCH_Default_VMAttributes seL4_X86_Default_VMAttributes
#define seL4_ARCH_VMAttributes seL4_X86_VMAttributes
#define seL4_ARCH_4KPage seL4_X86_4K
#define seL4_ARCH_LargePageObject seL4_X86_LargePageObject
#define seL4_ARCH_Uncached_VMAttributes seL4_X86_CacheDisabled

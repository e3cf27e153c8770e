/*
 * Fixed-width integer types and the capability-pointer typedefs of the
 * seL4 API (x86-64: LP64, so a 64-bit integer is a long).
 */
#pragma once

#include <sel4/macros.h>

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;
typedef signed long seL4_Int64;
typedef unsigned long seL4_Uint64;

SEL4_COMPILE_ASSERT(int8_size, sizeof(seL4_Int8) == 1)
SEL4_COMPILE_ASSERT(int16_size, sizeof(seL4_Int16) == 2)
SEL4_COMPILE_ASSERT(int32_size, sizeof(seL4_Int32) == 4)
SEL4_COMPILE_ASSERT(int64_size, sizeof(seL4_Int64) == 8)

/* printf length modifiers for 64-bit values and words ("%" SEL4_PRIx_word). */
#define SEL4_PRId64 "ld"
#define SEL4_PRIi64 "li"
#define SEL4_PRIu64 "lu"
#define SEL4_PRIx64 "lx"
#define SEL4_PRId_word "ld"
#define SEL4_PRIi_word "li"
#define SEL4_PRIu_word "lu"
#define SEL4_PRIx_word "lx"
#define SEL4_PRI_word SEL4_PRIu_word

typedef seL4_Int8 seL4_Bool;
#define seL4_True 1
#define seL4_False 0

#ifdef __cplusplus
#define seL4_Null 0L
#else
#define seL4_Null ((void *)0)
#endif

typedef seL4_Uint64 seL4_Word;
typedef seL4_Word seL4_CPtr;

SEL4_COMPILE_ASSERT(word_size, sizeof(seL4_Word) == 8)

typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_PAddr;
typedef seL4_Word seL4_Domain;
typedef seL4_Word seL4_SlotPos;
typedef seL4_Uint64 seL4_Time;

/* Capability pointers, named by the object they should point at. */
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_SchedContext;
typedef seL4_CPtr seL4_SchedControl;

typedef seL4_CPtr seL4_X64_PML4;
typedef seL4_CPtr seL4_X86_ASIDControl;
typedef seL4_CPtr seL4_X86_ASIDPool;
typedef seL4_CPtr seL4_X86_IOSpace;
typedef seL4_CPtr seL4_X86_IOPort;
typedef seL4_CPtr seL4_X86_IOPortControl;
typedef seL4_CPtr seL4_X86_Page;
typedef seL4_CPtr seL4_X86_PDPT;
typedef seL4_CPtr seL4_X86_PageDirectory;
typedef seL4_CPtr seL4_X86_PageTable;
typedef seL4_CPtr seL4_X86_IOPageTable;
typedef seL4_CPtr seL4_X86_EPTPML4;
typedef seL4_CPtr seL4_X86_EPTPDPT;
typedef seL4_CPtr seL4_X86_EPTPD;
typedef seL4_CPtr seL4_X86_EPTPT;
typedef seL4_CPtr seL4_X86_VCPU;

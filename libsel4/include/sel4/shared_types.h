/*
 * Types whose layout the kernel and user programs must agree on: message
 * info, capability rights, CNode cap data, the IPC buffer, fault labels,
 * the register set of Read/WriteRegisters and x86 mapping attributes.
 */
#pragma once

#include <stddef.h>
#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/constants.h>

/*
 * One-word bitfield types.  SEL4_WORD_FIELD_(type, field, shift, width)
 * defines, for a struct `type_t { seL4_Uint64 words[1]; }`, the accessors
 * seL4 programs use:
 *     type_get_field(v)            -> value of the field
 *     type_set_field(v, x)         -> copy of v with the field set to x
 *     type_ptr_get_field(&v)       -> value of the field
 *     type_ptr_set_field(&v, x)    set the field in place
 * Values wider than the field are truncated to it.
 */
#define SEL4_FIELD_MASK_(width) ((1ull << (width)) - 1)

#define SEL4_WORD_FIELD_(type, field, shift, width)                            \
    LIBSEL4_INLINE_FUNC seL4_Uint64 type##_get_##field(type##_t v)            \
    {                                                                          \
        return (v.words[0] >> (shift)) & SEL4_FIELD_MASK_(width);              \
    }                                                                          \
    LIBSEL4_INLINE_FUNC type##_t type##_set_##field(type##_t v, seL4_Uint64 x) \
    {                                                                          \
        v.words[0] &= ~(SEL4_FIELD_MASK_(width) << (shift));                   \
        v.words[0] |= (x & SEL4_FIELD_MASK_(width)) << (shift);                \
        return v;                                                              \
    }                                                                          \
    LIBSEL4_INLINE_FUNC seL4_Uint64 type##_ptr_get_##field(const type##_t *p) \
    {                                                                          \
        return type##_get_##field(*p);                                         \
    }                                                                          \
    LIBSEL4_INLINE_FUNC void type##_ptr_set_##field(type##_t *p, seL4_Uint64 x) \
    {                                                                          \
        *p = type##_set_##field(*p, x);                                        \
    }

/*
 * seL4_MessageInfo_t: the message tag passed in RSI.
 *   63                      12 11     9 8      7 6        0
 *  +--------------------------+--------+--------+----------+
 *  |          label           | capsUn-| extra- |  length  |
 *  |                          | wrapped|  Caps  |          |
 *  +--------------------------+--------+--------+----------+
 */
typedef struct seL4_MessageInfo {
    seL4_Uint64 words[1];
} seL4_MessageInfo_t;

SEL4_WORD_FIELD_(seL4_MessageInfo, label, 12, 52)
SEL4_WORD_FIELD_(seL4_MessageInfo, capsUnwrapped, 9, 3)
SEL4_WORD_FIELD_(seL4_MessageInfo, extraCaps, 7, 2)
SEL4_WORD_FIELD_(seL4_MessageInfo, length, 0, 7)

/* Build a message tag from its four fields. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                            seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_MessageInfo_t info = {{0}};
    info = seL4_MessageInfo_set_label(info, label);
    info = seL4_MessageInfo_set_capsUnwrapped(info, capsUnwrapped);
    info = seL4_MessageInfo_set_extraCaps(info, extraCaps);
    return seL4_MessageInfo_set_length(info, length);
}

/*
 * seL4_CapRights_t: rights for Mint/Copy and Page_Map.
 *   bit 3 capAllowGrantReply, bit 2 capAllowGrant,
 *   bit 1 capAllowRead,       bit 0 capAllowWrite.
 */
typedef struct seL4_CapRights {
    seL4_Uint64 words[1];
} seL4_CapRights_t;

SEL4_WORD_FIELD_(seL4_CapRights, capAllowGrantReply, 3, 1)
SEL4_WORD_FIELD_(seL4_CapRights, capAllowGrant, 2, 1)
SEL4_WORD_FIELD_(seL4_CapRights, capAllowRead, 1, 1)
SEL4_WORD_FIELD_(seL4_CapRights, capAllowWrite, 0, 1)

/* Build a rights word; each argument is 0 or 1. */
LIBSEL4_INLINE_FUNC seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply, seL4_Uint64 capAllowGrant,
                                                        seL4_Uint64 capAllowRead, seL4_Uint64 capAllowWrite)
{
    seL4_CapRights_t rights = {{0}};
    rights = seL4_CapRights_set_capAllowGrantReply(rights, capAllowGrantReply);
    rights = seL4_CapRights_set_capAllowGrant(rights, capAllowGrant);
    rights = seL4_CapRights_set_capAllowRead(rights, capAllowRead);
    return seL4_CapRights_set_capAllowWrite(rights, capAllowWrite);
}

#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)
#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)

/*
 * seL4_CNode_CapData_t: guard for a CNode cap (Mint/Mutate badge word,
 * cspace_root_data of SetSpace/Configure).
 *   63                                   6 5           0
 *  +--------------------------------------+-------------+
 *  |                guard                 |  guardSize  |
 *  +--------------------------------------+-------------+
 */
typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
} seL4_CNode_CapData_t;

SEL4_WORD_FIELD_(seL4_CNode_CapData, guard, 6, 58)
SEL4_WORD_FIELD_(seL4_CNode_CapData, guardSize, 0, 6)

/* Build CNode cap data from a guard value and its size in bits. */
LIBSEL4_INLINE_FUNC seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t data = {{0}};
    data = seL4_CNode_CapData_set_guard(data, guard);
    return seL4_CNode_CapData_set_guardSize(data, guardSize);
}

/*
 * The IPC buffer: one 1024-byte, 1024-aligned block per thread.
 *
 *   word     byte   field
 *   0        0      tag             (not read by the kernel)
 *   1..120   8      msg[0..119]     MR4.. live here; MR0..3 travel in registers
 *   121      968    userData        (not used by the kernel)
 *   122..124 976    caps_or_badges  send: extra cap CPtrs; receive: badges
 *   125      1000   receiveCNode    where a received cap goes
 *   126      1008   receiveIndex
 *   127      1016   receiveDepth
 */
typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer __attribute__((__aligned__(sizeof(struct seL4_IPCBuffer_))));

SEL4_COMPILE_ASSERT(ipc_buffer_size, sizeof(seL4_IPCBuffer) == (1u << seL4_IPCBufferSizeBits))
SEL4_COMPILE_ASSERT(ipc_buffer_msg, offsetof(seL4_IPCBuffer, msg) == 8)
SEL4_COMPILE_ASSERT(ipc_buffer_userData, offsetof(seL4_IPCBuffer, userData) == 968)
SEL4_COMPILE_ASSERT(ipc_buffer_caps, offsetof(seL4_IPCBuffer, caps_or_badges) == 976)
SEL4_COMPILE_ASSERT(ipc_buffer_receiveCNode, offsetof(seL4_IPCBuffer, receiveCNode) == 1000)
SEL4_COMPILE_ASSERT(ipc_buffer_receiveIndex, offsetof(seL4_IPCBuffer, receiveIndex) == 1008)
SEL4_COMPILE_ASSERT(ipc_buffer_receiveDepth, offsetof(seL4_IPCBuffer, receiveDepth) == 1016)

/*
 * Fault types: the label of a fault message (master numbering).  The
 * message registers of each are listed in constants.h (seL4_CapFault_IP...).
 */
enum seL4_Fault_tag {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
#ifdef CONFIG_HARDWARE_DEBUG_API
    seL4_Fault_DebugException = 4,
#endif
    seL4_Fault_VMFault = 5,
};
typedef enum seL4_Fault_tag seL4_Fault_tag_t;

/*
 * Registers of seL4_TCB_ReadRegisters/WriteRegisters, in transfer order:
 * indices 0..17 are the "frame" registers, 18..19 the "gp" pair that
 * CopyRegisters' transfer_integer moves.  rip is the restart address.
 */
typedef struct seL4_UserContext_ {
    seL4_Word rip, rsp, rflags, rax, rbx, rcx, rdx, rsi, rdi, rbp,
        r8, r9, r10, r11, r12, r13, r14, r15;
    seL4_Word fs_base, gs_base;
} seL4_UserContext;

SEL4_COMPILE_ASSERT(user_context_size, sizeof(seL4_UserContext) == 20 * sizeof(seL4_Word))

/* Cache attributes for the x86 Map invocations (PAT/PCD/PWT bits). */
typedef enum {
    seL4_X86_Default_VMAttributes = 0,
    seL4_X86_WriteBack = 0,
    seL4_X86_WriteThrough = 1,
    seL4_X86_CacheDisabled = 2,
    seL4_X86_Uncacheable = 3,
    seL4_X86_WriteCombining = 4,
    SEL4_FORCE_LONG_ENUM(seL4_X86_VMAttributes),
} seL4_X86_VMAttributes;

/* EPT memory types (VT-x; unused by Mica, kept for source compatibility). */
typedef enum {
    seL4_X86_EPT_Uncached_VMAttributes = 6,
    seL4_X86_EPT_Uncacheable = 0,
    seL4_X86_EPT_WriteCombining = 1,
    seL4_X86_EPT_WriteThrough = 4,
    seL4_X86_EPT_WriteProtected = 5,
    seL4_X86_EPT_WriteBack = 6,
    seL4_X86_EPT_Default_VMAttributes = 6,
    SEL4_FORCE_LONG_ENUM(seL4_X86_EPT_VMAttributes),
} seL4_X86_EPT_VMAttributes;

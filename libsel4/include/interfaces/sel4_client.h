/*
 * Object invocations: one stub per kernel method of seL4 master on x86_64.
 *
 * Every stub marshals the same way (seL4's wire format):
 *   - the invoked cap is the Call's destination;
 *   - cap arguments go, in order, into the IPC buffer's extra-cap slots
 *     (seL4_SetCap(0), (1), ...), and the tag's extraCaps is their count;
 *   - the other arguments are data words in order: words 0..3 travel in
 *     registers (MR0..3), words 4 and up are written with seL4_SetMR;
 *     Uint8/Bool arguments take a whole word (masked), seL4_CapRights_t
 *     its .words[0];
 *   - the tag is seL4_MessageInfo_new(label, 0, number of caps, number of
 *     data words), sent with seL4_CallWithMRs;
 *   - the result is the reply's label (seL4_NoError or a seL4_Error); on an
 *     error the reply's MR0..3 are copied into the IPC buffer, so that
 *     seL4_GetMR(0..3) shows the error's details;
 *   - methods that return data return a struct {int error; ...} named
 *     <Interface>_<Method>_t, its fields valid only if error == 0.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/invocation.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>

/* Call `service` with `tag`, MR0..3 in mr[] and any further MRs already in
 * the IPC buffer.  Returns the reply label; mr[] then holds the reply's
 * MR0..3, which are also copied to the IPC buffer if the label is an error. */
LIBSEL4_INLINE_FUNC seL4_Error libsel4_invoke_regs(seL4_CPtr service, seL4_MessageInfo_t tag, seL4_Word mr[4])
{
    seL4_MessageInfo_t reply = seL4_CallWithMRs(service, tag, &mr[0], &mr[1], &mr[2], &mr[3]);
    seL4_Error error = (seL4_Error)seL4_MessageInfo_get_label(reply);

    if (error != seL4_NoError) {
        for (int i = 0; i < seL4_FastMessageRegisters; i++) {
            seL4_SetMR(i, mr[i]);
        }
    }
    return error;
}

/* Invoke `service` with `label`, the extra caps caps[0..ncaps) and the data
 * words words[0..nwords).  If `out` is not NULL it receives the reply's
 * MR0..3 (4 words).  Returns the reply label. */
LIBSEL4_INLINE_FUNC seL4_Error libsel4_invoke(seL4_CPtr service, seL4_Word label, seL4_Word ncaps,
                                              const seL4_CPtr *caps, seL4_Word nwords, const seL4_Word *words,
                                              seL4_Word *out)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_Error error;

    for (seL4_Word i = 0; i < ncaps; i++) {
        seL4_SetCap(i, caps[i]);
    }
    for (seL4_Word i = 0; i < nwords; i++) {
        if (i < seL4_FastMessageRegisters) {
            mr[i] = words[i];
        } else {
            seL4_SetMR(i, words[i]);
        }
    }
    error = libsel4_invoke_regs(service, seL4_MessageInfo_new(label, 0, ncaps, nwords), mr);
    if (out != seL4_Null) {
        for (int i = 0; i < seL4_FastMessageRegisters; i++) {
            out[i] = mr[i];
        }
    }
    return error;
}

/* Output structs of the methods that return data. */
typedef struct seL4_X86_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_X86_Page_GetAddress_t;

typedef struct seL4_X86_IOPort_In8 {
    int error;
    seL4_Uint8 result;
} seL4_X86_IOPort_In8_t;

typedef struct seL4_X86_IOPort_In16 {
    int error;
    seL4_Uint16 result;
} seL4_X86_IOPort_In16_t;

typedef struct seL4_X86_IOPort_In32 {
    int error;
    seL4_Uint32 result;
} seL4_X86_IOPort_In32_t;

typedef struct seL4_TCB_SetFlags {
    int error;
    seL4_Word flags;
} seL4_TCB_SetFlags_t;

#ifdef CONFIG_HARDWARE_DEBUG_API
typedef struct seL4_TCB_GetBreakpoint {
    int error;
    seL4_Word vaddr;
    seL4_Word type;
    seL4_Word size;
    seL4_Word rw;
    seL4_Bool is_enabled;
} seL4_TCB_GetBreakpoint_t;

typedef struct seL4_TCB_ConfigureSingleStepping {
    int error;
    seL4_Bool bp_was_consumed;
} seL4_TCB_ConfigureSingleStepping_t;
#endif

/* ======================================================================== */
/* Untyped                                                                  */

/* Create num_objects objects of `type` (size_bits for variable-size types)
 * into slots node_offset.. of the CNode at (root, node_index, node_depth);
 * node_depth 0 means root itself. */
LIBSEL4_INLINE seL4_Error seL4_Untyped_Retype(seL4_Untyped _service, seL4_Word type, seL4_Word size_bits,
                                              seL4_CNode root, seL4_Word node_index, seL4_Word node_depth,
                                              seL4_Word node_offset, seL4_Word num_objects)
{
    seL4_CPtr caps[] = {root};
    seL4_Word words[] = {type, size_bits, node_index, node_depth, node_offset, num_objects};

    return libsel4_invoke(_service, UntypedRetype, 1, caps, 6, words, seL4_Null);
}

/* ======================================================================== */
/* TCB                                                                      */

/* Read the first `count` registers (seL4_UserContext order) of the thread.
 * As in seL4, rip..rax are always written from the reply's MR0..3 and the
 * rest from MR4.. up to count, even on error. */
LIBSEL4_INLINE seL4_Error seL4_TCB_ReadRegisters(seL4_TCB _service, seL4_Bool suspend_source, seL4_Uint8 arch_flags,
                                                 seL4_Word count, seL4_UserContext *regs)
{
    seL4_Word words[] = {(suspend_source & 0x1ull) | ((seL4_Word)arch_flags << 8), count};
    seL4_Word out[4];
    seL4_Word *dest = (seL4_Word *)regs;
    seL4_Word n_regs = sizeof(seL4_UserContext) / sizeof(seL4_Word);
    seL4_Error error = libsel4_invoke(_service, TCBReadRegisters, 0, seL4_Null, 2, words, out);

    for (seL4_Word i = 0; i < seL4_FastMessageRegisters; i++) {
        dest[i] = out[i];
    }
    for (seL4_Word i = seL4_FastMessageRegisters; i < count && i < n_regs; i++) {
        dest[i] = seL4_GetMR(i);
    }
    return error;
}

/* Write the first `count` registers of the thread; register i travels as
 * MR(i + 2).  The message length is always 22 (2 + all 20 registers). */
LIBSEL4_INLINE seL4_Error seL4_TCB_WriteRegisters(seL4_TCB _service, seL4_Bool resume_target, seL4_Uint8 arch_flags,
                                                  seL4_Word count, seL4_UserContext *regs)
{
    const seL4_Word *src = (const seL4_Word *)regs;
    seL4_Word n_regs = sizeof(seL4_UserContext) / sizeof(seL4_Word);
    seL4_Word mr[4] = {(resume_target & 0x1ull) | ((seL4_Word)arch_flags << 8), count, src[0], src[1]};

    for (seL4_Word i = 2; i < count && i < n_regs; i++) {
        seL4_SetMR(i + 2, src[i]);
    }
    return libsel4_invoke_regs(_service, seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 2 + n_regs), mr);
}

/* Copy registers from `source` to this thread; the flags share MR0. */
LIBSEL4_INLINE seL4_Error seL4_TCB_CopyRegisters(seL4_TCB _service, seL4_TCB source, seL4_Bool suspend_source,
                                                 seL4_Bool resume_target, seL4_Bool transfer_frame,
                                                 seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    seL4_CPtr caps[] = {source};
    seL4_Word words[] = {
        (suspend_source & 0x1ull) | ((resume_target & 0x1ull) << 1) | ((transfer_frame & 0x1ull) << 2) |
        ((transfer_integer & 0x1ull) << 3) | ((seL4_Word)arch_flags << 8),
    };

    return libsel4_invoke(_service, TCBCopyRegisters, 1, caps, 1, words, seL4_Null);
}

/* Set fault endpoint (a CPtr word), CSpace, VSpace and IPC buffer at once. */
LIBSEL4_INLINE seL4_Error seL4_TCB_Configure(seL4_TCB _service, seL4_Word fault_ep, seL4_CNode cspace_root,
                                             seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                             seL4_Word vspace_root_data, seL4_Word buffer, seL4_CPtr bufferFrame)
{
    seL4_CPtr caps[] = {cspace_root, vspace_root, bufferFrame};
    seL4_Word words[] = {fault_ep, cspace_root_data, vspace_root_data, buffer};

    return libsel4_invoke(_service, TCBConfigure, 3, caps, 4, words, seL4_Null);
}

/* Set the priority, checked against authority's maximum controlled priority. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word priority)
{
    seL4_CPtr caps[] = {authority};
    seL4_Word words[] = {priority};

    return libsel4_invoke(_service, TCBSetPriority, 1, caps, 1, words, seL4_Null);
}

/* Set the maximum controlled priority. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetMCPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp)
{
    seL4_CPtr caps[] = {authority};
    seL4_Word words[] = {mcp};

    return libsel4_invoke(_service, TCBSetMCPriority, 1, caps, 1, words, seL4_Null);
}

/* Set both the maximum controlled priority and the priority. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetSchedParams(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp,
                                                  seL4_Word priority)
{
    seL4_CPtr caps[] = {authority};
    seL4_Word words[] = {mcp, priority};

    return libsel4_invoke(_service, TCBSetSchedParams, 1, caps, 2, words, seL4_Null);
}

/* Set the IPC buffer (virtual address `buffer` in frame bufferFrame). */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB _service, seL4_Word buffer, seL4_CPtr bufferFrame)
{
    seL4_CPtr caps[] = {bufferFrame};
    seL4_Word words[] = {buffer};

    return libsel4_invoke(_service, TCBSetIPCBuffer, 1, caps, 1, words, seL4_Null);
}

/* Set fault endpoint (a CPtr word), CSpace root and VSpace root. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetSpace(seL4_TCB _service, seL4_Word fault_ep, seL4_CNode cspace_root,
                                            seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                            seL4_Word vspace_root_data)
{
    seL4_CPtr caps[] = {cspace_root, vspace_root};
    seL4_Word words[] = {fault_ep, cspace_root_data, vspace_root_data};

    return libsel4_invoke(_service, TCBSetSpace, 2, caps, 3, words, seL4_Null);
}

/* Stop the thread. */
LIBSEL4_INLINE seL4_Error seL4_TCB_Suspend(seL4_TCB _service)
{
    return libsel4_invoke(_service, TCBSuspend, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Restart a stopped thread. */
LIBSEL4_INLINE seL4_Error seL4_TCB_Resume(seL4_TCB _service)
{
    return libsel4_invoke(_service, TCBResume, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Bind a notification to the thread. */
LIBSEL4_INLINE seL4_Error seL4_TCB_BindNotification(seL4_TCB _service, seL4_CPtr notification)
{
    seL4_CPtr caps[] = {notification};

    return libsel4_invoke(_service, TCBBindNotification, 1, caps, 0, seL4_Null, seL4_Null);
}

/* Unbind the thread's bound notification. */
LIBSEL4_INLINE seL4_Error seL4_TCB_UnbindNotification(seL4_TCB _service)
{
    return libsel4_invoke(_service, TCBUnbindNotification, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

#ifdef CONFIG_HARDWARE_DEBUG_API
/* Program hardware breakpoint bp_num. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetBreakpoint(seL4_TCB _service, seL4_Uint16 bp_num, seL4_Word vaddr,
                                                 seL4_Word type, seL4_Word size, seL4_Word rw)
{
    seL4_Word words[] = {bp_num, vaddr, type, size, rw};

    return libsel4_invoke(_service, TCBSetBreakpoint, 0, seL4_Null, 5, words, seL4_Null);
}

/* Read back hardware breakpoint bp_num. */
LIBSEL4_INLINE seL4_TCB_GetBreakpoint_t seL4_TCB_GetBreakpoint(seL4_TCB _service, seL4_Uint16 bp_num)
{
    seL4_TCB_GetBreakpoint_t result = {0};
    seL4_Word words[] = {bp_num};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, TCBGetBreakpoint, 0, seL4_Null, 1, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.vaddr = out[0];
    result.type = out[1];
    result.size = out[2];
    result.rw = out[3];
    result.is_enabled = seL4_GetMR(4) & 0x1;
    return result;
}

/* Disable hardware breakpoint bp_num. */
LIBSEL4_INLINE seL4_Error seL4_TCB_UnsetBreakpoint(seL4_TCB _service, seL4_Uint16 bp_num)
{
    seL4_Word words[] = {bp_num};

    return libsel4_invoke(_service, TCBUnsetBreakpoint, 0, seL4_Null, 1, words, seL4_Null);
}

/* Single-step the thread every num_instructions instructions (0: stop). */
LIBSEL4_INLINE seL4_TCB_ConfigureSingleStepping_t seL4_TCB_ConfigureSingleStepping(seL4_TCB _service,
                                                                                   seL4_Uint16 bp_num,
                                                                                   seL4_Word num_instructions)
{
    seL4_TCB_ConfigureSingleStepping_t result = {0};
    seL4_Word words[] = {bp_num, num_instructions};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, TCBConfigureSingleStepping, 0, seL4_Null, 2, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.bp_was_consumed = out[0] & 0x1;
    return result;
}
#endif /* CONFIG_HARDWARE_DEBUG_API */

/* Set the thread's TLS base (FS base). */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetTLSBase(seL4_TCB _service, seL4_Word tls_base)
{
    seL4_Word words[] = {tls_base};

    return libsel4_invoke(_service, TCBSetTLSBase, 0, seL4_Null, 1, words, seL4_Null);
}

/* Clear then set seL4_TCBFlag bits; returns the resulting flags. */
LIBSEL4_INLINE seL4_TCB_SetFlags_t seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear, seL4_Word set)
{
    seL4_TCB_SetFlags_t result = {0};
    seL4_Word words[] = {clear, set};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, TCBSetFlags, 0, seL4_Null, 2, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.flags = out[0];
    return result;
}

/* ======================================================================== */
/* CNode: slots are named by (index, depth) relative to the invoked CNode.  */

/* Delete every capability derived from the one in the slot. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Revoke(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Word words[] = {index, depth};

    return libsel4_invoke(_service, CNodeRevoke, 0, seL4_Null, 2, words, seL4_Null);
}

/* Delete the capability in the slot. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Delete(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Word words[] = {index, depth};

    return libsel4_invoke(_service, CNodeDelete, 0, seL4_Null, 2, words, seL4_Null);
}

/* Cancel pending sends made with the badge of the endpoint cap in the slot. */
LIBSEL4_INLINE seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Word words[] = {index, depth};

    return libsel4_invoke(_service, CNodeCancelBadgedSends, 0, seL4_Null, 2, words, seL4_Null);
}

/* Copy a cap from (src_root, src_index, src_depth) with reduced rights. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Copy(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                          seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                          seL4_CapRights_t rights)
{
    seL4_CPtr caps[] = {src_root};
    seL4_Word words[] = {dest_index, dest_depth, src_index, src_depth, rights.words[0]};

    return libsel4_invoke(_service, CNodeCopy, 1, caps, 5, words, seL4_Null);
}

/* Copy a cap with reduced rights and a badge (or CNode guard). */
LIBSEL4_INLINE seL4_Error seL4_CNode_Mint(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                          seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                          seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr caps[] = {src_root};
    seL4_Word words[] = {dest_index, dest_depth, src_index, src_depth, rights.words[0], badge};

    return libsel4_invoke(_service, CNodeMint, 1, caps, 6, words, seL4_Null);
}

/* Move a cap. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Move(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                          seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_CPtr caps[] = {src_root};
    seL4_Word words[] = {dest_index, dest_depth, src_index, src_depth};

    return libsel4_invoke(_service, CNodeMove, 1, caps, 4, words, seL4_Null);
}

/* Move a cap, changing its badge/guard data. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Mutate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                            seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                            seL4_Word badge)
{
    seL4_CPtr caps[] = {src_root};
    seL4_Word words[] = {dest_index, dest_depth, src_index, src_depth, badge};

    return libsel4_invoke(_service, CNodeMutate, 1, caps, 5, words, seL4_Null);
}

/* Move pivot -> dest and src -> pivot in one step, setting badges. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Rotate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                            seL4_Word dest_badge, seL4_CNode pivot_root, seL4_Word pivot_index,
                                            seL4_Uint8 pivot_depth, seL4_Word pivot_badge, seL4_CNode src_root,
                                            seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_CPtr caps[] = {pivot_root, src_root};
    seL4_Word words[] = {dest_index, dest_depth, dest_badge, pivot_index, pivot_depth, pivot_badge, src_index,
                         src_depth};

    return libsel4_invoke(_service, CNodeRotate, 2, caps, 8, words, seL4_Null);
}

/* Move this thread's reply cap into the slot. */
LIBSEL4_INLINE seL4_Error seL4_CNode_SaveCaller(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Word words[] = {index, depth};

    return libsel4_invoke(_service, CNodeSaveCaller, 0, seL4_Null, 2, words, seL4_Null);
}

/* ======================================================================== */
/* IRQs                                                                     */

/* Create an IRQ handler cap for `irq` in (root, index, depth). */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_Get(seL4_IRQControl _service, seL4_Word irq, seL4_CNode root,
                                              seL4_Word index, seL4_Uint8 depth)
{
    seL4_CPtr caps[] = {root};
    seL4_Word words[] = {irq, index, depth};

    return libsel4_invoke(_service, IRQIssueIRQHandler, 1, caps, 3, words, seL4_Null);
}

/* Create an IRQ handler cap for an I/O APIC pin, delivered at `vector`. */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_GetIOAPIC(seL4_IRQControl _service, seL4_CNode root, seL4_Word index,
                                                    seL4_Uint8 depth, seL4_Word ioapic, seL4_Word pin,
                                                    seL4_Word level, seL4_Word polarity, seL4_Word vector)
{
    seL4_CPtr caps[] = {root};
    seL4_Word words[] = {index, depth, ioapic, pin, level, polarity, vector};

    return libsel4_invoke(_service, X86IRQIssueIRQHandlerIOAPIC, 1, caps, 7, words, seL4_Null);
}

/* Create an IRQ handler cap for an MSI, delivered at `vector`. */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_GetMSI(seL4_IRQControl _service, seL4_CNode root, seL4_Word index,
                                                 seL4_Uint8 depth, seL4_Word pci_bus, seL4_Word pci_dev,
                                                 seL4_Word pci_func, seL4_Word handle, seL4_Word vector)
{
    seL4_CPtr caps[] = {root};
    seL4_Word words[] = {index, depth, pci_bus, pci_dev, pci_func, handle, vector};

    return libsel4_invoke(_service, X86IRQIssueIRQHandlerMSI, 1, caps, 7, words, seL4_Null);
}

/* Acknowledge the interrupt so it can fire again. */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler _service)
{
    return libsel4_invoke(_service, IRQAckIRQ, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Signal `notification` when the interrupt fires. */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler _service, seL4_CPtr notification)
{
    seL4_CPtr caps[] = {notification};

    return libsel4_invoke(_service, IRQSetIRQHandler, 1, caps, 0, seL4_Null, seL4_Null);
}

/* Stop signalling a notification for the interrupt. */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler _service)
{
    return libsel4_invoke(_service, IRQClearIRQHandler, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* ======================================================================== */
/* Domains                                                                  */

/* Move `thread` to `domain`. */
LIBSEL4_INLINE seL4_Error seL4_DomainSet_Set(seL4_DomainSet _service, seL4_Uint8 domain, seL4_TCB thread)
{
    seL4_CPtr caps[] = {thread};
    seL4_Word words[] = {domain};

    return libsel4_invoke(_service, DomainSetSet, 1, caps, 1, words, seL4_Null);
}

/* Set entry `index` of the domain schedule. */
LIBSEL4_INLINE seL4_Error seL4_DomainSet_ScheduleConfigure(seL4_DomainSet _service, seL4_Word index,
                                                           seL4_Uint8 domain, seL4_Time duration)
{
    seL4_Word words[] = {index, domain, duration};

    return libsel4_invoke(_service, DomainScheduleConfigure, 0, seL4_Null, 3, words, seL4_Null);
}

/* Restart the domain schedule at entry `index`. */
LIBSEL4_INLINE seL4_Error seL4_DomainSet_ScheduleSetStart(seL4_DomainSet _service, seL4_Word index)
{
    seL4_Word words[] = {index};

    return libsel4_invoke(_service, DomainScheduleSetStart, 0, seL4_Null, 1, words, seL4_Null);
}

/* ======================================================================== */
/* x86_64 paging: PML4 > PDPT > page directory > page table > page.         */

/* Map a PDPT into `pml4` at vaddr (rounded down to 512 GiB). */
LIBSEL4_INLINE seL4_Error seL4_X86_PDPT_Map(seL4_X86_PDPT _service, seL4_X64_PML4 pml4, seL4_Word vaddr,
                                            seL4_X86_VMAttributes attr)
{
    seL4_CPtr caps[] = {pml4};
    seL4_Word words[] = {vaddr, (seL4_Word)attr};

    return libsel4_invoke(_service, X86PDPTMap, 1, caps, 2, words, seL4_Null);
}

/* Unmap the PDPT from its PML4. */
LIBSEL4_INLINE seL4_Error seL4_X86_PDPT_Unmap(seL4_X86_PDPT _service)
{
    return libsel4_invoke(_service, X86PDPTUnmap, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Map a page directory into `vspace` at vaddr (rounded down to 1 GiB). */
LIBSEL4_INLINE seL4_Error seL4_X86_PageDirectory_Map(seL4_X86_PageDirectory _service, seL4_CPtr vspace,
                                                     seL4_Word vaddr, seL4_X86_VMAttributes attr)
{
    seL4_CPtr caps[] = {vspace};
    seL4_Word words[] = {vaddr, (seL4_Word)attr};

    return libsel4_invoke(_service, X86PageDirectoryMap, 1, caps, 2, words, seL4_Null);
}

/* Unmap the page directory from its PDPT. */
LIBSEL4_INLINE seL4_Error seL4_X86_PageDirectory_Unmap(seL4_X86_PageDirectory _service)
{
    return libsel4_invoke(_service, X86PageDirectoryUnmap, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Map a page table into `vspace` at vaddr (rounded down to 2 MiB). */
LIBSEL4_INLINE seL4_Error seL4_X86_PageTable_Map(seL4_X86_PageTable _service, seL4_CPtr vspace, seL4_Word vaddr,
                                                 seL4_X86_VMAttributes attr)
{
    seL4_CPtr caps[] = {vspace};
    seL4_Word words[] = {vaddr, (seL4_Word)attr};

    return libsel4_invoke(_service, X86PageTableMap, 1, caps, 2, words, seL4_Null);
}

/* Unmap the page table from its page directory. */
LIBSEL4_INLINE seL4_Error seL4_X86_PageTable_Unmap(seL4_X86_PageTable _service)
{
    return libsel4_invoke(_service, X86PageTableUnmap, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* Map a frame (4 KiB, 2 MiB or 1 GiB) into `vspace` at vaddr. */
LIBSEL4_INLINE seL4_Error seL4_X86_Page_Map(seL4_X86_Page _service, seL4_CPtr vspace, seL4_Word vaddr,
                                            seL4_CapRights_t rights, seL4_X86_VMAttributes attr)
{
    seL4_CPtr caps[] = {vspace};
    seL4_Word words[] = {vaddr, rights.words[0], (seL4_Word)attr};

    return libsel4_invoke(_service, X86PageMap, 1, caps, 3, words, seL4_Null);
}

/* Unmap the frame. */
LIBSEL4_INLINE seL4_Error seL4_X86_Page_Unmap(seL4_X86_Page _service)
{
    return libsel4_invoke(_service, X86PageUnmap, 0, seL4_Null, 0, seL4_Null, seL4_Null);
}

/* The frame's physical address. */
LIBSEL4_INLINE seL4_X86_Page_GetAddress_t seL4_X86_Page_GetAddress(seL4_X86_Page _service)
{
    seL4_X86_Page_GetAddress_t result = {0};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, X86PageGetAddress, 0, seL4_Null, 0, seL4_Null, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.paddr = out[0];
    return result;
}

/* Turn a 4 KiB untyped into an ASID pool cap at (root, index, depth). */
LIBSEL4_INLINE seL4_Error seL4_X86_ASIDControl_MakePool(seL4_X86_ASIDControl _service, seL4_Untyped untyped,
                                                        seL4_CNode root, seL4_Word index, seL4_Uint8 depth)
{
    seL4_CPtr caps[] = {untyped, root};
    seL4_Word words[] = {index, depth};

    return libsel4_invoke(_service, X86ASIDControlMakePool, 2, caps, 2, words, seL4_Null);
}

/* Give the PML4 `vspace` an ASID from this pool. */
LIBSEL4_INLINE seL4_Error seL4_X86_ASIDPool_Assign(seL4_X86_ASIDPool _service, seL4_CPtr vspace)
{
    seL4_CPtr caps[] = {vspace};

    return libsel4_invoke(_service, X86ASIDPoolAssign, 1, caps, 0, seL4_Null, seL4_Null);
}

/* ======================================================================== */
/* x86 I/O ports                                                            */

/* Create a cap for ports first_port..last_port at (root, index, depth). */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPortControl_Issue(seL4_X86_IOPortControl _service, seL4_Word first_port,
                                                       seL4_Word last_port, seL4_CNode root, seL4_Word index,
                                                       seL4_Uint8 depth)
{
    seL4_CPtr caps[] = {root};
    seL4_Word words[] = {first_port, last_port, index, depth};

    return libsel4_invoke(_service, X86IOPortControlIssue, 1, caps, 4, words, seL4_Null);
}

/* Read a byte from `port`. */
LIBSEL4_INLINE seL4_X86_IOPort_In8_t seL4_X86_IOPort_In8(seL4_X86_IOPort _service, seL4_Uint16 port)
{
    seL4_X86_IOPort_In8_t result = {0};
    seL4_Word words[] = {port};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, X86IOPortIn8, 0, seL4_Null, 1, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.result = (seL4_Uint8)out[0];
    return result;
}

/* Read 16 bits from `port`. */
LIBSEL4_INLINE seL4_X86_IOPort_In16_t seL4_X86_IOPort_In16(seL4_X86_IOPort _service, seL4_Uint16 port)
{
    seL4_X86_IOPort_In16_t result = {0};
    seL4_Word words[] = {port};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, X86IOPortIn16, 0, seL4_Null, 1, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.result = (seL4_Uint16)out[0];
    return result;
}

/* Read 32 bits from `port`. */
LIBSEL4_INLINE seL4_X86_IOPort_In32_t seL4_X86_IOPort_In32(seL4_X86_IOPort _service, seL4_Uint16 port)
{
    seL4_X86_IOPort_In32_t result = {0};
    seL4_Word words[] = {port};
    seL4_Word out[4];

    result.error = libsel4_invoke(_service, X86IOPortIn32, 0, seL4_Null, 1, words, out);
    if (result.error != seL4_NoError) {
        return result;
    }
    result.result = (seL4_Uint32)out[0];
    return result;
}

/* Write a byte to `port`. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out8(seL4_X86_IOPort _service, seL4_Word port, seL4_Word data)
{
    seL4_Word words[] = {port, data};

    return libsel4_invoke(_service, X86IOPortOut8, 0, seL4_Null, 2, words, seL4_Null);
}

/* Write 16 bits to `port`. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out16(seL4_X86_IOPort _service, seL4_Word port, seL4_Word data)
{
    seL4_Word words[] = {port, data};

    return libsel4_invoke(_service, X86IOPortOut16, 0, seL4_Null, 2, words, seL4_Null);
}

/* Write 32 bits to `port`. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out32(seL4_X86_IOPort _service, seL4_Word port, seL4_Word data)
{
    seL4_Word words[] = {port, data};

    return libsel4_invoke(_service, X86IOPortOut32, 0, seL4_Null, 2, words, seL4_Null);
}

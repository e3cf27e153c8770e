/*
 * decodeInvocation: dispatch an invocation to the decoder of the invoked
 * cap's object type (seL4's src/object/objecttype.c).
 */
#include <sel4/errors.h>

#include "../include/kernel.h"
#include "../include/printf.h"

/* Object types whose invocations later issues add; named so the userError is plain. */
static const char *pending_type_name(enum cap_tag t)
{
    switch (t) {
    case cap_untyped_cap:
        return "Untyped";
    case cap_cnode_cap:
        return "CNode";
    case cap_frame_cap:
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
    case cap_asid_control_cap:
    case cap_asid_pool_cap:
        return "VSpace object";
    case cap_irq_control_cap:
    case cap_irq_handler_cap:
        return "IRQ";
    case cap_domain_cap:
        return "Domain";
    case cap_io_port_control_cap:
    case cap_io_port_cap:
        return "I/O port";
    default:
        return "this";
    }
}

exception_t decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                              bool is_blocking, bool is_call, word_t *buffer)
{
    (void)is_blocking;
    switch (cap_get_type(cap)) {
    case cap_null_cap:
        userError("Attempted to invoke a null cap #%lu.", cptr);
        current_syscall_error.type = seL4_InvalidCapability;
        current_syscall_error.invalid_cap_number = 0;
        return EXCEPTION_SYSCALL_ERROR;
    case cap_thread_cap:
        return decode_tcb_invocation(label, length, cap, slot, is_call, buffer);
    default:
        userError("%s invocations are not implemented yet in Mica (label %lu).",
                  pending_type_name(cap_get_type(cap)), label);
        current_syscall_error.type = seL4_IllegalOperation;
        return EXCEPTION_SYSCALL_ERROR;
    }
}

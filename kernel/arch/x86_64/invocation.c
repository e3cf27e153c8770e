/*
 * Invocations of x86-64 arch caps (seL4's Arch_decodeInvocation): frames and
 * paging structures (vspace_invocation.c), ASID control and pools (asid.c).
 * I/O port caps arrive with their own issue.
 */
#include <sel4/errors.h>

#include "../../include/kernel.h"
#include "../../include/printf.h"
#include "invocation.h"

/* Dispatch on the arch cap type, as seL4's Arch_decodeInvocation and decodeX86MMUInvocation. */
exception_t arch_decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                                   bool call, word_t *buffer)
{
    (void)cptr;
    switch (cap_get_type(cap)) {
    case cap_frame_cap:
        return decode_x86_frame_invocation(label, length, slot, cap, call, buffer);
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
        return decode_x86_table_invocation(label, length, slot, cap, buffer);
    case cap_pml4_cap:
        /* seL4 has no PML4 invocation: a PML4 is used through ASIDPool_Assign. */
        userError("X64PML4: Illegal operation.");
        return arch_syscall_error(seL4_IllegalOperation);
    case cap_asid_control_cap:
        return decode_x86_asid_control_invocation(label, length, buffer);
    case cap_asid_pool_cap:
        return decode_x86_asid_pool_invocation(label, cap);
    default:
        userError("I/O port invocations are not implemented yet in Mica (cap type %lu, label %lu).",
                  (word_t)cap_get_type(cap), label);
        return arch_syscall_error(seL4_IllegalOperation);
    }
}

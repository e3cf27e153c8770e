/*
 * Invocations of x86-64 arch caps (seL4's decodeX86MMUInvocation and the
 * I/O port decoders): paging structures, frames, ASID control and pools.
 */
#include <sel4/errors.h>

#include "../../include/kernel.h"
#include "../../include/printf.h"

exception_t arch_decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                                   word_t *buffer)
{
    (void)length;
    (void)cptr;
    (void)slot;
    (void)buffer;
    userError("VSpace and I/O port invocations are not implemented yet in Mica (cap type %lu, label %lu).",
              (word_t)cap_get_type(cap), label);
    current_syscall_error.type = seL4_IllegalOperation;
    return EXCEPTION_SYSCALL_ERROR;
}

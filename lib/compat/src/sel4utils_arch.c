/*
 * Initial register state for new threads on x86-64 (<sel4utils/helpers.h>).
 */
#include <sel4utils/helpers.h>
#include <utils/util.h>

/* Start at entry_point on stack_top with RDX cleared (seL4: RDX is the atexit argument). */
int sel4utils_arch_init_context(void *entry_point, void *stack_top, seL4_UserContext *context)
{
    context->rsp = (seL4_Word)stack_top;
    context->rdx = 0;
    context->rip = (seL4_Word)entry_point;
    return 0;
}

/* Start in entry_point(arg0, arg1, arg2); -1 if stack_top is not 16-byte aligned. */
int sel4utils_arch_init_context_with_args(sel4utils_thread_entry_fn entry_point, void *arg0,
                                          void *arg1, void *arg2, bool local_stack,
                                          void *stack_top, seL4_UserContext *context, void *vka,
                                          void *local_vspace, void *remote_vspace)
{
    (void)local_stack;
    (void)vka;
    (void)local_vspace;
    (void)remote_vspace;
    if (!IS_ALIGNED((uintptr_t)stack_top, STACK_CALL_ALIGNMENT_BITS)) {
        ZF_LOGE("Initial stack pointer must be %d byte aligned", STACK_CALL_ALIGNMENT);
        return -1;
    }
    /* Enter as if called: the return-address slot is below the aligned top. */
    sel4utils_arch_init_context((void *)entry_point, (char *)stack_top - sizeof(uintptr_t), context);
    context->rdi = (seL4_Word)arg0;
    context->rsi = (seL4_Word)arg1;
    context->rdx = (seL4_Word)arg2;
    return 0;
}

/*
 * Host stand-ins for the arch layer and the console, so generic kernel code
 * (derivation tree, object operations, scheduler) runs in host unit tests.
 * Arch caps do not occur in these tests; their hooks do the plain thing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/include/objecttype.h"
#include "../../kernel/include/kernel.h"
#include "../../kernel/include/printf.h"

int kprintf(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}
void user_error_prefix(const char *func, int line)
{
    (void)func;
    (void)line;
}
void user_error_suffix(void) {}
void kernel_fail(const char *what, const char *file, int line, const char *func)
{
    fprintf(stderr, "kernel bug: %s at %s:%d %s\n", what, file, line, func);
    abort();
}
void arch_console_putchar(char c) { (void)c; }
void arch_halt(void) { abort(); }
word_t arch_read_tsc(void) { return 0; }
void arch_init_user_context(struct tcb *t) { (void)t; }
void arch_switch_to_thread(struct tcb *from, struct tcb *to)
{
    (void)from;
    (void)to;
}
void arch_restore_user_context(struct tcb *t)
{
    (void)t;
    abort();
}
void arch_idle(void) { abort(); }
word_t arch_get_restart_pc(const struct tcb *t) { return t->arch.regs[REG_FAULTIP]; }
word_t arch_get_sp(const struct tcb *t) { return t->arch.regs[REG_RSP]; }
void arch_forget_thread(struct tcb *t) { (void)t; }
void arch_set_tls_base(struct tcb *t, word_t base) { t->arch.regs[REG_FS_BASE] = base; }
derive_ret_t arch_derive_cap(cte_t *slot, cap_t cap)
{
    (void)slot;
    return (derive_ret_t){EXCEPTION_NONE, cap};
}
finalise_ret_t arch_finalise_cap(cap_t cap, bool final)
{
    (void)cap;
    (void)final;
    return (finalise_ret_t){cap_null_cap_new(), cap_null_cap_new()};
}
bool arch_same_region_as(cap_t a, cap_t b) { return a.words[1] == b.words[1]; }
bool arch_same_object_as(cap_t a, cap_t b) { return a.words[1] == b.words[1]; }
cap_t arch_mask_cap_rights(word_t rights, cap_t cap)
{
    (void)rights;
    return cap;
}
word_t arch_get_object_size(word_t type)
{
    (void)type;
    return 12;
}
bool arch_is_frame_type(word_t type) { return type == 8; }
cap_t arch_create_object(word_t type, word_t region, bool device)
{
    (void)type;
    (void)device;
    return cap_frame_cap_new(region, FRAME_4K, 3, device, 0, 0);
}
bool arch_irq_pending(void) { return false; }

/* glibc 2.36 has no strlcpy; the kernel's semantics. */
size_t strlcpy(char *d, const char *s, size_t size)
{
    size_t n = strlen(s);
    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(d, s, c);
        d[c] = '\0';
    }
    return n;
}

/* Invocation decoders are exercised in QEMU, not here. */
exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot,
                                  bool is_call, word_t *buffer)
{
    (void)label, (void)length, (void)cap, (void)slot, (void)is_call, (void)buffer;
    abort();
}
exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer)
{
    (void)label, (void)length, (void)cap, (void)buffer;
    abort();
}
exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer)
{
    (void)label, (void)length, (void)cap, (void)slot, (void)buffer;
    abort();
}
exception_t arch_decode_invocation(word_t label, word_t length, word_t cptr, cte_t *slot, cap_t cap,
                                   bool call, word_t *buffer)
{
    (void)label, (void)length, (void)cptr, (void)slot, (void)cap, (void)call, (void)buffer;
    abort();
}
void arch_ack_interrupt(void) {}
word_t *arch_lookup_ipc_buffer(const struct tcb *t, bool is_receiver)
{
    (void)t, (void)is_receiver;
    return NULL;
}
exception_t lookup_extra_caps(tcb_t *t, const word_t *buffer, seL4_MessageInfo_t info)
{
    (void)t, (void)buffer, (void)info;
    return EXCEPTION_NONE;
}
word_t set_mrs_fault(tcb_t *sender, tcb_t *receiver, word_t *buf)
{
    (void)sender, (void)receiver, (void)buf;
    return 0;
}
bool handle_fault_reply(tcb_t *receiver, tcb_t *sender)
{
    (void)receiver, (void)sender;
    return true;
}

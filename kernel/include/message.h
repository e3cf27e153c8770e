/*
 * Message registers: MR0..MR3 travel in registers, MRn (n >= 4) in the IPC
 * buffer at word n+1 (word 0 is the tag).  Kernel replies and fault messages
 * are written with set_mr, which stops at the registers if there is no buffer.
 */
#pragma once

#include <sel4/constants.h>
#include <sel4/shared_types.h>

#include "structures.h"

static const int msg_registers[N_MSG_REGISTERS] = MSG_REGISTER_LIST;

/* Argument i of an invocation: a register, or the sender's buffer (may be NULL). */
static inline word_t get_syscall_arg(const tcb_t *t, word_t i, const word_t *buffer)
{
    if (i < N_MSG_REGISTERS) {
        return tcb_reg(t, msg_registers[i]);
    }
    return buffer ? buffer[i + 1] : 0;
}

/* Set MRi of the receiver; returns the next index, or N_MSG_REGISTERS without a buffer. */
static inline word_t set_mr(tcb_t *t, word_t *buffer, word_t i, word_t v)
{
    if (i < N_MSG_REGISTERS) {
        tcb_set_reg(t, msg_registers[i], v);
        return i + 1;
    }
    if (buffer) {
        buffer[i + 1] = v;
        return i + 1;
    }
    return N_MSG_REGISTERS;
}

/* Decode a message-info word, clamping the length to seL4_MsgMaxLength as seL4 does. */
static inline seL4_MessageInfo_t message_info_from_word(word_t w)
{
    seL4_MessageInfo_t mi = {{w}};
    if (seL4_MessageInfo_get_length(mi) > seL4_MsgMaxLength) {
        mi = seL4_MessageInfo_set_length(mi, seL4_MsgMaxLength);
    }
    return mi;
}

/*
 * <sel4utils/arch/util.h>: read and set the instruction and stack pointer
 * in an x86-64 seL4_UserContext.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdint.h>


/* Set where the thread starts (or resumes) executing. */
static inline void sel4utils_set_instruction_pointer(seL4_UserContext *regs, seL4_Word value)
{
    regs->rip = value;
}

/* The instruction pointer held in regs. */
static inline seL4_Word sel4utils_get_instruction_pointer(seL4_UserContext regs)
{
    return regs.rip;
}

/* The stack pointer held in regs. */
static inline seL4_Word sel4utils_get_sp(seL4_UserContext regs)
{
    return regs.rsp;
}

/* Set the thread's stack pointer. */
static inline void sel4utils_set_stack_pointer(seL4_UserContext *regs, seL4_Word value)
{
    regs->rsp = value;
}

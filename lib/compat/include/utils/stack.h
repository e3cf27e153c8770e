/*
 * <utils/stack.h>: the stack alignment the x86-64 calling convention wants at
 * a call instruction.
 */
#pragma once

#include <utils/arith.h>

#define STACK_CALL_ALIGNMENT 16
#define STACK_CALL_ALIGNMENT_BITS 4

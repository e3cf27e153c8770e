/*
 * The Call and ReplyRecv fastpath (fastpath/fastpath.c), entered from the
 * arch syscall entry; each either completes the syscall and leaves the
 * kernel, or continues in the slowpath (c_handle_syscall).
 */
#pragma once

#include "types.h"

NORETURN void fastpath_call(word_t cptr, word_t info, sword_t syscall);
NORETURN void fastpath_reply_recv(word_t cptr, word_t info, sword_t syscall);
/* The slowpath of every syscall (arch entry code). */
NORETURN void c_handle_syscall(word_t cptr, word_t info, sword_t syscall);

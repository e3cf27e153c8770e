/* TCB invocations: the ThreadControl update shared by Configure, SetSpace, SetIPCBuffer. */
#pragma once

#include "cspace.h"

#define TC_UPDATE_SPACE 1u
#define TC_UPDATE_IPC_BUFFER 2u

typedef struct thread_control {
    unsigned flags;
    word_t fault_ep;          /* CPtr (non-MCS): looked up at fault time */
    cap_t croot, vroot;       /* derived caps to install */
    cte_t *croot_slot, *vroot_slot;
    vptr_t buffer_addr;
    cap_t buffer_cap;
    cte_t *buffer_slot;       /* NULL: no buffer frame */
} thread_control_t;

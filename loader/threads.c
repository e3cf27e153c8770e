/*
 * The programs' CSpaces and threads.  Caps are minted from our originals:
 * endpoint and notification caps with their badge, CNode caps with their
 * guard, all with their rights.  Each TCB gets its CSpace (with the guard
 * that makes CPtrs resolve at depth 64), VSpace, IPC buffer, fault
 * endpoint, priority and MCP (authority: our own TCB, MCP 255), the name of
 * its TCB object (as capDL's loader names threads) and its initial RIP and
 * RSP.  Only when every thread is ready are they resumed, in program order.
 */
#include "loader.h"

/* The rights argument of CNode_Mint for a cap's SYSCAP_* bits. */
static seL4_CapRights_t cap_rights(uint8_t r)
{
    return seL4_CapRights_new((r & SYSCAP_GRANT_REPLY) != 0, (r & SYSCAP_GRANT) != 0,
                              (r & SYSCAP_READ) != 0, (r & SYSCAP_WRITE) != 0);
}

/* Put one cap into program p's CNode. */
static void place_cap(const struct loader *l, const struct sysimage_program *p,
                      const struct sysimage_cap *c)
{
    seL4_Word data = 0;
    switch (l->objects[c->object].kind) {
    case SYSOBJ_ENDPOINT:
    case SYSOBJ_NOTIFICATION:
        data = c->data;
        break;
    case SYSOBJ_CNODE:
        data = seL4_CNode_CapData_new(c->data, c->guard_size).words[0];
        break;
    default:
        break;
    }
    if (c->slot >= (1ul << p->cnode_bits)) {
        loader_fail("slot %lu does not fit the CNode of %s", (unsigned long)c->slot,
                    loader_string(l, p->name));
    }
    loader_check(seL4_CNode_Mint(l->slot[p->cnode], c->slot, p->cnode_bits, seL4_CapInitThreadCNode,
                                 l->slot[c->object], seL4_WordBits, cap_rights(c->rights), data),
                 "CNode_Mint", loader_string(l, p->name));
}

/* Fill every program's CNode. */
void loader_fill_cspaces(struct loader *l)
{
    for (uint32_t i = 0; i < l->h->n_programs; i++) {
        const struct sysimage_program *p = &l->programs[i];
        for (uint32_t k = 0; k < p->n_caps; k++) {
            place_cap(l, p, &l->caps[p->first_cap + k]);
        }
    }
}

/* Configure program p's thread, ready to be resumed. */
static void configure(const struct loader *l, const struct sysimage_program *p)
{
    const char *name = loader_string(l, p->name);
    seL4_CPtr tcb = l->slot[p->tcb];
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - p->cnode_bits).words[0];
    loader_check(seL4_TCB_Configure(tcb, p->fault_ep, l->slot[p->cnode], guard, l->slot[p->vspace],
                                    0, p->ipc_buffer, l->slot[p->ipc_frame]),
                 "TCB_Configure", name);
    loader_check(seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, p->mcp, p->priority),
                 "TCB_SetSchedParams", name);
    seL4_DebugNameThread(tcb, loader_string(l, p->thread_name));
    seL4_UserContext regs = {0};
    regs.rip = p->entry;
    regs.rsp = p->stack_pointer;
    loader_check(seL4_TCB_WriteRegisters(tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs),
                 "TCB_WriteRegisters", name);
}

/* Configure every program's thread. */
void loader_configure_threads(struct loader *l)
{
    for (uint32_t i = 0; i < l->h->n_programs; i++) {
        configure(l, &l->programs[i]);
    }
}

/* Make every thread runnable, in program order. */
void loader_start_threads(struct loader *l)
{
    for (uint32_t i = 0; i < l->h->n_programs; i++) {
        loader_check(seL4_TCB_Resume(l->slot[l->programs[i].tcb]), "TCB_Resume",
                     loader_string(l, l->programs[i].name));
    }
}

/*
 * Mica tutorial "fault-handlers", the faulting program.  You do not need
 * to change it: the tasks are all in handler.c.
 *
 * It tells the handler which of its slots is free for a fault endpoint,
 * waits until the handler has set one up, then uses an empty slot, which
 * is a cap fault the kernel reports to that endpoint.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <utils/attribute.h>

#define PROGNAME "Faulter: "

/* Prepared by the loader (fault-handlers.system): */
extern seL4_CPtr sequencing_ep_cap;                       /* to talk to the handler */
extern seL4_CPtr local_badged_faulter_fault_ep_empty_cap; /* empty: the handler fills it */
extern seL4_CPtr faulter_empty_cap;                       /* empty: touching it faults */

/* Receive on slot without blocking: a cap fault if the slot is empty. */
static void touch(seL4_CPtr slot)
{
    UNUSED seL4_Word badge;
    seL4_NBRecv(slot, &badge);
}

int main(void)
{
    printf(PROGNAME "Running. About to send empty slot CPtr to handler.\n");
    seL4_SetMR(0, local_badged_faulter_fault_ep_empty_cap);
    seL4_Call(sequencing_ep_cap, seL4_MessageInfo_new(0, 0, 0, 1));

    printf(PROGNAME "Handler has minted fault EP into our cspace. Proceeding.\n");
    printf(PROGNAME "About to touch fault vaddr.\n");
    touch(faulter_empty_cap);

    printf(PROGNAME "Successfully executed past the fault.\n"
           PROGNAME "Finished execution.\n");
    return 0;
}

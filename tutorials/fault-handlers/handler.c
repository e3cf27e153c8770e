/*
 * Mica tutorial "fault-handlers", the fault handler.  README.md walks you
 * through the tasks; each TODO below is one of them.  After every change
 * run `ninja` and `./check` in the build directory.
 */
#include <assert.h>
#include <stdio.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <autoconf.h>

#define FAULTER_BADGE_VALUE (0xBEEF)
#define PROGNAME "Handler: "

/* Prepared by the loader (fault-handlers.system): */
extern seL4_CPtr sequencing_ep_cap;           /* shared with the faulter (no Grant here) */
extern seL4_CPtr faulter_fault_ep_cap;        /* the endpoint faults will arrive on */
extern seL4_CPtr handler_cspace_root;         /* our own CNode */
extern seL4_CPtr badged_faulter_fault_ep_cap; /* empty: for a badged copy of the fault EP */
extern seL4_CPtr faulter_tcb_cap;             /* the faulter's thread ... */
extern seL4_CPtr faulter_vspace_root;         /* ... its VSpace root ... */
extern seL4_CPtr faulter_cspace_root;         /* ... and its CNode */

int main(void)
{
    int error;
    seL4_Word badge;
    seL4_CPtr faulter_slot;   /* free slot in the faulter's CSpace, for the fault EP */
    UNUSED seL4_CPtr fault_addr; /* the CPtr whose lookup faulted */

    printf(PROGNAME "Handler thread running!\n"
           PROGNAME "About to wait for empty slot from faulter.\n");
    seL4_Recv(sequencing_ep_cap, &badge);
    faulter_slot = seL4_GetMR(0);
    printf(PROGNAME "Received init sequence msg: slot in faulter's cspace is %lu.\n", faulter_slot);

/*@ todo fault-badge */
    /* A badged copy of the fault endpoint: the badge tells us who faulted. */
/*@ end */
/*@ todo fault-badge */
    /* TODO (fault-badge): which cap is the source of the badged copy? */
    error = seL4_CNode_Mint(handler_cspace_root, badged_faulter_fault_ep_cap, seL4_WordBits,
                            handler_cspace_root, -1, seL4_WordBits, seL4_AllRights,
                            FAULTER_BADGE_VALUE);
/*@ done fault-badge */
    error = seL4_CNode_Mint(handler_cspace_root, badged_faulter_fault_ep_cap, seL4_WordBits,
                            handler_cspace_root, faulter_fault_ep_cap, seL4_WordBits,
                            seL4_AllRights, FAULTER_BADGE_VALUE);
/*@ end */
/*@ todo fault-badge */
    ZF_LOGF_IF(error != 0, PROGNAME "Failed to mint ep cap with badge!");
    printf(PROGNAME "Successfully minted fault handling ep into local cspace.\n");

    /* On the master kernel the fault endpoint is looked up in the faulter's
     * CSpace when it faults, so the badged cap must be there too. */
/*@ end */
/*@ todo fault-badge */
    /* TODO (fault-badge): where in the faulter's CSpace does it go? */
    error = seL4_CNode_Copy(faulter_cspace_root, -1, seL4_WordBits, handler_cspace_root,
                            badged_faulter_fault_ep_cap, seL4_WordBits, seL4_AllRights);
/*@ done fault-badge */
    error = seL4_CNode_Copy(faulter_cspace_root, faulter_slot, seL4_WordBits, handler_cspace_root,
                            badged_faulter_fault_ep_cap, seL4_WordBits, seL4_AllRights);
/*@ end */
/*@ todo fault-badge */
    ZF_LOGF_IF(error != 0, PROGNAME "Failed to copy badged ep cap into faulter's cspace!");
    printf(PROGNAME "Successfully copied badged fault handling ep into faulter's cspace.\n"
           PROGNAME "(Only necessary on Master kernel.)\n");
/*@ end */

/*@ todo fault-ep-setup */
    /* Register the fault endpoint: a CPtr the kernel resolves in the
     * faulter's CSpace whenever the faulter faults. */
/*@ end */
/*@ todo fault-ep-setup */
    /* TODO (fault-ep-setup): which CPtr names the badged endpoint over there? */
    error = seL4_TCB_SetSpace(faulter_tcb_cap, 0, faulter_cspace_root, 0, faulter_vspace_root, 0);
/*@ done fault-ep-setup */
    error = seL4_TCB_SetSpace(faulter_tcb_cap, faulter_slot, faulter_cspace_root, 0,
                              faulter_vspace_root, 0);
/*@ end */
/*@ todo fault-ep-setup */
    ZF_LOGF_IF(error != 0, PROGNAME "Failed to configure faulter's TCB with our fault ep!");
    printf(PROGNAME "Successfully registered badged fault handling ep with the kernel.\n"
           PROGNAME "About to wake the faulter thread.\n");

    /* Wake the faulter (it is waiting for our reply), then wait for its fault. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Recv(faulter_fault_ep_cap, &badge);
/*@ end */

/*@ todo fault-ipc-recv */
    /* A cap fault message holds the faulting CPtr in one of its registers. */
/*@ end */
/*@ todo fault-ipc-recv */
    /* TODO (fault-ipc-recv): which message register is it? */
    fault_addr = seL4_GetMR(0);
/*@ done fault-ipc-recv */
    fault_addr = seL4_GetMR(seL4_CapFault_Addr);
/*@ end */
/*@ todo fault-ipc-recv */
    printf(PROGNAME "Received fault IPC message from the kernel.\n"
           PROGNAME "Fault occured at cap addr %lu within faulter's cspace.\n", fault_addr);
/*@ end */

/*@ todo fault-handle */
    /* Fix the fault: put a cap the faulter can receive on into that slot. */
/*@ end */
/*@ todo fault-handle */
    /* TODO (fault-handle): which slot of the faulter's CSpace needs it? */
    error = seL4_CNode_Copy(faulter_cspace_root, -1, seL4_WordBits, handler_cspace_root,
                            sequencing_ep_cap, seL4_WordBits, seL4_AllRights);
/*@ done fault-handle */
    error = seL4_CNode_Copy(faulter_cspace_root, fault_addr, seL4_WordBits, handler_cspace_root,
                            sequencing_ep_cap, seL4_WordBits, seL4_AllRights);
/*@ end */
/*@ todo fault-handle */
    ZF_LOGF_IF(error != 0, PROGNAME "Failed to copy a cap into faulter's cspace to resolve the fault!");
    printf(PROGNAME "Successfully copied a cap into foreign faulting slot.\n"
           PROGNAME "About to resume the faulter thread.\n");
/*@ end */

/*@ todo fault-resume */
    /* TODO (fault-resume): let the faulter run again. */
/*@ done fault-resume */
    /* Replying to a fault message restarts the faulting instruction. */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
/*@ end */
/*@ todo fault-resume */
    printf(PROGNAME "Successfully resumed faulter thread.\n"
           PROGNAME "Finished execution.\n");
/*@ end */

    return 0;
}

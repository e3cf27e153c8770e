/*
 * VMFAULT0002: the mapping tutorial's last step.  A page mapped through a
 * new PDPT, PD and PT and then remapped read-only can be read; a write to
 * it is a VM fault on data with status 0x7 (present, write, user).
 */
#include <sel4/sel4.h>
#include <stdio.h>

#define VADDR 0x10000001000ul

/* The smallest RAM untyped with room for the four objects (so its first reset is short). */
static seL4_CPtr small_untyped(const seL4_BootInfo *bi)
{
    seL4_CPtr best = 0;
    seL4_Word best_bits = 64;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits >= 14 && u->sizeBits < best_bits) {
            best = bi->untyped.start + i;
            best_bits = u->sizeBits;
        }
    }
    return best;
}

/* Retype one object of `type` into `slot`; complain if it fails. */
static void make(seL4_CPtr ut, seL4_Word type, seL4_CPtr slot)
{
    seL4_Error err = seL4_Untyped_Retype(ut, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (err != seL4_NoError) {
        printf("vm_readonly_write: retype of type %lu failed: %d\n", (unsigned long)type, err);
    }
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr ut = small_untyped(bi), s = bi->empty.start, vspace = seL4_CapInitThreadVSpace;
    make(ut, seL4_X86_PDPTObject, s);
    make(ut, seL4_X86_PageDirectoryObject, s + 1);
    make(ut, seL4_X86_PageTableObject, s + 2);
    make(ut, seL4_X86_4K, s + 3);
    int err = seL4_X86_PDPT_Map(s, vspace, VADDR, seL4_X86_Default_VMAttributes);
    err |= seL4_X86_PageDirectory_Map(s + 1, vspace, VADDR, seL4_X86_Default_VMAttributes);
    err |= seL4_X86_PageTable_Map(s + 2, vspace, VADDR, seL4_X86_Default_VMAttributes);
    err |= seL4_X86_Page_Map(s + 3, vspace, VADDR, seL4_ReadWrite, seL4_X86_Default_VMAttributes);
    volatile unsigned long *p = (volatile unsigned long *)VADDR;
    *p = 42;
    err |= seL4_X86_Page_Map(s + 3, vspace, VADDR, seL4_CanRead, seL4_X86_Default_VMAttributes);
    printf("vm_readonly_write: mapped (errors %d), read %lu; writing to %#lx\n", err, *p, VADDR);
    *p = 43;
    printf("vm_readonly_write: still running after the fault (wrong)\n");
    return 0;
}

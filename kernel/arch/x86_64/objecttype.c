/*
 * x86-64 capabilities and objects: frames (4K/2M/1G), PT, PD, PDPT, PML4,
 * ASID control and pools, I/O ports (seL4's arch/x86 objecttype.c).
 */
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>

#include "../../include/objecttype.h"
#include "../../include/printf.h"
#include "../../include/util.h"
#include "vspace.h"

/* seL4's userError text for deriving a paging structure that is not mapped. */
static const char *derive_unmapped_text(enum cap_tag t)
{
    switch (t) {
    case cap_page_table_cap:
        return "Deriving an unmapped PT cap";
    case cap_page_directory_cap:
        return "Deriving a PD cap without an assigned ASID";
    case cap_pdpt_cap:
        return "Deriving an unmapped PTPD cap";
    default:
        return "Deriving a PML4 cap without an assigned ASID";
    }
}

/*
 * seL4's Arch_deriveCap: paging structures only once mapped (else
 * IllegalOperation); a frame copy records no mapping; I/O port control
 * cannot be copied.
 */
derive_ret_t arch_derive_cap(cte_t *slot, cap_t cap)
{
    (void)slot;
    switch (cap_get_type(cap)) {
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
        if (cap_vm_asid(cap) != 0) {
            return (derive_ret_t){EXCEPTION_NONE, cap};
        }
        userError("%s", derive_unmapped_text(cap_get_type(cap)));
        current_syscall_error.type = seL4_IllegalOperation;
        return (derive_ret_t){EXCEPTION_SYSCALL_ERROR, cap_null_cap_new()};
    case cap_frame_cap: /* a copy of a frame cap is not mapped */
        cap_vm_set_mapping(&cap, 0, 0);
        return (derive_ret_t){EXCEPTION_NONE, cap};
    case cap_io_port_control_cap:
        return (derive_ret_t){EXCEPTION_NONE, cap_null_cap_new()};
    default:
        return (derive_ret_t){EXCEPTION_NONE, cap};
    }
}

/*
 * seL4's Arch_finaliseCap: any frame cap with a mapping unmaps it; the last
 * cap to a mapped table unmaps the table; the last PML4 cap frees its ASID;
 * the last pool cap empties its ASID-table entry.  Nothing is left over.
 */
finalise_ret_t arch_finalise_cap(cap_t cap, bool final)
{
    switch (cap_get_type(cap)) {
    case cap_frame_cap:
        if (cap_vm_asid(cap)) {
            x86_unmap_frame(cap);
        }
        break;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
        if (final && cap_vm_asid(cap)) {
            x86_unmap_table(cap);
        }
        break;
    case cap_pml4_cap:
        if (final && cap_vm_asid(cap)) {
            x86_delete_asid(cap_vm_asid(cap), cap_vm_ptr(cap));
        }
        break;
    case cap_asid_pool_cap:
        if (final) {
            x86_delete_asid_pool(cap_asid_pool_base(cap), cap_vm_ptr(cap));
        }
        break;
    default:
        break;
    }
    return (finalise_ret_t){cap_null_cap_new(), cap_null_cap_new()};
}

/* log2 of a frame cap's size. */
static word_t frame_bits(cap_t c)
{
    return 12 + 9 * (word_t)cap_frame_size(c);
}

/* seL4's Arch_sameRegionAs: a frame contains another; other caps name the same object. */
bool arch_same_region_as(cap_t a, cap_t b)
{
    enum cap_tag ta = cap_get_type(a), tb = cap_get_type(b);
    switch (ta) {
    case cap_frame_cap:
        if (tb == cap_frame_cap) {
            word_t a_base = cap_vm_ptr(a), b_base = cap_vm_ptr(b);
            word_t a_top = a_base + MASK(frame_bits(a)), b_top = b_base + MASK(frame_bits(b));
            return a_base <= b_base && a_top >= b_top && b_base <= b_top;
        }
        return false;
    case cap_page_table_cap:
    case cap_page_directory_cap:
    case cap_pdpt_cap:
    case cap_pml4_cap:
    case cap_asid_pool_cap:
        return tb == ta && cap_vm_ptr(a) == cap_vm_ptr(b);
    case cap_asid_control_cap:
        return tb == cap_asid_control_cap;
    case cap_io_port_control_cap:
        return tb == cap_io_port_control_cap || tb == cap_io_port_cap;
    case cap_io_port_cap:
        return tb == cap_io_port_cap && cap_io_port_first(a) == cap_io_port_first(b) &&
               cap_io_port_last(a) == cap_io_port_last(b);
    default:
        return false;
    }
}

/* seL4's Arch_sameObjectAs: frames must match exactly (base, size, device). */
bool arch_same_object_as(cap_t a, cap_t b)
{
    if (cap_get_type(a) == cap_io_port_control_cap && cap_get_type(b) == cap_io_port_cap) {
        return false;
    }
    if (cap_get_type(a) == cap_frame_cap && cap_get_type(b) == cap_frame_cap) {
        return cap_vm_ptr(a) == cap_vm_ptr(b) && cap_frame_size(a) == cap_frame_size(b) &&
               cap_frame_is_device(a) == cap_frame_is_device(b);
    }
    return arch_same_region_as(a, b);
}

/*
 * seL4's maskVMRights: reading needs Read; writing needs Read and Write.
 * Anything less is kernel-only (a write-only request is reported).
 */
word_t x86_mask_vm_rights(word_t vm, word_t rights)
{
    bool r = rights & CAP_RIGHT_READ, w = rights & CAP_RIGHT_WRITE;
    if (vm == VM_READ_ONLY && r) {
        return VM_READ_ONLY;
    }
    if (vm == VM_READ_WRITE && r) {
        return w ? VM_READ_WRITE : VM_READ_ONLY;
    }
    if (vm == VM_READ_WRITE && !r && w) {
        userError("Attempted to make unsupported write only mapping");
    }
    return VM_KERNEL_ONLY;
}

/* Copies and mints of a frame cap keep at most the rights of the mask. */
cap_t arch_mask_cap_rights(word_t rights, cap_t cap)
{
    if (cap_get_type(cap) != cap_frame_cap) {
        return cap;
    }
    cap_frame_set_rights(&cap, x86_mask_vm_rights(cap_frame_rights(cap), rights));
    return cap;
}

/* Size bits of the x86-64 object types: tables and 4 KiB frames 12, large 21, huge 30. */
word_t arch_get_object_size(word_t type)
{
    switch (type) {
    case seL4_X86_4K:
    case seL4_X86_PageTableObject:
    case seL4_X86_PageDirectoryObject:
    case seL4_X86_PDPTObject:
    case seL4_X64_PML4Object:
        return 12;
    case seL4_X86_LargePageObject:
        return 21;
    case seL4_X64_HugePageObject:
        return 30;
    default:
        return 0;
    }
}

/* Frames are the only objects a device untyped may hold (besides untypeds). */
bool arch_is_frame_type(word_t type)
{
    return type == seL4_X86_4K || type == seL4_X86_LargePageObject ||
           type == seL4_X64_HugePageObject;
}

/* The cap of a new arch object in zeroed memory; a PML4 gets the kernel's mappings. */
cap_t arch_create_object(word_t type, word_t region, bool device)
{
    switch (type) {
    case seL4_X86_4K:
        return cap_frame_cap_new(region, FRAME_4K, VM_READ_WRITE, device, 0, 0);
    case seL4_X86_LargePageObject:
        return cap_frame_cap_new(region, FRAME_2M, VM_READ_WRITE, device, 0, 0);
    case seL4_X64_HugePageObject:
        return cap_frame_cap_new(region, FRAME_1G, VM_READ_WRITE, device, 0, 0);
    case seL4_X86_PageTableObject:
        return cap_vm_cap_new(cap_page_table_cap, region, 0, 0);
    case seL4_X86_PageDirectoryObject:
        return cap_vm_cap_new(cap_page_directory_cap, region, 0, 0);
    case seL4_X86_PDPTObject:
        return cap_vm_cap_new(cap_pdpt_cap, region, 0, 0);
    case seL4_X64_PML4Object:
        x86_copy_kernel_mappings((uint64_t *)region);
        return cap_vm_cap_new(cap_pml4_cap, region, 0, 0);
    default:
        fail("arch_create_object: not an arch object type");
    }
}

/*
 * Mapping invocations on x86-64 (seL4's decodeX86FrameInvocation,
 * decodeX86PageTableInvocation, decodeX64PageDirectoryInvocation,
 * decodeX64PDPTInvocation): frames of 4 KiB, 2 MiB and 1 GiB, and the
 * three kinds of lower paging table.
 *
 * A frame or table cap records where it is mapped: (ASID, vaddr), ASID 0
 * meaning "not mapped".  The PML4 is found through the ASID, so a mapping
 * whose ASID has gone is simply unreachable.  Every change to a present
 * entry of the loaded VSpace is followed by a TLB flush (vspace.c).
 */
#include <sel4/invocation.h>
#include <sel4/shared_types.h>

#include "../../include/cdt.h"
#include "../../include/message.h"
#include "../../include/printf.h"
#include "../../include/thread.h"
#include "../../include/util.h"
#include "invocation.h"
#include "vspace.h"

/* seL4's isValidNativeRoot: a PML4 cap with an ASID. */
static bool is_valid_native_root(cap_t c)
{
    return cap_get_type(c) == cap_pml4_cap && cap_vm_asid(c) != 0;
}

/*
 * seL4's findVSpaceForASID check after isValidNativeRoot: the root's ASID
 * must still name this PML4.  No PML4 for the ASID (its pool was deleted):
 * FailedLookup with InvalidRoot; another PML4: InvalidCapability(1).
 */
static exception_t check_vspace_for_asid(cap_t root, const char *who)
{
    uint64_t *pml4 = x86_find_vspace_for_asid(cap_vm_asid(root));
    if (!pml4) {
        userError("%s: ASID %lu of the VSpace root has no VSpace.", who, cap_vm_asid(root));
        return arch_failed_lookup((lookup_fault_t){lookup_fault_invalid_root, 0, 0, 0});
    }
    if ((word_t)pml4 != cap_vm_ptr(root)) {
        userError("%s: ASID %lu of the VSpace root names another VSpace.", who, cap_vm_asid(root));
        return arch_invalid_capability(1);
    }
    return EXCEPTION_NONE;
}

/* A paging structure is missing on the way down: FailedLookup, MissingCapability(bits_left). */
static exception_t missing_table(const char *who, word_t vaddr, word_t bits_left)
{
    userError("%s: No %s mapped at address %p.", who,
              bits_left == level_bits(LEVEL_PML4)   ? "PDPT"
              : bits_left == level_bits(LEVEL_PDPT) ? "page directory"
                                                    : "page table",
              (void *)vaddr);
    return arch_failed_lookup((lookup_fault_t){lookup_fault_missing_capability, bits_left, 0, 0});
}

/* ---- lower paging tables ------------------------------------------------------------- */

/* Per table type: its labels and seL4's userError texts. */
typedef struct table_kind {
    word_t map_label, unmap_label;
    const char *who, *not_final, *illegal, *truncated, *mapped, *too_high;
} table_kind_t;

/* Indexed by the level of the parent entry (table_cap_level). */
static const table_kind_t table_kinds[] = {
    [LEVEL_PD] = {X86PageTableMap, X86PageTableUnmap, "X86PageTable",
                  "X86PageTable: Cannot unmap if more than one cap exists.",
                  "X86PageTable: Illegal operation.", "X86PageTable: Truncated message.",
                  "X86PageTable: Page table is already mapped to a page directory.",
                  "X86PageTable: Mapping address too high."},
    [LEVEL_PDPT] = {X86PageDirectoryMap, X86PageDirectoryUnmap, "X64PageDirectory",
                    "X86PageDirectory: Cannot unmap if more than one cap exist.",
                    "X64Directory: Illegal operation.", "X64PageDirectory: Truncated message.",
                    "X64PageDirectory: PD is already mapped to a PML4.",
                    "X64PageDirectory: Mapping address too high."},
    [LEVEL_PML4] = {X86PDPTMap, X86PDPTUnmap, "X64PDPT",
                    "X86PDPT: Cannot unmap if more than one cap exist.",
                    "X86PDPT: Illegal operation.", "X64PDPT: Truncated message.",
                    "X64PDPT: PDPT is already mapped to a PML4.",
                    "X64PDPT: Mapping address too high."},
};

/* Enter the table in its parent and record the mapping in the cap. */
static exception_t invoke_table_map(cte_t *slot, cap_t cap, uint64_t *entry, uint64_t value,
                                    const uint64_t *pml4)
{
    slot->cap = cap;
    *entry = value;
    /* seL4 invalidates the paging-structure caches here; invlpg of any address does that. */
    x86_flush_page(pml4, cap_vm_vaddr(cap));
    return EXCEPTION_NONE;
}

/*
 * Take the table out of its parent (if it is still there) and zero it, so
 * it keeps no stale entries for a later mapping, as seL4 does.
 */
static exception_t invoke_table_unmap(cte_t *slot)
{
    cap_t cap = slot->cap;
    if (cap_vm_asid(cap) != 0) {
        x86_unmap_table(cap);
        memset((void *)cap_vm_ptr(cap), 0, BIT(PAGE_BITS));
    }
    cap_vm_set_mapping(&slot->cap, 0, 0);
    return EXCEPTION_NONE;
}

/* The Map checks after the label and length: the table, the root, the address, the parent entry. */
static exception_t decode_table_map(const table_kind_t *k, int level, cte_t *slot, cap_t cap,
                                    word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (cap_vm_asid(cap) != 0) {
        userError("%s", k->mapped);
        return arch_invalid_capability(0);
    }
    word_t vaddr = get_syscall_arg(t, 0, buffer) & ~MASK(level_bits(level));
    word_t attr = get_syscall_arg(t, 1, buffer);
    cap_t root = current_extra_caps.excaprefs[0]->cap;
    if (!is_valid_native_root(root)) {
        userError("%s: Invalid VSpace root: not a PML4 with an assigned ASID.", k->who);
        return arch_invalid_capability(1);
    }
    if (vaddr > USER_TOP) {
        userError("%s", k->too_high);
        return arch_invalid_argument(0);
    }
    exception_t status = check_vspace_for_asid(root, k->who);
    if (status != EXCEPTION_NONE) {
        return status;
    }
    uint64_t *pml4 = (uint64_t *)cap_vm_ptr(root);
    pt_slot_ret_t lu = x86_lookup_slot(pml4, vaddr, level);
    if (!lu.slot) {
        return missing_table(k->who, vaddr, lu.bits_left);
    }
    if (*lu.slot & PTE_P) {
        userError("%s: Something is already mapped at address %p.", k->who, (void *)vaddr);
        return arch_syscall_error(seL4_DeleteFirst);
    }
    cap_vm_set_mapping(&cap, cap_vm_asid(root), vaddr);
    uint64_t entry = x86_make_table_entry(pptr_to_paddr(cap_vm_ptr(cap)), attr);
    set_thread_state(t, ThreadState_Restart);
    return invoke_table_map(slot, cap, lu.slot, entry, pml4);
}

/* PT, PD and PDPT caps: Unmap (needs the last cap), else Map. */
exception_t decode_x86_table_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                        word_t *buffer)
{
    int level = table_cap_level(cap);
    const table_kind_t *k = &table_kinds[level];
    if (label == k->unmap_label) {
        if (!is_final_capability(slot)) {
            userError("%s", k->not_final);
            return arch_syscall_error(seL4_RevokeFirst);
        }
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        return invoke_table_unmap(slot);
    }
    if (label != k->map_label) {
        userError("%s", k->illegal);
        return arch_syscall_error(seL4_IllegalOperation);
    }
    if (length < 2 || !current_extra_caps.excaprefs[0]) {
        userError("%s", k->truncated);
        return arch_syscall_error(seL4_TruncatedMessage);
    }
    return decode_table_map(k, level, slot, cap, buffer);
}

/* ---- frames -------------------------------------------------------------------------- */

/* Write the frame's entry (a new mapping or a remap) and record it in the cap. */
static exception_t invoke_frame_map(cte_t *slot, cap_t cap, uint64_t *entry, uint64_t value,
                                    const uint64_t *pml4)
{
    slot->cap = cap;
    *entry = value;
    /* A remap may take rights away, and a new mapping may replace another frame's. */
    x86_flush_page(pml4, cap_vm_vaddr(cap));
    return EXCEPTION_NONE;
}

/* Remove the frame's mapping, if it has one, and forget it in the cap. */
static exception_t invoke_frame_unmap(cte_t *slot)
{
    if (cap_vm_asid(slot->cap) != 0) {
        x86_unmap_frame(slot->cap);
    }
    cap_vm_set_mapping(&slot->cap, 0, 0);
    return EXCEPTION_NONE;
}

/* Reply (to a Call) with the frame's physical address in MR0; the caller runs on. */
static exception_t invoke_frame_get_address(cap_t cap, bool call)
{
    tcb_t *t = ks_cur_thread;
    if (call) {
        word_t *buffer = arch_lookup_ipc_buffer(t, true);
        tcb_set_reg(t, REG_BADGE, 0);
        word_t length = set_mr(t, buffer, 0, pptr_to_paddr(cap_vm_ptr(cap)));
        tcb_set_reg(t, REG_MSGINFO, seL4_MessageInfo_new(0, 0, 0, length).words[0]);
    }
    set_thread_state(t, ThreadState_Running);
    return EXCEPTION_NONE;
}

/*
 * Where the frame may go: a mapped frame only to the same address in the
 * same VSpace (a remap); an unmapped one anywhere that fits below USER_TOP.
 */
static exception_t check_frame_target(cap_t cap, word_t asid, word_t vaddr)
{
    if (cap_vm_asid(cap) != 0) {
        if (cap_vm_asid(cap) != asid) {
            userError("X86Frame: Attempting to remap a frame that is mapped in another VSpace.");
            return arch_invalid_capability(1);
        }
        if (cap_vm_vaddr(cap) != vaddr) {
            userError("X86Frame: Attempting to map frame into multiple addresses");
            return arch_invalid_argument(0);
        }
        return EXCEPTION_NONE;
    }
    word_t top = vaddr + BIT(level_bits((int)cap_frame_size(cap)));
    if (vaddr > USER_TOP || top > USER_TOP) {
        userError("X86Frame: Mapping address too high.");
        return arch_invalid_argument(0);
    }
    return EXCEPTION_NONE;
}

/* X86_Page_Map(vspace, vaddr, rights, attr). */
static exception_t decode_frame_map(word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 3 || !current_extra_caps.excaprefs[0]) {
        userError("X86Frame: Truncated message.");
        return arch_syscall_error(seL4_TruncatedMessage);
    }
    int level = (int)cap_frame_size(cap);
    word_t vaddr = get_syscall_arg(t, 0, buffer);
    word_t rights = get_syscall_arg(t, 1, buffer);
    word_t attr = get_syscall_arg(t, 2, buffer);
    cap_t root = current_extra_caps.excaprefs[0]->cap;
    if (!is_valid_native_root(root)) {
        userError("X86FrameMap: Attempting to map frame into invalid page directory cap.");
        return arch_invalid_capability(1);
    }
    exception_t status = check_frame_target(cap, cap_vm_asid(root), vaddr);
    if (status == EXCEPTION_NONE) {
        status = check_vspace_for_asid(root, "X86Frame");
    }
    if (status != EXCEPTION_NONE) {
        return status;
    }
    word_t vm_rights = x86_mask_vm_rights(cap_frame_rights(cap), rights);
    if (!IS_ALIGNED(vaddr, level_bits(level))) {
        userError("X86Frame: Address %p is not aligned to the frame size.", (void *)vaddr);
        return arch_syscall_error(seL4_AlignmentError);
    }
    uint64_t *pml4 = (uint64_t *)cap_vm_ptr(root);
    pt_slot_ret_t lu = x86_lookup_slot(pml4, vaddr, level);
    if (!lu.slot) {
        return missing_table("X86Frame", vaddr, lu.bits_left);
    }
    if (level != LEVEL_PT && x86_entry_is_table(*lu.slot, level)) {
        userError("X86Frame: A paging table is mapped at address %p.", (void *)vaddr);
        return arch_syscall_error(seL4_DeleteFirst);
    }
    cap_vm_set_mapping(&cap, cap_vm_asid(root), vaddr);
    uint64_t entry = x86_make_frame_entry(pptr_to_paddr(cap_vm_ptr(cap)), level, vm_rights, attr);
    set_thread_state(t, ThreadState_Restart);
    return invoke_frame_map(slot, cap, lu.slot, entry, pml4);
}

/* Frame caps: Map, Unmap (no checks at all) and GetAddress. */
exception_t decode_x86_frame_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                        bool call, word_t *buffer)
{
    switch (label) {
    case X86PageMap:
        return decode_frame_map(length, slot, cap, buffer);
    case X86PageUnmap:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        return invoke_frame_unmap(slot);
    case X86PageGetAddress:
        set_thread_state(ks_cur_thread, ThreadState_Restart);
        return invoke_frame_get_address(cap, call);
    default:
        userError("X86Frame: Illegal operation.");
        return arch_syscall_error(seL4_IllegalOperation);
    }
}

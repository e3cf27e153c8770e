/*
 * Kernel address space and the parts of user address spaces the kernel
 * needs before the VSpace invocations exist: the kernel window, copying it
 * into user PML4s, walking a user VSpace (stack traces, IPC buffers) and
 * switching address spaces.
 *
 *   vaddr bits:  47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0 offset
 */
#include "vspace.h"

#include "../../include/printf.h"
#include "../../include/thread.h"
#include "../../include/util.h"
#include "machine.h"

#define WINDOW_PDS_MAX 64 /* 2 MiB-page window without 1 GiB pages: up to 64 GiB */

uint64_t x86_kernel_pml4[512] ALIGNED(4096);
static uint64_t kernel_pdpt[512] ALIGNED(4096);
static uint64_t kernel_image_pd[512] ALIGNED(4096);
static uint64_t window_pds[WINDOW_PDS_MAX][512] ALIGNED(4096);

/* x86KSASIDTable: the ASID pools, 512 ASIDs each. */
static word_t asid_table[BIT(3)];

static paddr_t kvirt_to_phys(const void *p)
{
    return (word_t)p - KERNEL_OFFSET;
}

/*
 * Build the final kernel tables: the window maps physical [0, top) at
 * PPTR_BASE (1 GiB pages when the CPU has them, else 2 MiB pages), with the
 * 3-4 GiB PCI hole uncached; the image maps physical 0..1 GiB at KERNEL_OFFSET.
 * All mappings are global and never executable except the image.
 */
void x86_kernel_window_init(paddr_t top_of_ram)
{
    word_t gibs = MAX(ROUND_UP(top_of_ram, 30) >> 30, 4ul);
    word_t max_gibs = x86_features.pdpe1gb ? PPTR_WINDOW_MAX_GIB : WINDOW_PDS_MAX;
    gibs = MIN(gibs, max_gibs);
    word_t nx = x86_features.nx ? PTE_NX : 0;
    for (word_t g = 0; g < gibs; g++) {
        word_t cache = (g == 3) ? (PTE_PCD | PTE_PWT) : 0;
        if (x86_features.pdpe1gb) {
            kernel_pdpt[g] = (g << 30) | PTE_P | PTE_RW | PTE_PS | PTE_G | cache | nx;
            continue;
        }
        for (word_t i = 0; i < 512; i++) {
            window_pds[g][i] = (g << 30) | (i << 21) | PTE_P | PTE_RW | PTE_PS | PTE_G | cache | nx;
        }
        kernel_pdpt[g] = kvirt_to_phys(window_pds[g]) | PTE_P | PTE_RW;
    }
    for (word_t i = 0; i < 512; i++) {
        kernel_image_pd[i] = (i << 21) | PTE_P | PTE_RW | PTE_PS | PTE_G;
    }
    kernel_pdpt[510] = kvirt_to_phys(kernel_image_pd) | PTE_P | PTE_RW;
    x86_kernel_pml4[511] = kvirt_to_phys(kernel_pdpt) | PTE_P | PTE_RW;
    write_cr3(kvirt_to_phys(x86_kernel_pml4));
}

/* Every user PML4 shares the kernel's top entry; user code cannot reach it (no US bit). */
void x86_copy_kernel_mappings(uint64_t *pml4)
{
    pml4[511] = x86_kernel_pml4[511];
}

void x86_set_asid_pool(word_t pool_index, word_t pool_pptr)
{
    asid_table[pool_index] = pool_pptr;
}

/*
 * Walk pml4 for vaddr; returns the kernel-window address of the byte, or 0
 * if any level is absent or not user-accessible.
 */
static word_t user_walk(const uint64_t *pml4, word_t vaddr, bool need_write)
{
    const uint64_t *table = pml4;
    for (int level = 3; level >= 0; level--) {
        uint64_t e = table[pt_index(vaddr, level)];
        if (!(e & PTE_P) || !(e & PTE_US) || (need_write && !(e & PTE_RW))) {
            return 0;
        }
        if (level == 0 || (e & PTE_PS)) {
            word_t page_bits = 12 + 9 * (word_t)level;
            return paddr_to_pptr((e & PTE_ADDR_MASK & ~MASK(page_bits)) | (vaddr & MASK(page_bits)));
        }
        table = (const uint64_t *)paddr_to_pptr(e & PTE_ADDR_MASK);
    }
    return 0;
}

uint64_t *x86_find_vspace_for_asid(word_t asid)
{
    word_t pool = asid_table[(asid >> 9) & 7];
    if (!pool || asid == 0) {
        return NULL;
    }
    return (uint64_t *)((word_t *)pool)[asid & 0x1ff];
}

/* A thread's VSpace: its VTable cap's PML4, if that PML4 still owns the cap's ASID. */
static const uint64_t *thread_pml4(const tcb_t *t)
{
    cap_t c = tcb_cte(t, tcbVTable)->cap;
    if (cap_get_type(c) != cap_pml4_cap || cap_vm_asid(c) == 0) {
        return NULL;
    }
    uint64_t *pml4 = x86_find_vspace_for_asid(cap_vm_asid(c));
    return (word_t)pml4 == cap_vm_ptr(c) ? pml4 : NULL;
}

/* Drop stale translations of a VSpace: only the loaded one can have any (no PCIDs). */
static void flush_vspace(const uint64_t *pml4, word_t vaddr, bool whole)
{
    if (read_cr3() != pptr_to_paddr((word_t)pml4)) {
        return;
    }
    if (whole) {
        write_cr3(read_cr3());
    } else {
        invlpg(vaddr);
    }
}

/*
 * The entry at `level` for vaddr in the ASID's VSpace, if every table above
 * it is present (and not a large page); NULL otherwise.
 */
static uint64_t *entry_for(word_t asid, word_t vaddr, int level, uint64_t **root)
{
    uint64_t *t = x86_find_vspace_for_asid(asid);
    *root = t;
    for (int l = 3; t && l > level; l--) {
        uint64_t e = t[pt_index(vaddr, l)];
        t = ((e & PTE_P) && !(e & PTE_PS)) ? (uint64_t *)paddr_to_pptr(e & PTE_ADDR_MASK) : NULL;
    }
    return t ? &t[pt_index(vaddr, level)] : NULL;
}

/* Remove a frame's mapping if it is still the one recorded in its cap. */
void x86_unmap_frame(cap_t frame)
{
    int level = (int)cap_frame_size(frame);
    uint64_t *root;
    uint64_t *e = entry_for(cap_vm_asid(frame), cap_vm_vaddr(frame), level, &root);
    if (e && (*e & PTE_P) && (*e & PTE_ADDR_MASK) == pptr_to_paddr(cap_vm_ptr(frame)) &&
        (level == 0 || (*e & PTE_PS))) {
        *e = 0;
        flush_vspace(root, cap_vm_vaddr(frame), false);
    }
}

/* Remove a PT, PD or PDPT from its parent if it is still there. */
void x86_unmap_table(cap_t table)
{
    int level = cap_get_type(table) == cap_page_table_cap       ? 1
                : cap_get_type(table) == cap_page_directory_cap ? 2
                                                                : 3;
    uint64_t *root;
    uint64_t *e = entry_for(cap_vm_asid(table), cap_vm_vaddr(table), level, &root);
    if (e && (*e & PTE_P) && !(*e & PTE_PS) &&
        (*e & PTE_ADDR_MASK) == pptr_to_paddr(cap_vm_ptr(table))) {
        *e = 0;
        flush_vspace(root, 0, true);
    }
}

/* Switch away from a VSpace that is going away. */
static void leave_vspace(word_t pml4)
{
    if (read_cr3() == pptr_to_paddr(pml4)) {
        write_cr3(kvirt_to_phys(x86_kernel_pml4));
    }
}

void x86_delete_asid(word_t asid, word_t pml4)
{
    word_t pool = asid_table[(asid >> 9) & 7];
    if (pool && ((word_t *)pool)[asid & 0x1ff] == pml4) {
        ((word_t *)pool)[asid & 0x1ff] = 0;
        leave_vspace(pml4);
    }
}

void x86_delete_asid_pool(word_t asid_base, word_t pool)
{
    if (asid_table[(asid_base >> 9) & 7] != pool) {
        return;
    }
    for (word_t i = 0; i < 512; i++) {
        word_t pml4 = ((word_t *)pool)[i];
        if (pml4) {
            leave_vspace(pml4);
        }
    }
    asid_table[(asid_base >> 9) & 7] = 0;
}

bool arch_read_user_word(const tcb_t *t, vptr_t vaddr, word_t *out)
{
    const uint64_t *pml4 = thread_pml4(t);
    if (!pml4 || !IS_ALIGNED(vaddr, 3) || vaddr >= USER_TOP) {
        return false;
    }
    word_t p = user_walk(pml4, vaddr, false);
    if (!p) {
        return false;
    }
    *out = *(const word_t *)p;
    return true;
}

/*
 * The IPC buffer through the frame cap in the TCB's buffer slot (not the
 * user mapping): NULL if there is no frame cap, it is a device frame, or a
 * receiver's frame is not writable.
 */
word_t *arch_lookup_ipc_buffer(const tcb_t *t, bool is_receiver)
{
    cap_t c = tcb_cte(t, tcbBuffer)->cap;
    if (cap_get_type(c) != cap_frame_cap || cap_frame_is_device(c)) {
        return NULL;
    }
    /* vm rights: 3 ReadWrite, 2 ReadOnly (enough to send from), 1 KernelOnly */
    word_t rights = cap_frame_rights(c);
    if (rights != 3 && (is_receiver || rights != 2)) {
        return NULL;
    }
    word_t size_bits = 12 + 9 * (word_t)cap_frame_size(c);
    return (word_t *)(cap_vm_ptr(c) + (t->ipc_buffer & MASK(size_bits)));
}

/* FPU state follows the thread eagerly; CR3 changes only when the VSpace does. */
static tcb_t *fpu_owner;

void arch_switch_to_thread(tcb_t *from, tcb_t *to)
{
    (void)from;
    if (to == ks_idle_thread) {
        return;
    }
    if (fpu_owner != to) {
        if (fpu_owner) {
            fxsave(fpu_owner->arch.fpu);
        }
        fxrstor(to->arch.fpu);
        fpu_owner = to;
    }
    const uint64_t *pml4 = thread_pml4(to);
    paddr_t root = pml4 ? pptr_to_paddr((word_t)pml4) : kvirt_to_phys(x86_kernel_pml4);
    if (read_cr3() != root) {
        write_cr3(root);
    }
}

/* A deleted TCB must not stay the FPU owner (its memory may be reused). */
void arch_forget_thread(tcb_t *t)
{
    if (fpu_owner == t) {
        fpu_owner = NULL;
    }
}

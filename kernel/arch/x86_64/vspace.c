/*
 * Kernel address space and the kernel's side of user address spaces: the
 * kernel window, copying it into user PML4s, the ASID table, removing
 * mappings when caps go, TLB flushes, walking a user VSpace (stack traces)
 * and switching address spaces.  The invocations are in vspace_invocation.c
 * and asid.c; entry formats and the table walk in paging.h.
 *
 * The kernel never dereferences a user virtual address: IPC buffers are
 * reached through the frame cap's kernel-window address and user words are
 * read by walking the tables.  So SMAP and SMEP are on whenever the CPU has them.
 */
#include "vspace.h"

#include "../../include/printf.h"
#include "../../include/thread.h"
#include "../../include/util.h"
#include "machine.h"

#define WINDOW_PDS_MAX 64 /* 2 MiB-page window without 1 GiB pages: up to 64 GiB */

/*
 * IA32_PAT as seL4 sets it: PAT index (PAT<<2 | PCD<<1 | PWT) 0 WB, 1 WT,
 * 2 UC-, 3 UC, 4 WC; indices 5..7 keep their reset values (WT, UC-, UC).
 * So the VM attributes WriteBack, WriteThrough, CacheDisabled, Uncacheable
 * and WriteCombining (0..4) select exactly these types.
 */
#define MSR_PAT 0x277
#define PAT_UC 0x00ul
#define PAT_WC 0x01ul
#define PAT_WT 0x04ul
#define PAT_WB 0x06ul
#define PAT_UC_MINUS 0x07ul

uint64_t x86_kernel_pml4[512] ALIGNED(4096);
static uint64_t kernel_pdpt[512] ALIGNED(4096);
static uint64_t kernel_image_pd[512] ALIGNED(4096);
static uint64_t window_pds[WINDOW_PDS_MAX][512] ALIGNED(4096);

/* x86KSASIDTable: the ASID pools, 512 ASIDs each. */
word_t x86_asid_table[N_ASID_POOLS]; /* pool pointers; read inline by the fastpath */

/* Physical address of a kernel-image object. */
static paddr_t kvirt_to_phys(const void *p)
{
    return (word_t)p - KERNEL_OFFSET;
}

/* CPUID.1:EDX bit 16: the page attribute table. */
static bool cpu_has_pat(void)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    return d & BIT(16);
}

/*
 * Cache types and kernel/user separation: program the PAT as seL4 does
 * (seL4 refuses to boot without one; a CPU without PAT keeps WC = WB), and
 * turn on SMEP and SMAP when CPUID reports them (seL4 leaves SMAP off in
 * printing builds because its stack dumps read user memory directly; ours
 * walk the tables).
 */
uint8_t x86_smap_on; /* CR4.SMAP is set: trap entry clears RFLAGS.AC (traps.S) */

static void x86_protection_init(void)
{
    if (cpu_has_pat()) {
        uint64_t pat = rdmsr(MSR_PAT) & ~MASK(40);
        pat |= PAT_WB | (PAT_WT << 8) | (PAT_UC_MINUS << 16) | (PAT_UC << 24) | (PAT_WC << 32);
        wrmsr(MSR_PAT, pat);
    }
    word_t cr4 = read_cr4();
    if (x86_features.smep) {
        cr4 |= CR4_SMEP;
    }
    if (x86_features.smap) {
        cr4 |= CR4_SMAP;
        x86_smap_on = 1;
    }
    write_cr4(cr4);
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
    x86_protection_init();
}

/* Every user PML4 shares the kernel's top entry; user code cannot reach it (no US bit). */
void x86_copy_kernel_mappings(uint64_t *pml4)
{
    pml4[511] = x86_kernel_pml4[511];
}

/* The pool at an index of the ASID table (bits 11:9 of an ASID), or 0 if free. */
word_t x86_asid_pool_at(word_t pool_index)
{
    return x86_asid_table[pool_index];
}

/* Enter (or, with 0, remove) a pool in the ASID table. */
void x86_set_asid_pool(word_t pool_index, word_t pool_pptr)
{
    x86_asid_table[pool_index] = pool_pptr;
}

/*
 * Walk pml4 for vaddr; returns the kernel-window address of the byte, or 0
 * if any level is absent or not user-accessible.
 */
static word_t user_walk(const uint64_t *pml4, word_t vaddr, bool need_write)
{
    const uint64_t *table = pml4;
    for (int level = LEVEL_PML4; level >= LEVEL_PT; level--) {
        uint64_t e = table[pt_index(vaddr, level)];
        if (!(e & PTE_P) || !(e & PTE_US) || (need_write && !(e & PTE_RW))) {
            return 0;
        }
        if (level == LEVEL_PT || (level != LEVEL_PML4 && (e & PTE_PS))) {
            word_t page_bits = level_bits(level);
            paddr_t frame = e & PTE_ADDR_MASK & ~MASK(page_bits);
            return paddr_to_pptr(frame | (vaddr & MASK(page_bits)));
        }
        table = (const uint64_t *)paddr_to_pptr(e & PTE_ADDR_MASK);
    }
    return 0;
}

/* seL4's findVSpaceForASID: ASID 0 and ASIDs of missing pools name nothing. */
uint64_t *x86_find_vspace_for_asid(word_t asid)
{
    word_t pool = x86_asid_table[(asid >> ASID_POOL_BITS) & (N_ASID_POOLS - 1)];
    if (!pool || asid == 0) {
        return NULL;
    }
    return (uint64_t *)((word_t *)pool)[asid & MASK(ASID_POOL_BITS)];
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

/* Only the loaded VSpace can have translations cached: there are no PCIDs. */
static bool is_loaded(const uint64_t *pml4)
{
    return read_cr3() == pptr_to_paddr((word_t)pml4);
}

/* invlpg drops vaddr's translation and every paging-structure cache entry. */
void x86_flush_page(const uint64_t *pml4, word_t vaddr)
{
    if (is_loaded(pml4)) {
        invlpg(vaddr);
    }
}

/* Reloading CR3 drops every translation but the global (kernel) ones. */
void x86_flush_vspace(const uint64_t *pml4)
{
    if (is_loaded(pml4)) {
        write_cr3(read_cr3());
    }
}

/*
 * seL4's unmapPage: clear the entry the cap records, but only if it still
 * maps this frame (another frame may have been mapped over it since).
 */
void x86_unmap_frame(cap_t frame)
{
    uint64_t *pml4 = x86_find_vspace_for_asid(cap_vm_asid(frame));
    if (!pml4) {
        return;
    }
    int level = (int)cap_frame_size(frame);
    pt_slot_ret_t lu = x86_lookup_slot(pml4, cap_vm_vaddr(frame), level);
    if (lu.slot && x86_entry_has_frame(*lu.slot, level, pptr_to_paddr(cap_vm_ptr(frame)))) {
        *lu.slot = 0;
        x86_flush_page(pml4, cap_vm_vaddr(frame));
    }
}

/* seL4's unmapPageTable / unmapPageDirectory / unmapPDPT: the parent entry goes if it is ours. */
void x86_unmap_table(cap_t table)
{
    uint64_t *pml4 = x86_find_vspace_for_asid(cap_vm_asid(table));
    if (!pml4) {
        return;
    }
    int level = table_cap_level(table);
    pt_slot_ret_t lu = x86_lookup_slot(pml4, cap_vm_vaddr(table), level);
    if (lu.slot && x86_entry_has_table(*lu.slot, level, pptr_to_paddr(cap_vm_ptr(table)))) {
        *lu.slot = 0;
        x86_flush_vspace(pml4);
    }
}

/* Switch away from a VSpace that is going away (seL4's setVMRoot falls back to the kernel's). */
static void leave_vspace(word_t pml4)
{
    if (is_loaded((const uint64_t *)pml4)) {
        write_cr3(kvirt_to_phys(x86_kernel_pml4));
    }
}

/* The last cap to an assigned PML4 goes: free its ASID if the pool still names it. */
void x86_delete_asid(word_t asid, word_t pml4)
{
    word_t pool = x86_asid_table[(asid >> ASID_POOL_BITS) & (N_ASID_POOLS - 1)];
    if (pool && ((word_t *)pool)[asid & MASK(ASID_POOL_BITS)] == pml4) {
        ((word_t *)pool)[asid & MASK(ASID_POOL_BITS)] = 0;
        leave_vspace(pml4);
    }
}

/* The last cap to an ASID pool goes: every ASID in it stops naming a VSpace. */
void x86_delete_asid_pool(word_t asid_base, word_t pool)
{
    word_t index = (asid_base >> ASID_POOL_BITS) & (N_ASID_POOLS - 1);
    if (x86_asid_table[index] != pool) {
        return;
    }
    for (word_t i = 0; i < ASID_POOL_SIZE; i++) {
        word_t pml4 = ((word_t *)pool)[i];
        if (pml4) {
            leave_vspace(pml4);
        }
    }
    x86_asid_table[index] = 0;
}

/* A user word read through the kernel window after walking the thread's tables. */
bool arch_fastpath_vspace_ok(const tcb_t *t)
{
    return thread_pml4(t) != NULL;
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
    /* ReadOnly is enough to send from; KernelOnly is never enough. */
    word_t rights = cap_frame_rights(c);
    if (rights != VM_READ_WRITE && (is_receiver || rights != VM_READ_ONLY)) {
        return NULL;
    }
    word_t size_bits = 12 + 9 * (word_t)cap_frame_size(c);
    return (word_t *)(cap_vm_ptr(c) + (t->ipc_buffer & MASK(size_bits)));
}

/* CR3 changes only when the VSpace does; the FPU state follows in fpu.c. */
void arch_switch_to_thread(tcb_t *from, tcb_t *to)
{
    (void)from;
    if (to == ks_idle_thread) {
        return;
    }
    x86_fpu_switch_to(to);
    const uint64_t *pml4 = thread_pml4(to);
    paddr_t root = pml4 ? pptr_to_paddr((word_t)pml4) : kvirt_to_phys(x86_kernel_pml4);
    if (read_cr3() != root) {
        write_cr3(root);
    }
}

/*
 * The root task, built as seL4 builds it (seL4-abi.md §11):
 *   1. check the ELF module; plan the virtual region: image, IPC buffer,
 *      bootinfo, extra bootinfo
 *   2. allocate the root server objects from free RAM and zero them
 *   3. root CNode (2^CONFIG_ROOT_CNODE_SIZE_BITS slots, guard to depth 64)
 *   4. VSpace: PML4 with ASID 1, paging structures, mapped frames
 *   5. TCB "rootserver", priority and MCP 255, RDI = bootinfo address
 *   6. untypeds for devices, then for free RAM; bootinfo
 * then it leaves the kernel into the root task.
 */
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>

#include "../include/boot.h"
#include "../include/cdt.h"
#include "../include/domain.h"
#include "../include/kernel.h"
#include "../include/objecttype.h"
#include "../include/printf.h"
#include "../include/thread.h"
#include "../include/util.h"

#define ROOT_CNODE_BITS CONFIG_ROOT_CNODE_SIZE_BITS
#define DEVICE_TOP BIT(47) /* CONFIG_PADDR_USER_DEVICE_TOP */

typedef struct boot_state {
    boot_arch_info_t *info;
    cte_t *cnode;          /* root CNode slots */
    word_t next_slot;      /* first free slot */
    seL4_BootInfo *bi;
    word_t *page_pool;     /* zeroed pages for paging structures */
    word_t page_pool_left;
} boot_state_t;

static boot_state_t bs;

/* The idle thread lives in the kernel image: a TCB-sized, TCB-aligned block. */
static uint8_t idle_tcb_object[BIT(TCB_BITS)] ALIGNED(BIT(TCB_BITS));

static NORETURN void boot_fail(const char *why)
{
    kprintf("Mica: cannot create the root task: %s\n", why);
    arch_halt();
}

/* Allocate and zero size bytes (aligned to 2^align_bits) of free RAM. */
static word_t alloc_object(word_t size, word_t align_bits)
{
    paddr_t p = regions_alloc(&bs.info->ram, size, align_bits);
    if (!p) {
        boot_fail("not enough memory for the root server objects");
    }
    memset((void *)paddr_to_pptr(p), 0, size);
    return paddr_to_pptr(p);
}

static word_t next_paging_page(void)
{
    assert(bs.page_pool_left > 0);
    bs.page_pool_left--;
    return (word_t)bs.page_pool + bs.page_pool_left * 4096;
}

static void emit_paging_cap(cap_t c)
{
    cte_write_root(&bs.cnode[bs.next_slot++], c);
}

/* Map frames for the image pages and copy the ELF contents into them. */
static void load_image(cap_t vspace, const void *elf, const elf_info_t *ei)
{
    bs.bi->userImageFrames.start = bs.next_slot;
    for (vptr_t v = ei->v_start; v < ei->v_end; v += 4096) {
        word_t frame = alloc_object(4096, 12);
        elf_load_page(elf, v, (void *)frame);
        elf_page_perm_t perm = elf_page_perms(elf, v);
        cap_t c = arch_boot_map_frame(vspace, frame, v, perm.write, perm.exec);
        cte_write_root(&bs.cnode[bs.next_slot++], c);
    }
    bs.bi->userImageFrames.end = bs.next_slot;
}

/* Emit one untyped cap into the next slot and the bootinfo list. */
static bool emit_untyped(paddr_t p, word_t bits, void *ctx)
{
    bool device = (bool)(word_t)ctx;
    word_t i = bs.next_slot - bs.bi->untyped.start;
    if (i >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS || bs.next_slot >= BIT(ROOT_CNODE_BITS)) {
        return false;
    }
    /* Boot untypeds start with freeIndex = max: the first Retype resets them. */
    cap_t c = cap_untyped_cap_new(paddr_to_pptr(p), bits, device, BIT(bits) >> 4);
    cte_write_root(&bs.cnode[bs.next_slot++], c);
    bs.bi->untypedList[i] = (seL4_UntypedDesc){.paddr = p, .sizeBits = (seL4_Uint8)bits,
                                               .isDevice = device};
    return true;
}

/* Device untypeds: every physical range below 2^47 that is neither RAM nor the kernel's. */
static void create_untypeds(const region_list_t *not_device)
{
    static region_list_t devices;
    regions_complement(not_device, 0x100000, DEVICE_TOP, &devices);
    bs.bi->untyped.start = bs.next_slot;
    for (word_t i = 0; i < devices.n; i++) {
        split_untypeds(devices.r[i].start, devices.r[i].end, seL4_MinUntypedBits,
                       seL4_MaxUntypedBits, emit_untyped, (void *)1);
    }
    region_list_t *ram = &bs.info->ram;
    for (word_t i = 0; i < ram->n; i++) {
        split_untypeds(ram->r[i].start, ram->r[i].end, seL4_MinUntypedBits, seL4_MaxUntypedBits,
                       emit_untyped, (void *)0);
    }
    bs.bi->untyped.end = bs.next_slot;
}

/* The idle thread: a TCB in the kernel image, never in a ready queue. */
static void create_idle_thread(void)
{
    tcb_t *idle = (tcb_t *)(idle_tcb_object + BIT(TCB_BITS - 1));
    thread_init_tcb(idle, "idle_thread");
    idle->state = ThreadState_IdleThreadState;
    ks_idle_thread = idle;
    ks_cur_thread = idle;
}

/* The root task's TCB: its CSpace, VSpace, IPC buffer, reply cap and registers. */
static tcb_t *create_root_tcb(vptr_t entry, vptr_t ipcbuf, vptr_t bi_vaddr)
{
    word_t obj = alloc_object(BIT(TCB_BITS), TCB_BITS);
    tcb_t *t = (tcb_t *)(obj + BIT(TCB_BITS - 1));
    thread_init_tcb(t, "rootserver");
    t->priority = seL4_MaxPrio;
    t->mcp = seL4_MaxPrio;
    t->ipc_buffer = ipcbuf;
    cte_t *cn = bs.cnode;
    cte_insert(cn[seL4_CapInitThreadCNode].cap, &cn[seL4_CapInitThreadCNode], tcb_cte(t, tcbCTable));
    cte_insert(cn[seL4_CapInitThreadVSpace].cap, &cn[seL4_CapInitThreadVSpace], tcb_cte(t, tcbVTable));
    /* As seL4: the TCB's copy of the IPC buffer cap is derived, so it records no mapping
     * (deleting it later must not unmap the root task's buffer). */
    cte_t *ipcbuf_slot = &cn[seL4_CapInitThreadIPCBuffer];
    cte_insert(derive_cap(ipcbuf_slot, ipcbuf_slot->cap).cap, ipcbuf_slot, tcb_cte(t, tcbBuffer));
    cte_write_root(tcb_cte(t, tcbReply), cap_reply_cap_new((word_t)t, true, true));
    tcb_set_reg(t, REG_CAP, bi_vaddr);
    tcb_set_reg(t, REG_NEXTIP, entry);
    tcb_set_reg(t, REG_FAULTIP, entry);
    tcb_set_reg(t, REG_RSP, 0); /* the root task sets up its own stack */
    cte_write_root(&cn[seL4_CapInitThreadTCB], cap_thread_cap_new((word_t)t));
    return t;
}

/* Fill the parts of bootinfo that do not depend on slot allocation. */
static void init_bootinfo(vptr_t ipcbuf)
{
    seL4_BootInfo *bi = bs.bi;
    bi->extraLen = bs.info->extra_len;
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = (seL4_Word)-1;
    bi->ipcBuffer = (seL4_IPCBuffer *)ipcbuf;
    bi->initThreadCNodeSizeBits = ROOT_CNODE_BITS;
    bi->initThreadDomain = 0;
}

/* The root task's virtual layout: image, IPC buffer, bootinfo, extra bootinfo. */
typedef struct it_layout {
    elf_info_t elf;
    vptr_t ipcbuf, bootinfo, extra, end;
    word_t extra_pages;
} it_layout_t;

static it_layout_t plan_layout(const void *elf, const boot_arch_info_t *info)
{
    it_layout_t l = {.elf = elf_check(elf, info->module_end - info->module_start, USER_TOP)};
    if (!l.elf.valid) {
        boot_fail(l.elf.error);
    }
    l.ipcbuf = l.elf.v_end;
    l.bootinfo = l.ipcbuf + 4096;
    l.extra = l.bootinfo + 4096;
    l.extra_pages = ROUND_UP(info->extra_len, 12) >> 12;
    l.end = l.extra + l.extra_pages * 4096;
    return l;
}

/* The root CNode, VSpace and ASID pool, and the initial caps that need no memory. */
static cap_t create_root_spaces(void)
{
    bs.cnode = (cte_t *)alloc_object(BIT(ROOT_CNODE_BITS + seL4_SlotBits), ROOT_CNODE_BITS + seL4_SlotBits);
    word_t vspace_obj = alloc_object(4096, 12);
    word_t pool_obj = alloc_object(4096, 12);
    cap_t cnode_cap = cap_cnode_cap_new((word_t)bs.cnode, ROOT_CNODE_BITS, 64 - ROOT_CNODE_BITS, 0);
    cte_write_root(&bs.cnode[seL4_CapInitThreadCNode], cnode_cap);
    cte_write_root(&bs.cnode[seL4_CapIRQControl], cap_new(cap_irq_control_cap));
    cte_write_root(&bs.cnode[seL4_CapDomain], cap_new(cap_domain_cap));
    cap_t vspace = arch_boot_make_vspace(vspace_obj, pool_obj);
    cte_write_root(&bs.cnode[seL4_CapInitThreadVSpace], vspace);
    arch_boot_initial_caps(bs.cnode, pool_obj);
    return vspace;
}

/* Paging structures, extra bootinfo, image, IPC buffer and bootinfo frames, in seL4's slot order. */
static void map_root_task(cap_t vspace, const void *elf, const it_layout_t *l, word_t ipcbuf_frame,
                          word_t bi_frame)
{
    bs.next_slot = seL4_NumInitialCaps;
    bs.bi->userImagePaging.start = bs.next_slot;
    arch_boot_map_paging(vspace, l->elf.v_start, l->end, next_paging_page, emit_paging_cap);
    bs.bi->userImagePaging.end = bs.next_slot;

    bs.bi->extraBIPages.start = bs.next_slot;
    for (word_t i = 0; i < l->extra_pages; i++) {
        word_t f = alloc_object(4096, 12);
        memcpy((void *)f, bs.info->extra + i * 4096, MIN(4096ul, bs.info->extra_len - i * 4096));
        emit_paging_cap(arch_boot_map_frame(vspace, f, l->extra + i * 4096, false, false));
    }
    bs.bi->extraBIPages.end = bs.next_slot;

    load_image(vspace, elf, &l->elf);
    cte_write_root(&bs.cnode[seL4_CapInitThreadIPCBuffer],
                   arch_boot_map_frame(vspace, ipcbuf_frame, l->ipcbuf, true, false));
    cte_write_root(&bs.cnode[seL4_CapBootInfoFrame],
                   arch_boot_map_frame(vspace, bi_frame, l->bootinfo, true, false));
}

/* The rest of physical memory as untypeds (the module's memory is free again). */
static void hand_out_memory(void)
{
    boot_arch_info_t *info = bs.info;
    regions_add(&info->ram, ROUND_DOWN(info->module_start, 12), ROUND_UP(info->module_end, 12));
    static region_list_t not_device;
    not_device = info->ram_all;
    for (word_t i = 0; i < info->reserved.n; i++) {
        regions_add(&not_device, info->reserved.r[i].start, info->reserved.r[i].end);
    }
    create_untypeds(&not_device);
    bs.bi->empty.start = bs.next_slot;
    bs.bi->empty.end = BIT(ROOT_CNODE_BITS);
}

NORETURN void boot_system(boot_arch_info_t *info)
{
    bs.info = info;
    domain_init();
    create_idle_thread();

    const void *elf = (const void *)paddr_to_pptr(info->module_start);
    it_layout_t l = plan_layout(elf, info);
    kprintf("Mica kernel: root task v_entry=%p v_start=%p v_end=%p\n", (void *)l.elf.entry,
            (void *)l.elf.v_start, (void *)l.elf.v_end);

    /* Root server objects, largest first. */
    cap_t vspace = create_root_spaces();
    word_t n_paging = arch_boot_paging_count(l.elf.v_start, l.end);
    bs.page_pool = (word_t *)alloc_object(n_paging * 4096, 12);
    bs.page_pool_left = n_paging;
    word_t ipcbuf_frame = alloc_object(4096, 12);
    bs.bi = (seL4_BootInfo *)alloc_object(4096, 12);
    init_bootinfo(l.ipcbuf);

    map_root_task(vspace, elf, &l, ipcbuf_frame, (word_t)bs.bi);
    tcb_t *root = create_root_tcb(l.elf.entry, l.ipcbuf, l.bootinfo);
    hand_out_memory();

    set_thread_state(root, ThreadState_Running);
    sched_enqueue(root);
    ks_scheduler_action = SCHED_CHOOSE_NEW;
    kprintf("Mica kernel: starting the root task\n");
    kernel_exit();
}

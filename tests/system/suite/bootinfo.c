/*
 * BOOTINFO: the root task's initial state as seL4's boot protocol defines it
 * (seL4-abi.md §11): bootinfo fields, initial caps, untyped list, slot regions.
 */
#include <sel4/sel4.h>
#include <stdbool.h>

#include "systest.h"

extern const char __ehdr_start[];
extern const char _end[];

/* Bootinfo header fields and where the kernel put the frames. */
SYSTEST(BOOTINFO0001)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    SYSTEST_CHECK(bi != NULL);
    SYSTEST_CHECK(bi->nodeID == 0 && bi->numNodes == 1);
    SYSTEST_CHECK(bi->numIOPTLevels == (seL4_Word)-1);
    SYSTEST_CHECK(bi->initThreadCNodeSizeBits == CONFIG_ROOT_CNODE_SIZE_BITS);
    SYSTEST_CHECK(bi->initThreadDomain == 0);
    SYSTEST_CHECK(bi->ipcBuffer == seL4_GetIPCBuffer());
    /* IPC buffer right after the image, bootinfo right after the IPC buffer. */
    seL4_Word image_end = ((seL4_Word)_end + 4095) & ~4095ul;
    SYSTEST_CHECK((seL4_Word)bi->ipcBuffer == image_end);
    SYSTEST_CHECK((seL4_Word)bi == image_end + 4096);
    return NULL;
}

/* The initial caps sit in seL4's slots, with seL4's cap tags. */
SYSTEST(BOOTINFO0002)
{
    static const struct {
        seL4_CPtr slot;
        seL4_Word tag;
    } expect[] = {
        {seL4_CapNull, 0},           {seL4_CapInitThreadTCB, 12},   {seL4_CapInitThreadCNode, 10},
        {seL4_CapInitThreadVSpace, 9}, {seL4_CapIRQControl, 14},    {seL4_CapASIDControl, 11},
        {seL4_CapInitThreadASIDPool, 13}, {seL4_CapIOPortControl, 31}, {seL4_CapIOSpace, 0},
        {seL4_CapBootInfoFrame, 1},  {seL4_CapInitThreadIPCBuffer, 1}, {seL4_CapDomain, 20},
        {12, 0}, {13, 0}, {14, 0}, {15, 0},
    };
    for (unsigned i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        seL4_Word tag = seL4_DebugCapIdentify(expect[i].slot);
        if (tag != expect[i].tag) {
            return systest_reason("slot %lu has cap tag %lu, expected %lu",
                                  (unsigned long)expect[i].slot, (unsigned long)tag,
                                  (unsigned long)expect[i].tag);
        }
    }
    return NULL;
}

/* Slot regions follow each other from slot 16 and hold the right kinds of caps. */
SYSTEST(BOOTINFO0003)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    SYSTEST_CHECK(bi->userImagePaging.start == seL4_NumInitialCaps);
    SYSTEST_CHECK(bi->extraBIPages.start == bi->userImagePaging.end);
    SYSTEST_CHECK(bi->userImageFrames.start == bi->extraBIPages.end);
    SYSTEST_CHECK(bi->untyped.start == bi->userImageFrames.end);
    SYSTEST_CHECK(bi->empty.start == bi->untyped.end);
    SYSTEST_CHECK(bi->empty.end == 1ul << bi->initThreadCNodeSizeBits);
    for (seL4_CPtr s = bi->userImagePaging.start; s < bi->userImagePaging.end; s++) {
        seL4_Word tag = seL4_DebugCapIdentify(s);
        SYSTEST_CHECK(tag == 7 || tag == 5 || tag == 3); /* PDPT, PD, PT */
    }
    for (seL4_CPtr s = bi->extraBIPages.start; s < bi->userImageFrames.end; s++) {
        SYSTEST_CHECK(seL4_DebugCapIdentify(s) == 1);
    }
    for (seL4_CPtr s = bi->untyped.start; s < bi->untyped.end; s++) {
        SYSTEST_CHECK(seL4_DebugCapIdentify(s) == 2);
    }
    SYSTEST_CHECK(seL4_DebugCapIdentify(bi->empty.start) == 0);
    SYSTEST_CHECK(seL4_DebugCapIdentify(bi->empty.end - 1) == 0);
    /* One frame cap per page of the image. */
    seL4_Word pages = (((seL4_Word)_end + 4095) - ((seL4_Word)__ehdr_start & ~4095ul)) >> 12;
    SYSTEST_CHECK(bi->userImageFrames.end - bi->userImageFrames.start == pages);
    return NULL;
}

/* Untypeds: present, within seL4's size limits, aligned, disjoint, RAM plausible. */
SYSTEST(BOOTINFO0004)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word n = bi->untyped.end - bi->untyped.start;
    SYSTEST_CHECK(n > 0 && n <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    seL4_Word ram = 0, dev = 0;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        SYSTEST_CHECK(u->sizeBits >= seL4_MinUntypedBits && u->sizeBits <= seL4_MaxUntypedBits);
        SYSTEST_CHECK((u->paddr & ((1ul << u->sizeBits) - 1)) == 0);
        SYSTEST_CHECK(u->isDevice == 0 || u->isDevice == 1);
        for (seL4_Word j = 0; j < i; j++) {
            const seL4_UntypedDesc *v = &bi->untypedList[j];
            bool disjoint = u->paddr + (1ul << u->sizeBits) <= v->paddr ||
                            v->paddr + (1ul << v->sizeBits) <= u->paddr;
            if (!disjoint) {
                return systest_reason("untypeds %lu and %lu overlap", (unsigned long)i,
                                      (unsigned long)j);
            }
        }
        if (u->isDevice) {
            dev += 1ul << u->sizeBits;
        } else {
            ram += 1ul << u->sizeBits;
        }
    }
    /* QEMU gets 3 GiB; the kernel and root server take a few MiB of it. */
    SYSTEST_CHECK(ram > (2ul << 30) && ram < (3ul << 30));
    SYSTEST_CHECK(dev > (1ul << 40));
    /* Device untypeds come first. */
    SYSTEST_CHECK(bi->untypedList[0].isDevice);
    return NULL;
}

/* Extra bootinfo: chunks after the bootinfo frame, with the TSC frequency. */
SYSTEST(BOOTINFO0005)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    SYSTEST_CHECK(bi->extraLen > 0);
    SYSTEST_CHECK(bi->extraBIPages.end - bi->extraBIPages.start == (bi->extraLen + 4095) / 4096);
    const char *p = (const char *)bi + 4096;
    seL4_Word off = 0, tsc_mhz = 0;
    bool mmap = false;
    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(p + off);
        SYSTEST_CHECK(h->len >= sizeof(*h) && off + h->len <= bi->extraLen);
        if (h->id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ) {
            tsc_mhz = *(const seL4_Uint32 *)(h + 1);
        }
        if (h->id == SEL4_BOOTINFO_HEADER_X86_MBMMAP) {
            mmap = true;
        }
        off += h->len;
    }
    SYSTEST_CHECK(off == bi->extraLen);
    SYSTEST_CHECK(mmap);
    SYSTEST_CHECK(tsc_mhz > 0);
    return NULL;
}

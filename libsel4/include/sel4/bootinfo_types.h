/*
 * What the kernel hands the root task: the fixed slots of its CNode and the
 * bootinfo frame (layout shared by kernel and user).
 */
#pragma once

#include <stddef.h>
#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/constants.h>
#include <sel4/shared_types.h>

/* Caps the kernel places at fixed slots of the root task's CNode. */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,                 /* always empty */
    seL4_CapInitThreadTCB = 1,        /* the root task's TCB */
    seL4_CapInitThreadCNode = 2,      /* the root CNode itself */
    seL4_CapInitThreadVSpace = 3,     /* the root task's PML4 */
    seL4_CapIRQControl = 4,           /* global IRQ control */
    seL4_CapASIDControl = 5,          /* global ASID control */
    seL4_CapInitThreadASIDPool = 6,   /* ASID pool of the root task's ASID */
    seL4_CapIOPortControl = 7,        /* global I/O port control */
    seL4_CapIOSpace = 8,              /* empty: no IOMMU */
    seL4_CapBootInfoFrame = 9,        /* this bootinfo frame */
    seL4_CapInitThreadIPCBuffer = 10, /* the root task's IPC buffer frame */
    seL4_CapDomain = 11,              /* domain control */
    seL4_CapSMMUSIDControl = 12,      /* empty: Arm only */
    seL4_CapSMMUCBControl = 13,       /* empty: Arm only */
    seL4_CapInitThreadSC = 14,        /* empty: MCS only */
    seL4_CapSMC = 15,                 /* empty: Arm only */
    seL4_NumInitialCaps = 16
};

/* Older code calls the VSpace root a page directory. */
#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

/* A range of CNode slots [start, end). */
typedef struct seL4_SlotRegion {
    seL4_SlotPos start; /* first slot of the region */
    seL4_SlotPos end;   /* first slot after the region */
} seL4_SlotRegion;

/* One untyped cap of bootinfo.untyped: untypedList[i] is slot untyped.start + i. */
typedef struct seL4_UntypedDesc {
    seL4_Word paddr;     /* physical base address */
    seL4_Uint8 sizeBits; /* the untyped is 2^sizeBits bytes */
    seL4_Uint8 isDevice; /* 1: device memory (frames/untyped only) */
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

SEL4_COMPILE_ASSERT(untyped_desc_size, sizeof(seL4_UntypedDesc) == 16)

/* The bootinfo frame, mapped read-write after the root task's IPC buffer. */
typedef struct seL4_BootInfo {
    seL4_Word extraLen;              /* bytes of extra bootinfo after this frame */
    seL4_NodeId nodeID;              /* this core (0) */
    seL4_Word numNodes;              /* cores (1) */
    seL4_Word numIOPTLevels;         /* IOMMU page-table levels */
    seL4_IPCBuffer *ipcBuffer;       /* the root task's IPC buffer */
    seL4_SlotRegion empty;           /* free slots of the root CNode */
    seL4_SlotRegion sharedFrames;    /* unused (multikernel) */
    seL4_SlotRegion userImageFrames; /* frames of the root task image */
    seL4_SlotRegion userImagePaging; /* paging structures of the image */
    seL4_SlotRegion ioSpaceCaps;     /* unused (Arm SMMU) */
    seL4_SlotRegion extraBIPages;    /* frames holding the extra bootinfo */
    seL4_Word initThreadCNodeSizeBits; /* root CNode has 2^n slots */
    seL4_Domain initThreadDomain;    /* the root task's domain */
    seL4_SlotRegion untyped;         /* untyped caps */
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

SEL4_COMPILE_ASSERT(bootinfo_fits_frame, sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize)
#if CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS == 230
SEL4_COMPILE_ASSERT(bootinfo_size, sizeof(seL4_BootInfo) == 3848)
#endif
SEL4_COMPILE_ASSERT(bootinfo_ipcBuffer, offsetof(seL4_BootInfo, ipcBuffer) == 32)
SEL4_COMPILE_ASSERT(bootinfo_empty, offsetof(seL4_BootInfo, empty) == 40)
SEL4_COMPILE_ASSERT(bootinfo_extraBIPages, offsetof(seL4_BootInfo, extraBIPages) == 120)
SEL4_COMPILE_ASSERT(bootinfo_initThreadDomain, offsetof(seL4_BootInfo, initThreadDomain) == 144)
SEL4_COMPILE_ASSERT(bootinfo_untyped, offsetof(seL4_BootInfo, untyped) == 152)
SEL4_COMPILE_ASSERT(bootinfo_untypedList, offsetof(seL4_BootInfo, untypedList) == 168)

/*
 * Extra bootinfo (extraLen bytes after the frame) is a sequence of chunks,
 * each starting with a seL4_BootInfoHeader whose len covers the header.
 */
typedef enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5, /* a seL4_Uint32, in MHz */
    SEL4_BOOTINFO_HEADER_FDT = 6,
    SEL4_BOOTINFO_HEADER_NUM,
    SEL4_FORCE_LONG_ENUM(seL4_BootInfoID)
} seL4_BootInfoID;

typedef struct seL4_BootInfoHeader {
    seL4_Word id;  /* a seL4_BootInfoID */
    seL4_Word len; /* bytes of this chunk, header included */
} seL4_BootInfoHeader;

SEL4_COMPILE_ASSERT(bootinfo_header_size, sizeof(seL4_BootInfoHeader) == 16)

/* Chunk SEL4_BOOTINFO_HEADER_X86_MBMMAP: the multiboot memory map. */
#define SEL4_MULTIBOOT_MAX_MMAP_ENTRIES 50
#define SEL4_MULTIBOOT_RAM_REGION_TYPE 1

typedef struct seL4_X86_mb_mmap {
    seL4_Uint32 size;      /* bytes of this entry after this field */
    seL4_Uint64 base_addr; /* physical start */
    seL4_Uint64 length;    /* bytes */
    seL4_Uint32 type;      /* 1 = RAM */
} SEL4_PACKED seL4_X86_mb_mmap_t;

typedef struct seL4_X86_BootInfo_mmap {
    seL4_BootInfoHeader header;
    seL4_Uint32 mmap_length;
    seL4_X86_mb_mmap_t mmap[SEL4_MULTIBOOT_MAX_MMAP_ENTRIES];
} SEL4_PACKED seL4_X86_BootInfo_mmap_t;

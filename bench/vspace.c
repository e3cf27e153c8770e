/*
 * VSpaces for the benchmarks: a second address space holding the root
 * task's image (for the different-vspace IPC rows), and sel4bench's
 * page_mapping app (map, protect and unprotect 1 and 2048 4K pages).
 */
#include <stdio.h>

#include "bench.h"

extern const char __ehdr_start[];

#define PDPT_SPAN (1ul << 39)     /* what one PML4 entry (one PDPT) covers */
#define PD_SPAN (1ul << 30)       /* one PDPT entry (one page directory) */
#define PT_SPAN (1ul << 21)       /* one PD entry (one page table) */
#define PAGE 4096ul

/* Map a new paging structure of `type` at each multiple of `span` covering [base, end). */
static int map_tables(seL4_CPtr vspace, seL4_Word type, seL4_Word span, seL4_Word base,
                      seL4_Word end,
                      seL4_Error (*map)(seL4_CPtr, seL4_CPtr, seL4_Word, seL4_X86_VMAttributes))
{
    int e = seL4_NoError;
    for (seL4_Word a = base & ~(span - 1); a < end; a += span) {
        e |= map(bench_retype(type, 0), vspace, a, seL4_X86_Default_VMAttributes);
    }
    return e;
}

/*
 * A new VSpace (a PML4 in the root's ASID pool) with copies of the root
 * image's frame caps mapped at the image's own addresses, so a thread in it
 * runs the same code on the same data.  Nothing else is mapped: a thread
 * there may use only the image (its stack and IPC buffer among it).
 */
seL4_CPtr bench_image_vspace(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word base = (seL4_Word)__ehdr_start & ~(PAGE - 1);
    seL4_Word n = bi->userImageFrames.end - bi->userImageFrames.start;
    seL4_Word end = base + n * PAGE;
    seL4_CPtr pml4 = bench_retype(seL4_X64_PML4Object, 0);
    int e = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4);
    e |= map_tables(pml4, seL4_X86_PDPTObject, PDPT_SPAN, base, end, seL4_X86_PDPT_Map);
    e |= map_tables(pml4, seL4_X86_PageDirectoryObject, PD_SPAN, base, end, seL4_X86_PageDirectory_Map);
    e |= map_tables(pml4, seL4_X86_PageTableObject, PT_SPAN, base, end, seL4_X86_PageTable_Map);
    for (seL4_Word i = 0; i < n; i++) {
        seL4_CPtr copy = bench_alloc_slot();
        e |= seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, 64, seL4_CapInitThreadCNode,
                             bi->userImageFrames.start + i, 64, seL4_AllRights);
        e |= seL4_X86_Page_Map(copy, pml4, base + i * PAGE, seL4_AllRights,
                               seL4_X86_Default_VMAttributes);
    }
    if (e != seL4_NoError) {
        printf("bench: building the second VSpace failed\n");
    }
    return pml4;
}

/* ---- page mapping (sel4bench's page_mapping app) ---- */

#define MAP_RUNS 17                 /* sel4bench's RUNS for this app; none dropped */
#define MAP_VADDR 0x60000000ul      /* sel4bench's START_ADDR on x86_64 */
#define MAP_MAX_PAGES 2048
#define MAP_POOL_BITS 24            /* 16 MiB: 2048 frames and their tables */

enum { PH_PREPARE, PH_ALLOC, PH_MAP, PH_PROTECT, PH_UNPROTECT, N_PHASES };

static const char *const phase_json[N_PHASES] = {
    "Prepare Page Tables", "Allocate Pages", "Mapping", "Protect Pages as Read Only",
    "Unprotect Pages",
};
static const char *const phase_label[N_PHASES] = {
    "prepare page tables (retype + PD/PT Map)", "allocate pages (retype 4K)",
    "seL4_X86_Page_Map", "protect read-only (Page_Map again)", "unprotect (Page_Map again)",
};
static const int map_npages[] = {1, 2048};
#define N_TESTS ((int)(sizeof(map_npages) / sizeof(map_npages[0])))

static uint64_t map_results[N_TESTS][N_PHASES][MAP_RUNS];
static char map_names[N_TESTS][N_PHASES][64], map_fields[N_TESTS][N_PHASES][128];

static seL4_CPtr pool, first_slot, next_slot;

/* One object from the pool into the next of the test's slots. */
static inline seL4_Error pool_retype(seL4_Word type, seL4_Word bits, seL4_CPtr *out)
{
    *out = next_slot++;
    return seL4_Untyped_Retype(pool, type, bits, seL4_CapInitThreadCNode, 0, 0, *out, 1);
}

/*
 * One run of one test, as sel4bench's bench_proc: each phase between two
 * counter reads.  The page directory for 1-2 GiB is missing in the root's
 * VSpace (the PDPT for 0-512 GiB holds the image), so Prepare makes it and
 * the page tables; sel4bench's child discovers that with failing Maps,
 * which in this debug kernel would print, so the levels are made directly.
 * The pool's reset (zeroing what the last run used) is done before the
 * timed phases by a placeholder object, and each phase starts just after a
 * timer tick (the longest, 2048 retypes, takes ~1.7M of the 2M instructions
 * between ticks), so every run costs the same.
 */
static int map_run(int npage, uint64_t out[N_PHASES])
{
    int e = seL4_NoError;
    seL4_CPtr placeholder, pd, pt, frame, frames;
    int npt = (npage + 511) / 512;
    next_slot = first_slot;
    e |= pool_retype(seL4_EndpointObject, 0, &placeholder);

    bench_wait_for_tick();
    uint64_t s = counter_before();
    e |= pool_retype(seL4_X86_PageDirectoryObject, 0, &pd);
    e |= seL4_X86_PageDirectory_Map(pd, seL4_CapInitThreadVSpace, MAP_VADDR,
                                    seL4_X86_Default_VMAttributes);
    for (int i = 0; i < npt; i++) {
        e |= pool_retype(seL4_X86_PageTableObject, 0, &pt);
        e |= seL4_X86_PageTable_Map(pt, seL4_CapInitThreadVSpace, MAP_VADDR + i * PT_SPAN,
                                    seL4_X86_Default_VMAttributes);
    }
    out[PH_PREPARE] = counter_after() - s;

    frames = next_slot;
    bench_wait_for_tick();
    s = counter_before();
    for (int i = 0; i < npage; i++) {
        e |= pool_retype(seL4_X86_4K, 0, &frame);
    }
    out[PH_ALLOC] = counter_after() - s;

    bench_wait_for_tick();
    s = counter_before();
    for (int i = 0; i < npage; i++) {
        e |= seL4_X86_Page_Map(frames + i, seL4_CapInitThreadVSpace, MAP_VADDR + i * PAGE,
                               seL4_AllRights, seL4_X86_Default_VMAttributes);
    }
    out[PH_MAP] = counter_after() - s;

    bench_wait_for_tick();
    s = counter_before();
    for (int i = 0; i < npage; i++) {
        e |= seL4_X86_Page_Map(frames + i, seL4_CapInitThreadVSpace, MAP_VADDR + i * PAGE,
                               seL4_CanRead, seL4_X86_Default_VMAttributes);
    }
    out[PH_PROTECT] = counter_after() - s;

    bench_wait_for_tick();
    s = counter_before();
    for (int i = 0; i < npage; i++) {
        e |= seL4_X86_Page_Map(frames + i, seL4_CapInitThreadVSpace, MAP_VADDR + i * PAGE,
                               seL4_AllRights, seL4_X86_Default_VMAttributes);
    }
    out[PH_UNPROTECT] = counter_after() - s;

    /* Clean up as sel4bench (unmap, then revoke the untyped: frames and tables go). */
    for (int i = 0; i < npage; i++) {
        e |= seL4_X86_Page_Unmap(frames + i);
    }
    e |= seL4_CNode_Revoke(seL4_CapInitThreadCNode, pool, 64);
    return e;
}

void bench_mapping(void)
{
    pool = bench_retype(seL4_UntypedObject, MAP_POOL_BITS);
    first_slot = bench_alloc_slot();
    for (int i = 1; i < MAP_MAX_PAGES + 8; i++) {
        bench_alloc_slot();
    }
    uint64_t overhead = bench_counter_overhead();
    int e = seL4_NoError;
    for (int r = 0; r < MAP_RUNS; r++) {
        for (int t = 0; t < N_TESTS; t++) {
            uint64_t out[N_PHASES];
            e |= map_run(map_npages[t], out);
            for (int p = 0; p < N_PHASES; p++) {
                map_results[t][p][r] = out[p];
            }
        }
    }
    if (e != seL4_NoError) {
        printf("bench: a page mapping invocation failed\n");
    }
    for (int t = 0; t < N_TESTS; t++) {
        for (int p = 0; p < N_PHASES; p++) {
            snprintf(map_names[t][p], sizeof(map_names[t][p]), "%s, %d page%s", phase_label[p],
                     map_npages[t], map_npages[t] == 1 ? "" : "s");
            snprintf(map_fields[t][p], sizeof(map_fields[t][p]),
                     "\"Benchmark\": \"Mapping Benchmark\", \"Num of Page Mapped\": %d, "
                     "\"Phase\": \"%s\"",
                     map_npages[t], phase_json[p]);
            bench_report(map_names[t][p], map_fields[t][p],
                         bench_compute_ignoring(map_results[t][p], MAP_RUNS, 0, overhead));
        }
    }
}

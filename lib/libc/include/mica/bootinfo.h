/*
 * Reading the root task's extra bootinfo (the chunks after the bootinfo
 * frame, each starting with a seL4_BootInfoHeader).
 */
#pragma once

#include <sel4/sel4.h>
#include <stdint.h>

/* The TSC frequency in MHz the kernel reports (SEL4_BOOTINFO_HEADER_X86_TSC_FREQ), or 0. */
static inline seL4_Word mica_bootinfo_tsc_mhz(const seL4_BootInfo *bi)
{
    const char *p = (const char *)bi + 4096;
    seL4_Word off = 0, mhz = 0;
    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(p + off);
        if (h->len < sizeof(*h) || h->len > bi->extraLen - off) {
            break;
        }
        if (h->id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ && h->len >= sizeof(*h) + sizeof(uint32_t)) {
            mhz = *(const uint32_t *)(h + 1);
        }
        off += h->len;
    }
    return mhz;
}

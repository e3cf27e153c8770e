/*
 * libFuzzer harness (c): the root task's ELF checks, kernel/core/elf.c.
 *
 * The input is the module's bytes (copied into a buffer of exactly that
 * size, so ASan sees any read past its end).  As boot.c does: elf_check with
 * the kernel's USER_TOP; if it accepts, elf_page_perms and elf_load_page for
 * every page of [v_start, v_end) into a page buffer.  Properties: an accepted
 * image is page-aligned, starts above page 0, ends below USER_TOP, has its
 * entry inside, and loading never reads outside the module.
 *
 * Inputs that are only an ELF header are rare at random; half the inputs get
 * a valid header patched over their first 64 bytes, so the program header
 * checks are what gets fuzzed.
 */
#include <stdlib.h>
#include <string.h>

#include "../../../kernel/include/boot.h"
#include "fuzz_input.h"

#define USER_TOP 0x00007ffffffffffful /* kernel/arch/x86_64/arch_defs.h */
#define MAX_PAGES 4096

/* Overwrite the first 64 bytes with a valid x86-64 executable header, 1..8 program headers. */
static void fix_header(uint8_t *img, size_t size, const uint8_t *data)
{
    static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    if (size < 64) {
        return;
    }
    memcpy(img, ident, sizeof(ident));
    img[16] = 2;  /* ET_EXEC */
    img[17] = 0;
    img[18] = 62; /* EM_X86_64 */
    img[19] = 0;
    uint64_t phoff = 64;
    memcpy(img + 32, &phoff, 8);
    img[54] = 56; /* phentsize */
    img[55] = 0;
    img[56] = data[0] % 8 + 1; /* phnum */
    img[57] = 0;
}

/* Check the image, then load every page of an accepted one, as boot.c does. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *img = malloc(size ? size : 1);
    memcpy(img, data, size);
    if (size >= 65 && (data[size - 1] & 1)) {
        fix_header(img, size - 1, data + size - 1);
    }
    elf_info_t info = elf_check(img, size, USER_TOP);
    if (info.valid) {
        FUZZ_ASSERT(info.v_start && !(info.v_start & 0xfff) && !(info.v_end & 0xfff),
                    "accepted image range %#lx..%#lx", (unsigned long)info.v_start,
                    (unsigned long)info.v_end);
        FUZZ_ASSERT(info.v_start < info.v_end && info.v_end <= USER_TOP,
                    "accepted image range %#lx..%#lx", (unsigned long)info.v_start,
                    (unsigned long)info.v_end);
        FUZZ_ASSERT(info.entry >= info.v_start && info.entry < info.v_end, "entry %#lx outside",
                    (unsigned long)info.entry);
        static uint8_t page[4096];
        word_t pages = (info.v_end - info.v_start) >> 12;
        for (word_t i = 0; i < pages && i < MAX_PAGES; i++) {
            vptr_t va = info.v_start + (i << 12);
            (void)elf_page_perms(img, va);
            elf_load_page(img, va, page);
        }
    }
    free(img);
    return 0;
}

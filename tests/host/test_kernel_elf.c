/* Host tests: root-task ELF validation with hostile headers, page permissions, loading. */
#include <stdint.h>
#include <string.h>

#include "../../kernel/include/boot.h"
#include "harness.h"

#define TOP 0x00007ffffffffffful

typedef struct image {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
    struct {
        uint32_t type, flags;
        uint64_t offset, vaddr, paddr, filesz, memsz, align;
    } ph[2];
    uint8_t data[0x2000];
} image_t;

/* A valid two-segment image: text (R X) at 0x400000, data (RW) at 0x401800. */
static void make_image(image_t *im)
{
    memset(im, 0, sizeof(*im));
    memcpy(im->ident, "\177ELF\2\1\1", 7);
    im->type = 2;
    im->machine = 62;
    im->entry = 0x400010;
    im->phoff = offsetof(image_t, ph);
    im->phentsize = sizeof(im->ph[0]);
    im->phnum = 2;
    im->ph[0].type = 1;
    im->ph[0].flags = 5;
    im->ph[0].offset = offsetof(image_t, data);
    im->ph[0].vaddr = 0x400000;
    im->ph[0].filesz = im->ph[0].memsz = 0x1000;
    im->ph[1].type = 1;
    im->ph[1].flags = 6;
    im->ph[1].offset = offsetof(image_t, data) + 0x1000;
    im->ph[1].vaddr = 0x401800;
    im->ph[1].filesz = 0x100;
    im->ph[1].memsz = 0x3000;
    for (int i = 0; i < 0x2000; i++) {
        im->data[i] = (uint8_t)(i * 7);
    }
}

HOST_TEST(ELF0001)
{
    static image_t im;
    make_image(&im);
    elf_info_t e = elf_check(&im, sizeof(im), TOP);
    CHECK(e.valid);
    CHECK_EQ_U(e.v_start, 0x400000);
    CHECK_EQ_U(e.v_end, 0x405000);
    CHECK_EQ_U(e.entry, 0x400010);
}

/* Every malformed header is refused with a reason, never read out of bounds. */
HOST_TEST(ELF0002)
{
    static image_t im;
    make_image(&im);
    CHECK(!elf_check(&im, 10, TOP).valid);               /* truncated header */
    im.ident[1] = 'X';
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* bad magic */
    make_image(&im);
    im.machine = 3;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* i386 */
    make_image(&im);
    im.phoff = ~0ul - 8;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* phdrs out of file */
    make_image(&im);
    im.phnum = 0xffff;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* too many phdrs */
    make_image(&im);
    im.ph[0].offset = ~0ul;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* segment out of file */
    make_image(&im);
    im.ph[0].filesz = 0x10000;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* filesz > memsz / file */
    make_image(&im);
    im.ph[1].vaddr = 0xffffffff80000000ul;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* kernel address */
    make_image(&im);
    im.ph[1].memsz = ~0ul;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* wraps around */
    make_image(&im);
    im.entry = 0x10;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* entry outside */
    make_image(&im);
    im.ph[0].vaddr = 0x10;
    im.entry = 0x10;
    CHECK(!elf_check(&im, sizeof(im), TOP).valid);        /* page 0 */
}

HOST_TEST(ELF0003)
{
    static image_t im;
    static uint8_t page[4096];
    make_image(&im);
    elf_page_perm_t p0 = elf_page_perms(&im, 0x400000);
    CHECK(p0.exec && !p0.write);
    elf_page_perm_t p1 = elf_page_perms(&im, 0x401000); /* data starts mid-page */
    CHECK(p1.write && !p1.exec);
    memset(page, 0xee, sizeof(page));
    memset(page, 0, sizeof(page));
    elf_load_page(&im, 0x401000, page);
    /* The data segment's 0x100 file bytes land at offset 0x800, the rest stays zero. */
    CHECK_EQ_U(page[0x7ff], 0);
    CHECK_EQ_U(page[0x800], im.data[0x1000]);
    CHECK_EQ_U(page[0x8ff], im.data[0x10ff]);
    CHECK_EQ_U(page[0x900], 0);
    elf_load_page(&im, 0x400000, page);
    CHECK_EQ_U(page[5], im.data[5]);
}

/* A zero-size PT_LOAD is not checked by elf_check, so loading and permissions must ignore it:
 * here its file bytes lie far outside the image (found by make fuzz-host, fuzz_elf). */
HOST_TEST(ELF0004)
{
    static image_t im;
    static uint8_t page[4096];
    make_image(&im);
    im.ph[1].memsz = 0;
    im.ph[1].filesz = 0x1000;
    im.ph[1].offset = 0x7fff00000000ul;
    im.ph[1].vaddr = 0x400000;
    im.ph[1].flags = 6;
    elf_info_t e = elf_check(&im, sizeof(im), TOP);
    CHECK(e.valid);
    CHECK_EQ_U(e.v_end, 0x401000);
    memset(page, 0, sizeof(page));
    elf_load_page(&im, 0x400000, page); /* reads only the text segment's bytes */
    CHECK_EQ_U(page[5], im.data[5]);
    elf_page_perm_t p = elf_page_perms(&im, 0x400000);
    CHECK(p.exec && !p.write);
}

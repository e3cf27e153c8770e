/* Host tests: boot region lists and the splitting of ranges into untypeds. */
#include "../../kernel/include/boot.h"
#include "harness.h"

typedef struct collected {
    paddr_t p[64];
    word_t bits[64];
    word_t n, limit;
} collected_t;

static bool collect(paddr_t p, word_t bits, void *ctx)
{
    collected_t *c = ctx;
    if (c->n == c->limit) {
        return false;
    }
    c->p[c->n] = p;
    c->bits[c->n++] = bits;
    return true;
}

HOST_TEST(REGIONS0001)
{
    region_list_t l = {0};
    CHECK(regions_add(&l, 0x1000, 0x2000));
    CHECK(regions_add(&l, 0x5000, 0x6000));
    CHECK(regions_add(&l, 0x2000, 0x3000)); /* touches the first: merged */
    CHECK_EQ_U(l.n, 2);
    CHECK_EQ_U(l.r[0].start, 0x1000);
    CHECK_EQ_U(l.r[0].end, 0x3000);
    CHECK(regions_add(&l, 0x2800, 0x5800)); /* bridges both */
    CHECK_EQ_U(l.n, 1);
    CHECK_EQ_U(l.r[0].end, 0x6000);
}

HOST_TEST(REGIONS0002)
{
    region_list_t l = {0};
    regions_add(&l, 0x100000, 0x800000);
    CHECK(regions_remove(&l, 0x200000, 0x300000)); /* split in two */
    CHECK_EQ_U(l.n, 2);
    CHECK_EQ_U(l.r[0].end, 0x200000);
    CHECK_EQ_U(l.r[1].start, 0x300000);
    CHECK(regions_remove(&l, 0, 0x180000)); /* clip the front */
    CHECK_EQ_U(l.r[0].start, 0x180000);
    CHECK(regions_remove(&l, 0x700000, 0x900000)); /* clip the back */
    CHECK_EQ_U(l.r[1].end, 0x700000);
    CHECK(regions_remove(&l, 0, ~0ul)); /* everything */
    CHECK_EQ_U(l.n, 0);
}

HOST_TEST(REGIONS0003)
{
    region_list_t l = {0};
    regions_add(&l, 0x100000, 0x500000);
    paddr_t a = regions_alloc(&l, 0x200000, 21); /* 2 MiB aligned, from the top */
    CHECK_EQ_U(a, 0x200000);
    CHECK_EQ_U(l.n, 2);
    paddr_t b = regions_alloc(&l, 0x1000, 12);
    CHECK_EQ_U(b, 0x4ff000);
    CHECK_EQ_U(regions_alloc(&l, 0x400000, 12), 0); /* too big */
    /* Allocations never overlap what is left. */
    for (word_t i = 0; i < l.n; i++) {
        CHECK(l.r[i].end <= a || l.r[i].start >= a + 0x200000);
        CHECK(l.r[i].end <= b || l.r[i].start >= b + 0x1000);
    }
}

HOST_TEST(REGIONS0004)
{
    region_list_t l = {0}, out = {0};
    regions_add(&l, 0x200000, 0x300000);
    regions_add(&l, 0x400000, 0x500000);
    regions_complement(&l, 0x100000, 0x600000, &out);
    CHECK_EQ_U(out.n, 3);
    CHECK_EQ_U(out.r[0].start, 0x100000);
    CHECK_EQ_U(out.r[0].end, 0x200000);
    CHECK_EQ_U(out.r[1].start, 0x300000);
    CHECK_EQ_U(out.r[2].end, 0x600000);
}

/* Blocks are naturally aligned, within min..max bits, cover the range exactly. */
HOST_TEST(UNTYPEDSPLIT0001)
{
    collected_t c = {.limit = 64};
    word_t n = split_untypeds(0x101000, 0x400000, 4, 47, collect, &c);
    CHECK_EQ_U(n, c.n);
    paddr_t expect = 0x101000;
    for (word_t i = 0; i < c.n; i++) {
        CHECK_EQ_U(c.p[i], expect);
        CHECK((c.p[i] & ((1ul << c.bits[i]) - 1)) == 0);
        CHECK(c.bits[i] >= 4 && c.bits[i] <= 47);
        expect += 1ul << c.bits[i];
    }
    CHECK_EQ_U(expect, 0x400000);
    CHECK_EQ_U(c.bits[c.n - 1], 21); /* 0x200000..0x400000 */
}

HOST_TEST(UNTYPEDSPLIT0002)
{
    collected_t c = {.limit = 64};
    /* Up to 2^47 the blocks stop at seL4_MaxUntypedBits. */
    split_untypeds(0, 1ul << 48, 4, 47, collect, &c);
    CHECK_EQ_U(c.n, 2);
    CHECK_EQ_U(c.bits[0], 47);
    /* A range smaller than 16 bytes gives nothing; unaligned starts round up. */
    c.n = 0;
    CHECK_EQ_U(split_untypeds(0x1001, 0x1010, 4, 47, collect, &c), 0);
    /* The emitter's refusal (bootinfo full) stops the split. */
    c.n = 0;
    c.limit = 3;
    CHECK_EQ_U(split_untypeds(0x1000, 0x100000, 4, 47, collect, &c), 3);
}

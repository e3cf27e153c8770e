/* Host tests: Untyped_Retype's arithmetic (kernel/include/untyped.h). */
#include "../../kernel/include/untyped.h"
#include "harness.h"

#define BASE 0xffffff8000400000ul /* a 2^22-aligned kernel-window address */

/* An empty untyped: objects from the start, watermark right after them. */
HOST_TEST(RETYPEMATH0001)
{
    retype_plan_t p = retype_plan(BASE, 22, 0, 12, 4);
    CHECK(p.fits);
    CHECK_EQ_U(p.free_bytes, 1ul << 22);
    CHECK_EQ_U(p.first, BASE);
    CHECK_EQ_U(p.new_free_index, (4ul << 12) >> 4);
    /* Exactly full, then one more does not fit. */
    CHECK(retype_plan(BASE, 22, 0, 12, 1024).fits);
    CHECK(!retype_plan(BASE, 22, 0, 12, 1025).fits);
}

/* After a small object the next big one is aligned up, as seL4's alignUp. */
HOST_TEST(RETYPEMATH0002)
{
    word_t after_ep = (1ul << 4) >> 4; /* one 16-byte endpoint */
    retype_plan_t p = retype_plan(BASE, 22, after_ep, 11, 1); /* a TCB */
    CHECK_EQ_U(p.first, BASE + 2048);
    CHECK_EQ_U(p.new_free_index, 4096 >> 4);
    CHECK_EQ_U(p.free_bytes, (1ul << 22) - 16);
}

/* NotEnoughMemory reports the free bytes and ignores alignment, as seL4 does. */
HOST_TEST(RETYPEMATH0003)
{
    retype_plan_t p = retype_plan(BASE, 12, 1, 12, 1); /* 4 KiB untyped with 16 bytes used */
    CHECK(!p.fits);
    CHECK_EQ_U(p.free_bytes, 4080);
    p = retype_plan(BASE, 16, (1ul << 16) >> 4, 4, 1); /* full */
    CHECK(!p.fits);
    CHECK_EQ_U(p.free_bytes, 0);
    /* The largest objects and the fan-out limit stay in range. */
    p = retype_plan(0xffffff8000000000ul, 47, 0, 12, 256);
    CHECK(p.fits);
    CHECK_EQ_U(p.new_free_index, (256ul << 12) >> 4);
}

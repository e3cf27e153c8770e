/* Host tests: the kernel formatter keeps seL4's kernel printf conventions. */
#include "../../kernel/include/printf.h"
#include "harness.h"

HOST_TEST(KPRINTF0001)
{
    char b[128];
    ksnprintf(b, sizeof(b), "%p|%p", (void *)0, (void *)0xffffff801fe0b400ul);
    CHECK_STR(b, "0|0xffffff801fe0b400");
    ksnprintf(b, sizeof(b), "[%-18p]", (void *)0x401234);
    CHECK_STR(b, "[0x401234          ]");
    ksnprintf(b, sizeof(b), "@%lx #%lu %d %i %u", 0x401a6bul, 77ul, -5, 42, 7u);
    CHECK_STR(b, "@401a6b #77 -5 42 7");
}

/* The column formats of seL4_DebugDumpScheduler. */
HOST_TEST(KPRINTF0002)
{
    char b[160];
    ksnprintf(b, sizeof(b), "%-40s   %-16s   %-18p   %4lu", "rootserver", "running",
              (void *)0x401234, 255ul);
    CHECK_STR(b, "rootserver                                 running            0x401234              255");
    const char *volatile null_str = NULL; /* hidden from the format checker */
    ksnprintf(b, sizeof(b), "%-4s|%4s|%04x|%#x|%x|%s|%.3s|%c%%", "Prio", "Dom", 0x2a, 0x2a, 0u,
              null_str, "abcdef", 'z');
    CHECK_STR(b, "Prio| Dom|002a|0x2a|0|(null)|abc|z%");
}

HOST_TEST(KPRINTF0003)
{
    char b[8];
    int n = ksnprintf(b, sizeof(b), "%s", "truncated text");
    CHECK_EQ_U(n, 14);
    CHECK_STR(b, "truncat");
    n = ksnprintf(b, 0, "x");
    CHECK_EQ_U(n, 1);
    ksnprintf(b, sizeof(b), "%ld", -9223372036854775807l - 1);
    CHECK_STR(b, "-922337");
}

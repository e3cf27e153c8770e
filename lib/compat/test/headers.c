/*
 * Compile test for the seL4 compatibility headers (lib/compat/include):
 * every header, every macro family, built with -Werror by `make`.  It is
 * linked as a loader-started program too, so the sel4runtime and helper
 * functions it references must exist.
 */
#include <utils/util.h> /* first: it sets ZF_LOG_LEVEL before <utils/zf_log.h> is read */
#include <assert.h>
#include <autoconf.h>
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <sel4runtime.h>
#include <sel4utils/helpers.h>
#include <sel4utils/sel4_zf_logif.h>
#include <sel4utils/util.h>
#include <utils/attribute.h>
#include <utils/zf_log.h>
#include <vspace/page.h>

compile_time_assert(bit_is_a_long, sizeof(BIT(3)) == sizeof(long));
compile_time_assert(stack_alignment, STACK_CALL_ALIGNMENT == 16);

static int table[5] UNUSED;
static int ctor_ran;

/* Mark that constructors run. */
static void CONSTRUCTOR(150) note_constructor(void)
{
    ctor_ran = 1;
}

/* A thread entry of the sel4utils type. */
static void entry(void *a, void *b, void *c)
{
    (void)a;
    (void)b;
    (void)c;
}

/* Use every macro family once; returns 0 when all values are as seL4's libraries give them. */
int compat_selftest(void)
{
    static char stack[4096] ALIGN(16);
    seL4_UserContext regs = {0};
    int bad = 0;
    bad |= ARRAY_SIZE(table) != 5;
    bad |= MIN(3, 4) != 3 || MAX(3ul, 4ul) != 4 || ROUND_UP(5, 4) != 8 || ROUND_DOWN(5, 4) != 4;
    bad |= DIV_ROUND_UP(9, 4) != 3 || !IS_ALIGNED(64ul, 6) || IS_ALIGNED(65ul, 6);
    bad |= ALIGN_UP(5ul, 8ul) != 8 || LOG_BASE_2(4096ul) != 12 || !IS_POWER_OF_2(64);
    bad |= MASK(4) != 0xf || BIT(5) != 32 || NS_IN_MS != 1000000ull;
    bad |= strcmp(STRINGIFY(seL4_PageBits), "12") != 0;
    sel4utils_set_instruction_pointer(&regs, 0x1234);
    sel4utils_set_stack_pointer(&regs, 0x5678);
    bad |= sel4utils_get_instruction_pointer(regs) != 0x1234 || sel4utils_get_sp(regs) != 0x5678;
    bad |= sel4utils_arch_init_local_context(entry, (void *)1, (void *)2, (void *)3,
                                             stack + sizeof(stack), &regs) != 0;
    bad |= regs.rsp != (seL4_Word)(stack + sizeof(stack) - 8) || regs.rdi != 1 || regs.rdx != 3;
    bad |= strcmp(sel4_strerror(seL4_InvalidCapability), "seL4_InvalidCapability") != 0;
    bad |= strcmp(sel4_strfault(seL4_Fault_VMFault), "seL4_Fault_VMFault") != 0;
    bad |= !ctor_ran || sel4runtime_get_tls_size() == 0;
    ZF_LOGD("debug messages are compiled out at level %d", ZF_LOG_LEVEL); /* never printed */
    ZF_LOGE_IF(bad, "compat self-test: %d", bad);
    ZF_LOGE_IFERR(seL4_NoError, "never printed");
    (void)platsupport_get_bootinfo;
    (void)sel4runtime_process_name;
    return bad;
}

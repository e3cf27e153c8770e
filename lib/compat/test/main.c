/*
 * Root task that runs the compatibility self-test (headers.c) and prints
 * lines in the formats seL4's libraries print, for tests/tutorials.sh to
 * match: ZF_LOG's "func@file:line message", the IFERR and IF prefixes, and
 * the sel4runtime and platsupport answers of a root task.
 */
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <sel4runtime.h>
#include <sel4utils/util.h>
#include <stdio.h>
#include <string.h>

int compat_selftest(void);

int main(void)
{
    int bad = compat_selftest();
    bad |= platsupport_get_bootinfo() == NULL || sel4runtime_bootinfo() != platsupport_get_bootinfo();
    bad |= strcmp(sel4runtime_process_name(), "rootserver") != 0 || sel4runtime_argc() != 1;
    ZF_LOGE("zf_log says %d", 42);
    ZF_LOGE_IFERR(seL4_InvalidCapability, "an seL4 error");
    ZF_LOGE_IF(bad == 0, "a condition");
    ZF_LOGI("info messages are compiled out");
    printf("compat self-test: %s\n", bad ? "FAILED" : "passed");
    seL4_DebugHalt();
    return 0;
}

/*
 * The user runtime (the role of seL4's sel4runtime): static TLS for the
 * initial thread, the IPC-buffer pointer, constructors, main(argc, argv),
 * and a clear stop when main returns.  Two entries: __mica_start_root for
 * the root task (crt0.S, seL4's boot protocol) and __mica_start_process
 * for a program the system loader started (crt0_process.S, argc/argv/envp/
 * auxv on the stack as in lib/libc/include/mica/startup.h).
 */
#include <mica/console.h>
#include <mica/image.h>
#include <mica/startup.h>
#include <sel4/sel4.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "runtime.h"

#define TLS_AREA_SIZE 8192
extern void (*__init_array_start[])(int, char **, char **);
extern void (*__init_array_end[])(int, char **, char **);
int main(int argc, char **argv);

/* The TCB cap a thread stops itself with when its main returns (0: none known). */
seL4_CPtr __mica_self_tcb = seL4_CapInitThreadTCB;

struct mica_runtime __mica_runtime = {.name = "rootserver"};

static unsigned char tls_area[TLS_AREA_SIZE] __attribute__((aligned(64)));
static const seL4_Word no_auxv[2] = {0, 0};

/* Find the PT_TLS program header in our own image and record the TLS layout. */
static void find_tls_segment(void)
{
    const mica_elf_phdr_t *ph = mica_image_phdrs();
    struct mica_runtime *rt = &__mica_runtime;
    rt->tls_align = 16;
    for (unsigned i = 0; i < mica_image_phnum(); i++) {
        if (ph[i].p_type == MICA_PT_TLS) {
            rt->tls_image = (const void *)ph[i].p_vaddr;
            rt->tls_filesz = ph[i].p_filesz;
            rt->tls_align = ph[i].p_align > 16 ? ph[i].p_align : 16;
            rt->tls_block = (ph[i].p_memsz + rt->tls_align - 1) & ~(rt->tls_align - 1);
        }
    }
}

uintptr_t __mica_tls_size(void)
{
    return __mica_runtime.tls_block + __mica_runtime.tls_align + sizeof(uintptr_t);
}

/*
 * x86-64 TLS (variant II): the block sits just below the thread pointer, and
 * the word at the thread pointer points to itself.  Returns the thread pointer.
 */
uintptr_t __mica_write_tls(void *memory)
{
    const struct mica_runtime *rt = &__mica_runtime;
    uintptr_t tp = ((uintptr_t)memory + rt->tls_block + rt->tls_align - 1) & ~(rt->tls_align - 1);
    memset((void *)(tp - rt->tls_block), 0, rt->tls_block);
    if (rt->tls_image != NULL) {
        memcpy((void *)(tp - rt->tls_block), rt->tls_image, rt->tls_filesz);
    }
    *(uintptr_t *)tp = tp;
    return tp;
}

/* Give the initial thread its static TLS; halts the machine if the segment does not fit. */
static void setup_static_tls(void)
{
    find_tls_segment();
    if (__mica_tls_size() > TLS_AREA_SIZE) {
        seL4_DebugPutString("mica runtime: TLS segment too large\n");
        seL4_DebugHalt();
    }
    __mica_runtime.initial_tp = __mica_write_tls(tls_area);
    seL4_SetTLSBase(__mica_runtime.initial_tp);
}

/* Run the constructors, then main; never returns. */
static _Noreturn void run_main(void)
{
    struct mica_runtime *rt = &__mica_runtime;
    for (void (**f)(int, char **, char **) = __init_array_start; f < __init_array_end; f++) {
        (*f)(rt->argc, rt->argv, rt->envp);
    }
    exit(main(rt->argc, rt->argv));
}

/* Called by crt0 on the root task's own stack. */
_Noreturn void __mica_start_root(seL4_BootInfo *bi)
{
    static char *argv[] = {"rootserver", NULL};
    static char *envp[] = {NULL};
    struct mica_runtime *rt = &__mica_runtime;
    setup_static_tls();
    seL4_SetIPCBuffer(bi->ipcBuffer);
    seL4_InitBootInfo(bi);
    rt->bootinfo = bi;
    rt->self_tcb = seL4_CapInitThreadTCB;
    rt->argc = 1;
    rt->argv = argv;
    rt->envp = envp;
    rt->auxv = no_auxv;
    run_main();
}

/* The last path component of path. */
static const char *base_name(const char *path)
{
    const char *name = path;
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '/') {
            name = p + 1;
        }
    }
    return name;
}

/* Called by crt0_process with RSP as the loader left it: argc, argv, envp, auxv. */
_Noreturn void __mica_start_process(seL4_Word *stack)
{
    struct mica_runtime *rt = &__mica_runtime;
    rt->argc = (int)stack[0];
    rt->argv = (char **)&stack[1];
    rt->envp = &rt->argv[rt->argc + 1];
    char **env_end = rt->envp;
    while (*env_end != NULL) {
        env_end++;
    }
    rt->auxv = (const seL4_Word *)(env_end + 1);
    rt->name = rt->argc > 0 && rt->argv[0] != NULL ? base_name(rt->argv[0]) : "program";
    rt->self_tcb = 0;
    setup_static_tls();
    for (const seL4_Word *a = rt->auxv; a[0] != 0; a += 2) {
        if (a[0] == MICA_AT_SEL4_IPC_BUFFER_PTR) {
            seL4_SetIPCBuffer((seL4_IPCBuffer *)a[1]);
        } else if (a[0] == MICA_AT_SELF_TCB) {
            rt->self_tcb = a[1];
        }
    }
    __mica_self_tcb = rt->self_tcb;
    run_main();
}

/*
 * main returned or exit() was called: run the exit callbacks, say so, then
 * suspend this thread.  Without a TCB cap, give the CPU away forever instead
 * (invoking a missing cap would fault).
 */
_Noreturn void __mica_exit_thread(int code)
{
    struct mica_runtime *rt = &__mica_runtime;
    if (rt->pre_exit_cb != NULL) {
        code = rt->pre_exit_cb(code);
    }
    if (rt->exit_cb != NULL) {
        rt->exit_cb(code);
    }
    if (__mica_self_tcb != 0) {
        printf("%s: main returned %d; suspending this thread (it will not run again)\n", rt->name,
               code);
        seL4_TCB_Suspend(__mica_self_tcb);
    } else {
        printf("%s: main returned %d; this thread now only yields\n", rt->name, code);
    }
    for (;;) {
        seL4_Yield();
    }
}

/*
 * The user runtime (the role of seL4's sel4runtime) for a root task: static
 * TLS for the initial thread, the IPC-buffer pointer, bootinfo, constructors,
 * main(argc, argv), and a clear stop when main returns.
 */
#include <mica/console.h>
#include <sel4/sel4.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define TLS_AREA_SIZE 8192
#define PT_TLS 7

/* The parts of the ELF64 headers the runtime reads (our own definitions; no <elf.h>). */
typedef struct {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

extern const Elf64_Ehdr __ehdr_start;
extern void (*__init_array_start[])(int, char **, char **);
extern void (*__init_array_end[])(int, char **, char **);
int main(int argc, char **argv);

/* The TCB cap a thread stops itself with when its main returns. */
seL4_CPtr __mica_self_tcb = seL4_CapInitThreadTCB;
static const char *program_name = "rootserver";

static unsigned char tls_area[TLS_AREA_SIZE] __attribute__((aligned(64)));

/*
 * x86-64 TLS (variant II): the block sits just below the thread pointer, and
 * the word at the thread pointer points to itself.  Returns the thread pointer.
 */
static uintptr_t setup_static_tls(void)
{
    const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
    const Elf64_Phdr *tls = NULL;
    for (int i = 0; i < __ehdr_start.e_phnum; i++) {
        if (ph[i].p_type == PT_TLS) {
            tls = &ph[i];
        }
    }
    uintptr_t align = (tls && tls->p_align > 16) ? tls->p_align : 16;
    uintptr_t memsz = tls ? (tls->p_memsz + align - 1) & ~(align - 1) : 0;
    uintptr_t tp = ((uintptr_t)tls_area + memsz + align - 1) & ~(align - 1);
    if (tp + sizeof(uintptr_t) > (uintptr_t)tls_area + TLS_AREA_SIZE) {
        seL4_DebugPutString("mica runtime: TLS segment too large\n");
        seL4_DebugHalt();
    }
    if (tls) {
        memcpy((void *)(tp - memsz), (const void *)tls->p_vaddr, tls->p_filesz);
    }
    *(uintptr_t *)tp = tp;
    return tp;
}

/* Called by crt0 on the root task's own stack. */
_Noreturn void __mica_start_root(seL4_BootInfo *bi)
{
    seL4_SetTLSBase(setup_static_tls());
    seL4_SetIPCBuffer(bi->ipcBuffer);
    seL4_InitBootInfo(bi);
    char *argv[] = {(char *)program_name, NULL};
    char *envp[] = {NULL};
    for (void (**f)(int, char **, char **) = __init_array_start; f < __init_array_end; f++) {
        (*f)(1, argv, envp);
    }
    exit(main(1, argv));
}

/* main returned or exit() was called: say so, then suspend this thread. */
_Noreturn void __mica_exit_thread(int code)
{
    printf("%s: main returned %d; suspending this thread (it will not run again)\n",
           program_name, code);
    seL4_TCB_Suspend(__mica_self_tcb);
    for (;;) {
        seL4_Yield();
    }
}

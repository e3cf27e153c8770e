/*
 * <sel4runtime/auxv.h>: the auxiliary vector a program finds on its initial
 * stack after argv and envp (pairs of type and value, ending with AT_NULL).
 * The type numbers are the ELF ones plus sel4runtime's seL4-specific ones.
 */
#pragma once

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_SYSINFO 32

#define AT_SEL4_BOOT_INFO 64
#define AT_SEL4_CSPACE_DESCRIPTOR 65
#define AT_SEL4_VSYSCALL 66
#define AT_SEL4_IPC_BUFFER_PTR 67
#define AT_SEL4_IPC_BUFFER 68
#define AT_SEL4_TCB 69
#define AT_SEL4_CNODE 70
#define AT_SEL4_VSPACE 71
#define AT_SEL4_ASID_POOL 72

/* One entry: 16 bytes on x86-64. */
typedef struct {
    int a_type;
    union {
        long a_val;
        void *a_ptr;
        void (*a_fnc)(void);
    } a_un;
} auxv_t;

/*
 * x86-64 constants shared with generic code through kernel/arch/arch.h.
 *
 * Virtual memory map (DESIGN §4.1), all in PML4 slot 511:
 *
 *   0x0000000000000000 .. 0x00007fffffffffff   user (USER_TOP = 0x7fffffffffff)
 *   0xffffff8000000000 .. +510 GiB             PPTR_BASE: window onto physical
 *                                               memory (PDPT entries 0..509);
 *                                               kernel objects are addressed here
 *   0xffffffff80000000 .. +1 GiB               KERNEL_ELF_BASE - PHYS_LOAD: the kernel
 *                                               image (PDPT entry 510), physical 0..1 GiB
 *
 * Physical: the kernel is loaded at PHYS_LOAD (1 MiB) by the multiboot loader.
 */
#pragma once

#define PPTR_BASE 0xffffff8000000000ul
#define PPTR_WINDOW_MAX_GIB 510ul
#define KERNEL_OFFSET 0xffffffff80000000ul
#define PHYS_LOAD 0x100000ul
#define USER_TOP 0x00007ffffffffffful
#define KERNEL_STACK_BITS 14 /* the one kernel stack: 16 KiB */
#define PAGE_BITS 12
#define LARGE_PAGE_BITS 21
#define HUGE_PAGE_BITS 30

/* GDT selectors (seL4's layout): NULL 0, CS0 1, DS0 2, TSS 3-4, CS3 5, DS3 6, FS 7, GS 8. */
#define SEL_CS_0 0x08
#define SEL_DS_0 0x10
#define SEL_TSS 0x18
#define SEL_CS_3 0x2b
#define SEL_DS_3 0x33

/*
 * Saved user context, one word per register, in seL4's internal order
 * (seL4-abi.md §6).  Error == -1 marks a thread that entered by `syscall`
 * and may leave by `sysretq`; otherwise it leaves by `iretq`.
 */
#define REG_RDI 0
#define REG_RSI 1
#define REG_RAX 2
#define REG_RBX 3
#define REG_RBP 4
#define REG_R12 5
#define REG_R13 6
#define REG_R14 7
#define REG_RDX 8
#define REG_R10 9
#define REG_R8 10
#define REG_R9 11
#define REG_R15 12
#define REG_FLAGS 13
#define REG_NEXTIP 14
#define REG_ERROR 15
#define REG_RSP 16
#define REG_FAULTIP 17
#define REG_R11 18
#define REG_RCX 19
#define REG_CS 20
#define REG_SS 21
#define REG_FS_BASE 22
#define REG_GS_BASE 23
#define N_CONTEXT_REGS 24

/* RFLAGS bits */
#define FLAGS_IF 0x200ul
#define FLAGS_TF 0x100ul
#define FLAGS_DF 0x400ul
#define FLAGS_NT 0x4000ul
#define FLAGS_AC 0x40000ul
#define FLAGS_USER_DEFAULT 0x202ul /* IF | reserved bit 1 */

/* The IPC-buffer registers: capRegister/badgeRegister = RDI, msgInfoRegister = RSI. */
#define REG_CAP REG_RDI
#define REG_BADGE REG_RDI
#define REG_MSGINFO REG_RSI
#define N_MSG_REGISTERS 4 /* R10, R8, R9, R15 */

/* Interrupt vectors (seL4 pc99): IRQs 0x20.., timer 157, software traps 158..254. */
#define IRQ_VECTOR_BASE 0x20
#define VECTOR_TIMER 157
#define VECTOR_SW_TRAP_MIN 158
#define VECTOR_SW_TRAP_MAX 254

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * A thread's debug-register state (CONFIG_HARDWARE_DEBUG_API; all zero and
 * unused without it).  Zero is "no breakpoints, no single stepping", so a
 * freshly retyped TCB needs no set-up.  Written only by debug.c, through
 * the TCB invocations, the #DB handler and fault replies.
 */
typedef struct x86_debug_state {
    uint64_t dr[4];          /* DR0-DR3: breakpoint linear addresses */
    uint64_t dr7;            /* DR7's enable, R/W and LEN fields (no reserved bits) */
    uint64_t n_instructions; /* single step: steps left before the next fault */
    uint32_t used;           /* seL4's used_breakpoints_bf: bit n = register n in use */
    uint32_t single_step;    /* 1: RFLAGS.TF is forced on whenever the thread runs */
} x86_debug_state_t;

/*
 * Per-thread architectural state, the first member of tcb_t.  The FXSAVE
 * area must be 16-byte aligned; tcb_t starts 1 KiB into the TCB object.
 */
typedef struct arch_tcb {
    uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE image */
    uint64_t regs[N_CONTEXT_REGS];
    x86_debug_state_t debug;
} arch_tcb_t;

/* Offset of regs inside tcb_t (traps.S saves syscall state through it). */
#define ARCH_TCB_REGS_OFFSET 512
#endif

/* Message registers MR0..MR3 in register order (msgRegisters[] of seL4). */
#define MSG_REGISTER_LIST {REG_R10, REG_R8, REG_R9, REG_R15}

/*
 * seL4_UserContext order (seL4-abi.md §6): the 18 "frame" registers, then
 * the 2 "gp" registers.  Read/Write/CopyRegisters use these tables.
 */
#define N_FRAME_REGISTERS 18
#define N_GP_REGISTERS 2
#define FRAME_REGISTER_LIST                                                              \
    {REG_FAULTIP, REG_RSP, REG_FLAGS, REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI,       \
     REG_RDI, REG_RBP, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14,      \
     REG_R15}
#define GP_REGISTER_LIST {REG_FS_BASE, REG_GS_BASE}

/*
 * How a program that the system loader starts finds its world
 * (lib/crt/crt0_process.S and runtime.c read it; loader/ and tools/sdc
 * write it).  At _start, RSP is 16-byte aligned and points at
 *
 *     argc, argv[0] .. argv[argc-1], 0, envp[0] .. 0, auxv pairs .., AT_NULL 0
 *
 * as sel4runtime's _start expects.  The other registers are 0.  The auxv
 * pairs use sel4runtime's numbers (<sel4runtime/auxv.h>) plus one of Mica's:
 */
#pragma once

#define MICA_AT_PHDR 3
#define MICA_AT_PHENT 4
#define MICA_AT_PHNUM 5
#define MICA_AT_PAGESZ 6
#define MICA_AT_SEL4_IPC_BUFFER_PTR 67 /* where the IPC buffer is mapped */
/* A cap to the program's own TCB, as a CPtr in its CSpace (the runtime suspends the
 * thread with it when main returns).  Not AT_SEL4_TCB, which would make sel4runtime
 * rename the thread. */
#define MICA_AT_SELF_TCB 0x4d01

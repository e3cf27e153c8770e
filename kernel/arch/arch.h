/*
 * The hooks generic kernel code uses to reach the architecture.  Each
 * architecture provides kernel/arch/<arch>/arch_defs.h (constants, register
 * numbers, arch_tcb_t), found through the one -Ikernel/arch/$(ARCH) include
 * path, and implements every function below in kernel/arch/<arch>/.
 */
#pragma once

#include "arch_defs.h"
#include "../include/types.h"

struct tcb;
struct cte;
struct cap;

/* ---- console ---- */
void arch_console_putchar(char c);

/* ---- machine control ---- */
/* Stop the machine for good (interrupts off); under QEMU also end the emulator. */
NORETURN void arch_halt(void);
/* Read the CPU's time stamp counter. */
word_t arch_read_tsc(void);

/* ---- threads ---- */
/* Prepare a new thread's context: user segments, flags, iret exit path. */
void arch_init_user_context(struct tcb *t);
/* Leave the kernel into thread t (sysret or iret). Never returns. */
NORETURN void arch_restore_user_context(struct tcb *t);
/* Switch FPU state and address space from the current thread to t. */
void arch_switch_to_thread(struct tcb *from, struct tcb *to);
/* Run the idle loop until the next interrupt. Never returns. */
NORETURN void arch_idle(void);
/* The restart PC (FaultIP) and stack pointer of a thread. */
word_t arch_get_restart_pc(const struct tcb *t);
word_t arch_get_sp(const struct tcb *t);
/* A TCB is going away: drop any per-CPU reference to it (FPU owner, loaded debug registers). */
void arch_forget_thread(struct tcb *t);
/* A register value written by user level, made safe (canonical IPs, user RFLAGS). */
word_t arch_sanitise_register(int reg, word_t v);
/* After Write/CopyRegisters on a thread that is not running: leave through iretq. */
void arch_post_modify_registers(struct tcb *t);
/* The thread's FPU may not be used (seL4_TCBFlag_fpuDisabled) or may again. */
void arch_fpu_flags_changed(struct tcb *t);
/* Set the thread's TLS base (FS base on x86-64). */
void arch_set_tls_base(struct tcb *t, word_t base);

/* ---- hardware debug API (CONFIG_HARDWARE_DEBUG_API only; seL4's machine/debug.h) ---- */
/* A breakpoint register as TCB_GetBreakpoint reports it (seL4_BreakpointType, ...Access). */
typedef struct arch_breakpoint {
    word_t vaddr, type, size, rw;
    bool enabled;
} arch_breakpoint_t;
/* SetBreakpoint's arch checks, after the generic ones: the register number, sizes. */
enum exception arch_decode_set_breakpoint(word_t bp_num, word_t size);
/* GetBreakpoint's and UnsetBreakpoint's check of the register number. */
enum exception arch_decode_breakpoint_num(word_t bp_num);
/* ConfigureSingleStepping's arch checks (is_reply: a single-step fault reply). */
enum exception arch_decode_configure_single_stepping(struct tcb *t, word_t bp_num, word_t n,
                                                     bool is_reply);
/* Program register bp_num of t (arguments checked) and enable it. */
void arch_set_breakpoint(struct tcb *t, word_t bp_num, word_t vaddr, word_t type, word_t size,
                         word_t rw);
arch_breakpoint_t arch_get_breakpoint(const struct tcb *t, word_t bp_num);
/* Disable register bp_num of t and clear its settings. */
void arch_unset_breakpoint(struct tcb *t, word_t bp_num);
/* Fault every n instructions (0: stop stepping); returns seL4's bp_was_consumed. */
bool arch_configure_single_stepping(struct tcb *t, word_t bp_num, word_t n, bool is_reply);
/* Mark register bp_num of t in use or free (seL4's used-breakpoints bitfield). */
void arch_set_breakpoint_used(struct tcb *t, word_t bp_num, bool used);

/* ---- address spaces ---- */
/*
 * Read one word of user memory at vaddr through the page tables of the
 * thread's VSpace; false if unmapped, not user-readable or misaligned.
 */
bool arch_read_user_word(const struct tcb *t, vptr_t vaddr, word_t *out);
/* Would switching to t load its own VSpace (a PML4 that still owns its ASID)? */
bool arch_fastpath_vspace_ok(const struct tcb *t);
/* Kernel-window pointer to thread t's IPC buffer, or NULL (no usable frame cap). */
word_t *arch_lookup_ipc_buffer(const struct tcb *t, bool is_receiver);

/* ---- boot: the root task's address space (seL4's create_it_address_space) ---- */
/* Number of paging structures below the root needed to map [start, end). */
word_t arch_boot_paging_count(vptr_t start, vptr_t end);
/* Make the VSpace root at root_pptr (zeroed) and return its cap (ASID 1 of pool 0). */
struct cap arch_boot_make_vspace(word_t root_pptr, word_t pool_pptr);
/*
 * Create the paging structures for [start, end) from zeroed pages handed out
 * by next_page() (highest levels first) and return each one's cap via emit().
 */
void arch_boot_map_paging(struct cap root, vptr_t start, vptr_t end, word_t (*next_page)(void),
                          void (*emit)(struct cap c));
/* Map a 4 KiB frame at vaddr (tables must exist); returns its mapped frame cap. */
struct cap arch_boot_map_frame(struct cap root, word_t frame_pptr, vptr_t vaddr, bool write,
                               bool exec);
/* Arch caps of the initial CSpace: ASID control and pool, I/O port control. */
void arch_boot_initial_caps(struct cte *cnode, word_t pool_pptr);

/* ---- arch capabilities (the odd cap tags) and objects ---- */
struct derive_ret;
struct finalise_ret;
struct derive_ret arch_derive_cap(struct cte *slot, struct cap cap);
struct finalise_ret arch_finalise_cap(struct cap cap, bool final);
bool arch_same_region_as(struct cap a, struct cap b);
bool arch_same_object_as(struct cap a, struct cap b);
struct cap arch_mask_cap_rights(word_t rights, struct cap cap);
/* Size bits of an arch object type (seL4_X86_4K ...), 0 if not an arch type. */
word_t arch_get_object_size(word_t type);
bool arch_is_frame_type(word_t type);
struct cap arch_create_object(word_t type, word_t region, bool device);
/* Invocations of arch caps (frames, paging structures, ASIDs, I/O ports); call: a Call, not a Send. */
enum exception arch_decode_invocation(word_t label, word_t length, word_t cptr, struct cte *slot,
                                      struct cap cap, bool call, word_t *buffer);
/* Acknowledge the interrupt being handled. */
void arch_ack_interrupt(void);
/* Is an interrupt waiting?  Long kernel operations stop at a preemption point if so. */
bool arch_irq_pending(void);

/* ---- physical memory window ---- */
static inline word_t paddr_to_pptr(paddr_t p) { return p + PPTR_BASE; }
static inline paddr_t pptr_to_paddr(word_t v) { return v - PPTR_BASE; }

/*
 * Helpers for the fault tests (faults*.c): bounded receipt of fault
 * messages by the root task, failure records for helper threads, CNodes
 * that serve as a thread's own CSpace, exact checks of a fault message, and
 * small assembly stubs that fault at known addresses.
 *
 * Threads come from thread_helpers.h (helper_create/helper_start, in the
 * root CSpace and VSpace); a test gives one its fault endpoint with
 * fh_set_fault_ep or its own CSpace with fh_set_space.  Waiting: the root
 * lowers itself to FH_WAIT_PRIO (at or below every thread it waits for) and
 * polls with seL4_NBRecv / seL4_Yield until a TSC deadline.
 *
 * A note on seL4_NBRecv and reply caps: every Recv/NBRecv on an endpoint
 * first deletes the caller's reply cap, so the root must reply (or
 * CNode_SaveCaller) before it polls an endpoint again.
 */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>

#include "thread_helpers.h"

/* The root's priority while it waits; helpers of the fault tests run at or above it. */
#define FH_WAIT_PRIO 100
/* How long a wait for one fault (or one reply's effect) may take before the test gives
 * up; FH_LONG_TIMEOUT_MS for waits on whole computations (256 port faults, FPU work). */
#define FH_TIMEOUT_MS 1000
#define FH_LONG_TIMEOUT_MS 5000

/* A message info word the kernel never delivers (length 127 > seL4_MsgMaxLength). */
#define FH_NO_MESSAGE (~0ul)

/* ---- failures seen by helper threads ---------------------------------------- */

/* Forget an earlier thread failure (call at the start of a test). */
void fh_reset(void);
/* Record the first failure a helper thread saw (later ones are dropped). */
void fh_thread_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The first recorded thread failure, or NULL. */
const char *fh_failure(void);

/* In a helper thread: record and return 1 unless `cond` holds. */
#define FH_CHECK(cond)                                                            \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fh_thread_fail(__FILE__, __LINE__, "%s", #cond);                      \
            return 1;                                                             \
        }                                                                         \
    } while (0)

/* In a helper thread: record and return 1 unless `got` == `want`. */
#define FH_CHECK_EQ(got, want)                                                    \
    do {                                                                          \
        seL4_Word g_ = (seL4_Word)(got), w_ = (seL4_Word)(want);                  \
        if (g_ != w_) {                                                           \
            fh_thread_fail(__FILE__, __LINE__, "%s = %#lx, expected %#lx", #got,  \
                           (unsigned long)g_, (unsigned long)w_);                 \
            return 1;                                                             \
        }                                                                         \
    } while (0)

/* In the root: return the recorded thread failure, if any. */
#define FH_TRY_THREADS()                                                          \
    do {                                                                          \
        const char *f_ = fh_failure();                                            \
        if (f_) {                                                                 \
            return systest_reason("helper thread: %s", f_);                       \
        }                                                                         \
    } while (0)

/* ---- the root waiting ------------------------------------------------------- */

/* Root priority FH_WAIT_PRIO (helpers get the CPU while the root polls). */
const char *fh_root_wait_prio(void);
/*
 * Poll `ep` (seL4_NBRecv, seL4_Yield in between) until a message arrives;
 * *info and *badge (either may be NULL) get it, MR0..3 are also stored in
 * the IPC buffer.  A reason after `ms` milliseconds.
 */
const char *fh_recv(seL4_CPtr ep, seL4_Word ms, seL4_MessageInfo_t *info, seL4_Word *badge);
/* Yield for `ms` milliseconds and fail if a message arrives on `ep` meanwhile. */
const char *fh_expect_silence(seL4_CPtr ep, seL4_Word ms);

/* ---- threads, CSpaces ------------------------------------------------------- */

/* Set a helper's fault-endpoint CPtr, keeping the root CSpace and VSpace. */
const char *fh_set_fault_ep(seL4_CPtr tcb, seL4_Word fault_ep);
/* TCB_SetSpace(tcb, fault_ep, cspace, cspace_data, root VSpace). */
const char *fh_set_space(seL4_CPtr tcb, seL4_Word fault_ep, seL4_CPtr cspace,
                         seL4_Word cspace_data);
/* A new CNode of 2^radix slots (*cnode, no guard) and a copy of its cap with a
 * guard of `guard_bits` bits holding `guard` (*guarded), both in fresh root slots. */
const char *fh_cnode(seL4_Word radix, seL4_Word guard, seL4_Word guard_bits, seL4_CPtr *cnode,
                     seL4_CPtr *guarded);
/* Copy root slot `src` into (dest, index, depth) with `rights` and (if badge != 0)
 * a badge. */
const char *fh_put(seL4_CPtr dest, seL4_Word index, seL4_Word depth, seL4_CPtr src,
                   seL4_CapRights_t rights, seL4_Word badge);
/* Start thread `tcb` (stopped, or waiting for a fault reply) with exactly the
 * registers in *ctx: WriteRegisters of all 20, then Resume. */
const char *fh_start_regs(seL4_CPtr tcb, const seL4_UserContext *ctx);

/* FH_STACKS small stacks for threads started with fh_start_regs. */
#define FH_STACKS 4
#define FH_STACK 4096
/* The top of stack i (16-byte aligned). */
seL4_Word fh_stack_top(unsigned i);
/* A register context for fh_start_regs: `rip`, RSP 64 bytes below the top of stack
 * `stack`, RFLAGS 0x202, FS base `tls_base`, RAX..R15 = 0x1100 + their index in
 * seL4_UserContext (so that a misplaced value is easy to recognise). */
void fh_regs_init(seL4_UserContext *ctx, void *rip, unsigned stack, seL4_Word tls_base);

/* ---- message checks (root side) ---------------------------------------------- */

/* Reason unless the message has `label`, `length` MRs and MR i == mrs[i] for i < n
 * (MRs read from the IPC buffer: the caller's last receive stored them there). */
const char *fh_check_msg(const char *file, int line, seL4_MessageInfo_t info, seL4_Word label,
                         seL4_Word length, const seL4_Word *mrs, int n);

/* Return from the test unless the message is `label`, `length`, MRs 0.. = the rest. */
#define FH_EXPECT_MSG(info, label, length, ...)                                   \
    do {                                                                          \
        const seL4_Word mrs_[] = {__VA_ARGS__};                                   \
        const char *r_ = fh_check_msg(__FILE__, __LINE__, (info), (label), (length), \
                                      mrs_, (int)(sizeof(mrs_) / sizeof(mrs_[0]))); \
        if (r_) {                                                                 \
            return r_;                                                            \
        }                                                                         \
    } while (0)

/* The printable name of a fault label. */
const char *fh_fault_name(seL4_Word label);

/* The RFLAGS value the kernel makes of `v` (seL4's sanitiseRegister for FLAGS). */
static inline seL4_Word fh_sanitise_flags(seL4_Word v)
{
    v |= 0x2 | 0x200;             /* bit 1 and IF set */
    v &= ~(0x8ul | 0x20 | 0x100); /* bits 3, 5 and TF clear */
    return v & 0xfff;             /* 12 bits */
}

/* An address nothing is mapped at in the root VSpace (sel4test's BAD_VADDR). */
#define FH_BAD_VADDR 0x7EDCBA987650ul
/* x86 page-fault error-code bits (FSR). */
#define FSR_P 0x1
#define FSR_W 0x2
#define FSR_U 0x4
#define FSR_ID 0x10

/* ---- sel4test's PAGEFAULT tests (faults.c; faults_vspace.c runs them across
 * address spaces) ---------------------------------------------------------------- */

enum fault_kind {
    FAULT_DATA_READ_PAGEFAULT = 1,
    FAULT_DATA_WRITE_PAGEFAULT = 2,
    FAULT_INSTRUCTION_PAGEFAULT = 3,
    FAULT_BAD_SYSCALL = 4,
    FAULT_BAD_INSTRUCTION = 5,
};
/* Handler flags (sel4test packs them into the reply-cap argument). */
#define HANDLER_BADGED 1
#define HANDLER_RESTART 2
#define EXPECTED_BADGE 0xabababa

/* The faulter's part: cause fault `kind`; 0 if the handler's repair took effect. */
seL4_Word pf_cause_fault(seL4_Word kind);
/* The handler's part: receive one fault on `ep`, check it, repair thread `tcb`
 * with Read/WriteRegisters, reply if HANDLER_RESTART; 0 if all checks held. */
seL4_Word pf_handle_fault(seL4_Word ep, seL4_Word tcb, seL4_Word kind, seL4_Word flags);

/* ---- assembly stubs (fault_helpers.c): entry points for fh_start_regs ----------
 * Each stub's faulting instruction has its own label; after the fault a stub
 * records what it sees in fh_after[] and ends with a second `ud2` at a label
 * of its own (fh_*_end), which shows up as a UserException at that address. */
extern char fh_sys_insn[], fh_sys_after[], fh_sys_end[];
extern char fh_ud2_insn[], fh_ud2_after[], fh_ud2_end[];
extern char fh_read_insn[], fh_read_after[], fh_read_end[];
extern char fh_write_insn[], fh_write_after[], fh_write_end[];
extern char fh_div_insn[], fh_div_end[];
extern char fh_in_insn[], fh_in_after[], fh_in_end[];
extern char fh_out_insn[], fh_out_end[];
extern char fh_hlt_insn[], fh_hlt_end[];
extern char fh_int3_insn[], fh_int3_after[], fh_int3_end[];
extern char fh_int32_insn[], fh_int32_end[];
extern char fh_int200_insn[], fh_int200_after[], fh_int200_end[];
extern char fh_x87_start[], fh_x87_insn[], fh_x87_end[];
extern char fh_sse_start[], fh_sse_insn[], fh_sse_end[];
extern char fh_fpu_insn[], fh_fpu_after[], fh_fpu_end[];
/*
 * What a stub recorded after its fault was handled, in the UnknownSyscall
 * message order: 0 RAX, 1 RBX, 2 RCX, 3 RDX, 4 RSI, 5 RDI, 6 RBP, 7-14
 * R8-R15, 16 RSP (as resumed), 17 RFLAGS.  fh_after_stack is the stack the
 * stub switches to before it reads RFLAGS.
 */
extern volatile seL4_Word fh_after[18];
extern seL4_Word fh_after_stack;
/*
 * fh_raw_receiver(ep): a receiver that needs no IPC buffer and no stack (start it
 * with fh_start_regs, RDI = the endpoint).  It loops on seL4_Recv and stores each
 * message's registers in fh_raw_msg: 0 RSI (info), 1 RDI (badge), 2-5 MR0-MR3
 * (R10, R8, R9, R15), and counts messages in fh_raw_msg[6].
 */
extern char fh_raw_receiver[];
extern volatile seL4_Word fh_raw_msg[7];

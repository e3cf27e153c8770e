/*
 * SYSCALL0000-0017 (sel4test-driver's syscall.c): no syscall disturbs a
 * register the ABI does not give to it.  SYSCALLREG0001-0003: the same for
 * the "nothing pending" paths and through real IPC (blocking, waking, both
 * directions); SYSCALLREG0004: every register across timer preemption.
 *
 * Each check loads every general register from a table with a known value,
 * executes one `syscall` instruction in assembly (regs_syscall below) and
 * stores every register afterwards.  Then:
 *   - checked to be unchanged: RAX, RBX, RBP, R12, R13, R14 (named by no part
 *     of the non-MCS ABI) and RDX (the syscall number: seL4 restores it from
 *     the saved context);
 *   - checked to hold exactly what seL4 leaves there: RDI (cap in, badge
 *     out), RSI (message info), R10, R8, R9, R15 (MR0..3) - unchanged unless
 *     the syscall delivers a message or a badge, see each test;
 *   - not checked: RCX and R11 (`syscall` puts RIP and RFLAGS there) and RSP
 *     (seL4 returns with RSP = 0; the stub saves RSP in a thread-local word,
 *     so that RBX can be checked as well, and restores it itself).
 * Like sel4test, every check runs 10 times, with different values each time.
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"

/* Every general register but RSP, in the order the stub stores them. */
typedef struct regs {
    seL4_Word rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
} regs_t;

#define NREGS 15
static const char *const reg_names[NREGS] = {"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8",
                                             "R9",  "R10", "R11", "R12", "R13", "R14", "R15"};
enum { I_RAX, I_RBX, I_RCX, I_RDX, I_RSI, I_RDI, I_RBP, I_R8, I_R9, I_R10, I_R11, I_R12, I_R13,
       I_R14, I_R15 };

/* Load *in, syscall, store every register into *out (see the file comment). */
void regs_syscall(const regs_t *in, regs_t *out);

/* The stub's RSP across the syscall: per thread, so workers can use it at the same time. */
static __thread seL4_Word regs_saved_rsp __attribute__((used));

__asm__(".text\n"
        ".globl regs_syscall\n"
        ".type regs_syscall, @function\n"
        "regs_syscall:\n"
        "    pushq %rbx\n"
        "    pushq %rbp\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    pushq %rsi\n" /* out */
        "    movq %rsp, %fs:regs_saved_rsp@tpoff\n"
        "    movq 0(%rdi), %rax\n"
        "    movq 8(%rdi), %rbx\n"
        "    movq 16(%rdi), %rcx\n"
        "    movq 24(%rdi), %rdx\n"
        "    movq 32(%rdi), %rsi\n"
        "    movq 48(%rdi), %rbp\n"
        "    movq 56(%rdi), %r8\n"
        "    movq 64(%rdi), %r9\n"
        "    movq 72(%rdi), %r10\n"
        "    movq 80(%rdi), %r11\n"
        "    movq 88(%rdi), %r12\n"
        "    movq 96(%rdi), %r13\n"
        "    movq 104(%rdi), %r14\n"
        "    movq 112(%rdi), %r15\n"
        "    movq 40(%rdi), %rdi\n" /* last: it held the table's address */
        "    syscall\n"
        "    movq %fs:regs_saved_rsp@tpoff, %rsp\n"
        "    pushq %rdi\n"
        "    movq 8(%rsp), %rdi\n" /* out */
        "    movq %rax, 0(%rdi)\n"
        "    movq %rbx, 8(%rdi)\n"
        "    movq %rcx, 16(%rdi)\n"
        "    movq %rdx, 24(%rdi)\n"
        "    movq %rsi, 32(%rdi)\n"
        "    popq %rax\n" /* the RDI the kernel returned */
        "    movq %rax, 40(%rdi)\n"
        "    movq %rbp, 48(%rdi)\n"
        "    movq %r8, 56(%rdi)\n"
        "    movq %r9, 64(%rdi)\n"
        "    movq %r10, 72(%rdi)\n"
        "    movq %r11, 80(%rdi)\n"
        "    movq %r12, 88(%rdi)\n"
        "    movq %r13, 96(%rdi)\n"
        "    movq %r14, 104(%rdi)\n"
        "    movq %r15, 112(%rdi)\n"
        "    addq $8, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbp\n"
        "    popq %rbx\n"
        "    ret\n"
        ".size regs_syscall, . - regs_syscall\n");

/* A distinct value for register r in round i (high bits like sel4test's 0xdeadbeef...). */
static seL4_Word magic(int r, int i)
{
    return 0xdeadbeef00000000ul | ((seL4_Word)i << 16) | ((seL4_Word)r << 8) | 0x5a;
}

/* The input table of round i: every register magic, then the syscall's own inputs. */
static regs_t regs_for(int i, seL4_Word sys, seL4_Word rdi, seL4_Word rsi)
{
    seL4_Word *w;
    regs_t r;
    w = (seL4_Word *)&r;
    for (int k = 0; k < NREGS; k++) {
        w[k] = magic(k, i);
    }
    r.rdx = sys;
    r.rdi = rdi;
    r.rsi = rsi;
    return r;
}

/* Reason unless every register but RCX/R11 in `got` equals `want`. */
static const char *regs_compare(const char *what, int round, const regs_t *got, const regs_t *want)
{
    const seL4_Word *g = (const seL4_Word *)got, *w = (const seL4_Word *)want;
    for (int k = 0; k < NREGS; k++) {
        if (k == I_RCX || k == I_R11) {
            continue;
        }
        if (g[k] != w[k]) {
            return systest_reason("%s, round %d: %s = %#lx after the syscall, expected %#lx", what,
                                  round, reg_names[k], (unsigned long)g[k], (unsigned long)w[k]);
        }
    }
    return NULL;
}

/* One syscall with every register loaded; expect the inputs back except RDI/RSI as given. */
static const char *check_syscall(const char *what, int round, const regs_t *in, seL4_Word out_rdi,
                                 seL4_Word out_rsi)
{
    regs_t out, want = *in;
    regs_syscall(in, &out);
    want.rdi = out_rdi;
    want.rsi = out_rsi;
    return regs_compare(what, round, &out, &want);
}

#define ROUNDS 10
#define CNODE seL4_CapInitThreadCNode

/* A message info word for an empty message / four MRs. */
#define INFO0 (seL4_MessageInfo_new(0, 0, 0, 0).words[0])
#define INFO4 (seL4_MessageInfo_new(0, 0, 0, 4).words[0])
/* The reply to a Call on a CNode cap with label 0: IllegalOperation, no MRs, badge 0. */
#define ILLEGAL_OP_REPLY (seL4_MessageInfo_new(seL4_IllegalOperation, 0, 0, 0).words[0])

/* A syscall that returns nothing: every register but RCX/R11 unchanged. */
static const char *check_unchanged(const char *what, seL4_Word sys, seL4_Word rdi, seL4_Word rsi)
{
    for (int i = 0; i < ROUNDS; i++) {
        regs_t in = regs_for(i, sys, rdi, rsi);
        TRY(check_syscall(what, i, &in, rdi, rsi));
    }
    return NULL;
}

SYSTEST(SYSCALL0000)
{
    return check_unchanged("Yield", (seL4_Word)seL4_SysYield, 0, 0);
}

/* Send to the root CNode cap with label 0: IllegalOperation, dropped for a Send. */
SYSTEST(SYSCALL0001)
{
    return check_unchanged("Send (CNode, label 0)", (seL4_Word)seL4_SysSend, CNODE, INFO0);
}

SYSTEST(SYSCALL0002)
{
    return check_unchanged("NBSend (CNode, label 0)", (seL4_Word)seL4_SysNBSend, CNODE, INFO0);
}

/* Reply with no caller cap: nothing happens. */
SYSTEST(SYSCALL0003)
{
    return check_unchanged("Reply (no caller)", (seL4_Word)seL4_SysReply, 0, INFO0);
}

/* Signal (libsel4: Send with info (0,0,0,1)) on the CNode cap. */
SYSTEST(SYSCALL0004)
{
    return check_unchanged("Signal (CNode)", (seL4_Word)seL4_SysSend, CNODE,
                           seL4_MessageInfo_new(0, 0, 0, 1).words[0]);
}

/* Call on the CNode cap: the error reply writes RDI = 0 and RSI = its info, no MRs. */
static const char *check_call(const char *what, seL4_Word info)
{
    for (int i = 0; i < ROUNDS; i++) {
        regs_t in = regs_for(i, (seL4_Word)seL4_SysCall, CNODE, info);
        TRY(check_syscall(what, i, &in, 0, ILLEGAL_OP_REPLY));
    }
    return NULL;
}

SYSTEST(SYSCALL0005)
{
    return check_call("Call (CNode, label 0)", INFO0);
}

/* Prints ten spaces, then a newline (outside the check) so the verdict starts a line. */
SYSTEST(SYSCALL0006)
{
    const char *why = check_unchanged("DebugPutChar", (seL4_Word)seL4_SysDebugPutChar, ' ', 0);
    seL4_DebugPutChar('\n');
    return why;
}

/* A receive on a notification signalled through a cap with `badge` before each round:
 * only RDI changes (to the badge); RSI and the MR registers are not written. */
static const char *check_ntfn_recv(const char *what, seL4_Word sys, seL4_Word badge)
{
    seL4_CPtr ntfn, signal_cap;
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, badge, &signal_cap));
    for (int i = 0; i < ROUNDS; i++) {
        seL4_Signal(signal_cap);
        regs_t in = regs_for(i, sys, ntfn, magic(I_RSI, i));
        TRY(check_syscall(what, i, &in, badge, in.rsi));
    }
    return NULL;
}

SCRATCH_TEST(SYSCALL0010)
{
    return check_ntfn_recv("Recv (signalled notification)", (seL4_Word)seL4_SysRecv, 0x1234);
}

/* ReplyRecv: the reply half finds no caller, the receive half takes the signal. */
SCRATCH_TEST(SYSCALL0011)
{
    return check_ntfn_recv("ReplyRecv (signalled notification)", (seL4_Word)seL4_SysReplyRecv,
                           0x4321);
}

SCRATCH_TEST(SYSCALL0012)
{
    return check_ntfn_recv("NBRecv (signalled notification)", (seL4_Word)seL4_SysNBRecv, 0x99);
}

/* Wait (master: Recv); here through an unbadged signal, so RDI comes back 0. */
SCRATCH_TEST(SYSCALL0013)
{
    return check_ntfn_recv("Wait (signalled notification, badge 0)", (seL4_Word)seL4_SysRecv, 0);
}

/* The *WithMRs variants: four MRs in R10, R8, R9, R15 (their magic values). */
SYSTEST(SYSCALL0014)
{
    return check_unchanged("SendWithMRs (CNode)", (seL4_Word)seL4_SysSend, CNODE, INFO4);
}

SYSTEST(SYSCALL0015)
{
    return check_unchanged("NBSendWithMRs (CNode)", (seL4_Word)seL4_SysNBSend, CNODE, INFO4);
}

SYSTEST(SYSCALL0016)
{
    return check_unchanged("ReplyWithMRs (no caller)", (seL4_Word)seL4_SysReply, 0, INFO4);
}

SYSTEST(SYSCALL0017)
{
    return check_call("CallWithMRs (CNode, label 0)", INFO4);
}

/*
 * SYSCALLREG0001: nothing pending.  NBRecv on an idle notification and on an
 * idle endpoint sets RDI = 0 and leaves everything else, RSI included, as it
 * was (seL4's doNBRecvFailedTransfer writes only the badge register).
 */
SCRATCH_TEST(SYSCALLREG0001)
{
    seL4_CPtr ntfn, ep;
    TRY(new_notification(&ntfn));
    TRY(new_endpoint(&ep));
    for (int i = 0; i < ROUNDS; i++) {
        regs_t in = regs_for(i, (seL4_Word)seL4_SysNBRecv, ntfn, magic(I_RSI, i));
        TRY(check_syscall("NBRecv (idle notification)", i, &in, 0, in.rsi));
        in = regs_for(i, (seL4_Word)seL4_SysNBRecv, ep, magic(I_RSI, i));
        TRY(check_syscall("NBRecv (idle endpoint)", i, &in, 0, in.rsi));
    }
    return NULL;
}

/* ---- through real IPC ---------------------------------------------------------- */

#define REG_ROUNDS 20
#define SERVER_BADGE 0xb0b0ul

/* The message of round i: label, four MRs; the reply: label + 1, MRs inverted. */
static seL4_Word round_label(int i)
{
    return 0x700 + (seL4_Word)i;
}

/* Client: Call `ep` with every register loaded; check what comes back. */
static seL4_Word reg_client(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    for (int i = 0; i < REG_ROUNDS; i++) {
        regs_t in = regs_for(i, (seL4_Word)seL4_SysCall, ep,
                             seL4_MessageInfo_new(round_label(i), 0, 0, 4).words[0]);
        regs_t out, want = in;
        regs_syscall(&in, &out);
        want.rdi = 0; /* replies carry badge 0 */
        want.rsi = seL4_MessageInfo_new(round_label(i) + 1, 0, 0, 4).words[0];
        want.r10 = ~in.r10;
        want.r8 = ~in.r8;
        want.r9 = ~in.r9;
        want.r15 = ~in.r15;
        const char *why = regs_compare("client Call", i, &out, &want);
        if (why) {
            return (seL4_Word)why;
        }
    }
    return 0;
}

/* Server: Recv, then ReplyRecv with the inverted MRs, every register loaded each time. */
static seL4_Word reg_server(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    regs_t in = regs_for(100, (seL4_Word)seL4_SysRecv, ep, magic(I_RSI, 100));
    for (int i = 0; i < REG_ROUNDS; i++) {
        regs_t out, want;
        regs_syscall(&in, &out);
        /* What the client's round i sent, as seL4 delivers it. */
        regs_t sent = regs_for(i, 0, 0, 0);
        want = in;
        want.rdi = SERVER_BADGE;
        want.rsi = seL4_MessageInfo_new(round_label(i), 0, 0, 4).words[0];
        want.r10 = sent.r10;
        want.r8 = sent.r8;
        want.r9 = sent.r9;
        want.r15 = sent.r15;
        const char *why = regs_compare(i == 0 ? "server Recv" : "server ReplyRecv", i, &out, &want);
        if (why) {
            return (seL4_Word)why;
        }
        /* Reply to round i and wait for round i + 1 (the last reply is a plain Reply). */
        in = regs_for(200 + i, (seL4_Word)(i + 1 < REG_ROUNDS ? seL4_SysReplyRecv : seL4_SysReply),
                      ep, seL4_MessageInfo_new(round_label(i) + 1, 0, 0, 4).words[0]);
        in.r10 = ~sent.r10;
        in.r8 = ~sent.r8;
        in.r9 = ~sent.r9;
        in.r15 = ~sent.r15;
    }
    regs_t out;
    regs_syscall(&in, &out); /* the last Reply: returns nothing */
    return (seL4_Word)regs_compare("server Reply", REG_ROUNDS, &out, &in);
}

/*
 * SYSCALLREG0002: Call and Recv/ReplyRecv between two threads, with the
 * server higher (it blocks in Recv first and is woken by each Call) and then
 * the client higher (it blocks in Call and is woken by each reply).  Both
 * sides see exactly the message registers, badge and info seL4 delivers and
 * every other register as it was.
 */
IPC_TEST(SYSCALLREG0002)
{
    (void)self;
    seL4_CPtr ep, badged;
    TRY(new_endpoint(&ep));
    TRY(mint_new(ep, seL4_AllRights, SERVER_BADGE, &badged));
    for (int order = 0; order < 2; order++) {
        worker_t server, client;
        TRY(worker_run(&server, order ? 100 : 110, reg_server, ep, 0, 0, 0));
        TRY(worker_run(&client, order ? 110 : 100, reg_client, badged, 0, 0, 0));
        const char *why = worker_join(&client);
        if (why) {
            return systest_reason("%s higher: %s", order ? "client" : "server", why);
        }
        why = worker_join(&server);
        if (why) {
            return systest_reason("%s higher: %s", order ? "client" : "server", why);
        }
    }
    return NULL;
}

/* A thread that Sends with every register loaded and blocks until received. */
static seL4_Word reg_blocked_sender(seL4_Word ep, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a1, (void)a2, (void)a3;
    for (int i = 0; i < REG_ROUNDS; i++) {
        regs_t in = regs_for(i, (seL4_Word)seL4_SysSend, ep,
                             seL4_MessageInfo_new(round_label(i), 0, 0, 4).words[0]);
        regs_t out;
        regs_syscall(&in, &out);
        const char *why = regs_compare("blocked Send", i, &out, &in);
        if (why) {
            return (seL4_Word)why;
        }
    }
    return 0;
}

/* A thread that waits on a notification with every register loaded. */
static seL4_Word reg_blocked_waiter(seL4_Word ntfn, seL4_Word badge, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    for (int i = 0; i < REG_ROUNDS; i++) {
        regs_t in = regs_for(i, (seL4_Word)seL4_SysRecv, ntfn, magic(I_RSI, i));
        regs_t out, want = in;
        regs_syscall(&in, &out);
        want.rdi = badge;
        const char *why = regs_compare("blocked Wait", i, &out, &want);
        if (why) {
            return (seL4_Word)why;
        }
    }
    return 0;
}

/*
 * SYSCALLREG0003: blocking and being woken later.  A lower-priority sender
 * blocks in Send until main receives; a waiter blocks on a notification until
 * main signals.  The sender gets every register back unchanged (a Send
 * returns nothing), the waiter only a new RDI (the badge).
 */
IPC_TEST(SYSCALLREG0003)
{
    (void)self;
    seL4_CPtr ep, ntfn, signal_cap;
    TRY(new_endpoint(&ep));
    TRY(new_notification(&ntfn));
    TRY(mint_new(ntfn, seL4_AllRights, 0x77, &signal_cap));
    worker_t sender, waiter;
    TRY(worker_run(&sender, MAIN_PRIO - 1, reg_blocked_sender, ep, 0, 0, 0));
    TRY(worker_run(&waiter, MAIN_PRIO - 1, reg_blocked_waiter, ntfn, 0x77, 0, 0));
    for (int i = 0; i < REG_ROUNDS; i++) {
        /* Let both block (they are lower: they run only when main waits). */
        seL4_Word badge;
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
        EXPECT_EQ(seL4_MessageInfo_get_label(info), round_label(i));
        EXPECT_EQ(seL4_MessageInfo_get_length(info), 4);
        EXPECT_EQ(seL4_GetMR(0), magic(I_R10, i));
        EXPECT_EQ(seL4_GetMR(3), magic(I_R15, i));
        seL4_Signal(signal_cap);
    }
    TRY(worker_join(&sender));
    return worker_join(&waiter);
}

/* ---- across preemption ------------------------------------------------------------ */

/* Iterations each spinner makes (about 40 ms in QEMU, four time slices), and a
 * counter both spinners bump on every iteration. */
#define SPIN_ITERATIONS 4000000
#define STR_(x) #x
#define STR(x) STR_(x)
static volatile seL4_Word spin_global __attribute__((used));
static __thread seL4_Word spin_left __attribute__((used));
static __thread seL4_Word spin_rsp_after __attribute__((used));

/* Load *in, spin SPIN_ITERATIONS times touching only memory, store every register
 * into *out (RSP as found after the loop into spin_rsp_after). */
void regs_spin(const regs_t *in, regs_t *out);

__asm__(".text\n"
        ".globl regs_spin\n"
        ".type regs_spin, @function\n"
        "regs_spin:\n"
        "    pushq %rbx\n"
        "    pushq %rbp\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    pushq %rsi\n"
        "    movq %rsp, %fs:regs_saved_rsp@tpoff\n"
        "    movq $" STR(SPIN_ITERATIONS) ", %fs:spin_left@tpoff\n"
        "    movq 0(%rdi), %rax\n"
        "    movq 8(%rdi), %rbx\n"
        "    movq 16(%rdi), %rcx\n"
        "    movq 24(%rdi), %rdx\n"
        "    movq 32(%rdi), %rsi\n"
        "    movq 48(%rdi), %rbp\n"
        "    movq 56(%rdi), %r8\n"
        "    movq 64(%rdi), %r9\n"
        "    movq 72(%rdi), %r10\n"
        "    movq 80(%rdi), %r11\n"
        "    movq 88(%rdi), %r12\n"
        "    movq 96(%rdi), %r13\n"
        "    movq 104(%rdi), %r14\n"
        "    movq 112(%rdi), %r15\n"
        "    movq 40(%rdi), %rdi\n"
        "1:  incq spin_global(%rip)\n"
        "    decq %fs:spin_left@tpoff\n"
        "    jnz 1b\n"
        "    movq %rsp, %fs:spin_rsp_after@tpoff\n"
        "    movq %fs:regs_saved_rsp@tpoff, %rsp\n"
        "    pushq %rdi\n"
        "    movq 8(%rsp), %rdi\n"
        "    movq %rax, 0(%rdi)\n"
        "    movq %rbx, 8(%rdi)\n"
        "    movq %rcx, 16(%rdi)\n"
        "    movq %rdx, 24(%rdi)\n"
        "    movq %rsi, 32(%rdi)\n"
        "    popq %rax\n"
        "    movq %rax, 40(%rdi)\n"
        "    movq %rbp, 48(%rdi)\n"
        "    movq %r8, 56(%rdi)\n"
        "    movq %r9, 64(%rdi)\n"
        "    movq %r10, 72(%rdi)\n"
        "    movq %r11, 80(%rdi)\n"
        "    movq %r12, 88(%rdi)\n"
        "    movq %r13, 96(%rdi)\n"
        "    movq %r14, 104(%rdi)\n"
        "    movq %r15, 112(%rdi)\n"
        "    addq $8, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbp\n"
        "    popq %rbx\n"
        "    ret\n"
        ".size regs_spin, . - regs_spin\n");

/* Spin with every register loaded (round `id`); reason unless all came back, RCX and
 * R11 included (an interrupt preserves everything); *others = the other spinner's
 * iterations during ours. */
static seL4_Word spinner(seL4_Word id, seL4_Word others_ptr, seL4_Word a2, seL4_Word a3)
{
    (void)a2, (void)a3;
    regs_t in = regs_for(300 + (int)id, 0x1111, 0x2222, 0x3333), out;
    seL4_Word before = spin_global;
    regs_spin(&in, &out);
    *(volatile seL4_Word *)others_ptr = spin_global - before - (seL4_Word)SPIN_ITERATIONS;
    const seL4_Word *g = (const seL4_Word *)&out, *w = (const seL4_Word *)&in;
    for (int k = 0; k < NREGS; k++) {
        if (g[k] != w[k]) {
            return (seL4_Word)systest_reason("spinner %lu: %s = %#lx after the loop, expected %#lx",
                                             (unsigned long)id, reg_names[k], (unsigned long)g[k],
                                             (unsigned long)w[k]);
        }
    }
    if (spin_rsp_after != regs_saved_rsp) {
        return (seL4_Word)systest_reason("spinner %lu: RSP = %#lx after the loop, expected %#lx",
                                         (unsigned long)id, (unsigned long)spin_rsp_after,
                                         (unsigned long)regs_saved_rsp);
    }
    return 0;
}

/*
 * SYSCALLREG0004: two threads of equal priority spin without syscalls, so the
 * timer preempts them in turn (each sees the other's iterations during its
 * own loop); every register, RSP, RCX and R11 included, survives.
 */
IPC_TEST(SYSCALLREG0004)
{
    (void)self;
    static volatile seL4_Word others[2];
    worker_t s[2];
    for (int i = 0; i < 2; i++) {
        others[i] = 0;
        TRY(worker_run(&s[i], 100, spinner, (seL4_Word)i, (seL4_Word)&others[i], 0, 0));
    }
    for (int i = 0; i < 2; i++) {
        TRY(worker_join(&s[i]));
    }
    if (others[0] == 0 || others[1] == 0) {
        return systest_reason("no preemption seen: the spinners saw %lu and %lu of the other's "
                              "iterations during their own loops",
                              (unsigned long)others[0], (unsigned long)others[1]);
    }
    return NULL;
}

/*
 * libsel4 syscall wrappers against a fake kernel.
 *
 * Each test forks; the child installs a seccomp filter that turns every
 * `syscall` whose RDX holds a seL4 syscall number (-30..-1) into SIGSYS.
 * The SIGSYS handler plays the kernel: it records the registers of the
 * x86-64 seL4 convention (RDX number, RDI cap, RSI info, R10/R8/R9/R15
 * MR0..3), writes an answer into them, and returns the way seL4's sysret
 * path does: RSP = 0, RCX and R11 overwritten.  So a wrapper that does not
 * keep RSP in RBX, or lets the compiler trust RCX/R11, crashes here.
 * Where seccomp is unavailable the tests pass without running (a note goes
 * to stderr).
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <sel4/sel4.h>

#include "harness.h"

/* The registers of one seL4 syscall as the fake kernel sees them. */
typedef struct {
    long sys;
    seL4_Word rdi, rsi, mr[4];
} fake_regs_t;

static fake_regs_t seen;    /* what the last syscall passed in */
static fake_regs_t answer;  /* what the kernel writes back (sys != 0: do it) */
static int syscalls_seen;
static seL4_IPCBuffer fake_buffer;

/* SIGSYS handler: the fake kernel. */
static void fake_kernel(int sig, siginfo_t *info, void *context)
{
    greg_t *g = ((ucontext_t *)context)->uc_mcontext.gregs;

    (void)sig;
    (void)info;
    syscalls_seen++;
    seen.sys = (long)g[REG_RDX];
    seen.rdi = (seL4_Word)g[REG_RDI];
    seen.rsi = (seL4_Word)g[REG_RSI];
    seen.mr[0] = (seL4_Word)g[REG_R10];
    seen.mr[1] = (seL4_Word)g[REG_R8];
    seen.mr[2] = (seL4_Word)g[REG_R9];
    seen.mr[3] = (seL4_Word)g[REG_R15];
    if (answer.sys != 0) {
        g[REG_RDI] = (greg_t)answer.rdi;
        g[REG_RSI] = (greg_t)answer.rsi;
        g[REG_R10] = (greg_t)answer.mr[0];
        g[REG_R8] = (greg_t)answer.mr[1];
        g[REG_R9] = (greg_t)answer.mr[2];
        g[REG_R15] = (greg_t)answer.mr[3];
    }
    g[REG_RSP] = 0;
    g[REG_RCX] = (greg_t)0xdeadbeefdeadbeefull;
    g[REG_R11] = 0x202;
}

/* Trap syscalls whose RDX is in [-30, -1]; let everything else through
 * (rt_sigreturn always, whatever RDX holds then). */
static int install_fake_kernel(void)
{
    static char alt_stack[1 << 16];
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigreturn, 5, 0),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2]) + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xffffffe2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};
    stack_t stack = {.ss_sp = alt_stack, .ss_size = sizeof(alt_stack)};
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    action.sa_sigaction = fake_kernel;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    if (sigaltstack(&stack, NULL) != 0 || sigaction(SIGSYS, &action, NULL) != 0) {
        return -1;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        return -1;
    }
    return 0;
}

/* End the child with exit_group(code), with RDX cleared: a libc exit could
 * still hold a seL4 syscall number in RDX and be trapped by the filter. */
static void child_exit(int code)
{
    asm volatile("syscall" : : "a"((long)SYS_exit_group), "D"((long)code), "d"(0L) : "rcx", "r11", "memory");
    __builtin_unreachable();
}

/* Run `body` in a child process under the fake kernel and carry its
 * verdict back.  Exit status 0 pass, 1 fail (message on the pipe), 2 no
 * seccomp. */
static void run_with_fake_kernel(void (*body)(void))
{
    int fds[2];
    pid_t pid;
    int status = 0;
    char msg[sizeof(host_fail_msg) + 64] = "";

    if (pipe(fds) != 0) {
        host_fail(__FILE__, __LINE__, "pipe failed");
        return;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (install_fake_kernel() != 0) {
            child_exit(2);
        }
        for (int i = 0; i < 128; i++) {
            ((seL4_Word *)&fake_buffer)[i] = 0x9900 + i;
        }
        seL4_SetIPCBuffer(&fake_buffer);
        body();
        if (host_fail_file != NULL) {
            int n = snprintf(msg, sizeof(msg), "%s:%d: %s", host_fail_file, host_fail_line, host_fail_msg);
            if (write(fds[1], msg, (size_t)n) < 0) {
                child_exit(3);
            }
            child_exit(1);
        }
        child_exit(0);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], msg, sizeof(msg) - 1);
    msg[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
        fprintf(stderr, "note: seccomp unavailable, libsel4 syscall test not run\n");
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        host_fail(__FILE__, __LINE__, "child: %s (status 0x%x)", msg[0] ? msg : "crashed", status);
    }
}

/* Answer the next syscall like a reply: badge, info and MR0..3. */
static void answer_with(seL4_Word badge, seL4_MessageInfo_t info, seL4_Word m0, seL4_Word m1, seL4_Word m2,
                        seL4_Word m3)
{
    answer = (fake_regs_t){1, badge, info.words[0], {m0, m1, m2, m3}};
}

/* Call: MR0..3 from the buffer out, reply MR0..3 into the buffer. */
static void body_call(void)
{
    seL4_MessageInfo_t reply;

    for (int i = 0; i < 6; i++) {
        seL4_SetMR(i, 0x10 + i);
    }
    answer_with(0, seL4_MessageInfo_new(seL4_InvalidCapability, 0, 0, 1), 3, 0, 0, 0);
    reply = seL4_Call(77, seL4_MessageInfo_new(UntypedRetype, 0, 1, 6));
    CHECK_EQ_U(syscalls_seen, 1);
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysCall);
    CHECK_EQ_U(seen.rdi, 77);
    CHECK_EQ_U(seen.rsi, 0x1086);
    CHECK_EQ_U(seen.mr[0], 0x10);
    CHECK_EQ_U(seen.mr[3], 0x13);
    CHECK_EQ_U(reply.words[0], 0x2001);
    CHECK_EQ_U(seL4_GetMR(0), 3);
    CHECK_EQ_U(seL4_GetMR(1), 0);
    CHECK_EQ_U(seL4_GetMR(4), 0x14); /* MR4 and up stay where they are */
}
HOST_TEST(LIBSEL4_0101)
{
    run_with_fake_kernel(body_call);
}

/* Recv: badge to *sender, MRs into the buffer; RecvWithMRs: to pointers. */
static void body_recv(void)
{
    seL4_Word badge = 0, m1 = 0, m3 = 0;
    seL4_MessageInfo_t info;

    answer_with(0xbad6e, seL4_MessageInfo_new(42, 0, 0, 4), 100, 101, 102, 103);
    info = seL4_Recv(5, &badge);
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysRecv);
    CHECK_EQ_U(seen.rdi, 5);
    CHECK_EQ_U(badge, 0xbad6e);
    CHECK_EQ_U(seL4_MessageInfo_get_label(info), 42);
    CHECK_EQ_U(seL4_GetMR(0), 100);
    CHECK_EQ_U(seL4_GetMR(3), 103);

    answer_with(7, seL4_MessageInfo_new(43, 0, 0, 4), 200, 201, 202, 203);
    info = seL4_RecvWithMRs(6, NULL, NULL, &m1, NULL, &m3);
    CHECK_EQ_U(seL4_MessageInfo_get_label(info), 43);
    CHECK_EQ_U(m1, 201);
    CHECK_EQ_U(m3, 203);
    CHECK_EQ_U(seL4_GetMR(0), 100); /* WithMRs leaves the buffer alone */

    answer_with(0, seL4_MessageInfo_new(0, 0, 0, 0), 0, 0, 0, 0);
    badge = 99;
    seL4_Poll(8, &badge);
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysNBRecv);
    CHECK_EQ_U(badge, 0);
}
HOST_TEST(LIBSEL4_0102)
{
    run_with_fake_kernel(body_recv);
}

/* Send family: registers in, nothing expected back. */
static void body_send(void)
{
    seL4_Word a = 1, c = 3;

    answer.sys = 0;
    seL4_SetMR(0, 0x55);
    seL4_Send(9, seL4_MessageInfo_new(1, 0, 0, 1));
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysSend);
    CHECK_EQ_U(seen.rdi, 9);
    CHECK_EQ_U(seen.mr[0], 0x55);
    seL4_NBSendWithMRs(10, seL4_MessageInfo_new(2, 0, 0, 3), &a, NULL, &c, NULL);
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysNBSend);
    CHECK_EQ_U(seen.mr[0], 1);
    CHECK_EQ_U(seen.mr[1], 0);
    CHECK_EQ_U(seen.mr[2], 3);
    seL4_Signal(11);
    CHECK_EQ_U(seen.rdi, 11);
    CHECK_EQ_U(seen.rsi, 1); /* MessageInfo(0, 0, 0, 1) */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 2));
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysReply);
    seL4_Yield();
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysYield);
    CHECK_EQ_U(syscalls_seen, 5);
}
HOST_TEST(LIBSEL4_0103)
{
    run_with_fake_kernel(body_send);
}

/* CallWithMRs sends 0 for MRs beyond the length and writes replies back. */
static void body_call_with_mrs(void)
{
    seL4_Word m0 = 5, m1 = 6, m2 = 7, m3 = 8;

    answer_with(0, seL4_MessageInfo_new(0, 0, 0, 1), 0x99, 0x98, 0x97, 0x96);
    seL4_CallWithMRs(12, seL4_MessageInfo_new(3, 0, 0, 2), &m0, &m1, &m2, &m3);
    CHECK_EQ_U(seen.mr[0], 5);
    CHECK_EQ_U(seen.mr[1], 6);
    CHECK_EQ_U(seen.mr[2], 0);
    CHECK_EQ_U(seen.mr[3], 0);
    CHECK_EQ_U(m0, 0x99);
    CHECK_EQ_U(m3, 0x96);
}
HOST_TEST(LIBSEL4_0104)
{
    run_with_fake_kernel(body_call_with_mrs);
}

/* Debug syscalls: argument in RDI, CapIdentify's result back in RDI, the
 * thread name copied (with its NUL) to the start of msg[]. */
static void body_debug(void)
{
    answer.sys = 0;
    seL4_DebugPutChar('Q');
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysDebugPutChar);
    CHECK_EQ_U(seen.rdi, 'Q');
    seL4_DebugPutString("ab");
    CHECK_EQ_U(seen.rdi, 'b');
    seL4_DebugNameThread(13, "worker");
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysDebugNameThread);
    CHECK_EQ_U(seen.rdi, 13);
    CHECK_STR((const char *)fake_buffer.msg, "worker");
    seL4_SetTLSBase(0x7000);
    CHECK_EQ_U((unsigned long)seen.sys, (unsigned long)seL4_SysSetTLSBase);
    CHECK_EQ_U(seen.rdi, 0x7000);
    answer_with(12, seL4_MessageInfo_new(0, 0, 0, 0), 0, 0, 0, 0);
    CHECK_EQ_U(seL4_DebugCapIdentify(1), 12);
    CHECK_EQ_U(seen.rdi, 1);
}
HOST_TEST(LIBSEL4_0105)
{
    run_with_fake_kernel(body_debug);
}

/* An invocation stub end to end: marshalling, error reply copied to msg[]. */
static void body_invocation(void)
{
    answer_with(0, seL4_MessageInfo_new(seL4_RangeError, 0, 0, 2), 1, 256, 0, 0);
    seL4_Error err = seL4_Untyped_Retype(20, seL4_EndpointObject, 0, 2, 0, 0, 30, 300);
    CHECK_EQ_U(err, seL4_RangeError);
    CHECK_EQ_U(seen.rdi, 20);
    CHECK_EQ_U(seen.rsi, 0x1086);
    CHECK_EQ_U(seen.mr[0], seL4_EndpointObject);
    CHECK_EQ_U(fake_buffer.caps_or_badges[0], 2);
    CHECK_EQ_U(fake_buffer.msg[4], 30);
    CHECK_EQ_U(fake_buffer.msg[5], 300);
    CHECK_EQ_U(seL4_GetMR(0), 1);
    CHECK_EQ_U(seL4_GetMR(1), 256);

    answer_with(0, seL4_MessageInfo_new(0, 0, 0, 1), 0x1234000, 0, 0, 0);
    seL4_X86_Page_GetAddress_t addr = seL4_X86_Page_GetAddress(21);
    CHECK_EQ_U(addr.error, 0);
    CHECK_EQ_U(addr.paddr, 0x1234000);
    CHECK_EQ_U(seen.rsi, seL4_MessageInfo_new(X86PageGetAddress, 0, 0, 0).words[0]);
}
HOST_TEST(LIBSEL4_0106)
{
    run_with_fake_kernel(body_invocation);
}

/*
 * The benchmark root task: runs each measurement between helper threads in
 * its own VSpace, or with the server in a second VSpace holding the same
 * image for sel4bench's different-vspace rows (priorities and directions as
 * sel4bench's), then the page mapping rows (vspace.c); prints a table and
 * sel4bench-style JSON, and halts.
 */
#include <stdbool.h>
#include <stdio.h>

#include "bench.h"

#define N BENCH_RUNS
#define STACK 16384

static char stack_a[STACK] __attribute__((aligned(16)));
static char stack_b[STACK] __attribute__((aligned(16)));
static char ipcbuf_a[4096] __attribute__((aligned(4096)));
static char ipcbuf_b[4096] __attribute__((aligned(4096)));

static uint64_t t_start[N], t_end[N], t_start2[N], t_end2[N];
static volatile int finished;
static seL4_CPtr ep, ntfn, done;
static seL4_Word msg_len;

/* Overhead of a stub: the NOP variant between the same counter reads; the minimum. */
static uint64_t overhead(seL4_Word sys)
{
    uint64_t min = ~0ull;
    for (int i = 0; i < N; i++) {
        uint64_t s = counter_before();
        bench_nop_syscall(sys, ep, 0, NULL, NULL);
        uint64_t e = counter_after();
        min = e - s < min ? e - s : min;
    }
    return min;
}

/* ---- IPC: Call client->server and ReplyRecv server->client ---- */
static void ipc_server(void)
{
    seL4_Word info = seL4_MessageInfo_new(0, 0, 0, msg_len).words[0];
    bench_syscall(seL4_SysRecv, ep, 0, NULL, NULL);
    for (int i = 0;; i++) {
        t_end[i % N] = counter_after();
        t_start2[i % N] = counter_before();
        bench_syscall(seL4_SysReplyRecv, ep, info, NULL, NULL);
    }
}

static void ipc_client(void)
{
    seL4_Word info = seL4_MessageInfo_new(0, 0, 0, msg_len).words[0];
    for (int i = 0; i < N; i++) {
        t_start[i] = counter_before();
        bench_syscall(seL4_SysCall, ep, info, NULL, NULL);
        t_end2[i] = counter_after();
    }
    bench_syscall(seL4_SysSend, done, 0, NULL, NULL);
    for (;;) {
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

/*
 * Start server (first, in first_vspace) and client (second, in the root's
 * VSpace); wait for the client's signal.  A server in another VSpace (from
 * bench_image_vspace) runs the same code on the same frames: its stack and
 * IPC buffer are stack_a and ipcbuf_a there too.
 */
static void run_pair_in(seL4_CPtr first_vspace, bool first_fpu, void (*first)(void), int p1,
                        void (*second)(void), int p2, bool buffers, seL4_CPtr fault_ep)
{
    seL4_Word buf_a = buffers ? (seL4_Word)ipcbuf_a : 0, buf_b = buffers ? (seL4_Word)ipcbuf_b : 0;
    bench_wait_for_tick();
    seL4_CPtr a = bench_thread_in(first_vspace, first, p1, stack_a + STACK, 0, buf_a,
                                  buffers ? bench_frame_cap_of(ipcbuf_a) : 0);
    seL4_CPtr b = bench_thread(second, p2, stack_b + STACK, fault_ep, buf_b,
                               buffers ? bench_frame_cap_of(ipcbuf_b) : 0);
    /* As sel4bench: the first thread (server/waiter) runs with the FPU disabled unless "(FPU)". */
    if (!first_fpu) {
        seL4_TCB_SetFlags(a, 0, seL4_TCBFlag_fpuDisabled);
    }
    seL4_Wait(done, NULL);
    bench_kill(b);
    bench_kill(a);
}

/* Both threads in the root's VSpace. */
static void run_pair(void (*first)(void), int p1, void (*second)(void), int p2, bool buffers,
                     seL4_CPtr fault_ep)
{
    run_pair_in(seL4_CapInitThreadVSpace, false, first, p1, second, p2, buffers, fault_ep);
}

static void diff(uint64_t *out, const uint64_t *end, const uint64_t *start)
{
    for (int i = 0; i < N; i++) {
        out[i] = end[i] - start[i];
    }
}

static void bench_ipc(void)
{
    static uint64_t d[N];
    msg_len = 0;
    run_pair(ipc_server, 254, ipc_client, 254, false, 0);
    diff(d, t_end, t_start);
    bench_report("seL4_Call client->server, same vspace, len 0",
                 "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"seL4_Call\", "
                 "\"Direction\": \"client->server\", \"Client Prio\": 254, \"Server Prio\": 254, "
                 "\"Same vspace?\": true, \"IPC length\": 0",
                 bench_compute(d, N, overhead(seL4_SysCall)));
    diff(d, t_end2, t_start2);
    bench_report("seL4_ReplyRecv server->client, same vspace, len 0",
                 "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"seL4_ReplyRecv\", "
                 "\"Direction\": \"server->client\", \"Client Prio\": 254, \"Server Prio\": 254, "
                 "\"Same vspace?\": true, \"IPC length\": 0",
                 bench_compute(d, N, overhead(seL4_SysReplyRecv)));
    msg_len = 10;
    run_pair(ipc_server, 254, ipc_client, 254, true, 0);
    diff(d, t_end, t_start);
    bench_report("seL4_Call client->server, same vspace, len 10",
                 "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"seL4_Call\", "
                 "\"Direction\": \"client->server\", \"Client Prio\": 254, \"Server Prio\": 254, "
                 "\"Same vspace?\": true, \"IPC length\": 10",
                 bench_compute(d, N, overhead(seL4_SysCall)));
    diff(d, t_end2, t_start2);
    bench_report("seL4_ReplyRecv server->client, same vspace, len 10",
                 "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"seL4_ReplyRecv\", "
                 "\"Direction\": \"server->client\", \"Client Prio\": 254, \"Server Prio\": 254, "
                 "\"Same vspace?\": true, \"IPC length\": 10",
                 bench_compute(d, N, overhead(seL4_SysReplyRecv)));
}

/* ---- Send (slowpath): client prio 253 -> server prio 254 waiting ---- */
static void send_server(void)
{
    for (int i = 0;; i++) {
        bench_syscall(seL4_SysRecv, ep, 0, NULL, NULL);
        t_end[i % N] = counter_after();
    }
}

static void send_client(void)
{
    for (int i = 0; i < N; i++) {
        t_start[i] = counter_before();
        bench_syscall(seL4_SysSend, ep, 0, NULL, NULL);
    }
    bench_syscall(seL4_SysSend, done, 0, NULL, NULL);
    for (;;) {
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

/* ---- Signal to a higher-priority waiter ---- */
static void signal_waiter(void)
{
    for (int i = 0;; i++) {
        bench_syscall(seL4_SysRecv, ntfn, 0, NULL, NULL);
        t_end[i % N] = counter_after();
    }
}

static void signal_sender(void)
{
    for (int i = 0; i < N; i++) {
        t_start[i] = counter_before();
        bench_syscall(seL4_SysSend, ntfn, seL4_MessageInfo_new(0, 0, 0, 1).words[0], NULL, NULL);
    }
    bench_syscall(seL4_SysSend, done, 0, NULL, NULL);
    for (;;) {
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

/* ---- Yield between two threads of equal priority ---- */
static void yield_b(void)
{
    bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    for (int i = 0;; i++) {
        t_end[i % N] = counter_after();
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

static void yield_a(void)
{
    for (int i = 0; i < N; i++) {
        t_start[i] = counter_before();
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
    bench_syscall(seL4_SysSend, done, 0, NULL, NULL);
    for (;;) {
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

/* ---- IPC with the server in another VSpace ---- */

/* One "One way IPC microbenchmarks" row; its label and JSON live in static storage. */
static void report_ipc(const char *function, bool to_server, int client_prio, int server_prio,
                       bool same_vspace, int len, uint64_t *samples, uint64_t ovh)
{
    static char labels[16][80], fields[16][256];
    static int used;
    if (used == 16) {
        return;
    }
    const char *dir = to_server ? "client->server" : "server->client";
    snprintf(labels[used], sizeof(labels[used]), "%s %s%s, %s vspace, len %d", function, dir,
             client_prio == server_prio ? "" : client_prio < server_prio ? " (253 -> 254)" : "",
             same_vspace ? "same" : "different", len);
    snprintf(fields[used], sizeof(fields[used]),
             "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"%s\", "
             "\"Direction\": \"%s\", \"Client Prio\": %d, \"Server Prio\": %d, "
             "\"Same vspace?\": %s, \"IPC length\": %d",
             function, dir, client_prio, server_prio, same_vspace ? "true" : "false", len);
    bench_report(labels[used], fields[used], bench_compute(samples, N, ovh));
    used++;
}

/*
 * sel4bench's different-vspace rows: Call and ReplyRecv of length 0 with the
 * server's FPU disabled and (FPU) enabled, Send (client 253 -> server 254),
 * Call and ReplyRecv of length 10.  The client (FPU enabled) stays in the
 * root's VSpace; the server runs in a second one holding the same image.
 */
static void bench_ipc_cross(void)
{
    static uint64_t call[N], call_fpu[N], reply[N], reply_fpu[N], d[N];
    seL4_CPtr vspace = bench_image_vspace();
    uint64_t call_ovh = overhead(seL4_SysCall), reply_ovh = overhead(seL4_SysReplyRecv);
    msg_len = 0;
    run_pair_in(vspace, false, ipc_server, 254, ipc_client, 254, false, 0);
    diff(call, t_end, t_start);
    diff(reply, t_end2, t_start2);
    run_pair_in(vspace, true, ipc_server, 254, ipc_client, 254, false, 0);
    diff(call_fpu, t_end, t_start);
    diff(reply_fpu, t_end2, t_start2);
    report_ipc("seL4_Call", true, 254, 254, false, 0, call, call_ovh);
    report_ipc("seL4_Call (FPU)", true, 254, 254, false, 0, call_fpu, call_ovh);
    report_ipc("seL4_ReplyRecv", false, 254, 254, false, 0, reply, reply_ovh);
    report_ipc("seL4_ReplyRecv (FPU)", false, 254, 254, false, 0, reply_fpu, reply_ovh);

    run_pair_in(vspace, false, send_server, 254, send_client, 253, false, 0);
    diff(d, t_end, t_start);
    report_ipc("seL4_Send", true, 253, 254, false, 0, d, overhead(seL4_SysSend));

    msg_len = 10;
    run_pair_in(vspace, false, ipc_server, 254, ipc_client, 254, true, 0);
    diff(d, t_end, t_start);
    report_ipc("seL4_Call", true, 254, 254, false, 10, d, call_ovh);
    diff(d, t_end2, t_start2);
    report_ipc("seL4_ReplyRecv", false, 254, 254, false, 10, d, reply_ovh);
}

/* ---- Fault: ud2 -> handler -> reply (FaultIP + 2) -> faulter continues ---- */
static void fault_handler(void)
{
    seL4_Word ip = 0;
    bench_syscall(seL4_SysRecv, ep, 0, NULL, &ip);
    for (int i = 0;; i++) {
        t_end2[i % N] = counter_after();           /* faulter -> handler ends */
        ip += 2;
        t_start2[i % N] = counter_before();        /* handler -> faulter starts */
        bench_syscall(seL4_SysReplyRecv, ep, seL4_MessageInfo_new(0, 0, 0, 1).words[0], NULL, &ip);
    }
}

static void faulter(void)
{
    for (int i = 0; i < N; i++) {
        t_start[i] = counter_before();
        __asm__ volatile("ud2" ::: "memory");
        t_end[i] = counter_after();
    }
    bench_syscall(seL4_SysSend, done, 0, NULL, NULL);
    for (;;) {
        bench_syscall(seL4_SysYield, 0, 0, NULL, NULL);
    }
}

static void bench_misc(void)
{
    static uint64_t d[N];
    run_pair(send_server, 254, send_client, 253, false, 0);
    diff(d, t_end, t_start);
    bench_report("seL4_Send client->server (prio 253 -> 254), len 0",
                 "\"Benchmark\": \"One way IPC microbenchmarks\", \"Function\": \"seL4_Send\", "
                 "\"Direction\": \"client->server\", \"Client Prio\": 253, \"Server Prio\": 254, "
                 "\"Same vspace?\": true, \"IPC length\": 0",
                 bench_compute(d, N, overhead(seL4_SysSend)));
    run_pair(signal_waiter, 254, signal_sender, 253, false, 0);
    diff(d, t_end, t_start);
    bench_report("Signal to high prio thread",
                 "\"Benchmark\": \"Signal overhead\", \"Function\": \"Signal to high prio thread\"",
                 bench_compute(d, N, overhead(seL4_SysSend)));
    run_pair(yield_a, 254, yield_b, 254, false, 0);
    diff(d, t_end, t_start);
    bench_report("Thread yield",
                 "\"Benchmark\": \"Scheduler overhead\", \"Function\": \"Thread yield\"",
                 bench_compute(d, N, overhead(seL4_SysYield)));
}

static void bench_fault(void)
{
    static uint64_t d[N];
    seL4_CPtr fault_ep = bench_alloc_slot();
    seL4_CNode_Copy(seL4_CapInitThreadCNode, fault_ep, 64, seL4_CapInitThreadCNode, ep, 64,
                    seL4_AllRights);
    run_pair(fault_handler, 252, faulter, 253, false, fault_ep);
    uint64_t nop = bench_counter_overhead();
    diff(d, t_end, t_start);
    bench_report("fault round trip", "\"Benchmark\": \"Fault\", \"Function\": \"fault round trip\"",
                 bench_compute(d, N, nop));
    diff(d, t_end2, t_start);
    bench_report("faulter -> fault handler",
                 "\"Benchmark\": \"Fault\", \"Function\": \"faulter -> fault handler\"",
                 bench_compute(d, N, nop));
    diff(d, t_end, t_start2);
    bench_report("fault handler -> faulter",
                 "\"Benchmark\": \"Fault\", \"Function\": \"fault handler -> faulter\"",
                 bench_compute(d, N, nop));
}

/* ---- A null kernel entry (seL4_SysBenchmarkNullSyscall, benchmark kernels only) ---- */
static void bench_null(void)
{
    static uint64_t d[N];
    bench_wait_for_tick();
    for (int i = 0; i < N; i++) {
        uint64_t s = counter_before();
        bench_syscall(seL4_SysBenchmarkNullSyscall, 0, 0, NULL, NULL);
        d[i] = counter_after() - s;
    }
    bench_report("Null syscall (kernel entry and exit)",
                 "\"Benchmark\": \"Hardware\", \"Function\": \"null_syscall\"",
                 bench_compute(d, N, overhead(seL4_SysBenchmarkNullSyscall)));
}

int main(void)
{
    printf("Mica benchmarks: %d samples per row, %d dropped as warm-up\n", N, BENCH_IGNORED);
    ep = bench_retype(seL4_EndpointObject, 0);
    ntfn = bench_retype(seL4_NotificationObject, 0);
    done = bench_retype(seL4_NotificationObject, 0);
    bench_null();
    bench_ipc();
    bench_misc();
    bench_ipc_cross();
    bench_fault();
    bench_mapping();
    bench_print_all();
    printf("All is well in the universe.\n");
    seL4_DebugHalt();
    return 0;
}
